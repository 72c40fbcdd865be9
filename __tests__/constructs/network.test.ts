import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { Testing } from 'cdktf';
import { Naming } from '../../src/constructs/naming';
import { InterfaceEndpoints, type InterfaceEndpointsProps } from '../../src/constructs/interface-endpoints';
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

  it('creates a public, a private-app and a private-db subnet per AZ, named <project>-<env>-<role>-<az>, none handing out public addresses (CKV_AWS_130)', () => {
    expect(Object.keys(resourcesOf(synthesized, 'aws_subnet'))).toHaveLength(6);
    for (const [tier, cidrs] of Object.entries(layout)) {
      cidrs.forEach((cidr, index) => {
        expect(synthesized).toHaveResourceWithProperties(Subnet, {
          cidr_block: cidr,
          availability_zone: zones[index],
          map_public_ip_on_launch: false,
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
  it('turn flow logs on by default, and off when asked', () => {
    expect(synthEnvironment('prod')).toHaveResource(FlowLog);
    expect(synthEnvironment('dev')).toHaveResource(FlowLog);
    expect(synthEnvironment('dev', { TT__network__flowLogs__enabled: 'false' })).not.toHaveResource(FlowLog);
  });

  it('use one NAT gateway with natMode single and one per AZ in prod (dev uses a NAT instance: nat-instance.test.ts)', () => {
    expect(Object.keys(resourcesOf(synthEnvironment('dev'), 'aws_nat_gateway'))).toHaveLength(0);
    expect(Object.keys(resourcesOf(synthEnvironment('dev', { TT__network__natMode: 'single' }), 'aws_nat_gateway'))).toHaveLength(1);
    expect(Object.keys(resourcesOf(synthEnvironment('prod'), 'aws_nat_gateway'))).toHaveLength(2);
  });

  it('follow a NAT mode override', () => {
    expect(synthEnvironment('dev', noNat)).not.toHaveResource(NatGateway);
    expect(synthEnvironment('dev', noNat)).toHaveResourceWithProperties(Route, { destination_cidr_block: '0.0.0.0/0' });
  });
});

const ecrImage = '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/app:1';
const noNat = { TT__network__natMode: 'none', TT__access__bastion__enabled: 'true', TT__frontend__image: ecrImage, TT__backend__image: ecrImage };

describe('natMode none: the AWS APIs through interface endpoints', () => {
  const synthesized = synthEnvironment('dev', noNat);
  const groups = resourcesOf(synthesized, 'aws_security_group');
  const groupNamed = (name: string): string => {
    const match = Object.entries(groups).find(([, group]) => JSON.stringify(group.tags).includes(`"Name":"${name}"`));
    return ref('aws_security_group', match?.[0] ?? 'missing');
  };
  const interfaces = Object.values(resourcesOf(synthesized, 'aws_vpc_endpoint')).filter((endpoint) => endpoint.vpc_endpoint_type === 'Interface');

  it('reach ECR (api, dkr), CloudWatch Logs, Secrets Manager, SSM, SSM messages and EC2 messages at their usual names (private DNS)', () => {
    expect(interfaces.map((endpoint) => endpoint.service_name).sort()).toEqual(
      ['ec2messages', 'ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm', 'ssmmessages'].map((service) => `com.amazonaws.ap-northeast-2.${service}`),
    );
    const appSubnets = subnetNames(synthesized, 'app').map((name) => ref('aws_subnet', name));
    for (const endpoint of interfaces) {
      expect(endpoint).toMatchObject({ private_dns_enabled: true, subnet_ids: appSubnets, security_group_ids: [groupNamed('three-tier-dev-endpoints')] });
    }
    // Image layers come from S3: the gateway endpoint stays.
    expect(synthesized).toHaveResourceWithProperties(VpcEndpoint, { service_name: 'com.amazonaws.ap-northeast-2.s3', vpc_endpoint_type: 'Gateway' });
  });

  it('admit HTTPS from the instances and the bastion only (private DNS answers the whole VPC), which may send 443 out', () => {
    const endpointGroup = groupNamed('three-tier-dev-endpoints');
    const ingress = Object.values(resourcesOf(synthesized, 'aws_vpc_security_group_ingress_rule')).filter((rule) => rule.security_group_id === endpointGroup);
    expect(ingress.map((rule) => [rule.from_port, rule.to_port, rule.referenced_security_group_id]).sort()).toEqual(
      [
        [443, 443, groupNamed('three-tier-dev-backend')],
        [443, 443, groupNamed('three-tier-dev-bastion')],
        [443, 443, groupNamed('three-tier-dev-frontend')],
      ].sort(),
    );
    expect(ingress.some((rule) => rule.cidr_ipv4 !== undefined || rule.cidr_ipv6 !== undefined)).toBe(false);
    for (const tier of ['frontend', 'backend']) {
      const egress = Object.values(resourcesOf(synthesized, 'aws_vpc_security_group_egress_rule')).filter((rule) => rule.security_group_id === groupNamed(`three-tier-dev-${tier}`));
      expect(egress.some((rule) => rule.from_port === 443 && rule.cidr_ipv4 === '0.0.0.0/0')).toBe(true);
    }
  });

  it("are absent when a NAT (dev's instance or a gateway) gives egress", () => {
    expect(Object.values(resourcesOf(synthEnvironment('dev'), 'aws_vpc_endpoint')).map((endpoint) => endpoint.vpc_endpoint_type)).toEqual(['Gateway']);
  });

  it('refuse images the endpoints cannot serve, and a missing S3 gateway endpoint, naming the fields', () => {
    expect(() => synthEnvironment('dev', { TT__network__natMode: 'none' })).toThrow(
      'frontend.image: "public.ecr.aws/nginx/nginx:1.27" cannot be pulled with natMode "none": only private ECR of ap-northeast-2 is reachable through the VPC endpoints',
    );
    expect(() => synthEnvironment('dev', { ...noNat, TT__network__s3GatewayEndpoint: 'false' })).toThrow(
      'network.s3GatewayEndpoint: must be true with natMode "none": ECR image layers and the AL2023 package repositories are in S3',
    );
  });

  it('reject conflicting props in the constructor', () => {
    const naming = new Naming('shop', 'test');
    const build = (props: Partial<InterfaceEndpointsProps>) => () =>
      Testing.synthScope((scope) => {
        const client = new SecurityGroup(scope, 'client', { vpcId: 'vpc-1' });
        new InterfaceEndpoints(scope, 'endpoints', { naming, region: 'ap-northeast-2', vpcId: 'vpc-1', subnetIds: ['a', 'b'], clientGroups: [client], ...props });
      });
    expect(build({ clientGroups: [] })).toThrow('InterfaceEndpoints needs at least one client group');
    expect(build({ subnetIds: [] })).toThrow('InterfaceEndpoints needs at least one subnet');
    expect(build({ services: ['ssm', 'ssm'] })).toThrow('InterfaceEndpoints services must be unique, got ssm, ssm');
  });
});
