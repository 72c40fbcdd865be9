import { cidrContains, isPublicRange } from './cidr';
import { isOverlyWide, opensToWorld } from './internet-coverage';
import { coversPort, formatPorts, intersect, normalize, type PortRange } from './ports';
import { ownRules, reachabilityIndex } from './reachability-index';
import { isLoadBalancer, type Component, type SgRule, type Topology } from './topology';

export const INTERNET = 'internet';
export const ADMIN = 'admin';

/** A row of the matrix: the internet, the admin CIDRs or a component. */
export interface Source {
  readonly id: string;
  readonly label: string;
}

/** Traffic one source may open to one component. */
export interface Flow {
  readonly from: string;
  readonly to: string;
  readonly ports: readonly PortRange[];
}

/**
 * Traffic that what the input leaves unresolved may open, beyond the known flows: never read as
 * unreachable. `ports` are those open if every unknown resolves the open way.
 */
export interface UnknownFlow {
  readonly from: string;
  readonly to: string;
  readonly ports: readonly PortRange[];
  /** What cannot be resolved, each naming the value. */
  readonly why: readonly string[];
}

export interface Reachability {
  readonly sources: readonly Source[];
  readonly targets: readonly Component[];
  /** Only source/target pairs with at least one port known to be open. */
  readonly flows: readonly Flow[];
  /** Pairs where unresolved values may open more than the known flows. */
  readonly unknown: readonly UnknownFlow[];
  readonly adminCidrs: readonly string[];
  /** Derived statements: "internet → mysql RDS: unreachable", "SSH: ...", "internet → web EC2: unknown (...)". */
  readonly paths: readonly string[];
  readonly notes: readonly string[];
  /** Subnets whose route to the internet the input does not resolve, each with why: never read as "no route". */
  readonly unknownRouting: readonly string[];
  /** Resources that may receive traffic but are not modelled (`Topology.unmodelled`): the analysis is partial while any is present. */
  readonly unmodelled: readonly { readonly address: string; readonly type: string }[];
}

/**
 * How unknowns are read: `known` counts only what the input fixes (a lower bound), `open` lets every
 * unresolved value take the most open meaning (an upper bound). Where they differ, the answer is unknown.
 */
type Mode = 'known' | 'open';

/** What an unresolved group may hold: a rule admitting everything. */
function anything(component: Component): SgRule {
  return {
    address: component.address,
    direction: 'ingress',
    group: component.address,
    protocol: 'all',
    from: 0,
    to: 65535,
    cidrs: ['0.0.0.0/0', '::/0'],
    peers: [],
    description: undefined,
    unknownCidrs: ['unresolved group'],
    unknownPeers: ['unresolved group'],
  };
}

function isMember(component: Component, group: string): boolean {
  return component.groups.includes(group) || component.externalGroups.includes(group);
}

function rulesOf(topology: Topology, component: Component, direction: SgRule['direction'], mode: Mode): readonly SgRule[] {
  const index = reachabilityIndex(topology);
  const own = ownRules(index, component, direction);
  if (mode === 'known') {
    return own;
  }
  // A rule whose group cannot be resolved may belong to any group (one looked up by a data source, say).
  return [...own, ...index.stray[direction], ...(component.unknown.groups.length > 0 ? [{ ...anything(component), direction }] : [])];
}

/**
 * The components that `names` may accept for one of a target's ingress rules: members of its peer
 * groups, components in subnets its CIDRs overlap, and, reading unknowns the open way, anyone when a
 * rule's sources are unresolved. `undefined` stands for every component. Who else could reach the
 * target (`between`) is empty without one of them, so only these are asked.
 */
function candidateSources(topology: Topology, target: Component, mode: Mode): ReadonlySet<Component> | undefined {
  const index = reachabilityIndex(topology);
  const found = new Set<Component>();
  for (const rule of rulesOf(topology, target, 'ingress', mode)) {
    if (mode === 'open' && (rule.unknownPeers.length > 0 || rule.unknownCidrs.length > 0)) {
      return undefined;
    }
    rule.peers.forEach((group) => (index.members.get(group) ?? []).forEach((member) => found.add(member)));
    const cidrs = !target.publicIp ? rule.cidrs : rule.cidrs.filter((range) => !isOverlyWide([range]));
    cidrs.forEach((cidr) => index.overlapping(cidr).forEach((member) => found.add(member)));
    if (mode === 'open' && cidrs.length > 0) {
      index.placementUnknown.forEach((member) => found.add(member));
    }
  }
  return found;
}

/** A load balancer without security groups filters nothing (an NLB): it admits its listener ports from anywhere. */
function isUnfiltered(component: Component): boolean {
  return component.kind === 'nlb' && component.groups.length === 0 && component.externalGroups.length === 0 && component.unknown.groups.length === 0;
}

function overlaps(a: string, b: string): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

/** Whether the addresses of a component are partly unknown (unresolved subnets, or a subnet of unknown CIDR). */
function placementUnknown(component: Component): boolean {
  return component.unknown.subnets.length > 0 || component.subnets.some((subnet) => subnet.cidr === undefined);
}

/**
 * Whether a rule names the other side: by group membership, or by a CIDR overlapping one of its
 * subnets (10.0.0.0/16 admits every subnet inside it, and 10.0.1.0/25 the part of one it covers).
 * Ranges as wide as the internet count for egress (they hold every private address) and for ingress
 * to a component without a public address; to a public one, traffic goes to its public address,
 * leaves through NAT and is the internet's row.
 */
function names(rule: SgRule, other: Component, mode: Mode, target: Component): boolean {
  if (rule.peers.some((group) => isMember(other, group))) {
    return true;
  }
  const cidrs = rule.direction === 'egress' || !target.publicIp ? rule.cidrs : rule.cidrs.filter((range) => !isOverlyWide([range]));
  const covered = (cidr: string | undefined): boolean => cidr !== undefined && cidrs.some((range) => overlaps(range, cidr));
  // Alternatives (it sits in one of them): known only when every one is named.
  if (other.oneOfSubnets && mode === 'known' ? other.subnets.every((subnet) => covered(subnet.cidr)) : other.subnets.some((subnet) => covered(subnet.cidr))) {
    return true;
  }
  return mode === 'open' && (rule.unknownPeers.length > 0 || rule.unknownCidrs.length > 0 || (cidrs.length > 0 && placementUnknown(other)));
}

/** Whether the internet can address the component: a public IP in a subnet routed to an internet gateway. */
function exposedToInternet(component: Component, mode: Mode): boolean {
  const publicIp = component.publicIp || (mode === 'open' && component.unknown.publicIp !== undefined);
  const viaGateway = (subnet: Component['subnets'][number]): boolean => subnet.defaultRoute.via === 'igw' || (mode === 'open' && subnet.defaultRoute.via === 'unknown');
  const routed = component.oneOfSubnets && mode === 'known' ? component.subnets.every(viaGateway) : component.subnets.some(viaGateway);
  return publicIp && (routed || (mode === 'open' && component.unknown.subnets.length > 0));
}

/**
 * The ports on which a set of rules admits a range of sources that `admits` accepts as a whole: the
 * union of the rules' CIDRs is judged port by port, so 0.0.0.0/1 on one rule and 128.0.0.0/1 on
 * another open the port to the world together.
 */
function portsAdmitting(rules: readonly SgRule[], admits: (cidrs: readonly string[]) => boolean, mode: Mode): readonly PortRange[] {
  const cidrsOf = (rule: SgRule): readonly string[] => (mode === 'open' && rule.unknownCidrs.length > 0 ? [...rule.cidrs, '0.0.0.0/0', '::/0'] : rule.cidrs);
  const candidates = rules.filter((rule) => cidrsOf(rule).length > 0);
  const opened: PortRange[] = [];
  // The same sources cover many port ranges: each set of CIDRs is judged once.
  const verdicts = new Map<string, boolean>();
  const judged = (cidrs: readonly string[]): boolean => {
    const key = cidrs.join('\u0000');
    const known = verdicts.get(key);
    if (known !== undefined) {
      return known;
    }
    const verdict = admits(cidrs);
    verdicts.set(key, verdict);
    return verdict;
  };
  for (const protocol of new Set(candidates.map((rule) => rule.protocol))) {
    const relevant = candidates.filter((rule) => rule.protocol === protocol || rule.protocol === 'all');
    const bounds = [...new Set(relevant.flatMap((rule) => [rule.from, rule.to + 1]))].sort((a, b) => a - b);
    // A sweep over the port bounds: the rules covering each range between two bounds, kept up to date.
    const startsAt = new Map<number, SgRule[]>();
    const endsAt = new Map<number, SgRule[]>();
    for (const rule of relevant) {
      startsAt.set(rule.from, [...(startsAt.get(rule.from) ?? []), rule]);
      endsAt.set(rule.to + 1, [...(endsAt.get(rule.to + 1) ?? []), rule]);
    }
    const covering = new Set<SgRule>();
    for (let index = 0; index < bounds.length - 1; index += 1) {
      const from = bounds[index];
      (endsAt.get(from) ?? []).forEach((rule) => covering.delete(rule));
      (startsAt.get(from) ?? []).forEach((rule) => covering.add(rule));
      if (covering.size > 0 && judged([...new Set([...covering].flatMap(cidrsOf))].sort())) {
        opened.push({ protocol, from, to: bounds[index + 1] - 1 });
      }
    }
  }
  return normalize(opened);
}

/** The ports a set of rules opens, together, to sources that `admits` accepts (`opensToWorld`, `isOverlyWide`). */
export function portsOpenTo(rules: readonly SgRule[], admits: (cidrs: readonly string[]) => boolean): readonly PortRange[] {
  return portsAdmitting(rules, admits, 'known');
}

/** IPv6 sources reach only what holds an IPv6 address: `::/0` opens nothing in a subnet without an IPv6 CIDR. */
function reachableRules(rules: readonly SgRule[], target: Component, mode: Mode): readonly SgRule[] {
  if (target.ipv6 === true || (target.ipv6 === 'unknown' && mode === 'open')) {
    return rules;
  }
  return rules.map((rule) => ({ ...rule, cidrs: rule.cidrs.filter((cidr) => !cidr.includes(':')) }));
}

function fromCidrs(topology: Topology, target: Component, admits: (cidrs: readonly string[]) => boolean, mode: Mode): readonly PortRange[] {
  if (!exposedToInternet(target, mode)) {
    return [];
  }
  if (isUnfiltered(target)) {
    return normalize(target.listenerPorts.map((port) => ({ protocol: 'tcp', from: port, to: port })));
  }
  return portsAdmitting(reachableRules(rulesOf(topology, target, 'ingress', mode), target, mode), admits, mode);
}

/** Ports S may open to T: T's ingress must admit S and S's egress must allow T (groups are stateful, replies pass). */
function between(topology: Topology, source: Component, target: Component, mode: Mode): readonly PortRange[] {
  const forwarded = source.targets.filter((entry) => entry.address === target.address);
  if (isUnfiltered(source) && forwarded.length > 0) {
    // An NLB without groups keeps the client's address: the target must admit the clients themselves.
    const ports: PortRange[] = forwarded.map((entry) => (entry.port === undefined ? { protocol: 'tcp', from: 0, to: 65535 } : { protocol: 'tcp', from: entry.port, to: entry.port }));
    const ingress = rulesOf(topology, target, 'ingress', mode).filter((rule) => names(rule, source, mode, target) || opensToWorld(rule.cidrs) || (mode === 'open' && rule.unknownCidrs.length > 0));
    return normalize(ingress.flatMap((rule) => ports.map((port) => intersect(rule, port)).filter((range): range is PortRange => range !== undefined)));
  }
  if (isUnfiltered(target)) {
    return [];
  }
  const ingress = rulesOf(topology, target, 'ingress', mode).filter((rule) => names(rule, source, mode, target));
  const egress = isUnfiltered(source) ? [anything(source)] : rulesOf(topology, source, 'egress', mode).filter((rule) => names(rule, target, mode, target));
  return normalize(ingress.flatMap((inbound) => egress.map((outbound) => intersect(inbound, outbound)).filter((range): range is PortRange => range !== undefined)));
}

/** The flows a chain from one source through forwarders can use: out of the source or a forwarder, into a forwarder; and who reaches each target. */
interface ChainGraph {
  readonly outgoing: ReadonlyMap<string, readonly Flow[]>;
  /** Per target, the source and the forwarders with a flow into it. */
  readonly into: ReadonlyMap<string, ReadonlySet<string>>;
}

function chainGraph(all: readonly Flow[], forwarders: ReadonlySet<string>, from: string): ChainGraph {
  const outgoing = new Map<string, Flow[]>();
  const into = new Map<string, Set<string>>();
  for (const flow of all) {
    if (flow.from !== from && !forwarders.has(flow.from)) {
      continue;
    }
    into.set(flow.to, (into.get(flow.to) ?? new Set<string>()).add(flow.from));
    if (forwarders.has(flow.to)) {
      const list = outgoing.get(flow.from);
      if (list === undefined) {
        outgoing.set(flow.from, [flow]);
      } else {
        list.push(flow);
      }
    }
  }
  return { outgoing, into };
}

/**
 * Every shortest chain from a source to a target through load balancers: they forward requests, so
 * "internet → app" through an ALB is reachability; an app server talking to the database is not.
 */
function shortestChains(graph: ChainGraph, from: string, to: string): readonly (readonly string[])[] {
  const reaching = graph.into.get(to) ?? new Set<string>();
  const next = (node: string): readonly Flow[] => graph.outgoing.get(node) ?? [];
  let frontier: (readonly string[])[] = next(from)
    .filter((flow) => flow.to !== to)
    .map((flow) => [flow.to]);
  const seen = new Set<string>([from, ...frontier.map((chain) => chain[0])]);
  while (frontier.length > 0) {
    const arrived = frontier.filter((chain) => reaching.has(chain[chain.length - 1]));
    if (arrived.length > 0) {
      return arrived;
    }
    const extended: (readonly string[])[] = [];
    for (const chain of frontier) {
      for (const flow of next(chain[chain.length - 1]).filter((candidate) => !seen.has(candidate.to) && candidate.to !== to)) {
        extended.push([...chain, flow.to]);
      }
    }
    extended.forEach((chain) => seen.add(chain[chain.length - 1]));
    frontier = extended;
  }
  return [];
}

function flowsOf(topology: Topology, sources: readonly Source[], adminCidrs: readonly string[], mode: Mode): Flow[] {
  const components = topology.components;
  const order = new Map(components.map((component, index) => [component, index]));
  // Unfiltered load balancers (NLBs without groups) pass their clients to their targets whatever the targets' rules name.
  const forwarding = new Map<string, Component[]>();
  for (const source of components.filter(isUnfiltered)) {
    for (const entry of source.targets) {
      forwarding.set(entry.address, [...(forwarding.get(entry.address) ?? []), source]);
    }
  }
  const flows: Flow[] = [];
  for (const target of components) {
    const candidates = isUnfiltered(target) ? new Set<Component>() : candidateSources(topology, target, mode);
    const asked = candidates === undefined ? components : [...new Set([...candidates, ...(forwarding.get(target.address) ?? [])])].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    const possible: Flow[] = [
      // "The internet": 0.0.0.0/0, ranges covering most of it together, or one range wider than anyone owns.
      { from: INTERNET, to: target.address, ports: fromCidrs(topology, target, isOverlyWide, mode) },
      ...(sources.some((source) => source.id === ADMIN)
        ? [{ from: ADMIN, to: target.address, ports: fromCidrs(topology, target, (cidrs) => adminCidrs.some((admin) => cidrs.some((cidr) => cidrContains(cidr, admin))), mode) }]
        : []),
      ...asked.filter((source) => source !== target).map((source) => ({ from: source.address, to: target.address, ports: between(topology, source, target, mode) })),
    ];
    flows.push(...possible.filter((flow) => flow.ports.length > 0));
  }
  return flows;
}

/** What cannot be resolved about a component, its subnets' routes and the rules of its groups. */
function unknownsOf(topology: Topology, component: Component, direction: SgRule['direction']): string[] {
  const own = [
    ...component.unknown.groups,
    ...component.unknown.subnets,
    ...(component.unknown.publicIp === undefined ? [] : [component.unknown.publicIp]),
    ...(component.oneOfSubnets ? [`${component.label} sits in one of ${component.subnets.map((subnet) => subnet.name).join(', ')}, and the input does not say which`] : []),
    ...(component.ipv6 === 'unknown' && component.unknown.subnets.length === 0 ? [`whether ${component.label} has an IPv6 address is unknown (its subnets' IPv6 CIDRs are)`] : []),
  ];
  const routes = component.subnets.flatMap((subnet) => (subnet.defaultRoute.via === 'unknown' ? [subnet.defaultRoute.why] : []));
  const cidrs = component.subnets.filter((subnet) => subnet.cidr === undefined).map((subnet) => `the CIDR of ${subnet.name} is not resolved`);
  const rules = rulesOf(topology, component, direction, 'known').flatMap((rule) => [...rule.unknownCidrs, ...rule.unknownPeers].map((token) => `a rule of ${rule.group} (${rule.address}) has ${token}`));
  const stray = reachabilityIndex(topology).stray[direction].map((rule) => `${rule.address} may apply: ${rule.groupUnknown}`);
  return [...own, ...routes, ...cidrs, ...rules, ...stray];
}

function unknownFlows(topology: Topology, known: readonly Flow[], open: readonly Flow[]): UnknownFlow[] {
  const byPair = new Map(known.map((flow) => [`${flow.from}\u0000${flow.to}`, flow]));
  const byAddress = new Map(topology.components.map((component) => [component.address, component]));
  return open.flatMap((flow): UnknownFlow[] => {
    const certain = byPair.get(`${flow.from}\u0000${flow.to}`);
    if (certain !== undefined && formatPorts(certain.ports) === formatPorts(flow.ports)) {
      return [];
    }
    const target = byAddress.get(flow.to);
    const source = byAddress.get(flow.from);
    const why = [...new Set([...(target === undefined ? [] : unknownsOf(topology, target, 'ingress')), ...(source === undefined ? [] : unknownsOf(topology, source, 'egress'))])];
    return [{ from: flow.from, to: flow.to, ports: flow.ports, why: why.length > 0 ? why : ['values the input does not resolve'] }];
  });
}

/** The first of each source and target pair, looked up by pair. */
function byPair<T extends { readonly from: string; readonly to: string }>(list: readonly T[]): (from: string, to: string) => T | undefined {
  const map = new Map<string, T>();
  for (const item of list) {
    const key = `${item.from}\u0000${item.to}`;
    if (!map.has(key)) {
      map.set(key, item);
    }
  }
  return (from, to) => map.get(`${from}\u0000${to}`);
}

function pathStatements(
  sources: readonly Source[],
  targets: readonly Component[],
  flows: readonly Flow[],
  open: readonly Flow[],
  unknown: readonly UnknownFlow[],
  unmodelled: readonly { readonly address: string }[],
): string[] {
  const labels = new Map(sources.map((source) => [source.id, source.label]));
  const label = (id: string): string => labels.get(id) ?? id;
  const entries = sources.filter((source) => source.id === INTERNET || source.id === ADMIN);
  const forwarders = new Set(targets.filter((target) => isLoadBalancer(target.kind)).map((target) => target.address));
  const flowOf = byPair(flows);
  const doubtOf = byPair(unknown);
  const statements = entries.flatMap((source) => {
    // Chains start at the source and pass through forwarders only: the flows that can be part of one, once per source.
    const known = chainGraph(flows, forwarders, source.id);
    const possible = chainGraph(open, forwarders, source.id);
    return targets.map((target) => {
      const direct = flowOf(source.id, target.address);
      const doubt = doubtOf(source.id, target.address);
      const more = doubt === undefined ? '' : `; unknown beyond that, up to ${formatPorts(doubt.ports)}: ${doubt.why.join('; ')}`;
      if (direct !== undefined) {
        return `${source.label} → ${target.label}: direct on ${formatPorts(direct.ports)}${more}`;
      }
      const chains = shortestChains(known, source.id, target.address);
      if (chains.length > 0) {
        return `${source.label} → ${target.label}: only through ${chains.map((chain) => chain.map(label).join(' → ')).join(' or ')}${more}`;
      }
      if (doubt !== undefined) {
        return `${source.label} → ${target.label}: unknown, possibly direct on ${formatPorts(doubt.ports)}: ${doubt.why.join('; ')}`;
      }
      const openChains = shortestChains(possible, source.id, target.address);
      if (openChains.length > 0) {
        const why = [
          ...new Set(openChains.flatMap((chain) => chain.flatMap((hop, index) => unknown.filter((flow) => flow.to === hop || (index === chain.length - 1 && flow.to === target.address)).flatMap((flow) => flow.why)))),
        ];
        return `${source.label} → ${target.label}: unknown, possibly through ${openChains.map((chain) => chain.map(label).join(' → ')).join(' or ')}${why.length > 0 ? `: ${why.join('; ')}` : ''}`;
      }
      return `${source.label} → ${target.label}: unreachable`;
    });
  });
  const ssh = flows.filter((flow) => flow.ports.some((range) => coversPort(range, 22)));
  const sshUnknown = unknown.filter((flow) => flow.ports.some((range) => coversPort(range, 22)) && !ssh.some((known) => known.from === flow.from && known.to === flow.to));
  const fromOutside = ssh.filter((flow) => flow.from === INTERNET || flow.from === ADMIN);
  const bySource = [...new Set(ssh.map((flow) => flow.from))].map(
    (from) =>
      `${label(from)} → ${ssh
        .filter((flow) => flow.from === from)
        .map((flow) => label(flow.to))
        .join(', ')}`,
  );
  const known =
    ssh.length === 0
      ? sshUnknown.length === 0 && unmodelled.length === 0
        ? 'nothing accepts SSH'
        : 'nothing known to accept SSH'
      : `${fromOutside.length === 0 && sshUnknown.every((flow) => flow.from !== INTERNET && flow.from !== ADMIN) ? 'none from outside the VPC; ' : ''}${bySource.join('; ')}`;
  const doubtful = sshUnknown.length === 0 ? '' : `; unknown: ${sshUnknown.map((flow) => `${label(flow.from)} → ${label(flow.to)}`).join(', ')} (values the input does not resolve)`;
  return [...statements, `SSH (tcp/22): ${known}${doubtful}`];
}

/** The rows of the matrix: the internet, the admin CIDRs (public ranges narrower than the internet that some rule admits) and each component. */
function sourcesOf(topology: Topology): { readonly sources: readonly Source[]; readonly adminCidrs: readonly string[] } {
  const adminCidrs = [...new Set(topology.rules.filter((rule) => rule.direction === 'ingress').flatMap((rule) => rule.cidrs.filter((cidr) => isPublicRange(cidr) && !isOverlyWide([cidr]))))].sort();
  const sources: Source[] = [
    { id: INTERNET, label: INTERNET },
    ...(adminCidrs.length > 0 ? [{ id: ADMIN, label: `admin (${adminCidrs.join(', ')})` }] : []),
    ...topology.components.map((component) => ({ id: component.address, label: component.label })),
  ];
  return { sources, adminCidrs };
}

/** Only the flows the input fixes (no unknowns, no statements): what the resilience analysis recomputes per lost zone. */
export function knownFlows(topology: Topology): readonly Flow[] {
  const { sources, adminCidrs } = sourcesOf(topology);
  return flowsOf(topology, sources, adminCidrs, 'known');
}

/** Whether `from` reaches `to`: directly, or through the load balancers in a set of forwarders, which forward requests. */
export type Reaches = (from: string, to: string) => boolean;

/**
 * `reaches` over one set of flows: what each source reaches is walked once (its direct targets, then
 * whatever the forwarders it reaches send on) and kept, so asking about every pair stays linear per source.
 */
export function reachesOver(flows: readonly Flow[], forwarders: ReadonlySet<string>): Reaches {
  const targets = new Map<string, Set<string>>();
  for (const flow of flows) {
    targets.set(flow.from, (targets.get(flow.from) ?? new Set<string>()).add(flow.to));
  }
  const closures = new Map<string, ReadonlySet<string>>();
  const closureOf = (from: string): ReadonlySet<string> => {
    const known = closures.get(from);
    if (known !== undefined) {
      return known;
    }
    const reached = new Set<string>(targets.get(from));
    // A chain never passes back through its own source.
    const visited = new Set<string>([from]);
    const queue = [...reached].filter((node) => forwarders.has(node) && !visited.has(node));
    queue.forEach((node) => visited.add(node));
    for (let node = queue.pop(); node !== undefined; node = queue.pop()) {
      for (const next of targets.get(node) ?? []) {
        reached.add(next);
        if (forwarders.has(next) && !visited.has(next)) {
          visited.add(next);
          queue.push(next);
        }
      }
    }
    closures.set(from, reached);
    return reached;
  };
  return (from, to) => closureOf(from).has(to);
}

/** Who can reach what on which port: from the internet, the admin CIDRs and each component, to each component; unknown where the input does not say. */
export function reachabilityOf(topology: Topology): Reachability {
  const components = topology.components;
  const { sources, adminCidrs } = sourcesOf(topology);
  const flows = flowsOf(topology, sources, adminCidrs, 'known');
  const open = flowsOf(topology, sources, adminCidrs, 'open');
  const unknown = unknownFlows(topology, flows, open);
  const unknownRouting = topology.subnets.flatMap((subnet) => (subnet.defaultRoute.via === 'unknown' ? [subnet.defaultRoute.why] : []));
  const notes = [
    ...unknownRouting,
    ...components.filter((component) => component.defaultGroup).map((component) => `${component.label} names no security group: AWS attaches the VPC's default group, which this analysis does not model`),
    ...components.filter(isUnfiltered).map((component) => `${component.label} has no security group: it passes its listener ports from anywhere to its targets, which see the clients' addresses`),
    ...topology.rules.filter((rule) => rule.groupUnknown !== undefined).map((rule) => `${rule.address}: ${rule.groupUnknown}; it may apply to any component, so what it opens is unknown`),
  ];
  const unmodelled = topology.unmodelled;
  const notModelled = unmodelled.map((resource) => `${resource.address} (${resource.type}) may receive traffic, which this analysis does not model: who reaches it is unknown`);
  return { sources, targets: components, flows, unknown, adminCidrs, paths: pathStatements(sources, components, flows, open, unknown, unmodelled), notes: [...notes, ...notModelled], unknownRouting, unmodelled };
}

/** The ports one source may open to one target; empty when unreachable or unknown. */
export function portsBetween(reachability: Reachability, from: string, to: string): readonly PortRange[] {
  return reachability.flows.find((flow) => flow.from === from && flow.to === to)?.ports ?? [];
}

/** What unresolved values may open beyond the known ports, if anything. */
export function unknownBetween(reachability: Reachability, from: string, to: string): UnknownFlow | undefined {
  return reachability.unknown.find((flow) => flow.from === from && flow.to === to);
}
