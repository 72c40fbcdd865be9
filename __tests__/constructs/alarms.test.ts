import { Testing } from 'cdktf';
import { EnvironmentAlarms, type AlarmThresholds } from '../../src/constructs/alarms';
import { Naming } from '../../src/constructs/naming';
import { EnvironmentStack } from '../../src/stacks/environment-stack';
import { DEV_ALERTS, dimensionsOf, miswiredAlarms } from '../support/alarm-wiring';
import { configFor, nameOfRef, ref, resourcesOf, synthEnvironment } from '../support/stacks';

const prod = synthEnvironment('prod');
const dev = synthEnvironment('dev', DEV_ALERTS);
const alarmsOf = (synthesized: string) => Object.values(resourcesOf(synthesized, 'aws_cloudwatch_metric_alarm'));
/** An Auto Scaling group by its `name` (its Name tag is a `tag` block). */
const groupNamed = (synthesized: string, name: string) => {
  const match = Object.entries(resourcesOf(synthesized, 'aws_autoscaling_group')).find(([, group]) => group.name === name);
  if (match === undefined) {
    throw new Error(`no group ${name}`);
  }
  return { address: match[0], resource: match[1] };
};
const alarmNamed = (synthesized: string, name: string) => {
  const alarm = alarmsOf(synthesized).find((candidate) => candidate.alarm_name === name);
  if (alarm === undefined) {
    throw new Error(`no alarm ${name}`);
  }
  return alarm;
};

describe('the alarms of an environment', () => {
  it('prod has them by default: both ALBs, each tier, the database, each NAT gateway, the web ACL', () => {
    expect(
      alarmsOf(prod)
        .map((alarm) => alarm.alarm_name)
        .sort(),
    ).toEqual(
      [
        ...['frontend', 'backend'].flatMap((role) => [`${role}-elb-5xx`, `${role}-target-5xx`, `${role}-unhealthy-hosts`, `${role}-p99-latency`, `${role}-in-service`]),
        ...['db-cpu', 'db-free-storage', 'db-freeable-memory', 'db-connections'],
        ...['ap-northeast-2a', 'ap-northeast-2c'].flatMap((zone) => [`nat-${zone}-port-allocation`, `nat-${zone}-packets-dropped`]),
        'waf-blocked',
      ]
        .map((name) => `three-tier-prod-${name}`)
        .sort(),
    );
  });

  it('dev has none by default, and with alerts on watches the shared ALB, the NAT instance and the office-hours calls', () => {
    expect(alarmsOf(synthEnvironment('dev'))).toEqual([]);
    expect(Object.keys(resourcesOf(synthEnvironment('dev'), 'aws_sns_topic'))).toEqual([]);
    const names = alarmsOf(dev).map((alarm) => String(alarm.alarm_name));
    expect(names).toEqual(expect.arrayContaining(['three-tier-dev-alb-elb-5xx', 'three-tier-dev-nat-ap-northeast-2a-status-check', 'three-tier-dev-nat-ap-northeast-2a-in-service', 'three-tier-dev-office-hours-failed']));
    expect(names.filter((name) => name.includes('elb-5xx'))).toEqual(['three-tier-dev-alb-elb-5xx']);
    expect(names.some((name) => name.includes('port-allocation'))).toBe(false);
  });

  it.each([
    ['prod', prod, 'three-tier-prod'],
    ['prod, one shared ALB', synthEnvironment('prod', { TT_PROD__loadBalancing__topology: 'shared' }), 'three-tier-prod'],
    ['dev with alerts (shared ALB, NAT instance, office hours)', dev, 'three-tier-dev'],
    ['dev with alerts, an ALB per tier and a NAT instance per AZ', synthEnvironment('dev', { ...DEV_ALERTS, TT__loadBalancing__topology: 'per-tier', TT__network__natInstancePerAz: 'true' }), 'three-tier-dev'],
    ['dev with alerts and a NAT gateway per AZ', synthEnvironment('dev', { ...DEV_ALERTS, TT__network__natMode: 'per-az', TT__waf__enabled: 'true' }), 'three-tier-dev'],
  ])('%s: every dimension names the load balancer, target group, database, group, gateway, web ACL or schedule group the graph says', (_name, synthesized, prefix) => {
    expect(alarmsOf(synthesized).length).toBeGreaterThan(10);
    expect(miswiredAlarms(synthesized, prefix)).toEqual([]);
  });

  it('the wiring check fails for an alarm that names the other tier, a load balancer by arn, the database by id, or another group', () => {
    const parsed = JSON.parse(prod) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    const alarms = parsed.resource.aws_cloudwatch_metric_alarm;
    const byName = (name: string) => Object.values(alarms).find((alarm) => alarm.alarm_name === `three-tier-prod-${name}`) ?? {};
    const frontend = byName('frontend-unhealthy-hosts').dimensions as Record<string, string>;
    const backend = byName('backend-unhealthy-hosts').dimensions as Record<string, string>;
    byName('frontend-unhealthy-hosts').dimensions = { ...frontend, TargetGroup: backend.TargetGroup };
    byName('backend-elb-5xx').dimensions = { LoadBalancer: String(frontend.LoadBalancer).replace('arn_suffix', 'arn') };
    byName('db-cpu').dimensions = { DBInstanceIdentifier: String((byName('db-cpu').dimensions as Record<string, string>).DBInstanceIdentifier).replace('.identifier', '.id') };
    const frontendGroup = ref('aws_autoscaling_group', groupNamed(prod, 'three-tier-prod-frontend').address, 'name');
    for (const query of byName('backend-in-service').metric_query as { metric?: { dimensions: Record<string, string> } }[]) {
      if (query.metric !== undefined) {
        query.metric.dimensions = { AutoScalingGroupName: frontendGroup };
      }
    }
    const problems = miswiredAlarms(JSON.stringify(parsed), 'three-tier-prod');
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual(
      ['three-tier-prod-backend-elb-5xx', 'three-tier-prod-backend-in-service', 'three-tier-prod-backend-in-service', 'three-tier-prod-db-cpu', 'three-tier-prod-frontend-unhealthy-hosts'].sort(),
    );
  });

  it('a target-group metric carries the load balancer too (UnHealthyHostCount by TargetGroup alone has no data)', () => {
    for (const role of ['frontend', 'backend']) {
      for (const name of ['target-5xx', 'unhealthy-hosts', 'p99-latency']) {
        expect(Object.keys(dimensionsOf(alarmNamed(prod, `three-tier-prod-${role}-${name}`))[0]).sort()).toEqual(['LoadBalancer', 'TargetGroup']);
      }
    }
  });

  it('RDS alarms name the instance identifier, not aws_db_instance.id (the DbiResourceId since provider 5)', () => {
    const database = Object.keys(resourcesOf(prod, 'aws_db_instance'))[0];
    for (const name of ['db-cpu', 'db-free-storage', 'db-freeable-memory', 'db-connections']) {
      expect(alarmNamed(prod, `three-tier-prod-${name}`).dimensions).toEqual({ DBInstanceIdentifier: ref('aws_db_instance', database, 'identifier') });
    }
  });

  it('below-minimum alarms read GroupMinSize and GroupInServiceInstances, which each group is told to collect (enabled_metrics)', () => {
    for (const [synthesized, names] of [
      [prod, ['three-tier-prod-frontend', 'three-tier-prod-backend']],
      [dev, ['three-tier-dev-nat-ap-northeast-2a']],
    ] as const) {
      for (const name of names) {
        const group = groupNamed(synthesized, name).resource;
        expect(group.enabled_metrics).toEqual(expect.arrayContaining(['GroupMinSize', 'GroupInServiceInstances']));
        const queries = alarmNamed(synthesized, `${name}-in-service`).metric_query as { metric?: { metric_name: string; namespace: string } }[];
        expect(queries.flatMap((query) => (query.metric === undefined ? [] : [`${query.metric.namespace} ${query.metric.metric_name}`])).sort()).toEqual([
          'AWS/AutoScaling GroupInServiceInstances',
          'AWS/AutoScaling GroupMinSize',
        ]);
      }
    }
  });

  it('a metric-math alarm has exactly one query that returns data (AWS refuses any other count at apply time)', () => {
    const mathAlarms = [...alarmsOf(prod), ...alarmsOf(dev)].filter((alarm) => Array.isArray(alarm.metric_query));
    expect(mathAlarms.length).toBeGreaterThanOrEqual(6);
    for (const alarm of mathAlarms) {
      const queries = alarm.metric_query as { id: string; expression?: string; return_data: boolean }[];
      expect(queries.filter((query) => query.return_data)).toEqual([expect.objectContaining({ id: 'result', expression: expect.any(String) })]);
      // Every metric the expression names is a query of the alarm.
      const ids = queries.map((query) => query.id);
      for (const used of queries[0].expression?.match(/[a-z][A-Za-z]*(?=[^(A-Za-z]|$)/g) ?? []) {
        expect(ids).toContain(used);
      }
      expect(alarm).not.toHaveProperty('metric_name');
      expect(alarm).not.toHaveProperty('statistic');
    }
  });

  it('p99 latency uses extended_statistic only (the provider refuses statistic and extended_statistic together)', () => {
    const alarm = alarmNamed(prod, 'three-tier-prod-frontend-p99-latency');
    expect(alarm).toMatchObject({ metric_name: 'TargetResponseTime', namespace: 'AWS/ApplicationELB', extended_statistic: 'p99', evaluate_low_sample_count_percentiles: 'ignore', threshold: 2 });
    expect(alarm).not.toHaveProperty('statistic');
    for (const other of alarmsOf(prod).filter((candidate) => candidate.extended_statistic === undefined && candidate.metric_query === undefined)) {
      expect(other.statistic).toMatch(/^(Sum|Average|Minimum|Maximum)$/);
    }
  });

  it('every alarm tells the alert topic when it fires and when it recovers, and missing data (a stopped dev stack) never alarms', () => {
    const topic = ref('aws_sns_topic', Object.keys(resourcesOf(prod, 'aws_sns_topic'))[0], 'arn');
    for (const alarm of [...alarmsOf(prod)]) {
      expect(alarm).toMatchObject({ alarm_actions: [topic], ok_actions: [topic], treat_missing_data: 'notBreaching' });
      expect(String(alarm.alarm_description)).toMatch(/First: /);
    }
  });

  it('takes its thresholds from alerts.thresholds, in the units CloudWatch reports (bytes for storage and memory)', () => {
    const tuned = synthEnvironment('prod', {
      TT_PROD__alerts__thresholds__databaseCpuPercent: '65',
      TT_PROD__alerts__thresholds__databaseFreeStorageGb: '10',
      TT_PROD__alerts__thresholds__databaseFreeableMemoryMb: '256',
      TT_PROD__alerts__thresholds__databaseConnections: '120',
      TT_PROD__alerts__thresholds__unhealthyHostMinutes: '3',
      TT_PROD__alerts__thresholds__targetResponseTimeP99Seconds: '0.8',
      TT_PROD__alerts__thresholds__wafBlockedRequestsPer5Minutes: '250',
    });
    expect(alarmNamed(tuned, 'three-tier-prod-db-cpu')).toMatchObject({ threshold: 65, comparison_operator: 'GreaterThanThreshold', period: 300, evaluation_periods: 3 });
    expect(alarmNamed(tuned, 'three-tier-prod-db-free-storage')).toMatchObject({ threshold: 10 * 1024 ** 3, comparison_operator: 'LessThanThreshold', statistic: 'Minimum' });
    expect(alarmNamed(tuned, 'three-tier-prod-db-freeable-memory')).toMatchObject({ threshold: 256 * 1024 ** 2, comparison_operator: 'LessThanThreshold' });
    expect(alarmNamed(tuned, 'three-tier-prod-db-connections')).toMatchObject({ threshold: 120 });
    expect(alarmNamed(tuned, 'three-tier-prod-backend-unhealthy-hosts')).toMatchObject({ threshold: 0, period: 60, evaluation_periods: 3, datapoints_to_alarm: 3, statistic: 'Maximum' });
    expect(alarmNamed(tuned, 'three-tier-prod-backend-p99-latency')).toMatchObject({ threshold: 0.8 });
    expect(alarmNamed(tuned, 'three-tier-prod-waf-blocked')).toMatchObject({ threshold: 250, metric_name: 'BlockedRequests' });
    // Unset, the connection threshold is 70 % of db.t4g.medium's estimated max_connections (4 GiB / 12582880 bytes = 341).
    expect(alarmNamed(prod, 'three-tier-prod-db-connections')).toMatchObject({ threshold: 238 });
  });

  it('in WAF count mode the alarm watches what the rules count, as nothing is blocked', () => {
    expect(alarmNamed(synthEnvironment('prod', { TT_PROD__waf__mode: 'count' }), 'three-tier-prod-waf-blocked')).toMatchObject({ metric_name: 'CountedRequests', namespace: 'AWS/WAFV2' });
  });

  it('the office-hours alarm counts dropped and dead-lettered invocations of its own schedule group only', () => {
    const alarm = alarmNamed(dev, 'three-tier-dev-office-hours-failed');
    const queries = alarm.metric_query as { metric?: { metric_name: string; dimensions: Record<string, string> } }[];
    expect(queries.flatMap((query) => (query.metric === undefined ? [] : [query.metric.metric_name])).sort()).toEqual([
      'InvocationDroppedCount',
      'InvocationsFailedToBeSentToDeadLetterCount',
      'InvocationsSentToDeadLetterCount',
    ]);
    const group = Object.keys(resourcesOf(dev, 'aws_scheduler_schedule_group'))[0];
    for (const schedule of Object.values(resourcesOf(dev, 'aws_scheduler_schedule'))) {
      expect(nameOfRef(schedule.group_name)).toBe(group);
    }
    expect(alarm).toMatchObject({ comparison_operator: 'GreaterThanOrEqualToThreshold', threshold: 1 });
  });

  it('refuses thresholds that are not positive numbers, naming the threshold', () => {
    const stack = new EnvironmentStack(Testing.app(), 'prod', configFor('prod'));
    const thresholds: AlarmThresholds = {
      loadBalancer5xxPer5Minutes: 10,
      target5xxPer5Minutes: 10,
      unhealthyHostMinutes: 5,
      targetResponseTimeP99Seconds: 2,
      databaseCpuPercent: 80,
      databaseFreeStorageGb: 5,
      databaseFreeableMemoryMb: 128,
      databaseConnections: 100,
      natPacketsDropPercent: 0.01,
      wafBlockedRequestsPer5Minutes: 100,
    };
    const props = { naming: new Naming('t', 'prod'), topicArn: 'arn:aws:sns:ap-northeast-2:123456789012:t', loadBalancers: [], tiers: [], database: stack.database.instance };
    expect(() => new EnvironmentAlarms(stack, 'a', { ...props, thresholds: { ...thresholds, databaseConnections: 0 } })).toThrow('EnvironmentAlarms threshold databaseConnections must be a positive number, got 0');
    expect(() => new EnvironmentAlarms(stack, 'b', { ...props, thresholds: { ...thresholds, databaseCpuPercent: 120 } })).toThrow('databaseCpuPercent and natPacketsDropPercent are percentages, at most 100');
  });
});
