import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Testing } from 'cdktf';
import { AccessLogBucket } from '../../src/constructs/access-log-bucket';
import { MySqlDatabase } from '../../src/constructs/database';
import { Naming } from '../../src/constructs/naming';
import { PublicLoadBalancer } from '../../src/constructs/public-load-balancer';
import { nameOfRef, outputsOf, ref, resourceNamed, resourcesOf, synthEnvironment, WALKTHROUGH_DEV } from '../support/stacks';

const dev = synthEnvironment('dev', WALKTHROUGH_DEV);
const prod = synthEnvironment('prod');

function targetGroupRef(synthesized: string, environment: string, role: string): string {
  return ref('aws_lb_target_group', resourceNamed(synthesized, 'aws_lb_target_group', `three-tier-${environment}-${role}`).address, 'arn');
}

describe('application load balancers', () => {
  it('are internet-facing in the public subnets, drop invalid headers, with per-environment deletion protection', () => {
    const publicSubnets = Object.entries(resourcesOf(dev, 'aws_subnet'))
      .filter(([, subnet]) => JSON.stringify(subnet.tags).includes('"Tier":"public"'))
      .map(([name]) => ref('aws_subnet', name));
    for (const role of ['frontend', 'backend']) {
      expect(dev).toHaveResourceWithProperties(Lb, {
        name: `three-tier-dev-${role}`,
        internal: false,
        load_balancer_type: 'application',
        subnets: publicSubnets,
        drop_invalid_header_fields: true,
        enable_deletion_protection: false,
        idle_timeout: 60,
      });
    }
    expect(prod).toHaveResourceWithProperties(Lb, { name: 'three-tier-prod-frontend', enable_deletion_protection: true });
  });

  it('forward port 80 to their tier without a domain (dev)', () => {
    const listeners = Object.values(resourcesOf(dev, 'aws_lb_listener'));
    expect(listeners).toHaveLength(2);
    expect(dev).toHaveResourceWithProperties(LbListener, { port: 80, protocol: 'HTTP', default_action: [{ type: 'forward', target_group_arn: targetGroupRef(dev, 'dev', 'frontend') }] });
    expect(dev).toHaveResourceWithProperties(LbListener, { port: 80, protocol: 'HTTP', default_action: [{ type: 'forward', target_group_arn: targetGroupRef(dev, 'dev', 'backend') }] });
  });

  it('answer 301 to HTTPS on port 80 and serve 443 with TLS 1.3 and the validated certificate (prod)', () => {
    const listeners = Object.values(resourcesOf(prod, 'aws_lb_listener'));
    expect(listeners.filter((listener) => listener.port === 80)).toEqual([
      expect.objectContaining({ default_action: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }] }),
      expect.objectContaining({ default_action: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }] }),
    ]);
    const validation = Object.keys(resourcesOf(prod, 'aws_acm_certificate_validation'))[0];
    expect(prod).toHaveResourceWithProperties(LbListener, {
      port: 443,
      protocol: 'HTTPS',
      ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      certificate_arn: ref('aws_acm_certificate_validation', validation, 'certificate_arn'),
      default_action: [{ type: 'forward', target_group_arn: targetGroupRef(prod, 'prod', 'backend') }],
    });
  });

  it('share one ALB with a host rule api.<domain> to the backend', () => {
    const shared = synthEnvironment('prod', { TT__loadBalancing__topology: 'shared' });
    expect(Object.keys(resourcesOf(shared, 'aws_lb'))).toHaveLength(1);
    expect(shared).toHaveResourceWithProperties(LbListener, { port: 443, default_action: [{ type: 'forward', target_group_arn: targetGroupRef(shared, 'prod', 'frontend') }] });
    expect(shared).toHaveResourceWithProperties(LbListenerRule, {
      condition: [{ host_header: { values: ['api.example.com'] } }],
      action: [{ type: 'forward', target_group_arn: targetGroupRef(shared, 'prod', 'backend') }],
    });
    const aliases = Object.values(resourcesOf(shared, 'aws_route53_record')).filter((record) => record.alias !== undefined);
    expect(new Set(aliases.map((record) => JSON.stringify(record.alias)))).toHaveProperty('size', 1);
  });

  it('share one ALB with a path rule /api/* without a domain', () => {
    const shared = synthEnvironment('dev', { TT__loadBalancing__topology: 'shared' });
    expect(shared).toHaveResourceWithProperties(Lb, { name: 'three-tier-dev-alb' });
    expect(shared).toHaveResourceWithProperties(LbListenerRule, {
      condition: [{ path_pattern: { values: ['/api', '/api/*'] } }],
      action: [{ type: 'forward', target_group_arn: targetGroupRef(shared, 'dev', 'backend') }],
    });
    expect(outputsOf(shared).api_url.value).toMatch(/^http:\/\/\$\{aws_lb\.[^.]+\.dns_name\}\/api$/);
  });

  it('write access logs to a bucket the ELB account of Seoul may write to, when asked (policy scope: apply-traps.test.ts)', () => {
    const withLogs = synthEnvironment('dev', { ...WALKTHROUGH_DEV, TT__loadBalancing__accessLogs: 'true' });
    const bucket = Object.keys(resourcesOf(withLogs, 'aws_s3_bucket'))[0];
    expect(withLogs).toHaveResourceWithProperties(Lb, { access_logs: { bucket: ref('aws_s3_bucket', bucket, 'bucket'), enabled: true, prefix: 'three-tier-dev-frontend' } });
    expect(dev).not.toHaveResourceWithProperties(Lb, { access_logs: expect.anything() });
  });

  it('refuse a load balancer whose log prefix the bucket does not grant, and a prefix ELB would refuse', () => {
    const naming = new Naming('shop', 'test');
    expect(() =>
      Testing.synthScope((scope) => {
        const logs = new AccessLogBucket(scope, 'logs', { naming, region: 'ap-northeast-2', accountId: '123456789012', prefixes: ['shop-test-backend'] });
        const group = new SecurityGroup(scope, 'sg', { vpcId: 'vpc-1' });
        const targets = new LbTargetGroup(scope, 'tg', { port: 80, protocol: 'HTTP', vpcId: 'vpc-1' });
        new PublicLoadBalancer(scope, 'alb', { naming, role: 'frontend', subnetIds: ['a', 'b'], securityGroup: group, defaultTargetGroup: targets, accessLogs: logs });
      }),
    ).toThrow("PublicLoadBalancer frontend: the access-log bucket grants ELB the prefixes shop-test-backend, not this load balancer's shop-test-frontend");
    expect(() => Testing.synthScope((scope) => new AccessLogBucket(scope, 'logs', { naming, region: 'ap-northeast-2', accountId: '1', prefixes: [] }))).toThrow('AccessLogBucket needs at least one prefix');
    expect(() => Testing.synthScope((scope) => new AccessLogBucket(scope, 'logs', { naming, region: 'ap-northeast-2', accountId: '1', prefixes: ['logs/AWSLogs'] }))).toThrow(
      'AccessLogBucket prefix "logs/AWSLogs" must be one path segment of letters, digits, - or _, without AWSLogs',
    );
  });
});

describe('the browser reaching the API', () => {
  const backendTemplate = (synthesized: string, environment: string): string => JSON.stringify(resourceNamed(synthesized, 'aws_launch_template', `three-tier-${environment}-backend`).resource);
  const frontendTemplate = (synthesized: string, environment: string): string => JSON.stringify(resourceNamed(synthesized, 'aws_launch_template', `three-tier-${environment}-frontend`).resource);

  it('per tier: the backend is told the site origin for CORS (the frontend ALB without a domain, https://app.<domain> with one)', () => {
    const frontendAlb = resourceNamed(dev, 'aws_lb', 'three-tier-dev-frontend').address;
    expect(backendTemplate(dev, 'dev')).toContain('CORS_ALLOWED_ORIGINS');
    // The backend's launch template refers to the frontend ALB only through that origin (directly or through a local).
    const parsed: unknown = JSON.parse(dev);
    const locals = typeof parsed === 'object' && parsed !== null && 'locals' in parsed ? JSON.stringify(parsed.locals) : '{}';
    const viaLocal = [...backendTemplate(dev, 'dev').matchAll(/local\.([A-Za-z0-9_-]+)/g)].some(([, name]) => new RegExp(`"${name}":"\\$\\{aws_lb\\.${frontendAlb}\\.dns_name\\}"`).test(locals));
    expect(viaLocal || backendTemplate(dev, 'dev').includes(`aws_lb.${frontendAlb}.dns_name`)).toBe(true);
    expect(backendTemplate(prod, 'prod')).toContain(Buffer.from('https://app.example.com').toString('base64'));
    expect(frontendTemplate(prod, 'prod')).toContain(Buffer.from('https://api.example.com').toString('base64'));
  });

  it('same origin on request: /api/* on the site host of the shared ALB, no api. name, and the frontend told "/api"', () => {
    const sameOrigin = synthEnvironment('prod', { TT_PROD__loadBalancing__topology: 'shared', TT_PROD__loadBalancing__sameOriginApi: 'true' });
    expect(sameOrigin).toHaveResourceWithProperties(LbListenerRule, {
      condition: [{ path_pattern: { values: ['/api', '/api/*'] } }],
      action: [{ type: 'forward', target_group_arn: targetGroupRef(sameOrigin, 'prod', 'backend') }],
    });
    expect(
      Object.values(resourcesOf(sameOrigin, 'aws_route53_record'))
        .filter((record) => record.alias !== undefined)
        .map((record) => record.name),
    ).toEqual(['app.example.com']);
    expect(sameOrigin).toHaveResourceWithProperties(AcmCertificate, { domain_name: 'app.example.com', subject_alternative_names: [] });
    expect(frontendTemplate(sameOrigin, 'prod')).toContain(Buffer.from('/api').toString('base64'));
    expect(outputsOf(sameOrigin).api_url.value).toBe('https://app.example.com/api');
  });

  it('refuses same origin with one ALB per tier (a target group serves one load balancer), naming the field', () => {
    expect(() => synthEnvironment('prod', { TT_PROD__loadBalancing__sameOriginApi: 'true' })).toThrow(
      'loadBalancing.sameOriginApi: needs loadBalancing.topology "shared": an ALB target group can serve one load balancer only, so /api/* must be on the one ALB',
    );
  });
});

describe('MySQL database', () => {
  it('runs MySQL 8.4 on encrypted gp3 with storage autoscaling, never public, password managed by Secrets Manager', () => {
    expect(dev).toHaveResourceWithProperties(DbInstance, {
      engine: 'mysql',
      engine_version: '8.4',
      storage_type: 'gp3',
      storage_encrypted: true,
      allocated_storage: 20,
      max_allocated_storage: 100,
      manage_master_user_password: true,
      publicly_accessible: false,
      ca_cert_identifier: 'rds-ca-rsa2048-g1',
      enabled_cloudwatch_logs_exports: ['error', 'slowquery'],
      auto_minor_version_upgrade: true,
      copy_tags_to_snapshot: true,
    });
    // Dev leaves nothing billable behind on destroy; a final snapshot on request, as in prod.
    expect(dev).toHaveResourceWithProperties(DbInstance, { skip_final_snapshot: true });
    expect(synthEnvironment('dev', { TT__database__finalSnapshot: 'true' })).toHaveResourceWithProperties(DbInstance, {
      skip_final_snapshot: false,
      final_snapshot_identifier: 'three-tier-dev-mysql-final-${formatdate("YYYYMMDDhhmm", timestamp())}',
    });
    const instance = Object.values(resourcesOf(dev, 'aws_db_instance'))[0];
    expect(Object.keys(instance).filter((key) => key.includes('password') && key !== 'manage_master_user_password')).toEqual([]);
  });

  it('FinalSnapshotIdentifier is required when a final snapshot is required: a database created without a final snapshot keeps a name for one, so turning finalSnapshot on later still destroys', () => {
    // ignore_changes keeps the creation-time stamp in state: a name first written with finalSnapshot
    // true would never reach a database created with false, and its destroy would fail.
    for (const finalSnapshot of ['false', 'true']) {
      const [db] = Object.values(resourcesOf(synthEnvironment('dev', { TT__database__finalSnapshot: finalSnapshot }), 'aws_db_instance'));
      expect({ skip: db.skip_final_snapshot, name: db.final_snapshot_identifier, lifecycle: db.lifecycle }).toEqual({
        skip: finalSnapshot === 'false',
        name: 'three-tier-dev-mysql-final-${formatdate("YYYYMMDDhhmm", timestamp())}',
        lifecycle: { prevent_destroy: false, ignore_changes: ['final_snapshot_identifier'] },
      });
    }
  });

  it('lives in the private-db subnets behind the db group', () => {
    const instance = Object.values(resourcesOf(dev, 'aws_db_instance'))[0];
    const subnetGroup = resourcesOf(dev, 'aws_db_subnet_group')[nameOfRef(instance.db_subnet_group_name) ?? ''];
    const subnets = resourcesOf(dev, 'aws_subnet');
    expect(Array.isArray(subnetGroup.subnet_ids) ? subnetGroup.subnet_ids.map((id: unknown) => JSON.stringify(subnets[nameOfRef(id) ?? ''].tags)) : []).toEqual([
      expect.stringContaining('"Tier":"db"'),
      expect.stringContaining('"Tier":"db"'),
    ]);
    expect(instance.vpc_security_group_ids).toEqual([ref('aws_security_group', resourceNamed(dev, 'aws_security_group', 'three-tier-dev-db').address)]);
  });

  it('writes the slow query log that it exports to CloudWatch Logs (slowquery is empty unless slow_query_log is on, to a file)', () => {
    expect(dev).toHaveResourceWithProperties(DbParameterGroup, {
      parameter: expect.arrayContaining([
        { name: 'slow_query_log', value: '1' },
        { name: 'long_query_time', value: '2' },
        { name: 'log_output', value: 'FILE' },
      ]),
    });
    expect(dev).toHaveResourceWithProperties(DbInstance, { enabled_cloudwatch_logs_exports: ['error', 'slowquery'] });
  });

  it('uses utf8mb4, Asia/Seoul and TLS-only connections', () => {
    expect(dev).toHaveResourceWithProperties(DbParameterGroup, {
      family: 'mysql8.4',
      parameter: expect.arrayContaining([
        { name: 'character_set_server', value: 'utf8mb4' },
        { name: 'time_zone', value: 'Asia/Seoul' },
        { name: 'require_secure_transport', value: '1' },
      ]),
    });
    expect(synthEnvironment('dev', { TT__database__timeZone: 'UTC' })).toHaveResourceWithProperties(DbParameterGroup, {
      parameter: expect.arrayContaining([{ name: 'time_zone', value: 'UTC' }]),
    });
  });

  it('is single-AZ and unprotected in dev, Multi-AZ, protected and undestroyable in prod', () => {
    expect(dev).toHaveResourceWithProperties(DbInstance, {
      multi_az: false,
      deletion_protection: false,
      backup_retention_period: 1,
      lifecycle: { prevent_destroy: false, ignore_changes: ['final_snapshot_identifier'] },
    });
    expect(prod).toHaveResourceWithProperties(DbInstance, {
      multi_az: true,
      deletion_protection: true,
      backup_retention_period: 14,
      performance_insights_enabled: true,
      lifecycle: { prevent_destroy: true, ignore_changes: ['final_snapshot_identifier'] },
    });
  });

  it('rejects Performance Insights on a class that lacks it', () => {
    expect(() => synthEnvironment('dev', { TT__database__performanceInsights: 'true' })).toThrow('database.performanceInsights: is not available on db.t4g.micro; use a medium or larger class, or turn it off');
  });

  it('rejects a slow-query threshold MySQL does not accept', () => {
    expect(() =>
      Testing.synthScope((scope) => {
        const group = new SecurityGroup(scope, 'sg', { vpcId: 'vpc-1' });
        new MySqlDatabase(scope, 'db', { naming: new Naming('shop', 'test'), subnetIds: ['a', 'b'], securityGroup: group, longQueryTimeSeconds: -1 });
      }),
    ).toThrow('MySqlDatabase longQueryTimeSeconds must be from 0 to 31536000, got -1');
  });
});

describe('DNS and certificates (prod)', () => {
  it('create the hosted zone, or use an existing one', () => {
    expect(prod).toHaveResourceWithProperties(Route53Zone, { name: 'example.com' });
    const existing = synthEnvironment('prod', { TT_PROD__dns__hostedZoneId: 'Z0123456789ABCDEFGHIJ' });
    expect(existing).not.toHaveResource(Route53Zone);
    for (const record of Object.values(resourcesOf(existing, 'aws_route53_record'))) {
      expect(record.zone_id).toBe('Z0123456789ABCDEFGHIJ');
    }
  });

  it('point alias A records app.<domain> and api.<domain> at their load balancers', () => {
    for (const [host, role] of [
      ['app.example.com', 'frontend'],
      ['api.example.com', 'backend'],
    ]) {
      const alb = resourceNamed(prod, 'aws_lb', `three-tier-prod-${role}`).address;
      expect(prod).toHaveResourceWithProperties(Route53Record, {
        name: host,
        type: 'A',
        alias: { name: ref('aws_lb', alb, 'dns_name'), zone_id: ref('aws_lb', alb, 'zone_id'), evaluate_target_health: true },
      });
    }
    const renamed = synthEnvironment('prod', { TT__dns__frontendSubdomain: 'www' });
    expect(renamed).toHaveResourceWithProperties(Route53Record, { name: 'www.example.com', type: 'A' });
  });

  it('issue one DNS-validated certificate for both names, with its validation records and validation resource', () => {
    expect(prod).toHaveResourceWithProperties(AcmCertificate, { domain_name: 'app.example.com', subject_alternative_names: ['api.example.com'], validation_method: 'DNS' });
    const validationRecords = Object.values(resourcesOf(prod, 'aws_route53_record')).filter((record) => record.alias === undefined);
    expect(validationRecords).toHaveLength(2);
    expect(Object.values(resourcesOf(prod, 'aws_acm_certificate_validation'))[0].validation_record_fqdns).toEqual(
      Object.keys(resourcesOf(prod, 'aws_route53_record'))
        .filter((name) => name.includes('validation'))
        .map((name) => ref('aws_route53_record', name, 'fqdn')),
    );
  });

  it('are absent without a domain', () => {
    expect(dev).not.toHaveResource(Route53Zone);
    expect(dev).not.toHaveResource(AcmCertificate);
  });
});

describe('outputs', () => {
  it('give the site URLs, ALB names, bastion, DB endpoint and secret, and NAT addresses', () => {
    expect(Object.keys(outputsOf(prod)).sort()).toEqual([
      'api_url',
      'backend_alb_dns_name',
      'backend_ssm_command',
      'bastion_public_ip',
      'bastion_ssm_command',
      'db_app_secret_arn',
      'db_endpoint',
      'db_secret_arn',
      'db_tunnel_command',
      'frontend_alb_dns_name',
      'frontend_ssm_command',
      'name_servers',
      'nat_public_ips',
      'site_url',
      'vpc_id',
    ]);
    expect(outputsOf(prod).site_url.value).toBe('https://app.example.com');
    expect(outputsOf(prod).api_url.value).toBe('https://api.example.com');
    expect(outputsOf(dev).site_url.value).toMatch(/^http:\/\/\$\{aws_lb\.[^.]+\.dns_name\}$/);
  });
});
