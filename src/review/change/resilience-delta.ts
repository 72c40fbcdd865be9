import type { Fate, Resilience } from '../resilience';

/** A path one zone's loss now cuts (or may cut), or no longer cuts. */
export interface ResilienceChange {
  readonly path: string;
  /** False for operator access (the admin CIDRs, an SSH jump host): listed, not counted in the headline. */
  readonly service: boolean;
  /** The zone, or `the zone of <component>` for a single point whose zone is chosen at apply. */
  readonly zone: string;
  /** `after this change, prod loses backend ASG → mysql RDS when ap-northeast-2c fails`. */
  readonly text: string;
}

export interface ResilienceDelta {
  /** Paths a zone's loss cuts after the change and did not before. */
  readonly loses: readonly ResilienceChange[];
  /** Paths a zone's loss may cut after the change (a zone the input does not fix), that survived it before. */
  readonly unknown: readonly ResilienceChange[];
  /** Paths one zone's loss cut before and no zone's loss cuts after. */
  readonly keeps: readonly ResilienceChange[];
}

/** Per path id: its label, and its fate in each scenario (a lost zone, or a single point's zone). */
interface ScenarioFate {
  readonly fate: Fate;
  readonly scenario: string;
  /** The components whose loss decides it (a single point: itself). */
  readonly causes: readonly string[];
}

function fatesOf(resilience: Resilience): ReadonlyMap<string, { readonly label: string; readonly service: boolean; readonly fates: ReadonlyMap<string, ScenarioFate> }> {
  const result = new Map<string, { label: string; service: boolean; fates: Map<string, ScenarioFate> }>();
  for (const path of resilience.paths) {
    result.set(path.id, { label: path.service ? path.label : `${path.label} (operator access)`, service: path.service, fates: new Map() });
  }
  for (const loss of resilience.losses) {
    for (const outcome of loss.outcomes) {
      result.get(outcome.path)?.fates.set(`zone ${loss.zone}`, { fate: outcome.fate, scenario: loss.zone, causes: outcome.causes.map((cause) => cause.address) });
    }
  }
  for (const point of resilience.singlePoints) {
    for (const id of point.cuts) {
      result.get(id)?.fates.set(`single ${point.address}`, { fate: 'lost', scenario: `the zone of ${point.label} (chosen at apply)`, causes: [point.address] });
    }
  }
  return result;
}

/** What the change does to the paths that survive the loss of one zone, read from both sides' resilience. */
export function resilienceDelta(before: Resilience, after: Resilience, environment: string | undefined): ResilienceDelta {
  const was = fatesOf(before);
  const now = fatesOf(after);
  const subject = environment ?? 'the stack';
  const loses: ResilienceChange[] = [];
  const unknown: ResilienceChange[] = [];
  const keeps: ResilienceChange[] = [];
  for (const [id, { label, service, fates }] of now) {
    const previous = was.get(id)?.fates;
    // What the loss of each component cut before: a single point whose zone is now chosen at apply (a
    // replaced single-AZ database) cut the path before too, in the zone it sat in.
    const cutBefore = new Set([...(previous?.values() ?? [])].filter((entry) => entry.fate === 'lost').flatMap((entry) => entry.causes));
    for (const [key, { fate, scenario, causes }] of fates) {
      const prior = previous?.get(key)?.fate ?? 'survives';
      const sameCause = causes.length > 0 && causes.every((cause) => cutBefore.has(cause));
      if (fate === 'lost' && prior !== 'lost' && !sameCause) {
        loses.push({ path: label, service, zone: scenario, text: `after this change, ${subject} loses ${label} when ${scenario} fails${previous === undefined ? ' (a new path)' : ''}` });
      } else if (fate === 'unknown' && prior === 'survives' && previous !== undefined) {
        unknown.push({ path: label, service, zone: scenario, text: `after this change, unknown whether ${subject} keeps ${label} when ${scenario} fails` });
      }
    }
    const lostBefore = [...(previous?.values() ?? [])].filter((entry) => entry.fate === 'lost');
    const cutAfter = [...fates.values()].some((entry) => entry.fate !== 'survives');
    if (lostBefore.length > 0 && !cutAfter) {
      keeps.push({
        path: label,
        service,
        zone: lostBefore.map((entry) => entry.scenario).join(', '),
        text: `after this change, ${subject} keeps ${label} when any one zone fails (before, losing ${lostBefore.map((entry) => entry.scenario).join(' or ')} cut it)`,
      });
    }
  }
  const byText = (a: ResilienceChange, b: ResilienceChange): number => a.text.localeCompare(b.text);
  return { loses: loses.sort(byText), unknown: unknown.sort(byText), keeps: keeps.sort(byText) };
}
