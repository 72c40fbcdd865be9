// An offline plan of a configuration with one hashicorp/aws provider configuration attaches `plan` and
// `show` to one provider started in debug mode (src/terraform/offline-plan.ts); any other lets each
// command start its own, as terraform does. The one-configuration case, and that its plan equals the
// usual one, is tested through `npm run plan:offline` (__tests__/scripts/terraform/plan-offline.test.ts).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasOneAwsProviderConfiguration, offlinePlan, withOwnProvider } from '../../src/terraform/offline-plan';
import { loggingMirror } from '../support/logging-mirror';
import { availability, configuresAwsOnce, describeWithTerraform, reportTier } from '../support/terraform';

const REQUIRED = { required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } };
const REGION = 'ap-northeast-2';

type Json = { readonly [key: string]: unknown };
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The planned `tags_all` of each aws_vpc, by address. */
function vpcTags(plan: unknown): Record<string, unknown> {
  const changes = isJson(plan) && Array.isArray(plan.resource_changes) ? plan.resource_changes.filter(isJson) : [];
  return Object.fromEntries(changes.filter((change) => change.type === 'aws_vpc').map((change) => [change.address, isJson(change.change) && isJson(change.change.after) ? change.change.after.tags_all : undefined]));
}

describe('hasOneAwsProviderConfiguration: when plan and show may share one provider process', () => {
  it.each([
    ['no provider block (the default configuration)', { resource: {} }, true],
    ['one provider block', { provider: { aws: [{ region: REGION }] } }, true],
    ['a second, aliased block', { provider: { aws: [{ region: REGION }, { alias: 'tokyo', region: 'ap-northeast-1' }] } }, false],
    ['a module call, which may declare its own', { provider: { aws: [{ region: REGION }] }, module: { web: { source: './web' } } }, false],
    ['one provider block written as an object, as Terraform’s JSON allows', { provider: { aws: { region: REGION } } }, true],
  ])('%s', (_name, configuration, expected) => {
    expect(hasOneAwsProviderConfiguration(configuration)).toBe(expected);
  });
});

describe('configuresAwsOnce: when a folder of Terraform files may plan with one provider process', () => {
  const PROVIDER = 'provider "aws" {\n  region = "ap-northeast-2"\n}\n';
  const VPC = 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n';
  it.each([
    ['no provider block (the default configuration)', [['main.tf', VPC]], true],
    [
      'one block in the root, modules without (they inherit it)',
      [
        ['main.tf', `${PROVIDER}module "net" {\n  source = "./net"\n}\n`],
        ['net/main.tf', VPC],
      ],
      true,
    ],
    [
      'a second block in a module',
      [
        ['main.tf', PROVIDER],
        ['net/main.tf', `provider "aws" {\n  region = "ap-northeast-1"\n}\n${VPC}`],
      ],
      false,
    ],
    ['an unquoted second block', [['main.tf', `${PROVIDER}provider aws {\n  region = "us-east-1"\n}\n`]], false],
    ['an aliased block passed to a module', [['main.tf', `provider "aws" {\n  alias  = "tokyo"\n  region = "ap-northeast-1"\n}\n`]], false],
    [
      'a JSON configuration, which it does not read',
      [
        ['main.tf', PROVIDER],
        ['extra.tf.json', '{"provider": {"aws": [{"alias": "b"}]}}'],
      ],
      false,
    ],
    ['another provider that starts with aws', [['main.tf', `${PROVIDER}provider "awscc" {\n  region = "ap-northeast-2"\n}\n`]], true],
  ] as const)('%s', (_name, files, expected) => {
    expect(configuresAwsOnce(files)).toBe(expected);
  });
});

describeWithTerraform('offline plans and their provider processes', () => {
  it('two provider configurations: each command starts its own, and each VPC gets its own configuration’s default tags (one shared process would give both the last one’s)', async () => {
    if (!availability.available) {
      throw new Error(availability.reason);
    }
    const { mirror, starts } = loggingMirror(availability.mirror);
    const tagged = (environment: string, alias?: string): Json => ({ region: REGION, ...(alias === undefined ? {} : { alias }), default_tags: [{ tags: { Environment: environment } }] });
    const stack = {
      terraform: REQUIRED,
      provider: { aws: [tagged('dev'), tagged('prod', 'prod')] },
      resource: { aws_vpc: { dev: { cidr_block: '10.0.0.0/16' }, prod: { cidr_block: '10.1.0.0/16', provider: 'aws.prod' } } },
    };
    const { plan } = await offlinePlan(stack, join(mkdtempSync(join(tmpdir(), 'tt-plan-provider-')), 'work'), mirror);
    expect(vpcTags(plan)).toEqual({ 'aws_vpc.dev': { Environment: 'dev' }, 'aws_vpc.prod': { Environment: 'prod' } });
    expect(starts().filter((start) => start.args === '-debug')).toEqual([]);
    expect(starts().length).toBeGreaterThan(2);
    reportTier('terraform tier: a plan with two provider configurations started the provider per command, each configuration with its own default tags');
  }, 120_000);
});

describe('withOwnProvider: the plans in progress and their exit listener', () => {
  // Each plan may start a provider to stop on exit: eleven at once must not add eleven exit listeners
  // (node warns past ten: MaxListenersExceededWarning).
  it('eleven at once share one exit listener, and an empty folder (no provider installed) attaches nothing', async () => {
    let release = (): void => undefined;
    const barrier = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inside = 0;
    const runs = Array.from({ length: 11 }, () =>
      withOwnProvider(mkdtempSync(join(tmpdir(), 'tt-own-provider-')), process.env, async (attached) => {
        inside += 1;
        await barrier;
        return attached;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    const listeners = (): number => process.listeners('exit').filter((listener) => listener.name === 'stopPlanProviders').length;
    const during = [inside, listeners()];
    release();
    expect(await Promise.all(runs)).toEqual(Array.from({ length: 11 }, () => undefined));
    expect([...during, listeners()]).toEqual([11, 1, 1]);
  });
});
