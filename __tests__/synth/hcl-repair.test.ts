// The repairs of cdktf 0.21's HCL (src/synth/hcl-repair.ts), each on the lines the renderer really
// writes (copied from `cdktf synth --hcl` of the shipped stacks). The terraform tier parses, formats and
// validates the whole mended output of every stack (__tests__/terraform/hcl.test.ts).
import { escapeTemplateLiteral, repairHcl, splitBlocks } from '../../src/synth/hcl-repair';

const noRepairs = { escaped: [], restoredOverrides: [], restoredEmptyLists: [], conditionBlocks: [], nestedBlocks: [], unquotedReferences: [], lostOverrides: [] };

describe('repairHcl', () => {
  it('escapes the quotes of a string holding ${...}, and only outside the interpolations', () => {
    expect(escapeTemplateLiteral('{"Resource":["${aws_s3_bucket.b.arn}/*"],"Sid":"a\\"b"}')).toBe('{\\"Resource\\":[\\"${aws_s3_bucket.b.arn}/*\\"],\\"Sid\\":\\"a\\\\\\"b\\"}');
    expect(escapeTemplateLiteral('x-${formatdate("YYYY", timestamp())}-$${literal}')).toBe('x-${formatdate("YYYY", timestamp())}-$${literal}');
    const { hcl, repairs } = repairHcl('resource "aws_iam_role_policy" "p" {\npolicy = "{"Resource":"${aws_db_instance.d.arn}"}"\n}', {});
    expect(hcl).toBe('resource "aws_iam_role_policy" "p" {\npolicy = "{\\"Resource\\":\\"${aws_db_instance.d.arn}\\"}"\n}');
    expect(repairs.escaped).toEqual(['resource "aws_iam_role_policy" "p" policy']);
  });

  it('writes back a stack-level override the renderer wrote as `0 = "<key>"`, with the JSON\'s value', () => {
    const raw = 'terraform {\nbackend "s3" {\nuse_lockfile = true\n}\n\n  0 = "required_version"\n}';
    const { hcl, repairs } = repairHcl(raw, { terraform: { required_version: '>= 1.10' } });
    expect(hcl).toBe('terraform {\nbackend "s3" {\nuse_lockfile = true\n}\n\nrequired_version = ">= 1.10"\n}');
    expect(repairs.restoredOverrides).toEqual(['terraform.required_version']);
    // A value HCL cannot take as a literal is left out, and said so.
    expect(repairHcl(raw, { terraform: { required_version: { x: 1 } } }).repairs.lostOverrides).toEqual(['terraform.required_version']);
  });

  it("writes back the empty lists the renderer drops (ingress = [] removes the default group's rules)", () => {
    const raw = 'resource "aws_default_security_group" "g" {\n\n\ntags = {\nName = "closed"\n}\n}';
    const { hcl, repairs } = repairHcl(raw, { resource: { aws_default_security_group: { g: { egress: [], ingress: [], tags: { Name: 'closed' } } } } });
    expect(hcl.split('\n').slice(0, 3)).toEqual(['resource "aws_default_security_group" "g" {', 'egress = []', 'ingress = []']);
    expect(repairs.restoredEmptyLists).toEqual(['aws_default_security_group.g.egress', 'aws_default_security_group.g.ingress']);
  });

  it('turns a precondition list into blocks', () => {
    const raw = [
      'resource "aws_acm_certificate" "c" {',
      'lifecycle {',
      '  create_before_destroy = true',
      '  precondition = [',
      '{',
      'condition = "${length(local.d) > 0}"',
      'error_message = "set dns.domain"',
      '},',
      ']',
      '}',
      '}',
    ].join('\n');
    const { hcl, repairs } = repairHcl(raw, {});
    expect(hcl.split('\n')).toEqual([
      'resource "aws_acm_certificate" "c" {',
      'lifecycle {',
      '  create_before_destroy = true',
      'precondition {',
      'condition = "${length(local.d) > 0}"',
      'error_message = "set dns.domain"',
      '}',
      '}',
      '}',
    ]);
    expect(repairs.conditionBlocks).toEqual(['resource "aws_acm_certificate" "c" precondition']);
  });

  it('unquotes references in depends_on and ignore_changes', () => {
    const raw = ['resource "aws_eip" "e" {', 'depends_on = [', '"aws_internet_gateway.gw",', ']', 'lifecycle {', '  ignore_changes = [', '"desired_capacity",', ']', '}', '}'].join('\n');
    expect(repairHcl(raw, {}).hcl.split('\n')).toEqual(['resource "aws_eip" "e" {', 'depends_on = [', 'aws_internet_gateway.gw,', ']', 'lifecycle {', '  ignore_changes = [', 'desired_capacity,', ']', '}', '}']);
  });

  it("writes an attribute of a skipped type (the WAF rule statement) as nested blocks, without the renderer's warning", () => {
    const raw = [
      'resource "aws_wafv2_web_acl" "w" {',
      'rule {',
      'name = "common"',
      '',
      "# Warning: The following attribute is of an unexpected type. Either there's a problem with the provider",
      '# Please check if this resource is included in our skip list: ',
      '# We understand this is not ideal, so we suggest using JSON synthesis instead of HCL synthesis for this particular case.',
      '',
      'statement = {',
      'managed_rule_group_statement = {',
      'name = "AWSManagedRulesCommonRuleSet"',
      '}',
      '}',
      'visibility_config {',
      '}',
      '}',
      '}',
    ].join('\n');
    const { hcl, repairs } = repairHcl(raw, {});
    expect(hcl.split('\n')).toEqual([
      'resource "aws_wafv2_web_acl" "w" {',
      'rule {',
      'name = "common"',
      '',
      'statement {',
      'managed_rule_group_statement {',
      'name = "AWSManagedRulesCommonRuleSet"',
      '}',
      '}',
      'visibility_config {',
      '}',
      '}',
      '}',
    ]);
    expect(repairs.nestedBlocks).toEqual(['resource "aws_wafv2_web_acl" "w" statement']);
  });

  it("writes a list of objects inside such an attribute (the managed group's rule_action_override) as one nested block per element", () => {
    const raw = [
      'resource "aws_wafv2_web_acl" "w" {',
      'rule {',
      "# Warning: The following attribute is of an unexpected type. Either there's a problem with the provider",
      '# We understand this is not ideal, so we suggest using JSON synthesis instead of HCL synthesis for this particular case.',
      'statement = {',
      'managed_rule_group_statement = {',
      'name = "AWSManagedRulesCommonRuleSet"',
      'rule_action_override = [',
      '{',
      'name = "SizeRestrictions_BODY"',
      'action_to_use = {',
      'count = {',
      '}',
      '}',
      '},',
      '{',
      'name = "NoUserAgent_HEADER"',
      'action_to_use = {',
      'count = {',
      '}',
      '}',
      '}',
      ']',
      '}',
      '}',
      '}',
      '}',
    ].join('\n');
    const blocks = (name: string): string[] => ['rule_action_override {', `name = "${name}"`, 'action_to_use {', 'count {', '}', '}', '}'];
    expect(repairHcl(raw, {}).hcl.split('\n')).toEqual([
      'resource "aws_wafv2_web_acl" "w" {',
      'rule {',
      'statement {',
      'managed_rule_group_statement {',
      'name = "AWSManagedRulesCommonRuleSet"',
      ...blocks('SizeRestrictions_BODY'),
      ...blocks('NoUserAgent_HEADER'),
      '}',
      '}',
      '}',
      '}',
    ]);
  });

  it('leaves HCL without the defects as it is', () => {
    const raw = 'provider "aws" {\nregion = "ap-northeast-2"\n}\nresource "aws_vpc" "v" {\ncidr_block = "10.0.0.0/16"\n}';
    expect(repairHcl(raw, { resource: { aws_vpc: { v: { cidr_block: '10.0.0.0/16' } } } })).toEqual({ hcl: raw, repairs: noRepairs });
    expect(splitBlocks(raw)).toHaveLength(2);
  });
});
