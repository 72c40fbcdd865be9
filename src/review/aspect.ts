import { Annotations, TerraformStack, type IAspect } from 'cdktf';
import type { IConstruct } from 'constructs';
import { modelFromSynth } from './from-synth';
import { isObject } from './json';
import { runRules } from './rules';
import type { Finding } from './rules/types';
import { applySuppressions, type ConfigSuppression } from './suppressions';

export interface ReviewAspectOptions {
  /** Suppressions from configuration, on top of those declared with `suppress()`. */
  readonly suppressions?: readonly ConfigSuppression[];
  /** Also annotate warning-level findings (printed by `cdktf synth`, not failing it). Default false. */
  readonly reportWarnings?: boolean;
}

/** For code that builds stacks itself; stacks built from config are described by `describeForConfig`. */
function describe(finding: Finding): string {
  return `${finding.id} ${finding.address}: ${finding.message}. Fix: ${finding.fix} (or suppress(resource, '${finding.id}', '<reason>'))`;
}

/** A finding the stack's synth must show: the construct it belongs to, and the text. */
export interface StackFinding {
  readonly construct: IConstruct;
  readonly severity: Finding['severity'];
  readonly text: string;
  readonly finding: Finding;
}

/**
 * Findings of stacks reviewed just before `app.synth()` (main.ts reviews every stack first, so that
 * nothing is written when one fails): the aspect reuses them instead of resolving the stack again.
 */
const reviewedBeforeSynth = new WeakMap<TerraformStack, StackFinding[]>();

/** Reviews a stack for the synth that follows at once; its ReviewAspect then reports these findings. */
export function reviewBeforeSynth(stack: TerraformStack): StackFinding[] {
  const findings = reviewStack(stack);
  reviewedBeforeSynth.set(stack, findings);
  return findings;
}

/** Runs the review's rules over one stack's JSON, after suppressions, mapped back to constructs. */
export function reviewStack(stack: TerraformStack, options: ReviewAspectOptions = {}): StackFinding[] {
  const json: unknown = stack.toTerraform();
  if (!isObject(json)) {
    return [];
  }
  const model = modelFromSynth(json, `stack ${stack.node.id}`);
  const { active } = applySuppressions(model, runRules(model), options.suppressions);
  const byPath = new Map(stack.node.findAll().map((construct) => [construct.node.path, construct]));
  return active.map((finding) => {
    const path = model.byAddress.get(finding.address)?.constructPath;
    return { construct: (path === undefined ? undefined : byPath.get(path)) ?? stack, severity: finding.severity, text: describe(finding), finding };
  });
}

/**
 * Runs the review's rules over a stack while it is synthesized: each unsuppressed error-level finding
 * becomes an error annotation on the resource, and cdktf then refuses to write the stack (`cdktf synth`
 * and `app.synth()` both fail on error annotations). Same rules as `npm run review`, read from the
 * same JSON, so the two cannot disagree.
 */
export class ReviewAspect implements IAspect {
  constructor(private readonly options: ReviewAspectOptions = {}) {}

  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node)) {
      return;
    }
    // Only a review with the same suppressions (none beyond the stack's own) can stand in.
    const reviewed = this.options.suppressions === undefined ? reviewedBeforeSynth.get(node) : undefined;
    for (const finding of reviewed ?? reviewStack(node, this.options)) {
      if (finding.severity === 'error') {
        Annotations.of(finding.construct).addError(finding.text);
      } else if (finding.severity === 'warning' && this.options.reportWarnings === true) {
        Annotations.of(finding.construct).addWarning(finding.text);
      }
    }
  }
}
