import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { Instance } from '@cdktf/provider-aws/lib/instance';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { DefaultTokenResolver, StringConcat, TerraformResource, Token, Tokenization } from 'cdktf';
import type { IConstruct } from 'constructs';
import { suppress } from '../suppress';
import { suppressCheckov } from './suppress-checkov';

/** The environment's choices that make a finding deliberate rather than an oversight. */
export interface EnvironmentChoices {
  readonly environment: string;
  /**
   * A production environment: its choices are not excused here (a prod without WAF or Multi-AZ stays
   * a finding until someone suppresses it with their own reason); only Checkov-only exceptions apply.
   */
  readonly production: boolean;
  readonly albDeletionProtection: boolean;
  readonly albAccessLogs: boolean;
  readonly waf: boolean;
  /** A domain, so HTTPS; without one the ALBs serve HTTP only. */
  readonly https: boolean;
  readonly dbMultiAz: boolean;
  readonly dbDeletionProtection: boolean;
  readonly dbPerformanceInsights: boolean;
  readonly customerKey: boolean;
  /** VPC flow logs to CloudWatch Logs. */
  readonly flowLogs: boolean;
  /** `retiring: true`: the deletion protections are off so that destroy can remove the stack, in production too. */
  readonly retiring: boolean;
  /** The ALB access-log bucket, when there is one. */
  readonly accessLogBucket?: S3Bucket;
}

/** Reasons shared by every stack that has the resource (also listed in the README). */
export const REASONS = {
  logRetention: 'Retention is chosen per log (14 to 90 days here, set in config): a year of flow logs and container output costs more than it tells',
  albPort80: 'Port 80 of an internet-facing ALB: it redirects to HTTPS, or serves a dev stack that has no domain',
  sourceGroupRule:
    "False positive (bridgecrewio/checkov#6624): this rule's only source is another security group (referenced_security_group_id), which Checkov does not read, so it takes the rule for one open to 0.0.0.0/0",
  bucketAccessLogging: 'Server access logs of this bucket would need another bucket (or would log into themselves); CloudTrail data events are the audit trail if one is needed',
  bucketReplication: 'Cross-region replication doubles storage for data that is rebuilt (access logs) or versioned in place (state); a choice left to the user',
  bucketNotifications: 'Nothing consumes events from this bucket; notifications without a consumer change nothing',
  accessLogSseS3: 'ALB access logs can only be delivered to buckets encrypted with SSE-S3 (AES256), not SSE-KMS',
  zoneDnssec: 'DNSSEC signing needs a KMS key in us-east-1 and a DS record at the registrar: a step the owner of the domain takes, outside this stack',
  zoneQueryLogging: 'Route 53 query logging writes only to a log group in us-east-1, another provider region this stack does not manage',
  ebsOptimized: 'False positive: this instance type (t3, t3a, t4g, or a C, M or R type of generation 5 or later) is EBS-optimized by default; the attribute is simply not set',
  natEip: 'The egress address of a NAT slot: the instance serving the slot associates it with its primary interface at boot, so Terraform leaves it unattached',
} as const;

/** Checkov's unrestricted-ingress checks (AbsSecurityGroupUnrestrictedIngress) and the port each looks for. */
const UNRESTRICTED_INGRESS: readonly (readonly [string, number])[] = [
  ['CKV_AWS_24', 22],
  ['CKV_AWS_25', 3389],
  ['CKV_AWS_260', 80],
  ['CKV_AWS_277', -1],
];

/**
 * The unrestricted-ingress checks that look at this rule's ports, as Checkov 3.3.13 decides it for
 * an `aws_vpc_security_group_ingress_rule`: both ports set, 0 to 0 meaning every port.
 */
export function ingressChecksOn(rule: VpcSecurityGroupIngressRule): string[] {
  const from = rule.fromPortInput;
  const to = rule.toPortInput;
  if (from === undefined || to === undefined || Token.isUnresolved(from) || Token.isUnresolved(to)) {
    return [];
  }
  const upper = from === 0 && to === 0 ? 65535 : to;
  return UNRESTRICTED_INGRESS.filter(([, port]) => from <= port && port <= upper).map(([id]) => id);
}

/**
 * Instance families EBS-optimized by default, whose aws_instance fails CKV_AWS_135 only because
 * `ebs_optimized` is unset; another type (t2, m3...) would be a real finding.
 */
const EBS_OPTIMIZED_BY_DEFAULT = /^(t3a?|t4g|[cmr][5-8][a-z]*)\./;

/**
 * Classes whose MySQL or MariaDB instance CKV_AWS_353 leaves UNKNOWN (Performance Insights is not
 * offered on them; RDSInstancePerformanceInsights.py): an exception there would match nothing.
 */
const NO_PERFORMANCE_INSIGHTS = new Set(['db.t2.micro', 'db.t2.small', 'db.t3.micro', 'db.t3.small', 'db.t4g.micro', 'db.t4g.small']);

function resourcesOf<T extends IConstruct>(scope: IConstruct, type: abstract new (...args: never[]) => T): T[] {
  return scope.node.findAll().filter((construct): construct is T => construct instanceof type);
}

/**
 * Declares, on the resources of an environment stack, the exceptions its configuration makes on
 * purpose (HTTP-only dev, no Multi-AZ, no WAF...) and the Checkov checks that do not fit this design,
 * each with its reason; synth turns them into the stack's Checkov baseline.
 */
export function declareEnvironmentExceptions(stack: IConstruct, choices: EnvironmentChoices): void {
  const env = `in ${choices.environment}`;
  const excused = (chosen: boolean): boolean => !chosen && !choices.production;
  const retiring = `retiring is set ${env}: the protections are off so that cdktf destroy can remove it`;
  for (const lb of resourcesOf(stack, Lb)) {
    if (choices.retiring) {
      suppress(lb, 'TT-ALB-005', retiring);
    } else if (excused(choices.albDeletionProtection)) {
      suppress(lb, 'TT-ALB-005', `loadBalancing.deletionProtection is off ${env}: the stack is torn down and rebuilt freely`);
    }
    if (excused(choices.albAccessLogs)) {
      suppress(lb, 'TT-ALB-006', `loadBalancing.accessLogs is off ${env}: the log bucket and its storage are not worth it for a stack without users`);
    }
    if (excused(choices.waf)) {
      suppress(lb, 'TT-ALB-007', `waf.enabled is off ${env}: a web ACL costs about $10 a month before traffic, for a stack nobody depends on`);
    }
    if (!choices.https) {
      suppressCheckov(lb, ['CKV2_AWS_20'], 'No domain is configured, so there is no certificate: HTTP only, which the config allows outside prod');
    }
  }
  for (const vpc of resourcesOf(stack, Vpc)) {
    if (excused(choices.flowLogs)) {
      suppress(vpc, 'TT-VPC-002', `network.flowLogs.enabled is off ${env}: connections leave no trace, which the config allows outside prod (about $4 a month saved)`);
    }
  }
  for (const db of resourcesOf(stack, DbInstance)) {
    if (excused(choices.dbMultiAz)) {
      suppress(db, 'TT-RDS-005', `database.multiAz is off ${env}: a standby doubles the instance price for availability a dev stack does not need`);
    }
    if (choices.retiring) {
      suppress(db, 'TT-RDS-004', `${retiring}, with a final snapshot`);
    } else if (excused(choices.dbDeletionProtection)) {
      suppress(db, 'TT-RDS-004', `database.deletionProtection is off ${env}: cdktf destroy must be able to remove the database`);
    }
    if (excused(choices.dbPerformanceInsights) && !NO_PERFORMANCE_INSIGHTS.has(db.instanceClassInput ?? '')) {
      suppressCheckov(db, ['CKV_AWS_353'], `database.performanceInsights is off ${env}: query statistics are kept where someone reads them; the config turns them on`);
    }
    if (choices.dbPerformanceInsights && excused(choices.customerKey) && db.performanceInsightsKmsKeyIdInput === undefined) {
      suppressCheckov(db, ['CKV_AWS_354'], `encryption.customerKey is off ${env}: Performance Insights encrypts its data with the AWS managed key aws/rds`);
    }
  }
  for (const group of resourcesOf(stack, CloudwatchLogGroup)) {
    if (excused(choices.customerKey)) {
      suppress(group, 'TT-LOG-001', `encryption.customerKey is off ${env}: CloudWatch Logs encrypts with its own key; a customer key adds $1 a month and key administration`);
    }
    suppressCheckov(group, ['CKV_AWS_338'], REASONS.logRetention);
  }
  // Resolved references (`${aws_security_group.x.id}`): each access to a token makes a new one.
  const resolver = new DefaultTokenResolver(new StringConcat());
  const resolve = (value: unknown): string => JSON.stringify(Tokenization.resolve(value, { scope: stack, resolver }));
  // CKV2_AWS_19 passes an EIP on an instance or a NAT gateway; a NAT slot's EIP, which the serving
  // instance associates at boot, is unattached in Terraform and fails.
  const natGatewayAllocations = new Set(resourcesOf(stack, NatGateway).map((gateway) => resolve(gateway.allocationIdInput)));
  for (const eip of resourcesOf(stack, Eip)) {
    if (eip.instanceInput === undefined && !natGatewayAllocations.has(resolve(eip.id)) && !natGatewayAllocations.has(resolve(eip.allocationId))) {
      suppressCheckov(eip, ['CKV2_AWS_19'], REASONS.natEip);
    }
  }
  const albGroups = new Set(resourcesOf(stack, Lb).flatMap((lb) => (lb.securityGroupsInput ?? []).map(resolve)));
  for (const rule of resourcesOf(stack, VpcSecurityGroupIngressRule)) {
    const checks = ingressChecksOn(rule);
    if (rule.cidrIpv4Input === undefined && rule.cidrIpv6Input === undefined && checks.length > 0) {
      // Checkov reads only cidr_ipv4 and cidr_ipv6 of this resource type: any other source looks like the world.
      suppressCheckov(rule, checks, REASONS.sourceGroupRule);
    } else if (rule.cidrIpv4Input === '0.0.0.0/0' && checks.includes('CKV_AWS_260') && albGroups.has(resolve(rule.securityGroupIdInput))) {
      // Only the IPv4 rule: Checkov 3.3.13 compares cidr_ipv6 character by character and never flags ::/0.
      suppressCheckov(rule, ['CKV_AWS_260'], REASONS.albPort80);
    }
  }
  for (const zone of resourcesOf(stack, Route53Zone)) {
    suppressCheckov(zone, ['CKV2_AWS_38'], REASONS.zoneDnssec);
    suppressCheckov(zone, ['CKV2_AWS_39'], REASONS.zoneQueryLogging);
  }
  for (const instance of resourcesOf(stack, Instance)) {
    if (instance.ebsOptimizedInput === undefined && EBS_OPTIMIZED_BY_DEFAULT.test(instance.instanceTypeInput ?? '')) {
      suppressCheckov(instance, ['CKV_AWS_135'], REASONS.ebsOptimized);
    }
  }
  if (choices.accessLogBucket !== undefined) {
    declareBucketExceptions(choices.accessLogBucket);
    suppressCheckov(choices.accessLogBucket, ['CKV_AWS_145'], REASONS.accessLogSseS3);
  }
}

/** A Checkov-only exception from configuration: the checks, a resource address or prefix, and why. */
export interface ConfiguredCheckovException {
  readonly checks: readonly string[];
  readonly address: string;
  readonly reason: string;
}

/**
 * Declares configured Checkov-only exceptions on every resource whose address starts with theirs,
 * so they reach the baseline as code-declared ones do. Returns those that matched no resource.
 */
export function applyCheckovExceptions(stack: IConstruct, exceptions: readonly ConfiguredCheckovException[]): ConfiguredCheckovException[] {
  const resources = resourcesOf(stack, TerraformResource);
  return exceptions.filter((exception) => {
    const matches = resources.filter((resource) => `${resource.terraformResourceType}.${resource.friendlyUniqueId}`.startsWith(exception.address));
    for (const resource of matches) {
      suppressCheckov(resource, exception.checks, exception.reason);
    }
    return matches.length === 0;
  });
}

/** Checkov's bucket checks that do not fit a log or state bucket. */
export function declareBucketExceptions(bucket: S3Bucket): void {
  suppressCheckov(bucket, ['CKV_AWS_18'], REASONS.bucketAccessLogging);
  suppressCheckov(bucket, ['CKV_AWS_144'], REASONS.bucketReplication);
  suppressCheckov(bucket, ['CKV2_AWS_62'], REASONS.bucketNotifications);
}
