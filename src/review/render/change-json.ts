import type { ChangeReview } from '../change/change-review';

/** The change review for machines: every section, plus the exit status and why. */
export function renderChangeJson(change: ChangeReview): string {
  const { exitCode, blocking, headline, ...sections } = change;
  return `${JSON.stringify({ status: { exitCode, headline, blocking }, ...sections }, null, 2)}\n`;
}
