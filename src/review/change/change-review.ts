import type { Model, NotAnalysed } from '../model';
import { review, type ReviewOptions } from '../review';
import type { Finding } from '../rules/types';
import { broadeningOf, type Broadening } from './broadening';
import { costDelta, type CostDelta } from './cost-delta';
import { findingsDelta, type FindingsDelta } from './findings-delta';
import { keepingForgotten, underNewAddresses } from './moves';
import { withConfiguredAttributes } from './prior-state';
import { reachabilityDelta, type ReachabilityDelta } from './reachability-delta';
import { resilienceDelta, type ResilienceDelta } from './resilience-delta';
import { resourceChangesOf, type ResourceAction, type ResourceChangeEntry } from './resource-changes';
import { withChanges, type ChangeSides } from './sides';

/** What besides errors makes the change review exit 1: `broadening`, like `cdk deploy --require-approval broadening`. */
export type FailOn = 'broadening';

export interface ChangeReviewOptions extends ReviewOptions {
  readonly failOn?: readonly FailOn[];
}

export interface ChangeSide {
  readonly origin: string;
  readonly kind: Model['kind'];
  readonly environment: string | undefined;
}

/** Everything the change review reports about one change. */
export interface ChangeReview {
  readonly environment: string | undefined;
  readonly before: ChangeSide;
  readonly after: ChangeSide;
  /** `plan`: Terraform's own actions and replace paths; `compare`: two states compared with the ForceNew table. */
  readonly source: 'plan' | 'compare';
  readonly resources: readonly ResourceChangeEntry[];
  readonly actions: Readonly<Record<ResourceAction, number>>;
  readonly reachability: ReachabilityDelta;
  readonly broadening: Broadening;
  readonly cost: CostDelta;
  readonly findings: FindingsDelta;
  /** Paths the loss of one Availability Zone cuts after the change and not before, and the reverse. */
  readonly resilience: ResilienceDelta;
  /** What the after side holds that no analysis reads (modules, other providers, types): reported, never taken as unchanged. */
  readonly notAnalysed: NotAnalysed;
  /** Why the change blocks (exit status 1); empty when it does not. */
  readonly blocking: readonly string[];
  /** `opens 1 path, +$43.07/month, replaces 1 stateful resource`. */
  readonly headline: string;
  readonly exitCode: 0 | 1;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * `+$43.07/month`, over the resources priced on both sides, and how many are not; what rounds to no
 * cent is no cost change, never `-$0.00`.
 */
function costPart(cost: CostDelta, touched: ReadonlySet<string>): string | undefined {
  // An unpriced resource the change leaves alone changes nothing.
  const unpriced = cost.lines.filter((line) => line.unpriced && (touched.has(line.address) || Math.abs(line.delta) >= 0.005)).length;
  const cents = Math.round(cost.pricedDelta * 100);
  const unpricedText = plural(unpriced, 'resource');
  if (cents === 0) {
    return unpriced > 0 ? `cost change unknown: ${unpricedText} unpriced` : undefined;
  }
  return `${cents > 0 ? '+' : '-'}$${(Math.abs(cents) / 100).toFixed(2)}/month${unpriced > 0 ? ` (${unpricedText} unpriced)` : ''}`;
}

function headlineOf(resources: readonly ResourceChangeEntry[], reachability: ReachabilityDelta, broadening: Broadening, cost: CostDelta, introducedErrors: readonly Finding[], resilience: ResilienceDelta): string {
  const parts: string[] = [];
  if (reachability.opened.length > 0) {
    parts.push(`opens ${plural(reachability.opened.length, 'path')}`);
  }
  if (reachability.closed.length > 0) {
    parts.push(`closes ${plural(reachability.closed.length, 'path')}`);
  }
  const money = costPart(cost, new Set(resources.map((entry) => entry.address)));
  if (money !== undefined) {
    parts.push(money);
  }
  const stateful = (action: ResourceAction): number => resources.filter((entry) => entry.stateful && entry.action === action).length;
  if (stateful('replace') > 0) {
    parts.push(`replaces ${plural(stateful('replace'), 'stateful resource')}`);
  }
  if (stateful('delete') > 0) {
    parts.push(`deletes ${plural(stateful('delete'), 'stateful resource')}`);
  }
  const forgotten = resources.filter((entry) => entry.action === 'forget').length;
  if (forgotten > 0) {
    parts.push(`forgets ${plural(forgotten, 'resource')} (${forgotten === 1 ? 'it keeps' : 'they keep'} running and costing, unmanaged)`);
  }
  const moved = resources.filter((entry) => entry.movedFrom !== undefined).length;
  if (moved > 0) {
    parts.push(`moves ${plural(moved, 'resource')}`);
  }
  const added = broadening.securityGroups.added.length + broadening.iam.added.length;
  if (broadening.broadens) {
    parts.push(`broadens ${plural(added, 'permission')}`);
  }
  if (introducedErrors.length > 0) {
    parts.push(`${plural(introducedErrors.length, 'new error')}`);
  }
  const fragile = new Set(resilience.loses.filter((entry) => entry.service).map((entry) => entry.path)).size;
  if (fragile > 0) {
    parts.push(`loses ${plural(fragile, 'path')} when one AZ fails`);
  }
  if (parts.length === 0) {
    return resources.length === 0 ? 'no change' : `${plural(resources.length, 'resource change')}, no path, cost or permission change`;
  }
  return parts.join(', ');
}

/** The change review: resource actions, reachability, permissions, cost and findings, before against after. */
export function reviewChange(given: ChangeSides, options: ChangeReviewOptions = {}): ChangeReview {
  // A moved object is compared with itself under its new address; a forgotten one stays on the after side.
  const before = withConfiguredAttributes(underNewAddresses(given.before, given.moves ?? new Map()), given.after);
  const sides: ChangeSides = { ...given, before, after: keepingForgotten(given.after, before, given.forgotten ?? new Set()) };
  const resources = resourceChangesOf(sides);
  // Two synths carry no actions: give the after side the compared ones, so TT-PLAN-001 judges them as it judges a plan.
  const after =
    sides.planned === undefined
      ? withChanges(
          sides.after,
          resources.flatMap((entry) => (entry.action === 'move' || entry.action === 'forget' ? [] : [{ address: entry.address, type: entry.type, kind: entry.action }])),
        )
      : sides.after;
  const reviewOptions: ReviewOptions = { suppressions: options.suppressions, prices: options.prices, usage: options.usage };
  const was = review(sides.before, reviewOptions);
  const now = review(after, reviewOptions);
  const reachability = reachabilityDelta(was.reachability, now.reachability);
  const broadening = broadeningOf(sides.before, sides.after);
  const cost = costDelta(was.cost, now.cost);
  const turnover = {
    created: new Set(resources.filter((entry) => entry.action === 'create').map((entry) => entry.address)),
    deleted: new Set(resources.filter((entry) => entry.action === 'delete').map((entry) => entry.address)),
  };
  const findings = findingsDelta(was.findings, now.findings, turnover);
  const resilience = resilienceDelta(was.resilience, now.resilience, sides.after.environment ?? sides.before.environment);
  const blockingChanges = resources.filter((entry) => entry.blocking);
  const blockingAddresses = new Set(blockingChanges.map((entry) => entry.address));
  // TT-PLAN-001 on a stateful replacement says what section 1 already says: counted once.
  const introducedErrors = findings.introduced.filter((finding) => finding.severity === 'error' && !(finding.id === 'TT-PLAN-001' && blockingAddresses.has(finding.address)));
  const blocking = [
    ...blockingChanges.map((entry) => `${entry.action} of ${entry.address}: ${entry.note ?? ''}`),
    ...introducedErrors.map((finding) => `new error ${finding.id} on ${finding.address}: ${finding.message}`),
    ...((options.failOn ?? []).includes('broadening') && broadening.broadens ? ['the change broadens security-group or IAM permissions (--fail-on broadening)'] : []),
  ];
  const actions: Record<ResourceAction, number> = { create: 0, update: 0, replace: 0, delete: 0, move: 0, forget: 0 };
  resources.forEach((entry) => {
    actions[entry.action] += 1;
  });
  return {
    environment: sides.after.environment ?? sides.before.environment,
    before: { origin: sides.before.origin, kind: sides.before.kind, environment: sides.before.environment },
    after: { origin: sides.after.origin, kind: sides.after.kind, environment: sides.after.environment },
    source: sides.planned === undefined ? 'compare' : 'plan',
    resources,
    actions,
    reachability,
    broadening,
    cost,
    findings,
    resilience,
    notAnalysed: sides.after.notAnalysed,
    blocking,
    headline: headlineOf(resources, reachability, broadening, cost, introducedErrors, resilience),
    exitCode: blocking.length > 0 ? 1 : 0,
  };
}
