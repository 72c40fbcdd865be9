import { modelFromJson } from '../../../src/review/load';
import { review, type Review } from '../../../src/review/review';
import { environmentWithMetadata } from '../../support/stacks';
import { describeWithTerraform, reportTier, sharedPlan } from '../../support/terraform';

/** Every priced line, keyed by resource and item, with its monthly amount to the cent. */
function lines(result: Review): Record<string, string> {
  return Object.fromEntries(result.cost.lines.map((line) => [`${line.resource}: ${line.item}`, line.monthly === undefined ? '?' : line.monthly.toFixed(2)]));
}

/**
 * The same configuration costs the same from its synth and from its own plan: dev's plan (the one the
 * terraform tier makes anyway) knows its office-hours schedules by the group names the references
 * resolved to, not by the references themselves.
 */
describeWithTerraform('cost of dev from its synth and from its real offline plan', () => {
  let fromPlan: Review;
  let fromSynth: Review;

  beforeAll(async () => {
    const synthesized = environmentWithMetadata('dev');
    const plan = await sharedPlan(synthesized);
    fromPlan = review(modelFromJson(plan.plan, plan.planJsonPath));
    fromSynth = review(modelFromJson(JSON.parse(synthesized), 'dev'));
    reportTier('terraform tier: priced dev from its synth and from its plan');
  }, 600_000);

  it('prices the app tiers for office hours in both, line for line', () => {
    expect(lines(fromPlan)).toEqual(lines(fromSynth));
    // The database starts 15 minutes ahead of the tiers.
    expect(Object.keys(lines(fromPlan)).filter((item) => item.includes('(office hours:'))).toEqual([
      'three-tier-dev-backend: EC2 t4g.small × 1 (office hours: 50 of 168 h a week)',
      'three-tier-dev-frontend: EC2 t4g.micro × 1 (office hours: 50 of 168 h a week)',
      'three-tier-dev-mysql: RDS mysql db.t4g.micro Single-AZ (office hours: 51 of 168 h a week)',
    ]);
    expect(fromPlan.cost.total).toBeCloseTo(fromSynth.cost.total, 6);
  });
});
