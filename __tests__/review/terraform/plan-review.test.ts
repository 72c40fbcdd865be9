import { loadInput } from '../../../src/review/load';
import { review, type Review } from '../../../src/review/review';
import { environmentWithMetadata } from '../../support/stacks';
import { describeWithTerraform, planOffline, reportTier } from '../../support/terraform';

/**
 * The terraform tier: review the JSON plan that `terraform show -json` writes for the real prod stack
 * (planned offline), and check it reads the same as the synthesized stack it came from.
 */
describeWithTerraform('review of a real plan JSON from terraform show -json', () => {
  let fromPlan: Review;
  let fromSynth: Review;

  beforeAll(async () => {
    // With cdktf's "//" metadata, so the suppressions declared beside resources come along.
    const synthesized = environmentWithMetadata('prod');
    const plan = await planOffline(synthesized, 'review-plan', 'prod');
    fromPlan = review(loadInput(plan.planJsonPath));
    fromSynth = review(loadInput(`${plan.workDir}/cdk.tf.json`));
    reportTier('terraform tier: reviewed the terraform show -json plan of prod');
  }, 180_000);

  it('reads the plan as a plan of creates only', () => {
    expect(fromPlan.kind).toBe('plan');
    expect(fromPlan.environment).toBe('prod');
    expect(Object.keys(fromPlan.summary.actions ?? {})).toEqual(['create']);
    expect(fromPlan.summary.actions?.create).toBe(fromSynth.summary.resources);
  });

  it('finds what the synthesized stack shows: same findings, reachability and cost', () => {
    const ids = (result: Review): string[] => result.findings.map((finding) => `${finding.id} ${finding.address}`);
    expect(ids(fromPlan)).toEqual(ids(fromSynth));
    expect(fromPlan.suppressed.map((finding) => finding.reason)).toEqual(fromSynth.suppressed.map((finding) => finding.reason));
    expect(fromPlan.suppressed.length).toBeGreaterThan(0);
    expect(fromPlan.reachability.flows).toEqual(fromSynth.reachability.flows);
    expect(fromPlan.reachability.paths).toEqual(fromSynth.reachability.paths);
    expect(fromPlan.cost.total).toBeCloseTo(fromSynth.cost.total, 6);
    expect(fromPlan.summary.byTier).toEqual(fromSynth.summary.byTier);
  });
});
