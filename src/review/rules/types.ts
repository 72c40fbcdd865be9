import type { Model } from '../model';
import type { PortRange } from '../ports';
import type { Topology } from '../topology';

export type Severity = 'error' | 'warning' | 'info';

/**
 * What a finding says beyond its rule and resource, as data: the change review compares findings by
 * it (never by message text), so a group already open on 443 that now opens 3306 is new exposure.
 */
export interface FindingSubject {
  /** The resource the finding is about when that is not its address (a rule's group): findings compare on it. */
  readonly about?: string;
  /** Ports it concerns: a later finding is new for ports no earlier one named. */
  readonly ports?: readonly PortRange[];
  /** Facts compared as a set (sources admitted, a volume, an attribute path): a fact no earlier finding named makes it new. */
  readonly facts?: readonly string[];
  /** Attribute values it judges: any other value makes it a new finding. */
  readonly values?: Readonly<Record<string, string | number | boolean | null>>;
}

/** A rule's result before the runner adds the rule's id, fix and peers. */
export interface Violation {
  readonly address: string;
  readonly message: string;
  /** Overrides the rule's severity, for rules whose weight depends on the environment or the resource. */
  readonly severity?: Severity;
  readonly subject?: FindingSubject;
}

/** What every rule gets: the resources and the network derived from them. */
export interface RuleContext {
  readonly model: Model;
  readonly topology: Topology;
  /** Production, or unknown (strict): environment-dependent rules are errors then. */
  readonly production: boolean;
}

export interface Rule {
  /** Our id, `TT-<area>-<nnn>`. */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly fix: string;
  /** Checkov and cdk-nag rule ids this rule covers. */
  readonly peers: readonly string[];
  check(context: RuleContext): readonly Violation[];
}

/** One result of the review: a rule violated by one resource. */
export interface Finding {
  readonly id: string;
  readonly severity: Severity;
  readonly address: string;
  readonly message: string;
  readonly fix: string;
  readonly peers: readonly string[];
  /** What it says, as data (ports, sources, values), when the message says more than rule and resource. */
  readonly subject?: FindingSubject;
}
