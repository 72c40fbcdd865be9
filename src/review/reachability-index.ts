import { cidrInterval } from './internet-coverage';
import { memoize } from './memoize';
import type { Component, SgRule, Topology } from './topology';

/**
 * Lookups the reachability analysis asks for again and again, built once per topology: the rules of
 * each group, the members of each group, and which components sit in subnets a CIDR overlaps. With
 * them, who may reach a component is found from its own rules instead of by asking every other
 * component, so the analysis grows with the network, not with its square.
 */
export interface ReachabilityIndex {
  /** A group's rules of one direction (`group\u0000direction`), in topology order. */
  readonly rulesByGroup: ReadonlyMap<string, readonly SgRule[]>;
  /** Rules whose group cannot be resolved, per direction: they may apply to any component. */
  readonly stray: Readonly<Record<SgRule['direction'], readonly SgRule[]>>;
  /** Each rule's position in `topology.rules`, to keep that order when rules of several groups are joined. */
  readonly position: ReadonlyMap<SgRule, number>;
  /** Components by the groups they belong to (addresses and outside ids). */
  readonly members: ReadonlyMap<string, readonly Component[]>;
  /** Components whose subnets overlap a CIDR. */
  readonly overlapping: (cidr: string) => ReadonlySet<Component>;
  /** Components whose addresses are partly unknown (unresolved subnets, or a subnet of unknown CIDR). */
  readonly placementUnknown: ReadonlySet<Component>;
}

const indexes = new WeakMap<Topology, ReachabilityIndex>();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) {
    map.set(key, [value]);
  } else {
    list.push(value);
  }
}

function build(topology: Topology): ReachabilityIndex {
  const rulesByGroup = new Map<string, SgRule[]>();
  const stray: Record<SgRule['direction'], SgRule[]> = { ingress: [], egress: [] };
  const position = new Map<SgRule, number>();
  topology.rules.forEach((rule, index) => {
    position.set(rule, index);
    if (rule.groupUnknown === undefined) {
      push(rulesByGroup, `${rule.group}\u0000${rule.direction}`, rule);
    } else {
      stray[rule.direction].push(rule);
    }
  });
  const members = new Map<string, Component[]>();
  for (const component of topology.components) {
    for (const group of new Set([...component.groups, ...component.externalGroups])) {
      push(members, group, component);
    }
  }
  const placed = topology.components.flatMap((component) =>
    component.subnets.flatMap((subnet) => {
      const range = subnet.cidr === undefined ? undefined : cidrInterval(subnet.cidr);
      return range === undefined ? [] : [{ component, range }];
    }),
  );
  const overlapping = memoize((cidr: string): ReadonlySet<Component> => {
    const range = cidrInterval(cidr);
    return new Set(
      range === undefined
        ? []
        : placed.filter((entry) => entry.range.family === range.family && entry.range.interval[0] <= range.interval[1] && range.interval[0] <= entry.range.interval[1]).map((entry) => entry.component),
    );
  });
  const placementUnknown = new Set(topology.components.filter((component) => component.unknown.subnets.length > 0 || component.subnets.some((subnet) => subnet.cidr === undefined)));
  return { rulesByGroup, stray, position, members, overlapping, placementUnknown };
}

/** The index of a topology, built on first use. */
export function reachabilityIndex(topology: Topology): ReachabilityIndex {
  let index = indexes.get(topology);
  if (index === undefined) {
    index = build(topology);
    indexes.set(topology, index);
  }
  return index;
}

/** The rules of a component's groups in one direction, in topology order. */
export function ownRules(index: ReachabilityIndex, component: Component, direction: SgRule['direction']): readonly SgRule[] {
  const groups = [...new Set([...component.groups, ...component.externalGroups])];
  const lists = groups.map((group) => index.rulesByGroup.get(`${group}\u0000${direction}`) ?? []);
  if (lists.length === 1) {
    return lists[0];
  }
  return [...new Set(lists.flat())].sort((a, b) => (index.position.get(a) ?? 0) - (index.position.get(b) ?? 0));
}
