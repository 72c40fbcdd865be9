import type { Finding } from '../rules/types';
import { aboutOf, coveredBy, indexFindings } from './finding-identity';

/** Findings split by what the change did to them, so a pull request is judged by what it changes. */
export interface FindingsDelta {
  /** Findings that say something no finding before said: a new rule hit, a new port or source, another value, a higher severity. */
  readonly introduced: readonly Finding[];
  /** Findings before that nothing after says any more (wholly or in part: a port closed, a value changed). */
  readonly fixed: readonly Finding[];
  /** There before and after (also on a resource that takes the place of a deleted one of its type): listed apart, not held against the change. */
  readonly unchanged: readonly Finding[];
}

/** Resources the change creates and deletes, by address. */
export interface Turnover {
  readonly created: ReadonlySet<string>;
  readonly deleted: ReadonlySet<string>;
}

const typeOf = (address: string): string => address.replace(/^(module\.[^.]+\.)*/, '').split('.')[0];
const sameResource = (finding: Finding): string => `${finding.id}|${aboutOf(finding)}`;
const sameType = (finding: Finding): string => `${finding.id}|${typeOf(aboutOf(finding))}`;

/**
 * Findings compared by what they say (`finding-identity.ts`): a group already open to the world on 443
 * that now also opens 3306 has a new finding, and so has a database whose backups go from 7 days to 0.
 */
export function findingsDelta(before: readonly Finding[], after: readonly Finding[], turnover: Turnover = { created: new Set(), deleted: new Set() }): FindingsDelta {
  const earlier = indexFindings(before, sameResource);
  const later = indexFindings(after, sameResource);
  const unchanged = after.filter((finding) => coveredBy(finding, earlier(finding)));
  const kept = new Set(unchanged);
  const gone = before.filter((finding) => !coveredBy(finding, later(finding)));
  // A finding on a new resource that takes a deleted one's place (one shared ALB for two), saying what the deleted one's said, is not new.
  const predecessors = indexFindings(
    gone.filter((finding) => turnover.deleted.has(finding.address)),
    sameType,
  );
  const introduced: Finding[] = [];
  const successors: Finding[] = [];
  for (const finding of after.filter((candidate) => !kept.has(candidate))) {
    if (turnover.created.has(finding.address) && coveredBy(finding, predecessors(finding))) {
      successors.push(finding);
    } else {
      introduced.push(finding);
    }
  }
  // Every deleted resource's finding is gone; one that a successor still has is not "fixed" either.
  const carried = indexFindings(successors, sameType);
  const fixed = gone.filter((finding) => !(turnover.deleted.has(finding.address) && coveredBy(finding, carried(finding))));
  return { introduced, fixed, unchanged: [...unchanged, ...successors] };
}
