import { ReviewInputError } from './errors';
import { isArray, isObject, str } from './json';
import type { DeclaredSuppression, Model } from './model';
import { RULE_IDS } from './rules';
import type { Finding } from './rules/types';

/** A reason shorter than this says nothing a reviewer could check. */
export const MIN_REASON_LENGTH = 10;

/** A suppression from configuration: a rule id, a resource address or address prefix, and why. */
export interface ConfigSuppression {
  readonly id: string;
  /** `aws_lb.frontend_alb_1A2B`, or a prefix such as `aws_lb.` for every load balancer. */
  readonly address: string;
  readonly reason: string;
}

export interface SuppressedFinding extends Finding {
  readonly reason: string;
  /** `resource`: declared beside the resource; `config`: from a suppressions file or option. */
  readonly source: 'resource' | 'config';
}

/** A suppression that matched no finding: stale, or aimed at the wrong address. */
export interface UnusedSuppression {
  readonly id: string;
  readonly address: string;
  readonly reason: string;
  readonly source: 'resource' | 'config';
}

function checkIdAndReason(id: string, reason: string, where: string): void {
  if (!RULE_IDS.has(id)) {
    throw new ReviewInputError(`${where}: suppression of unknown rule "${id}"; known rules: ${[...RULE_IDS].join(', ')}`);
  }
  if (reason.trim().length < MIN_REASON_LENGTH) {
    throw new ReviewInputError(`${where}: suppression of ${id} needs a reason of at least ${MIN_REASON_LENGTH} characters saying why the finding is acceptable (got ${JSON.stringify(reason)})`);
  }
}

export function validateDeclaredSuppression(id: string, reason: string, where: string): DeclaredSuppression {
  checkIdAndReason(id, reason, where);
  return { id, reason: reason.trim() };
}

/** Reads a suppressions file's content: a list of `{ id, address, reason }`. */
export function parseSuppressionConfig(json: unknown, origin: string): readonly ConfigSuppression[] {
  const entries = isObject(json) ? json.suppressions : json;
  if (!isArray(entries)) {
    throw new ReviewInputError(`${origin}: expected a list of { id, address, reason } (or { "suppressions": [...] })`);
  }
  return entries.map((entry, index) => {
    const where = `${origin}: suppression #${index + 1}`;
    const id = isObject(entry) ? str(entry.id) : undefined;
    const address = isObject(entry) ? str(entry.address) : undefined;
    const reason = isObject(entry) ? str(entry.reason) : undefined;
    if (id === undefined || address === undefined || address === '' || reason === undefined) {
      throw new ReviewInputError(`${where} must have string fields id, address (a resource address or prefix) and reason`);
    }
    checkIdAndReason(id, reason, where);
    return { id, address, reason: reason.trim() };
  });
}

export interface SuppressionResult {
  readonly active: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
  readonly unused: readonly UnusedSuppression[];
}

/** Splits findings into active and suppressed ones; suppressions are reported, never silently dropped. */
export function applySuppressions(model: Model, findings: readonly Finding[], config: readonly ConfigSuppression[] = []): SuppressionResult {
  const declared: UnusedSuppression[] = model.resources.flatMap((resource) => resource.suppressions.map((suppression) => ({ ...suppression, address: resource.address, source: 'resource' as const })));
  const configured: UnusedSuppression[] = config.map((suppression) => ({ ...suppression, source: 'config' as const }));
  const candidates = [...declared, ...configured];
  const used = new Set<UnusedSuppression>();
  const active: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of findings) {
    const match = candidates.find((suppression) => suppression.id === finding.id && (suppression.source === 'resource' ? suppression.address === finding.address : finding.address.startsWith(suppression.address)));
    if (match === undefined) {
      active.push(finding);
    } else {
      used.add(match);
      suppressed.push({ ...finding, reason: match.reason, source: match.source });
    }
  }
  return { active, suppressed, unused: candidates.filter((suppression) => !used.has(suppression)) };
}
