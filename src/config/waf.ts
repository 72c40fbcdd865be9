/** What the web ACL does with what its rules match: `count` only counts (and logs), `block` blocks. */
export const WAF_MODES = ['block', 'count'] as const;
export type WafMode = (typeof WAF_MODES)[number];

/** What a rule of the common rule set may be overridden to. */
export const RULE_OVERRIDE_ACTIONS = ['count', 'block'] as const;
export type RuleOverrideAction = (typeof RULE_OVERRIDE_ACTIONS)[number];

/**
 * The rules of AWS's core rule set (AWSManagedRulesCommonRuleSet, version 1.x), whose action a web
 * ACL may override one by one (AWS WAF developer guide, "Baseline rule groups").
 */
export const COMMON_RULE_SET_RULES = [
  'NoUserAgent_HEADER',
  'UserAgent_BadBots_HEADER',
  'SizeRestrictions_QUERYSTRING',
  'SizeRestrictions_Cookie_HEADER',
  'SizeRestrictions_BODY',
  'SizeRestrictions_URIPATH',
  'EC2MetaDataSSRF_BODY',
  'EC2MetaDataSSRF_COOKIE',
  'EC2MetaDataSSRF_URIPATH',
  'EC2MetaDataSSRF_QUERYARGUMENTS',
  'GenericLFI_QUERYARGUMENTS',
  'GenericLFI_URIPATH',
  'GenericLFI_BODY',
  'RestrictedExtensions_URIPATH',
  'RestrictedExtensions_QUERYARGUMENTS',
  'GenericRFI_QUERYARGUMENTS',
  'GenericRFI_BODY',
  'GenericRFI_URIPATH',
  'CrossSiteScripting_COOKIE',
  'CrossSiteScripting_QUERYARGUMENTS',
  'CrossSiteScripting_BODY',
  'CrossSiteScripting_URIPATH',
] as const;
