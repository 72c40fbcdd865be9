import type { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import type { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import type { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Construct } from 'constructs';
import type { WatchedLoadBalancer, WatchedNatInstance, WatchedTier } from './alarms';
import { Naming } from './naming';

/** One line of a metric widget: namespace, metric name, dimension name-value pairs, then its options. */
type MetricLine = (string | { readonly label: string; readonly stat: string })[];

interface MetricWidget {
  readonly title: string;
  readonly lines: readonly MetricLine[];
}

export interface EnvironmentDashboardProps {
  readonly naming: Naming;
  /** Every metric widget names it: CloudWatch refuses a metric widget without a region. */
  readonly region: string;
  readonly loadBalancers: readonly WatchedLoadBalancer[];
  readonly tiers: readonly WatchedTier[];
  readonly database: DbInstance;
  /** @default [] */
  readonly natGateways?: readonly { readonly availabilityZone: string; readonly gateway: NatGateway }[];
  /** @default [] */
  readonly natInstances?: readonly WatchedNatInstance[];
  /** The web ACL's metric name (the WebACL dimension). @default undefined (no web ACL) */
  readonly webAclMetricName?: string;
  /** The alarms' ARNs, shown in an alarm-status widget. @default [] */
  readonly alarmArns?: readonly string[];
}

const WIDTH = 8;
const HEIGHT = 6;
const PER_ROW = 24 / WIDTH;

const line = (namespace: string, metricName: string, dimensions: Readonly<Record<string, string>>, label: string, stat: string): MetricLine => [
  namespace,
  metricName,
  ...Object.entries(dimensions).flat(),
  { label, stat },
];

/**
 * One CloudWatch dashboard per environment with the golden signals of each tier: traffic, errors
 * and latency at the load balancers, hosts and saturation of the app tiers and NAT, latency,
 * connections and saturation of the database, WAF verdicts, and the state of every alarm.
 */
export class EnvironmentDashboard extends Construct {
  public readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: EnvironmentDashboardProps) {
    super(scope, id);
    const widgets = metricWidgets(props);
    const empty = widgets.find((widget) => widget.lines.length === 0);
    if (empty !== undefined) {
      throw new Error(`EnvironmentDashboard: the widget ${JSON.stringify(empty.title)} has no metric (a load balancer that serves no tier?); CloudWatch refuses it`);
    }
    const header = {
      type: 'text',
      x: 0,
      y: 0,
      width: 24,
      height: 2,
      properties: {
        markdown: `# ${props.naming.prefix}\nGolden signals per tier: traffic, errors and latency at the load balancers; hosts and saturation of the app tiers, NAT and database. The alarms and what to do first: README, "When something breaks".`,
      },
    };
    const alarmArns = props.alarmArns ?? [];
    const alarmWidget = alarmArns.length === 0 ? [] : [{ type: 'alarm', x: 0, y: 2, width: 24, height: 3, properties: { title: 'Alarms', alarms: [...alarmArns], sortBy: 'stateUpdatedTimestamp' } }];
    const top = 2 + (alarmWidget.length === 0 ? 0 : 3);
    const metrics = widgets.map((widget, index) => ({
      type: 'metric',
      x: (index % PER_ROW) * WIDTH,
      y: top + Math.floor(index / PER_ROW) * HEIGHT,
      width: WIDTH,
      height: HEIGHT,
      properties: { title: widget.title, region: props.region, view: 'timeSeries', stacked: false, period: 300, metrics: widget.lines },
    }));
    this.dashboard = new CloudwatchDashboard(this, 'dashboard', {
      dashboardName: props.naming.prefix,
      dashboardBody: JSON.stringify({ widgets: [header, ...alarmWidget, ...metrics] }),
    });
  }
}

function metricWidgets(props: EnvironmentDashboardProps): MetricWidget[] {
  const widgets: MetricWidget[] = [];
  const elb = (metricName: string, dimensions: Readonly<Record<string, string>>, label: string, stat: string): MetricLine => line('AWS/ApplicationELB', metricName, dimensions, label, stat);
  for (const { role, loadBalancer } of props.loadBalancers) {
    const served = props.tiers.filter((tier) => tier.loadBalancer === loadBalancer);
    const both = (tier: WatchedTier) => ({ LoadBalancer: tier.loadBalancer.arnSuffix, TargetGroup: tier.targetGroup.arnSuffix });
    widgets.push(
      { title: `${role} ALB: traffic (requests)`, lines: [elb('RequestCount', { LoadBalancer: loadBalancer.arnSuffix }, 'requests', 'Sum')] },
      {
        title: `${role} ALB: errors (5xx)`,
        lines: [elb('HTTPCode_ELB_5XX_Count', { LoadBalancer: loadBalancer.arnSuffix }, 'load balancer 5xx', 'Sum'), ...served.map((tier) => elb('HTTPCode_Target_5XX_Count', both(tier), `${tier.role} 5xx`, 'Sum'))],
      },
      {
        title: `${role} ALB: latency (s)`,
        lines: served.flatMap((tier) => [elb('TargetResponseTime', both(tier), `${tier.role} p50`, 'p50'), elb('TargetResponseTime', both(tier), `${tier.role} p99`, 'p99')]),
      },
    );
  }
  for (const tier of props.tiers) {
    const both = { LoadBalancer: tier.loadBalancer.arnSuffix, TargetGroup: tier.targetGroup.arnSuffix };
    const group = { AutoScalingGroupName: tier.group.name };
    widgets.push(
      { title: `${tier.role}: hosts`, lines: [elb('HealthyHostCount', both, 'healthy', 'Minimum'), elb('UnHealthyHostCount', both, 'unhealthy', 'Maximum'), ...groupLines(tier.group)] },
      { title: `${tier.role}: saturation (CPU %)`, lines: [line('AWS/EC2', 'CPUUtilization', group, 'average CPU', 'Average'), line('AWS/EC2', 'CPUUtilization', group, 'busiest instance', 'Maximum')] },
    );
  }
  const db = { DBInstanceIdentifier: props.database.identifier };
  const rds = (metricName: string, label: string, stat: string): MetricLine => line('AWS/RDS', metricName, db, label, stat);
  widgets.push(
    { title: 'database: latency (s)', lines: [rds('ReadLatency', 'read', 'Average'), rds('WriteLatency', 'write', 'Average')] },
    { title: 'database: traffic', lines: [rds('DatabaseConnections', 'connections', 'Maximum'), rds('ReadIOPS', 'read IOPS', 'Average'), rds('WriteIOPS', 'write IOPS', 'Average')] },
    { title: 'database: CPU (%)', lines: [rds('CPUUtilization', 'CPU', 'Average'), rds('CPUCreditBalance', 'CPU credits left', 'Minimum')] },
    { title: 'database: free storage and memory (bytes)', lines: [rds('FreeStorageSpace', 'free storage', 'Minimum'), rds('FreeableMemory', 'freeable memory', 'Minimum')] },
  );
  for (const { availabilityZone, gateway } of props.natGateways ?? []) {
    const nat = (metricName: string, label: string, stat: string): MetricLine => line('AWS/NATGateway', metricName, { NatGatewayId: gateway.id }, label, stat);
    widgets.push(
      { title: `NAT gateway ${availabilityZone}: traffic`, lines: [nat('BytesOutToDestination', 'bytes out', 'Sum'), nat('ActiveConnectionCount', 'connections', 'Maximum')] },
      { title: `NAT gateway ${availabilityZone}: errors`, lines: [nat('ErrorPortAllocation', 'port allocation errors', 'Sum'), nat('PacketsDropCount', 'packets dropped', 'Sum')] },
    );
  }
  for (const { availabilityZone, group } of props.natInstances ?? []) {
    const byGroup = { AutoScalingGroupName: group.name };
    widgets.push({
      title: `NAT instance ${availabilityZone}`,
      lines: [
        line('AWS/EC2', 'CPUUtilization', byGroup, 'CPU %', 'Maximum'),
        line('AWS/EC2', 'StatusCheckFailed', byGroup, 'status check failed', 'Maximum'),
        line('AWS/EC2', 'NetworkOut', byGroup, 'bytes out', 'Sum'),
        ...groupLines(group),
      ],
    });
  }
  if (props.webAclMetricName !== undefined) {
    const acl = { WebACL: props.webAclMetricName, Rule: 'ALL', Region: props.region };
    widgets.push({
      title: 'WAF: requests by verdict',
      lines: ['AllowedRequests', 'BlockedRequests', 'CountedRequests'].map((metricName) => line('AWS/WAFV2', metricName, acl, metricName.replace('Requests', '').toLowerCase(), 'Sum')),
    });
  }
  return widgets;
}

function groupLines(group: AutoscalingGroup): MetricLine[] {
  const byGroup = { AutoScalingGroupName: group.name };
  return [line('AWS/AutoScaling', 'GroupInServiceInstances', byGroup, 'in service', 'Minimum'), line('AWS/AutoScaling', 'GroupMinSize', byGroup, 'minimum', 'Minimum')];
}
