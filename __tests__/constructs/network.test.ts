import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { Testing } from 'cdktf';
import { Naming } from '../../src/constructs/naming';
import { Network, type NetworkProps } from '../../src/constructs/network';
import { ref, resourcesOf, synthEnvironment } from '../support/stacks';

const layout = { public: ['10.0.0.0/24', '10.0.1.0/24'], app: ['10.0.16.0/20', '10.0.32.0/20'], db: ['10.0.48.0/24', '10.0.49.0/24'] };
const zones = ['ap-northeast-2a', 'ap-northeast-2c'];

function synthNetwork(props: Partial<NetworkProps> = {}): string {
  return Testing.synthScope((scope) => {
    new Network(scope, 'network', { naming: new Naming('shop', 'test'), region: 'ap-northeast-2', availabilityZones: zones, subnetLayout: layout, ...props });
  });
}

/** route table name -> the target of its 0.0.0.0/0 route */
function defaultRoutes(synthesized: string): Map<string, Record<string, unknown>> {
  const routes = new Map<string, Record<string, unknown>>();
  for (const route of Object.values(resourcesOf(synthesized, 'aws_route'))) {
    if (route.destination_cidr_block === '0.0.0.0/0' && typeof route.route_table_id === 'string') {
      routes.set(route.route_table_id, route);
    }
  }
  return routes;
}

function tableOfSubnet(synthesized: string, subnetName: string): string {
  const association = Object.values(resourcesOf(synthesized, 'aws_route_table_association')).find((candidate) => candidate.subnet_id === ref('aws_subnet', subnetName));
  if (association === undefined || typeof association.route_table_id !== 'string') {
    throw new Error(`no route table association for ${subnetName}`);
  }
  return association.route_table_id;
}

function subnetNames(synthesized: string, tier: string): string[] {
  return Object.entries(resourcesOf(synthesized, 'aws_subnet'))
    .filter(([, subnet]) => JSON.stringify(subnet.tags).includes(`"Tier":"${tier}"`))
    .map(([name]) => name);
}

describe('Network', () => {
  const synthesized = synthNetwork();

  it('creates a VPC with DNS support and hostnames', () => {
    expect(synthesized).toHaveResourceWithProperties(Vpc, { cidr_block: '10.0.0.0/16', enable_dns_support: true, enable_dns_hostnames: true, tags: { Name: 'shop-test-vpc' } });
  });

  it('creates a public, a private-app and a private-db subnet per AZ, named <project>-<env>-<role>-<az>', () => {
    expect(Object.keys(resourcesOf(synthesized, 'aws_subnet'))).toHaveLength(6);
    for (const [tier, cidrs] of Object.entries(layout)) {
      cidrs.forEach((cidr, index) => {
        expect(synthesized).toHaveResourceWithProperties(Subnet, {
          cidr_block: cidr,
          availability_zone: zones[index],
          map_public_ip_on_launch: tier === 'public',
          tags: { Name: `shop-test-${tier}-${zones[index]}`, Tier: tier },
        });
      });
    }
  });

  it('routes the public subnets to the internet gateway', () => {
    const routes = defaultRoutes(synthesized);
    for (const subnet of subnetNames(synthesized, 'public')) {
      const route = routes.get(tableOfSubnet(synthesized, subnet));
      expect(route?.gateway_id).toMatch(/^\$\{aws_internet_gateway\./);
    }
  });

  it('gives the db subnets no route to the internet at all', () => {
    const routes = defaultRoutes(synthesized);
    const dbSubnets = subnetNames(synthesized, 'db');
    expect(dbSubnets).toHaveLength(2);
    for (const subnet of dbSubnets) {
      expect(routes.has(tableOfSubnet(synthesized, subnet))).toBe(false);
    }
    const dbTable = tableOfSubnet(synthesized, dbSubnets[0]);
    expect(Object.values(resourcesOf(synthesized, 'aws_route')).filter((route) => route.route_table_id === dbTable)).toEqual([]);
  });

  it.each([
    ['none', 0],
    ['single', 1],
    ['per-az', 2],
  ] as const)('NAT mode %s makes %i NAT gateway(s), each with its own Elastic IP in a public subnet', (natMode, count) => {
    const result = synthNetwork({ natMode });
    const nats = Object.values(resourcesOf(result, 'aws_nat_gateway'));
    expect(nats).toHaveLength(count);
    expect(Object.keys(resourcesOf(result, 'aws_eip'))).toHaveLength(count);
    const publicSubnetRefs = subnetNames(result, 'public').map((name) => ref('aws_subnet', name));
    for (const nat of nats) {
      expect(publicSubnetRefs).toContain(nat.subnet_id);
      expect(nat.allocation_id).toMatch(/^\$\{aws_eip\./);
    }
    expect(new Set(nats.map((nat) => nat.allocation_id)).size).toBe(count);
  });

  it('sends each private-app subnet to the NAT of its own AZ in per-az mode', () => {
    const result = synthNetwork({ natMode: 'per-az' });
    const routes = defaultRoutes(result);
    const nats = resourcesOf(result, 'aws_nat_gateway');
    for (const [index, subnet] of subnetNames(result, 'app').entries()) {
      const target = routes.get(tableOfSubnet(result, subnet))?.nat_gateway_id;
      const natName = Object.keys(nats).find((name) => ref('aws_nat_gateway', name) === target);
      expect(natName).toContain(zones[index]);
    }
  });

  it('sends every private-app subnet to the one NAT in single mode, and nowhere in none mode', () => {
    const single = synthNetwork({ natMode: 'single' });
    const singleTargets = subnetNames(single, 'app').map((subnet) => defaultRoutes(single).get(tableOfSubnet(single, subnet))?.nat_gateway_id);
    expect(new Set(singleTargets).size).toBe(1);
    expect(singleTargets[0]).toMatch(/^\$\{aws_nat_gateway\./);
    const none = synthNetwork({ natMode: 'none' });
    expect(Object.keys(resourcesOf(none, 'aws_route'))).toHaveLength(1);
  });

  it('strips every rule from the default security group', () => {
    expect(synthesized).toHaveResourceWithProperties(DefaultSecurityGroup, { ingress: [], egress: [] });
  });

  it('adds a free S3 gateway endpoint on the private route tables only', () => {
    const endpoint = Object.values(resourcesOf(synthesized, 'aws_vpc_endpoint'))[0];
    expect(endpoint).toMatchObject({ service_name: 'com.amazonaws.ap-northeast-2.s3', vpc_endpoint_type: 'Gateway' });
    const tables = endpoint.route_table_ids;
    expect(Array.isArray(tables) ? tables.length : 0).toBe(3);
    expect(JSON.stringify(tables)).not.toContain('public');
    expect(synthNetwork({ s3GatewayEndpoint: false })).not.toHaveResource(VpcEndpoint);
  });

  it('writes flow logs to CloudWatch with a role and a retention only when asked', () => {
    expect(synthesized).not.toHaveResource(FlowLog);
    const withLogs = synthNetwork({ flowLogs: { retentionDays: 30 } });
    expect(withLogs).toHaveResourceWithProperties(FlowLog, { traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs' });
    expect(Object.values(resourcesOf(withLogs, 'aws_cloudwatch_log_group'))[0]).toMatchObject({ retention_in_days: 30 });
    const role = Object.values(resourcesOf(withLogs, 'aws_iam_role'))[0];
    expect(String(role.assume_role_policy)).toContain('vpc-flow-logs.amazonaws.com');
  });

  it('rejects conflicting props in the constructor', () => {
    expect(() => synthNetwork({ availabilityZones: ['ap-northeast-2a'] })).toThrow('Network needs at least two availability zones, got 1');
    expect(() => synthNetwork({ subnetLayout: { ...layout, db: ['10.0.48.0/24'] } })).toThrow('Network subnetLayout.db has 1 CIDRs for 2 AZs');
  });
});

describe('environment stacks', () => {
  it('turn flow logs on in prod and off in dev by default', () => {
    expect(synthEnvironment('prod')).toHaveResource(FlowLog);
    expect(synthEnvironment('dev')).not.toHaveResource(FlowLog);
  });

  it('use one NAT gateway in dev and one per AZ in prod', () => {
    expect(Object.keys(resourcesOf(synthEnvironment('dev'), 'aws_nat_gateway'))).toHaveLength(1);
    expect(Object.keys(resourcesOf(synthEnvironment('prod'), 'aws_nat_gateway'))).toHaveLength(2);
  });

  it('follow a NAT mode override', () => {
    expect(synthEnvironment('dev', { TT__network__natMode: 'none' })).not.toHaveResource(NatGateway);
    expect(synthEnvironment('dev', { TT__network__natMode: 'none' })).toHaveResourceWithProperties(Route, { destination_cidr_block: '0.0.0.0/0' });
  });
});
