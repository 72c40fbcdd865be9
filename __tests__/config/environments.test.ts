import { Testing } from 'cdktf';
import { environmentPrefix, loadConfig, loadConfiguration, selectedEnvironments, stateLocation, type ThreeTierConfig } from '../../src/config';
import { reviewStack } from '../../src/review/aspect';
import { EnvironmentStack } from '../../src/stacks/environment-stack';
import { resourcesOf } from '../support/stacks';
import { configDir, configErrorOf } from './helpers';

function synth(config: ThreeTierConfig): { json: string; errors: string[] } {
  const stack = new EnvironmentStack(Testing.app(), config.environment, config);
  const errors = reviewStack(stack)
    .filter((finding) => finding.severity === 'error')
    .map((finding) => finding.text);
  return { json: Testing.synth(stack), errors };
}

function namesOf(json: string, type: string): string[] {
  return Object.values(resourcesOf(json, type)).map((resource) => String(resource.name ?? resource.name_prefix ?? resource.identifier));
}

describe('environments from config files', () => {
  it('dev and prod exist with no files at all', () => {
    expect(selectedEnvironments({ configDir: configDir(), env: {} })).toEqual(['dev', 'prod']);
  });

  it('a staging file that extends prod is its own production stack with its own state and names', () => {
    const dir = configDir({ 'staging.json': { extends: 'prod', frontend: { minSize: 1, desiredCapacity: 1 }, dns: { domain: 'staging.example.com' } } });
    const { environments } = loadConfiguration({ configDir: dir, env: {} });
    expect(environments.map(({ config }) => config.environment)).toEqual(['dev', 'prod', 'staging']);
    const staging = loadConfig('staging', { configDir: dir, env: {} });
    expect(staging.production).toBe(true);
    expect(staging.frontend.minSize).toBe(1);
    // Inherited from prod, not dev.
    expect(staging.network.natMode).toBe('per-az');
    expect(staging.database.multiAz).toBe(true);
    expect(stateLocation(staging)).toEqual({ bucket: 'three-tier-tfstate-ap-northeast-2', key: 'three-tier/staging/terraform.tfstate', region: 'ap-northeast-2' });

    const { json, errors } = synth(staging);
    expect(errors).toEqual([]);
    expect(JSON.parse(json).terraform.backend.s3.key).toBe('three-tier/staging/terraform.tfstate');
    expect(namesOf(json, 'aws_lb')).toEqual(expect.arrayContaining(['three-tier-staging-frontend', 'three-tier-staging-backend']));
    expect(namesOf(json, 'aws_db_instance')).toEqual(['three-tier-staging-mysql']);
  });

  it('per-developer sandboxes: a chain dev <- sandbox <- sbx-alice, with variables of their own', () => {
    const dir = configDir({
      'sandbox.json': {
        extends: 'dev',
        network: { natMode: 'none', s3GatewayEndpoint: true },
        frontend: { image: '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/web:1' },
        backend: { image: '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/api:1' },
      },
      'sbx-alice.json': { extends: 'sandbox', network: { vpcCidr: '10.20.0.0/16' } },
      'sbx-bob.json': { extends: 'sandbox', network: { vpcCidr: '10.30.0.0/16' } },
    });
    const env = { [`${environmentPrefix('sbx-alice')}frontend__maxSize`]: '3' };
    expect(environmentPrefix('sbx-alice')).toBe('TT_SBX_ALICE__');
    const { environments } = loadConfiguration({ configDir: dir, env });
    expect(environments.map(({ definition }) => definition.chain)).toEqual([['dev'], ['prod'], ['dev', 'sandbox'], ['dev', 'sandbox', 'sbx-alice'], ['dev', 'sandbox', 'sbx-bob']]);
    const [alice, bob] = ['sbx-alice', 'sbx-bob'].map((name) => loadConfig(name, { configDir: dir, env }));
    expect(alice.production).toBe(false);
    expect(alice.network.natMode).toBe('none');
    expect(alice.network.vpcCidr).toBe('10.20.0.0/16');
    expect(alice.frontend.maxSize).toBe(3);
    expect(bob.frontend.maxSize).toBe(2);
    expect(stateLocation(alice).key).toBe('three-tier/sbx-alice/terraform.tfstate');
    expect(stateLocation(bob).key).toBe('three-tier/sbx-bob/terraform.tfstate');
    expect(namesOf(synth(alice).json, 'aws_lb')).toEqual(['three-tier-sbx-alice-alb']);
  });

  it('a second region with its own AZs, keeping its state in the project region', () => {
    const dir = configDir({ 'tokyo.json': { extends: 'prod', region: 'ap-northeast-1', availabilityZones: ['ap-northeast-1a', 'ap-northeast-1c'], dns: { domain: 'jp.example.com' } } });
    const tokyo = loadConfig('tokyo', { configDir: dir, env: {} });
    expect(stateLocation(tokyo)).toEqual({ bucket: 'three-tier-tfstate-ap-northeast-2', key: 'three-tier/tokyo/terraform.tfstate', region: 'ap-northeast-2' });
    const { json, errors } = synth(tokyo);
    expect(errors).toEqual([]);
    const subnets = Object.values(resourcesOf(json, 'aws_subnet')).map((subnet) => subnet.availability_zone);
    expect(new Set(subnets)).toEqual(new Set(['ap-northeast-1a', 'ap-northeast-1c']));
    expect(JSON.parse(json).provider.aws[0].region).toBe('ap-northeast-1');

    const wrongZone = configDir({ 'tokyo.json': { extends: 'prod', region: 'ap-northeast-1', availabilityZones: ['ap-northeast-1a', 'ap-northeast-1b'] } });
    expect(configErrorOf(() => loadConfig('tokyo', { configDir: wrongZone, env: {} }))).toMatch(
      /invalid configuration for environment "tokyo":\n {2}- availabilityZones\.1: "ap-northeast-1b" is not an AZ of region ap-northeast-1; its AZs are ap-northeast-1a, ap-northeast-1c, ap-northeast-1d/,
    );
  });

  it('TT_ENVIRONMENTS selects among them', () => {
    const dir = configDir({ 'staging.json': { extends: 'prod' } });
    expect(selectedEnvironments({ configDir: dir, env: { TT_ENVIRONMENTS: 'staging, dev,staging' } })).toEqual(['staging', 'dev']);
    expect(configErrorOf(() => selectedEnvironments({ configDir: dir, env: { TT_ENVIRONMENTS: 'stagin' } }))).toBe('environment "stagin" is unknown (did you mean "staging"?); allowed: dev, prod, staging');
  });
});

describe('environment files that cannot work are refused', () => {
  const cases: readonly [string, Record<string, unknown>, RegExp][] = [
    ['a file without extends', { 'qa.json': { frontend: { minSize: 1 } } }, /qa\.json: needs "extends": "dev" or "prod" \(or another environment\) to be an environment/],
    ['a parent that does not exist', { 'qa.json': { extends: 'prdo' } }, /qa\.json: "extends": "prdo" is not an environment \(did you mean "prod"\?\); known: dev, prod, qa/],
    ['a cycle', { 'a.json': { extends: 'b' }, 'b.json': { extends: 'a' } }, /a\.json: "extends" forms a cycle: a -> b -> a/],
    ['a built-in environment that extends another', { 'dev.json': { extends: 'prod' } }, /dev\.json: "extends" is not allowed here: dev is built in and starts from its own preset/],
    ['an upper-case name', { 'Staging.json': { extends: 'prod' } }, /Staging\.json: "Staging" is not a valid environment name: use lower-case letters, digits and single hyphens/],
    ['a name with two hyphens', { 'qa--1.json': { extends: 'dev' } }, /qa--1\.json: "qa--1" is not a valid environment name/],
    ['the name of the state stack', { 'state.json': { extends: 'dev' } }, /state\.json: "state" is reserved \(the state bootstrap stack\); choose another environment name/],
    ['a file that is not an object', { 'qa.json': '[1]' }, /qa\.json: expected a JSON object of config fields, got an array/],
  ];

  it.each(cases)('%s', (_name, files, expected) => {
    expect(configErrorOf(() => selectedEnvironments({ configDir: configDir(files), env: {} }))).toMatch(expected);
  });

  it('an environment name too long for the ALB name', () => {
    const dir = configDir({ 'sandbox-alexander.json': { extends: 'prod' } });
    expect(configErrorOf(() => loadConfig('sandbox-alexander', { configDir: dir, env: {} }))).toMatch(
      /environment: "sandbox-alexander" makes the ALB name "three-tier-sandbox-alexander-frontend" 37 characters; AWS allows 32: use an environment name of at most 12 characters with project "three-tier", or a shorter project/,
    );
  });

  it('two environments with the same state key', () => {
    const dir = configDir({ 'staging.json': { extends: 'prod', state: { key: 'app/terraform.tfstate' } }, 'qa.json': { extends: 'staging' } });
    expect(configErrorOf(() => loadConfiguration({ configDir: dir, env: {} }))).toMatch(
      /environments clash:\n {2}- staging: state s3:\/\/three-tier-tfstate-ap-northeast-2\/app\/terraform\.tfstate is also the state of qa; each environment needs its own \(state\.key, or state\.hcp\.workspace\)/,
    );
  });

  it('two environments whose resource names would collide', () => {
    const dir = configDir({ 'dev.json': { project: 'shop-a' }, 'a-dev.json': { extends: 'dev', project: 'shop' } });
    expect(configErrorOf(() => loadConfiguration({ configDir: dir, env: {} }))).toMatch(/- a-dev: resource names start with "shop-a-dev" as in dev \(project "shop-a"\); change project or the environment name/);
  });

  it('a state region that is not where the state stack puts the bucket', () => {
    const dir = configDir({ 'common.json': { state: { region: 'us-east-1' } } });
    expect(configErrorOf(() => loadConfiguration({ configDir: dir, env: {} }))).toMatch(/state\.region: "us-east-1" differs from region "ap-northeast-2"; the state stack creates the bucket in the project's region/);
  });
});

describe('the environment name', () => {
  it('comes from the file name and cannot be set in a file or variable', () => {
    const dir = configDir({ 'staging.json': { extends: 'prod', environment: 'prod' } });
    expect(configErrorOf(() => loadConfig('staging', { configDir: dir, env: {} }))).toMatch(/environment: is the name of the environment's file \(staging\); remove it from \S+staging\.json/);
    expect(configErrorOf(() => loadConfig('dev', { configDir: configDir(), env: { TT__environment: 'prod' } }))).toMatch(/environment: is the name of the environment's file \(dev\); remove it from TT__environment/);
  });
});

describe('HCP Terraform state', () => {
  it('two environments in the same workspace clash; their default workspaces do not', () => {
    const hcp = { state: { backend: 'hcp', hcp: { organization: 'acme' } } };
    expect(loadConfiguration({ configDir: configDir({ 'common.json': hcp }), env: {} }).environments).toHaveLength(2);
    const shared = configDir({ 'common.json': { state: { backend: 'hcp', hcp: { organization: 'acme', workspace: 'app' } } } });
    expect(configErrorOf(() => loadConfiguration({ configDir: shared, env: {} }))).toMatch(/- prod: HCP Terraform workspace app\.terraform\.io\/acme\/app is also the state of dev/);
  });
});

describe('names that must fit AWS limits', () => {
  it('measures the ALB name of the topology in use: one shared ALB leaves room for a longer environment name', () => {
    const dir = configDir({ 'sandbox-alexander.json': { extends: 'dev', loadBalancing: { topology: 'shared' } } });
    expect(loadConfig('sandbox-alexander', { configDir: dir, env: {} }).environment).toBe('sandbox-alexander');
    expect(configErrorOf(() => loadConfig('sandbox-alexander', { configDir: dir, env: { TT_SANDBOX_ALEXANDER__project: 'three-tier-shop' } }))).toMatch(
      /environment: "sandbox-alexander" makes the ALB name "three-tier-shop-sandbox-alexander-alb" 37 characters; AWS allows 32: use an environment name of at most 12 characters with project "three-tier-shop"/,
    );
  });
});
