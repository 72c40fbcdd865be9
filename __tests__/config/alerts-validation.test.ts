import { databaseConnectionsThreshold, estimatedMaxConnections } from '../../src/config/rds-classes';
import { configFor, type Overrides } from '../support/stacks';
import { configErrorOf } from './helpers';

const problemsOf = (environment: string, overrides: Overrides): string => configErrorOf(() => configFor(environment, overrides));

describe('alerts, waf and budget settings that cannot work are refused, naming the field', () => {
  it.each<[string, string, Overrides, string]>([
    ['an address that is not one', 'prod', { TT_PROD__alerts__emails: '["ops"]' }, 'alerts.emails.0: must be an e-mail address (given: "ops")'],
    ['an address listed twice (in any case)', 'prod', { TT_PROD__alerts__emails: '["ops@example.com","OPS@example.com"]' }, 'alerts.emails.1: "OPS@example.com" is listed twice; each address is subscribed once'],
    [
      'alerts without the customer key (the topic would be under alias/aws/sns, which CloudWatch cannot use)',
      'dev',
      { TT__alerts__enabled: 'true' },
      "alerts.enabled: needs encryption.customerKey: true: the alert topic is encrypted with the stack's KMS key, and CloudWatch cannot publish to a topic under the AWS managed key alias/aws/sns (the alarms would fire and nobody would be told)",
    ],
    [
      'a free-storage threshold at or above the allocated storage',
      'prod',
      { TT_PROD__alerts__thresholds__databaseFreeStorageGb: '50' },
      'alerts.thresholds.databaseFreeStorageGb: 50 is not below database.allocatedStorageGb 50: the free-storage alarm would fire from the start',
    ],
    [
      'a database class whose connection limit is unknown, without a connections threshold',
      'prod',
      { TT_PROD__database__instanceClass: 'db.x2g.large' },
      "alerts.thresholds.databaseConnections: is required for db.x2g.large: its memory, and so MySQL's default max_connections, is not in src/config/rds-classes.ts; set the connection count the alarm fires at",
    ],
    ['no minutes of unhealthy hosts', 'prod', { TT_PROD__alerts__thresholds__unhealthyHostMinutes: '0' }, 'alerts.thresholds.unhealthyHostMinutes: must be whole minutes from 1 to 60'],
    ['more than an hour of unhealthy hosts', 'prod', { TT_PROD__alerts__thresholds__unhealthyHostMinutes: '61' }, 'alerts.thresholds.unhealthyHostMinutes: must be whole minutes from 1 to 60 (given: 61)'],
    ['a negative latency', 'prod', { TT_PROD__alerts__thresholds__targetResponseTimeP99Seconds: '-1' }, 'alerts.thresholds.targetResponseTimeP99Seconds: must be a positive number of seconds (given: -1)'],
    ['a CPU over 100 %', 'prod', { TT_PROD__alerts__thresholds__databaseCpuPercent: '150' }, 'alerts.thresholds.databaseCpuPercent: must be a percentage from 1 to 100 (given: 150)'],
    ['a zero drop percentage', 'prod', { TT_PROD__alerts__thresholds__natPacketsDropPercent: '0' }, 'alerts.thresholds.natPacketsDropPercent: must be a positive percentage, at most 100'],
    ['a fractional request count', 'prod', { TT_PROD__alerts__thresholds__wafBlockedRequestsPer5Minutes: '1.5' }, 'alerts.thresholds.wafBlockedRequestsPer5Minutes: must be a whole number, at least 1 (given: 1.5)'],
    ['a zero 5xx count', 'prod', { TT_PROD__alerts__thresholds__loadBalancer5xxPer5Minutes: '0' }, 'alerts.thresholds.loadBalancer5xxPer5Minutes: must be a whole number, at least 1 (given: 0)'],
    ['zero connections', 'prod', { TT_PROD__alerts__thresholds__databaseConnections: '0' }, 'alerts.thresholds.databaseConnections: must be a whole number, at least 1 (given: 0)'],
    [
      'an unknown threshold',
      'prod',
      { TT_PROD__alerts__thresholds__databaseCpu: '50' },
      'alerts.thresholds.databaseCpu: unknown field; allowed here: loadBalancer5xxPer5Minutes, target5xxPer5Minutes, unhealthyHostMinutes',
    ],
    ['alerts switched on with a word', 'prod', { TT_PROD__alerts__enabled: '"yes"' }, 'alerts.enabled: Invalid input: expected boolean, received string (given: "yes")'],
    ['a WAF mode that does not exist', 'prod', { TT_PROD__waf__mode: 'detect' }, 'waf.mode: "detect" is not a WAF mode; allowed: block, count'],
    [
      'a misspelt common rule',
      'prod',
      { TT_PROD__waf__commonRuleOverrides__SizeRestriction_BODY: 'count' },
      'waf.commonRuleOverrides.SizeRestriction_BODY: "SizeRestriction_BODY" is not a rule of AWSManagedRulesCommonRuleSet; did you mean "SizeRestrictions_BODY"? Its rules: NoUserAgent_HEADER',
    ],
    [
      'a rule action other than count or block',
      'prod',
      { TT_PROD__waf__commonRuleOverrides__SizeRestrictions_BODY: 'allow' },
      'waf.commonRuleOverrides.SizeRestrictions_BODY: "allow" is not a rule action here; allowed: count, block',
    ],
    ['a budget scope that does not exist', 'dev', { TT__budget__scope: 'region' }, 'budget.scope: "region" is not a budget scope; allowed: tag, account'],
    [
      'a log retention CloudWatch does not offer',
      'dev',
      { TT__database__logRetentionDays: '13' },
      'database.logRetentionDays: 13 is not a CloudWatch Logs retention; allowed: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ... 3653',
    ],
  ])('%s', (_name, environment, overrides, message) => {
    expect(problemsOf(environment, overrides)).toContain(message);
  });

  it('accepts alerts in dev with the customer key, and a connections threshold for a class it cannot size', () => {
    expect(configFor('dev', { TT__alerts__enabled: 'true', TT__encryption__customerKey: 'true' }).alerts.enabled).toBe(true);
    expect(configFor('prod', { TT_PROD__database__instanceClass: 'db.x2g.large', TT_PROD__alerts__thresholds__databaseConnections: '500' }).alerts.thresholds.databaseConnections).toBe(500);
  });
});

describe("the connections alarm's default threshold", () => {
  it('is 70 % of the default max_connections estimated from the class memory ({DBInstanceClassMemory/12582880})', () => {
    expect(estimatedMaxConnections('db.t4g.micro')).toBe(85);
    expect(databaseConnectionsThreshold('db.t4g.micro')).toBe(59);
    expect(databaseConnectionsThreshold('db.t4g.medium')).toBe(238);
    expect(estimatedMaxConnections('db.m7g.large')).toBe(682);
    expect(estimatedMaxConnections('db.r6g.xlarge')).toBe(2730);
    expect(estimatedMaxConnections('db.x2g.large')).toBeUndefined();
    expect(estimatedMaxConnections('db.t2.micro')).toBeUndefined();
    expect(databaseConnectionsThreshold('db.x2g.large', 40)).toBe(40);
  });
});
