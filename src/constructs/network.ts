import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { Construct } from 'constructs';
import { NAT_MODES, type NatMode } from '../config/schema';
import { SUBNET_TIERS, type SubnetLayout, type SubnetTier } from '../config/network-layout';
import { NatInstance } from './nat-instance';
import { sourceAccount } from './source-account';
import { Naming } from './naming';

/** VPC flow logs to CloudWatch Logs. */
export interface FlowLogOptions {
  /** Days CloudWatch keeps the records. */
  readonly retentionDays: number;
  /**
   * Which traffic to record.
   * @default 'ALL'
   */
  readonly trafficType?: 'ALL' | 'ACCEPT' | 'REJECT';
  /**
   * Customer managed KMS key for the log group.
   * @default undefined (CloudWatch's own encryption)
   */
  readonly kmsKeyArn?: string;
}

export interface NetworkProps {
  /** Names and Name tags of every resource. */
  readonly naming: Naming;
  /** Region of the VPC; used for the S3 gateway endpoint's service name. */
  readonly region: string;
  /** At least two AZs; one public, one private-app and one private-db subnet are made in each. */
  readonly availabilityZones: readonly string[];
  /**
   * The VPC's IPv4 CIDR.
   * @default '10.0.0.0/16'
   */
  readonly vpcCidr?: string;
  /** Subnet CIDRs per tier, one per AZ in AZ order (see `resolveSubnetLayout`). */
  readonly subnetLayout: SubnetLayout;
  /**
   * `none`: private-app subnets have no internet egress; `single`: one NAT gateway in the first AZ;
   * `per-az`: one NAT gateway per AZ, so one AZ's outage does not cut the other's egress;
   * `instance`: NAT instances (see `natInstance`), about a tenth of a gateway's price.
   * @default 'single'
   */
  readonly natMode?: NatMode;
  /**
   * VPC flow logs; off when undefined.
   * @default undefined
   */
  readonly flowLogs?: FlowLogOptions;
  /**
   * An S3 gateway endpoint on the private route tables: free, and S3 traffic skips the NAT's per-GB charge.
   * @default true
   */
  readonly s3GatewayEndpoint?: boolean;
  /**
   * With natMode `instance`: the instance type, and one instance per AZ or one for all.
   * `extraTags` reach the instances and volumes the NAT launch templates start, which the
   * provider's `default_tags` do not.
   * @default { instanceType: 't4g.nano', perAz: false, extraTags: {} }
   */
  readonly natInstance?: { readonly instanceType?: string; readonly perAz?: boolean; readonly extraTags?: Readonly<Record<string, string>> };
}

/**
 * A VPC across several AZs with three subnet tiers: public (IGW, NAT gateways), private-app (egress
 * through NAT) and private-db (no route to the internet at all). The default security group is
 * stripped of its rules.
 */
export class Network extends Construct {
  public readonly vpc: Vpc;
  public readonly internetGateway: InternetGateway;
  /** Subnets per tier, in AZ order. */
  public readonly subnets: Readonly<Record<SubnetTier, readonly Subnet[]>>;
  public readonly publicRouteTable: RouteTable;
  /** One per AZ, in AZ order; their default route goes to the NAT gateway of the AZ (or the single one). */
  public readonly appRouteTables: readonly RouteTable[];
  /** Shared by the db subnets; it holds only the local route (and the S3 endpoint's prefix list). */
  public readonly dbRouteTable: RouteTable;
  public readonly natGateways: readonly NatGateway[];
  /** The AZ of each NAT gateway, in the same order. */
  public readonly natGatewayZones: readonly string[];
  /** The AZ of each NAT instance slot, in the same order. */
  public readonly natInstanceZones: readonly string[];
  /** With natMode `instance`: one per NAT slot, in AZ order. */
  public readonly natInstances: readonly NatInstance[];
  /** The egress addresses: the NAT gateways' Elastic IPs in the same order, or the NAT instances'. */
  public readonly natElasticIps: readonly Eip[];
  public readonly flowLog?: FlowLog;
  public readonly availabilityZones: readonly string[];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const natMode = props.natMode ?? 'single';
    validateProps(props, natMode);
    const { naming, availabilityZones } = props;
    this.availabilityZones = availabilityZones;

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.vpcCidr ?? '10.0.0.0/16',
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: naming.tags('vpc'),
    });

    // Terraform adopts the default group and removes every rule, so nothing can fall back on it.
    new DefaultSecurityGroup(this, 'default-security-group', {
      vpcId: this.vpc.id,
      ingress: [],
      egress: [],
      tags: naming.tags('default-closed'),
    });

    this.internetGateway = new InternetGateway(this, 'internet-gateway', { vpcId: this.vpc.id, tags: naming.tags('igw') });

    const subnets: Record<SubnetTier, Subnet[]> = { public: [], app: [], db: [] };
    for (const tier of SUBNET_TIERS) {
      subnets[tier] = availabilityZones.map(
        (zone, index) =>
          new Subnet(this, `${tier}-subnet-${zone}`, {
            vpcId: this.vpc.id,
            availabilityZone: zone,
            cidrBlock: props.subnetLayout[tier][index],
            // No tier hands out public addresses (CKV_AWS_130): the bastion and NAT instances get
            // theirs from an Elastic IP or an explicit association, and ALBs and NAT gateways their own.
            mapPublicIpOnLaunch: false,
            tags: naming.tags(tier, zone, { Tier: tier }),
          }),
      );
    }
    this.subnets = subnets;

    this.publicRouteTable = new RouteTable(this, 'public-route-table', { vpcId: this.vpc.id, tags: naming.tags('public-rt') });
    new Route(this, 'public-default-route', {
      routeTableId: this.publicRouteTable.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: this.internetGateway.id,
    });
    subnets.public.forEach((subnet, index) => {
      new RouteTableAssociation(this, `public-rta-${availabilityZones[index]}`, { subnetId: subnet.id, routeTableId: this.publicRouteTable.id });
    });

    const natZones = natMode === 'per-az' ? availabilityZones : natMode === 'single' ? availabilityZones.slice(0, 1) : [];
    const instanceZones = natMode !== 'instance' ? [] : props.natInstance?.perAz === true ? availabilityZones : availabilityZones.slice(0, 1);
    this.natGatewayZones = natZones;
    this.natInstanceZones = instanceZones;
    this.natInstances = instanceZones.map(
      (zone) =>
        new NatInstance(this, `nat-instance-${zone}`, {
          naming,
          region: props.region,
          vpcId: this.vpc.id,
          availabilityZone: zone,
          publicSubnetId: subnets.public[availabilityZones.indexOf(zone)].id,
          sourceCidrs: props.subnetLayout.app,
          instanceType: props.natInstance?.instanceType,
          extraTags: props.natInstance?.extraTags,
          dependsOn: [this.internetGateway],
        }),
    );
    this.natElasticIps = [...natZones.map((zone) => new Eip(this, `nat-eip-${zone}`, { domain: 'vpc', tags: naming.tags('nat-eip', zone) })), ...this.natInstances.map((nat) => nat.elasticIp)];
    this.natGateways = natZones.map(
      (zone, index) =>
        new NatGateway(this, `nat-gateway-${zone}`, {
          allocationId: this.natElasticIps[index].id,
          subnetId: subnets.public[availabilityZones.indexOf(zone)].id,
          connectivityType: 'public',
          tags: naming.tags('nat', zone),
          dependsOn: [this.internetGateway],
        }),
    );

    this.appRouteTables = availabilityZones.map((zone, index) => {
      const table = new RouteTable(this, `app-route-table-${zone}`, { vpcId: this.vpc.id, tags: naming.tags('app-rt', zone) });
      const nat = this.natGateways[natMode === 'per-az' ? index : 0];
      if (nat !== undefined) {
        new Route(this, `app-default-route-${zone}`, { routeTableId: table.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat.id });
      }
      // The slot's own interface, which survives the replacement of its instance.
      const natInstance = this.natInstances[this.natInstances.length > 1 ? index : 0];
      if (natInstance !== undefined) {
        new Route(this, `app-default-route-${zone}`, { routeTableId: table.id, destinationCidrBlock: '0.0.0.0/0', networkInterfaceId: natInstance.networkInterface.id });
      }
      new RouteTableAssociation(this, `app-rta-${zone}`, { subnetId: subnets.app[index].id, routeTableId: table.id });
      return table;
    });

    this.dbRouteTable = new RouteTable(this, 'db-route-table', { vpcId: this.vpc.id, tags: naming.tags('db-rt') });
    subnets.db.forEach((subnet, index) => {
      new RouteTableAssociation(this, `db-rta-${availabilityZones[index]}`, { subnetId: subnet.id, routeTableId: this.dbRouteTable.id });
    });

    if (props.s3GatewayEndpoint ?? true) {
      new VpcEndpoint(this, 's3-gateway-endpoint', {
        vpcId: this.vpc.id,
        serviceName: `com.amazonaws.${props.region}.s3`,
        vpcEndpointType: 'Gateway',
        routeTableIds: [...this.appRouteTables.map((table) => table.id), this.dbRouteTable.id],
        tags: naming.tags('s3-endpoint'),
      });
    }

    if (props.flowLogs !== undefined) {
      this.flowLog = this.createFlowLog(naming, props.flowLogs);
    }
  }

  /** The subnet ids of one tier, in AZ order. */
  public subnetIds(tier: SubnetTier): string[] {
    return this.subnets[tier].map((subnet) => subnet.id);
  }

  private createFlowLog(naming: Naming, options: FlowLogOptions): FlowLog {
    const logGroup = new CloudwatchLogGroup(this, 'flow-log-group', {
      name: `/vpc/${naming.prefix}/flow-logs`,
      retentionInDays: options.retentionDays,
      kmsKeyId: options.kmsKeyArn,
      tags: naming.tags('flow-logs'),
    });
    const role = new IamRole(this, 'flow-log-role', {
      name: naming.name('vpc-flow-logs'),
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        // The VPC's owner is the account: no data source (plans stay offline).
        Statement: [{ Effect: 'Allow', Principal: { Service: 'vpc-flow-logs.amazonaws.com' }, Action: 'sts:AssumeRole', ...sourceAccount(this.vpc.ownerId) }],
      }),
      tags: naming.tags('vpc-flow-logs'),
    });
    new IamRolePolicy(this, 'flow-log-policy', {
      name: 'write-flow-logs',
      role: role.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams'],
            Resource: [logGroup.arn, `${logGroup.arn}:*`],
          },
        ],
      }),
    });
    return new FlowLog(this, 'flow-log', {
      vpcId: this.vpc.id,
      trafficType: options.trafficType ?? 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
      tags: naming.tags('flow-log'),
    });
  }
}

function validateProps(props: NetworkProps, natMode: NatMode): void {
  if (props.availabilityZones.length < 2) {
    throw new Error(`Network needs at least two availability zones, got ${props.availabilityZones.length}`);
  }
  if (!NAT_MODES.includes(natMode)) {
    throw new Error(`Network natMode must be one of ${NAT_MODES.join(', ')}, got ${JSON.stringify(natMode)}`);
  }
  for (const tier of SUBNET_TIERS) {
    if (props.subnetLayout[tier].length !== props.availabilityZones.length) {
      throw new Error(`Network subnetLayout.${tier} has ${props.subnetLayout[tier].length} CIDRs for ${props.availabilityZones.length} AZs`);
    }
  }
}
