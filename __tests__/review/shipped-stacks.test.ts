import { Aspects, Testing, type TerraformStack } from 'cdktf';
import { loadProjectConfig } from '../../src/config';
import { ReviewAspect } from '../../src/review/aspect';
import { modelFromJson } from '../../src/review/load';
import { review, type Review } from '../../src/review/review';
import { MIN_REASON_LENGTH } from '../../src/review/suppressions';
import { EnvironmentStack } from '../../src/stacks/environment-stack';
import { StateStack } from '../../src/stacks/state-stack';
import { configFor } from '../support/stacks';

/**
 * The review of each shipped stack, read from `toTerraform()`: unlike `Testing.synth`, it keeps the
 * `"//"` keys where `suppress()` writes its reasons.
 */
function reviewOf(stack: TerraformStack): Review {
  return review(modelFromJson(stack.toTerraform(), stack.node.id));
}

const stacks: readonly (readonly [string, () => TerraformStack])[] = [
  ['dev', () => new EnvironmentStack(Testing.app(), 'dev', configFor('dev'))],
  ['prod', () => new EnvironmentStack(Testing.app(), 'prod', configFor('prod'))],
  ['state', () => new StateStack(Testing.app(), 'state', loadProjectConfig({ configDir: '__tests__/support/no-config', env: {} }))],
];

describe.each(stacks)('the shipped %s stack', (_name, build) => {
  const result = reviewOf(build());

  it('synthesizes with the ReviewAspect applied (the synth-time entry point of the same rules)', () => {
    const stack = build();
    if (!Aspects.of(stack).all.some((aspect) => aspect instanceof ReviewAspect)) {
      Aspects.of(stack).add(new ReviewAspect());
    }
    expect(() => Testing.fullSynth(stack)).not.toThrow();
  });

  it('has no unsuppressed error-level finding', () => {
    expect(result.findings.filter((finding) => finding.severity === 'error').map((finding) => `${finding.id} ${finding.address}: ${finding.message}`)).toEqual([]);
  });

  it('states a reason for every suppression, and every suppression still matches a finding', () => {
    for (const finding of result.suppressed) {
      expect(finding.reason.length).toBeGreaterThanOrEqual(MIN_REASON_LENGTH);
    }
    expect(result.unusedSuppressions).toEqual([]);
  });

  it("keeps the database out of the internet's reach", () => {
    expect(result.reachability.paths.filter((path) => path.startsWith('internet → ') && path.includes(' RDS'))).toEqual(
      result.reachability.targets.some((target) => target.kind === 'rds') ? [expect.stringMatching(/: unreachable$/)] : [],
    );
  });
});
