import { TerraformStack, Testing } from 'cdktf';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { TARGET_GROUP_REASONS } from '../../src/constructs/public-load-balancer';
import { baselineEntriesOf, type BaselineEntry } from '../../src/review/checkov/baseline';
import { ingressChecksOn, REASONS } from '../../src/review/checkov/stack-exceptions';
import { environmentWithMetadata, resourcesOf, WALKTHROUGH_DEV, type Overrides } from '../support/stacks';
import { parseObject } from './support/json';

// Each exception is declared exactly where Checkov 3.3.13 fails (the policy tier scans these stacks
// with real Checkov and fails on an unused entry); these tests pin where, so a change shows here first.

function entries(environment: string, overrides: Overrides = {}): readonly BaselineEntry[] {
  return baselineEntriesOf(parseObject(environmentWithMetadata(environment, overrides)));
}

const of = (list: readonly BaselineEntry[], checkId: string): string[] => list.filter((entry) => entry.checkId === checkId).map((entry) => entry.address.split('.')[0]);
const reasonsOf = (list: readonly BaselineEntry[], checkId: string): string[] => [...new Set(list.filter((entry) => entry.checkId === checkId).map((entry) => entry.reason))];
const ADMIN = { TT__access__adminCidrs: '["203.0.113.10/32"]', TT__access__bastion__keyName: 'ops' };
const DOMAIN = { TT__dns__domain: 'three-tier-shop.co.kr' };

function rule(from: number | undefined, to: number | undefined): VpcSecurityGroupIngressRule {
  const stack = new TerraformStack(Testing.app(), 'stack');
  const group = new SecurityGroup(stack, 'group', {});
  return new VpcSecurityGroupIngressRule(stack, 'rule', { securityGroupId: group.id, ipProtocol: 'tcp', fromPort: from, toPort: to, referencedSecurityGroupId: group.id });
}

describe("Checkov's unrestricted-ingress checks on a rule's ports, as AbsSecurityGroupUnrestrictedIngress reads them", () => {
  it.each([
    [22, 22, ['CKV_AWS_24']],
    [80, 80, ['CKV_AWS_260']],
    [443, 443, []],
    [3306, 3306, []],
    [0, 0, ['CKV_AWS_24', 'CKV_AWS_25', 'CKV_AWS_260']],
    [0, 65535, ['CKV_AWS_24', 'CKV_AWS_25', 'CKV_AWS_260']],
    [-1, -1, ['CKV_AWS_277']],
    [20, 79, ['CKV_AWS_24']],
  ])('%i to %i: %j', (from, to, checks) => {
    expect(ingressChecksOn(rule(from, to))).toEqual(checks);
  });

  it('no ports (ip_protocol -1): none, as Checkov cannot read a port range', () => {
    expect(ingressChecksOn(rule(undefined, undefined))).toEqual([]);
  });
});

describe('Checkov false positive #6624: a rule whose only source is another security group', () => {
  it('dev: the frontend rule from the ALB on port 80 is excepted, with the upstream issue in its reason', () => {
    const dev = entries('dev');
    const port80 = dev.filter((entry) => entry.checkId === 'CKV_AWS_260');
    expect(port80.map((entry) => [entry.address.replace(/_[0-9A-F]{8}$/, ''), entry.reason])).toEqual([
      ['aws_vpc_security_group_ingress_rule.security-groups_alb-in-80-0000--0', REASONS.albPort80],
      ['aws_vpc_security_group_ingress_rule.security-groups_frontend-in-80-alb', REASONS.sourceGroupRule],
    ]);
    expect(REASONS.sourceGroupRule).toContain('bridgecrewio/checkov#6624');
  });

  it('no SSH exception (CKV_AWS_24) anywhere: no rule admits SSH from another group, the app instances are reached through Session Manager', () => {
    for (const stack of [entries('dev'), entries('prod'), entries('dev', ADMIN), entries('dev', WALKTHROUGH_DEV)]) {
      expect(of(stack, 'CKV_AWS_24')).toEqual([]);
    }
  });

  it('never a rule with a CIDR: the bastion from an admin CIDR and the ALB on 443 are not excepted; ::/0 on 80 neither (Checkov never flags it)', () => {
    const dev = parseObject(environmentWithMetadata('dev', ADMIN));
    const excepted = new Set(baselineEntriesOf(dev).map((entry) => entry.address));
    const rules = resourcesOf(JSON.stringify(dev), 'aws_vpc_security_group_ingress_rule');
    const withCidr = Object.entries(rules).filter(([, resource]) => resource.cidr_ipv6 !== undefined || (resource.cidr_ipv4 !== undefined && resource.from_port !== 80));
    expect(withCidr.length).toBeGreaterThanOrEqual(3);
    expect(withCidr.filter(([name]) => excepted.has(`aws_vpc_security_group_ingress_rule.${name}`))).toEqual([]);
  });
});

describe('target groups forwarding HTTP (CKV_AWS_378) and the HTTP listener (CKV_AWS_103)', () => {
  it('dev without a domain: every target group and the serving HTTP listener, with the no-TLS reason (not "TLS ends at the ALB")', () => {
    const dev = entries('dev');
    expect(of(dev, 'CKV_AWS_378')).toEqual(['aws_lb_target_group', 'aws_lb_target_group']);
    expect(reasonsOf(dev, 'CKV_AWS_378')).toEqual([TARGET_GROUP_REASONS.noTls]);
    expect(TARGET_GROUP_REASONS.noTls).not.toContain('TLS ends');
    expect(of(dev, 'CKV_AWS_103')).toEqual(['aws_lb_listener']);
  });

  it("with HTTPS: only a target group reached through a listener rule (the shared ALB's API), none per tier", () => {
    expect(of(entries('prod'), 'CKV_AWS_378')).toEqual([]);
    expect(of(entries('prod'), 'CKV_AWS_103')).toEqual([]);
    const shared = entries('prod', { TT__loadBalancing__topology: 'shared' });
    expect(shared.filter((entry) => entry.checkId === 'CKV_AWS_378').map((entry) => entry.address.replace(/_[0-9A-F]{8}$/, ''))).toEqual(['aws_lb_target_group.backend-tier_target-group']);
    expect(reasonsOf(shared, 'CKV_AWS_378')).toEqual([TARGET_GROUP_REASONS.throughRule]);
    expect(of(entries('dev', DOMAIN), 'CKV_AWS_103')).toEqual([]);
  });
});

describe("Elastic IPs (CKV2_AWS_19): only the NAT instance's, unattached in Terraform", () => {
  it('dev (NAT instance): its EIP, which the instance associates at boot; prod (NAT gateways, bastion): none, as those pass', () => {
    expect(
      entries('dev')
        .filter((entry) => entry.checkId === 'CKV2_AWS_19')
        .map((entry) => [entry.address.replace(/_[0-9A-F]{8}$/, ''), entry.reason]),
    ).toEqual([['aws_eip.network_nat-instance-ap-northeast-2a_eip', REASONS.natEip]]);
    expect(of(entries('prod'), 'CKV2_AWS_19')).toEqual([]);
    expect(of(entries('dev', WALKTHROUGH_DEV), 'CKV2_AWS_19')).toEqual([]);
    expect(Object.values(REASONS).join(' ')).not.toContain('vpc = true');
  });
});

describe('Performance Insights (CKV_AWS_353, CKV_AWS_354)', () => {
  it('off on a micro class: nothing, since Checkov leaves the check UNKNOWN there', () => {
    expect(entries('dev').filter((entry) => entry.checkId.startsWith('CKV_AWS_35'))).toEqual([]);
  });

  it('off on a class that offers it: CKV_AWS_353 in dev; on without a customer key: CKV_AWS_354 in dev; prod excuses neither', () => {
    expect(of(entries('dev', { TT__database__instanceClass: 'db.t4g.medium' }), 'CKV_AWS_353')).toEqual(['aws_db_instance']);
    const insights = entries('dev', { TT__database__instanceClass: 'db.t4g.medium', TT__database__performanceInsights: 'true' });
    expect([of(insights, 'CKV_AWS_353'), of(insights, 'CKV_AWS_354')]).toEqual([[], ['aws_db_instance']]);
    expect(reasonsOf(insights, 'CKV_AWS_354')).toEqual(['encryption.customerKey is off in dev: Performance Insights encrypts its data with the AWS managed key aws/rds']);
    expect(entries('prod', { TT__database__performanceInsights: 'false' }).filter((entry) => entry.checkId.startsWith('CKV_AWS_35'))).toEqual([]);
  });
});

describe('an instance without ebs_optimized (CKV_AWS_135)', () => {
  it('excepted for a type EBS-optimized by default, not for one that is not (a real finding then)', () => {
    expect(of(entries('prod'), 'CKV_AWS_135')).toEqual(['aws_instance']);
    expect(of(entries('dev', { ...ADMIN, TT__access__bastion__instanceType: 't4g.micro' }), 'CKV_AWS_135')).toEqual(['aws_instance']);
    expect(of(entries('dev', { ...ADMIN, TT__access__bastion__instanceType: 't2.micro' }), 'CKV_AWS_135')).toEqual([]);
  });
});

describe('flow logs off (CKV2_AWS_11)', () => {
  it('outside prod, the config choice is the reason; with flow logs on there is nothing to except', () => {
    const walkthrough = entries('dev', WALKTHROUGH_DEV);
    expect(walkthrough.filter((entry) => entry.checkId === 'CKV2_AWS_11').map((entry) => [entry.source, entry.reason])).toEqual([
      ['TT-VPC-002', 'network.flowLogs.enabled is off in dev: connections leave no trace, which the config allows outside prod (about $4 a month saved)'],
    ]);
    expect(of(entries('dev'), 'CKV2_AWS_11')).toEqual([]);
  });
});
