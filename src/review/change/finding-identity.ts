import { normalize, type PortRange } from '../ports';
import type { Finding, Severity } from '../rules/types';
import { subtractPorts } from './reachability-delta';

/**
 * When one finding says no more than others: the same rule, about the same thing, at most as severe,
 * with the same judged values, no fact and no port they do not name. Compared on what findings say as
 * data (`Finding.subject`), never on message text, which names display names and changes with them.
 */

const RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** What a finding is about: its subject's resource (a rule's group), else its address. */
export function aboutOf(finding: Finding): string {
  return finding.subject?.about ?? finding.address;
}

function sameValues(a: Finding, b: Finding): boolean {
  const left = a.subject?.values ?? {};
  const right = b.subject?.values ?? {};
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  return [...keys].every((key) => left[key] === right[key]);
}

function factsWithin(finding: Finding, others: Finding): boolean {
  const known = new Set(others.subject?.facts ?? []);
  return (finding.subject?.facts ?? []).every((fact) => known.has(fact));
}

/** The ports of `finding` that none of `others` names; empty when it names no ports or all are named. */
export function newPorts(finding: Finding, others: readonly Finding[]): readonly PortRange[] {
  const ports = finding.subject?.ports;
  if (ports === undefined || ports.length === 0) {
    return [];
  }
  return subtractPorts(normalize(ports), normalize(others.flatMap((other) => other.subject?.ports ?? [])));
}

/**
 * Whether `earlier` (findings about the same resource as `finding`) already say what it says: the
 * same rule, at least as severe, the same values, every fact and every port named.
 */
export function coveredBy(finding: Finding, earlier: readonly Finding[]): boolean {
  const candidates = earlier.filter((other) => other.id === finding.id && RANK[other.severity] <= RANK[finding.severity] && sameValues(other, finding) && factsWithin(finding, other));
  if (candidates.length === 0) {
    return false;
  }
  return (finding.subject?.ports ?? []).length === 0 || newPorts(finding, candidates).length === 0;
}

/** Findings grouped by a key (rule and what they are about), for `coveredBy`. */
export function indexFindings(findings: readonly Finding[], key: (finding: Finding) => string): (finding: Finding) => readonly Finding[] {
  const index = new Map<string, Finding[]>();
  for (const finding of findings) {
    const id = key(finding);
    const list = index.get(id);
    if (list === undefined) {
      index.set(id, [finding]);
    } else {
      list.push(finding);
    }
  }
  return (finding) => index.get(key(finding)) ?? [];
}
