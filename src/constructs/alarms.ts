import type { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmMetricQuery } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import type { Lb } from '@cdktf/provider-aws/lib/lb';
import type { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import type { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Construct } from 'constructs';
import { Naming } from './naming';

/** When each alarm fires (`alerts.thresholds` in config). */
export interface AlarmThresholds {
  readonly loadBalancer5xxPer5Minutes: number;
  readonly target5xxPer5Minutes: number;
  readonly unhealthyHostMinutes: number;
  readonly targetResponseTimeP99Seconds: number;
  readonly databaseCpuPercent: number;
  readonly databaseFreeStorageGb: number;
  readonly databaseFreeableMemoryMb: number;
  /** Connections the database alarm fires above. */
  readonly databaseConnections: number;
  readonly natPacketsDropPercent: number;
  readonly wafBlockedRequestsPer5Minutes: number;
}

/** A load balancer, by the role in its name (`frontend`, `backend` or a shared `alb`). */
export interface WatchedLoadBalancer {
  readonly role: string;
  readonly loadBalancer: Lb;
}

/** An app tier: its target group, the load balancer that forwards to it, and its Auto Scaling group. */
export interface WatchedTier {
  readonly role: string;
  readonly loadBalancer: Lb;
  readonly targetGroup: LbTargetGroup;
  readonly group: AutoscalingGroup;
}

/** An Auto Scaling group of one that serves a NAT slot. */
export interface WatchedNatInstance {
  readonly availabilityZone: string;
  readonly group: AutoscalingGroup;
}

export interface WatchedWebAcl {
  /** The web ACL's metric name (its visibility_config.metric_name), which is the WebACL dimension. */
  readonly metricName: string;
  readonly region: string;
  /** In count mode nothing is blocked: the alarm watches what the rules count instead. */
  readonly mode: 'block' | 'count';
}

export interface EnvironmentAlarmsProps {
  readonly naming: Naming;
  /** The SNS topic every alarm notifies, when it fires and when it recovers. */
  readonly topicArn: string;
  readonly thresholds: AlarmThresholds;
  /** Each internet-facing ALB once (a shared one once). */
  readonly loadBalancers: readonly WatchedLoadBalancer[];
  readonly tiers: readonly WatchedTier[];
  readonly database: DbInstance;
  /** @default [] */
  readonly natGateways?: readonly { readonly availabilityZone: string; readonly gateway: NatGateway }[];
  /** @default [] */
  readonly natInstances?: readonly WatchedNatInstance[];
  /** @default undefined (no web ACL) */
  readonly webAcl?: WatchedWebAcl;
  /**
   * The EventBridge Scheduler group of the office-hours schedules, whose failed invocations (sent to
   * its dead-letter queue, or dropped) fire an alarm.
   * @default undefined (no office hours)
   */
  readonly scheduleGroupName?: string;
}

/** GiB and MiB in the bytes RDS reports. */
const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

type Comparison = 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold';

/** One metric of one resource, as CloudWatch names it. */
interface MetricSpec {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** `Sum`, `Average`, `Minimum`, `Maximum`, or a percentile such as `p99` (extended_statistic). */
  readonly stat: string;
}

interface AlarmSpec {
  /** The alarm's name after `<project>-<env>-`. */
  readonly name: string;
  /** What it means and what to do first: CloudWatch puts it into every notification. */
  readonly description: string;
  readonly comparison: Comparison;
  readonly threshold: number;
  readonly periodSeconds: number;
  readonly periods: number;
  /** A metric, or a metric-math expression over named metrics. */
  readonly metric: MetricSpec | { readonly expression: string; readonly label: string; readonly metrics: Readonly<Record<string, MetricSpec>> };
}

/**
 * CloudWatch alarms on every tier of an environment, each notifying one SNS topic when it fires and
 * when it recovers: the load balancers' and targets' 5xx, unhealthy targets, p99 latency, app and NAT
 * instance groups below their minimum, NAT gateway port allocation and dropped packets, NAT
 * instance status checks, the database's CPU, storage, memory and connections, WAF blocks, and
 * failed office-hours invocations. Missing data never alarms: a stopped dev stack reports nothing.
 */
export class EnvironmentAlarms extends Construct {
  /** Every alarm, by its name after `<project>-<env>-`. */
  public readonly alarms: ReadonlyMap<string, CloudwatchMetricAlarm>;

  constructor(scope: Construct, id: string, props: EnvironmentAlarmsProps) {
    super(scope, id);
    validateThresholds(props.thresholds);
    const alarms = new Map<string, CloudwatchMetricAlarm>();
    for (const spec of alarmSpecs(props)) {
      if (alarms.has(spec.name)) {
        throw new Error(`EnvironmentAlarms: two alarms would be named ${props.naming.name(spec.name)}`);
      }
      alarms.set(spec.name, this.alarm(props, spec));
    }
    this.alarms = alarms;
  }

  private alarm(props: EnvironmentAlarmsProps, spec: AlarmSpec): CloudwatchMetricAlarm {
    const { naming, topicArn } = props;
    const common = {
      alarmName: naming.name(spec.name),
      alarmDescription: spec.description,
      comparisonOperator: spec.comparison,
      threshold: spec.threshold,
      evaluationPeriods: spec.periods,
      datapointsToAlarm: spec.periods,
      treatMissingData: 'notBreaching',
      alarmActions: [topicArn],
      okActions: [topicArn],
      tags: naming.tags(spec.name),
    };
    const metric = spec.metric;
    if ('expression' in metric) {
      // Exactly one query returns data (the expression): AWS refuses anything else at apply time.
      const metricQuery: CloudwatchMetricAlarmMetricQuery[] = [
        { id: 'result', expression: metric.expression, label: metric.label, returnData: true },
        ...Object.entries(metric.metrics).map(([queryId, { namespace, metricName, dimensions, stat }]) => ({
          id: queryId,
          returnData: false,
          metric: { namespace, metricName, dimensions: { ...dimensions }, stat, period: spec.periodSeconds },
        })),
      ];
      return new CloudwatchMetricAlarm(this, spec.name, { ...common, metricQuery });
    }
    // statistic and extended_statistic exclude each other; a percentile goes only into the latter.
    const percentile = /^p\d+(\.\d+)?$/.test(metric.stat);
    return new CloudwatchMetricAlarm(this, spec.name, {
      ...common,
      namespace: metric.namespace,
      metricName: metric.metricName,
      dimensions: { ...metric.dimensions },
      period: spec.periodSeconds,
      statistic: percentile ? undefined : metric.stat,
      extendedStatistic: percentile ? metric.stat : undefined,
      // A quiet minute with a handful of requests is not a p99 worth waking anyone for.
      evaluateLowSampleCountPercentiles: percentile ? 'ignore' : undefined,
    });
  }
}

function validateThresholds(thresholds: AlarmThresholds): void {
  for (const [name, value] of Object.entries(thresholds)) {
    if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
      throw new Error(`EnvironmentAlarms threshold ${name} must be a positive number, got ${String(value)}`);
    }
  }
  if (thresholds.databaseCpuPercent > 100 || thresholds.natPacketsDropPercent > 100) {
    throw new Error('EnvironmentAlarms thresholds databaseCpuPercent and natPacketsDropPercent are percentages, at most 100');
  }
}

const elb = (metricName: string, dimensions: Readonly<Record<string, string>>, stat: string): MetricSpec => ({ namespace: 'AWS/ApplicationELB', metricName, dimensions, stat });

/** The alarms of an environment, in a stable order. */
function alarmSpecs(props: EnvironmentAlarmsProps): AlarmSpec[] {
  const { thresholds: t } = props;
  const specs: AlarmSpec[] = [];
  for (const { role, loadBalancer } of props.loadBalancers) {
    specs.push({
      name: `${role}-elb-5xx`,
      description: `The ${role} load balancer answered more than ${t.loadBalancer5xxPer5Minutes} requests with 5xx itself in 5 minutes (502/503/504: no healthy target, a target that closed the connection or timed out). First: check the target groups' health and the unhealthy-hosts alarms.`,
      comparison: 'GreaterThanThreshold',
      threshold: t.loadBalancer5xxPer5Minutes,
      periodSeconds: 300,
      periods: 1,
      metric: elb('HTTPCode_ELB_5XX_Count', { LoadBalancer: loadBalancer.arnSuffix }, 'Sum'),
    });
  }
  for (const { role, loadBalancer, targetGroup, group } of props.tiers) {
    // Target-group metrics need both dimensions: the target group alone names no data.
    const dimensions = { LoadBalancer: loadBalancer.arnSuffix, TargetGroup: targetGroup.arnSuffix };
    specs.push(
      {
        name: `${role}-target-5xx`,
        description: `The ${role} containers answered more than ${t.target5xxPer5Minutes} requests with 5xx in 5 minutes. First: read the container log (aws logs tail /${props.naming.prefix}/${role}) for the error.`,
        comparison: 'GreaterThanThreshold',
        threshold: t.target5xxPer5Minutes,
        periodSeconds: 300,
        periods: 1,
        metric: elb('HTTPCode_Target_5XX_Count', dimensions, 'Sum'),
      },
      {
        name: `${role}-unhealthy-hosts`,
        description: `A ${role} target has failed its health checks for ${t.unhealthyHostMinutes} minutes. First: aws elbv2 describe-target-health gives the reason (README, "When a target stays unhealthy").`,
        comparison: 'GreaterThanThreshold',
        threshold: 0,
        periodSeconds: 60,
        periods: t.unhealthyHostMinutes,
        metric: elb('UnHealthyHostCount', dimensions, 'Maximum'),
      },
      {
        name: `${role}-p99-latency`,
        description: `The slowest 1 % of ${role} responses took more than ${t.targetResponseTimeP99Seconds} s for 10 minutes. First: the database alarms and the dashboard's CPU of the ${role} tier; then slow requests in the container log.`,
        comparison: 'GreaterThanThreshold',
        threshold: t.targetResponseTimeP99Seconds,
        periodSeconds: 300,
        periods: 2,
        metric: elb('TargetResponseTime', dimensions, 'p99'),
      },
      belowMinimum(`${role}-in-service`, `the ${role} group`, group, `First: aws autoscaling describe-scaling-activities --auto-scaling-group-name ${group.name} says why instances fail to launch or stay unhealthy.`),
    );
  }
  specs.push(...databaseSpecs(props.database, t));
  for (const { availabilityZone, gateway } of props.natGateways ?? []) {
    const nat = (metricName: string): MetricSpec => ({ namespace: 'AWS/NATGateway', metricName, dimensions: { NatGatewayId: gateway.id }, stat: 'Sum' });
    specs.push(
      {
        name: `nat-${availabilityZone}-port-allocation`,
        description: `The NAT gateway in ${availabilityZone} could not allocate a source port (over 55,000 connections to one destination): app instances in the AZ fail to connect out. First: the dashboard's NAT connections; spread the calls over more destinations or add a second gateway address.`,
        comparison: 'GreaterThanThreshold',
        threshold: 0,
        periodSeconds: 300,
        periods: 1,
        metric: nat('ErrorPortAllocation'),
      },
      {
        name: `nat-${availabilityZone}-packets-dropped`,
        description: `The NAT gateway in ${availabilityZone} dropped more than ${t.natPacketsDropPercent} % of its packets for 15 minutes. First: the AWS Health Dashboard for a NAT gateway event in the AZ.`,
        comparison: 'GreaterThanThreshold',
        threshold: t.natPacketsDropPercent,
        periodSeconds: 300,
        periods: 3,
        metric: {
          expression: '100 * dropped / (fromSource + fromDestination)',
          label: 'Packets dropped (%)',
          metrics: { dropped: nat('PacketsDropCount'), fromSource: nat('PacketsInFromSource'), fromDestination: nat('PacketsInFromDestination') },
        },
      },
    );
  }
  for (const { availabilityZone, group } of props.natInstances ?? []) {
    specs.push(
      {
        name: `nat-${availabilityZone}-status-check`,
        description: `The NAT instance of ${availabilityZone} failed its EC2 status checks: app instances routed through it have no internet egress until its group replaces it. First: aws autoscaling describe-scaling-activities --auto-scaling-group-name ${group.name}; the instance's console output.`,
        comparison: 'GreaterThanThreshold',
        threshold: 0,
        periodSeconds: 60,
        periods: 3,
        // EC2 aggregates by group for detailed monitoring, which the NAT launch template enables.
        metric: { namespace: 'AWS/EC2', metricName: 'StatusCheckFailed', dimensions: { AutoScalingGroupName: group.name }, stat: 'Maximum' },
      },
      belowMinimum(
        `nat-${availabilityZone}-in-service`,
        `the NAT instance group of ${availabilityZone}`,
        group,
        `First: aws autoscaling describe-scaling-activities --auto-scaling-group-name ${group.name}; until it is back, app instances routed through it have no internet egress.`,
      ),
    );
  }
  if (props.webAcl !== undefined) {
    const { metricName, region, mode } = props.webAcl;
    const what = mode === 'block' ? 'blocked' : 'counted (count mode: would have blocked)';
    specs.push({
      name: 'waf-blocked',
      description: `The web ACL ${what} more than ${t.wafBlockedRequestsPer5Minutes} requests in 5 minutes. First: the WAF log (aws-waf-logs-${props.naming.prefix}): an attack (many IPs, one path) or a rule blocking real users (one rule, normal clients: override it in waf.commonRuleOverrides).`,
      comparison: 'GreaterThanThreshold',
      threshold: t.wafBlockedRequestsPer5Minutes,
      periodSeconds: 300,
      periods: 1,
      // The WebACL dimension is the ACL's metric name; Rule ALL sums every rule; Region is required for ALBs.
      metric: { namespace: 'AWS/WAFV2', metricName: mode === 'block' ? 'BlockedRequests' : 'CountedRequests', dimensions: { WebACL: metricName, Rule: 'ALL', Region: region }, stat: 'Sum' },
    });
  }
  const scheduleGroup = props.scheduleGroupName;
  if (scheduleGroup !== undefined) {
    const scheduler = (metricName: string): MetricSpec => ({ namespace: 'AWS/Scheduler', metricName, dimensions: { ScheduleGroup: scheduleGroup }, stat: 'Sum' });
    specs.push({
      name: 'office-hours-failed',
      description:
        'An office-hours call to stop or start the database failed after its retries: the database may run all night or stay stopped in the morning. First: the message in the office-hours dead-letter queue (aws sqs receive-message) holds the error; start or stop it by hand (aws rds start-db-instance).',
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: 1,
      periodSeconds: 300,
      periods: 1,
      metric: {
        expression: 'FILL(dropped, 0) + FILL(deadLettered, 0) + FILL(notDeadLettered, 0)',
        label: 'Failed office-hours invocations',
        metrics: {
          dropped: scheduler('InvocationDroppedCount'),
          deadLettered: scheduler('InvocationsSentToDeadLetterCount'),
          notDeadLettered: scheduler('InvocationsFailedToBeSentToDeadLetterCount'),
        },
      },
    });
  }
  return specs;
}

/** Fewer instances in service than the group's minimum for 15 minutes (an instance refresh dips for less). */
function belowMinimum(name: string, what: string, group: AutoscalingGroup, firstStep: string): AlarmSpec {
  const metric = (metricName: string, stat: string): MetricSpec => ({ namespace: 'AWS/AutoScaling', metricName, dimensions: { AutoScalingGroupName: group.name }, stat });
  return {
    name,
    description: `${what.charAt(0).toUpperCase()}${what.slice(1)} has had fewer instances in service than its minimum for 15 minutes. ${firstStep}`,
    comparison: 'GreaterThanThreshold',
    threshold: 0,
    periodSeconds: 300,
    periods: 3,
    // The minimum is read from the group (GroupMinSize), so office hours' night-time zero is no alarm.
    metric: { expression: 'minimum - inService', label: 'Instances missing below the minimum', metrics: { minimum: metric('GroupMinSize', 'Minimum'), inService: metric('GroupInServiceInstances', 'Maximum') } },
  };
}

function databaseSpecs(database: DbInstance, t: AlarmThresholds): AlarmSpec[] {
  // The identifier, not aws_db_instance.id: since provider 5 `id` is the DbiResourceId (db-...).
  const rds = (metricName: string, stat: string): MetricSpec => ({ namespace: 'AWS/RDS', metricName, dimensions: { DBInstanceIdentifier: database.identifier }, stat });
  return [
    {
      name: 'db-cpu',
      description: `The database's CPU averaged over ${t.databaseCpuPercent} % for 15 minutes. First: Performance Insights (prod) or the slow query log (/aws/rds/instance/${database.identifier}/slowquery) for the query; a db.t4g class may also have run out of CPU credits.`,
      comparison: 'GreaterThanThreshold',
      threshold: t.databaseCpuPercent,
      periodSeconds: 300,
      periods: 3,
      metric: rds('CPUUtilization', 'Average'),
    },
    {
      name: 'db-free-storage',
      description: `The database has less than ${t.databaseFreeStorageGb} GiB of free storage. First: storage autoscaling grows it up to database.maxAllocatedStorageGb; if it is there already, raise that, or find what grows (a table, the binary logs).`,
      comparison: 'LessThanThreshold',
      threshold: t.databaseFreeStorageGb * GIB,
      periodSeconds: 300,
      periods: 1,
      metric: rds('FreeStorageSpace', 'Minimum'),
    },
    {
      name: 'db-freeable-memory',
      description: `The database has had less than ${t.databaseFreeableMemoryMb} MiB of freeable memory for 15 minutes: it swaps and slows down. First: the connection count; then a larger database.instanceClass.`,
      comparison: 'LessThanThreshold',
      threshold: t.databaseFreeableMemoryMb * MIB,
      periodSeconds: 300,
      periods: 3,
      metric: rds('FreeableMemory', 'Average'),
    },
    {
      name: 'db-connections',
      description: `More than ${t.databaseConnections} connections to the database for 10 minutes, near MySQL's max_connections: new ones will be refused. First: SHOW PROCESSLIST through db_tunnel_command; the app's connection pool size times its instances.`,
      comparison: 'GreaterThanThreshold',
      threshold: t.databaseConnections,
      periodSeconds: 300,
      periods: 2,
      metric: rds('DatabaseConnections', 'Maximum'),
    },
  ];
}
