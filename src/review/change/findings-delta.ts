import type { Finding } from '../rules/types';

/** Findings split by what the change did to them, so a pull request is judged by what it changes. */
export interface FindingsDelta {
  readonly introduced: readonly Finding[];
  readonly fixed: readonly Finding[];
  /** There before and after (also on a resource that takes the place of a deleted one of its type): listed apart, not held against the change. */
  readonly unchanged: readonly Finding[];
}

/** Resources the change creates and deletes, by address. */
export interface Turnover {
  readonly created: ReadonlySet<string>;
  readonly deleted: ReadonlySet<string>;
}

const key = (finding: Finding): string => `${finding.id}|${finding.address}`;
const typeOf = (address: string): string => address.replace(/^(module\.[^.]+\.)*/, '').split('.')[0];

export function findingsDelta(before: readonly Finding[], after: readonly Finding[], turnover: Turnover = { created: new Set(), deleted: new Set() }): FindingsDelta {
  const was = new Set(before.map(key));
  const now = new Set(after.map(key));
  const fixed = before.filter((finding) => !now.has(key(finding)));
  const introduced: Finding[] = [];
  const unchanged = after.filter((finding) => was.has(key(finding)));
  // A finding on a new resource that replaces a deleted one of its type with the same finding (one shared ALB for two) is not new.
  const carried = new Set<Finding>();
  for (const finding of after.filter((candidate) => !was.has(key(candidate)))) {
    const predecessor = fixed.find((old) => !carried.has(old) && old.id === finding.id && typeOf(old.address) === typeOf(finding.address) && turnover.deleted.has(old.address) && turnover.created.has(finding.address));
    if (predecessor === undefined) {
      introduced.push(finding);
    } else {
      carried.add(predecessor);
      unchanged.push(finding);
    }
  }
  // Every deleted resource's finding is gone; those of a type whose findings carry over are not "fixed" either.
  const carriedIds = new Set([...carried].map((finding) => `${finding.id}|${typeOf(finding.address)}`));
  return { introduced, fixed: fixed.filter((finding) => !carried.has(finding) && !carriedIds.has(`${finding.id}|${typeOf(finding.address)}`)), unchanged };
}
