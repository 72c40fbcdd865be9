import fc from 'fast-check';
import { modelFromJson } from '../../src/review/load';
import { coversPort } from '../../src/review/ports';
import { ADMIN, INTERNET, portsBetween, reachabilityOf, type Reachability } from '../../src/review/reachability';
import { topologyOf } from '../../src/review/topology';
import { plan, ref, type Json, type PlanResource } from './fixtures/plan-builder';

/**
 * Random small networks written twice, as a cdk.tf.json and as a first plan (every id unknown, links
 * only in the configuration's references), must read the same; and both must agree with a brute-force
 * reading of the AWS rules written here, independently of the review's code.
 */

type Source = { readonly cidr: string } | { readonly group: number };

interface RuleSpec {
  readonly port: number | 'all';
  readonly source: Source;
  /** Inline in the group, or a separate rule resource. */
  readonly inline: boolean;
}

interface Net {
  readonly subnets: readonly { readonly route: 'igw' | 'nat' | 'none'; readonly mapPublic: boolean }[];
  readonly groups: readonly { readonly ingress: readonly RuleSpec[]; readonly egress: readonly RuleSpec[] }[];
  readonly instances: readonly { readonly subnet: number; readonly groups: readonly number[]; readonly associate: boolean | undefined }[];
  /** The plan lists inline rules in another order than the configuration (sets are ordered by hash). */
  readonly reorder: boolean;
}

const PORTS = [22, 80, 443, 3306] as const;
const ADMIN_CIDR = '203.0.113.0/24';
const subnetCidr = (index: number): string => `10.0.${index}.0/24`;

const source = (groups: number, subnets: number): fc.Arbitrary<Source> =>
  fc.oneof(
    fc.constantFrom('0.0.0.0/0', '10.0.0.0/16', ADMIN_CIDR, ...Array.from({ length: subnets }, (_, index) => subnetCidr(index)), '10.0.0.0/25').map((cidr) => ({ cidr })),
    fc.integer({ min: 0, max: groups - 1 }).map((group) => ({ group })),
  );

const rule = (groups: number, subnets: number): fc.Arbitrary<RuleSpec> => fc.record({ port: fc.constantFrom<number | 'all'>(...PORTS, 'all'), source: source(groups, subnets), inline: fc.boolean() });

const network: fc.Arbitrary<Net> = fc.record({ subnetCount: fc.integer({ min: 1, max: 3 }), groupCount: fc.integer({ min: 1, max: 3 }) }).chain(({ subnetCount, groupCount }) =>
  fc.record({
    subnets: fc.array(fc.record({ route: fc.constantFrom<'igw' | 'nat' | 'none'>('igw', 'nat', 'none'), mapPublic: fc.boolean() }), { minLength: subnetCount, maxLength: subnetCount }),
    groups: fc.array(fc.record({ ingress: fc.array(rule(groupCount, subnetCount), { maxLength: 3 }), egress: fc.array(rule(groupCount, subnetCount), { maxLength: 2 }) }), {
      minLength: groupCount,
      maxLength: groupCount,
    }),
    instances: fc.array(
      fc.record({
        subnet: fc.integer({ min: 0, max: subnetCount - 1 }),
        groups: fc.uniqueArray(fc.integer({ min: 0, max: groupCount - 1 }), { minLength: 1, maxLength: 2 }),
        associate: fc.option(fc.boolean(), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    reorder: fc.boolean(),
  }),
);

const ports = (spec: RuleSpec): { from_port: number; to_port: number; protocol: string } =>
  spec.port === 'all' ? { from_port: 0, to_port: 0, protocol: '-1' } : { from_port: spec.port, to_port: spec.port, protocol: 'tcp' };

/** The network as `cdktf synth` writes it: references as `${type.name.attribute}`. */
function synthesized(net: Net): Json {
  const interpolation = (address: string, attribute = 'id'): string => `\${${address}.${attribute}}`;
  const resource: Record<string, Record<string, Json>> = {
    aws_vpc: { main: { cidr_block: '10.0.0.0/16' } },
    aws_internet_gateway: { gw: { vpc_id: interpolation('aws_vpc.main') } },
    aws_nat_gateway: { nat: { subnet_id: interpolation('aws_subnet.s0') } },
    aws_subnet: {},
    aws_route_table: {},
    aws_route: {},
    aws_route_table_association: {},
    aws_security_group: {},
    aws_vpc_security_group_ingress_rule: {},
    aws_vpc_security_group_egress_rule: {},
    aws_instance: {},
  };
  net.subnets.forEach((subnet, index) => {
    resource.aws_subnet[`s${index}`] = { vpc_id: interpolation('aws_vpc.main'), cidr_block: subnetCidr(index), map_public_ip_on_launch: subnet.mapPublic };
    resource.aws_route_table[`rt${index}`] = { vpc_id: interpolation('aws_vpc.main') };
    if (subnet.route !== 'none') {
      resource.aws_route[`r${index}`] = {
        route_table_id: interpolation(`aws_route_table.rt${index}`),
        destination_cidr_block: '0.0.0.0/0',
        ...(subnet.route === 'igw' ? { gateway_id: interpolation('aws_internet_gateway.gw') } : { nat_gateway_id: interpolation('aws_nat_gateway.nat') }),
      };
    }
    resource.aws_route_table_association[`a${index}`] = { subnet_id: interpolation(`aws_subnet.s${index}`), route_table_id: interpolation(`aws_route_table.rt${index}`) };
  });
  net.groups.forEach((group, index) => {
    const inline = (spec: RuleSpec): Json => ({
      ...ports(spec),
      cidr_blocks: 'cidr' in spec.source ? [spec.source.cidr] : [],
      security_groups: 'group' in spec.source ? [interpolation(`aws_security_group.g${spec.source.group}`)] : [],
      description: 'x',
    });
    resource.aws_security_group[`g${index}`] = {
      name: `g${index}`,
      description: 'group',
      vpc_id: interpolation('aws_vpc.main'),
      ingress: group.ingress.filter((spec) => spec.inline).map(inline),
      egress: group.egress.filter((spec) => spec.inline).map(inline),
    };
    (['ingress', 'egress'] as const).forEach((direction) =>
      group[direction].forEach((spec, number) => {
        if (!spec.inline) {
          resource[`aws_vpc_security_group_${direction}_rule`][`g${index}_${direction}_${number}`] = {
            security_group_id: interpolation(`aws_security_group.g${index}`),
            ip_protocol: spec.port === 'all' ? '-1' : 'tcp',
            ...(spec.port === 'all' ? {} : { from_port: spec.port, to_port: spec.port }),
            ...('cidr' in spec.source ? { cidr_ipv4: spec.source.cidr } : { referenced_security_group_id: interpolation(`aws_security_group.g${spec.source.group}`) }),
            description: 'x',
          };
        }
      }),
    );
  });
  net.instances.forEach((instance, index) => {
    resource.aws_instance[`i${index}`] = {
      ami: 'ami-0123456789abcdef0',
      instance_type: 't3.micro',
      subnet_id: interpolation(`aws_subnet.s${instance.subnet}`),
      vpc_security_group_ids: instance.groups.map((group) => interpolation(`aws_security_group.g${group}`)),
      ...(instance.associate === undefined ? {} : { associate_public_ip_address: instance.associate }),
    };
  });
  return { provider: { aws: [{ region: 'us-east-1' }] }, resource };
}

/** The same network as a first plan: known values planned, every id unknown, links only as references. */
function planned(net: Net): Json {
  const link = (address: string): Json => ref(`${address}.id`, address);
  const resources: PlanResource[] = [
    { address: 'aws_vpc.main', values: { cidr_block: '10.0.0.0/16' }, unknown: { id: true } },
    { address: 'aws_internet_gateway.gw', values: {}, unknown: { id: true, vpc_id: true }, expressions: { vpc_id: link('aws_vpc.main') } },
    { address: 'aws_nat_gateway.nat', values: {}, unknown: { id: true, subnet_id: true }, expressions: { subnet_id: link('aws_subnet.s0') } },
  ];
  net.subnets.forEach((subnet, index) => {
    resources.push(
      {
        address: `aws_subnet.s${index}`,
        values: { cidr_block: subnetCidr(index), map_public_ip_on_launch: subnet.mapPublic },
        unknown: { id: true, vpc_id: true },
        expressions: { vpc_id: link('aws_vpc.main'), cidr_block: { constant_value: subnetCidr(index) } },
      },
      { address: `aws_route_table.rt${index}`, values: {}, unknown: { id: true, vpc_id: true, route: true }, expressions: { vpc_id: link('aws_vpc.main') } },
      {
        address: `aws_route_table_association.a${index}`,
        values: {},
        unknown: { id: true, subnet_id: true, route_table_id: true },
        expressions: { subnet_id: link(`aws_subnet.s${index}`), route_table_id: link(`aws_route_table.rt${index}`) },
      },
    );
    if (subnet.route !== 'none') {
      const target = subnet.route === 'igw' ? { gateway_id: link('aws_internet_gateway.gw') } : { nat_gateway_id: link('aws_nat_gateway.nat') };
      resources.push({
        address: `aws_route.r${index}`,
        values: { destination_cidr_block: '0.0.0.0/0' },
        unknown: { id: true, route_table_id: true, gateway_id: true, nat_gateway_id: true },
        expressions: { route_table_id: link(`aws_route_table.rt${index}`), destination_cidr_block: { constant_value: '0.0.0.0/0' }, ...target },
      });
    }
  });
  net.groups.forEach((group, index) => {
    const values: Json = { name: `g${index}`, description: 'group' };
    const unknown: Json = { id: true, vpc_id: true };
    const expressions: Json = { name: { constant_value: `g${index}` }, vpc_id: link('aws_vpc.main') };
    (['ingress', 'egress'] as const).forEach((direction) => {
      const inline = group[direction].filter((spec) => spec.inline);
      const blocks = inline.map((spec) => ({
        value: { ...ports(spec), cidr_blocks: 'cidr' in spec.source ? [spec.source.cidr] : [], security_groups: 'group' in spec.source ? [null] : [], description: 'x', self: false },
        unknown: 'group' in spec.source ? { security_groups: [true] } : {},
      }));
      const order = net.reorder ? [...blocks].reverse() : blocks;
      values[direction] = order.map((entry) => entry.value);
      unknown[direction] = order.map((entry) => entry.unknown);
      expressions[direction] = inline.map((spec) => ({
        from_port: { constant_value: ports(spec).from_port },
        to_port: { constant_value: ports(spec).to_port },
        protocol: { constant_value: ports(spec).protocol },
        ...('cidr' in spec.source ? { cidr_blocks: { constant_value: [spec.source.cidr] } } : { security_groups: link(`aws_security_group.g${spec.source.group}`) }),
      }));
      group[direction].forEach((spec, number) => {
        if (!spec.inline) {
          const known = {
            ip_protocol: spec.port === 'all' ? '-1' : 'tcp',
            ...(spec.port === 'all' ? {} : { from_port: spec.port, to_port: spec.port }),
            ...('cidr' in spec.source ? { cidr_ipv4: spec.source.cidr } : {}),
            description: 'x',
          };
          resources.push({
            address: `aws_vpc_security_group_${direction}_rule.g${index}_${direction}_${number}`,
            values: known,
            unknown: { id: true, security_group_id: true, ...('group' in spec.source ? { referenced_security_group_id: true } : {}) },
            expressions: { security_group_id: link(`aws_security_group.g${index}`), ...('group' in spec.source ? { referenced_security_group_id: link(`aws_security_group.g${spec.source.group}`) } : {}) },
          });
        }
      });
    });
    resources.push({ address: `aws_security_group.g${index}`, values, unknown, expressions });
  });
  net.instances.forEach((instance, index) => {
    resources.push({
      address: `aws_instance.i${index}`,
      values: { ami: 'ami-0123456789abcdef0', instance_type: 't3.micro', ...(instance.associate === undefined ? {} : { associate_public_ip_address: instance.associate }) },
      unknown: { id: true, subnet_id: true, vpc_security_group_ids: true, ...(instance.associate === undefined ? { associate_public_ip_address: true } : {}) },
      expressions: {
        subnet_id: link(`aws_subnet.s${instance.subnet}`),
        vpc_security_group_ids: ref(...instance.groups.flatMap((group) => [`aws_security_group.g${group}.id`, `aws_security_group.g${group}`])),
        ...(instance.associate === undefined ? {} : { associate_public_ip_address: { constant_value: instance.associate } }),
      },
    });
  });
  return plan(resources);
}

/** Brute force over the AWS rules, port by port: what the review must find. */
function bruteForce(net: Net, from: string, to: number, port: number): boolean {
  const target = net.instances[to];
  const inside = (cidr: string, subnet: number): boolean => cidr === '10.0.0.0/16' || cidr === subnetCidr(subnet) || (cidr === '10.0.0.0/25' && subnet === 0);
  const covers = (spec: RuleSpec): boolean => spec.port === 'all' || spec.port === port;
  const publicIp = target.associate ?? net.subnets[target.subnet].mapPublic;
  const exposed = publicIp && net.subnets[target.subnet].route === 'igw';
  const ingress = target.groups.flatMap((group) => net.groups[group].ingress).filter(covers);
  if (from === INTERNET) {
    return exposed && ingress.some((spec) => 'cidr' in spec.source && spec.source.cidr === '0.0.0.0/0');
  }
  if (from === ADMIN) {
    return exposed && ingress.some((spec) => 'cidr' in spec.source && (spec.source.cidr === '0.0.0.0/0' || spec.source.cidr === ADMIN_CIDR));
  }
  const origin = net.instances[Number(from.replace('aws_instance.i', ''))];
  // Ingress naming the source by group, or by a range holding its private address; the whole internet counts
  // only towards a target without a public address (otherwise the internet row reports it).
  const admitted = ingress.some((spec) => ('group' in spec.source ? origin.groups.includes(spec.source.group) : inside(spec.source.cidr, origin.subnet) || (spec.source.cidr === '0.0.0.0/0' && !publicIp)));
  const allowed = origin.groups
    .flatMap((group) => net.groups[group].egress)
    .filter(covers)
    .some((spec) => ('group' in spec.source ? target.groups.includes(spec.source.group) : inside(spec.source.cidr, target.subnet) || spec.source.cidr === '0.0.0.0/0'));
  return admitted && allowed;
}

function reach(json: Json): Reachability {
  return reachabilityOf(topologyOf(modelFromJson(json, 'generated')));
}

describe('reachability of random networks', () => {
  it('reads a cdk.tf.json and a first plan of the same network the same, and agrees with the AWS rules port by port', () => {
    fc.assert(
      fc.property(network, (net) => {
        const fromSynth = reach(synthesized(net));
        const fromPlan = reach(planned(net));
        expect(fromPlan.flows).toEqual(fromSynth.flows);
        expect(fromPlan.paths).toEqual(fromSynth.paths);
        expect(fromSynth.unknown).toEqual([]);
        expect(fromPlan.unknown).toEqual([]);
        const sources = [INTERNET, ...(fromSynth.adminCidrs.length > 0 ? [ADMIN] : []), ...net.instances.map((_, index) => `aws_instance.i${index}`)];
        net.instances.forEach((_, to) => {
          for (const from of sources.filter((candidate) => candidate !== `aws_instance.i${to}`)) {
            for (const port of PORTS) {
              const found = portsBetween(fromSynth, from, `aws_instance.i${to}`).some((range) => coversPort(range, port));
              expect({ from, to: `aws_instance.i${to}`, port, reachable: found }).toEqual({ from, to: `aws_instance.i${to}`, port, reachable: bruteForce(net, from, to, port) });
            }
          }
        });
      }),
      { numRuns: 100 },
    );
  });
});
