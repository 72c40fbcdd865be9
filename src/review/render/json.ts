import { errorsOf, type Review } from '../review';
import { isPartial } from '../coverage';
import { counts, verdict } from './format';

/** The report for machines: the whole review plus a status block CI can read without recounting. */
export function renderJson(review: Review): string {
  const errors = errorsOf(review).length;
  const status = { ...counts(review), suppressed: review.suppressed.length, exitCode: errors > 0 ? 1 : 0, complete: !verdict(review, errors).partial, notAnalysed: isPartial(review.notAnalysed) };
  return `${JSON.stringify({ status, ...review }, null, 2)}\n`;
}
