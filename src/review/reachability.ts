import { cidrContains, isPublicRange } from './cidr';
import { coversPort, formatPorts, intersect, isWorld, normalize, type PortRange } from './ports';
import type { Component, SgRule, Topology } from './topology';

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

export interface Reachability {
  readonly sources: readonly Source[];
  readonly targets: readonly Component[];
  /** Only source/target pairs with at least one open port. */
  readonly flows: readonly Flow[];
  readonly adminCidrs: readonly string[];
  /** Derived statements: "internet → mysql RDS: unreachable", "SSH: ...". */
  readonly paths: readonly string[];
  readonly notes: readonly string[];
}

function rulesOf(topology: Topology, component: Component, direction: SgRule['direction']): readonly SgRule[] {
  return topology.rules.filter((rule) => rule.direction === direction && component.groups.includes(rule.group));
}

function subnetCidrs(component: Component): readonly string[] {
  return component.subnets.map((subnet) => subnet.cidr).filter((cidr): cidr is string => cidr !== undefined);
}

/**
 * Whether a rule names the other side: by group membership, or by a CIDR holding one of its subnets.
 * 0.0.0.0/0 does not count: traffic to a public address leaves through NAT and is the internet's row.
 */
function names(rule: SgRule, other: Component): boolean {
  const cidrs = rule.cidrs.filter((range) => !isWorld(range));
  return rule.peers.some((group) => other.groups.includes(group)) || subnetCidrs(other).some((cidr) => cidrs.some((range) => cidrContains(range, cidr)));
}

function exposedToInternet(component: Component): boolean {
  return component.publicIp && component.subnets.some((subnet) => subnet.defaultRoute.via === 'igw');
}

function ingressFromCidrs(topology: Topology, target: Component, admits: (cidr: string) => boolean): readonly PortRange[] {
  if (!exposedToInternet(target)) {
    return [];
  }
  return normalize(rulesOf(topology, target, 'ingress').filter((rule) => rule.cidrs.some(admits)));
}

/** Ports S may open to T: T's ingress must admit S and S's egress must allow T (groups are stateful, replies pass). */
function between(topology: Topology, source: Component, target: Component): readonly PortRange[] {
  const ingress = rulesOf(topology, target, 'ingress').filter((rule) => names(rule, source));
  const egress = rulesOf(topology, source, 'egress').filter((rule) => names(rule, target));
  return normalize(ingress.flatMap((inbound) => egress.map((outbound) => intersect(inbound, outbound)).filter((range): range is PortRange => range !== undefined)));
}

/**
 * Every shortest chain from a source to a target through load balancers: they forward requests, so
 * "internet → app" through an ALB is reachability; an app server talking to the database is not.
 */
function shortestChains(all: readonly Flow[], forwarders: ReadonlySet<string>, from: string, to: string): readonly (readonly string[])[] {
  const flows = all.filter((flow) => (flow.from === from || forwarders.has(flow.from)) && (flow.to === to || forwarders.has(flow.to)));
  let frontier: (readonly string[])[] = flows.filter((flow) => flow.from === from && flow.to !== to).map((flow) => [flow.to]);
  const seen = new Set<string>([from, ...frontier.map((chain) => chain[0])]);
  while (frontier.length > 0) {
    const arrived = frontier.filter((chain) => flows.some((flow) => flow.from === chain[chain.length - 1] && flow.to === to));
    if (arrived.length > 0) {
      return arrived;
    }
    const next: (readonly string[])[] = [];
    for (const chain of frontier) {
      for (const flow of flows.filter((candidate) => candidate.from === chain[chain.length - 1] && !seen.has(candidate.to) && candidate.to !== to)) {
        next.push([...chain, flow.to]);
      }
    }
    next.forEach((chain) => seen.add(chain[chain.length - 1]));
    frontier = next;
  }
  return [];
}

function pathStatements(sources: readonly Source[], targets: readonly Component[], flows: readonly Flow[]): string[] {
  const label = (id: string): string => sources.find((source) => source.id === id)?.label ?? id;
  const entries = sources.filter((source) => source.id === INTERNET || source.id === ADMIN);
  const forwarders = new Set(targets.filter((target) => target.kind === 'alb').map((target) => target.address));
  const statements = entries.flatMap((source) =>
    targets.map((target) => {
      const direct = flows.find((flow) => flow.from === source.id && flow.to === target.address);
      if (direct !== undefined) {
        return `${source.label} → ${target.label}: direct on ${formatPorts(direct.ports)}`;
      }
      const chains = shortestChains(flows, forwarders, source.id, target.address);
      return chains.length === 0 ? `${source.label} → ${target.label}: unreachable` : `${source.label} → ${target.label}: only through ${chains.map((chain) => chain.map(label).join(' → ')).join(' or ')}`;
    }),
  );
  const ssh = flows.filter((flow) => flow.ports.some((range) => coversPort(range, 22)));
  const fromOutside = ssh.filter((flow) => flow.from === INTERNET || flow.from === ADMIN);
  const bySource = [...new Set(ssh.map((flow) => flow.from))].map((from) => `${label(from)} → ${ssh.filter((flow) => flow.from === from).map((flow) => label(flow.to)).join(', ')}`);
  const sshLine = ssh.length === 0 ? 'nothing accepts SSH' : `${fromOutside.length === 0 ? 'none from outside the VPC; ' : ''}${bySource.join('; ')}`;
  return [...statements, `SSH (tcp/22): ${sshLine}`];
}

/** Who can reach what on which port: from the internet, the admin CIDRs and each component, to each component. */
export function reachabilityOf(topology: Topology): Reachability {
  const components = topology.components;
  const adminCidrs = [...new Set(topology.rules.filter((rule) => rule.direction === 'ingress').flatMap((rule) => rule.cidrs.filter(isPublicRange)))].sort();
  const sources: Source[] = [
    { id: INTERNET, label: INTERNET },
    ...(adminCidrs.length > 0 ? [{ id: ADMIN, label: `admin (${adminCidrs.join(', ')})` }] : []),
    ...components.map((component) => ({ id: component.address, label: component.label })),
  ];
  const flows: Flow[] = [];
  for (const target of components) {
    const candidates: Flow[] = [
      { from: INTERNET, to: target.address, ports: ingressFromCidrs(topology, target, isWorld) },
      ...(adminCidrs.length > 0 ? [{ from: ADMIN, to: target.address, ports: ingressFromCidrs(topology, target, (cidr) => adminCidrs.some((admin) => cidrContains(cidr, admin))) }] : []),
      ...components.filter((source) => source !== target).map((source) => ({ from: source.address, to: target.address, ports: between(topology, source, target) })),
    ];
    flows.push(...candidates.filter((flow) => flow.ports.length > 0));
  }
  const notes = components.filter((component) => component.groups.length === 0).map((component) => `${component.label} names no security group: AWS attaches the VPC's default group, which this analysis does not model`);
  return { sources, targets: components, flows, adminCidrs, paths: pathStatements(sources, components, flows), notes };
}

/** The ports one source may open to one target; empty when unreachable. */
export function portsBetween(reachability: Reachability, from: string, to: string): readonly PortRange[] {
  return reachability.flows.find((flow) => flow.from === from && flow.to === to)?.ports ?? [];
}
