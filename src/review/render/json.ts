import { errorsOf, type Review } from '../review';
import { isPartial } from '../coverage';
import { counts, verdict } from './format';

/** The report for machines: the whole review plus a status block CI can read without recounting. */
export function renderJson(review: Review): string {
  const errors = errorsOf(review).length;
  const status = { ...counts(review), suppressed: review.suppressed.length, exitCode: errors > 0 ? 1 : 0, complete: !verdict(review, errors).partial, notAnalysed: isPartial(review.notAnalysed) };
  // Nothing priced is no total at all: null, with why, never a 0 a script could add up.
  const cost = review.cost.region.priced === undefined ? { ...review.cost, total: null, totalUnknown: review.cost.region.note } : review.cost;
  return `${JSON.stringify({ status, ...review, cost }, null, 2)}\n`;
}
