// An offline plan of a configuration with one hashicorp/aws provider configuration attaches `plan` and
// `show` to one provider started in debug mode (src/terraform/offline-plan.ts); any other starts the
// provider per command, as terraform does. The mirror here holds a wrapper of the real provider that
// logs each start, so the tests count the starts; the plans themselves are real.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { platform } from '../../src/terraform/debug-provider.cjs';
import { hasOneAwsProviderConfiguration, offlinePlan } from '../../src/terraform/offline-plan';
import { availability, describeWithTerraform, reportTier } from '../support/terraform';

const VERSION = '5.100.0';
const REQUIRED = { required_providers: { aws: { source: 'hashicorp/aws', version: VERSION } } };
const REGION = 'ap-northeast-2';

/** A mirror whose hashicorp/aws provider logs `<pid> <arguments>` to `log`, then runs the real one. */
function loggingMirror(realMirror: string): { readonly mirror: string; readonly starts: () => readonly string[] } {
  const root = mkdtempSync(join(tmpdir(), 'tt-plan-provider-'));
  const folder = join('registry.terraform.io', 'hashicorp', 'aws', VERSION, platform());
  const name = `terraform-provider-aws_v${VERSION}_x5`;
  const log = join(root, 'starts.log');
  mkdirSync(join(root, 'mirror', folder), { recursive: true });
  writeFileSync(join(root, 'mirror', folder, name), `#!/bin/bash\necho "$$ $*" >> '${log}'\nexec '${join(realMirror, folder, name)}' "$@"\n`);
  chmodSync(join(root, 'mirror', folder, name), 0o755);
  return { mirror: join(root, 'mirror'), starts: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []) };
}

type Json = { readonly [key: string]: unknown };
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The planned `tags_all` of each aws_vpc, by address. */
function vpcTags(plan: unknown): Record<string, unknown> {
  const changes = isJson(plan) && Array.isArray(plan.resource_changes) ? plan.resource_changes.filter(isJson) : [];
  return Object.fromEntries(changes.filter((change) => change.type === 'aws_vpc').map((change) => [change.address, isJson(change.change) && isJson(change.change.after) ? change.change.after.tags_all : undefined]));
}

const running = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('hasOneAwsProviderConfiguration: when plan and show may share one provider process', () => {
  it.each([
    ['no provider block (the default configuration)', { resource: {} }, true],
    ['one provider block', { provider: { aws: [{ region: REGION }] } }, true],
    ['a second, aliased block', { provider: { aws: [{ region: REGION }, { alias: 'tokyo', region: 'ap-northeast-1' }] } }, false],
    ['a module call, which may declare its own', { provider: { aws: [{ region: REGION }] }, module: { web: { source: './web' } } }, false],
    ['a provider block written as an object, not cdktf’s array', { provider: { aws: { region: REGION } } }, false],
  ])('%s', (_name, configuration, expected) => {
    expect(hasOneAwsProviderConfiguration(configuration)).toBe(expected);
  });
});

describeWithTerraform('offline plans and the provider process', () => {
  it('one provider configuration: one provider start (in debug mode) serves plan and show, is stopped after, and the default tags reach the plan', async () => {
    if (!availability.available) {
      throw new Error(availability.reason);
    }
    const { mirror, starts } = loggingMirror(availability.mirror);
    const stack = { terraform: REQUIRED, provider: { aws: [{ region: REGION, default_tags: [{ tags: { Environment: 'dev' } }] }] }, resource: { aws_vpc: { main: { cidr_block: '10.0.0.0/16' } } } };
    const { plan } = await offlinePlan(stack, join(mkdtempSync(join(tmpdir(), 'tt-plan-provider-')), 'work'), mirror);
    expect(vpcTags(plan)).toEqual({ 'aws_vpc.main': { Environment: 'dev' } });
    const logged = starts();
    expect(logged.map((line) => line.replace(/^\d+ /, ''))).toEqual(['-debug']);
    await new Promise((done) => setTimeout(done, 200));
    expect(running(Number(logged[0].split(' ')[0]))).toBe(false);
    reportTier('terraform tier: a one-configuration plan started the provider once, in debug mode, and stopped it');
  }, 120_000);

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
    expect(starts().filter((line) => line.endsWith('-debug'))).toEqual([]);
    expect(starts().length).toBeGreaterThan(2);
  }, 120_000);
});
