import { block, blocks, bool, num, str, strings, type JsonObject } from './json';
import { displayName, ofType, referencedAddresses, referencedOne, referrers, tag, type Model, type Resource } from './model';

/** Where a route table sends 0.0.0.0/0. */
export type DefaultRoute = { readonly via: 'igw'; readonly target: string } | { readonly via: 'nat'; readonly target: string } | { readonly via: 'none' };

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
  /** Groups whose members the rule admits (ingress) or targets (egress). */
  readonly peers: readonly string[];
  readonly description: string | undefined;
}

export type ComponentKind = 'alb' | 'instance' | 'asg' | 'rds';

/** Something that receives traffic: the nodes of the reachability matrix and the diagram. */
export interface Component {
  readonly address: string;
  readonly kind: ComponentKind;
  readonly label: string;
  readonly groups: readonly string[];
  readonly subnets: readonly Subnet[];
  /** It holds a public IPv4 address (internet-facing ALB, EIP, auto-assigned IP, public RDS). */
  readonly publicIp: boolean;
}

export interface Topology {
  readonly subnets: readonly Subnet[];
  readonly rules: readonly SgRule[];
  readonly components: readonly Component[];
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

function ruleResources(model: Model): SgRule[] {
  const perRule = ofType(model, 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule').flatMap((resource): SgRule[] => {
    const group = referencedOne(model, resource.values.security_group_id);
    if (group === undefined) {
      return [];
    }
    const protocol = protocolName(resource.values.ip_protocol);
    return [
      {
        address: resource.address,
        direction: resource.type.endsWith('ingress_rule') ? 'ingress' : 'egress',
        group: group.address,
        protocol,
        ...portRange(protocol, resource.values),
        cidrs: cidrsOf(resource.values, 'cidr_ipv4', 'cidr_ipv6'),
        peers: referencedAddresses(model, resource.values.referenced_security_group_id),
        description: str(resource.values.description),
      },
    ];
  });
  const legacy = ofType(model, 'aws_security_group_rule').flatMap((resource): SgRule[] => {
    const group = referencedOne(model, resource.values.security_group_id);
    const direction = resource.values.type === 'egress' ? 'egress' : 'ingress';
    if (group === undefined) {
      return [];
    }
    const protocol = protocolName(resource.values.protocol);
    const self = bool(resource.values.self) === true ? [group.address] : [];
    return [
      {
        address: resource.address,
        direction,
        group: group.address,
        protocol,
        ...portRange(protocol, resource.values),
        cidrs: cidrsOf(resource.values, 'cidr_blocks', 'ipv6_cidr_blocks'),
        peers: [...referencedAddresses(model, resource.values.source_security_group_id), ...self],
        description: str(resource.values.description),
      },
    ];
  });
  const inline = ofType(model, 'aws_security_group', 'aws_default_security_group').flatMap((group) =>
    (['ingress', 'egress'] as const).flatMap((direction) =>
      blocks(group.values, direction).map((rule): SgRule => {
        const protocol = protocolName(rule.protocol);
        const self = bool(rule.self) === true ? [group.address] : [];
        return {
          address: group.address,
          direction,
          group: group.address,
          protocol,
          ...portRange(protocol, rule),
          cidrs: cidrsOf(rule, 'cidr_blocks', 'ipv6_cidr_blocks'),
          peers: [...referencedAddresses(model, rule.security_groups), ...self],
          description: str(rule.description),
        };
      }),
    ),
  );
  return [...perRule, ...legacy, ...inline];
}

function isDefaultDestination(route: JsonObject): boolean {
  return route.destination_cidr_block === '0.0.0.0/0' || route.cidr_block === '0.0.0.0/0';
}

/** A route's target: an internet gateway or a NAT gateway. */
function routeTarget(model: Model, route: JsonObject): DefaultRoute {
  const gateway = referencedOne(model, route.gateway_id, 'aws_internet_gateway');
  if (gateway !== undefined || /^igw-/.test(str(route.gateway_id) ?? '')) {
    return { via: 'igw', target: gateway?.address ?? String(route.gateway_id) };
  }
  const nat = referencedOne(model, route.nat_gateway_id, 'aws_nat_gateway');
  if (nat !== undefined || /^nat-/.test(str(route.nat_gateway_id) ?? '')) {
    return { via: 'nat', target: nat?.address ?? String(route.nat_gateway_id) };
  }
  return { via: 'none' };
}

function defaultRouteOf(model: Model, table: Resource | undefined): DefaultRoute {
  if (table === undefined) {
    return { via: 'none' };
  }
  const inline = blocks(table.values, 'route').filter(isDefaultDestination);
  const separate = referrers(model, table, 'route_table_id', 'aws_route')
    .map((route) => route.values)
    .filter(isDefaultDestination);
  // A table with an IGW route is public even if a NAT route is declared too.
  const targets = [...inline, ...separate].map((route) => routeTarget(model, route));
  return targets.find((target) => target.via === 'igw') ?? targets.find((target) => target.via === 'nat') ?? { via: 'none' };
}

/** The table a subnet uses: its association, else its VPC's main table (the VPC's own main table has only the local route). */
function routeTableOf(model: Model, subnet: Resource): Resource | undefined {
  const association = referrers(model, subnet, 'subnet_id', 'aws_route_table_association')[0];
  if (association !== undefined) {
    return referencedOne(model, association.values.route_table_id, 'aws_route_table', 'aws_default_route_table');
  }
  const vpc = referencedOne(model, subnet.values.vpc_id, 'aws_vpc');
  if (vpc === undefined) {
    return undefined;
  }
  const main = referrers(model, vpc, 'vpc_id', 'aws_main_route_table_association')[0];
  if (main !== undefined) {
    return referencedOne(model, main.values.route_table_id, 'aws_route_table');
  }
  return referrers(model, vpc, 'default_route_table_id', 'aws_default_route_table')[0];
}

function subnetsOf(model: Model): Subnet[] {
  return ofType(model, 'aws_subnet').map((subnet) => {
    const table = routeTableOf(model, subnet);
    const defaultRoute = defaultRouteOf(model, table);
    const derivedTier = defaultRoute.via === 'igw' ? 'public' : defaultRoute.via === 'nat' ? 'private' : 'isolated';
    return {
      address: subnet.address,
      name: displayName(subnet),
      tier: tag(subnet, 'Tier') ?? derivedTier,
      az: str(subnet.values.availability_zone) ?? str(subnet.values.availability_zone_id) ?? 'unknown AZ',
      cidr: str(subnet.values.cidr_block),
      vpc: referencedOne(model, subnet.values.vpc_id, 'aws_vpc')?.address,
      routeTable: table?.address,
      defaultRoute,
      mapPublicIp: bool(subnet.values.map_public_ip_on_launch) === true,
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

const KIND_LABEL: Readonly<Record<ComponentKind, string>> = { alb: 'ALB', instance: 'EC2', asg: 'ASG', rds: 'RDS' };

interface ComponentDraft {
  readonly resource: Resource;
  readonly kind: ComponentKind;
  readonly groups: readonly string[];
  readonly subnets: readonly string[];
  readonly publicIp: (subnets: readonly Subnet[]) => boolean;
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

function drafts(model: Model): ComponentDraft[] {
  const albs = ofType(model, 'aws_lb', 'aws_alb')
    .filter((lb) => (str(lb.values.load_balancer_type) ?? 'application') === 'application')
    .map((lb): ComponentDraft => ({
      resource: lb,
      kind: 'alb',
      groups: referencedAddresses(model, lb.values.security_groups),
      subnets: referencedAddresses(model, [lb.values.subnets, blocks(lb.values, 'subnet_mapping').map((mapping) => mapping.subnet_id)]),
      publicIp: () => bool(lb.values.internal) !== true,
    }));
  const instances = ofType(model, 'aws_instance').map((instance): ComponentDraft => {
    const associate = bool(instance.values.associate_public_ip_address);
    return {
      resource: instance,
      kind: 'instance',
      groups: referencedAddresses(model, [instance.values.vpc_security_group_ids, instance.values.security_groups]),
      subnets: referencedAddresses(model, instance.values.subnet_id),
      publicIp: (subnets) => hasElasticIp(model, instance) || (associate ?? subnets.some((subnet) => subnet.mapPublicIp)),
    };
  });
  const groups = ofType(model, 'aws_autoscaling_group').map((asg): ComponentDraft => {
    const template = launchTemplateOf(model, asg);
    const nic = block(template?.values, 'network_interfaces');
    const associate = bool(nic?.associate_public_ip_address);
    return {
      resource: asg,
      kind: 'asg',
      groups: referencedAddresses(model, [template?.values.vpc_security_group_ids, template?.values.security_group_names, nic?.security_groups]),
      subnets: referencedAddresses(model, asg.values.vpc_zone_identifier),
      publicIp: (subnets) => associate ?? subnets.some((subnet) => subnet.mapPublicIp),
    };
  });
  const databases = ofType(model, 'aws_db_instance').map((db): ComponentDraft => {
    const subnetGroup = referencedOne(model, db.values.db_subnet_group_name, 'aws_db_subnet_group');
    return {
      resource: db,
      kind: 'rds',
      groups: referencedAddresses(model, db.values.vpc_security_group_ids),
      subnets: referencedAddresses(model, subnetGroup?.values.subnet_ids),
      publicIp: () => bool(db.values.publicly_accessible) === true,
    };
  });
  return [...albs, ...instances, ...groups, ...databases];
}

/** Subnets, security-group rules and traffic-receiving components: what reachability, cost and the diagram share. */
export function topologyOf(model: Model): Topology {
  const subnets = subnetsOf(model);
  const subnetByAddress = new Map(subnets.map((subnet) => [subnet.address, subnet]));
  const all = drafts(model);
  const prefix = commonPrefix(all.map((draft) => displayName(draft.resource)));
  const components = all.map((draft): Component => {
    const own = draft.subnets.map((address) => subnetByAddress.get(address)).filter((subnet): subnet is Subnet => subnet !== undefined);
    const name = displayName(draft.resource);
    return {
      address: draft.resource.address,
      kind: draft.kind,
      label: `${name.startsWith(prefix) ? name.slice(prefix.length) : name} ${KIND_LABEL[draft.kind]}`,
      groups: draft.groups,
      subnets: own,
      publicIp: draft.publicIp(own),
    };
  });
  return { subnets, rules: ruleResources(model), components };
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
