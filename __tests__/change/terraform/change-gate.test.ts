import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reviewChange, type ChangeReview } from '../../../src/review/change/change-review';
import { loadChange } from '../../../src/review/change/sides';
import { isObject } from '../../../src/review/json';
import { pendingChanges } from '../plan-state';
import { BASE_STACK, gateFiles, gateState, type GateStack } from '../gate-stack';
import { planFiles, planSlice } from '../module-plans';
import { describeWithTerraform, reportTier } from '../../support/terraform';

/**
 * The change gate, one row per kind of change, each a real before/after pair: a state of the base
 * stack "applied" (gate-stack.ts), the base planned against it (the before plan: nothing to do) and the
 * changed stack planned against it by Terraform 1.11 and the AWS provider (the after plan). The row
 * gives what the gate must answer: its exit code and its headline, from the plan alone and with the
 * before plan as `--base`. Both sides of every row are planned at once, as module calls of one root
 * (`<row>` and `<row>__before`, each over its own copy of the state), then cut and named back.
 */
interface Row {
  readonly change: Partial<GateStack>;
  readonly exitCode: 0 | 1;
  readonly headline: string;
}

const TABLE: Readonly<Record<string, Row>> = {
  // The group is already open to the world on 443 (a TT-SG-001 error before the change): 3306 is new exposure.
  world_port: { change: { worldPorts: [443, 3306] }, exitCode: 1, headline: 'opens 1 path, broadens 1 permission, 1 new error' },
  backups_off: { change: { backupDays: 0 }, exitCode: 1, headline: '1 new error' },
  db_public: { change: { dbPublic: true }, exitCode: 1, headline: '+$3.65/month, 1 new error' },
  instance_type: { change: { instanceType: 't3.small' }, exitCode: 0, headline: '+$9.49/month' },
  destroy: { change: { database: 'deleted' }, exitCode: 1, headline: 'closes 1 path, -$21.27/month, deletes 1 stateful resource' },
  replace: { change: { engine: 'mariadb' }, exitCode: 1, headline: 'cost change unknown: 1 resource unpriced, replaces 1 stateful resource' },
  move: { change: { webName: 'server' }, exitCode: 0, headline: 'moves 1 resource' },
  forget: { change: { database: 'forgotten' }, exitCode: 0, headline: 'forgets 1 resource (it keeps running and costing, unmanaged)' },
};

const NAMES = Object.keys(TABLE);
const DIR = join('.tmp', 'change-gate');

/** The module call that plans a row's before side, beside the row's own call. */
const beforeOf = (name: string): string => `${name}__before`;

/** A JSON value with a module call's name replaced everywhere: addresses, dependencies, the call and its source. */
const renamed = (value: unknown, from: string, to: string): unknown => JSON.parse(JSON.stringify(value).replaceAll(from, to));

/** The state with each row's resources applied under its before call too. */
function withBeforeCopies(state: unknown): unknown {
  const resources = isObject(state) && Array.isArray(state.resources) ? state.resources.filter(isObject) : [];
  const copies = NAMES.flatMap((name) => resources.filter((resource) => resource.module === `module.${name}`).map((resource) => renamed(resource, `module.${name}`, `module.${beforeOf(name)}`)));
  return { ...(isObject(state) ? state : {}), resources: [...resources, ...copies] };
}

describeWithTerraform('the change gate on real before/after plans (one row per kind of change)', () => {
  const fromPlan = new Map<string, ChangeReview>();
  const withBase = new Map<string, ChangeReview>();
  let beforePending: readonly string[] = [];
  let beforeCounts: readonly number[] = [];

  beforeAll(async () => {
    const started = Date.now();
    const state = await gateState(NAMES, reportTier);
    // One terraform process loads the provider schema once for both sides of every row.
    const variants = Object.fromEntries(NAMES.flatMap((name) => [[name, { ...BASE_STACK, ...TABLE[name].change }] as const, [beforeOf(name), BASE_STACK] as const]));
    const { plan } = await planFiles(
      join(DIR, 'plan'),
      gateFiles(variants, (call) => call.replace(/__before$/, '').replace(/_/g, '-')),
      withBeforeCopies(state),
    );
    const before = new Map(NAMES.map((name) => [name, renamed(planSlice(plan, beforeOf(name)), beforeOf(name), name)]));
    beforePending = NAMES.flatMap((name) => pendingChanges(before.get(name)));
    beforeCounts = NAMES.map((name) => {
      const slice = before.get(name);
      return isObject(slice) && Array.isArray(slice.resource_changes) ? slice.resource_changes.length : 0;
    });
    for (const name of NAMES) {
      mkdirSync(join(DIR, name), { recursive: true });
      const basePath = join(DIR, name, 'before.plan.json');
      const afterPath = join(DIR, name, 'after.plan.json');
      writeFileSync(basePath, JSON.stringify(before.get(name)));
      writeFileSync(afterPath, JSON.stringify(planSlice(plan, name)));
      fromPlan.set(name, reviewChange(loadChange(undefined, afterPath)));
      withBase.set(name, reviewChange(loadChange(basePath, afterPath)));
    }
    reportTier(`change gate: ${NAMES.length} rows, before and after, from one terraform plan in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 900_000);

  const of = (reviews: ReadonlyMap<string, ChangeReview>, name: string): ChangeReview => {
    const found = reviews.get(name);
    if (found === undefined) {
      throw new Error(`no change review for ${name}`);
    }
    return found;
  };

  test('the state is the base stack applied: planning the base against it changes nothing, in every row', () => {
    expect(beforePending).toEqual([]);
    // Each row's before side planned its twelve resource instances (a cut that lost them would change nothing too).
    expect(beforeCounts).toEqual(NAMES.map(() => 12));
  });

  test.each(NAMES)('%s: exit code and headline from the plan alone', (name) => {
    const change = of(fromPlan, name);
    expect({ exitCode: change.exitCode, headline: change.headline }).toEqual({ exitCode: TABLE[name].exitCode, headline: TABLE[name].headline });
  });

  test.each(NAMES)('%s: the same verdict with the before plan as --base', (name) => {
    const change = of(withBase, name);
    expect(change.exitCode).toBe(TABLE[name].exitCode);
    expect(change.headline).not.toMatch(/[-+]\$0\.00/);
  });

  test('a new world-open port on an already-open group: the 3306 finding is new, the 443 one already there', () => {
    const { findings, blocking } = of(fromPlan, 'world_port');
    const sg001 = (list: ChangeReview['findings']['introduced']): readonly string[] => list.filter((finding) => finding.id === 'TT-SG-001').map((finding) => finding.message);
    expect(sg001(findings.introduced)).toEqual([expect.stringMatching(/admits 0\.0\.0\.0\/0 on tcp\/3306$/)]);
    expect(sg001(findings.unchanged)).toEqual([expect.stringMatching(/admits 0\.0\.0\.0\/0 on tcp\/443$/)]);
    expect(blocking).toEqual([expect.stringMatching(/^new error TT-SG-001 on module\.world_port\.aws_security_group\.web: .*tcp\/3306$/)]);
  });

  test('backups from 7 days to 0 on a live primary (the provider stores replicate_source_db = ""): a new error', () => {
    const { findings } = of(fromPlan, 'backups_off');
    expect(findings.introduced.map((finding) => [finding.id, finding.severity, finding.address])).toEqual([['TT-RDS-003', 'error', 'module.backups_off.aws_db_instance.db']]);
  });

  test('a move is a move: no delete, no create, nothing opened, closed, fixed or introduced', () => {
    for (const change of [of(fromPlan, 'move'), of(withBase, 'move')]) {
      expect(change.resources.map((entry) => [entry.action, entry.address, entry.movedFrom])).toEqual([['move', 'module.move.aws_instance.server', 'module.move.aws_instance.web']]);
      expect([change.reachability.opened, change.reachability.closed, change.findings.introduced, change.findings.fixed, change.cost.lines]).toEqual([[], [], [], [], []]);
    }
  });

  test('a forget keeps the database: its path, its cost and its findings stay; with --base it is no stateful replace', () => {
    for (const change of [of(fromPlan, 'forget'), of(withBase, 'forget')]) {
      expect(change.resources.map((entry) => [entry.action, entry.address, entry.blocking])).toEqual([['forget', 'module.forget.aws_db_instance.db', false]]);
      expect([change.reachability.opened, change.reachability.closed, change.findings.introduced, change.findings.fixed, change.cost.lines]).toEqual([[], [], [], [], []]);
      expect(change.cost.after).toBeCloseTo(change.cost.before, 2);
    }
  });

  test('an instance type change is an update in place (a stop and start: a new public IP) that costs more and blocks nothing', () => {
    const change = of(fromPlan, 'instance_type');
    expect(change.resources.map((entry) => [entry.action, entry.address, entry.attributes])).toEqual([
      ['update', 'module.instance_type.aws_instance.web', ['instance_type', 'public_dns (known after apply)', 'public_ip (known after apply)']],
    ]);
    expect(change.blocking).toEqual([]);
  });

  test('destroy and replace of the database are stateful: blocking, with what is lost', () => {
    const destroyed = of(fromPlan, 'destroy').resources.find((entry) => entry.type === 'aws_db_instance');
    const replaced = of(fromPlan, 'replace').resources.find((entry) => entry.type === 'aws_db_instance');
    expect([destroyed?.action, destroyed?.blocking]).toEqual(['delete', true]);
    expect([replaced?.action, replaced?.attributes, replaced?.blocking]).toEqual(['replace', ['engine'], true]);
  });
});
