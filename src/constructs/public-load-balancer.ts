import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import type { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Construct } from 'constructs';
import { suppressCheckov } from '../review/checkov/suppress-checkov';
import { suppress } from '../review/suppress';
import type { AccessLogBucket } from './access-log-bucket';
import { Naming } from './naming';

/** TLS 1.3 with TLS 1.2 fallback for older clients. */
export const TLS_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

/** Why a target group speaks HTTP to its targets, for Checkov's CKV_AWS_378 (also in the README). */
export const TARGET_GROUP_REASONS = {
  noTls: 'No domain is configured, so there is no certificate: the ALB serves HTTP and forwards it as HTTP to targets in private subnets, reachable on the app port only from the ALB security group',
  throughRule:
    'TLS ends at the HTTPS listener, which reaches this target group through a listener rule (Checkov credits only default actions); the targets sit in private subnets, reachable on the app port only from the ALB security group',
} as const;

/** A listener rule sending matching requests to another target group. */
export interface RoutingRule {
  /** Lower is evaluated first; unique per listener. */
  readonly priority: number;
  /** Host names to match, such as `api.example.com`. */
  readonly hostHeaders?: readonly string[];
  /** Path patterns to match, such as `/api/*`. */
  readonly pathPatterns?: readonly string[];
  readonly targetGroup: LbTargetGroup;
}

export interface PublicLoadBalancerProps {
  readonly naming: Naming;
  /** The load balancer's role in names, such as `frontend` or `alb`. */
  readonly role: string;
  /** Public subnets, one per AZ. */
  readonly subnetIds: readonly string[];
  readonly securityGroup: SecurityGroup;
  /** Where requests go when no rule matches. */
  readonly defaultTargetGroup: LbTargetGroup;
  /** @default [] */
  readonly rules?: readonly RoutingRule[];
  /**
   * A validated ACM certificate: with one, 443 serves HTTPS and 80 answers 301 to HTTPS; without, 80 forwards.
   * @default undefined
   */
  readonly certificateArn?: string;
  /** @default true */
  readonly deletionProtection?: boolean;
  /** @default 60 */
  readonly idleTimeoutSeconds?: number;
  /**
   * Where access logs go (under the load balancer's name as prefix, which the bucket must grant);
   * off when undefined.
   * @default undefined
   */
  readonly accessLogs?: AccessLogBucket;
}

/** AWS limits load-balancer names to 32 characters. */
const MAX_NAME = 32;

/**
 * An internet-facing Application Load Balancer in the public subnets that drops invalid header
 * fields, with HTTPS (TLS 1.3 policy) and an HTTP-to-HTTPS redirect when it has a certificate.
 */
export class PublicLoadBalancer extends Construct {
  public readonly loadBalancer: Lb;
  /** The listener requests are served on: HTTPS when there is a certificate, else HTTP. */
  public readonly servingListener: LbListener;
  public readonly https: boolean;

  constructor(scope: Construct, id: string, props: PublicLoadBalancerProps) {
    super(scope, id);
    const name = props.naming.name(props.role);
    if (name.length > MAX_NAME) {
      throw new Error(`PublicLoadBalancer: the name ${JSON.stringify(name)} is ${name.length} characters; AWS allows ${MAX_NAME}`);
    }
    if (props.subnetIds.length < 2) {
      throw new Error(`PublicLoadBalancer ${props.role}: an ALB needs subnets in at least two AZs, got ${props.subnetIds.length}`);
    }
    const priorities = (props.rules ?? []).map((rule) => rule.priority);
    if (new Set(priorities).size !== priorities.length) {
      throw new Error(`PublicLoadBalancer ${props.role}: rule priorities must be unique, got ${priorities.join(', ')}`);
    }
    const logs = props.accessLogs;
    if (logs !== undefined && !logs.prefixes.includes(name)) {
      throw new Error(`PublicLoadBalancer ${props.role}: the access-log bucket grants ELB the prefixes ${logs.prefixes.join(', ')}, not this load balancer's ${name}`);
    }
    this.https = props.certificateArn !== undefined;

    this.loadBalancer = new Lb(this, 'alb', {
      name,
      internal: false,
      loadBalancerType: 'application',
      ipAddressType: 'ipv4',
      subnets: [...props.subnetIds],
      securityGroups: [props.securityGroup.id],
      dropInvalidHeaderFields: true,
      desyncMitigationMode: 'defensive',
      enableDeletionProtection: props.deletionProtection ?? true,
      idleTimeout: props.idleTimeoutSeconds ?? 60,
      accessLogs: logs === undefined ? undefined : { bucket: logs.bucket.bucket, prefix: name, enabled: true },
      tags: props.naming.tags(props.role),
      // AWS checks the bucket policy when logging is turned on: created before the policy, the ALB fails with "Access Denied for bucket".
      dependsOn: logs === undefined ? undefined : [logs.policy],
    });

    const forward = { type: 'forward', targetGroupArn: props.defaultTargetGroup.arn };
    if (props.certificateArn === undefined) {
      this.servingListener = new LbListener(this, 'http', {
        loadBalancerArn: this.loadBalancer.arn,
        port: 80,
        protocol: 'HTTP',
        defaultAction: [forward],
        tags: props.naming.tags(`${props.role}-http`),
      });
      const reason = 'No domain is configured, so there is no certificate: HTTP only, which the config allows outside prod';
      suppress(this.loadBalancer, 'TT-ALB-001', reason);
      suppress(this.servingListener, 'TT-ALB-002', reason);
      // Checkov's TLS-version check fails an HTTP listener that forwards instead of redirecting.
      suppressCheckov(this.servingListener, ['CKV_AWS_103'], reason);
    } else {
      new LbListener(this, 'http-redirect', {
        loadBalancerArn: this.loadBalancer.arn,
        port: 80,
        protocol: 'HTTP',
        defaultAction: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }],
        tags: props.naming.tags(`${props.role}-http`),
      });
      this.servingListener = new LbListener(this, 'https', {
        loadBalancerArn: this.loadBalancer.arn,
        port: 443,
        protocol: 'HTTPS',
        sslPolicy: TLS_POLICY,
        certificateArn: props.certificateArn,
        defaultAction: [forward],
        tags: props.naming.tags(`${props.role}-https`),
      });
    }

    // CKV_AWS_378 passes an HTTP target group only when a listener that is not HTTP forwards to it
    // by default (graph_checks/aws/LBTargetGroup.yaml): not one reached through a listener rule.
    if (!this.https) {
      suppressCheckov(props.defaultTargetGroup, ['CKV_AWS_378'], TARGET_GROUP_REASONS.noTls);
    }
    for (const rule of props.rules ?? []) {
      suppressCheckov(rule.targetGroup, ['CKV_AWS_378'], this.https ? TARGET_GROUP_REASONS.throughRule : TARGET_GROUP_REASONS.noTls);
      const condition = [...(rule.hostHeaders === undefined ? [] : [{ hostHeader: { values: [...rule.hostHeaders] } }]), ...(rule.pathPatterns === undefined ? [] : [{ pathPattern: { values: [...rule.pathPatterns] } }])];
      if (condition.length === 0) {
        throw new Error(`PublicLoadBalancer ${props.role}: rule ${rule.priority} needs hostHeaders or pathPatterns`);
      }
      new LbListenerRule(this, `rule-${rule.priority}`, {
        listenerArn: this.servingListener.arn,
        priority: rule.priority,
        action: [{ type: 'forward', targetGroupArn: rule.targetGroup.arn }],
        condition,
        tags: props.naming.tags(`${props.role}-rule-${rule.priority}`),
      });
    }
  }
}
