import { formatPorts } from '../ports';
import { ADMIN, INTERNET, type Reachability } from '../reachability';

/**
 * Beyond this many components a who-reaches-whom matrix is unreadable (and grows with the square of the
 * network: 2,000 components make 4 million cells): the reports list the pairs that reach instead.
 */
export const MATRIX_LIMIT = 24;

/** One source and target pair with a known or possible path, in the matrix's order. */
export interface ReachingPair {
  readonly from: string;
  readonly to: string;
  /** Known open ports, `` when none are known. */
  readonly ports: string;
  /** What unresolved values could open, when anything. */
  readonly unknown: string | undefined;
  /** From outside the VPC (the internet or the admin CIDRs) straight to something that is not a load balancer. */
  readonly exposed: boolean;
}

/** Every pair with a known or possible path, ordered as the matrix rows and columns are. */
export function reachingPairs(reachability: Reachability): readonly ReachingPair[] {
  const labels = new Map(reachability.sources.map((source) => [source.id, source.label]));
  const targets = new Map(reachability.targets.map((target, index) => [target.address, { target, index }]));
  const sourceOrder = new Map(reachability.sources.map((source, index) => [source.id, index]));
  const known = new Map(reachability.flows.map((flow) => [`${flow.from}\u0000${flow.to}`, flow]));
  const doubtful = new Map(reachability.unknown.map((flow) => [`${flow.from}\u0000${flow.to}`, flow]));
  const keys = [...new Set([...known.keys(), ...doubtful.keys()])];
  const pairs = keys.map((key) => {
    const flow = known.get(key) ?? doubtful.get(key);
    const doubt = doubtful.get(key);
    const from = flow?.from ?? '';
    const to = targets.get(flow?.to ?? '');
    const ports = known.get(key)?.ports ?? [];
    return {
      order: [sourceOrder.get(from) ?? 0, to?.index ?? 0],
      pair: {
        from: labels.get(from) ?? from,
        to: to?.target.label ?? flow?.to ?? '',
        ports: ports.length === 0 ? '' : formatPorts(ports),
        unknown: doubt === undefined ? undefined : formatPorts(doubt.ports),
        exposed: (from === INTERNET || from === ADMIN) && to !== undefined && to.target.kind !== 'alb' && to.target.kind !== 'nlb',
      },
    };
  });
  return pairs.sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]).map((entry) => entry.pair);
}
