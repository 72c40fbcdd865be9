import { alarmCoverageOf } from '../../src/review/alarms';
import { modelFromJson } from '../../src/review/load';
import { productionOf } from '../../src/review/production';
import { review } from '../../src/review/review';
import { runRules } from '../../src/review/rules';
import type { Finding } from '../../src/review/rules/types';
import { topologyOf } from '../../src/review/topology';
import { environmentWithMetadata } from '../support/stacks';
import { alarm, monitored, productionAlarms } from './fixtures/monitored';
import { patch, ref, remove, threeTier, type Json, type Stack } from './fixtures/stack';

function findings(stack: unknown, id: string): readonly Finding[] {
  return runRules(modelFromJson(stack, 'fixture')).filter((finding) => finding.id === id);
}

const clean = monitored(threeTier('prod'));

/** The fixture with one alarm replaced. */
function withAlarm(name: string, replacement: Json): Stack {
  return patch(remove(clean, 'aws_cloudwatch_metric_alarm', name), 'aws_cloudwatch_metric_alarm', name, replacement);
}

/** A second load balancer, target group, database and Auto Scaling group, so that an alarm can name the wrong one. */
function withNeighbours(stack: Stack): Stack {
  let copy = patch(stack, 'aws_lb', 'other', { ...stack.resource.aws_lb.web, name: 'tt-prod-other' });
  copy = patch(copy, 'aws_lb_target_group', 'other', { port: 9090, protocol: 'HTTP', vpc_id: ref('aws_vpc', 'main') });
  copy = patch(copy, 'aws_lb_listener', 'other', {
    load_balancer_arn: ref('aws_lb', 'other', 'arn'),
    port: 443,
    protocol: 'HTTPS',
    ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    default_action: [{ type: 'forward', target_group_arn: ref('aws_lb_target_group', 'other', 'arn') }],
  });
  copy = patch(copy, 'aws_db_instance', 'other', { ...stack.resource.aws_db_instance.db, identifier: 'tt-prod-other' });
  return patch(copy, 'aws_autoscaling_group', 'other', { ...stack.resource.aws_autoscaling_group.app, name: 'tt-prod-other', target_group_arns: [ref('aws_lb_target_group', 'other', 'arn')] });
}

describe('TT-MON-001: production resources without their alarms', () => {
  it('is clean on a production stack with every alarm, each naming its resource by the right attribute', () => {
    expect(findings(clean, 'TT-MON-001')).toEqual([]);
    const model = modelFromJson(clean, 'fixture');
    const coverage = alarmCoverageOf(model, topologyOf(model));
    expect(coverage.map((entry) => [entry.address, entry.missing.length, entry.unknown.length])).toEqual(coverage.map((entry) => [entry.address, 0, 0]));
    expect(coverage.find((entry) => entry.address === 'aws_lb_target_group.app')?.present).toEqual([{ name: 'unhealthy targets (UnHealthyHostCount)', alarms: ['aws_cloudwatch_metric_alarm.unhealthy'] }]);
  });

  const expected: readonly (readonly [alarm: string, address: string, name: string])[] = [
    ['elb_5xx', 'aws_lb.web', 'ELB 5xx (HTTPCode_ELB_5XX_Count)'],
    ['target_5xx', 'aws_lb.web', 'target 5xx (HTTPCode_Target_5XX_Count)'],
    ['response_time', 'aws_lb.web', 'response time (TargetResponseTime)'],
    ['unhealthy', 'aws_lb_target_group.app', 'unhealthy targets (UnHealthyHostCount)'],
    ['db_cpu', 'aws_db_instance.db', 'CPUUtilization'],
    ['db_storage', 'aws_db_instance.db', 'FreeStorageSpace'],
    ['db_memory', 'aws_db_instance.db', 'FreeableMemory'],
    ['db_connections', 'aws_db_instance.db', 'DatabaseConnections'],
    ['nat_a_ports', 'aws_nat_gateway.nat_a', 'port allocation errors (ErrorPortAllocation)'],
    ['nat_c_drops', 'aws_nat_gateway.nat_c', 'dropped packets (PacketsDropCount)'],
    ['app_in_service', 'aws_autoscaling_group.app', 'instances in service (GroupInServiceInstances)'],
  ];

  it('covers every alarm of the fixture with a case below', () => {
    const covered = new Set(expected.map(([name]) => name));
    expect(Object.keys(productionAlarms()).filter((name) => !covered.has(name) && !/^nat_[ac]_(ports|drops)$/.test(name))).toEqual([]);
  });

  it.each(expected)('without alarm %s: %s lacks %s', (name, address, what) => {
    const found = findings(remove(clean, 'aws_cloudwatch_metric_alarm', name), 'TT-MON-001');
    expect(found).toEqual([expect.objectContaining({ address, severity: 'warning' })]);
    expect(found[0].message).toContain(`has no alarm on ${what}`);
  });

  it.each([
    ['target group', 'unhealthy', { LoadBalancer: ref('aws_lb', 'web', 'arn_suffix'), TargetGroup: ref('aws_lb_target_group', 'other', 'arn_suffix') }, 'aws_lb_target_group.app'],
    ['load balancer', 'elb_5xx', { LoadBalancer: ref('aws_lb', 'other', 'arn_suffix') }, 'aws_lb.web'],
    ['database', 'db_memory', { DBInstanceIdentifier: ref('aws_db_instance', 'other', 'identifier') }, 'aws_db_instance.db'],
    ['Auto Scaling group', 'app_in_service', { AutoScalingGroupName: ref('aws_autoscaling_group', 'other', 'name') }, 'aws_autoscaling_group.app'],
  ] as const)('flags an alarm whose dimension names the wrong %s', (_what, name, dimensions, address) => {
    const original = productionAlarms()[name];
    const stack = withNeighbours(withAlarm(name, { ...original, dimensions }));
    expect(findings(stack, 'TT-MON-001').filter((finding) => finding.address === address)).toEqual([expect.objectContaining({ severity: 'warning' })]);
    // The same alarm with the right dimension covers it again.
    expect(findings(withNeighbours(clean), 'TT-MON-001').filter((finding) => finding.address === address)).toEqual([]);
  });

  it('says why an alarm on the database by id watches no data: id is the DbiResourceId since AWS provider 5.0', () => {
    const stack = withAlarm('db_cpu', alarm('AWS/RDS', 'CPUUtilization', { DBInstanceIdentifier: ref('aws_db_instance', 'db', 'id') }));
    expect(findings(stack, 'TT-MON-001')).toEqual([
      expect.objectContaining({
        address: 'aws_db_instance.db',
        message:
          'tt-prod-mysql (RDS) has no alarm on CPUUtilization (has: FreeStorageSpace, FreeableMemory, DatabaseConnections); aws_cloudwatch_metric_alarm.db_cpu watches no data (DBInstanceIdentifier: it names the database by id, which is the DbiResourceId (db-...) since AWS provider 5.0; DBInstanceIdentifier takes identifier)',
      }),
    ]);
  });

  it('says why an alarm on the load balancer by ARN watches no data', () => {
    const stack = withAlarm('elb_5xx', alarm('AWS/ApplicationELB', 'HTTPCode_ELB_5XX_Count', { LoadBalancer: ref('aws_lb', 'web', 'arn') }));
    expect(findings(stack, 'TT-MON-001')[0].message).toContain('LoadBalancer: it names the load balancer by its ARN; the LoadBalancer dimension takes arn_suffix (app/<name>/<id>)');
  });

  it('says why UnHealthyHostCount by target group alone watches no data: CloudWatch publishes it per target group and load balancer', () => {
    const stack = withAlarm('unhealthy', alarm('AWS/ApplicationELB', 'UnHealthyHostCount', { TargetGroup: ref('aws_lb_target_group', 'app', 'arn_suffix') }));
    expect(findings(stack, 'TT-MON-001')).toEqual([
      expect.objectContaining({
        address: 'aws_lb_target_group.app',
        message:
          'app (target group of tt-prod-web) has no alarm on unhealthy targets (UnHealthyHostCount); aws_cloudwatch_metric_alarm.unhealthy has dimensions {TargetGroup}, but CloudWatch publishes UnHealthyHostCount with {LoadBalancer, TargetGroup}: it watches no data',
      }),
    ]);
  });

  it('says why an in-service alarm watches no data when the group does not publish its metrics', () => {
    const stack = patch(clean, 'aws_autoscaling_group', 'app', { enabled_metrics: undefined });
    expect(findings(stack, 'TT-MON-001')[0].message).toContain('tt-prod-app does not publish GroupInServiceInstances: its enabled_metrics lacks it, and Auto Scaling sends group metrics only when asked');
  });

  it('recognises an alarm on a metric-math expression by the metrics it reads', () => {
    const math = {
      alarm_name: 'tt-prod-5xx-rate',
      comparison_operator: 'GreaterThanThreshold',
      evaluation_periods: 3,
      threshold: 5,
      alarm_actions: [ref('aws_sns_topic', 'alerts', 'arn')],
      metric_query: [
        { id: 'rate', expression: '100 * errors / requests', return_data: true },
        { id: 'errors', metric: { namespace: 'AWS/ApplicationELB', metric_name: 'HTTPCode_ELB_5XX_Count', period: 60, stat: 'Sum', dimensions: { LoadBalancer: ref('aws_lb', 'web', 'arn_suffix') } } },
        { id: 'requests', metric: { namespace: 'AWS/ApplicationELB', metric_name: 'RequestCount', period: 60, stat: 'Sum', dimensions: { LoadBalancer: ref('aws_lb', 'web', 'arn_suffix') } } },
      ],
    };
    expect(findings(withAlarm('elb_5xx', math), 'TT-MON-001')).toEqual([]);
  });

  it('matches literal dimension values against the values a plan knows, and calls a literal it cannot tie unknown, not missing', () => {
    expect(findings(withAlarm('db_cpu', alarm('AWS/RDS', 'CPUUtilization', { DBInstanceIdentifier: 'tt-prod-mysql' })), 'TT-MON-001')).toEqual([]);
    const literal = findings(withAlarm('elb_5xx', alarm('AWS/ApplicationELB', 'HTTPCode_ELB_5XX_Count', { LoadBalancer: 'app/tt-prod-web/0123456789abcdef' })), 'TT-MON-001');
    expect(literal).toEqual([expect.objectContaining({ address: 'aws_lb.web', severity: 'info', message: expect.stringMatching(/^unknown whether tt-prod-web \(load balancer\) has an alarm on ELB 5xx/) })]);
  });

  it('runs only on stacks known to be production: not dev, not a stack that does not say', () => {
    const bare = threeTier('prod');
    expect(findings(bare, 'TT-MON-001').length).toBeGreaterThan(0);
    expect(findings(threeTier('dev'), 'TT-MON-001')).toEqual([]);
    expect(findings({ ...bare, provider: { aws: [{ region: 'ap-northeast-2' }] } }, 'TT-MON-001')).toEqual([]);
  });

  it("reads production from the resources' own Environment tags when the provider has no default tags", () => {
    const tagged: Stack = structuredClone({ ...threeTier('prod'), provider: { aws: [{ region: 'ap-northeast-2' }] } });
    for (const byName of Object.values(tagged.resource)) {
      for (const resource of Object.values(byName)) {
        resource.tags = { ...(typeof resource.tags === 'object' && resource.tags !== null ? resource.tags : {}), Environment: 'production' };
      }
    }
    expect(productionOf(modelFromJson(tagged, 'fixture'))).toEqual({ production: true, basis: expect.stringMatching(/^Environment tag = production on \d+ resource\(s\)$/) });
    expect(findings(tagged, 'TT-MON-001').length).toBeGreaterThan(0);
  });
});

describe('TT-MON-002: alarms that notify nobody', () => {
  it('flags an alarm without alarm actions, and one with its actions disabled', () => {
    expect(findings(patch(clean, 'aws_cloudwatch_metric_alarm', 'db_cpu', { alarm_actions: undefined }), 'TT-MON-002')).toEqual([
      expect.objectContaining({ address: 'aws_cloudwatch_metric_alarm.db_cpu', severity: 'warning', message: 'tt-prod-CPUUtilization has no alarm action: it goes off in the console and tells nobody' }),
    ]);
    expect(findings(patch(clean, 'aws_cloudwatch_metric_alarm', 'db_cpu', { actions_enabled: false }), 'TT-MON-002')[0].message).toBe(
      'tt-prod-CPUUtilization has its actions disabled (actions_enabled = false): it goes off and tells nobody',
    );
  });

  it('accepts a child alarm feeding a composite alarm that notifies, and an action list the input does not resolve', () => {
    const child = patch(clean, 'aws_cloudwatch_metric_alarm', 'db_cpu', { alarm_actions: [] });
    const composite = patch(child, 'aws_cloudwatch_composite_alarm', 'db', {
      alarm_name: 'tt-prod-db',
      alarm_rule: 'ALARM(${aws_cloudwatch_metric_alarm.db_cpu.alarm_name})',
      alarm_actions: [ref('aws_sns_topic', 'alerts', 'arn')],
    });
    expect(findings(composite, 'TT-MON-002')).toEqual([]);
    expect(findings(patch(clean, 'aws_cloudwatch_metric_alarm', 'db_cpu', { alarm_actions: '${var.alarm_topics}' }), 'TT-MON-002')).toEqual([]);
  });

  it('is information only outside production', () => {
    const dev = patch(threeTier('dev'), 'aws_cloudwatch_metric_alarm', 'cpu', alarm('AWS/RDS', 'CPUUtilization', { DBInstanceIdentifier: ref('aws_db_instance', 'db', 'identifier') }, { alarm_actions: [] }));
    expect(findings(dev, 'TT-MON-002')).toEqual([expect.objectContaining({ severity: 'info' })]);
  });
});

describe('the shipped prod stack', () => {
  it('has every alarm TT-MON-001 asks for, on each monitored resource, each notifying someone', () => {
    const result = review(modelFromJson(JSON.parse(environmentWithMetadata('prod')), 'prod'));
    expect(result.findings.filter((finding) => finding.id === 'TT-MON-001' || finding.id === 'TT-MON-002')).toEqual([]);
    const monitored = (result.alarms ?? []).map((entry) => entry.address.replace(/_[0-9A-F]{8}$/, ''));
    expect(monitored.sort()).toEqual(
      [
        'aws_autoscaling_group.backend-tier_asg',
        'aws_autoscaling_group.frontend-tier_asg',
        'aws_db_instance.database_instance',
        'aws_lb.backend-load-balancer_alb',
        'aws_lb.frontend-load-balancer_alb',
        'aws_lb_target_group.backend-tier_target-group',
        'aws_lb_target_group.frontend-tier_target-group',
        'aws_nat_gateway.network_nat-gateway-ap-northeast-2a',
        'aws_nat_gateway.network_nat-gateway-ap-northeast-2c',
        'aws_wafv2_web_acl.web-acl',
      ].sort(),
    );
    expect(result.alarms?.every((entry) => entry.present.length > 0)).toBe(true);
  });
});
