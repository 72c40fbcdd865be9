import { formatPorts, normalize, type PortRange } from '../ports';
import { ADMIN, INTERNET, type Reachability } from '../reachability';

/** A path the change opens, closes, widens or narrows. */
export interface PathChange {
  readonly change: 'new' | 'closed' | 'widened' | 'narrowed';
  readonly from: string;
  readonly to: string;
  /** The ports opened (new, widened) or closed (closed, narrowed). */
  readonly ports: string;
  /** For paths from the admin CIDRs: which. */
  readonly cidrs: readonly string[];
  /** `new: internet → bastion EC2 on tcp/22 from 203.0.113.0/24`. */
  readonly text: string;
}

export interface ReachabilityDelta {
  readonly opened: readonly PathChange[];
  readonly closed: readonly PathChange[];
  /** What the after side's analysis could not follow (reported, never taken as closed). */
  readonly notes: readonly string[];
}

/** Load balancers forward; which one carries a path is an implementation detail (per tier or shared). */
const LOAD_BALANCERS = 'load balancers';

interface Edge {
  readonly key: string;
  readonly from: string;
  readonly to: string;
  readonly cidrs: readonly string[];
  readonly ports: readonly PortRange[];
}

function edgesOf(reachability: Reachability): ReadonlyMap<string, Edge> {
  const albs = new Set(reachability.targets.filter((target) => target.kind === 'alb' || target.kind === 'clb').map((target) => target.address));
  const label = (id: string): string => (albs.has(id) ? LOAD_BALANCERS : id === ADMIN ? INTERNET : (reachability.sources.find((source) => source.id === id)?.label ?? id));
  const node = (id: string): string => (albs.has(id) ? LOAD_BALANCERS : id);
  const edges = new Map<string, Edge>();
  for (const flow of reachability.flows) {
    if (albs.has(flow.from) && albs.has(flow.to)) {
      continue;
    }
    // The admin CIDRs reach what the whole internet reaches; only what they alone reach is their path.
    const world = flow.from === ADMIN ? (reachability.flows.find((other) => other.from === INTERNET && other.to === flow.to)?.ports ?? []) : [];
    const ports = subtractPorts(flow.ports, world);
    if (ports.length === 0) {
      continue;
    }
    const cidrs = flow.from === ADMIN ? reachability.adminCidrs : [];
    const key = `${node(flow.from)}${cidrs.length > 0 ? `:${cidrs.join(',')}` : ''} -> ${node(flow.to)}`;
    const existing = edges.get(key);
    edges.set(key, { key, from: label(flow.from), to: label(flow.to), cidrs, ports: normalize([...(existing?.ports ?? []), ...ports]) });
  }
  return edges;
}

/** `a` without what `b` covers. A range of every protocol minus single protocols stays whole: an over-statement, never an omission. */
export function subtractPorts(a: readonly PortRange[], b: readonly PortRange[]): readonly PortRange[] {
  let rest: PortRange[] = [...a];
  for (const cut of b) {
    rest = rest.flatMap((range): PortRange[] => {
      if (cut.protocol !== 'all' && cut.protocol !== range.protocol) {
        return [range];
      }
      if (cut.to < range.from || cut.from > range.to) {
        return [range];
      }
      return [...(range.from < cut.from ? [{ ...range, to: cut.from - 1 }] : []), ...(range.to > cut.to ? [{ ...range, from: cut.to + 1 }] : [])];
    });
  }
  return normalize(rest);
}

function describe(change: PathChange['change'], edge: Edge, ports: readonly PortRange[]): PathChange {
  const text = formatPorts(ports);
  const origin = edge.cidrs.length > 0 ? ` from ${edge.cidrs.join(', ')}` : edge.from === INTERNET ? ' from anywhere' : '';
  const verb = change === 'widened' ? 'widened: ' : change === 'narrowed' ? 'narrowed: ' : `${change}: `;
  const what = change === 'widened' ? `now also on ${text}` : change === 'narrowed' ? `no longer on ${text}` : `on ${text}`;
  return { change, from: edge.from, to: edge.to, ports: text, cidrs: edge.cidrs, text: `${verb}${edge.from} → ${edge.to} ${what}${origin}` };
}

/** Paths the change opens and closes, from the same reachability analysis as the full review. */
export function reachabilityDelta(before: Reachability, after: Reachability): ReachabilityDelta {
  const was = edgesOf(before);
  const now = edgesOf(after);
  const opened: PathChange[] = [];
  const closed: PathChange[] = [];
  for (const edge of now.values()) {
    const previous = was.get(edge.key);
    if (previous === undefined) {
      opened.push(describe('new', edge, edge.ports));
      continue;
    }
    const added = subtractPorts(edge.ports, previous.ports);
    const removed = subtractPorts(previous.ports, edge.ports);
    if (added.length > 0) {
      opened.push(describe('widened', edge, added));
    }
    if (removed.length > 0) {
      closed.push(describe('narrowed', edge, removed));
    }
  }
  for (const edge of was.values()) {
    if (!now.has(edge.key)) {
      closed.push(describe('closed', edge, edge.ports));
    }
  }
  const byText = (a: PathChange, b: PathChange): number => a.text.localeCompare(b.text);
  return { opened: opened.sort(byText), closed: closed.sort(byText), notes: after.notes };
}
