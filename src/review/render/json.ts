import { errorsOf, type Review } from '../review';
import { counts } from './format';

/** The report for machines: the whole review plus a status block CI can read without recounting. */
export function renderJson(review: Review): string {
  const errors = errorsOf(review).length;
  return `${JSON.stringify({ status: { ...counts(review), suppressed: review.suppressed.length, exitCode: errors > 0 ? 1 : 0 }, ...review }, null, 2)}\n`;
}
