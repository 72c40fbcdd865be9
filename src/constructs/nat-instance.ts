import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { NetworkInterface } from '@cdktf/provider-aws/lib/network-interface';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Fn, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { suppressCheckov } from '../review/checkov/suppress-checkov';
import { amazonLinux2023, isGraviton } from './amazon-linux';
import { groupTags } from './group-tags';
import { InstanceRole } from './instance-role';
import { natInstanceUserData } from './nat-instance-boot';
import { Naming } from './naming';

const ENI_PLACEHOLDER = 'eni-placeholder';
const ALLOCATION_PLACEHOLDER = 'eipalloc-placeholder';

/**
 * Base64 user data with Terraform references spliced in for their placeholders: the script holds
 * double quotes, which cdktf accepts inside a Terraform function call only as raw (escaped) strings.
 */
function userData(script: string, references: Readonly<Record<string, string>>): string {
  const placeholders = Object.keys(references);
  const parts = script.split(new RegExp(`(${placeholders.join('|')})`));
  return Fn.base64encode(
    Fn.join(
      '',
      parts.map((part, index) => (index % 2 === 1 ? references[part] : Fn.rawString(part))),
    ),
  );
}

/** Ports the private-app tier may reach the internet on through the NAT instance. */
export const NAT_INSTANCE_PORTS: readonly number[] = [80, 443];

export interface NatInstanceProps {
  readonly naming: Naming;
  readonly region: string;
  readonly vpcId: string;
  /** The AZ of this NAT slot; part of every name. */
  readonly availabilityZone: string;
  /** The public subnet of that AZ: the instance and its dedicated interface live there. */
  readonly publicSubnetId: string;
  /** CIDRs of the private-app subnets: the only ingress, and the only sources masqueraded. */
  readonly sourceCidrs: readonly string[];
  /**
   * A Graviton type (the arm64 AMI is chosen from it; any type works).
   * @default 't4g.nano'
   */
  readonly instanceType?: string;
  /**
   * Root volume in GiB (the AL2023 AMI needs 8).
   * @default 8
   */
  readonly rootVolumeGb?: number;
  /**
   * Tags for the group, the instance, its volume and its network interface besides their Name (the
   * provider's `default_tags` reach neither an Auto Scaling group nor what a launch template starts).
   * @default {}
   */
  readonly extraTags?: Readonly<Record<string, string>>;
  /**
   * What the Elastic IP needs first (the VPC's internet gateway).
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * One NAT slot served by a small instance instead of a NAT gateway, as fck-nat does it: a dedicated
 * network interface (source/destination check off) that the private routes point at, an Elastic IP,
 * and an Auto Scaling group of one whose instance attaches that interface and takes the Elastic IP on
 * its primary interface at boot (see boot/nat-instance.sh). A replaced instance takes both over, so
 * the route and the egress address never change. About $3.80 a month for t4g.nano
 * plus its addresses and volume, against $43 plus $0.059/GB for a NAT gateway.
 */
export class NatInstance extends Construct {
  /** The stable interface: the private route's `network_interface_id`. */
  public readonly networkInterface: NetworkInterface;
  /** The egress address of the slot. */
  public readonly elasticIp: Eip;
  public readonly securityGroup: SecurityGroup;
  public readonly launchTemplate: LaunchTemplate;
  public readonly autoScalingGroup: AutoscalingGroup;

  constructor(scope: Construct, id: string, props: NatInstanceProps) {
    super(scope, id);
    const instanceType = props.instanceType ?? 't4g.nano';
    const rootVolumeGb = props.rootVolumeGb ?? 8;
    if (props.sourceCidrs.length === 0) {
      throw new Error(`NatInstance ${props.availabilityZone}: sourceCidrs must name the private-app subnets; got none`);
    }
    if (rootVolumeGb < 8) {
      throw new Error(`NatInstance ${props.availabilityZone}: rootVolumeGb ${rootVolumeGb} is below the 8 GiB of the Amazon Linux 2023 AMI`);
    }
    const { naming, availabilityZone: zone } = props;
    const role = `nat-${zone}`;
    const name = naming.name('nat', zone);

    this.securityGroup = new SecurityGroup(this, 'security-group', {
      // A prefix and create_before_destroy: a changed description replaces the group, which the slot
      // interface and the instance still use (a fixed name collides, a delete first hangs on DependencyViolation).
      namePrefix: `${name}-`,
      description: 'NAT instance: HTTP(S) from the private-app subnets, out to the internet',
      vpcId: props.vpcId,
      tags: naming.tags('nat', zone),
      lifecycle: { createBeforeDestroy: true },
    });
    for (const port of NAT_INSTANCE_PORTS) {
      props.sourceCidrs.forEach((cidr, index) => {
        new VpcSecurityGroupIngressRule(this, `in-${port}-${index}`, {
          securityGroupId: this.securityGroup.id,
          ipProtocol: 'tcp',
          fromPort: port,
          toPort: port,
          cidrIpv4: cidr,
          description: `Port ${port} from private-app subnet ${cidr}, to be forwarded`,
          tags: { Name: naming.name(`nat-in-${port}`, zone) },
        });
      });
      new VpcSecurityGroupEgressRule(this, `out-${port}`, {
        securityGroupId: this.securityGroup.id,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        cidrIpv4: '0.0.0.0/0',
        description: `Port ${port} to the internet (forwarded traffic, package and API calls)`,
        tags: { Name: naming.name(`nat-out-${port}`, zone) },
      });
    }

    this.networkInterface = new NetworkInterface(this, 'interface', {
      subnetId: props.publicSubnetId,
      securityGroups: [this.securityGroup.id],
      // It forwards packets that are neither from nor to itself.
      sourceDestCheck: false,
      description: `NAT slot ${zone}: the private route's target, attached by whichever instance serves the slot`,
      tags: naming.tags('nat-eni', zone),
    });
    // Not associated here: the instance serving the slot associates it with its primary interface,
    // which forwarded traffic leaves by (Terraform leaves an association it did not set alone).
    this.elasticIp = new Eip(this, 'eip', {
      domain: 'vpc',
      tags: naming.tags('nat-eip', zone),
      dependsOn: [...(props.dependsOn ?? [])],
    });

    const instanceRole = new InstanceRole(this, 'role', { naming, role, managedPolicies: ['ssmCore'] });
    const ownSlot = { StringEquals: { 'aws:ResourceTag/NatSlot': name } };
    const slotPolicy = new IamRolePolicy(this, 'attach-own-interface', {
      name: 'attach-own-interface',
      role: instanceRole.role.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          // Attach and detach need the interface and the instance; only this slot's of each.
          { Sid: 'SlotInterface', Effect: 'Allow', Action: ['ec2:AttachNetworkInterface', 'ec2:DetachNetworkInterface'], Resource: this.networkInterface.arn },
          {
            Sid: 'SlotInstances',
            Effect: 'Allow',
            Action: ['ec2:AttachNetworkInterface', 'ec2:DetachNetworkInterface'],
            Resource: `arn:aws:ec2:${props.region}:*:instance/*`,
            Condition: ownSlot,
          },
          // The primary interfaces of this slot's instances (tagged at launch): source/destination check off, the Elastic IP on it.
          {
            Sid: 'SlotPrimaryInterfaces',
            Effect: 'Allow',
            Action: ['ec2:ModifyNetworkInterfaceAttribute', 'ec2:AssociateAddress'],
            Resource: `arn:aws:ec2:${props.region}:*:network-interface/*`,
            Condition: ownSlot,
          },
          { Sid: 'SlotAddress', Effect: 'Allow', Action: 'ec2:AssociateAddress', Resource: `arn:aws:ec2:${props.region}:*:elastic-ip/${this.elasticIp.allocationId}` },
          // A failed boot marks the instance Unhealthy in its own group only.
          {
            Sid: 'ReportOwnHealth',
            Effect: 'Allow',
            Action: 'autoscaling:SetInstanceHealth',
            Resource: `arn:aws:autoscaling:${props.region}:*:autoScalingGroup:*:autoScalingGroupName/${name}`,
          },
          // Describe calls support no resource-level permissions.
          { Sid: 'ReadInterface', Effect: 'Allow', Action: 'ec2:DescribeNetworkInterfaces', Resource: '*' },
        ],
      }),
    });

    this.launchTemplate = new LaunchTemplate(this, 'launch-template', {
      name,
      description: `NAT instance of slot ${zone} (${isGraviton(instanceType) ? 'arm64' : 'x86_64'} Amazon Linux 2023)`,
      imageId: amazonLinux2023(instanceType),
      instanceType,
      iamInstanceProfile: { arn: instanceRole.instanceProfile.arn },
      // The primary interface needs an address of its own to call the EC2 API before the slot
      // interface is attached; it is assigned here, explicitly, not by the subnet.
      networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: 'true', securityGroups: [this.securityGroup.id], deleteOnTermination: 'true' }],
      metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1, instanceMetadataTags: 'disabled' },
      monitoring: { enabled: true },
      blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeType: 'gp3', volumeSize: rootVolumeGb, encrypted: 'true', deleteOnTermination: 'true' } }],
      userData: userData(natInstanceUserData({ networkInterfaceId: ENI_PLACEHOLDER, allocationId: ALLOCATION_PLACEHOLDER, autoScalingGroupName: name, region: props.region, sourceCidrs: props.sourceCidrs }), {
        [ENI_PLACEHOLDER]: this.networkInterface.id,
        [ALLOCATION_PLACEHOLDER]: this.elasticIp.allocationId,
      }),
      tagSpecifications: [
        { resourceType: 'instance', tags: { ...props.extraTags, ...naming.tags('nat', zone), NatSlot: name } },
        { resourceType: 'volume', tags: { ...props.extraTags, ...naming.tags('nat', zone) } },
        // NatSlot lets the instance modify its own primary interface, and no other.
        { resourceType: 'network-interface', tags: { ...props.extraTags, ...naming.tags('nat', zone), NatSlot: name } },
      ],
      updateDefaultVersion: true,
      tags: naming.tags('nat', zone),
    });

    suppressCheckov(this.launchTemplate, ['CKV_AWS_88'], 'A NAT instance: its primary interface needs a public address to reach the EC2 API before it attaches the slot interface');

    this.autoScalingGroup = new AutoscalingGroup(this, 'asg', {
      name,
      // One instance, replaced when EC2 finds it unhealthy: the slot heals itself.
      minSize: 1,
      maxSize: 1,
      desiredCapacity: 1,
      vpcZoneIdentifier: [props.publicSubnetId],
      launchTemplate: { id: this.launchTemplate.id, version: Fn.tostring(this.launchTemplate.latestVersion) },
      healthCheckType: 'EC2',
      healthCheckGracePeriod: 120,
      // The in-service alarm compares these two (alarms.ts); the group publishes them only when asked.
      enabledMetrics: ['GroupMinSize', 'GroupInServiceInstances'],
      // A changed template replaces the only instance: egress pauses for a boot (about a minute).
      instanceRefresh: { strategy: 'Rolling', preferences: { minHealthyPercentage: 0 } },
      tag: groupTags({ ...props.extraTags, Name: name, NatSlot: name }),
      // The instance calls EC2 at once: its policies exist before it does.
      dependsOn: [this.elasticIp, slotPolicy, ...instanceRole.grants],
    });
  }
}
