import { modelFromJson } from '../../../src/review/load';
import { review, type Review } from '../../../src/review/review';
import { environmentWithMetadata, type Overrides } from '../../support/stacks';

/** What `npm run review` reports on one environment built from its preset plus overrides. */
export function reviewEnvironment(environment: string, overrides: Overrides = {}): Review {
  return review(modelFromJson(JSON.parse(environmentWithMetadata(environment, overrides)), `${environment} stack`));
}

/** Sum of the priced lines whose key matches. */
export function monthlyOfKey(result: Review, key: RegExp): number {
  return result.cost.lines.filter((line) => key.test(line.priceKey)).reduce((total, line) => total + (line.monthly ?? 0), 0);
}
