import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PROD } from '../../support/planned-stacks';
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

  // Prod, with every kind of content a cut must carry over: outputs, locals, default tags, preconditions (checks).
  const prod = synthEnvironment('prod', PROD);
  let prodPlan: unknown;

  it('plans every stack: one that fails (as prod does with its placeholder domain) hides no other, and the exit status is 1', () => {
    const result = planOffline({ prod: JSON.parse(prod), bad: vpcStack({ cidr_block: '10.0.0.0/16', no_such_argument: true }) }, 'prod', 'bad');
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^prod: plan ok \(validated\), \d{2,} resources to create; plan JSON at .*prod\/plan\.json\n$/);
    expect(result.stderr).toMatch(/^bad: terraform plan failed in .*bad:\n[\s\S]*no_such_argument/);
    prodPlan = JSON.parse(readFileSync(join(result.cwd, '.tmp', 'plan', 'prod', 'plan.json'), 'utf8'));
  }, 300_000);

  // `npm test` plans the shared stacks as module calls of one root (__tests__/support/plan-batch.ts):
  // the cut of prod must be the plan prod has alone, here the script's.
  it("gives prod the plan the test files share: when the plan batch made it, the batch's cut is terraform's plan of prod alone", async () => {
    const shared = await sharedPlan(prod);
    const cut = existsSync(join(shared.workDir, 'batch.txt'));
    expect(isJson(shared.plan) && Array.isArray(shared.plan.checks) && shared.plan.checks.length > 0).toBe(true);
    expect(comparable(shared.plan)).toEqual(comparable(prodPlan));
    reportTier(`terraform tier: prod ${cut ? 'cut from the plan batch equals' : 'planned alone (no plan batch this run) equals'} npm run plan:offline's plan of prod`);
  }, 300_000);
});
