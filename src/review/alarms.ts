import { blocks, isObject, str, strings, type JsonObject } from './json';
import { displayName, ofType, referenced, referencedOne, resolve, type Model, type Resource } from './model';
import { natComponentsOf } from './resilience';
import { isUnknownValue, type Topology } from './topology';

/** One metric an alarm watches: its own, or one of its `metric_query` metrics. */
interface Watch {
  readonly alarm: string;
  readonly namespace: string | undefined;
  readonly metric: string | undefined;
  /**
   * Undefined when the input shows only the references the dimension map holds: a plan marks a map
   * with one unknown value unknown as a whole, and its configuration keeps no key (HCL) or keeps them
   * only as a template (JSON).
   */
  readonly dimensions: JsonObject | undefined;
  readonly references: readonly string[];
}

/** How a dimension value relates to the resource it should name. */
type Match = { readonly kind: 'yes' | 'no' | 'unknown' } | { readonly kind: 'wrong'; readonly why: string };

/** A dimension a monitored resource's metrics carry: which resource (any of several) it names and by which attributes; undefined: any value. */
interface Pointer {
  readonly addresses: readonly string[];
  /** Attributes whose value is the dimension value (`arn_suffix` for LoadBalancer, `identifier` for DBInstanceIdentifier). */
  readonly attributes: readonly string[];
  /** Why a reference to another attribute of the resource watches no data. */
  readonly wrongWhy?: Readonly<Record<string, string>>;
  /** The value when the input knows it (a plan of deployed resources, a literal name). */
  readonly known: readonly string[];
}

/** An alarm the resource needs: any of these namespace/metric pairs, published with one of these dimension sets. */
interface Expectation {
  readonly name: string;
  readonly watches: readonly { readonly namespace: string; readonly metrics: readonly string[]; readonly sets: readonly (readonly string[])[] }[];
  /** Why the metric is not published even with a matching alarm (group metrics off), if so. */
  readonly unpublished?: (metric: string) => string | undefined;
}

interface Monitored {
  readonly resource: Resource;
  readonly label: string;
  readonly dimensions: Readonly<Record<string, Pointer | undefined>>;
  readonly expectations: readonly Expectation[];
}

/** The alarms one monitored resource has, lacks, and may have. */
export interface AlarmCoverage {
  readonly address: string;
  /** `three-tier-prod-frontend-alb (load balancer)`. */
  readonly label: string;
  readonly present: readonly { readonly name: string; readonly alarms: readonly string[] }[];
  /** With why a near miss watches no data (a wrong attribute, a missing dimension, group metrics off). */
  readonly missing: readonly { readonly name: string; readonly why: readonly string[] }[];
  /** Alarms whose dimensions the input does not resolve: they may watch it. */
  readonly unknown: readonly { readonly name: string; readonly why: readonly string[] }[];
}

function pointer(resources: Resource | readonly Resource[], attributes: readonly string[], wrongWhy?: Readonly<Record<string, string>>): Pointer {
  const all = Array.isArray(resources) ? resources : [resources];
  const known = all.flatMap((resource) =>
    attributes.flatMap((attribute) => {
      const value = str(resource.values[attribute]);
      return value === undefined || value === '' || isUnknownValue(value) ? [] : [value];
    }),
  );
  return { addresses: all.map((resource) => resource.address), attributes, ...(wrongWhy === undefined ? {} : { wrongWhy }), known };
}

/** The resource address an interpolation names, if it is one of `addresses`, and what follows it (`.arn_suffix`). */
function named(inner: string, addresses: readonly string[]): { readonly address: string; readonly rest: string } | undefined {
  for (const address of addresses) {
    const at = inner.indexOf(address);
    const rest = at < 0 ? '' : inner.slice(at + address.length);
    // `aws_lb.web` inside `aws_lb.web2.arn_suffix` is not this resource.
    if (at >= 0 && !/[\w.-]/.test(inner[at - 1] ?? '') && !/^[\w-]/.test(rest)) {
      return { address, rest };
    }
  }
  return undefined;
}

/** Interpolations inside a value: `${aws_lb.web.arn_suffix}` -> `aws_lb.web.arn_suffix`. */
function interpolations(value: string): readonly string[] {
  return [...value.matchAll(/\$\{([^}]*)\}/g)].map((match) => match[1]);
}

function matchOf(model: Model, value: unknown, target: Pointer | undefined): Match {
  if (target === undefined) {
    return { kind: 'yes' };
  }
  const text = typeof value === 'number' ? String(value) : str(value);
  if (text === undefined) {
    return { kind: 'no' };
  }
  if (text.includes('${')) {
    for (const inner of interpolations(text)) {
      const found = named(inner, target.addresses);
      if (found !== undefined) {
        const attribute = /^(?:\[[^\]]*\])?\.([\w-]+)/.exec(found.rest)?.[1];
        if (attribute === undefined || target.attributes.includes(attribute)) {
          return { kind: 'yes' };
        }
        return { kind: 'wrong', why: target.wrongWhy?.[attribute] ?? `it names ${found.address} by ${attribute}; the dimension takes ${target.attributes.join(' or ')}` };
      }
    }
    // A reference to something else in the input names another resource; anything unresolved may be this one.
    return resolve(model, text).unresolved.length > 0 ? { kind: 'unknown' } : { kind: 'no' };
  }
  if (target.known.includes(text)) {
    return { kind: 'yes' };
  }
  return target.known.length > 0 ? { kind: 'no' } : { kind: 'unknown' };
}

function watchOf(alarm: string, namespace: unknown, metric: unknown, dimensions: unknown): Watch {
  const references = isObject(dimensions) ? [] : strings(dimensions).filter(isUnknownValue);
  return { alarm, namespace: str(namespace), metric: str(metric), dimensions: isObject(dimensions) ? dimensions : references.length > 0 ? undefined : {}, references };
}

function watchesOf(alarm: Resource): readonly Watch[] {
  const own = watchOf(alarm.address, alarm.values.namespace, alarm.values.metric_name, alarm.values.dimensions);
  const queried = blocks(alarm.values, 'metric_query').flatMap((query) => blocks(query, 'metric').map((metric) => watchOf(alarm.address, metric.namespace, metric.metric_name, metric.dimensions)));
  return own.metric === undefined ? queried : [own, ...queried];
}

/**
 * The dimension map of a watch; where the input shows only its references, each takes the key of
 * the monitored resource's dimension that names the resource it references.
 */
function keyed(watch: Watch, monitored: Monitored): JsonObject {
  if (watch.dimensions !== undefined) {
    return watch.dimensions;
  }
  return Object.fromEntries(
    watch.references.map((reference, index) => {
      const key = Object.entries(monitored.dimensions).find(([, target]) => target !== undefined && interpolations(reference).some((inner) => named(inner, target.addresses) !== undefined))?.[0];
      return [key ?? `(unnamed ${index + 1})`, reference];
    }),
  );
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((key) => b.includes(key));

/** The alarms of one expectation on one resource: present, near misses, unknown. */
function judge(model: Model, monitored: Monitored, expectation: Expectation, watches: readonly Watch[]): { present: string[]; misses: string[]; unknown: string[] } {
  const present: string[] = [];
  const misses: string[] = [];
  const unknown: string[] = [];
  for (const watch of watches) {
    const spec = expectation.watches.find((candidate) => candidate.namespace === watch.namespace && watch.metric !== undefined && candidate.metrics.includes(watch.metric));
    if (spec === undefined || watch.metric === undefined) {
      continue;
    }
    const dimensions = keyed(watch, monitored);
    const keys = Object.keys(dimensions);
    const matches = keys.map((key) => ({ key, match: key in monitored.dimensions ? matchOf(model, dimensions[key], monitored.dimensions[key]) : ({ kind: 'no' } as const) }));
    const namesIt = matches.some(({ key, match }) => match.kind !== 'no' && monitored.dimensions[key] !== undefined);
    // Keys whose value may be anything (WAF's Region and Rule) are literals a plan may not show.
    const shown = (set: readonly string[]): readonly string[] => (watch.dimensions === undefined ? set.filter((key) => monitored.dimensions[key] !== undefined) : set);
    if (!spec.sets.some((set) => sameSet(shown(set), keys))) {
      if (namesIt) {
        misses.push(`${watch.alarm} has dimensions {${keys.join(', ')}}, but CloudWatch publishes ${watch.metric} with {${spec.sets.map((set) => set.join(', ')).join('} or {')}}: it watches no data`);
      }
      continue;
    }
    if (matches.some(({ match }) => match.kind === 'no')) {
      continue;
    }
    const wrong = matches.flatMap(({ key, match }) => (match.kind === 'wrong' ? [`${key}: ${match.why}`] : []));
    if (wrong.length > 0) {
      misses.push(`${watch.alarm} watches no data (${wrong.join('; ')})`);
    } else if (matches.some(({ match }) => match.kind === 'unknown')) {
      unknown.push(`${watch.alarm} names it by a value the input does not resolve`);
    } else {
      const unpublished = expectation.unpublished?.(watch.metric);
      if (unpublished === undefined) {
        present.push(watch.alarm);
      } else {
        misses.push(`${watch.alarm} watches no data (${unpublished})`);
      }
    }
  }
  return { present: [...new Set(present)], misses: [...new Set(misses)], unknown: [...new Set(unknown)] };
}

const ALB = 'AWS/ApplicationELB';
const ALB_ATTRIBUTE_WHY: Readonly<Record<string, string>> = {
  arn: 'it names the load balancer by its ARN; the LoadBalancer dimension takes arn_suffix (app/<name>/<id>)',
  id: 'it names the load balancer by its id (the ARN); the LoadBalancer dimension takes arn_suffix (app/<name>/<id>)',
  name: 'it names the load balancer by its name; the LoadBalancer dimension takes arn_suffix (app/<name>/<id>)',
};
const TG_ATTRIBUTE_WHY: Readonly<Record<string, string>> = {
  arn: 'it names the target group by its ARN; the TargetGroup dimension takes arn_suffix (targetgroup/<name>/<id>)',
  id: 'it names the target group by its id (the ARN); the TargetGroup dimension takes arn_suffix (targetgroup/<name>/<id>)',
  name: 'it names the target group by its name; the TargetGroup dimension takes arn_suffix (targetgroup/<name>/<id>)',
};

/** Application load balancers and the target groups their listeners and listener rules forward to. */
function loadBalancers(model: Model): readonly { readonly lb: Resource; readonly groups: readonly Resource[] }[] {
  return ofType(model, 'aws_lb', 'aws_alb')
    .filter((lb) => (str(lb.values.load_balancer_type) ?? 'application') === 'application')
    .map((lb) => {
      const listeners = ofType(model, 'aws_lb_listener', 'aws_alb_listener').filter((listener) => referencedOne(model, listener.values.load_balancer_arn, 'aws_lb', 'aws_alb')?.address === lb.address);
      const rules = ofType(model, 'aws_lb_listener_rule', 'aws_alb_listener_rule').filter((rule) => listeners.some((listener) => referencedOne(model, rule.values.listener_arn)?.address === listener.address));
      const groups = [
        ...listeners.flatMap((listener) => referenced(model, blocks(listener.values, 'default_action'), 'aws_lb_target_group', 'aws_alb_target_group')),
        ...rules.flatMap((rule) => referenced(model, blocks(rule.values, 'action'), 'aws_lb_target_group', 'aws_alb_target_group')),
      ];
      return { lb, groups: [...new Map(groups.map((group) => [group.address, group])).values()] };
    });
}

function groupMetricsOff(asg: Resource): (metric: string) => string | undefined {
  return (metric) => {
    const enabled = asg.values.enabled_metrics;
    if (isUnknownValue(enabled) || strings(enabled).some(isUnknownValue)) {
      return undefined;
    }
    return strings(enabled).includes(metric) ? undefined : `${displayName(asg)} does not publish ${metric}: its enabled_metrics lacks it, and Auto Scaling sends group metrics only when asked`;
  };
}

function inService(asg: Resource): Expectation {
  return {
    name: 'instances in service (GroupInServiceInstances)',
    watches: [
      { namespace: 'AWS/AutoScaling', metrics: ['GroupInServiceInstances', 'GroupInServiceCapacity'], sets: [['AutoScalingGroupName']] },
      { namespace: 'AWS/EC2', metrics: ['StatusCheckFailed', 'StatusCheckFailed_System', 'StatusCheckFailed_Instance'], sets: [['AutoScalingGroupName']] },
    ],
    unpublished: (metric) => (metric.startsWith('Group') ? groupMetricsOff(asg)(metric) : undefined),
  };
}

const ASG_POINTER = (asg: Resource): Pointer => pointer(asg, ['name', 'id']);

/**
 * What production should alarm on, resource by resource: ALB 5xx and response time, unhealthy
 * targets per target group, RDS CPU, storage, memory and connections, NAT port allocation and drops
 * (or a NAT instance's status), Auto Scaling groups in service, WAF blocked requests, Scheduler
 * failures.
 */
function monitoredOf(model: Model, natInstances: ReadonlySet<string>): Monitored[] {
  const albs = loadBalancers(model).flatMap(({ lb, groups }): Monitored[] => {
    const lbPointer = pointer(lb, ['arn_suffix'], ALB_ATTRIBUTE_WHY);
    return [
      {
        resource: lb,
        label: `${displayName(lb)} (load balancer)`,
        // A TargetGroup dimension may name any of its target groups.
        dimensions: { LoadBalancer: lbPointer, ...(groups.length > 0 ? { TargetGroup: pointer(groups, ['arn_suffix'], TG_ATTRIBUTE_WHY) } : {}) },
        expectations: [
          { name: 'ELB 5xx (HTTPCode_ELB_5XX_Count)', watches: [{ namespace: ALB, metrics: ['HTTPCode_ELB_5XX_Count'], sets: [['LoadBalancer']] }] },
          { name: 'target 5xx (HTTPCode_Target_5XX_Count)', watches: [{ namespace: ALB, metrics: ['HTTPCode_Target_5XX_Count'], sets: [['LoadBalancer'], ['LoadBalancer', 'TargetGroup']] }] },
          { name: 'response time (TargetResponseTime)', watches: [{ namespace: ALB, metrics: ['TargetResponseTime'], sets: [['LoadBalancer'], ['LoadBalancer', 'TargetGroup']] }] },
        ],
      },
      ...groups.map((group): Monitored => ({
        resource: group,
        label: `${displayName(group)} (target group of ${displayName(lb)})`,
        dimensions: { TargetGroup: pointer(group, ['arn_suffix'], TG_ATTRIBUTE_WHY), LoadBalancer: lbPointer },
        // CloudWatch publishes the target group's host counts per target group and load balancer together.
        expectations: [{ name: 'unhealthy targets (UnHealthyHostCount)', watches: [{ namespace: ALB, metrics: ['UnHealthyHostCount', 'HealthyHostCount'], sets: [['LoadBalancer', 'TargetGroup']] }] }],
      })),
    ];
  });
  const databases = ofType(model, 'aws_db_instance').map((db): Monitored => ({
    resource: db,
    label: `${displayName(db)} (RDS)`,
    dimensions: {
      DBInstanceIdentifier: pointer(db, ['identifier'], {
        id: 'it names the database by id, which is the DbiResourceId (db-...) since AWS provider 5.0; DBInstanceIdentifier takes identifier',
        resource_id: 'it names the database by resource_id (db-...); DBInstanceIdentifier takes identifier',
        arn: 'it names the database by its ARN; DBInstanceIdentifier takes identifier',
      }),
    },
    expectations: ['CPUUtilization', 'FreeStorageSpace', 'FreeableMemory', 'DatabaseConnections'].map((metric) => ({
      name: metric,
      watches: [{ namespace: 'AWS/RDS', metrics: [metric], sets: [['DBInstanceIdentifier']] }],
    })),
  }));
  const natGateways = ofType(model, 'aws_nat_gateway').map((nat): Monitored => ({
    resource: nat,
    label: `${displayName(nat)} (NAT gateway)`,
    dimensions: { NatGatewayId: pointer(nat, ['id']) },
    expectations: [
      { name: 'port allocation errors (ErrorPortAllocation)', watches: [{ namespace: 'AWS/NATGateway', metrics: ['ErrorPortAllocation'], sets: [['NatGatewayId']] }] },
      { name: 'dropped packets (PacketsDropCount)', watches: [{ namespace: 'AWS/NATGateway', metrics: ['PacketsDropCount'], sets: [['NatGatewayId']] }] },
    ],
  }));
  const instances = ofType(model, 'aws_instance')
    .filter((instance) => natInstances.has(instance.address))
    .map((instance): Monitored => ({
      resource: instance,
      label: `${displayName(instance)} (NAT instance)`,
      dimensions: { InstanceId: pointer(instance, ['id']) },
      expectations: [{ name: 'status check (StatusCheckFailed)', watches: [{ namespace: 'AWS/EC2', metrics: ['StatusCheckFailed', 'StatusCheckFailed_System', 'StatusCheckFailed_Instance'], sets: [['InstanceId']] }] }],
    }));
  const groups = ofType(model, 'aws_autoscaling_group').map((asg): Monitored => ({
    resource: asg,
    label: `${displayName(asg)} (${natInstances.has(asg.address) ? 'NAT instance group' : 'Auto Scaling group'})`,
    dimensions: { AutoScalingGroupName: ASG_POINTER(asg) },
    expectations: [inService(asg)],
  }));
  const acls = ofType(model, 'aws_wafv2_web_acl').map((acl): Monitored => ({
    resource: acl,
    label: `${displayName(acl)} (web ACL)`,
    dimensions: {
      WebACL: pointer(acl, ['name'], { id: 'it names the web ACL by its id; the WebACL dimension takes its name', arn: 'it names the web ACL by its ARN; the WebACL dimension takes its name' }),
      Region: undefined,
      Rule: undefined,
    },
    expectations: [
      {
        name: 'blocked requests (BlockedRequests)',
        watches: [{ namespace: 'AWS/WAFV2', metrics: ['BlockedRequests'], sets: [str(acl.values.scope) === 'CLOUDFRONT' ? ['Rule', 'WebACL'] : ['Region', 'Rule', 'WebACL']] }],
      },
    ],
  }));
  const schedules = ofType(model, 'aws_scheduler_schedule').map((schedule): Monitored => {
    const group = schedule.values.group_name;
    const declared = referencedOne(model, group, 'aws_scheduler_schedule_group');
    const groupPointer: Pointer = declared !== undefined ? pointer(declared, ['name', 'id']) : { addresses: [schedule.address], attributes: ['group_name'], known: [str(group) ?? 'default'] };
    return {
      resource: schedule,
      label: `${displayName(schedule)} (schedule)`,
      dimensions: { ScheduleGroup: groupPointer },
      expectations: [
        {
          name: 'failed invocations (TargetErrorCount or InvocationDroppedCount)',
          watches: [{ namespace: 'AWS/Scheduler', metrics: ['TargetErrorCount', 'InvocationDroppedCount', 'InvocationsFailedToBeSentToDeadLetterCount'], sets: [[], ['ScheduleGroup']] }],
        },
      ],
    };
  });
  return [...albs, ...databases, ...natGateways, ...instances, ...groups, ...acls, ...schedules];
}

/** For each resource production should watch, the alarms (`aws_cloudwatch_metric_alarm`) it has, lacks and may have. */
export function alarmCoverageOf(model: Model, topology: Topology): readonly AlarmCoverage[] {
  const watches = ofType(model, 'aws_cloudwatch_metric_alarm').flatMap(watchesOf);
  const natInstances = new Set([...natComponentsOf(model, topology).values()].map((component) => component.address));
  return monitoredOf(model, natInstances).map((monitored): AlarmCoverage => {
    const judged = monitored.expectations.map((expectation) => ({ expectation, ...judge(model, monitored, expectation, watches) }));
    return {
      address: monitored.resource.address,
      label: monitored.label,
      present: judged.filter((entry) => entry.present.length > 0).map((entry) => ({ name: entry.expectation.name, alarms: entry.present })),
      missing: judged.filter((entry) => entry.present.length === 0 && entry.unknown.length === 0).map((entry) => ({ name: entry.expectation.name, why: entry.misses })),
      unknown: judged.filter((entry) => entry.present.length === 0 && entry.unknown.length > 0).map((entry) => ({ name: entry.expectation.name, why: [...entry.unknown, ...entry.misses] })),
    };
  });
}
