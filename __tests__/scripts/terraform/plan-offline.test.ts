import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loggingMirror } from '../../support/logging-mirror';
import { CUT_CHECK } from '../../support/planned-stacks';
import { running } from '../../support/process-running';
import { synthEnvironment } from '../../support/stacks';
import { availability, describeWithTerraform, reportTier, sharedPlan } from '../../support/terraform';

const ROOT = resolve(__dirname, '..', '..', '..');

/** Runs `npm run plan:offline -- <stacks>` in a folder whose cdktf.out holds the given stacks (with another provider mirror when given). */
function planOffline(stacks: Readonly<Record<string, unknown>>, names: readonly string[], mirror?: string): { readonly status: number | null; readonly stdout: string; readonly stderr: string; readonly cwd: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'tt-plan-offline-'));
  for (const [name, stack] of Object.entries(stacks)) {
    mkdirSync(join(cwd, 'cdktf.out', 'stacks', name), { recursive: true });
    writeFileSync(join(cwd, 'cdktf.out', 'stacks', name, 'cdk.tf.json'), JSON.stringify(stack));
  }
  const result = spawnSync(process.execPath, ['--require', join(ROOT, 'scripts/register-ts.cjs'), join(ROOT, 'scripts/plan-offline.ts'), ...names], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1', ...(mirror === undefined ? {} : { TT_TF_PLUGIN_MIRROR: mirror }) },
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

describeWithTerraform('npm run plan:offline', () => {
  it('reports a stack that was not synthesized by name, with what to do, and exits 1 without a stack trace', () => {
    expect(planOffline({}, ['no-such-stack'])).toEqual({ cwd: expect.any(String), status: 1, stdout: '', stderr: 'no-such-stack: cdktf.out/stacks/no-such-stack/cdk.tf.json does not exist; run `npm run synth` first\n' });
  });

  let cutCheckPlan: unknown;

  // Prod as the preset ships it: its domain, example.com, is a placeholder the Domain construct refuses at plan.
  // Each stack has one provider configuration: its plan and show share one provider, started in debug mode.
  it('plans every stack: prod with the placeholder domain fails before creating anything, naming dns.domain, and hides no other stack; the exit status is 1', async () => {
    if (!availability.available) {
      throw new Error(availability.reason);
    }
    const { mirror, starts } = loggingMirror(availability.mirror);
    const result = planOffline({ prod: JSON.parse(synthEnvironment('prod')), 'cut-check': CUT_CHECK }, ['prod', 'cut-check'], mirror);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^cut-check: plan ok \(validated\), 2 resources to create; plan JSON at .*cut-check\/plan\.json\n$/);
    expect(result.stderr).toMatch(/^prod: terraform plan failed in .*prod:\n/);
    expect(result.stderr).toContain('Resource precondition failed');
    expect(result.stderr.replace(/\s+/g, ' ')).toContain('dns.domain is "example.com", a placeholder or reserved domain');
    expect(existsSync(join(result.cwd, '.tmp', 'plan', 'prod', 'plan.json'))).toBe(false);
    cutCheckPlan = JSON.parse(readFileSync(join(result.cwd, '.tmp', 'plan', 'cut-check', 'plan.json'), 'utf8'));
    // One provider start per stack, in debug mode, each stopped by the time the script is done.
    expect(starts().map((start) => start.args)).toEqual(['-debug', '-debug']);
    await new Promise((done) => setTimeout(done, 200));
    expect(starts().filter((start) => running(start.pid))).toEqual([]);
  }, 300_000);

  // `npm test` plans the shared stacks as module calls of one root (__tests__/support/plan-batch.ts),
  // each command starting its own provider: the cut of a stack must be the plan it has alone, here the
  // script's, made with the one debug-mode provider.
  it("gives the cut-check stack the plan the test files share: when the plan batch made it, the batch's cut is terraform's plan of it alone", async () => {
    const shared = await sharedPlan(JSON.stringify(CUT_CHECK));
    const cut = existsSync(join(shared.workDir, 'batch.txt'));
    const plan = isJson(shared.plan) ? shared.plan : {};
    // What the cut must carry: outputs (one sensitive), checks (the precondition, the check block, the output's).
    expect([Object.keys(isJson(plan.output_changes) ? plan.output_changes : {}).sort(), Array.isArray(plan.checks) ? plan.checks.length : 0]).toEqual([['name_token', 'subnet_cidr', 'vpc_id'], 3]);
    expect(comparable(shared.plan)).toEqual(comparable(cutCheckPlan));
    reportTier(`terraform tier: the cut-check stack ${cut ? 'cut from the plan batch equals' : 'planned alone (no plan batch this run) equals'} npm run plan:offline's plan of it`);
  }, 300_000);
});
