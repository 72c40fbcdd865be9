import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadChange } from '../../../src/review/change/sides';
import { reviewChange, type ChangeReview } from '../../../src/review/change/change-review';
import { offlineConfiguration } from '../../../src/terraform/offline-plan';
import { describeWithTerraform, reportTier } from '../../support/terraform';
import { planFiles, planSlice, stackModuleFiles, stateUnderModules } from '../module-plans';
import { settledState } from '../plan-state';
import { ADMIN_SSH, renameSubnetGroup, stackJson, switchEngine, widenBackendSecrets, type Tweak } from '../support';

/**
 * The same changes as synth-changes.test.ts, read from real offline plans: the changed stack planned
 * by Terraform and the AWS provider against a made-up "applied" state of the base (plan-state.ts says
 * how and what is not real). One plan JSON is the whole change: its prior state against its plan.
 */
const SCENARIOS: Readonly<Record<string, { readonly overrides?: Readonly<Record<string, string>>; readonly tweak?: Tweak }>> = {
  'admin-ssh': { overrides: ADMIN_SSH },
  'nat-per-az': { overrides: { TT__network__natMode: 'per-az' } },
  'shared-alb': { overrides: { TT__loadBalancing__topology: 'shared' } },
  'db-class': { overrides: { TT__database__instanceClass: 'db.t4g.small' } },
  'db-engine': { tweak: switchEngine },
  'db-subnet-group': { tweak: renameSubnetGroup },
  'secrets-wildcard': { tweak: widenBackendSecrets },
};

const of = (change: ChangeReview, type: string): readonly string[] => change.resources.filter((entry) => entry.type === type).map((entry) => `${entry.action} [${entry.attributes.join(',')}]`);

/**
 * The seven changed stacks planned at once, as module calls of one root against the settled base
 * applied under each (module-plans.ts): one terraform plan instead of seven, about 25 s of CPU instead
 * of 85. The settled base is cached in .tmp/change by the stack's hash.
 */
describeWithTerraform('change review of real offline plans (plan against a made-up applied base)', () => {
  const changes = new Map<string, ChangeReview>();

  beforeAll(async () => {
    const started = Date.now();
    const base = await settledState(stackJson('dev'), 'dev-base');
    reportTier(`change review: base settled with ${base.pending.length} change(s) Terraform plans at every round: ${base.pending.join('; ')}`);
    const names = Object.keys(SCENARIOS);
    const stacks = Object.fromEntries(Object.entries(SCENARIOS).map(([name, { overrides, tweak }]) => [name, offlineConfiguration(JSON.parse(stackJson('dev', overrides, tweak)))]));
    const { plan } = await planFiles(join('.tmp', 'change', 'dev-scenarios'), stackModuleFiles(stacks), stateUnderModules(base.state, names));
    for (const name of names) {
      const dir = join('.tmp', 'change', 'dev-scenarios', 'cut', name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'plan.json'), JSON.stringify(planSlice(plan, name)));
      changes.set(name, reviewChange(loadChange(undefined, join(dir, 'plan.json'))));
    }
    reportTier(`change review: ${names.length} changed stacks in one terraform plan, ${((Date.now() - started) / 1000).toFixed(1)} s with the base`);
  }, 1_500_000);

  const change = (name: string): ChangeReview => {
    const found = changes.get(name);
    if (found === undefined) {
      throw new Error(`no plan for ${name}`);
    }
    return found;
  };

  test('the plan is the change: Terraform actions, its prior state as "before"', () => {
    const ssh = change('admin-ssh');
    expect(ssh.source).toBe('plan');
    expect(ssh.before.origin).toMatch(/plan\.json \(prior state\)$/);
    expect(of(ssh, 'aws_vpc_security_group_ingress_rule')).toEqual(['create []']);
  });

  test('open SSH to an admin CIDR: the new path and the added rule', () => {
    const ssh = change('admin-ssh');
    expect(ssh.reachability.opened.map((path) => path.text)).toEqual(['new: internet → bastion EC2 on tcp/22 from 203.0.113.0/24']);
    expect(ssh.broadening.securityGroups.added).toEqual([expect.objectContaining({ ports: 'tcp/22', peer: '203.0.113.0/24' })]);
  });

  test('NAT single to per AZ: a cost delta only', () => {
    const nat = change('nat-per-az');
    expect(of(nat, 'aws_nat_gateway')).toEqual(['create []']);
    expect(of(nat, 'aws_eip')).toEqual(['create []']);
    expect(nat.reachability.opened).toEqual([]);
    expect(nat.reachability.closed).toEqual([]);
    expect(nat.cost.delta).toBeGreaterThan(40);
    expect(nat.cost.ipv4.delta).toBeCloseTo(3.65, 2);
  });

  test('shared ALB: paths unchanged, cost down, the ALBs replaced by one', () => {
    const shared = change('shared-alb');
    expect([...of(shared, 'aws_lb')].sort()).toEqual(['create []', 'delete []', 'delete []']);
    expect(shared.reachability.opened).toEqual([]);
    expect(shared.reachability.closed).toEqual([]);
    expect(shared.cost.delta).toBeLessThan(-20);
  });

  test('DB instance class: updated in place, not blocking; engine: replaced (the provider says engine forces it), an error', () => {
    expect(of(change('db-class'), 'aws_db_instance')).toEqual([expect.stringMatching(/^update \[.*instance_class.*\]$/)]);
    expect(change('db-class').resources.some((entry) => entry.blocking)).toBe(false);
    const engine = change('db-engine');
    expect(of(engine, 'aws_db_instance')).toEqual(['replace [engine]']);
    expect(engine.exitCode).toBe(1);
    expect(engine.headline).toContain('replaces 1 stateful resource');
  });

  test('a new DB subnet group: the provider plans an in-place move, which AWS refuses in one VPC: an error', () => {
    const moved = change('db-subnet-group');
    expect(of(moved, 'aws_db_subnet_group')).toEqual(['replace [name]']);
    expect(of(moved, 'aws_db_instance')).toEqual([expect.stringMatching(/^update \[.*db_subnet_group_name.*\]$/)]);
    expect(moved.exitCode).toBe(1);
  });

  test('backend role widened to secretsmanager:*: an added IAM permission', () => {
    const widened = change('secrets-wildcard');
    expect(of(widened, 'aws_iam_role_policy')).toEqual(['update [policy]']);
    expect(widened.broadening.iam.added.map((permission) => permission.action)).toEqual(['secretsmanager:*']);
    expect(widened.broadening.broadens).toBe(true);
  });
});
