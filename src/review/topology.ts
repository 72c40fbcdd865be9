import { TRAFFIC_RECEIVING_TYPES } from './coverage';
import { block, blocks, bool, num, str, strings, type JsonObject } from './json';
import { displayName, KNOWN_AFTER_APPLY, ofType, referenced, referencedAddresses, referencedOne, referrers, resolve, tag, type Model, type Resource } from './model';

/** Where a route table sends 0.0.0.0/0; `unknown` when a table, route or target cannot be resolved. */
export type DefaultRoute = { readonly via: 'igw'; readonly target: string } | { readonly via: 'nat'; readonly target: string } | { readonly via: 'none' } | { readonly via: 'unknown'; readonly why: string };

/** A value the input does not fix: an interpolation of something not in the model (`${var.x}`, `${(known after apply)}`). */
export function isUnknownValue(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** `var.subnet_id`, `known after apply`: an unresolved value as a reader wants to see it. */
export function shown(value: unknown): string {
  return typeof value === 'string' ? value.replace(/^\$\{\(?/, '').replace(/\)?\}$/, '') : JSON.stringify(value);
}

/** An unresolved token with why, where the token alone does not say: a plan JSON never records what a local holds. */
export function describeUnresolved(token: string): string {
  return /^local\./.test(token) ? `${token} (a local: not in a plan JSON; pass --config)` : token;
}

export interface Subnet {
  readonly address: string;
  readonly name: string;
  /** The `Tier` tag; without one, derived from the default route: public (IGW), private (NAT) or isolated. */
  readonly tier: string;
  readonly az: string;
  readonly cidr: string | undefined;
  readonly vpc: string | undefined;
  readonly routeTable: string | undefined;
  readonly defaultRoute: DefaultRoute;
  readonly mapPublicIp: boolean;
  /** Why `map_public_ip_on_launch` is unknown, when it is. */
  readonly mapPublicIpUnknown?: string;
  /** Whether it has an IPv6 CIDR (`ipv6_cidr_block`), so that `::/0` rules can reach what sits in it. */
  readonly ipv6: boolean | 'unknown';
}

/** One security-group rule, from any of Terraform's three ways to write one. */
export interface SgRule {
  /** The resource declaring it: a rule resource, or the group for inline rules. */
  readonly address: string;
  readonly direction: 'ingress' | 'egress';
  /** The group the rule belongs to. */
  readonly group: string;
  /** `all`, `tcp`, `udp`, `icmp`, ... */
  readonly protocol: string;
  readonly from: number;
  readonly to: number;
  readonly cidrs: readonly string[];
  /** Groups whose members the rule admits (ingress) or targets (egress): addresses, or ids of groups outside the input. */
  readonly peers: readonly string[];
  readonly description: string | undefined;
  /** CIDR entries that cannot be resolved (`var.cidrs`, a data source): they may admit anyone. */
  readonly unknownCidrs: readonly string[];
  /** Peer groups that cannot be resolved: they may hold any component. */
  readonly unknownPeers: readonly string[];
  /** Why the group the rule belongs to cannot be resolved; `group` then holds the expression. */
  readonly groupUnknown?: string;
}

/** `clb`: a Classic Load Balancer (`aws_elb`). */
export type ComponentKind = 'alb' | 'nlb' | 'clb' | 'instance' | 'asg' | 'rds';

/** Load balancers forward requests: "internet → app only through the ALB" is reachability. */
export function isLoadBalancer(kind: ComponentKind): boolean {
  return kind === 'alb' || kind === 'nlb' || kind === 'clb';
}

/** What cannot be resolved about a component: each entry says what and why. */
export interface ComponentUnknowns {
  /** Security groups named by an unresolvable expression or by the id of a group outside the input. */
  readonly groups: readonly string[];
  /** Subnets that cannot be resolved (or none named: the default VPC's). */
  readonly subnets: readonly string[];
  /** Why whether it holds a public IPv4 address is unknown. */
  readonly publicIp: string | undefined;
}

/** Something that receives traffic: the nodes of the reachability matrix and the diagram. */
export interface Component {
  readonly address: string;
  readonly kind: ComponentKind;
  readonly label: string;
  readonly groups: readonly string[];
  readonly subnets: readonly Subnet[];
  /**
   * The subnets are alternatives, not a set: it sits in one of them and the input does not say which
   * (`subnet_id` from an element of a list the plan does not spell out).
   */
  readonly oneOfSubnets: boolean;
  /** Whether it can hold an IPv6 address: one of its subnets has an IPv6 CIDR. */
  readonly ipv6: boolean | 'unknown';
  /** It holds a public IPv4 address (internet-facing ALB, EIP, auto-assigned IP, public RDS); false when unknown. */
  readonly publicIp: boolean;
  /** It names no security group, so AWS attaches its VPC's default group (an NLB without groups filters nothing instead). */
  readonly defaultGroup: boolean;
  /** Ids of groups outside the input that it belongs to (`sg-0abc`): rules naming them still apply. */
  readonly externalGroups: readonly string[];
  readonly unknown: ComponentUnknowns;
  /** Load balancers: the ports their listeners take (an NLB without groups admits them from anywhere). */
  readonly listenerPorts: readonly number[];
  /** Load balancers: the components their target groups send traffic to, with the target port. */
  readonly targets: readonly { readonly address: string; readonly port: number | undefined }[];
}

export interface Topology {
  readonly subnets: readonly Subnet[];
  readonly rules: readonly SgRule[];
  readonly components: readonly Component[];
  /** Resources that may receive traffic and are no component here (an EKS cluster, a Classic ELB): reachability is partial while any is present. */
  readonly unmodelled: readonly { readonly address: string; readonly type: string }[];
}

const PROTOCOLS: Readonly<Record<string, string>> = { '-1': 'all', all: 'all', '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

function protocolName(value: unknown): string {
  const raw = String(value ?? '-1').toLowerCase();
  return PROTOCOLS[raw] ?? raw;
}

function portRange(protocol: string, values: JsonObject): { from: number; to: number } {
  // Protocol "all" ignores ports; so do ICMP types, which are not ports.
  if (protocol === 'all' || protocol.startsWith('icmp')) {
    return { from: 0, to: 65535 };
  }
  const from = num(values.from_port);
  const to = num(values.to_port);
  return { from: from === undefined || from < 0 ? 0 : from, to: to === undefined || to < 0 ? 65535 : to };
}

function cidrsOf(values: JsonObject, ...keys: readonly string[]): string[] {
  return keys.flatMap((key) => strings(values[key]).filter((cidr) => !cidr.includes('${')));
}

function unknownCidrsOf(values: JsonObject, ...keys: readonly string[]): string[] {
  return keys.flatMap((key) =>
    strings(values[key])
      .filter(isUnknownValue)
      .map((cidr) => `${key} = ${shown(cidr)}`),
  );
}

/** Peer groups of a rule: resolved addresses and outside ids, and what cannot be resolved. */
function peersOf(model: Model, value: unknown): { readonly peers: readonly string[]; readonly unknownPeers: readonly string[] } {
  const resolution = resolve(model, value);
  const outside = resolution.unresolved.filter((token) => /^sg-/.test(token));
  return { peers: [...resolution.addresses, ...outside], unknownPeers: resolution.unresolved.filter((token) => !/^sg-/.test(token)) };
}

/** The group a rule resource belongs to: an address, the id of a group outside the input, or an unresolved expression. */
function groupOf(model: Model, value: unknown): { readonly group: string; readonly groupUnknown?: string } | undefined {
  const resolution = resolve(model, value);
  const group = resolution.addresses.find((address) => ['aws_security_group', 'aws_default_security_group'].includes(model.byAddress.get(address)?.type ?? ''));
  if (group !== undefined) {
    return { group };
  }
  const token = resolution.unresolved[0];
  if (token === undefined) {
    return undefined;
  }
  return /^sg-/.test(token) ? { group: token } : { group: token, groupUnknown: `its security group is ${token}, which the input does not resolve` };
}

/**
 * A plan of an existing group echoes standalone rules in the group's own `ingress`/`egress` lists.
 * An inline rule keeps only the sources no standalone rule of the same group, direction and ports gives.
 */
function withoutEchoes(inline: readonly SgRule[], standalone: readonly SgRule[]): SgRule[] {
  return inline.flatMap((rule) => {
    const same = standalone.filter((other) => other.group === rule.group && other.direction === rule.direction && other.protocol === rule.protocol && other.from === rule.from && other.to === rule.to);
    if (same.length === 0) {
      return [rule];
    }
    const cidrs = rule.cidrs.filter((cidr) => !same.some((other) => other.cidrs.includes(cidr)));
    const peers = rule.peers.filter((peer) => !same.some((other) => other.peers.includes(peer)));
    return cidrs.length === 0 && peers.length === 0 && rule.unknownCidrs.length === 0 && rule.unknownPeers.length === 0 ? [] : [{ ...rule, cidrs, peers }];
  });
}

function ruleResources(model: Model): SgRule[] {
  const perRule = ofType(model, 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule').flatMap((resource): SgRule[] => {
    const group = groupOf(model, resource.values.security_group_id);
    if (group === undefined) {
      return [];
    }
    const protocol = protocolName(resource.values.ip_protocol);
    return [
      {
        address: resource.address,
        direction: resource.type.endsWith('ingress_rule') ? 'ingress' : 'egress',
        ...group,
        protocol,
        ...portRange(protocol, resource.values),
        cidrs: cidrsOf(resource.values, 'cidr_ipv4', 'cidr_ipv6'),
        ...peersOf(model, resource.values.referenced_security_group_id),
        description: str(resource.values.description),
        unknownCidrs: unknownCidrsOf(resource.values, 'cidr_ipv4', 'cidr_ipv6'),
      },
    ];
  });
  const legacy = ofType(model, 'aws_security_group_rule').flatMap((resource): SgRule[] => {
    const group = groupOf(model, resource.values.security_group_id);
    const direction = resource.values.type === 'egress' ? 'egress' : 'ingress';
    if (group === undefined) {
      return [];
    }
    const protocol = protocolName(resource.values.protocol);
    const self = bool(resource.values.self) === true ? [group.group] : [];
    const { peers, unknownPeers } = peersOf(model, resource.values.source_security_group_id);
    return [
      {
        address: resource.address,
        direction,
        ...group,
        protocol,
        ...portRange(protocol, resource.values),
        cidrs: cidrsOf(resource.values, 'cidr_blocks', 'ipv6_cidr_blocks'),
        peers: [...peers, ...self],
        unknownPeers,
        description: str(resource.values.description),
        unknownCidrs: unknownCidrsOf(resource.values, 'cidr_blocks', 'ipv6_cidr_blocks'),
      },
    ];
  });
  const standalone = [...perRule, ...legacy];
  const inline = ofType(model, 'aws_security_group', 'aws_default_security_group').flatMap((group) =>
    (['ingress', 'egress'] as const).flatMap((direction) =>
      blocks(group.values, direction).map((rule): SgRule => {
        const protocol = protocolName(rule.protocol);
        const self = bool(rule.self) === true ? [group.address] : [];
        const { peers, unknownPeers } = peersOf(model, rule.security_groups);
        return {
          address: group.address,
          direction,
          group: group.address,
          protocol,
          ...portRange(protocol, rule),
          cidrs: cidrsOf(rule, 'cidr_blocks', 'ipv6_cidr_blocks'),
          peers: [...peers, ...self],
          unknownPeers,
          description: str(rule.description),
          unknownCidrs: unknownCidrsOf(rule, 'cidr_blocks', 'ipv6_cidr_blocks'),
        };
      }),
    ),
  );
  return [...standalone, ...withoutEchoes(inline, standalone)];
}

const DEFAULT_DESTINATIONS = ['0.0.0.0/0', '::/0'];

/** Whether a route is a default route: yes, no, or unknown (its destination cannot be resolved). */
function defaultDestination(route: JsonObject): boolean | 'unknown' {
  const destinations = [route.destination_cidr_block, route.cidr_block, route.destination_ipv6_cidr_block, route.ipv6_cidr_block];
  if (destinations.some((destination) => typeof destination === 'string' && DEFAULT_DESTINATIONS.includes(destination))) {
    return true;
  }
  return destinations.some(isUnknownValue) ? 'unknown' : false;
}

/** A route's target: an internet gateway, a NAT gateway (or NAT instance, egress-only gateway), or unknown. */
function routeTarget(model: Model, route: JsonObject, where: string): DefaultRoute {
  const gateway = resolve(model, route.gateway_id);
  const igw = gateway.addresses.find((address) => model.byAddress.get(address)?.type === 'aws_internet_gateway');
  if (igw !== undefined || /^igw-/.test(str(route.gateway_id) ?? '')) {
    return { via: 'igw', target: igw ?? String(route.gateway_id) };
  }
  const nat = referencedOne(model, route.nat_gateway_id, 'aws_nat_gateway');
  if (nat !== undefined || /^nat-/.test(str(route.nat_gateway_id) ?? '')) {
    return { via: 'nat', target: nat?.address ?? String(route.nat_gateway_id) };
  }
  for (const key of ['egress_only_gateway_id', 'network_interface_id', 'instance_id']) {
    const value = route[key];
    if (typeof value === 'string' && value !== '') {
      return { via: 'nat', target: referencedOne(model, value)?.address ?? shown(value) };
    }
  }
  const unresolved = [...gateway.unresolved.filter((token) => !/^(vgw|vpce|local)/.test(token)), ...resolve(model, route.nat_gateway_id).unresolved];
  if (unresolved.length > 0) {
    return { via: 'unknown', why: `the default route of ${where} goes to ${unresolved.join(', ')}, which the input does not resolve` };
  }
  return { via: 'none' };
}

function defaultRouteOf(model: Model, table: Resource | undefined, strayRoutes: readonly Resource[]): DefaultRoute {
  if (table === undefined) {
    return { via: 'none' };
  }
  const candidates = [...blocks(table.values, 'route'), ...referrers(model, table, 'route_table_id', 'aws_route').map((route) => route.values)];
  const targets: DefaultRoute[] = candidates.flatMap((route): DefaultRoute[] => {
    const destination = defaultDestination(route);
    if (destination === 'unknown') {
      return [{ via: 'unknown', why: `a route of ${table.address} has a destination the input does not resolve` }];
    }
    return destination ? [routeTarget(model, route, table.address)] : [];
  });
  targets.push(
    ...strayRoutes.map((route): DefaultRoute => ({
      via: 'unknown',
      why: `${route.address} adds a default route to a table the input does not resolve (${resolve(model, route.values.route_table_id).unresolved.join(', ')})`,
    })),
  );
  // A table with an IGW route is public even if a NAT route is declared too.
  return targets.find((target) => target.via === 'igw') ?? targets.find((target) => target.via === 'unknown') ?? targets.find((target) => target.via === 'nat') ?? { via: 'none' };
}

/** How the input's route-table associations name subnets. */
interface Associations {
  /** Associations naming exactly one subnet, by subnet address. */
  readonly definite: ReadonlyMap<string, readonly Resource[]>;
  /** Associations naming one of several subnets (`each.value` of a map of ids, an element of a module output): which one, the plan does not record. */
  readonly ambiguous: readonly { readonly association: Resource; readonly candidates: readonly string[] }[];
  /** Associations naming a subnet the input does not resolve: possibly any subnet. */
  readonly stray: readonly Resource[];
}

function associationsOf(model: Model): Associations {
  const definite = new Map<string, Resource[]>();
  const ambiguous: { association: Resource; candidates: string[] }[] = [];
  const stray: Resource[] = [];
  for (const association of ofType(model, 'aws_route_table_association')) {
    const gateway = association.values.gateway_id;
    if (gateway !== undefined && gateway !== null && gateway !== '') {
      continue;
    }
    const resolution = resolve(model, association.values.subnet_id);
    const subnets = resolution.addresses.filter((address) => model.byAddress.get(address)?.type === 'aws_subnet');
    // A known subnet id matching nothing in the input is a subnet outside it; an unresolved reference may be any of them.
    if (resolution.unresolved.some((token) => !/^subnet-[0-9a-f]+$/.test(token))) {
      stray.push(association);
    } else if (subnets.length === 1) {
      definite.set(subnets[0], [...(definite.get(subnets[0]) ?? []), association]);
    } else if (subnets.length > 1) {
      ambiguous.push({ association, candidates: subnets });
    }
  }
  return { definite, ambiguous, stray };
}

/**
 * The table a subnet uses: its association, else its VPC's main table (the VPC's own main table has
 * only the local route). Associations that each name one of the same N subnets, N of them, all to one
 * table, give every one of those subnets that table: AWS lets a subnet have one association, so an
 * apply that succeeds pairs them one to one.
 */
function routeTableOf(model: Model, subnet: Resource, associations: Associations): Resource | { readonly why: string } | undefined {
  const tableOf = (association: Resource): Resource | { readonly why: string } | undefined => {
    const table = referencedOne(model, association.values.route_table_id, 'aws_route_table', 'aws_default_route_table');
    const unresolved = resolve(model, association.values.route_table_id).unresolved;
    return table ?? (unresolved.length > 0 ? { why: `${association.address} names route table ${unresolved.join(', ')}, which the input does not resolve` } : undefined);
  };
  const association = associations.definite.get(subnet.address)?.[0];
  if (association !== undefined) {
    return tableOf(association);
  }
  const maybe = associations.ambiguous.filter((entry) => entry.candidates.includes(subnet.address));
  if (maybe.length > 0) {
    const candidates = [...new Set(maybe.flatMap((entry) => entry.candidates))].sort();
    const sameSet = maybe.every((entry) => [...entry.candidates].sort().join() === candidates.join());
    const tables = [...new Set(maybe.map((entry) => tableOf(entry.association)))];
    const table = tables[0];
    const taken = candidates.some((candidate) => associations.definite.has(candidate));
    if (sameSet && maybe.length === candidates.length && tables.length === 1 && table !== undefined && 'address' in table && !taken) {
      return table;
    }
    return { why: `${maybe.map((entry) => entry.association.address).join(', ')} associate(s) one of ${candidates.join(', ')} each, and the plan does not record which` };
  }
  if (associations.stray.length > 0) {
    return {
      why: `${associations.stray.map((stray) => stray.address).join(', ')} associate(s) a subnet the input does not resolve (${[...new Set(associations.stray.flatMap((stray) => resolve(model, stray.values.subnet_id).unresolved))].join(', ') || 'known after apply'}), possibly this one`,
    };
  }
  const vpc = referencedOne(model, subnet.values.vpc_id, 'aws_vpc');
  if (vpc === undefined) {
    const unresolved = resolve(model, subnet.values.vpc_id).unresolved;
    return { why: `its VPC (${unresolved.join(', ') || 'none named'}) is not in the input, so its main route table is unknown` };
  }
  const main = referrers(model, vpc, 'vpc_id', 'aws_main_route_table_association')[0];
  if (main !== undefined) {
    return referencedOne(model, main.values.route_table_id, 'aws_route_table');
  }
  // Without a managed main table, routes written into `aws_vpc.x.main_route_table_id` are the main table's: the VPC stands for it.
  return referrers(model, vpc, 'default_route_table_id', 'aws_default_route_table')[0] ?? vpc;
}

/** Whether a subnet has IPv6 addresses: a CIDR set, one known only after apply, or an IPv6-only subnet. */
function ipv6Of(subnet: Resource): boolean | 'unknown' {
  const cidr = subnet.values.ipv6_cidr_block;
  if (bool(subnet.values.ipv6_native) === true || (typeof cidr === 'string' && cidr !== '' && !isUnknownValue(cidr))) {
    return true;
  }
  return isUnknownValue(cidr) || isUnknownValue(subnet.values.ipv6_native) ? 'unknown' : false;
}

function subnetsOf(model: Model): Subnet[] {
  const associations = associationsOf(model);
  const strayRoutes = ofType(model, 'aws_route').filter((route) => referencedOne(model, route.values.route_table_id) === undefined && defaultDestination(route.values) !== false);
  return ofType(model, 'aws_subnet').map((subnet) => {
    const table = routeTableOf(model, subnet, associations);
    const known = table !== undefined && 'address' in table ? table : undefined;
    const defaultRoute: DefaultRoute =
      table !== undefined && !('address' in table) ? { via: 'unknown', why: `the route table of ${displayName(subnet)} is unknown: ${table.why}` } : defaultRouteOf(model, known, strayRoutes);
    const derivedTier = defaultRoute.via === 'igw' ? 'public' : defaultRoute.via === 'nat' ? 'private' : defaultRoute.via === 'unknown' ? 'unknown' : 'isolated';
    const mapPublicIp = subnet.values.map_public_ip_on_launch;
    return {
      address: subnet.address,
      name: displayName(subnet),
      tier: tag(subnet, 'Tier') ?? derivedTier,
      az: str(subnet.values.availability_zone) ?? str(subnet.values.availability_zone_id) ?? 'unknown AZ',
      cidr: isUnknownValue(subnet.values.cidr_block) ? undefined : str(subnet.values.cidr_block),
      vpc: referencedOne(model, subnet.values.vpc_id, 'aws_vpc')?.address,
      routeTable: known?.type === 'aws_vpc' ? undefined : known?.address,
      defaultRoute,
      mapPublicIp: bool(mapPublicIp) === true,
      ...(isUnknownValue(mapPublicIp) ? { mapPublicIpUnknown: `map_public_ip_on_launch of ${displayName(subnet)} is ${shown(mapPublicIp)}` } : {}),
      ipv6: ipv6Of(subnet),
    };
  });
}

/** `three-tier-prod-` in `three-tier-prod-bastion`: the part all component names share, cut at a dash. */
function commonPrefix(names: readonly string[]): string {
  if (names.length < 2) {
    return '';
  }
  let prefix = names[0];
  for (const name of names.slice(1)) {
    while (!name.startsWith(prefix)) {
      prefix = prefix.slice(0, -1);
    }
  }
  return prefix.slice(0, prefix.lastIndexOf('-') + 1);
}

const KIND_LABEL: Readonly<Record<ComponentKind, string>> = { alb: 'ALB', nlb: 'NLB', clb: 'CLB', instance: 'EC2', asg: 'ASG', rds: 'RDS' };

/** Whether a component holds a public IPv4 address, or why that is unknown. */
type PublicIp = boolean | { readonly unknown: string };

interface ComponentDraft {
  readonly resource: Resource;
  readonly kind: ComponentKind;
  /** The values naming its security groups and subnets. */
  readonly groups: unknown;
  readonly subnets: unknown;
  /** Why no subnet is named, when that leaves it in the default VPC. */
  readonly noSubnets?: string;
  /** `subnets` is one value (an instance's `subnet_id`): several resolved subnets are alternatives. */
  readonly single?: boolean;
  /** `oneOf`: the subnets are alternatives (see `Component.oneOfSubnets`). */
  readonly publicIp: (subnets: readonly Subnet[], subnetsUnknown: boolean, oneOf: boolean) => PublicIp;
  /** Why its groups are unknown beyond what `groups` leaves unresolved (an ASG whose launch template is not in the input). */
  readonly groupsUnknown?: string;
  readonly listenerPorts?: readonly number[];
  readonly targets?: readonly { readonly address: string; readonly port: number | undefined }[];
}

/**
 * The network interfaces an instance is launched or attached with: `network_interface` blocks, an
 * interface's own `attachment` block, `aws_network_interface_attachment`.
 */
export function interfacesOf(model: Model, instance: Resource): readonly Resource[] {
  const launched = referenced(
    model,
    blocks(instance.values, 'network_interface').map((nic) => nic.network_interface_id),
    'aws_network_interface',
  );
  const attached = ofType(model, 'aws_network_interface').filter((nic) =>
    referencedAddresses(
      model,
      blocks(nic.values, 'attachment').map((attachment) => attachment.instance),
    ).includes(instance.address),
  );
  const attachments = referrers(model, instance, 'instance_id', 'aws_network_interface_attachment').flatMap((attachment) => referenced(model, attachment.values.network_interface_id, 'aws_network_interface'));
  return [...new Set([...launched, ...attached, ...attachments])];
}

/** An Elastic IP on the instance itself or on one of its network interfaces: the address it is reached at. */
export function hasElasticIp(model: Model, instance: Resource): boolean {
  const onInstance = referrers(model, instance, 'instance', 'aws_eip').length > 0 || referrers(model, instance, 'instance_id', 'aws_eip_association').length > 0;
  return onInstance || interfacesOf(model, instance).some((nic) => referrers(model, nic, 'network_interface', 'aws_eip').length > 0 || referrers(model, nic, 'network_interface_id', 'aws_eip_association').length > 0);
}

/** The security groups of a network interface: its own, and those `aws_network_interface_sg_attachment` adds. */
function interfaceGroups(model: Model, nic: Resource): unknown[] {
  return [nic.values.security_groups, ...referrers(model, nic, 'network_interface_id', 'aws_network_interface_sg_attachment').map((attachment) => attachment.values.security_group_id)];
}

/** The launch configuration an ASG launches, when it uses one instead of a template. */
export function launchConfigurationOf(model: Model, asg: Resource): Resource | undefined {
  return referencedOne(model, asg.values.launch_configuration, 'aws_launch_configuration');
}

/** The launch template an ASG launches, directly or through a mixed-instances policy. */
export function launchTemplateOf(model: Model, asg: Resource): Resource | undefined {
  const direct = block(asg.values, 'launch_template');
  const mixed = block(block(block(asg.values, 'mixed_instances_policy'), 'launch_template'), 'launch_template_specification');
  return referencedOne(model, [direct?.id, direct?.name, mixed?.launch_template_id, mixed?.launch_template_name], 'aws_launch_template');
}

/** A boolean flag: its value, or why it is unknown. */
function flag(value: unknown, what: string): boolean | { readonly unknown: string } | undefined {
  return isUnknownValue(value) ? { unknown: `${what} is ${shown(value)}` } : bool(value);
}

/** Auto-assigned public IPs: the flag when set, else the subnets' default (of each of them, when they are alternatives). */
function autoAssigned(associate: boolean | { readonly unknown: string } | undefined, subnets: readonly Subnet[], subnetsUnknown: boolean, where: string, oneOf: boolean): PublicIp {
  if (associate !== undefined) {
    return associate;
  }
  if (oneOf && subnets.some((subnet) => subnet.mapPublicIp) && !subnets.every((subnet) => subnet.mapPublicIp)) {
    return { unknown: `${where} sits in one of ${subnets.map((subnet) => subnet.name).join(', ')}, not all of which assign public IPs` };
  }
  if (subnets.some((subnet) => subnet.mapPublicIp)) {
    return true;
  }
  const unknownSubnet = subnets.find((subnet) => subnet.mapPublicIpUnknown !== undefined);
  if (unknownSubnet?.mapPublicIpUnknown !== undefined) {
    return { unknown: unknownSubnet.mapPublicIpUnknown };
  }
  return subnetsUnknown ? { unknown: `${where} is launched in subnets the input does not resolve, which may assign public IPs` } : false;
}

/** The components a load balancer's listeners forward to, with the target group's port. */
function targetsOf(model: Model, lb: Resource): { readonly address: string; readonly port: number | undefined }[] {
  const listeners = referrers(model, lb, 'load_balancer_arn', 'aws_lb_listener', 'aws_alb_listener');
  const groups = listeners.flatMap((listener) => referenced(model, blocks(listener.values, 'default_action'), 'aws_lb_target_group', 'aws_alb_target_group'));
  return [...new Set(groups)].flatMap((group) => {
    const port = num(group.values.port);
    const attached = referrers(model, group, 'target_group_arn', 'aws_lb_target_group_attachment').flatMap((attachment) =>
      referenced(model, attachment.values.target_id, 'aws_instance').map((instance) => ({ address: instance.address, port: num(attachment.values.port) ?? port })),
    );
    const asgs = [
      ...referrers(model, group, 'target_group_arns', 'aws_autoscaling_group'),
      ...referrers(model, group, 'lb_target_group_arn', 'aws_autoscaling_attachment').flatMap((attachment) => referenced(model, attachment.values.autoscaling_group_name, 'aws_autoscaling_group')),
    ];
    return [...attached, ...asgs.map((asg) => ({ address: asg.address, port }))];
  });
}

/** The instances and groups behind a Classic Load Balancer, once per instance port of its listeners. */
function classicTargetsOf(model: Model, elb: Resource): { readonly address: string; readonly port: number | undefined }[] {
  const ports = [...new Set(blocks(elb.values, 'listener').map((listener) => num(listener.instance_port)))];
  const instances = [
    ...referenced(model, elb.values.instances, 'aws_instance'),
    ...referrers(model, elb, 'elb', 'aws_elb_attachment').flatMap((attachment) => referenced(model, attachment.values.instance, 'aws_instance')),
  ];
  const groups = [
    ...referrers(model, elb, 'load_balancers', 'aws_autoscaling_group'),
    ...referrers(model, elb, 'elb', 'aws_autoscaling_attachment').flatMap((attachment) => referenced(model, attachment.values.autoscaling_group_name, 'aws_autoscaling_group')),
  ];
  return [...new Set([...instances, ...groups])].flatMap((target) => (ports.length === 0 ? [undefined] : ports).map((port) => ({ address: target.address, port })));
}

/** What an ASG launches from, when the input does not hold it: its groups are unknown, and this says why. */
function missingLaunchSource(asg: Resource): string {
  const template = block(asg.values, 'launch_template');
  const configuration = asg.values.launch_configuration;
  const named = (value: unknown): string => (typeof value === 'string' && value !== '' ? shown(value) : 'known after apply');
  if (template !== undefined) {
    // The attribute the configuration sets names it; the other one is only known after apply.
    const given = [template.id, template.name].find((value) => typeof value === 'string' && value !== '' && value !== KNOWN_AFTER_APPLY);
    return `launch template ${named(given)}, which the input does not hold`;
  }
  if (configuration !== undefined && configuration !== null && configuration !== '') {
    return `launch configuration ${named(configuration)}, which the input does not hold`;
  }
  return block(asg.values, 'mixed_instances_policy') === undefined ? 'no launch template or configuration the input holds' : 'the launch template of its mixed-instances policy, which the input does not hold';
}

function drafts(model: Model): ComponentDraft[] {
  const balancers = ofType(model, 'aws_lb', 'aws_alb')
    .filter((lb) => str(lb.values.load_balancer_type) !== 'gateway')
    .map((lb): ComponentDraft => {
      const internal = flag(lb.values.internal, `internal of ${displayName(lb)}`);
      return {
        resource: lb,
        kind: str(lb.values.load_balancer_type) === 'network' ? 'nlb' : 'alb',
        groups: lb.values.security_groups,
        subnets: [lb.values.subnets, blocks(lb.values, 'subnet_mapping').map((mapping) => mapping.subnet_id)],
        publicIp: () => (internal === undefined ? true : typeof internal === 'boolean' ? !internal : internal),
        listenerPorts: referrers(model, lb, 'load_balancer_arn', 'aws_lb_listener', 'aws_alb_listener').flatMap((listener) => num(listener.values.port) ?? []),
        targets: targetsOf(model, lb),
      };
    });
  const classic = ofType(model, 'aws_elb').map((elb): ComponentDraft => {
    const internal = flag(elb.values.internal, `internal of ${displayName(elb)}`);
    const named = strings(elb.values.subnets).length > 0;
    return {
      resource: elb,
      kind: 'clb',
      groups: elb.values.security_groups,
      subnets: elb.values.subnets,
      ...(named ? {} : { noSubnets: 'no subnets: it sits in the default VPC, in the subnets of its availability zones' }),
      publicIp: () => (internal === undefined ? true : typeof internal === 'boolean' ? !internal : internal),
      listenerPorts: blocks(elb.values, 'listener').flatMap((listener) => num(listener.lb_port) ?? []),
      targets: classicTargetsOf(model, elb),
    };
  });
  const instances = ofType(model, 'aws_instance').map((instance): ComponentDraft => {
    const interfaces = interfacesOf(model, instance);
    const associate = flag(instance.values.associate_public_ip_address, `associate_public_ip_address of ${displayName(instance)}`);
    const named = instance.values.subnet_id !== undefined && instance.values.subnet_id !== null && instance.values.subnet_id !== '';
    const groups = [instance.values.vpc_security_group_ids, instance.values.security_groups, ...interfaces.flatMap((nic) => interfaceGroups(model, nic))];
    if (interfaces.length > 0) {
      // On network interfaces it does not create, it takes their subnets, groups and addresses; AWS never auto-assigns a public IP to an existing interface.
      return {
        resource: instance,
        kind: 'instance',
        groups,
        subnets: [named ? instance.values.subnet_id : undefined, ...interfaces.map((nic) => nic.values.subnet_id)],
        publicIp: (subnets, subnetsUnknown) =>
          hasElasticIp(model, instance) || (named && blocks(instance.values, 'network_interface').length === 0 ? autoAssigned(associate, subnets, subnetsUnknown, displayName(instance), false) : false),
      };
    }
    return {
      resource: instance,
      kind: 'instance',
      groups,
      subnets: instance.values.subnet_id,
      single: true,
      ...(named ? {} : { noSubnets: 'no subnet_id or network interface: it launches in a default subnet of the default VPC' }),
      publicIp: (subnets, subnetsUnknown, oneOf) => hasElasticIp(model, instance) || autoAssigned(associate, subnets, subnetsUnknown, displayName(instance), oneOf),
    };
  });
  const groups = ofType(model, 'aws_autoscaling_group').map((asg): ComponentDraft => {
    const template = launchTemplateOf(model, asg);
    const configuration = template === undefined ? launchConfigurationOf(model, asg) : undefined;
    const nic = block(template?.values, 'network_interfaces');
    const associate =
      configuration === undefined
        ? flag(nic?.associate_public_ip_address, `associate_public_ip_address of the launch template of ${displayName(asg)}`)
        : flag(configuration.values.associate_public_ip_address, `associate_public_ip_address of the launch configuration of ${displayName(asg)}`);
    const named = asg.values.vpc_zone_identifier !== undefined && asg.values.vpc_zone_identifier !== null;
    const launched = template !== undefined ? [template.values.vpc_security_group_ids, template.values.security_group_names, nic?.security_groups] : configuration?.values.security_groups;
    return {
      resource: asg,
      kind: 'asg',
      groups: launched,
      ...(template === undefined && configuration === undefined ? { groupsUnknown: `the security groups of ${displayName(asg)} are unknown: it launches from ${missingLaunchSource(asg)}` } : {}),
      subnets: asg.values.vpc_zone_identifier,
      ...(named ? {} : { noSubnets: 'no vpc_zone_identifier: it launches in the default VPC' }),
      publicIp: (subnets, subnetsUnknown) => autoAssigned(associate, subnets, subnetsUnknown, displayName(asg), false),
    };
  });
  const databases = ofType(model, 'aws_db_instance').map((db): ComponentDraft => {
    const subnetGroup = referencedOne(model, db.values.db_subnet_group_name, 'aws_db_subnet_group');
    const name = db.values.db_subnet_group_name;
    const publicFlag = flag(db.values.publicly_accessible, `publicly_accessible of ${displayName(db)}`);
    return {
      resource: db,
      kind: 'rds',
      groups: db.values.vpc_security_group_ids,
      subnets: subnetGroup?.values.subnet_ids ?? (typeof name === 'string' && name !== '' ? `\${db_subnet_group ${shown(name)}}` : undefined),
      ...(subnetGroup === undefined && (name === undefined || name === null || name === '') ? { noSubnets: 'no db_subnet_group_name: it uses the default VPC' } : {}),
      publicIp: () => (typeof publicFlag === 'object' ? publicFlag : publicFlag === true),
    };
  });
  return [...balancers, ...classic, ...instances, ...groups, ...databases];
}

/** IPv6 of a component: from its subnets; unknown when a subnet's is, or where it sits is. */
function ipv6OfComponent(subnets: readonly Subnet[], unknownSubnets: boolean): boolean | 'unknown' {
  if (subnets.some((subnet) => subnet.ipv6 === true)) {
    return true;
  }
  return unknownSubnets || subnets.some((subnet) => subnet.ipv6 === 'unknown') ? 'unknown' : false;
}

/** Subnets, security-group rules and traffic-receiving components: what reachability, cost and the diagram share. */
export function topologyOf(model: Model): Topology {
  const subnets = subnetsOf(model);
  const subnetByAddress = new Map(subnets.map((subnet) => [subnet.address, subnet]));
  const all = drafts(model);
  const prefix = commonPrefix(all.map((draft) => displayName(draft.resource)));
  const components = all.map((draft): Component => {
    const subnetRefs = resolve(model, draft.subnets);
    const own = subnetRefs.addresses.map((address) => subnetByAddress.get(address)).filter((subnet): subnet is Subnet => subnet !== undefined);
    const oneOfSubnets = draft.single === true && own.length > 1;
    // A subnet named through a type this analysis does not read (aws_default_subnet) is unknown, never absent.
    const unread = subnetRefs.addresses.filter((address) => !subnetByAddress.has(address)).map((address) => `subnet ${address} (${model.byAddress.get(address)?.type ?? 'not a subnet'}) is not read by this analysis`);
    const unknownSubnets = [...subnetRefs.unresolved.map((token) => `subnet ${describeUnresolved(token)} is not resolved`), ...unread, ...(draft.noSubnets === undefined ? [] : [draft.noSubnets])];
    const groupRefs = resolve(model, draft.groups);
    const groups = groupRefs.addresses.filter((address) => ['aws_security_group', 'aws_default_security_group'].includes(model.byAddress.get(address)?.type ?? ''));
    const externalGroups = groupRefs.unresolved.filter((token) => /^sg-/.test(token));
    const publicIp = draft.publicIp(own, unknownSubnets.length > 0, oneOfSubnets);
    const name = displayName(draft.resource);
    const defaultGroup = groups.length === 0 && groupRefs.unresolved.length === 0 && draft.groupsUnknown === undefined && draft.kind !== 'nlb';
    return {
      address: draft.resource.address,
      kind: draft.kind,
      label: `${name.startsWith(prefix) ? name.slice(prefix.length) : name} ${KIND_LABEL[draft.kind]}`,
      groups,
      subnets: own,
      oneOfSubnets,
      ipv6: ipv6OfComponent(own, unknownSubnets.length > 0),
      publicIp: publicIp === true,
      defaultGroup,
      externalGroups,
      unknown: {
        groups: [
          ...(defaultGroup ? [`${name} names no security group, so AWS attaches its VPC's default group, whose rules the input does not hold`] : []),
          ...(draft.groupsUnknown === undefined ? [] : [draft.groupsUnknown]),
          ...externalGroups.map((id) => `group ${id} is outside the input, so its rules are unknown`),
          ...groupRefs.unresolved.filter((token) => !/^sg-/.test(token)).map((token) => `security group ${describeUnresolved(token)} is not resolved`),
        ],
        subnets: unknownSubnets,
        publicIp: typeof publicIp === 'object' ? publicIp.unknown : undefined,
      },
      listenerPorts: draft.listenerPorts ?? [],
      targets: draft.targets ?? [],
    };
  });
  const placed = new Set(components.map((component) => component.address));
  const unmodelled = model.resources.filter((resource) => TRAFFIC_RECEIVING_TYPES.has(resource.type) && !placed.has(resource.address)).map(({ address, type }) => ({ address, type }));
  return { subnets, rules: ruleResources(model), components, unmodelled };
}

const TIER_ORDER = ['public', 'app', 'private', 'db', 'isolated'];

/** Outside-in order of tiers (public, app, db), unknown tiers last, for listings and the diagram. */
export function byTier(a: string, b: string): number {
  const rank = (tier: string): number => TIER_ORDER.indexOf(tier) + 1 || TIER_ORDER.length + 1;
  return rank(a) - rank(b) || a.localeCompare(b);
}

/** The security groups attached to internet-facing ALBs and Classic Load Balancers: the only ones meant to face the internet. */
export function internetFacingAlbGroups(topology: Topology): ReadonlySet<string> {
  return new Set(topology.components.filter((component) => (component.kind === 'alb' || component.kind === 'clb') && component.publicIp).flatMap((component) => component.groups));
}
