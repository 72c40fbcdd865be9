import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Wafv2WebAcl, type Wafv2WebAclRule } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { Construct } from 'constructs';
import { COMMON_RULE_SET_RULES, type RuleOverrideAction, type WafMode } from '../config/waf';
import { Naming } from './naming';

/**
 * AWS managed rule groups every web ACL carries (each $1 a month; none of the paid ones). The
 * anonymous-IP list (VPNs, Tor, proxies, hosting providers) completes what Checkov's CKV2_AWS_76 asks.
 */
export const MANAGED_RULE_GROUPS = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesAnonymousIpList'] as const;

/** The rule of AWSManagedRulesAnonymousIpList that matches cloud and hosting providers' addresses. */
export const HOSTING_PROVIDER_RULE = 'HostingProviderIPList';

/** The managed group that blocks in count mode too: exploit payloads are never legitimate traffic (CKV_AWS_192). */
export const ALWAYS_BLOCKING_GROUP = 'AWSManagedRulesKnownBadInputsRuleSet';

/** Request headers the WAF log never holds: credentials and session tokens. Lower case: the provider refuses others. */
export const REDACTED_HEADERS = ['authorization', 'cookie'] as const;

/** WAF requires this prefix on a CloudWatch Logs destination. */
export const WAF_LOG_GROUP_PREFIX = 'aws-waf-logs-';

export interface WebAclProps {
  readonly naming: Naming;
  /** The internet-facing ALBs to protect (a shared ALB once). */
  readonly loadBalancerArns: readonly string[];
  /**
   * Requests one client IP may send in any 5 minutes before the rate rule blocks it.
   * @default 2000
   */
  readonly rateLimitPer5Minutes?: number;
  /**
   * Days CloudWatch keeps the WAF logs.
   * @default 90
   */
  readonly logRetentionDays?: number;
  /**
   * Customer managed KMS key for the log group.
   * @default undefined (CloudWatch's own encryption)
   */
  readonly logKmsKeyArn?: string;
  /**
   * `block` acts on what the rules match; `count` only counts and logs it, for a first week of real
   * traffic before blocking, except the known-bad-inputs group (ALWAYS_BLOCKING_GROUP), which blocks.
   * @default 'block'
   */
  readonly mode?: WafMode;
  /**
   * Actions for single rules of AWSManagedRulesCommonRuleSet in block mode, such as
   * `{ SizeRestrictions_BODY: 'count' }` for an API that takes bodies over 8 KB.
   * @default {}
   */
  readonly commonRuleOverrides?: Readonly<Record<string, RuleOverrideAction>>;
  /**
   * Whether the anonymous-IP list's HostingProviderIPList rule blocks: it matches every request from a
   * cloud or hosting provider's addresses, so server-to-server API clients and uptime checks too. Off,
   * it counts and logs them; the list's VPN, Tor and proxy rule blocks either way.
   * @default false
   */
  readonly blockHostingProviders?: boolean;
}

/**
 * An AWS WAF web ACL (regional) on the internet-facing ALBs: the AWS managed common rule set, known
 * bad inputs (Log4Shell among them), the Amazon IP reputation and anonymous IP lists, then a per-IP rate limit;
 * everything else is allowed. In count mode every rule but known bad inputs only counts. Its log goes to CloudWatch Logs
 * without the Authorization and Cookie headers.
 */
export class WebAcl extends Construct {
  public readonly webAcl: Wafv2WebAcl;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly mode: WafMode;
  /** The web ACL's CloudWatch metric name: the value of the WebACL dimension of its metrics. */
  public readonly metricName: string;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const rateLimit = props.rateLimitPer5Minutes ?? 2000;
    if (!Number.isInteger(rateLimit) || rateLimit < 100 || rateLimit > 2_000_000_000) {
      throw new Error(`WebAcl rateLimitPer5Minutes must be an integer from 100 to 2000000000, got ${rateLimit}`);
    }
    if (props.loadBalancerArns.length === 0) {
      throw new Error('WebAcl needs at least one load balancer to protect');
    }
    const { naming } = props;
    const mode = props.mode ?? 'block';
    const unknown = Object.keys(props.commonRuleOverrides ?? {}).filter((rule) => !COMMON_RULE_SET_RULES.some((known) => known === rule));
    if (unknown.length > 0) {
      throw new Error(`WebAcl commonRuleOverrides: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a rule' : 'are not rules'} of AWSManagedRulesCommonRuleSet`);
    }
    this.mode = mode;
    this.metricName = naming.name('web-acl');
    const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });
    // Per-rule overrides live inside the group's statement; in count mode the group's own override counts every rule anyway.
    const overrides = Object.entries(props.commonRuleOverrides ?? {}).map(([rule, action]) => ({ name: rule, action_to_use: { [action]: {} } }));
    const anonymousOverrides = props.blockHostingProviders === true ? [] : [{ name: HOSTING_PROVIDER_RULE, action_to_use: { count: {} } }];
    const managed: Wafv2WebAclRule[] = MANAGED_RULE_GROUPS.map((name, index) => ({
      name,
      priority: (index + 1) * 10,
      // Count mode counts what could block real users; known bad inputs (Log4Shell among them) never are, and keep blocking.
      overrideAction: mode === 'count' && name !== ALWAYS_BLOCKING_GROUP ? { count: {} } : { none: {} },
      statement: {
        managed_rule_group_statement: {
          name,
          vendor_name: 'AWS',
          ...(name === 'AWSManagedRulesCommonRuleSet' && mode === 'block' && overrides.length > 0 ? { rule_action_override: overrides } : {}),
          ...(name === 'AWSManagedRulesAnonymousIpList' && mode === 'block' && anonymousOverrides.length > 0 ? { rule_action_override: anonymousOverrides } : {}),
        },
      },
      visibilityConfig: visibility(name),
    }));
    const rate: Wafv2WebAclRule = {
      name: 'rate-limit-per-ip',
      priority: (MANAGED_RULE_GROUPS.length + 1) * 10,
      action: mode === 'count' ? { count: {} } : { block: {} },
      statement: { rate_based_statement: { limit: rateLimit, aggregate_key_type: 'IP' } },
      visibilityConfig: visibility('rate-limit-per-ip'),
    };
    this.webAcl = new Wafv2WebAcl(this, 'web-acl', {
      name: naming.name('web-acl'),
      description: 'Managed common, known-bad-input, IP-reputation and anonymous-IP rules, then a per-IP rate limit',
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      rule: [...managed, rate],
      visibilityConfig: visibility(this.metricName),
      tags: naming.tags('web-acl'),
    });
    props.loadBalancerArns.forEach((resourceArn, index) => {
      new Wafv2WebAclAssociation(this, `association-${index}`, { resourceArn, webAclArn: this.webAcl.arn });
    });
    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `${WAF_LOG_GROUP_PREFIX}${naming.prefix}`,
      retentionInDays: props.logRetentionDays ?? 90,
      kmsKeyId: props.logKmsKeyArn,
      tags: naming.tags('waf-logs'),
    });
    new Wafv2WebAclLoggingConfiguration(this, 'logging', {
      resourceArn: this.webAcl.arn,
      logDestinationConfigs: [this.logGroup.arn],
      // One field per redacted_fields block: AWS refuses two in one (EXACTLY_ONE_CONDITION_REQUIRED).
      redactedFields: REDACTED_HEADERS.map((name) => ({ singleHeader: { name } })),
    });
  }
}
