import { WALKTHROUGH_DEV, resourcesOf, synthEnvironment, nameOfRef, type Overrides } from '../support/stacks';

interface Rule {
  readonly direction: 'in' | 'out';
  readonly group: string;
  readonly port: unknown;
  readonly peer: string;
  readonly description: unknown;
}

/** Every rule with its group and peer given as the groups' Name tags (or the CIDR); dev as the walk-throughs build it, an ALB per tier and a bastion. */
function rulesOf(overrides: Overrides = {}, environment = 'dev'): Rule[] {
  const synthesized = synthEnvironment(environment, environment === 'dev' ? { ...WALKTHROUGH_DEV, ...overrides } : overrides);
  const groups = resourcesOf(synthesized, 'aws_security_group');
  // Groups carry a name_prefix (they must be replaceable while in use), so their Name tag names them.
  const groupName = (reference: unknown): string => {
    const tags = groups[nameOfRef(reference) ?? '']?.tags;
    return typeof tags === 'object' && tags !== null && 'Name' in tags ? String(tags.Name) : String(reference);
  };
  const collect = (type: string, direction: 'in' | 'out'): Rule[] =>
    Object.values(resourcesOf(synthesized, type)).map((rule) => ({
      direction,
      group: groupName(rule.security_group_id),
      port: rule.from_port === rule.to_port ? rule.from_port : `${String(rule.from_port)}-${String(rule.to_port)}`,
      peer: rule.referenced_security_group_id !== undefined ? groupName(rule.referenced_security_group_id) : String(rule.cidr_ipv4 ?? rule.cidr_ipv6),
      description: rule.description,
    }));
  return [...collect('aws_vpc_security_group_ingress_rule', 'in'), ...collect('aws_vpc_security_group_egress_rule', 'out')];
}

const brief = (rules: readonly Rule[]): string[] => rules.map((rule) => `${rule.direction} ${String(rule.port)} ${rule.peer}`).sort();
const of = (rules: readonly Rule[], group: string, direction: 'in' | 'out'): string[] => brief(rules.filter((rule) => rule.group === `three-tier-dev-${group}` && rule.direction === direction));

describe('security groups (dev, HTTP only)', () => {
  const rules = rulesOf({ TT__access__adminCidrs: '["203.0.113.10/32","198.51.100.0/24"]', TT__access__bastion__keyName: 'ops' });

  it('let the internet reach the load balancers on 80 only, over IPv4 only: the ALBs are ipv4, so a ::/0 rule would admit nothing', () => {
    for (const alb of ['frontend-alb', 'backend-alb']) {
      expect(of(rules, alb, 'in')).toEqual(['in 80 0.0.0.0/0']);
    }
    const synthesized = synthEnvironment('dev', WALKTHROUGH_DEV);
    expect(Object.values(resourcesOf(synthesized, 'aws_lb')).map((alb) => alb.ip_address_type)).toEqual(['ipv4', 'ipv4']);
  });

  it('let each load balancer reach only its own tier, on the tier port', () => {
    expect(of(rules, 'frontend-alb', 'out')).toEqual(['out 80 three-tier-dev-frontend']);
    expect(of(rules, 'backend-alb', 'out')).toEqual(['out 8080 three-tier-dev-backend']);
  });

  it('admit the instance port from their ALB group only, and no SSH: the app instances have no key pair, Session Manager reaches them', () => {
    expect(of(rules, 'frontend', 'in')).toEqual(['in 80 three-tier-dev-frontend-alb']);
    expect(of(rules, 'backend', 'in')).toEqual(['in 8080 three-tier-dev-backend-alb']);
    const templates = Object.values(resourcesOf(synthEnvironment('dev', WALKTHROUGH_DEV), 'aws_launch_template'));
    expect(templates.filter((template) => template.key_name !== undefined)).toEqual([]);
  });

  it('let the instances out on 443 only, and the backend to the database on 3306', () => {
    expect(of(rules, 'frontend', 'out')).toEqual(['out 443 0.0.0.0/0']);
    expect(of(rules, 'backend', 'out')).toEqual(['out 3306 three-tier-dev-db', 'out 443 0.0.0.0/0']);
  });

  it('admit MySQL from the backend and the bastion only, and let nothing out of the database', () => {
    expect(of(rules, 'db', 'in')).toEqual(['in 3306 three-tier-dev-backend', 'in 3306 three-tier-dev-bastion']);
    expect(of(rules, 'db', 'out')).toEqual([]);
  });

  it('admit SSH to the bastion (which has the key pair) from the admin CIDRs only, and let it reach only MySQL and HTTPS', () => {
    expect(of(rules, 'bastion', 'in')).toEqual(['in 22 198.51.100.0/24', 'in 22 203.0.113.10/32']);
    expect(of(rules, 'bastion', 'out')).toEqual(['out 3306 three-tier-dev-db', 'out 443 0.0.0.0/0']);
  });

  it('open no SSH for admin CIDRs without a key pair: nothing could log in; the bastion is reached through SSM', () => {
    const keyless = rulesOf({ TT__access__adminCidrs: '["203.0.113.10/32"]' });
    expect(keyless.filter((rule) => rule.port === 22)).toEqual([]);
    expect(of(keyless, 'db', 'in')).toEqual(['in 3306 three-tier-dev-backend', 'in 3306 three-tier-dev-bastion']);
  });

  it('describe every rule', () => {
    for (const rule of rules) {
      expect(typeof rule.description === 'string' && rule.description.length > 10).toBe(true);
    }
  });

  it('open nothing else to the internet', () => {
    const open = rules.filter((rule) => rule.direction === 'in' && (rule.peer === '0.0.0.0/0' || rule.peer === '::/0'));
    expect(new Set(open.map((rule) => rule.group))).toEqual(new Set(['three-tier-dev-frontend-alb', 'three-tier-dev-backend-alb']));
  });
});

describe('security groups, other shapes', () => {
  it('open 443 on the load balancers when there is a domain', () => {
    const rules = rulesOf({}, 'prod');
    expect(brief(rules.filter((rule) => rule.group === 'three-tier-prod-frontend-alb' && rule.direction === 'in'))).toEqual(['in 443 0.0.0.0/0', 'in 80 0.0.0.0/0']);
  });

  it('use one load-balancer group for the shared topology', () => {
    const rules = rulesOf({ TT__loadBalancing__topology: 'shared' });
    expect(of(rules, 'alb', 'out')).toEqual(['out 80 three-tier-dev-frontend', 'out 8080 three-tier-dev-backend']);
    expect(rules.some((rule) => rule.group.endsWith('-frontend-alb'))).toBe(false);
  });

  it('leave no SSH path at all without the bastion (SSM Session Manager only)', () => {
    const rules = rulesOf({ TT__access__bastion__enabled: 'false' });
    expect(rules.filter((rule) => rule.port === 22)).toEqual([]);
    expect(of(rules, 'db', 'in')).toEqual(['in 3306 three-tier-dev-backend']);
  });
});
