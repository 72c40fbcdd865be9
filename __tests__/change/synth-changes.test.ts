import { ADMIN_SSH, renameSubnetGroup, reviewSynthChange, stackJson, switchEngine, widenBackendSecrets } from './support';
import { reviewChange } from '../../src/review/change/change-review';
import { modelFromJson } from '../../src/review/load';
import { renderChangeMarkdown } from '../../src/review/render/change-markdown';

const byType = (review: ReturnType<typeof reviewSynthChange>, type: string, action: string): readonly string[] =>
  review.resources.filter((entry) => entry.type === type && entry.action === action).map((entry) => entry.address);

describe('change review of two synths', () => {
  test('opening SSH to an admin CIDR: one new path, one added rule, nothing blocking unless broadening fails', () => {
    const change = reviewSynthChange('dev', ADMIN_SSH);
    expect(change.reachability.opened.map((path) => path.text)).toEqual(['new: internet → bastion EC2 on tcp/22 from 203.0.113.0/24']);
    expect(change.reachability.closed).toEqual([]);
    expect(change.broadening.securityGroups.added).toEqual([expect.objectContaining({ direction: 'ingress', ports: 'tcp/22', peer: '203.0.113.0/24' })]);
    expect(change.broadening.broadens).toBe(true);
    expect(change.cost.delta).toBeCloseTo(0, 6);
    expect(change.resources.map((entry) => `${entry.action} ${entry.type}`)).toEqual(['create aws_vpc_security_group_ingress_rule']);
    expect(change.headline).toBe('opens 1 path, broadens 1 permission');
    expect(change.exitCode).toBe(0);
    const strict = reviewSynthChange('dev', ADMIN_SSH, undefined, { failOn: ['broadening'] });
    expect(strict.exitCode).toBe(1);
    expect(strict.blocking).toEqual(['the change broadens security-group or IAM permissions (--fail-on broadening)']);
  });

  test('NAT single to per AZ: a cost delta with its public IPv4 charge, no path or permission change', () => {
    const change = reviewSynthChange('dev', { TT__network__natMode: 'per-az' });
    expect(byType(change, 'aws_nat_gateway', 'create')).toHaveLength(1);
    expect(byType(change, 'aws_eip', 'create')).toHaveLength(1);
    expect(change.reachability.opened).toEqual([]);
    expect(change.reachability.closed).toEqual([]);
    expect(change.broadening.broadens).toBe(false);
    expect(change.cost.delta).toBeGreaterThan(40);
    expect(change.cost.ipv4.delta).toBeCloseTo(0.005 * 730, 2);
    expect(change.cost.after - change.cost.before).toBeCloseTo(change.cost.delta, 6);
    expect(change.headline).toMatch(/^\+\$\d+\.\d\d\/month$/);
    expect(change.exitCode).toBe(0);
  });

  test('shared ALB: the paths stay, the cost drops, the two ALBs give way to one, no finding is new', () => {
    const change = reviewSynthChange('dev', { TT__loadBalancing__topology: 'shared' });
    expect(change.reachability.opened).toEqual([]);
    expect(change.reachability.closed).toEqual([]);
    expect(change.cost.delta).toBeLessThan(-20);
    expect(byType(change, 'aws_lb', 'delete')).toHaveLength(2);
    expect(byType(change, 'aws_lb', 'create')).toHaveLength(1);
    expect(change.findings.introduced).toEqual([]);
    expect(change.exitCode).toBe(0);
  });

  test('a DB instance class change updates RDS in place: not blocking', () => {
    const change = reviewSynthChange('dev', { TT__database__instanceClass: 'db.t4g.small' });
    expect(change.resources).toEqual([expect.objectContaining({ type: 'aws_db_instance', action: 'update', attributes: ['instance_class'], blocking: false })]);
    expect(change.cost.delta).toBeGreaterThan(0);
    expect(change.exitCode).toBe(0);
  });

  test('a DB engine change replaces RDS: an error naming the forcing attribute', () => {
    const change = reviewSynthChange('dev', {}, switchEngine);
    const database = change.resources.find((entry) => entry.type === 'aws_db_instance');
    expect(database).toEqual(expect.objectContaining({ action: 'replace', attributes: ['engine'], stateful: true, blocking: true }));
    expect(change.headline).toContain('replaces 1 stateful resource');
    expect(change.blocking[0]).toMatch(/^replace of aws_db_instance\..*: destroyed and re-created/);
    expect(change.findings.introduced.map((finding) => finding.id)).toContain('TT-PLAN-001');
    expect(change.exitCode).toBe(1);
  });

  test('a new DB subnet group: the group is replaced and the instance move AWS refuses in one VPC is an error', () => {
    const change = reviewSynthChange('dev', {}, renameSubnetGroup);
    expect(change.resources.find((entry) => entry.type === 'aws_db_subnet_group')).toEqual(expect.objectContaining({ action: 'replace', attributes: ['name'] }));
    const database = change.resources.find((entry) => entry.type === 'aws_db_instance');
    expect(database).toEqual(expect.objectContaining({ action: 'update', attributes: ['db_subnet_group_name'], blocking: true }));
    expect(database?.note).toContain('same VPC');
    expect(change.exitCode).toBe(1);
  });

  test('the backend role widened to secretsmanager:*: an added IAM permission, a broadening', () => {
    const change = reviewSynthChange('dev', {}, widenBackendSecrets);
    expect(change.broadening.iam.added).toEqual([expect.objectContaining({ effect: 'Allow', action: 'secretsmanager:*' })]);
    expect(change.broadening.iam.removed.map((permission) => permission.action)).toContain('secretsmanager:GetSecretValue');
    expect(change.broadening.broadens).toBe(true);
    expect(change.resources).toEqual([expect.objectContaining({ type: 'aws_iam_role_policy', action: 'update', attributes: ['policy'] })]);
    expect(change.exitCode).toBe(0);
    expect(reviewSynthChange('dev', {}, widenBackendSecrets, { failOn: ['broadening'] }).exitCode).toBe(1);
  });

  test('closing SSH again: the closed path, the removed rule, no broadening', () => {
    const before = modelFromJson(JSON.parse(stackJson('dev', ADMIN_SSH)), 'with SSH');
    const after = modelFromJson(JSON.parse(stackJson('dev')), 'without');
    const change = reviewChange({ before, after, planned: undefined }, { failOn: ['broadening'] });
    expect(change.reachability.closed.map((path) => path.text)).toEqual(['closed: internet → bastion EC2 on tcp/22 from 203.0.113.0/24']);
    expect(change.reachability.opened).toEqual([]);
    expect(change.broadening.securityGroups.removed).toHaveLength(1);
    expect(change.broadening.broadens).toBe(false);
    expect(change.exitCode).toBe(0);
  });

  test('a new VPC CIDR: replacements follow the references (VPC, then subnets and groups in it, then instances in those)', () => {
    const change = reviewSynthChange('dev', { TT__network__vpcCidr: '10.1.0.0/16' });
    const actions = (type: string): readonly string[] => [...new Set(change.resources.filter((entry) => entry.type === type).map((entry) => `${entry.action} [${entry.attributes.join(',')}]`))];
    expect(actions('aws_vpc')).toEqual(['replace [cidr_block]']);
    expect(actions('aws_subnet')).toEqual(['replace [cidr_block]']);
    expect(actions('aws_security_group')).toEqual(['replace [vpc_id]']);
    expect(actions('aws_nat_gateway')).toEqual(['replace [subnet_id]']);
    expect(actions('aws_instance')).toEqual(['replace [subnet_id]']);
    expect(change.exitCode).toBe(0);
  });

  test('no change: an empty review that says so', () => {
    const change = reviewSynthChange('dev', {});
    expect(change.resources).toEqual([]);
    expect(change.headline).toBe('no change');
    expect(change.findings.introduced).toEqual([]);
    expect(change.findings.fixed).toEqual([]);
    expect(change.exitCode).toBe(0);
  });

  test('the Markdown is a PR comment: marker, headline, folded details, every section', () => {
    const markdown = renderChangeMarkdown(reviewSynthChange('dev', {}, switchEngine));
    expect(markdown.split('\n')[0]).toBe('<!-- three-tier-review:dev -->');
    expect(markdown.split('\n')[1]).toMatch(/^# Infrastructure change, dev: .*replaces 1 stateful resource/);
    expect(markdown).toContain('🛑 **Blocking**');
    for (const heading of ['## 1. Resource changes', '## 2. Reachability', '## 3. Security broadening', '## 4. Monthly cost', '## 5. Findings']) {
      expect(markdown).toContain(heading);
    }
    expect(markdown).toContain('<details><summary>Every resource</summary>');
    expect(markdown).toMatch(/<details><summary>USD \$\d+\.\d\d → \$\d+\.\d\d a month/);
  });
});
