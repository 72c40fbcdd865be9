import { blocks } from '../json';
import { displayName, ofType, referrers, type Model } from '../model';
import { coversPort, formatPorts, isWorld } from '../ports';
import { internetFacingAlbGroups, type SgRule } from '../topology';
import type { Rule } from './types';

const WEB_PORTS = [80, 443];

function groupName(model: Model, rule: SgRule): string {
  const group = model.byAddress.get(rule.group);
  return group === undefined ? rule.group : displayName(group);
}

function worldIngress(rules: readonly SgRule[]): readonly SgRule[] {
  return rules.filter((rule) => rule.direction === 'ingress' && rule.cidrs.some(isWorld));
}

export const internetIngress: Rule = {
  id: 'TT-SG-001',
  title: 'Internet ingress only to an internet-facing ALB on 80/443',
  severity: 'error',
  fix: 'Admit 0.0.0.0/0 and ::/0 only on the ALB security group, ports 80 and 443; reach everything else from the ALB or the bastion by security-group reference.',
  peers: ['CKV_AWS_260', 'CKV_AWS_277', 'CKV_AWS_25', 'AwsSolutions-EC23', 'AwsSolutions-RDS8'],
  check: ({ model, topology }) => {
    const albGroups = internetFacingAlbGroups(topology);
    return worldIngress(topology.rules)
      .filter((rule) => !(albGroups.has(rule.group) && rule.protocol === 'tcp' && rule.from === rule.to && WEB_PORTS.includes(rule.from)))
      .map((rule) => ({
        address: rule.address,
        message: `${groupName(model, rule)} admits ${rule.cidrs.filter(isWorld).join(' and ')} on ${formatPorts([rule])}${albGroups.has(rule.group) ? ' (an ALB should take only 80/443)' : ''}`,
      }));
  },
};

export const worldSsh: Rule = {
  id: 'TT-SG-002',
  title: 'No SSH from 0.0.0.0/0 or ::/0',
  severity: 'error',
  fix: 'Admit port 22 only from the admin CIDRs on the bastion, or drop SSH and use SSM Session Manager.',
  peers: ['CKV_AWS_24', 'AwsSolutions-EC23', 'NIST.800.53.R5-EC2RestrictedSSH'],
  check: ({ model, topology }) =>
    worldIngress(topology.rules)
      .filter((rule) => coversPort(rule, 22))
      .map((rule) => ({ address: rule.address, message: `${groupName(model, rule)} admits SSH from ${rule.cidrs.filter(isWorld).join(' and ')}` })),
};

export const defaultGroupClosed: Rule = {
  id: 'TT-SG-003',
  title: 'Default security group without rules',
  severity: 'error',
  fix: 'Manage the default group with aws_default_security_group and empty ingress and egress, so nothing that falls back to it gets traffic.',
  peers: ['CKV2_AWS_12', 'NIST.800.53.R5-VPCDefaultSecurityGroupClosed'],
  check: ({ model }) => {
    const open = ofType(model, 'aws_default_security_group')
      .filter((group) => blocks(group.values, 'ingress').length + blocks(group.values, 'egress').length > 0)
      .map((group) => ({ address: group.address, message: `the default security group of ${displayName(group)} keeps ${blocks(group.values, 'ingress').length} ingress and ${blocks(group.values, 'egress').length} egress rules` }));
    const unmanaged = ofType(model, 'aws_vpc')
      .filter((vpc) => referrers(model, vpc, 'vpc_id', 'aws_default_security_group').length === 0)
      .map((vpc) => ({
        address: vpc.address,
        severity: 'warning' as const,
        message: `${displayName(vpc)} leaves its default security group unmanaged, with AWS's rules: all traffic within the group and all egress`,
      }));
    return [...open, ...unmanaged];
  },
};

export const describedRules: Rule = {
  id: 'TT-SG-004',
  title: 'Security groups and their rules say what they are for',
  severity: 'warning',
  fix: 'Give every security group and rule a description: reviews and the console show it.',
  peers: ['CKV_AWS_23', 'AwsSolutions-EC27'],
  check: ({ model, topology }) => {
    const groups = ofType(model, 'aws_security_group')
      .filter((group) => typeof group.values.description !== 'string' || group.values.description === 'Managed by Terraform')
      .map((group) => ({ address: group.address, message: `${displayName(group)} has no description` }));
    const rules = topology.rules
      .filter((rule) => rule.description === undefined || rule.description.trim() === '')
      .map((rule) => ({ address: rule.address, message: `a ${rule.direction} rule of ${groupName(model, rule)} has no description` }));
    return [...groups, ...rules];
  },
};
