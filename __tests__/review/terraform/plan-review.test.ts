import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadInput } from '../../../src/review/load';
import { review, type Review } from '../../../src/review/review';
import { PROD } from '../../support/planned-stacks';
import { environmentWithMetadata } from '../../support/stacks';
import { describeWithTerraform, reportTier, sharedPlan } from '../../support/terraform';

/**
 * The terraform tier: review the JSON plan that `terraform show -json` writes for the real prod stack
 * (planned offline), and check it reads the same as the synthesized stack it came from.
 */
describeWithTerraform('review of a real plan JSON from terraform show -json', () => {
  let fromPlan: Review;
  let fromSynth: Review;

  beforeAll(async () => {
    // With cdktf's "//" metadata, so the suppressions declared beside resources come along.
    const synthesized = environmentWithMetadata('prod', PROD);
    const plan = await sharedPlan(synthesized);
    // As `npm run plan:offline` leaves them: the plan beside the cdk.tf.json it came from, whose
    // metadata holds the suppressions declared in code.
    const dir = mkdtempSync(join(tmpdir(), 'review-plan-'));
    writeFileSync(join(dir, 'cdk.tf.json'), synthesized);
    copyFileSync(plan.planJsonPath, join(dir, 'plan.json'));
    fromPlan = review(loadInput(join(dir, 'plan.json')));
    fromSynth = review(loadInput(join(dir, 'cdk.tf.json')));
    reportTier('terraform tier: reviewed the terraform show -json plan of prod');
  }, 180_000);

  it('reads the plan as a plan of creates only', () => {
    expect(fromPlan.kind).toBe('plan');
    expect(fromPlan.environment).toBe('prod');
    expect(Object.keys(fromPlan.summary.actions ?? {})).toEqual(['create']);
    expect(fromPlan.summary.actions?.create).toBe(fromSynth.summary.resources);
  });

  it('finds what the synthesized stack shows: same findings, reachability and cost', () => {
    const ids = (findings: Review['findings']): string[] => findings.map((finding) => `${finding.id} ${finding.address}`);
    // The access-log bucket's policy names the bucket ARN and the account (the VPC's owner): a plan
    // knows it only after apply, and says so instead of calling the bucket open to plain HTTP.
    const unknown = fromPlan.findings.filter((finding) => finding.message.startsWith('unknown whether'));
    expect(unknown.map((finding) => `${finding.id} ${finding.severity} ${finding.message}`)).toEqual([
      'TT-S3-003 warning unknown whether bucket three-tier-prod-alb-logs denies plain-HTTP requests: its policy is known only after apply',
    ]);
    expect(ids(fromPlan.findings.filter((finding) => !unknown.includes(finding)))).toEqual(ids(fromSynth.findings));
    expect(fromPlan.suppressed.map((finding) => finding.reason)).toEqual(fromSynth.suppressed.map((finding) => finding.reason));
    expect(fromPlan.suppressed.length).toBeGreaterThan(0);
    expect(fromPlan.reachability.flows).toEqual(fromSynth.reachability.flows);
    expect(fromPlan.reachability.paths).toEqual(fromSynth.reachability.paths);
    expect(fromPlan.cost.total).toBeCloseTo(fromSynth.cost.total, 6);
    expect(fromPlan.summary.byTier).toEqual(fromSynth.summary.byTier);
  });
});
