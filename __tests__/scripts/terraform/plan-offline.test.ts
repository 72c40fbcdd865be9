import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { synthEnvironment } from '../../support/stacks';
import { describeWithTerraform, reportTier, sharedPlan } from '../../support/terraform';

const ROOT = resolve(__dirname, '..', '..', '..');

/** Runs `npm run plan:offline -- <stacks>` in a folder whose cdktf.out holds the given stacks. */
function planOffline(stacks: Readonly<Record<string, unknown>>, ...names: readonly string[]): { readonly status: number | null; readonly stdout: string; readonly stderr: string; readonly cwd: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'tt-plan-offline-'));
  for (const [name, stack] of Object.entries(stacks)) {
    mkdirSync(join(cwd, 'cdktf.out', 'stacks', name), { recursive: true });
    writeFileSync(join(cwd, 'cdktf.out', 'stacks', name, 'cdk.tf.json'), JSON.stringify(stack));
  }
  const result = spawnSync(process.execPath, ['--require', join(ROOT, 'scripts/register-ts.cjs'), join(ROOT, 'scripts/plan-offline.ts'), ...names], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, cwd };
}

type Json = { readonly [key: string]: unknown };
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A plan as two plans of one configuration must agree on it: all but when it was made, the relevant attributes as a set (Terraform lists them in no fixed order). */
function comparable(plan: unknown): Json {
  if (!isJson(plan)) {
    throw new Error('not a plan');
  }
  const { timestamp: _timestamp, relevant_attributes: relevant, ...rest } = plan;
  return { ...rest, relevant_attributes: (Array.isArray(relevant) ? relevant : []).map((entry) => JSON.stringify(entry)).sort() };
}

/** A one-VPC stack with an S3 backend the offline plan swaps for a local one. */
function vpcStack(vpc: Readonly<Record<string, unknown>>): unknown {
  return {
    terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } }, backend: { s3: { bucket: 'b', key: 'k', region: 'ap-northeast-2' } } },
    provider: { aws: [{ region: 'ap-northeast-2' }] },
    resource: { aws_vpc: { main: vpc } },
  };
}

describeWithTerraform('npm run plan:offline', () => {
  it('reports a stack that was not synthesized by name, with what to do, and exits 1 without a stack trace', () => {
    expect(planOffline({}, 'no-such-stack')).toEqual({ cwd: expect.any(String), status: 1, stdout: '', stderr: 'no-such-stack: cdktf.out/stacks/no-such-stack/cdk.tf.json does not exist; run `npm run synth` first\n' });
  });

  const dev = synthEnvironment('dev');
  let devPlan: unknown;

  it('plans every stack: one that fails (as prod does with its placeholder domain) hides no other, and the exit status is 1', () => {
    const result = planOffline({ dev: JSON.parse(dev), bad: vpcStack({ cidr_block: '10.0.0.0/16', no_such_argument: true }) }, 'dev', 'bad');
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^dev: plan ok \(validated\), \d{2,} resources to create; plan JSON at .*dev\/plan\.json\n$/);
    expect(result.stderr).toMatch(/^bad: terraform plan failed in .*bad:\n[\s\S]*no_such_argument/);
    devPlan = JSON.parse(readFileSync(join(result.cwd, '.tmp', 'plan', 'dev', 'plan.json'), 'utf8'));
  }, 300_000);

  // `npm test` plans the shared stacks as module calls of one root (__tests__/support/plan-batch.ts):
  // the cut of dev must be the plan dev has alone, here the script's.
  it("gives dev the plan the test files share: when the plan batch made it, the batch's cut is terraform's plan of dev alone", async () => {
    const shared = await sharedPlan(dev);
    const cut = existsSync(join(shared.workDir, 'batch.txt'));
    expect(comparable(shared.plan)).toEqual(comparable(devPlan));
    reportTier(`terraform tier: dev ${cut ? 'cut from the plan batch equals' : 'planned alone (no plan batch this run) equals'} npm run plan:offline's plan of dev`);
  }, 300_000);
});
