import type { CostLine } from '../cost';
import type { Review } from '../review';
import type { Severity } from '../rules/types';

export function money(amount: number): string {
  const sign = amount < 0 ? '-' : '';
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

export const ACTION_ORDER = ['create', 'update', 'replace', 'delete', 'no-op', 'read'] as const;
