import { modelFromJson } from '../../src/review/load';
import { RULES, runRules } from '../../src/review/rules';
import { encodedEnvironment, secretsIn, userDataText } from '../../src/review/rules/secrets';
import type { Finding, Severity } from '../../src/review/rules/types';
import { alarm, monitored } from './fixtures/monitored';
import { patch, ref, remove, threeTier, type Stack } from './fixtures/stack';

function findings(stack: unknown): readonly Finding[] {
  return runRules(modelFromJson(stack, 'fixture'));
}

/** A plan whose only change is `actions` on one resource. */
function planWith(address: string, type: string, actions: readonly string[]): unknown {
  return {
    format_version: '1.2',
    planned_values: { root_module: { resources: [] } },
    resource_changes: [{ address, mode: 'managed', type, name: address.split('.')[1], change: { actions } }],
  };
}

// A NAT gateway per zone and the production alarms: TT-AZ-001 and TT-MON-001 are clean too.
const prod = monitored(threeTier('prod'));
const dev = threeTier('dev');

describe('the clean fixture', () => {
  it.each([
    ['prod', prod],
    ['dev', dev],
  ])('%s: no rule fires', (_name, stack) => {
    expect(findings(stack)).toEqual([]);
  });

  it('passes the plan rule when a stateful resource is only updated', () => {
    expect(findings(planWith('aws_db_instance.db', 'aws_db_instance', ['update']))).toEqual([]);
  });
});

type Case = readonly [id: string, what: string, stack: unknown, address: string, severity: Severity];

const cases: readonly Case[] = [
  ['TT-PLAN-001', 'RDS replaced', planWith('aws_db_instance.db', 'aws_db_instance', ['delete', 'create']), 'aws_db_instance.db', 'error'],
  ['TT-PLAN-001', 'state bucket deleted', planWith('aws_s3_bucket.state', 'aws_s3_bucket', ['delete']), 'aws_s3_bucket.state', 'error'],
  ['TT-PLAN-001', 'zone replaced (create before destroy)', planWith('aws_route53_zone.main', 'aws_route53_zone', ['create', 'delete']), 'aws_route53_zone.main', 'error'],
  [
    'TT-SG-001',
    'app port open to the world',
    patch(prod, 'aws_vpc_security_group_ingress_rule', 'app_world', { security_group_id: ref('aws_security_group', 'app'), ip_protocol: 'tcp', from_port: 8080, to_port: 8080, cidr_ipv4: '0.0.0.0/0', description: 'x' }),
    'aws_vpc_security_group_ingress_rule.app_world',
    'error',
  ],
  [
    'TT-SG-001',
    'ALB open on a port other than 80/443',
    patch(prod, 'aws_vpc_security_group_ingress_rule', 'alb_8443', { security_group_id: ref('aws_security_group', 'alb'), ip_protocol: 'tcp', from_port: 8443, to_port: 8443, cidr_ipv6: '::/0', description: 'x' }),
    'aws_vpc_security_group_ingress_rule.alb_8443',
    'error',
  ],
  [
    'TT-SG-001',
    'inline rule of a legacy group open on all ports',
    patch(prod, 'aws_security_group', 'db', { ingress: [{ protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: ['0.0.0.0/0'], description: 'all' }] }),
    'aws_security_group.db',
    'error',
  ],
  ['TT-SG-002', 'SSH from 0.0.0.0/0', patch(prod, 'aws_vpc_security_group_ingress_rule', 'bastion_22', { cidr_ipv4: '0.0.0.0/0' }), 'aws_vpc_security_group_ingress_rule.bastion_22', 'error'],
  [
    'TT-SG-002',
    'SSH from ::/0 through aws_security_group_rule',
    patch(prod, 'aws_security_group_rule', 'ssh', { type: 'ingress', security_group_id: ref('aws_security_group', 'bastion'), protocol: 'tcp', from_port: 0, to_port: 1024, ipv6_cidr_blocks: ['::/0'], description: 'x' }),
    'aws_security_group_rule.ssh',
    'error',
  ],
  ['TT-SG-003', 'default group with a rule', patch(prod, 'aws_default_security_group', 'main', { ingress: [{ protocol: '-1', self: true, from_port: 0, to_port: 0 }] }), 'aws_default_security_group.main', 'error'],
  ['TT-SG-003', 'default group left unmanaged', remove(prod, 'aws_default_security_group'), 'aws_vpc.main', 'warning'],
  ['TT-SG-004', 'rule without description', patch(prod, 'aws_vpc_security_group_ingress_rule', 'app_8080', { description: undefined }), 'aws_vpc_security_group_ingress_rule.app_8080', 'warning'],
  ['TT-SG-004', 'group with the Terraform default description', patch(prod, 'aws_security_group', 'db', { description: 'Managed by Terraform' }), 'aws_security_group.db', 'warning'],
  ['TT-EC2-001', 'launch template allows IMDSv1', patch(prod, 'aws_launch_template', 'app', { metadata_options: { http_tokens: 'optional' } }), 'aws_launch_template.app', 'error'],
  ['TT-EC2-001', 'instance without metadata options', patch(prod, 'aws_instance', 'bastion', { metadata_options: undefined }), 'aws_instance.bastion', 'error'],
  ['TT-EC2-002', 'hop limit 2', patch(prod, 'aws_launch_template', 'app', { metadata_options: { http_tokens: 'required', http_put_response_hop_limit: 2 } }), 'aws_launch_template.app', 'warning'],
  [
    'TT-EC2-003',
    'launch template volume unencrypted',
    patch(prod, 'aws_launch_template', 'app', { block_device_mappings: [{ device_name: '/dev/xvda', ebs: { volume_size: 8, encrypted: 'false' } }] }),
    'aws_launch_template.app',
    'error',
  ],
  ['TT-EC2-003', 'instance root volume unencrypted', patch(prod, 'aws_instance', 'bastion', { root_block_device: [{ volume_size: 8, encrypted: false }] }), 'aws_instance.bastion', 'error'],
  ['TT-EC2-003', 'standalone EBS volume unencrypted', patch(prod, 'aws_ebs_volume', 'data', { availability_zone: 'ap-northeast-2a', size: 10, encrypted: false }), 'aws_ebs_volume.data', 'error'],
  // Trap: `encrypted` unset is not "not encrypted": the account's EBS default encryption decides, which the input cannot show.
  ['TT-EC2-003', 'root volume with encrypted unset (the account default decides)', patch(prod, 'aws_instance', 'bastion', { root_block_device: [{ volume_size: 8 }] }), 'aws_instance.bastion', 'warning'],
  ['TT-EC2-003', 'EBS volume with encrypted unset (the account default decides)', patch(prod, 'aws_ebs_volume', 'data', { availability_zone: 'ap-northeast-2a', size: 10 }), 'aws_ebs_volume.data', 'warning'],
  ['TT-EC2-003', 'instance root volume not declared', patch(prod, 'aws_instance', 'bastion', { root_block_device: undefined }), 'aws_instance.bastion', 'warning'],
  [
    'TT-SEC-001',
    'password in launch-template user data',
    patch(prod, 'aws_launch_template', 'app', { user_data: '${base64encode("#!/bin/bash\\nexport DB_PASSWORD=hunter2hunter2\\n")}' }),
    'aws_launch_template.app',
    'error',
  ],
  [
    'TT-SEC-001',
    'access key in base64 user data',
    patch(prod, 'aws_instance', 'bastion', { user_data_base64: Buffer.from('#!/bin/bash\naws configure set aws_access_key_id AKIAABCDEFGHIJKLMNOP\n').toString('base64') }),
    'aws_instance.bastion',
    'error',
  ],
  ['TT-SEC-002', 'literal master password', patch(prod, 'aws_db_instance', 'db', { manage_master_user_password: undefined, password: 'correct-horse' }), 'aws_db_instance.db', 'error'],
  ['TT-SEC-002', 'secret in a nested environment map', patch(prod, 'aws_lambda_function', 'fn', { function_name: 'fn', environment: { variables: { API_TOKEN: 'abc123abc123' } } }), 'aws_lambda_function.fn', 'error'],
  ['TT-SEC-002', 'master password passed through the state', patch(prod, 'aws_db_instance', 'db', { manage_master_user_password: undefined, password: '${random_password.db.result}' }), 'aws_db_instance.db', 'warning'],
  ['TT-RDS-001', 'unencrypted storage', patch(prod, 'aws_db_instance', 'db', { storage_encrypted: false }), 'aws_db_instance.db', 'error'],
  ['TT-RDS-002', 'public database', patch(prod, 'aws_db_instance', 'db', { publicly_accessible: true }), 'aws_db_instance.db', 'error'],
  ['TT-RDS-003', 'backups off', patch(prod, 'aws_db_instance', 'db', { backup_retention_period: 0 }), 'aws_db_instance.db', 'error'],
  ['TT-RDS-003', 'retention left to the default', patch(prod, 'aws_db_instance', 'db', { backup_retention_period: undefined }), 'aws_db_instance.db', 'warning'],
  ['TT-RDS-003', 'short retention in production', patch(prod, 'aws_db_instance', 'db', { backup_retention_period: 3 }), 'aws_db_instance.db', 'warning'],
  ['TT-RDS-004', 'no deletion protection in prod', patch(prod, 'aws_db_instance', 'db', { deletion_protection: false }), 'aws_db_instance.db', 'error'],
  ['TT-RDS-004', 'no deletion protection in dev', patch(dev, 'aws_db_instance', 'db', { deletion_protection: false }), 'aws_db_instance.db', 'info'],
  ['TT-RDS-005', 'Single-AZ in prod', patch(prod, 'aws_db_instance', 'db', { multi_az: false }), 'aws_db_instance.db', 'error'],
  ['TT-RDS-005', 'Single-AZ in dev', patch(dev, 'aws_db_instance', 'db', { multi_az: false }), 'aws_db_instance.db', 'info'],
  ['TT-ALB-001', 'no HTTPS listener', remove(prod, 'aws_lb_listener', 'https'), 'aws_lb.web', 'error'],
  ['TT-ALB-002', 'HTTP listener forwards', patch(prod, 'aws_lb_listener', 'http', { default_action: [{ type: 'forward', target_group_arn: ref('aws_lb_target_group', 'app', 'arn') }] }), 'aws_lb_listener.http', 'error'],
  ['TT-ALB-003', 'invalid headers forwarded', patch(prod, 'aws_lb', 'web', { drop_invalid_header_fields: false }), 'aws_lb.web', 'error'],
  ['TT-ALB-004', 'TLS 1.0 policy', patch(prod, 'aws_lb_listener', 'https', { ssl_policy: 'ELBSecurityPolicy-2016-08' }), 'aws_lb_listener.https', 'warning'],
  ['TT-ALB-004', 'default TLS policy', patch(prod, 'aws_lb_listener', 'https', { ssl_policy: undefined }), 'aws_lb_listener.https', 'warning'],
  ['TT-ALB-005', 'no deletion protection in prod', patch(prod, 'aws_lb', 'web', { enable_deletion_protection: false }), 'aws_lb.web', 'warning'],
  ['TT-ALB-005', 'no deletion protection in dev', patch(dev, 'aws_lb', 'web', { enable_deletion_protection: undefined }), 'aws_lb.web', 'info'],
  ['TT-ALB-006', 'no access logs', patch(prod, 'aws_lb', 'web', { access_logs: undefined }), 'aws_lb.web', 'warning'],
  ['TT-ALB-007', 'no web ACL in prod', remove(prod, 'aws_wafv2_web_acl_association'), 'aws_lb.web', 'error'],
  ['TT-LOG-001', 'log group with the default key in prod', patch(prod, 'aws_cloudwatch_log_group', 'flow', { kms_key_id: undefined }), 'aws_cloudwatch_log_group.flow', 'warning'],
  [
    'TT-S3-005',
    'lifecycle without an abort of incomplete uploads',
    patch(prod, 'aws_s3_bucket_lifecycle_configuration', 'state', { bucket: ref('aws_s3_bucket', 'state'), rule: [{ id: 'expire', status: 'Enabled', filter: {}, expiration: { days: 30 } }] }),
    'aws_s3_bucket_lifecycle_configuration.state',
    'warning',
  ],
  ['TT-VPC-001', 'app subnet assigns public IPs', patch(prod, 'aws_subnet', 'app_a', { map_public_ip_on_launch: true }), 'aws_subnet.app_a', 'error'],
  ['TT-VPC-003', 'public subnet assigns public IPs nothing relies on', patch(prod, 'aws_subnet', 'public_a', { map_public_ip_on_launch: true }), 'aws_subnet.public_a', 'warning'],
  ['TT-VPC-002', 'no flow log in prod', remove(prod, 'aws_flow_log'), 'aws_vpc.main', 'error'],
  ['TT-VPC-002', 'no flow log in dev', remove(dev, 'aws_flow_log'), 'aws_vpc.main', 'warning'],
  ['TT-S3-001', 'state bucket not versioned', remove(prod, 'aws_s3_bucket_versioning'), 'aws_s3_bucket.state', 'error'],
  ['TT-S3-001', 'other bucket not versioned', patch(remove(prod, 'aws_s3_bucket_versioning'), 'aws_s3_bucket', 'state', { bucket: 'tt-assets', tags: { Name: 'tt-assets' } }), 'aws_s3_bucket.state', 'warning'],
  ['TT-S3-002', 'no public access block', remove(prod, 'aws_s3_bucket_public_access_block'), 'aws_s3_bucket.state', 'error'],
  ['TT-S3-002', 'public access block with a flag off', patch(prod, 'aws_s3_bucket_public_access_block', 'state', { restrict_public_buckets: false }), 'aws_s3_bucket.state', 'error'],
  ['TT-S3-003', 'no TLS-only policy', remove(prod, 'aws_s3_bucket_policy'), 'aws_s3_bucket.state', 'error'],
  // As a plan shows a policy built from values known only after apply: unknown, never clean.
  ['TT-S3-003', 'a policy known only after apply', patch(prod, 'aws_s3_bucket_policy', 'state', { policy: '${aws_s3_bucket.state.arn}' }), 'aws_s3_bucket.state', 'warning'],
  ['TT-S3-004', 'no default encryption declared', remove(prod, 'aws_s3_bucket_server_side_encryption_configuration'), 'aws_s3_bucket.state', 'warning'],
  ['TT-AZ-001', 'both app subnets routed to the NAT gateway of zone a', patch(prod, 'aws_route_table_association', 'app_c', { route_table_id: ref('aws_route_table', 'app') }), 'aws_nat_gateway.nat_a', 'warning'],
  ['TT-MON-001', 'no alarm on the database connections', remove(prod, 'aws_cloudwatch_metric_alarm', 'db_connections'), 'aws_db_instance.db', 'warning'],
  ['TT-MON-002', 'an alarm that notifies nobody', patch(prod, 'aws_cloudwatch_metric_alarm', 'db_cpu', { alarm_actions: [] }), 'aws_cloudwatch_metric_alarm.db_cpu', 'warning'],
  [
    'TT-MON-002',
    'an alarm with its actions disabled',
    patch(prod, 'aws_cloudwatch_metric_alarm', 'extra', alarm('AWS/RDS', 'ReadLatency', { DBInstanceIdentifier: ref('aws_db_instance', 'db', 'identifier') }, { actions_enabled: false })),
    'aws_cloudwatch_metric_alarm.extra',
    'warning',
  ],
  // Public ACLs: what a public access block with all four flags does not undo only if it is removed.
  ['TT-S3-006', 'acl = "public-read" on the bucket', patch(remove(prod, 'aws_s3_bucket_public_access_block'), 'aws_s3_bucket', 'state', { acl: 'public-read' }), 'aws_s3_bucket.state', 'error'],
  [
    'TT-S3-006',
    'aws_s3_bucket_acl granting READ to AllUsers',
    patch(remove(prod, 'aws_s3_bucket_public_access_block'), 'aws_s3_bucket_acl', 'state', {
      bucket: ref('aws_s3_bucket', 'state'),
      access_control_policy: [{ grant: [{ grantee: [{ type: 'Group', uri: 'http://acs.amazonaws.com/groups/global/AllUsers' }], permission: 'READ' }], owner: [{ id: 'owner' }] }],
    }),
    'aws_s3_bucket.state',
    'error',
  ],
];

describe('each rule fails on its broken fixture', () => {
  it.each(cases)('%s: %s', (id, _what, stack, address, severity) => {
    const found = findings(stack).filter((finding) => finding.id === id);
    expect(found).toEqual([expect.objectContaining({ id, address, severity })]);
    expect(found[0].fix.length).toBeGreaterThan(20);
  });

  it('covers every rule with at least one failing case', () => {
    expect(new Set(cases.map(([id]) => id))).toEqual(new Set(RULES.map((rule) => rule.id)));
  });
});

describe('rule catalogue', () => {
  it('gives every rule a unique id in our format, a title, a fix and its peers as Checkov, cdk-nag, Security Hub or AWS Config ids', () => {
    expect(new Set(RULES.map((rule) => rule.id)).size).toBe(RULES.length);
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^TT-[A-Z0-9]+-\d{3}$/);
      expect(rule.title.length).toBeGreaterThan(5);
      rule.peers.forEach((peer) => expect(peer).toMatch(/^(CKV2?_AWS_\d+|CKV_SECRET_\d+|AwsSolutions-[A-Z0-9]+|NIST\.800\.53\.R5-\w+|SecurityHub-[A-Za-z0-9]+\.\d+|AWSConfig-[a-z0-9-]+)$/));
    }
  });

  it('treats a stack that does not name its environment as production', () => {
    const anonymous: Stack = { ...patch(prod, 'aws_db_instance', 'db', { multi_az: false }), provider: { aws: [{ region: 'ap-northeast-2' }] } };
    expect(findings(anonymous).find((finding) => finding.id === 'TT-RDS-005')?.severity).toBe('error');
  });

  it('lists findings errors first', () => {
    const broken = patch(patch(prod, 'aws_lb', 'web', { access_logs: undefined }), 'aws_db_instance', 'db', { storage_encrypted: false });
    expect(findings(broken).map((finding) => finding.severity)).toEqual(['error', 'warning']);
  });
});

describe('user-data secret scan', () => {
  it('reads cdktf base64encode() calls and base64 text', () => {
    expect(userDataText('${base64encode("#!/bin/bash\\necho hi\\n")}')).toBe('#!/bin/bash\necho hi\n');
    expect(userDataText(Buffer.from('#!/bin/bash\necho hello world').toString('base64'))).toBe('#!/bin/bash\necho hello world');
    expect(userDataText('#!/bin/bash\necho plain')).toBe('#!/bin/bash\necho plain');
  });

  it('ignores references, command substitutions and names that only point at secrets', () => {
    const script = [
      "DB_SECRET_ARN='${aws_db_instance.db.master_user_secret[0].secret_arn}'",
      'DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id "$DB_SECRET_ARN")',
      'TOKEN_FILE=/run/token',
      'export API_KEY_NAME=backend',
    ].join('\n');
    expect(secretsIn(script)).toEqual([]);
  });

  it("decodes the boot script's base64 container environment, so a literal secret there is found", () => {
    const b64 = (text: string): string => Buffer.from(text).toString('base64');
    const script = [
      `secret_arn_b64='${b64('arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:rds!db-1')}'`,
      'env_names=(SPRING_PROFILES_ACTIVE PAYMENT_API_KEY DB_HOST)',
      `env_values=('${b64('default')}' '${b64('sk-live-0123456789')}' '${b64('jdbc:')}.\${base64encode(aws_db_instance.db.address)}')`,
    ].join('\n');
    expect(encodedEnvironment(script)).toBe('SPRING_PROFILES_ACTIVE=default\nPAYMENT_API_KEY=sk-live-0123456789\nDB_HOST=jdbc:${base64encode(aws_db_instance.db.address)}');
    expect(secretsIn(`${script}\n${encodedEnvironment(script)}`)).toEqual(['a literal value for PAYMENT_API_KEY']);
  });

  it('names what it found without repeating the secret', () => {
    const kinds = secretsIn('MYSQL_PASSWORD=s3cr3t-value\n-----BEGIN RSA PRIVATE KEY-----\n');
    expect(kinds).toEqual(['a private key', 'a literal value for MYSQL_PASSWORD']);
    expect(kinds.join(' ')).not.toContain('s3cr3t');
  });
});
