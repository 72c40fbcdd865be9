import type { Model } from '../model';
import type { Topology } from '../topology';

export type Severity = 'error' | 'warning' | 'info';

/** A rule's result before the runner adds the rule's id, fix and peers. */
export interface Violation {
  readonly address: string;
  readonly message: string;
  /** Overrides the rule's severity, for rules whose weight depends on the environment or the resource. */
  readonly severity?: Severity;
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
}
