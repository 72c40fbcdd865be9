import { blocks } from '../json';
import { displayName, ofType, possibleReferrers, referrers, type Model } from '../model';
import { isPublicRange } from '../cidr';
import { isOverlyWide, opensToWorld } from '../internet-coverage';
import { coversPort, formatPorts, intersect, type PortRange } from '../ports';
import { portsOpenTo } from '../reachability';
import { internetFacingAlbGroups, isLoadBalancer, type SgRule, type Topology } from '../topology';
import type { Rule, Violation } from './types';

const WEB_PORTS = [80, 443];
const SSH: PortRange = { protocol: 'tcp', from: 22, to: 22 };

function groupName(model: Model, rule: SgRule): string {
  const group = model.byAddress.get(rule.group);
  return group === undefined ? (rule.groupUnknown === undefined ? rule.group : `the group of ${rule.address}`) : displayName(group);
}

/** Public sources of a rule: what the internet check is about (private ranges stay inside the network). */
function publicCidrs(rule: SgRule): readonly string[] {
  return rule.cidrs.filter((cidr) => isPublicRange(cidr) || isOverlyWide([cidr]));
}

type OpenRule = { readonly rule: SgRule; readonly ports: readonly PortRange[] };
const openIngressCache = new WeakMap<readonly SgRule[], Map<(cidrs: readonly string[]) => boolean, readonly OpenRule[]>>();

/**
 * Ingress rules that, alone or with the other rules of their group, open ports to sources `admits`
 * accepts: 0.0.0.0/1 on one rule and 128.0.0.0/1 on another open the port to the world together.
 */
function openIngress(rules: readonly SgRule[], admits: (cidrs: readonly string[]) => boolean): readonly OpenRule[] {
  // TT-SG-001 and TT-SG-002 ask the same question of the same rules: answered once.
  const cached = openIngressCache.get(rules)?.get(admits);
  if (cached !== undefined) {
    return cached;
  }
  const answer = openIngressAnew(rules, admits);
  const byAdmits = openIngressCache.get(rules) ?? new Map<(cidrs: readonly string[]) => boolean, readonly OpenRule[]>();
  byAdmits.set(admits, answer);
  openIngressCache.set(rules, byAdmits);
  return answer;
}

function openIngressAnew(rules: readonly SgRule[], admits: (cidrs: readonly string[]) => boolean): readonly OpenRule[] {
  const ingress = rules.filter((rule) => rule.direction === 'ingress');
  const byGroup = new Map<string, SgRule[]>();
  for (const rule of ingress) {
    // A rule whose group is unresolved is judged alone: what it opens, it opens to some group.
    const group = rule.groupUnknown === undefined ? rule.group : rule.address;
    const list = byGroup.get(group);
    if (list === undefined) {
      byGroup.set(group, [rule]);
    } else {
      list.push(rule);
    }
  }
  return [...byGroup.values()].flatMap((own) => {
    const open = portsOpenTo(own, admits);
    // A rule that opens nothing alone is named only where no rule opens the port alone: the office range beside 0.0.0.0/0 is not the problem.
    const alone = portsOpenTo(
      own.filter((rule) => admits(rule.cidrs)),
      admits,
    );
    return own.flatMap((rule) => {
      const overlap = publicCidrs(rule).length === 0 ? [] : open.map((range) => intersect(rule, range)).filter((range): range is PortRange => range !== undefined);
      const ports = admits(rule.cidrs) ? overlap : overlap.filter((range) => !alone.some((wide) => intersect(wide, range)?.from === range.from && intersect(wide, range)?.to === range.to));
      return ports.length === 0 ? [] : [{ rule, ports }];
    });
  });
}

/** Ingress rules whose sources cannot be resolved: whether they admit the internet is unknown. */
function unresolvedIngress(rules: readonly SgRule[]): readonly SgRule[] {
  return rules.filter((rule) => rule.direction === 'ingress' && rule.unknownCidrs.length > 0);
}

/** Internet-facing load balancers whose groups are unknown: a group open on 80/443 may be theirs. */
function loadBalancersWithUnknownGroups(topology: Topology): readonly string[] {
  return topology.components.filter((component) => isLoadBalancer(component.kind) && component.publicIp && component.unknown.groups.length > 0).map((component) => component.label);
}

function webOnly(ports: readonly PortRange[]): boolean {
  return ports.every((range) => range.protocol === 'tcp' && range.from === range.to && WEB_PORTS.includes(range.from));
}

export const internetIngress: Rule = {
  id: 'TT-SG-001',
  title: 'Internet ingress only to an internet-facing ALB on 80/443',
  severity: 'error',
  fix: 'Admit 0.0.0.0/0 and ::/0 only on the ALB security group, ports 80 and 443; reach everything else from the ALB or the bastion by security-group reference.',
  peers: ['CKV_AWS_260', 'CKV_AWS_277', 'CKV_AWS_25', 'AwsSolutions-EC23', 'AwsSolutions-RDS8'],
  check: ({ model, topology }) => {
    const albGroups = internetFacingAlbGroups(topology);
    const unknownBalancers = loadBalancersWithUnknownGroups(topology);
    const open = openIngress(topology.rules, isOverlyWide)
      .filter(({ rule, ports }) => !(albGroups.has(rule.group) && webOnly(ports)))
      .map(({ rule, ports }): Violation => {
        const admits = `admits ${publicCidrs(rule).join(' and ')}${opensToWorld(rule.cidrs) ? '' : isOverlyWide(rule.cidrs) ? ' (wider than any organisation owns: the internet)' : ' (with its other rules: the whole internet)'} on ${formatPorts(ports)}`;
        if (webOnly(ports) && (unknownBalancers.length > 0 || rule.groupUnknown !== undefined)) {
          // 80/443 from the world is right on an internet-facing load balancer, and whose group this is the input does not say.
          const why = rule.groupUnknown ?? `the groups of ${unknownBalancers.join(', ')} are unknown`;
          return {
            address: rule.address,
            severity: 'warning',
            subject: { about: rule.group, ports, facts: publicCidrs(rule) },
            message: `unknown whether ${groupName(model, rule)} is an internet-facing load balancer's group: it ${admits}, and ${why}`,
          };
        }
        return {
          address: rule.address,
          subject: { about: rule.group, ports, facts: publicCidrs(rule) },
          message: `${groupName(model, rule)} ${admits}${albGroups.has(rule.group) ? ' (an ALB should take only 80/443)' : ''}`,
        };
      });
    const unknown = unresolvedIngress(topology.rules).map((rule): Violation => ({
      address: rule.address,
      severity: 'warning',
      subject: { about: rule.group, ports: [{ protocol: rule.protocol, from: rule.from, to: rule.to }], facts: rule.unknownCidrs },
      message: `unknown whether ${groupName(model, rule)} admits the internet on ${formatPorts([rule])}: its sources are ${rule.unknownCidrs.join(', ')}, which the input does not resolve`,
    }));
    return [...open, ...unknown];
  },
};

export const worldSsh: Rule = {
  id: 'TT-SG-002',
  title: 'No SSH from the internet (0.0.0.0/0, ::/0, or public ranges nearly as wide)',
  severity: 'error',
  fix: 'Admit port 22 only from the admin CIDRs on the bastion, or drop SSH and use SSM Session Manager.',
  peers: ['CKV_AWS_24', 'AwsSolutions-EC23', 'NIST.800.53.R5-EC2RestrictedSSH'],
  check: ({ model, topology }) => {
    const open = openIngress(topology.rules, isOverlyWide)
      .filter(({ ports }) => ports.some((range) => coversPort(range, 22)))
      .map(({ rule }): Violation => ({
        address: rule.address,
        subject: { about: rule.group, ports: [SSH], facts: publicCidrs(rule) },
        message: `${groupName(model, rule)} admits SSH from ${publicCidrs(rule).join(' and ')}${isOverlyWide(rule.cidrs) ? '' : ' (with its other rules: wider than any organisation owns)'}`,
      }));
    const unknown = unresolvedIngress(topology.rules)
      .filter((rule) => coversPort(rule, 22))
      .map((rule): Violation => ({
        address: rule.address,
        severity: 'warning',
        subject: { about: rule.group, ports: [SSH], facts: rule.unknownCidrs },
        message: `unknown whether ${groupName(model, rule)} admits SSH from the internet: its sources are ${rule.unknownCidrs.join(', ')}`,
      }));
    return [...open, ...unknown];
  },
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
      .map((group) => ({
        address: group.address,
        message: `the default security group of ${displayName(group)} keeps ${blocks(group.values, 'ingress').length} ingress and ${blocks(group.values, 'egress').length} egress rules`,
      }));
    const unresolved = possibleReferrers(model, 'vpc_id', 'aws_default_security_group');
    const unmanaged = ofType(model, 'aws_vpc')
      .filter((vpc) => referrers(model, vpc, 'vpc_id', 'aws_default_security_group').length === 0)
      .map((vpc) => ({
        address: vpc.address,
        severity: 'warning' as const,
        message:
          unresolved.length > 0
            ? `unknown whether ${displayName(vpc)} manages its default security group: ${unresolved.map(({ resource, unresolved: tokens }) => `${resource.address} names VPC ${tokens.join(', ')}`).join('; ')}, which the input does not resolve`
            : `${displayName(vpc)} leaves its default security group unmanaged, with AWS's rules: all traffic within the group and all egress`,
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
