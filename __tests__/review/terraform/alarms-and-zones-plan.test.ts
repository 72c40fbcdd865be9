import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadInput, modelFromJson } from '../../../src/review/load';
import { review, type Review } from '../../../src/review/review';
import { runRules } from '../../../src/review/rules';
import { describeWithTerraform, reportTier, sharedPlan } from '../../support/terraform';
import { recordTier } from '../../support/tiers';
import { patch, type Stack } from '../fixtures/stack';
import { alarmsBroken, alarmsClean } from '../fixtures/zone-and-alarm-stacks';

async function reviewPlan(stack: Stack): Promise<Review> {
  const plan = await sharedPlan(JSON.stringify(stack));
  return review(loadInput(plan.planJsonPath));
}

const ids = (result: Review): readonly string[] => result.findings.filter((finding) => /^TT-(AZ|MON)-/.test(finding.id)).map((finding) => `${finding.id} ${finding.address}`);

/**
 * In a plan, an alarm's dimension map holding `arn_suffix` (known only after apply) is unknown as a
 * whole: the review must still tie each alarm to its resource, as it does in the synthesized stack.
 */
describeWithTerraform('alarms and zone loss read from real terraform plans', () => {
  let cleanPlan: Review;
  let brokenPlan: Review;

  beforeAll(async () => {
    [cleanPlan, brokenPlan] = await Promise.all([reviewPlan(alarmsClean), reviewPlan(alarmsBroken)]);
    reportTier('terraform tier: reviewed alarms and zone loss in two terraform show -json plans');
  }, 600_000);

  it('recognises every alarm of the clean stack from the plan, as from the stack', () => {
    expect(ids(cleanPlan)).toEqual([]);
    expect(cleanPlan.alarms?.every((entry) => entry.missing.length === 0 && entry.unknown.length === 0)).toBe(true);
  });

  it('simulates the same zone losses from the plan as from the stack', () => {
    const fromSynth = review(modelFromJson(alarmsClean, 'clean'));
    expect(cleanPlan.resilience.losses.map((loss) => loss.summary)).toEqual(fromSynth.resilience.losses.map((loss) => loss.summary));
  });

  it('finds in the plan the NAT gateway both app subnets lose with 2a, and the alarm that watches no data', () => {
    expect(ids(brokenPlan)).toEqual(['TT-AZ-001 aws_nat_gateway.nat_a', 'TT-MON-001 aws_lb_target_group.app']);
    expect(brokenPlan.findings.find((finding) => finding.id === 'TT-MON-001')?.message).toContain(
      'has dimensions {TargetGroup}, but CloudWatch publishes UnHealthyHostCount with {LoadBalancer, TargetGroup}: it watches no data',
    );
  });
});

/** Real Checkov: `CHECKOV` (a command), else `checkov` on PATH, else the offline copy these machines carry. */
function checkovCommand(): string | undefined {
  const candidates = [process.env.CHECKOV, 'checkov', '/work/shared/tools/checkov/run'].filter((candidate): candidate is string => candidate !== undefined && candidate !== '');
  return candidates.find((candidate) => (candidate.includes('/') ? existsSync(candidate) : spawnSync('sh', ['-c', `command -v ${candidate}`]).status === 0));
}

const checkov = checkovCommand();
if (checkov === undefined) {
  const line = 'CHECKOV SKIPPED (TT-MON-002 against CKV_AWS_319): no CHECKOV, no checkov on PATH, no /work/shared/tools/checkov/run';
  process.stderr.write(`\n${'!'.repeat(line.length)}\n${line}\n${'!'.repeat(line.length)}\n`);
  recordTier('terraform', 'partial', line);
}

(checkov === undefined ? describe.skip : describe)('TT-MON-002 against its Checkov peer CKV_AWS_319', () => {
  it('flags both an alarm with its actions disabled and one without actions, where Checkov flags only the first', () => {
    const stack = patch(patch(alarmsClean, 'aws_cloudwatch_metric_alarm', 'db_cpu', { actions_enabled: false }), 'aws_cloudwatch_metric_alarm', 'db_memory', { alarm_actions: undefined });
    const dir = mkdtempSync(join(tmpdir(), 'checkov-alarms-'));
    writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(stack));
    const run = spawnSync(checkov ?? 'checkov', ['-d', dir, '--framework', 'terraform_json', '--compact', '-o', 'json', '--check', 'CKV_AWS_319'], { encoding: 'utf8', timeout: 600_000 });
    const parsed: unknown = JSON.parse(run.stdout);
    const report = Array.isArray(parsed) ? parsed[0] : parsed;
    const failed: readonly { readonly resource: string }[] = report?.results?.failed_checks ?? [];
    expect(failed.map((check) => check.resource)).toEqual(['resource.db_cpu']);
    const ours = runRules(modelFromJson(stack, 'fixture'))
      .filter((finding) => finding.id === 'TT-MON-002')
      .map((finding) => finding.address);
    expect(ours).toEqual(['aws_cloudwatch_metric_alarm.db_cpu', 'aws_cloudwatch_metric_alarm.db_memory']);
  }, 600_000);
});
