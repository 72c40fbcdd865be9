// scripts/test-sequencer.cjs: on a first run (no timings), the files of the tool tiers start before the
// unit files; files jest has timed keep jest's own order (longest first); files that read shared plans
// (which the plan batch makes beside jest) follow the untimed tool-tier files, or go last.
import { resolve } from 'node:path';
import { slowTiersFirst } from '../../scripts/test-sequencer.cjs';

const ROOT = '/repo';
const file = (path: string, duration?: number) => ({ path: `${ROOT}/${path}`, duration, context: { config: { rootDir: ROOT } } });

/** Two of the files read shared plans: the sequencer's order, as paths under the repository. */
const READERS = new Set([`${ROOT}/__tests__/terraform/terraform.test.ts`, `${ROOT}/__tests__/review/terraform/plan-cost.test.ts`]);
const orderWithReaders = (jestOrder: readonly ReturnType<typeof file>[]): string[] => slowTiersFirst(jestOrder, (path) => READERS.has(path)).map((entry) => entry.path.slice(ROOT.length + 1));

describe('the test sequencer', () => {
  it("moves the untimed files of the terraform, policy and browser tiers to the front, keeping jest's order otherwise", () => {
    const jestOrder = [
      file('__tests__/review/cost.test.ts'),
      file('__tests__/terraform/hcl.test.ts'),
      file('__tests__/config/config.test.ts'),
      file('__tests__/x/policy/scan.test.ts'),
      file('__tests__/change/terraform/real-plan.test.ts', 90_000),
    ];
    expect(slowTiersFirst(jestOrder).map((entry) => entry.path.slice(ROOT.length + 1))).toEqual([
      '__tests__/terraform/hcl.test.ts',
      '__tests__/x/policy/scan.test.ts',
      '__tests__/review/cost.test.ts',
      '__tests__/config/config.test.ts',
      '__tests__/change/terraform/real-plan.test.ts',
    ]);
  });

  it('on a first run, starts the files that read shared plans after the untimed tool-tier files and before the unit files, keeping their order', () => {
    const jestOrder = [file('__tests__/terraform/terraform.test.ts'), file('__tests__/review/cost.test.ts'), file('__tests__/review/terraform/plan-cost.test.ts'), file('__tests__/terraform/hcl.test.ts')];
    expect(orderWithReaders(jestOrder)).toEqual(['__tests__/terraform/hcl.test.ts', '__tests__/terraform/terraform.test.ts', '__tests__/review/terraform/plan-cost.test.ts', '__tests__/review/cost.test.ts']);
  });

  it('once every tool-tier file is timed, moves the files that read shared plans to the end, timed or not, keeping their order', () => {
    const jestOrder = [
      file('__tests__/terraform/terraform.test.ts', 120_000),
      file('__tests__/terraform/hcl.test.ts', 30_000),
      file('__tests__/review/cost.test.ts'),
      file('__tests__/review/terraform/plan-cost.test.ts'),
    ];
    expect(orderWithReaders(jestOrder)).toEqual(['__tests__/terraform/hcl.test.ts', '__tests__/review/cost.test.ts', '__tests__/terraform/terraform.test.ts', '__tests__/review/terraform/plan-cost.test.ts']);
  });

  it('tells a reader of shared plans by its source', () => {
    const order = slowTiersFirst([file('__tests__/terraform/terraform.test.ts'), file('__tests__/review/cost.test.ts')].map((entry) => ({ ...entry, path: entry.path.replace(ROOT, resolve(__dirname, '..', '..')) })));
    expect(order.map((entry) => entry.path.split('/').pop())).toEqual(['cost.test.ts', 'terraform.test.ts']);
  });

  it('does not take a parent folder named like a tier for one', () => {
    const outside = { path: '/home/me/terraform/repo/__tests__/a.test.ts', duration: undefined, context: { config: { rootDir: '/home/me/terraform/repo' } } };
    expect(slowTiersFirst([file('__tests__/b.test.ts'), outside]).map((entry) => entry.path)).toEqual([`${ROOT}/__tests__/b.test.ts`, outside.path]);
  });
});
