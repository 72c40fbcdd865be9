import { Testing } from 'cdktf';
import { LogEncryptionKey } from '../../src/constructs/log-encryption-key';
import { Naming } from '../../src/constructs/naming';
import { WebAcl } from '../../src/constructs/web-acl';
import { modelFromJson } from '../../src/review/load';
import { review } from '../../src/review/review';
import { environmentWithMetadata, resourcesOf, synthEnvironment } from '../support/stacks';
import { reviewEnvironment } from './support/review-stack';

import { obj, objects, parseObject } from './support/json';

const prod = synthEnvironment('prod');
const dev = synthEnvironment('dev');

/** The review of a stack's JSON after an edit, as someone else's changed stack would arrive. */
function reviewEdited(environment: string, edit: (resources: (type: string) => Record<string, unknown>) => void) {
  const stack = parseObject(environmentWithMetadata(environment));
  const resources = obj(stack.resource, 'resource');
  edit((type) => obj(resources[type] ?? (resources[type] = {}), type));
  return review(modelFromJson(stack, `${environment} (edited)`));
}

describe('AWS WAF on the internet-facing ALBs', () => {
  it('in prod: managed common, known-bad-input, IP-reputation and anonymous-IP groups, then a per-IP rate rule, on both ALBs', () => {
    const [aclName, acl] = Object.entries(resourcesOf(prod, 'aws_wafv2_web_acl'))[0];
    const rules = objects(acl.rule, 'rule');
    expect(rules.map((rule) => [rule.priority, rule.name])).toEqual([
      [10, 'AWSManagedRulesCommonRuleSet'],
      [20, 'AWSManagedRulesKnownBadInputsRuleSet'],
      [30, 'AWSManagedRulesAmazonIpReputationList'],
      // Checkov's CKV2_AWS_76 wants it beside the known-bad-inputs group.
      [40, 'AWSManagedRulesAnonymousIpList'],
      [50, 'rate-limit-per-ip'],
    ]);
    expect(rules[4]).toMatchObject({ action: { block: {} }, statement: { rate_based_statement: { limit: 2000, aggregate_key_type: 'IP' } } });
    expect(acl).toMatchObject({ scope: 'REGIONAL', default_action: { allow: {} } });
    const albs = Object.keys(resourcesOf(prod, 'aws_lb')).map((name) => `\${aws_lb.${name}.arn}`);
    const associations = Object.values(resourcesOf(prod, 'aws_wafv2_web_acl_association'));
    expect(associations.map((association) => association.resource_arn).sort()).toEqual(albs.sort());
    expect(new Set(associations.map((association) => association.web_acl_arn))).toEqual(new Set([`\${aws_wafv2_web_acl.${aclName}.arn}`]));
  });

  it('logs to a CloudWatch log group whose name starts with aws-waf-logs- (WAF refuses any other)', () => {
    const [logging] = Object.values(resourcesOf(prod, 'aws_wafv2_web_acl_logging_configuration'));
    const [groupName] = Object.entries(resourcesOf(prod, 'aws_cloudwatch_log_group')).find(([, group]) => String(group.name).startsWith('aws-waf-logs-')) ?? [];
    expect(logging.log_destination_configs).toEqual([`\${aws_cloudwatch_log_group.${groupName}.arn}`]);
  });

  it('protects a shared ALB once, is off in dev, and is priced', () => {
    const shared = synthEnvironment('prod', { TT__loadBalancing__topology: 'shared' });
    expect(Object.keys(resourcesOf(shared, 'aws_wafv2_web_acl_association'))).toHaveLength(1);
    expect(Object.keys(resourcesOf(dev, 'aws_wafv2_web_acl'))).toHaveLength(0);
    const lines = reviewEnvironment('prod').cost.lines.filter((line) => line.priceKey.startsWith('waf:'));
    expect(lines.map((line) => [line.priceKey, line.quantity, line.monthly])).toEqual([
      ['waf:web-acl', 1, 5],
      ['waf:rule', 5, 5],
      ['waf:requests', 1, 0.6],
    ]);
  });

  it('refuses a rate limit WAF would reject and a web ACL with nothing to protect', () => {
    const naming = new Naming('t', 'prod');
    expect(() => new WebAcl(Testing.app(), 'a', { naming, loadBalancerArns: ['arn'], rateLimitPer5Minutes: 50 })).toThrow('WebAcl rateLimitPer5Minutes must be an integer from 100 to 2000000000, got 50');
    expect(() => new WebAcl(Testing.app(), 'b', { naming, loadBalancerArns: [] })).toThrow('WebAcl needs at least one load balancer to protect');
  });
});

describe('the gaps Checkov found, fixed', () => {
  it.each([
    ['dev', dev],
    ['prod', prod],
  ])('%s: flow logs, and no subnet hands out public IPs', (_name, stack) => {
    expect(Object.keys(resourcesOf(stack, 'aws_flow_log'))).toHaveLength(1);
    expect(Object.values(resourcesOf(stack, 'aws_subnet')).map((subnet) => subnet.map_public_ip_on_launch)).toEqual(Array(6).fill(false));
  });

  it('the bastion still gets an address: its Elastic IP', () => {
    const withBastion = synthEnvironment('dev', { TT__access__bastion__enabled: 'true' });
    const [bastion] = Object.keys(resourcesOf(withBastion, 'aws_instance'));
    expect(Object.values(resourcesOf(withBastion, 'aws_eip')).some((eip) => eip.instance === `\${aws_instance.${bastion}.id}`)).toBe(true);
  });

  it('the access-log bucket aborts incomplete multipart uploads bucket-wide', () => {
    const [lifecycle] = Object.values(resourcesOf(prod, 'aws_s3_bucket_lifecycle_configuration'));
    expect(lifecycle.rule).toContainEqual({ id: 'abort-incomplete-uploads', status: 'Enabled', filter: [{}], abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }] });
  });

  it('RDS has enhanced monitoring through its own role, and IAM authentication', () => {
    const [db] = Object.values(resourcesOf(prod, 'aws_db_instance'));
    expect(db).toMatchObject({ monitoring_interval: 60, iam_database_authentication_enabled: true });
    const roles = resourcesOf(prod, 'aws_iam_role');
    const roleName = /^\$\{aws_iam_role\.([^.]+)\.arn\}$/.exec(String(db.monitoring_role_arn))?.[1] ?? '';
    expect(objects(parseObject(String(roles[roleName].assume_role_policy)).Statement)[0].Principal).toEqual({ Service: 'monitoring.rds.amazonaws.com' });
    const attachment = Object.values(resourcesOf(prod, 'aws_iam_role_policy_attachment')).find((candidate) => candidate.role === `\${aws_iam_role.${roleName}.name}`);
    expect(attachment?.policy_arn).toBe('arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole');
  });

  it('prod: one customer key, usable by CloudWatch Logs of the region for this account only, on every log group and Performance Insights', () => {
    const [keyName, key] = Object.entries(resourcesOf(prod, 'aws_kms_key'))[0];
    expect(key.enable_key_rotation).toBe(true);
    const statements = objects(parseObject(String(key.policy)).Statement, 'Statement');
    const logs = statements.find((statement) => JSON.stringify(statement.Principal) === JSON.stringify({ Service: 'logs.ap-northeast-2.amazonaws.com' }));
    expect(logs?.Condition).toEqual({ ArnLike: { 'kms:EncryptionContext:aws:logs:arn': expect.stringMatching(/^arn:aws:logs:ap-northeast-2:\$\{aws_vpc\.[^.]+\.owner_id\}:\*$/) } });
    const arn = `\${aws_kms_key.${keyName}.arn}`;
    // Flow logs, both tiers' containers, WAF, and MySQL's error and slow query logs.
    expect(Object.values(resourcesOf(prod, 'aws_cloudwatch_log_group')).map((group) => group.kms_key_id)).toEqual(Array(6).fill(arn));
    expect(Object.values(resourcesOf(prod, 'aws_db_instance'))[0].performance_insights_kms_key_id).toBe(arn);
    expect(Object.keys(resourcesOf(dev, 'aws_kms_key'))).toHaveLength(0);
    expect(() => new LogEncryptionKey(Testing.app(), 'k', { naming: new Naming('t', 'prod'), region: 'ap-northeast-2', accountId: '1', deletionWindowDays: 3 })).toThrow(
      'LogEncryptionKey deletionWindowDays must be an integer from 7 to 30, got 3',
    );
  });
});

describe('review rules for what Checkov turned up', () => {
  const idsAt = (result: ReturnType<typeof review>, id: string) => result.findings.filter((finding) => finding.id === id).map((finding) => [finding.severity, finding.address.split('.')[0]]);

  it('the shipped stacks have no unsuppressed finding of them', () => {
    for (const environment of ['dev', 'prod']) {
      expect(reviewEnvironment(environment).findings.filter((finding) => ['TT-ALB-007', 'TT-VPC-003', 'TT-S3-005', 'TT-LOG-001', 'TT-VPC-002'].includes(finding.id))).toEqual([]);
    }
  });

  it('a production that turns WAF or the customer key off is not excused: the findings stay until someone suppresses them', () => {
    // Alerts need the customer key (their topic is encrypted with it): off too.
    const result = reviewEnvironment('prod', { TT__waf__enabled: 'false', TT__encryption__customerKey: 'false', TT__alerts__enabled: 'false' });
    expect(idsAt(result, 'TT-ALB-007')).toEqual([
      ['error', 'aws_lb'],
      ['error', 'aws_lb'],
    ]);
    expect(idsAt(result, 'TT-LOG-001')).toEqual(Array(5).fill(['warning', 'aws_cloudwatch_log_group']));
  });

  it('TT-ALB-007 (CKV2_AWS_28): an internet-facing ALB without a web ACL is an error in prod', () => {
    const result = reviewEdited('prod', (resources) => {
      for (const name of Object.keys(resources('aws_wafv2_web_acl_association'))) {
        delete resources('aws_wafv2_web_acl_association')[name];
      }
    });
    expect(idsAt(result, 'TT-ALB-007')).toEqual([
      ['error', 'aws_lb'],
      ['error', 'aws_lb'],
    ]);
  });

  it('TT-VPC-003 (CKV_AWS_130): a public subnet auto-assigning addresses nothing uses, but not one an instance relies on', () => {
    const publicSubnet = (resources: (type: string) => Record<string, unknown>): [string, Record<string, unknown>] => {
      const [name, subnet] = Object.entries(resources('aws_subnet')).find(([, candidate]) => obj(obj(candidate).tags).Tier === 'public') ?? ['', {}];
      return [name, obj(subnet)];
    };
    const unused = reviewEdited('prod', (resources) => {
      publicSubnet(resources)[1].map_public_ip_on_launch = true;
    });
    expect(idsAt(unused, 'TT-VPC-003')).toEqual([['warning', 'aws_subnet']]);
    const used = reviewEdited('prod', (resources) => {
      const [name, subnet] = publicSubnet(resources);
      subnet.map_public_ip_on_launch = true;
      resources('aws_instance').jump = { ami: 'ami-1', instance_type: 't3.micro', subnet_id: `\${aws_subnet.${name}.id}` };
    });
    expect(idsAt(used, 'TT-VPC-003')).toEqual([]);
  });

  it('TT-S3-005 (CKV_AWS_300): an abort rule limited by a filter does not count, as in Checkov', () => {
    const result = reviewEdited('prod', (resources) => {
      const [lifecycle] = Object.values(resources('aws_s3_bucket_lifecycle_configuration'));
      objects(obj(lifecycle).rule, 'rule')[1].filter = [{ prefix: 'AWSLogs/' }];
    });
    expect(idsAt(result, 'TT-S3-005')).toEqual([['warning', 'aws_s3_bucket_lifecycle_configuration']]);
  });

  it('TT-S3-005: the empty filter as a plan writes it out (prefix "", and [], tag [], sizes null) is the whole bucket', () => {
    const result = reviewEdited('prod', (resources) => {
      const [lifecycle] = Object.values(resources('aws_s3_bucket_lifecycle_configuration'));
      for (const rule of objects(obj(lifecycle).rule, 'rule')) {
        rule.filter = [{ and: [], object_size_greater_than: null, object_size_less_than: null, prefix: '', tag: [] }];
      }
    });
    expect(idsAt(result, 'TT-S3-005')).toEqual([]);
  });

  it("TT-LOG-001 (CKV_AWS_158): a prod log group on CloudWatch's own key", () => {
    const result = reviewEdited('prod', (resources) => {
      const [group] = Object.values(resources('aws_cloudwatch_log_group'));
      delete obj(group).kms_key_id;
    });
    expect(idsAt(result, 'TT-LOG-001')).toEqual([['warning', 'aws_cloudwatch_log_group']]);
  });
});
