import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { AutoscalingPolicy } from '@cdktf/provider-aws/lib/autoscaling-policy';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { amazonLinux2023 } from './amazon-linux';
import { lazyValuesAsLocals } from './boot/encoded-value';
import { containerSpecProblems, containerUserData, type ContainerSpec } from './container-user-data';
import { groupTags } from './group-tags';
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

/** The MySQL database a tier connects to; the passwords stay in Secrets Manager until the instance reads them. */
export interface AppDatabaseConnection {
  /** The app user's secret (SecretString `{"username","password"}`): what the container gets. */
  readonly secretArn: string;
  /** The RDS-managed master secret: the instance creates the app user with it; the container never sees it. */
  readonly masterSecretArn: string;
  /** The app user's name. */
  readonly username: string;
  /** Endpoint address (host name, no port). */
  readonly host: string;
  readonly port: number;
  /** Database (schema) name. */
  readonly dbName: string;
  /** The DB's `time_zone`, which the JDBC URL sets for the session too. @default 'UTC' */
  readonly timeZone?: string;
}

/** Variables the database connection sets besides the secret's; the environment must not repeat them. */
export const DATABASE_ENVIRONMENT: readonly string[] = ['SPRING_DATASOURCE_URL', 'DB_HOST', 'DB_PORT', 'DB_NAME'];

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
  /**
   * Container environment, passed byte for byte; names match `^[A-Za-z_][A-Za-z0-9_]*$`; values may
   * hold Terraform references, never secrets. @default {}
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * The database the container uses: it gets SPRING_DATASOURCE_URL (TLS required), DB_HOST, DB_PORT
   * and DB_NAME, and, read from the secret on the instance at start and after each rotation,
   * SPRING_DATASOURCE_USERNAME/PASSWORD and DB_USER/DB_PASSWORD. The role may read that secret only.
   * @default no database
   */
  readonly database?: AppDatabaseConnection;
  /**
   * Tags for the instances and volumes the group launches, such as the provider's default tags,
   * which do not reach them. Name is always the tier's name. @default {}
   */
  readonly extraTags?: Readonly<Record<string, string>>;
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
  /**
   * The containers' time zone (`TZ`), so that the app, its logs and the database read times alike.
   * @default none (UTC)
   */
  readonly timeZone?: string;
  /**
   * IMDSv2 hop limit: 1 keeps the instance role (which reads the DB secrets) away from the containers,
   * which sit one hop further on Docker's bridge; 2 lets an AWS SDK in a container use the role.
   * @default 1
   */
  readonly imdsHopLimit?: number;
}

/** AWS limits a target group's name_prefix to 6 characters. */
const MAX_TARGET_GROUP_NAME_PREFIX = 6;

/**
 * The JDBC URL of a connection. sslMode=REQUIRED: the parameter group sets require_secure_transport,
 * and a stock image's JVM trust store lacks the RDS CA that VERIFY_CA/VERIFY_IDENTITY would need.
 * connectionTimeZone is the DB's time zone and the session is set to it: Connector/J 8.0.23+ otherwise
 * assumes the JVM's zone, and NOW() and stored times would read shifted by the difference.
 */
export function jdbcUrl(database: Pick<AppDatabaseConnection, 'host' | 'port' | 'dbName' | 'timeZone'>): string {
  const zone = database.timeZone ?? 'UTC';
  return `jdbc:mysql://${database.host}:${portText(database.port)}/${database.dbName}?sslMode=REQUIRED&connectionTimeZone=${zone}&forceConnectionTimeZoneToSession=true`;
}

/** A port as text: a number, or the reference to one. */
function portText(port: number): string {
  return Token.isUnresolved(port) ? Token.asString(port) : String(port);
}

/** A target group's name_prefix: the role's first letters and a dash, such as `backe-`. */
export function targetGroupNamePrefix(role: string): string {
  return `${role.replace(/[^A-Za-z0-9]/g, '').slice(0, MAX_TARGET_GROUP_NAME_PREFIX - 1)}-`;
}

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

    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/${naming.prefix}/${role}`,
      retentionInDays: props.logRetentionDays ?? 30,
      tags: naming.tags(`${role}-logs`),
    });
    const health = props.healthCheck ?? {};
    this.targetGroup = new LbTargetGroup(this, 'target-group', {
      // A prefix, and the new group before the old one goes: a port change replaces the group while
      // listeners still use it, which a fixed name would refuse (ResourceInUse / DuplicateTargetGroupName).
      namePrefix: targetGroupNamePrefix(role),
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
      lifecycle: { createBeforeDestroy: true },
    });

    const database = props.database;
    this.instanceRole = new InstanceRole(this, 'role', {
      naming,
      role,
      managedPolicies: ['ssmCore', 'ecrReadOnly'],
      readableSecretArns: database === undefined ? [] : [database.secretArn, database.masterSecretArn],
      writableSecretArns: database === undefined ? [] : [database.secretArn],
      drainableTargetGroupArns: database === undefined ? [] : [this.targetGroup.arn],
      writableLogGroupArns: [this.logGroup.arn],
    });
    const spec = containerSpec(props, this.logGroup.name, this.targetGroup.arn);
    const environment = Object.fromEntries(Object.entries(spec.environment).map(([name, value]) => [name, lazyValuesAsLocals(this, `env-${name}`, value)]));
    const container: ContainerSpec = { ...spec, environment };
    const instanceTags = { ...props.extraTags, ...naming.tags(role) };
    const hopLimit = props.imdsHopLimit ?? 1;

    this.launchTemplate = new LaunchTemplate(this, 'launch-template', {
      name: naming.name(role),
      imageId: amazonLinux2023(instanceType),
      instanceType,
      iamInstanceProfile: { arn: this.instanceRole.instanceProfile.arn },
      vpcSecurityGroupIds: [props.securityGroup.id],
      // Written out even at 1: AL2023 images default to 2, and a limit left out keeps whatever it was
      // (terraform-provider-aws#21288). At 1 the containers, a hop further on Docker's bridge, get no token.
      metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: hopLimit, instanceMetadataTags: 'disabled' },
      monitoring: { enabled: true },
      blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeType: 'gp3', volumeSize: props.rootVolumeGb ?? 8, encrypted: 'true', deleteOnTermination: 'true' } }],
      userData: Fn.base64encode(containerUserData(container)),
      // Provider default_tags do not reach what an Auto Scaling group launches.
      tagSpecifications: [
        { resourceType: 'instance', tags: instanceTags },
        { resourceType: 'volume', tags: instanceTags },
        { resourceType: 'network-interface', tags: instanceTags },
      ],
      updateDefaultVersion: true,
      tags: naming.tags(role),
    });

    if (hopLimit > 1) {
      suppress(this.launchTemplate, 'TT-EC2-002', `imdsHopLimit ${hopLimit} is configured: containers on the Docker bridge reach IMDSv2, and so the instance role`);
    }

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
      // No auto_rollback: AWS rejects it when the launch template's image is an SSM parameter.
      instanceRefresh: { strategy: 'Rolling', preferences: { minHealthyPercentage: 50 } },
      // GroupMinSize and GroupInServiceInstances feed the below-minimum alarm (alarms.ts).
      enabledMetrics: ['GroupDesiredCapacity', 'GroupInServiceInstances', 'GroupMinSize', 'GroupTotalInstances'],
      tag: groupTags(instanceTags),
      // Scaling owns the desired capacity once the group exists; a deploy must not reset it.
      lifecycle: { ignoreChanges: ['desired_capacity'] },
      // The instances call AWS at boot (ECR, Secrets Manager, logs): their policies exist first.
      dependsOn: [...this.instanceRole.grants],
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

/** The container the tier runs: the configured environment plus the time zone's and the database connection's. */
function containerSpec(props: AppTierProps, logGroupName: string, targetGroupArn?: string): ContainerSpec {
  const database = props.database;
  const zone: Record<string, string> = props.timeZone === undefined ? {} : { TZ: props.timeZone };
  const health = props.healthCheck ?? {};
  return {
    image: props.image,
    hostPort: props.port,
    containerPort: props.containerPort ?? props.port,
    environment:
      database === undefined
        ? { ...props.environment, ...zone }
        : {
            ...props.environment,
            ...zone,
            SPRING_DATASOURCE_URL: jdbcUrl(database),
            DB_HOST: database.host,
            DB_PORT: portText(database.port),
            DB_NAME: database.dbName,
          },
    logGroupName,
    region: props.region,
    databaseSecretArn: database?.secretArn,
    databaseUser: database === undefined ? undefined : { masterSecretArn: database.masterSecretArn, host: database.host, port: portText(database.port), dbName: database.dbName, username: database.username },
    targetGroupArn: database === undefined ? undefined : targetGroupArn,
    // A restarted container gets the group's grace period (5 s a try) to answer its health path.
    healthCheck: { path: health.path ?? '/', matcher: health.matcher ?? '200-399', attempts: Math.max(12, Math.ceil((props.healthCheckGracePeriodSeconds ?? 120) / 5)) },
  };
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
  if (targetGroupNamePrefix(props.role) === '-') {
    throw new Error(`AppTier ${JSON.stringify(props.role)}: role needs a letter or digit (it starts the target group's name)`);
  }
  const environment = props.environment ?? {};
  if (props.timeZone !== undefined && 'TZ' in environment) {
    throw new Error(`AppTier ${props.role}: environment sets TZ, which timeZone (${props.timeZone}, the database's) sets; remove it`);
  }
  const hopLimit = props.imdsHopLimit ?? 1;
  if (!Number.isInteger(hopLimit) || hopLimit < 1 || hopLimit > 64) {
    throw new Error(`AppTier ${props.role}: imdsHopLimit must be an integer from 1 to 64, got ${hopLimit}`);
  }
  if (props.database !== undefined) {
    const repeated = Object.keys(environment).filter((name) => DATABASE_ENVIRONMENT.includes(name));
    if (repeated.length > 0) {
      throw new Error(`AppTier ${props.role}: environment sets ${repeated.join(', ')}, which the database connection sets; remove ${repeated.length === 1 ? 'it' : 'them'}`);
    }
  }
  const problems = containerSpecProblems(containerSpec(props, ''));
  if (problems.length > 0) {
    throw new Error(`AppTier ${props.role}: ${problems.join('; ')}`);
  }
}
