import type { CostLine } from '../cost';
import type { Review } from '../review';
import type { Severity } from '../rules/types';

export function money(amount: number): string {
  // What rounds to no cent is $0.00, never -$0.00.
  const sign = amount <= -0.005 ? '-' : '';
  return `${sign}$${Math.abs(amount).toFixed(2)}`;
}

/** Signed, for savings: `+$43.07`, `-$46.72`, `±$0.00`. */
export function delta(amount: number): string {
  return Math.abs(amount) < 0.005 ? '±$0.00' : `${amount > 0 ? '+' : ''}${money(amount)}`;
}

export function unitPrice(line: CostLine): string {
  return line.unitPrice === undefined ? 'price unknown' : `$${Number(line.unitPrice.toFixed(6))}`;
}

export function quantity(line: CostLine): string {
  const amount = Number.isInteger(line.quantity) ? String(line.quantity) : line.quantity.toFixed(2);
  return `${amount} ${line.unit}`;
}

/** Confidence as the price table states it, and whose region's price stands in for Seoul. */
export function confidence(line: CostLine): string {
  const base = line.confidence ?? 'none';
  return line.regionOfPrice === undefined ? base : `${base}, ${line.regionOfPrice} price`;
}

export function counts(review: Review): Readonly<Record<Severity, number>> {
  const result: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of review.findings) {
    result[finding.severity] += 1;
  }
  return result;
}

export function describeInput(review: Review): string {
  const kind = review.kind === 'plan' ? 'Terraform plan' : 'synthesized stack';
  const environment = review.environment === undefined ? 'environment unknown, checked as production' : `environment ${review.environment}${review.production ? '' : ', non-production'}`;
  return `${kind} ${review.origin} (${environment})`;
}

export const ACTION_ORDER = ['create', 'update', 'replace', 'delete', 'forget', 'no-op', 'read'] as const;

/**
 * The verdict line. `partial`: module calls, other providers' resources or unknown reachability leave
 * part of the network unread, so "no error-level findings" says nothing about it. Types no rule reads
 * (IAM, logs, DNS records) are named too, without making the verdict partial.
 */
export function verdict(review: Review, errors: number): { readonly failed: boolean; readonly partial: boolean; readonly text: string } {
  const { moduleCalls, providers, resourceTypes } = review.notAnalysed;
  const unread = [
    ...(moduleCalls.length > 0 ? [`${moduleCalls.length} module call(s)`] : []),
    ...(providers.length > 0 ? [`${providers.reduce((sum, entry) => sum + entry.resources, 0)} resource(s) of other providers`] : []),
  ];
  const unknown = review.reachability.unknown.length;
  const caveats = [
    ...(review.summary.resources === 0 ? ['the input holds no managed resources to analyse'] : []),
    ...(unread.length > 0 ? [`not analysed: ${unread.join(', ')}`] : []),
    ...(unknown > 0 ? [`${unknown} reachability pair(s) unknown`] : []),
    ...(review.reachability.unknownRouting.length > 0 ? [`routing of ${review.reachability.unknownRouting.length} subnet(s) unknown`] : []),
    ...(review.reachability.unmodelled.length > 0
      ? [
          `${review.reachability.unmodelled.length} resource(s) that may receive traffic not modelled by the reachability analysis (${[...new Set(review.reachability.unmodelled.map((resource) => resource.type))].join(', ')})`,
        ]
      : []),
  ];
  const types = resourceTypes.length === 0 ? '' : ` (${resourceTypes.reduce((sum, entry) => sum + entry.resources, 0)} resource(s) of ${resourceTypes.length} type(s) no rule reads: see "Not analysed")`;
  if (errors > 0) {
    return { failed: true, partial: caveats.length > 0, text: `${errors} error-level finding(s): exit status 1${caveats.length === 0 ? '' : `; ${caveats.join('; ')}`}` };
  }
  return { failed: false, partial: caveats.length > 0, text: caveats.length === 0 ? `no error-level findings${types}` : `no error-level findings in what was analysed; ${caveats.join('; ')}${types}` };
}
