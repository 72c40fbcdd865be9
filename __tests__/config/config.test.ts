import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, loadProjectConfig, resolveSubnetLayout, selectedEnvironments } from '../../src/config';
import { configFor, NO_CONFIG, type Overrides } from '../support/stacks';

function problemsOf(environment: string, overrides: Overrides): string {
  try {
    configFor(environment, overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected the configuration to be rejected');
}

describe('defaults', () => {
  it('synthesize Seoul, two AZs and 10.0.0.0/16 with no user input', () => {
    const config = configFor('dev');
    expect(config.region).toBe('ap-northeast-2');
    expect(config.availabilityZones).toEqual(['ap-northeast-2a', 'ap-northeast-2c']);
    expect(config.network.vpcCidr).toBe('10.0.0.0/16');
  });

  it('carve public, app and db subnets in order without overlap', () => {
    const { layout } = resolveSubnetLayout(configFor('dev').network, 2);
    expect(layout).toEqual({
      public: ['10.0.0.0/24', '10.0.1.0/24'],
      app: ['10.0.16.0/20', '10.0.32.0/20'],
      db: ['10.0.48.0/24', '10.0.49.0/24'],
    });
  });

  it('make dev cheap and prod resilient', () => {
    const dev = configFor('dev');
    const prod = configFor('prod');
    expect(dev.network.natMode).toBe('instance');
    expect(dev.loadBalancing.topology).toBe('shared');
    expect(dev.schedule.enabled).toBe(true);
    expect(prod.schedule.enabled).toBe(false);
    expect(dev.database.multiAz).toBe(false);
    expect(dev.database.deletionProtection).toBe(false);
    expect(dev.frontend.instanceType).toMatch(/^t[34]/);
    expect(prod.network.natMode).toBe('per-az');
    expect(prod.database.multiAz).toBe(true);
    expect(prod.database.deletionProtection).toBe(true);
    expect(prod.database.backupRetentionDays).toBeGreaterThan(dev.database.backupRetentionDays);
    expect(prod.network.flowLogs.enabled).toBe(true);
    expect(dev.database.engineVersion).toBe('8.4');
  });
});

describe('overrides', () => {
  it('apply preset < common.json < <env>.json < TT__ < TT_<ENV>__', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tt-config-'));
    writeFileSync(join(dir, 'common.json'), JSON.stringify({ project: 'shop', network: { natMode: 'none' }, frontend: { maxSize: 5 } }));
    writeFileSync(join(dir, 'dev.json'), JSON.stringify({ network: { natMode: 'per-az' }, frontend: { desiredCapacity: 2 } }));
    const env = { TT__frontend__maxSize: '6', TT_DEV__frontend__maxSize: '7', TT__access__adminCidrs: '["203.0.113.10/32"]' };
    const config = loadConfig('dev', { configDir: dir, env });
    expect(config.project).toBe('shop');
    expect(config.network.natMode).toBe('per-az');
    expect(config.frontend.desiredCapacity).toBe(2);
    expect(config.frontend.maxSize).toBe(7);
    expect(config.access.adminCidrs).toEqual(['203.0.113.10/32']);
    // Untouched fields keep the preset.
    expect(config.network.vpcCidr).toBe('10.0.0.0/16');
    expect(loadProjectConfig({ configDir: dir, env }).project).toBe('shop');
  });

  it('select environments from TT_ENVIRONMENTS', () => {
    expect(selectedEnvironments({ configDir: NO_CONFIG, env: {} })).toEqual(['dev', 'prod']);
    expect(selectedEnvironments({ configDir: NO_CONFIG, env: { TT_ENVIRONMENTS: 'prod' } })).toEqual(['prod']);
  });
});

describe('bad input is rejected with a message naming the field, the value and what is allowed', () => {
  const cases: readonly [string, Overrides, RegExp][] = [
    ['a malformed CIDR', { TT__network__vpcCidr: '10.0.0.0/33' }, /network\.vpcCidr: "10\.0\.0\.0\/33" is not a valid CIDR; expected a\.b\.c\.d\/n/],
    [
      'a CIDR with host bits set',
      { TT__network__vpcCidr: '10.0.0.1/16' },
      /network\.vpcCidr: "10\.0\.0\.1\/16" has host bits set \(0\.0\.0\.1 lies past the \/16 prefix\): its network address is 10\.0\.0\.0, so write 10\.0\.0\.0\/16$/,
    ],
    ['a VPC too large for AWS', { TT__network__vpcCidr: '10.0.0.0/8' }, /network\.vpcCidr: the VPC prefix length must be from \/16 to \/24 .*given: "10\.0\.0\.0\/8"/],
    ['a subnet outside the VPC', { TT__network__subnets__public__cidrs: '["10.1.0.0/24","10.0.1.0/24"]' }, /network\.subnets\.public\.cidrs\.0: "10\.1\.0\.0\/24" is outside the VPC CIDR 10\.0\.0\.0\/16/],
    [
      'overlapping subnets',
      { TT__network__subnets__public__cidrs: '["10.0.0.0/24","10.0.1.0/24"]', TT__network__subnets__app__cidrs: '["10.0.1.0/24","10.0.2.0/24"]' },
      /network\.subnets\.app\.cidrs\.0: "10\.0\.1\.0\/24" overlaps 10\.0\.1\.0\/24 \(network\.subnets\.public\.cidrs\.1\)/,
    ],
    ['one CIDR per AZ missing', { TT__network__subnets__db__cidrs: '["10.0.200.0/24"]' }, /network\.subnets\.db\.cidrs: has 1 CIDR\(s\) for 2 availability zones; give exactly one per AZ/],
    ['subnets that do not fit', { TT__network__vpcCidr: '10.0.0.0/24' }, /network\.subnets\.app\.prefixLength: 2 subnets of \/20 do not fit in the VPC 10\.0\.0\.0\/24/],
    ['fewer than two AZs', { TT__availabilityZones: '["ap-northeast-2a"]' }, /availabilityZones: \["ap-northeast-2a"\] has 1 zone\(s\); at least two are needed/],
    ['duplicate AZs', { TT__availabilityZones: '["ap-northeast-2a","ap-northeast-2a"]' }, /availabilityZones\.1: "ap-northeast-2a" is listed twice/],
    [
      'an AZ outside the region',
      { TT__availabilityZones: '["ap-northeast-2a","us-east-1a"]' },
      /availabilityZones\.1: "us-east-1a" is not an AZ of region ap-northeast-2; its AZs are ap-northeast-2a, ap-northeast-2b, ap-northeast-2c, ap-northeast-2d/,
    ],
    ['an admin CIDR of 0.0.0.0/0', { TT__access__adminCidrs: '["0.0.0.0/0"]' }, /access\.adminCidrs\.0: "0\.0\.0\.0\/0" would open SSH to the whole internet; give your own address/],
    ['an admin CIDR of ::/0', { TT__access__adminCidrs: '["203.0.113.10/32","::/0"]' }, /access\.adminCidrs\.1: "::\/0" would open SSH to the whole internet/],
    ['a malformed admin CIDR', { TT__access__adminCidrs: '["203.0.113.300/32"]' }, /access\.adminCidrs\.0: "203\.0\.113\.300\/32" is not a valid CIDR/],
    ['min > max', { TT__frontend__minSize: '3', TT__frontend__maxSize: '2' }, /frontend\.minSize: 3 is greater than maxSize 2; minSize must be <= maxSize/],
    ['desired below min', { TT__backend__minSize: '2', TT__backend__maxSize: '4', TT__backend__desiredCapacity: '1' }, /backend\.desiredCapacity: 1 is outside \[minSize, maxSize\] = \[2, 4\]/],
    ['desired above max', { TT__frontend__desiredCapacity: '9' }, /frontend\.desiredCapacity: 9 is outside \[minSize, maxSize\] = \[1, 2\]/],
    ['an unknown NAT mode', { TT__network__natMode: 'double' }, /network\.natMode: "double" is not a NAT mode; allowed: none, single, per-az/],
    ['a malformed domain', { TT__dns__domain: 'exa mple..com' }, /dns\.domain: "exa mple\.\.com" is not a valid domain name; expected lower-case labels/],
    ['an unknown field', { TT__network__natMod: 'single' }, /network\.natMod: unknown field; did you mean "natMode"\? allowed here: vpcCidr, subnets, natMode, flowLogs, s3GatewayEndpoint/],
    ['a wrong type', { TT__frontend__minSize: 'many' }, /frontend\.minSize: Invalid input: expected number, received string \(given: "many"\)/],
    ['an unknown ALB topology', { TT__loadBalancing__topology: 'one' }, /loadBalancing\.topology: "one" is not an ALB topology; allowed: per-tier, shared/],
    ['a hosted zone without a domain', { TT__dns__hostedZoneId: 'Z0123456789ABC' }, /dns\.hostedZoneId: "Z0123456789ABC" is set without dns\.domain/],
    ['an invalid flow-log retention', { TT__network__flowLogs__retentionDays: '10' }, /network\.flowLogs\.retentionDays: 10 is not a CloudWatch Logs retention; allowed: 1, 3, 5, 7, 14/],
  ];

  it.each(cases)('%s', (_name, overrides, expected) => {
    expect(problemsOf('dev', overrides)).toMatch(expected);
  });

  it('prod without a domain', () => {
    expect(problemsOf('prod', { TT_PROD__dns__domain: 'null' })).toMatch(
      /dns\.domain: is required in production \(prod\): production traffic must be served over HTTPS \(given: removed by the null in TT_PROD__dns__domain\)/,
    );
  });

  it('an unknown environment name', () => {
    expect(() => loadConfig('qa', { configDir: NO_CONFIG, env: {} })).toThrow(new ConfigError('environment "qa" is unknown; allowed: dev, prod'));
    expect(() => selectedEnvironments({ configDir: NO_CONFIG, env: { TT_ENVIRONMENTS: 'dev,staging' } })).toThrow('environment "staging" is unknown; allowed: dev, prod');
  });

  it('a config file that is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tt-config-'));
    writeFileSync(join(dir, 'dev.json'), '{ natMode: single');
    expect(() => loadConfig('dev', { configDir: dir, env: {} })).toThrow(/dev\.json:1:3: not valid JSON: the word natMode is not quoted: JSON field names and strings take double quotes/);
  });

  it('a malformed override variable name', () => {
    expect(problemsOf('dev', { TT__network____natMode: 'none' })).toMatch(/TT__network____natMode: malformed override name; expected TT__<field>__<field>/);
  });
});
