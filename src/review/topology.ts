import { TRAFFIC_RECEIVING_TYPES } from './coverage';
import { block, blocks, bool, num, str, strings, type JsonObject } from './json';
import { displayName, ofType, referenced, referencedOne, referrers, resolve, tag, type Model, type Resource } from './model';

/** Where a route table sends 0.0.0.0/0; `unknown` when a table, route or target cannot be resolved. */
export type DefaultRoute =
  | { readonly via: 'igw'; readonly target: string }
  | { readonly via: 'nat'; readonly target: string }
  | { readonly via: 'none' }
  | { readonly via: 'unknown'; readonly why: string };

/** A value the input does not fix: an interpolation of something not in the model (`${var.x}`, `${(known after apply)}`). */
export function isUnknownValue(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** `var.subnet_id`, `known after apply`: an unresolved value as a reader wants to see it. */
function shown(value: unknown): string {
  return typeof value === 'string' ? value.replace(/^\$\{\(?/, '').replace(/\)?\}$/, '') : JSON.stringify(value);
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

export type ComponentKind = 'alb' | 'nlb' | 'instance' | 'asg' | 'rds';

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
  return keys.flatMap((key) => strings(values[key]).filter(isUnknownValue).map((cidr) => `${key} = ${shown(cidr)}`));
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
  targets.push(...strayRoutes.map((route): DefaultRoute => ({ via: 'unknown', why: `${route.address} adds a default route to a table the input does not resolve (${resolve(model, route.values.route_table_id).unresolved.join(', ')})` })));
  // A table with an IGW route is public even if a NAT route is declared too.
  return targets.find((target) => target.via === 'igw') ?? targets.find((target) => target.via === 'unknown') ?? targets.find((target) => target.via === 'nat') ?? { via: 'none' };
}

/** The table a subnet uses: its association, else its VPC's main table (the VPC's own main table has only the local route). */
function routeTableOf(model: Model, subnet: Resource, strayAssociations: readonly Resource[]): Resource | { readonly why: string } | undefined {
  const association = referrers(model, subnet, 'subnet_id', 'aws_route_table_association')[0];
  if (association !== undefined) {
    const table = referencedOne(model, association.values.route_table_id, 'aws_route_table', 'aws_default_route_table');
    const unresolved = resolve(model, association.values.route_table_id).unresolved;
    return table ?? (unresolved.length > 0 ? { why: `${association.address} names route table ${unresolved.join(', ')}, which the input does not resolve` } : undefined);
  }
  if (strayAssociations.length > 0) {
    return { why: `${strayAssociations.map((stray) => stray.address).join(', ')} associate(s) a subnet the input does not resolve, possibly this one` };
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

function subnetsOf(model: Model): Subnet[] {
  const strayAssociations = ofType(model, 'aws_route_table_association').filter(
    (association) => association.values.gateway_id === undefined && referencedOne(model, association.values.subnet_id, 'aws_subnet') === undefined && resolve(model, association.values.subnet_id).unresolved.length > 0,
  );
  const strayRoutes = ofType(model, 'aws_route').filter((route) => referencedOne(model, route.values.route_table_id) === undefined && defaultDestination(route.values) !== false);
  return ofType(model, 'aws_subnet').map((subnet) => {
    const table = routeTableOf(model, subnet, strayAssociations);
    const known = table !== undefined && 'address' in table ? table : undefined;
    const defaultRoute: DefaultRoute = table !== undefined && !('address' in table) ? { via: 'unknown', why: `the route table of ${displayName(subnet)} is unknown: ${table.why}` } : defaultRouteOf(model, known, strayRoutes);
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

const KIND_LABEL: Readonly<Record<ComponentKind, string>> = { alb: 'ALB', nlb: 'NLB', instance: 'EC2', asg: 'ASG', rds: 'RDS' };

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
  readonly publicIp: (subnets: readonly Subnet[], subnetsUnknown: boolean) => PublicIp;
  readonly listenerPorts?: readonly number[];
  readonly targets?: readonly { readonly address: string; readonly port: number | undefined }[];
}

function hasElasticIp(model: Model, instance: Resource): boolean {
  return referrers(model, instance, 'instance', 'aws_eip').length > 0 || referrers(model, instance, 'instance_id', 'aws_eip_association').length > 0;
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

/** Auto-assigned public IPs: the flag when set, else the subnets' default. */
function autoAssigned(associate: boolean | { readonly unknown: string } | undefined, subnets: readonly Subnet[], subnetsUnknown: boolean, where: string): PublicIp {
  if (associate !== undefined) {
    return associate;
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
    const asgs = [...referrers(model, group, 'target_group_arns', 'aws_autoscaling_group'), ...referrers(model, group, 'lb_target_group_arn', 'aws_autoscaling_attachment').flatMap((attachment) => referenced(model, attachment.values.autoscaling_group_name, 'aws_autoscaling_group'))];
    return [...attached, ...asgs.map((asg) => ({ address: asg.address, port }))];
  });
}

/** A launch template the input does not hold: its groups are unknown. */
const MISSING_TEMPLATE = '${launch template not in the input}';

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
  const instances = ofType(model, 'aws_instance').map((instance): ComponentDraft => {
    const associate = flag(instance.values.associate_public_ip_address, `associate_public_ip_address of ${displayName(instance)}`);
    const named = instance.values.subnet_id !== undefined && instance.values.subnet_id !== null && instance.values.subnet_id !== '';
    return {
      resource: instance,
      kind: 'instance',
      groups: [instance.values.vpc_security_group_ids, instance.values.security_groups],
      subnets: instance.values.subnet_id,
      ...(named ? {} : { noSubnets: 'no subnet_id: it launches in a default subnet of the default VPC' }),
      publicIp: (subnets, subnetsUnknown) => hasElasticIp(model, instance) || autoAssigned(associate, subnets, subnetsUnknown, displayName(instance)),
    };
  });
  const groups = ofType(model, 'aws_autoscaling_group').map((asg): ComponentDraft => {
    const template = launchTemplateOf(model, asg);
    const nic = block(template?.values, 'network_interfaces');
    const associate = flag(nic?.associate_public_ip_address, `associate_public_ip_address of the launch template of ${displayName(asg)}`);
    const named = asg.values.vpc_zone_identifier !== undefined && asg.values.vpc_zone_identifier !== null;
    return {
      resource: asg,
      kind: 'asg',
      groups: template === undefined ? MISSING_TEMPLATE : [template.values.vpc_security_group_ids, template.values.security_group_names, nic?.security_groups],
      subnets: asg.values.vpc_zone_identifier,
      ...(named ? {} : { noSubnets: 'no vpc_zone_identifier: it launches in the default VPC' }),
      publicIp: (subnets, subnetsUnknown) => autoAssigned(associate, subnets, subnetsUnknown, displayName(asg)),
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
      subnets: subnetGroup?.values.subnet_ids ?? (typeof name === 'string' && name !== '' ? `\${db_subnet_group ${name}}` : undefined),
      ...(subnetGroup === undefined && (name === undefined || name === null || name === '') ? { noSubnets: 'no db_subnet_group_name: it uses the default VPC' } : {}),
      publicIp: () => (typeof publicFlag === 'object' ? publicFlag : publicFlag === true),
    };
  });
  return [...balancers, ...instances, ...groups, ...databases];
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
    // A subnet named through a type this analysis does not read (aws_default_subnet) is unknown, never absent.
    const unread = subnetRefs.addresses.filter((address) => !subnetByAddress.has(address)).map((address) => `subnet ${address} (${model.byAddress.get(address)?.type ?? 'not a subnet'}) is not read by this analysis`);
    const unknownSubnets = [...subnetRefs.unresolved.map((token) => `subnet ${token} is not resolved`), ...unread, ...(draft.noSubnets === undefined ? [] : [draft.noSubnets])];
    const groupRefs = resolve(model, draft.groups);
    const groups = groupRefs.addresses.filter((address) => ['aws_security_group', 'aws_default_security_group'].includes(model.byAddress.get(address)?.type ?? ''));
    const externalGroups = groupRefs.unresolved.filter((token) => /^sg-/.test(token));
    const publicIp = draft.publicIp(own, unknownSubnets.length > 0);
    const name = displayName(draft.resource);
    const defaultGroup = groups.length === 0 && groupRefs.unresolved.length === 0 && draft.kind !== 'nlb';
    return {
      address: draft.resource.address,
      kind: draft.kind,
      label: `${name.startsWith(prefix) ? name.slice(prefix.length) : name} ${KIND_LABEL[draft.kind]}`,
      groups,
      subnets: own,
      publicIp: publicIp === true,
      defaultGroup,
      externalGroups,
      unknown: {
        groups: [
          ...(defaultGroup ? [`${name} names no security group, so AWS attaches its VPC's default group, whose rules the input does not hold`] : []),
          ...externalGroups.map((id) => `group ${id} is outside the input, so its rules are unknown`),
          ...groupRefs.unresolved.filter((token) => !/^sg-/.test(token)).map((token) => `security group ${token} is not resolved`),
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
  const rank = (tier: string): number => (TIER_ORDER.indexOf(tier) + 1 || TIER_ORDER.length + 1);
  return rank(a) - rank(b) || a.localeCompare(b);
}

/** The security groups attached to internet-facing ALBs: the only ones meant to face the internet. */
export function internetFacingAlbGroups(topology: Topology): ReadonlySet<string> {
  return new Set(topology.components.filter((component) => component.kind === 'alb' && component.publicIp).flatMap((component) => component.groups));
}
