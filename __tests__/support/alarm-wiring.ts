// Which resource each alarm's dimensions must name, derived from the synthesized graph on its own
// (listeners and rules, the groups' target groups, subnets' AZs), not from the alarm construct.
import { nameOfRef, ref, resourcesOf, type Overrides } from './stacks';

/** Dev with alerts on: one shared ALB, a NAT instance, office hours. */
export const DEV_ALERTS: Overrides = { TT__alerts__enabled: 'true', TT__encryption__customerKey: 'true', TT__alerts__emails: '["ops@example.com","oncall@example.com"]' };

type Json = Record<string, unknown>;

const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Every dimension map of an alarm: its own, or each metric of its metric math. */
export function dimensionsOf(alarm: Json): Record<string, unknown>[] {
  if (isJson(alarm.dimensions)) {
    return [alarm.dimensions];
  }
  return list(alarm.metric_query)
    .filter(isJson)
    .map((query) => query.metric)
    .filter(isJson)
    .map((metric) => (isJson(metric.dimensions) ? metric.dimensions : {}));
}

function named(synthesized: string, type: string, name: string): string | undefined {
  return Object.entries(resourcesOf(synthesized, type)).find(([, resource]) => resource.name === name || (isJson(resource.tags) && resource.tags.Name === name))?.[0];
}

/** The ALB (by address) whose listener or listener rule forwards to a target group (by address). */
function loadBalancerServing(synthesized: string, targetGroup: string): string[] {
  const forwardsTo = (actions: unknown): boolean => list(actions).some((action) => isJson(action) && nameOfRef(action.target_group_arn) === targetGroup);
  const listeners = resourcesOf(synthesized, 'aws_lb_listener');
  const viaRules = Object.values(resourcesOf(synthesized, 'aws_lb_listener_rule'))
    .filter((rule) => forwardsTo(rule.action))
    .map((rule) => nameOfRef(rule.listener_arn));
  return [
    ...new Set(
      Object.entries(listeners)
        .filter(([address, listener]) => forwardsTo(listener.default_action) || viaRules.includes(address))
        .map(([, listener]) => nameOfRef(listener.load_balancer_arn))
        .filter((address): address is string => address !== undefined),
    ),
  ];
}

/** What each dimension of an alarm must be, by the alarm's name; undefined for a name no rule knows. */
export function expectedDimensions(synthesized: string, prefix: string, alarmName: string): Record<string, string> | undefined {
  const suffix = alarmName.startsWith(`${prefix}-`) ? alarmName.slice(prefix.length + 1) : '';
  const group = (name: string): string | undefined => named(synthesized, 'aws_autoscaling_group', name);
  let match = /^(.+)-elb-5xx$/.exec(suffix);
  if (match !== null) {
    const lb = named(synthesized, 'aws_lb', `${prefix}-${match[1]}`);
    return lb === undefined ? undefined : { LoadBalancer: ref('aws_lb', lb, 'arn_suffix') };
  }
  match = /^(frontend|backend)-(target-5xx|unhealthy-hosts|p99-latency)$/.exec(suffix);
  if (match !== null) {
    const asg = group(`${prefix}-${match[1]}`);
    const targetGroups = asg === undefined ? [] : list(resourcesOf(synthesized, 'aws_autoscaling_group')[asg].target_group_arns).map(nameOfRef);
    const targetGroup = targetGroups.length === 1 ? targetGroups[0] : undefined;
    const balancers = targetGroup === undefined ? [] : loadBalancerServing(synthesized, targetGroup);
    return targetGroup === undefined || balancers.length !== 1 ? undefined : { LoadBalancer: ref('aws_lb', balancers[0], 'arn_suffix'), TargetGroup: ref('aws_lb_target_group', targetGroup, 'arn_suffix') };
  }
  match = /^(frontend|backend|nat-.+)-(in-service|status-check)$/.exec(suffix);
  if (match !== null) {
    const asg = group(`${prefix}-${match[1]}`);
    return asg === undefined ? undefined : { AutoScalingGroupName: ref('aws_autoscaling_group', asg, 'name') };
  }
  match = /^nat-(.+)-(port-allocation|packets-dropped)$/.exec(suffix);
  if (match !== null) {
    const zone = match[1];
    const subnets = resourcesOf(synthesized, 'aws_subnet');
    const gateway = Object.entries(resourcesOf(synthesized, 'aws_nat_gateway')).find(([, nat]) => subnets[nameOfRef(nat.subnet_id) ?? '']?.availability_zone === zone)?.[0];
    return gateway === undefined ? undefined : { NatGatewayId: ref('aws_nat_gateway', gateway) };
  }
  if (/^db-(cpu|free-storage|freeable-memory|connections)$/.test(suffix)) {
    const databases = Object.keys(resourcesOf(synthesized, 'aws_db_instance'));
    return databases.length === 1 ? { DBInstanceIdentifier: ref('aws_db_instance', databases[0], 'identifier') } : undefined;
  }
  if (suffix === 'waf-blocked') {
    const acls = Object.values(resourcesOf(synthesized, 'aws_wafv2_web_acl'));
    const visibility = acls.length === 1 ? acls[0].visibility_config : undefined;
    const parsed: unknown = JSON.parse(synthesized);
    const provider = isJson(parsed) && isJson(parsed.provider) ? list(parsed.provider.aws)[0] : undefined;
    return isJson(visibility) && isJson(provider) ? { WebACL: String(visibility.metric_name), Rule: 'ALL', Region: String(provider.region) } : undefined;
  }
  if (suffix === 'office-hours-failed') {
    const groups = [...new Set(Object.values(resourcesOf(synthesized, 'aws_scheduler_schedule')).map((schedule) => nameOfRef(schedule.group_name)))];
    return groups.length === 1 && groups[0] !== undefined ? { ScheduleGroup: ref('aws_scheduler_schedule_group', groups[0], 'name') } : undefined;
  }
  return undefined;
}

/** Every alarm whose dimensions name anything but the resource the graph says, with what they name. */
export function miswiredAlarms(synthesized: string, prefix: string): string[] {
  return Object.values(resourcesOf(synthesized, 'aws_cloudwatch_metric_alarm')).flatMap((alarm) => {
    const name = String(alarm.alarm_name);
    const expected = expectedDimensions(synthesized, prefix, name);
    if (expected === undefined) {
      return [`${name}: no resource it could watch (or a name no rule knows)`];
    }
    return dimensionsOf(alarm)
      .filter((dimensions) => JSON.stringify(Object.entries(dimensions).sort()) !== JSON.stringify(Object.entries(expected).sort()))
      .map((dimensions) => `${name}: ${JSON.stringify(dimensions)}, expected ${JSON.stringify(expected)}`);
  });
}
