import { Testing } from 'cdktf';
import { Naming } from '../../src/constructs/naming';
import { WebAcl } from '../../src/constructs/web-acl';
import { resourcesOf, synthEnvironment } from '../support/stacks';

type Json = Record<string, unknown>;

function webAclOf(synthesized: string): Json {
  const acls = Object.values(resourcesOf(synthesized, 'aws_wafv2_web_acl'));
  expect(acls).toHaveLength(1);
  return acls[0];
}
const rules = (acl: Json): Json[] => (Array.isArray(acl.rule) ? (acl.rule as Json[]) : []);
const groupStatement = (rule: Json): Json => ((rule.statement as Json).managed_rule_group_statement ?? {}) as Json;

describe('the WAF log', () => {
  it('redacts the authorization and cookie headers, one field per redacted_fields block (AWS refuses two in one), in lower case (the provider refuses others)', () => {
    const logging = Object.values(resourcesOf(synthEnvironment('prod'), 'aws_wafv2_web_acl_logging_configuration'));
    expect(logging).toHaveLength(1);
    expect(logging[0].redacted_fields).toEqual([{ single_header: { name: 'authorization' } }, { single_header: { name: 'cookie' } }]);
  });
});

describe('waf.mode and the common rule set overrides', () => {
  it('block mode (the default): managed groups act, the rate rule blocks, and the body-size and no-User-Agent rules only count', () => {
    const acl = webAclOf(synthEnvironment('prod'));
    for (const rule of rules(acl).filter((candidate) => candidate.override_action !== undefined)) {
      expect(rule.override_action).toEqual({ none: {} });
    }
    expect(rules(acl).find((rule) => rule.name === 'rate-limit-per-ip')?.action).toEqual({ block: {} });
    const common = rules(acl).find((rule) => rule.name === 'AWSManagedRulesCommonRuleSet');
    expect(common === undefined ? undefined : groupStatement(common).rule_action_override).toEqual([
      { name: 'SizeRestrictions_BODY', action_to_use: { count: {} } },
      { name: 'NoUserAgent_HEADER', action_to_use: { count: {} } },
    ]);
    // Only the common rule set and the hosting-provider rule are overridden; Log4Shell (known bad inputs) keeps blocking.
    for (const rule of rules(acl).filter((candidate) => !['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesAnonymousIpList'].includes(String(candidate.name)) && candidate.override_action !== undefined)) {
      expect(groupStatement(rule)).not.toHaveProperty('rule_action_override');
    }
  });

  it('count mode counts what could block real users: the managed groups and the rate rule; known bad inputs (Log4Shell, CKV_AWS_192) keep blocking', () => {
    const acl = webAclOf(synthEnvironment('prod', { TT_PROD__waf__mode: 'count' }));
    const managed = rules(acl).filter((rule) => rule.override_action !== undefined);
    expect(managed.length).toBeGreaterThanOrEqual(3);
    for (const rule of managed) {
      expect([rule.name, rule.override_action]).toEqual([rule.name, rule.name === 'AWSManagedRulesKnownBadInputsRuleSet' ? { none: {} } : { count: {} }]);
      expect(groupStatement(rule)).not.toHaveProperty('rule_action_override');
    }
    expect(rules(acl).find((rule) => rule.name === 'rate-limit-per-ip')?.action).toEqual({ count: {} });
  });

  it('overrides can put a rule back to block, or remove both overrides', () => {
    const blocking = webAclOf(synthEnvironment('prod', { TT_PROD__waf__commonRuleOverrides: '{"SizeRestrictions_BODY":"block","NoUserAgent_HEADER":"block","CrossSiteScripting_BODY":"count"}' }));
    const common = rules(blocking).find((rule) => rule.name === 'AWSManagedRulesCommonRuleSet');
    expect(common === undefined ? undefined : groupStatement(common).rule_action_override).toEqual([
      { name: 'SizeRestrictions_BODY', action_to_use: { block: {} } },
      { name: 'NoUserAgent_HEADER', action_to_use: { block: {} } },
      { name: 'CrossSiteScripting_BODY', action_to_use: { count: {} } },
    ]);
    // Objects merge key by key: a null removes one override.
    const none = webAclOf(synthEnvironment('prod', { TT_PROD__waf__commonRuleOverrides__SizeRestrictions_BODY: 'null', TT_PROD__waf__commonRuleOverrides__NoUserAgent_HEADER: 'null' }));
    const bare = rules(none).find((rule) => rule.name === 'AWSManagedRulesCommonRuleSet');
    expect(bare === undefined ? undefined : groupStatement(bare)).toEqual({ name: 'AWSManagedRulesCommonRuleSet', vendor_name: 'AWS' });
  });

  it('the anonymous-IP list blocks VPNs, Tor and proxies but only counts cloud and hosting providers (API clients on servers), unless waf.blockHostingProviders', () => {
    const anonymous = (acl: Json): Json | undefined => rules(acl).find((rule) => rule.name === 'AWSManagedRulesAnonymousIpList');
    const counted = anonymous(webAclOf(synthEnvironment('prod')));
    expect(counted?.override_action).toEqual({ none: {} });
    expect(counted === undefined ? undefined : groupStatement(counted).rule_action_override).toEqual([{ name: 'HostingProviderIPList', action_to_use: { count: {} } }]);
    const blocked = anonymous(webAclOf(synthEnvironment('prod', { TT_PROD__waf__blockHostingProviders: 'true' })));
    expect(blocked === undefined ? undefined : groupStatement(blocked)).toEqual({ name: 'AWSManagedRulesAnonymousIpList', vendor_name: 'AWS' });
  });

  it('the construct refuses a rule the common rule set does not have', () => {
    expect(() => new WebAcl(Testing.app(), 'w', { naming: new Naming('t', 'prod'), loadBalancerArns: ['arn'], commonRuleOverrides: { SizeRestrictions_Body: 'count' } })).toThrow(
      'WebAcl commonRuleOverrides: SizeRestrictions_Body is not a rule of AWSManagedRulesCommonRuleSet',
    );
  });
});
