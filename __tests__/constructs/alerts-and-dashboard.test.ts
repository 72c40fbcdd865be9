import { readFileSync } from 'node:fs';
import { Testing } from 'cdktf';
import { AlertTopic } from '../../src/constructs/alert-topic';
import { Naming } from '../../src/constructs/naming';
import { nameOfRef, ref, resourcesOf, synthEnvironment } from '../support/stacks';
import { DEV_ALERTS } from '../support/alarm-wiring';

const prod = synthEnvironment('prod', { TT_PROD__alerts__emails: '["ops@example.com","Oncall@Example.com"]' });
const only = <T>(values: T[]): T => {
  expect(values).toHaveLength(1);
  return values[0];
};

interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Principal: { readonly Service?: string | string[]; readonly AWS?: string };
  readonly Action: string | string[];
  readonly Resource: string;
  readonly Condition?: Record<string, Record<string, string>>;
}
const statementsOf = (policy: unknown): Statement[] => (JSON.parse(String(policy)) as { Statement: Statement[] }).Statement;
const services = (statement: Statement): string[] => [statement.Principal.Service ?? []].flat();
const actions = (statement: Statement): string[] => [statement.Action].flat();

describe('the alert topic', () => {
  const [topicName, topic] = only(Object.entries(resourcesOf(prod, 'aws_sns_topic')));
  const [keyName, key] = only(Object.entries(resourcesOf(prod, 'aws_kms_key')));

  it('is one SNS topic per environment, encrypted with the stack key', () => {
    expect(topic).toMatchObject({ name: 'three-tier-prod-alerts', kms_master_key_id: ref('aws_kms_key', keyName, 'arn') });
  });

  it('encrypted SNS topic trap: the key policy lets cloudwatch.amazonaws.com (and budgets.amazonaws.com) GenerateDataKey* and Decrypt, else alarms fire and no message is sent', () => {
    const grants = statementsOf(key.policy).filter((statement) => statement.Effect === 'Allow' && actions(statement).includes('kms:GenerateDataKey*') && actions(statement).includes('kms:Decrypt'));
    for (const service of ['cloudwatch.amazonaws.com', 'budgets.amazonaws.com']) {
      expect(grants.some((statement) => services(statement).includes(service))).toBe(true);
    }
    // Without alerts there is nobody to publish: dev's key (customerKey on, alerts off) grants no service but CloudWatch Logs.
    const devKey = only(Object.values(resourcesOf(synthEnvironment('dev', { TT__encryption__customerKey: 'true' }), 'aws_kms_key')));
    expect(statementsOf(devKey.policy).flatMap(services)).toEqual(['logs.ap-northeast-2.amazonaws.com']);
  });

  it('its policy lets CloudWatch alarms and Budgets of this account publish, and nothing else', () => {
    const policy = only(Object.values(resourcesOf(prod, 'aws_sns_topic_policy')));
    expect(policy.arn).toBe(ref('aws_sns_topic', topicName, 'arn'));
    const statements = statementsOf(policy.policy);
    expect(statements.map((statement) => [services(statement), actions(statement), statement.Resource])).toEqual([
      [['cloudwatch.amazonaws.com'], ['sns:Publish'], ref('aws_sns_topic', topicName, 'arn')],
      [['budgets.amazonaws.com'], ['sns:Publish'], ref('aws_sns_topic', topicName, 'arn')],
    ]);
    const vpc = Object.keys(resourcesOf(prod, 'aws_vpc'))[0];
    for (const statement of statements) {
      expect(statement.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': ref('aws_vpc', vpc, 'owner_id') } });
    }
    // The topic itself has no inline policy: the two would overwrite each other on every apply.
    expect(topic).not.toHaveProperty('policy');
  });

  it('e-mails every address in alerts.emails, one subscription each, named by address so reordering replaces none', () => {
    const subscriptions = resourcesOf(prod, 'aws_sns_topic_subscription');
    expect(Object.values(subscriptions).map((subscription) => [subscription.protocol, subscription.endpoint, nameOfRef(subscription.topic_arn)])).toEqual(
      expect.arrayContaining([
        ['email', 'ops@example.com', topicName],
        ['email', 'Oncall@Example.com', topicName],
      ]),
    );
    expect(Object.keys(subscriptions)).toHaveLength(2);
    const reordered = synthEnvironment('prod', { TT_PROD__alerts__emails: '["Oncall@Example.com","ops@example.com"]' });
    expect(Object.keys(resourcesOf(reordered, 'aws_sns_topic_subscription')).sort()).toEqual(Object.keys(subscriptions).sort());
    expect(() => new AlertTopic(Testing.app(), 't', { naming: new Naming('t', 'prod'), kmsKeyArn: 'arn:aws:kms:x', accountId: '1', emails: ['nobody'] })).toThrow('AlertTopic: "nobody" is not an e-mail address');
  });

  it('gets the budget notifications too, after its policy exists (Budgets checks it may publish)', () => {
    const withBudget = synthEnvironment('prod', { TT_PROD__budget__monthlyUsd: '500', TT_PROD__budget__email: 'billing@example.com' });
    const budget = only(Object.values(resourcesOf(withBudget, 'aws_budgets_budget')));
    const topicRef = ref('aws_sns_topic', only(Object.keys(resourcesOf(withBudget, 'aws_sns_topic'))), 'arn');
    expect(budget.notification).toEqual([
      expect.objectContaining({ subscriber_sns_topic_arns: [topicRef], subscriber_email_addresses: ['billing@example.com'] }),
      expect.objectContaining({ subscriber_sns_topic_arns: [topicRef] }),
    ]);
    expect(budget.depends_on).toEqual([`aws_sns_topic_policy.${only(Object.keys(resourcesOf(withBudget, 'aws_sns_topic_policy')))}`]);
  });

  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## When something breaks'), readme.indexOf('## Review before you deploy'));

  it('the README says each address must confirm its subscription', () => {
    expect(section.length).toBeGreaterThan(1000);
    expect(section).toContain('**each address must\nconfirm its subscription**');
  });

  it('the README says what every alarm means and what to do first (prod, and dev with a NAT instance and office hours)', () => {
    const documented = (name: string): string =>
      name
        .replace(/^three-tier-(prod|dev)-/, '')
        .replace(/^(frontend|backend|alb)-elb-5xx$/, '<alb>-elb-5xx')
        .replace(/^(frontend|backend)-/, '<tier>-')
        .replace(/^nat-ap-northeast-2[a-d]-/, 'nat-<az>-');
    const names = [prod, synthEnvironment('dev', DEV_ALERTS)].flatMap((synthesized) => Object.values(resourcesOf(synthesized, 'aws_cloudwatch_metric_alarm')).map((alarm) => documented(String(alarm.alarm_name))));
    expect(new Set(names).size).toBe(15);
    for (const name of new Set(names)) {
      expect(section).toMatch(new RegExp(`^\\| \`${name.replace(/[<>]/g, '.')}\``, 'm'));
    }
  });
});

interface Widget {
  readonly type: string;
  readonly properties: { readonly title?: string; readonly region?: string; readonly metrics?: unknown[][]; readonly alarms?: string[]; readonly markdown?: string };
}
const widgetsOf = (synthesized: string): Widget[] => {
  const dashboard = only(Object.values(resourcesOf(synthesized, 'aws_cloudwatch_dashboard')));
  return (JSON.parse(String(dashboard.dashboard_body)) as { widgets: Widget[] }).widgets;
};

describe('the dashboard', () => {
  it('every metric widget names its region and at least one metric (CloudWatch refuses the body otherwise)', () => {
    for (const synthesized of [prod, synthEnvironment('dev'), synthEnvironment('dev', DEV_ALERTS)]) {
      const metricWidgets = widgetsOf(synthesized).filter((widget) => widget.type === 'metric');
      expect(metricWidgets.length).toBeGreaterThan(8);
      for (const widget of metricWidgets) {
        expect(widget.properties.region).toBe('ap-northeast-2');
        expect(widget.properties.metrics?.length).toBeGreaterThan(0);
        for (const line of widget.properties.metrics ?? []) {
          // [namespace, metric, dimension, value, ..., options]: pairs between the name and the options.
          expect(line.length % 2).toBe(1);
          expect(String(line[0])).toMatch(/^AWS\//);
        }
      }
    }
  });

  it('shows the golden signals of each tier: traffic, errors and latency at the ALBs; hosts and saturation of the tiers; the database; NAT; WAF', () => {
    const titles = widgetsOf(prod).map((widget) => widget.properties.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        'frontend ALB: traffic (requests)',
        'frontend ALB: errors (5xx)',
        'frontend ALB: latency (s)',
        'backend ALB: latency (s)',
        'frontend: hosts',
        'backend: saturation (CPU %)',
        'database: latency (s)',
        'database: traffic',
        'database: CPU (%)',
        'database: free storage and memory (bytes)',
        'NAT gateway ap-northeast-2a: errors',
        'NAT gateway ap-northeast-2c: traffic',
        'WAF: requests by verdict',
      ]),
    );
    expect(widgetsOf(synthEnvironment('dev')).map((widget) => widget.properties.title)).toEqual(expect.arrayContaining(['alb ALB: traffic (requests)', 'NAT instance ap-northeast-2a']));
  });

  it('names the right resources: latency by each tier target group behind its own ALB, the database by identifier', () => {
    const metrics = widgetsOf(prod).flatMap((widget) => widget.properties.metrics ?? []);
    const lb = (role: string) => ref('aws_lb', Object.entries(resourcesOf(prod, 'aws_lb')).find(([, resource]) => resource.name === `three-tier-prod-${role}`)?.[0] ?? '', 'arn_suffix');
    const tg = (role: string) =>
      ref('aws_lb_target_group', Object.entries(resourcesOf(prod, 'aws_lb_target_group')).find(([, resource]) => JSON.stringify(resource.tags).includes(`three-tier-prod-${role}`))?.[0] ?? '', 'arn_suffix');
    for (const role of ['frontend', 'backend']) {
      expect(metrics).toContainEqual(['AWS/ApplicationELB', 'TargetResponseTime', 'LoadBalancer', lb(role), 'TargetGroup', tg(role), { label: `${role} p99`, stat: 'p99' }]);
    }
    const database = Object.keys(resourcesOf(prod, 'aws_db_instance'))[0];
    expect(metrics).toContainEqual(['AWS/RDS', 'CPUUtilization', 'DBInstanceIdentifier', ref('aws_db_instance', database, 'identifier'), { label: 'CPU', stat: 'Average' }]);
  });

  it('lists every alarm in an alarm-status widget when there are alarms', () => {
    const alarmWidget = widgetsOf(prod).find((widget) => widget.type === 'alarm');
    expect(alarmWidget?.properties.alarms?.sort()).toEqual(
      Object.keys(resourcesOf(prod, 'aws_cloudwatch_metric_alarm'))
        .map((name) => ref('aws_cloudwatch_metric_alarm', name, 'arn'))
        .sort(),
    );
    expect(widgetsOf(synthEnvironment('dev')).some((widget) => widget.type === 'alarm')).toBe(false);
  });

  it('is one per environment, named after it, and alerts.dashboard false removes it', () => {
    expect(Object.values(resourcesOf(prod, 'aws_cloudwatch_dashboard')).map((dashboard) => dashboard.dashboard_name)).toEqual(['three-tier-prod']);
    expect(resourcesOf(synthEnvironment('dev', { TT__alerts__dashboard: 'false' }), 'aws_cloudwatch_dashboard')).toEqual({});
  });
});
