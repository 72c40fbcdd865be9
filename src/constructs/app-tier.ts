import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { AutoscalingPolicy } from '@cdktf/provider-aws/lib/autoscaling-policy';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { amazonLinux2023 } from './amazon-linux';
import { containerUserData } from './container-user-data';
import { InstanceRole } from './instance-role';
import { suppress } from '../review/suppress';
import { Naming } from './naming';

/** Target-group health check. */
export interface HealthCheckOptions {
  /** @default '/' */
  readonly path?: string;
  /** HTTP codes that count as healthy. @default '200-399' */
  readonly matcher?: string;
  /** @default 15 */
  readonly intervalSeconds?: number;
  /** @default 5 */
  readonly timeoutSeconds?: number;
  /** @default 2 */
  readonly healthyThreshold?: number;
  /** @default 3 */
  readonly unhealthyThreshold?: number;
}

export interface AppTierProps {
  readonly naming: Naming;
  /** The tier's role in names, such as `frontend` or `backend`. */
  readonly role: string;
  readonly region: string;
  readonly vpcId: string;
  /** The private-app subnets the instances run in. */
  readonly subnetIds: readonly string[];
  readonly securityGroup: SecurityGroup;
  /** @default 't3.micro' */
  readonly instanceType?: string;
  /** @default 1 */
  readonly minSize?: number;
  /** @default 2 */
  readonly maxSize?: number;
  /** Initial size; later changes by scaling are left alone. @default minSize */
  readonly desiredCapacity?: number;
  /** Container image (Docker Hub, public ECR or private ECR URI). */
  readonly image: string;
  /** Instance port: target group port and security-group rule. */
  readonly port: number;
  /** Port inside the container. @default port */
  readonly containerPort?: number;
  /** Container environment; values may hold Terraform references, never secrets. @default {} */
  readonly environment?: Readonly<Record<string, string>>;
  /** Secrets Manager secrets the instances may read, such as the DB credentials. @default [] */
  readonly readableSecretArns?: readonly string[];
  /** @default {} (see HealthCheckOptions) */
  readonly healthCheck?: HealthCheckOptions;
  /** Seconds the target group drains a deregistering instance. @default 30 */
  readonly deregistrationDelaySeconds?: number;
  /** Seconds before the first ELB health check counts. @default 120 */
  readonly healthCheckGracePeriodSeconds?: number;
  /** Average CPU the target-tracking policy aims at. @default 60 */
  readonly cpuTargetPercent?: number;
  /** @default 8 */
  readonly rootVolumeGb?: number;
  /** Days the container logs are kept. @default 30 */
  readonly logRetentionDays?: number;
}

/** AWS limits target-group names to 32 characters. */
const MAX_TARGET_GROUP_NAME = 32;

/**
 * One application tier: a launch template running a container on Amazon Linux 2023, an Auto
 * Scaling group over the private-app subnets with ELB health checks, rolling instance refresh and
 * CPU target tracking, and the target group a load balancer forwards to.
 */
export class AppTier extends Construct {
  public readonly launchTemplate: LaunchTemplate;
  public readonly autoScalingGroup: AutoscalingGroup;
  public readonly targetGroup: LbTargetGroup;
  public readonly instanceRole: InstanceRole;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly port: number;

  constructor(scope: Construct, id: string, props: AppTierProps) {
    super(scope, id);
    const { naming, role } = props;
    const minSize = props.minSize ?? 1;
    const maxSize = props.maxSize ?? 2;
    const desiredCapacity = props.desiredCapacity ?? minSize;
    validate(props, minSize, maxSize, desiredCapacity);
    const instanceType = props.instanceType ?? 't3.micro';
    this.port = props.port;

    this.instanceRole = new InstanceRole(this, 'role', {
      naming,
      role,
      managedPolicies: ['ssmCore', 'ecrReadOnly', 'cloudWatchAgent'],
      readableSecretArns: props.readableSecretArns,
    });
    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/${naming.prefix}/${role}`,
      retentionInDays: props.logRetentionDays ?? 30,
      tags: naming.tags(`${role}-logs`),
    });

    this.launchTemplate = new LaunchTemplate(this, 'launch-template', {
      name: naming.name(role),
      imageId: amazonLinux2023(instanceType),
      instanceType,
      iamInstanceProfile: { arn: this.instanceRole.instanceProfile.arn },
      vpcSecurityGroupIds: [props.securityGroup.id],
      // Hop limit 2: containers reach IMDSv2 through the Docker bridge.
      metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 2, instanceMetadataTags: 'disabled' },
      monitoring: { enabled: true },
      blockDeviceMappings: [
        { deviceName: '/dev/xvda', ebs: { volumeType: 'gp3', volumeSize: props.rootVolumeGb ?? 8, encrypted: 'true', deleteOnTermination: 'true' } },
      ],
      userData: Fn.base64encode(
        containerUserData({
          image: props.image,
          hostPort: props.port,
          containerPort: props.containerPort ?? props.port,
          environment: props.environment ?? {},
          logGroupName: this.logGroup.name,
          region: props.region,
        }),
      ),
      tagSpecifications: [
        { resourceType: 'instance', tags: naming.tags(role) },
        { resourceType: 'volume', tags: naming.tags(role) },
      ],
      updateDefaultVersion: true,
      tags: naming.tags(role),
    });

    suppress(this.launchTemplate, 'TT-EC2-002', 'Containers on the Docker bridge network reach IMDSv2, and so the instance role, only with hop limit 2');

    const health = props.healthCheck ?? {};
    this.targetGroup = new LbTargetGroup(this, 'target-group', {
      name: naming.name(role),
      port: props.port,
      protocol: 'HTTP',
      targetType: 'instance',
      vpcId: props.vpcId,
      deregistrationDelay: String(props.deregistrationDelaySeconds ?? 30),
      healthCheck: {
        enabled: true,
        path: health.path ?? '/',
        matcher: health.matcher ?? '200-399',
        protocol: 'HTTP',
        port: 'traffic-port',
        interval: health.intervalSeconds ?? 15,
        timeout: health.timeoutSeconds ?? 5,
        healthyThreshold: health.healthyThreshold ?? 2,
        unhealthyThreshold: health.unhealthyThreshold ?? 3,
      },
      tags: naming.tags(role),
    });

    this.autoScalingGroup = new AutoscalingGroup(this, 'asg', {
      name: naming.name(role),
      minSize,
      maxSize,
      desiredCapacity,
      vpcZoneIdentifier: [...props.subnetIds],
      // A concrete version (not $Latest), so a changed template starts an instance refresh.
      launchTemplate: { id: this.launchTemplate.id, version: Fn.tostring(this.launchTemplate.latestVersion) },
      targetGroupArns: [this.targetGroup.arn],
      healthCheckType: 'ELB',
      healthCheckGracePeriod: props.healthCheckGracePeriodSeconds ?? 120,
      defaultInstanceWarmup: 120,
      instanceRefresh: { strategy: 'Rolling', preferences: { minHealthyPercentage: 50, autoRollback: true } },
      enabledMetrics: ['GroupDesiredCapacity', 'GroupInServiceInstances', 'GroupTotalInstances'],
      tag: [{ key: 'Name', value: naming.name(role), propagateAtLaunch: true }],
      // Scaling owns the desired capacity once the group exists; a deploy must not reset it.
      lifecycle: { ignoreChanges: ['desired_capacity'] },
    });

    new AutoscalingPolicy(this, 'cpu-target-tracking', {
      name: naming.name(`${role}-cpu`),
      autoscalingGroupName: this.autoScalingGroup.name,
      policyType: 'TargetTrackingScaling',
      targetTrackingConfiguration: {
        predefinedMetricSpecification: { predefinedMetricType: 'ASGAverageCPUUtilization' },
        targetValue: props.cpuTargetPercent ?? 60,
      },
    });
  }
}

function validate(props: AppTierProps, minSize: number, maxSize: number, desiredCapacity: number): void {
  if (minSize > maxSize) {
    throw new Error(`AppTier ${props.role}: minSize ${minSize} is greater than maxSize ${maxSize}`);
  }
  if (desiredCapacity < minSize || desiredCapacity > maxSize) {
    throw new Error(`AppTier ${props.role}: desiredCapacity ${desiredCapacity} is outside [${minSize}, ${maxSize}]`);
  }
  if (props.subnetIds.length === 0) {
    throw new Error(`AppTier ${props.role}: needs at least one subnet`);
  }
  const name = props.naming.name(props.role);
  if (name.length > MAX_TARGET_GROUP_NAME) {
    throw new Error(`AppTier ${props.role}: the target group name ${JSON.stringify(name)} is ${name.length} characters; AWS allows ${MAX_TARGET_GROUP_NAME}. Use a shorter project name.`);
  }
}
