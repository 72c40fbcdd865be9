import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addressOf } from '../../src/review/checkov/scan-cli';
import { scanStack, type StackScan } from '../../src/review/checkov/scan';
import type { CheckovRecord } from '../../src/review/checkov/scan-report';
import { describeWithCheckov, ROOT, VARIANTS, synthVariants } from './support/checkov';
import { scanTogether, type SharedScan } from './support/scan-together';

const STACKS = ['state', ...Object.keys(VARIANTS)];
const keys = (records: readonly CheckovRecord[]): string[] => records.map((record) => `${record.checkId} ${record.resource}`).sort();

describeWithCheckov('real Checkov on every stack and config variant, each with its generated baseline', (checkov) => {
  const work = mkdtempSync(join(tmpdir(), 'checkov-policy-'));
  const stacksDir = join(work, 'cdktf.out', 'stacks');
  let scans = new Map<string, SharedScan>();
  let devAlone: StackScan | undefined;

  beforeAll(async () => {
    synthVariants(join(work, 'cdktf.out'));
    // Every stack in one Checkov process, and dev once more alone with its baseline, as npm run checkov scans it.
    [scans, devAlone] = await Promise.all([scanTogether(checkov, stacksDir, STACKS, join(work, 'together')), scanStack({ checkov, stackDir: join(stacksDir, 'dev'), copyDir: join(work, 'alone', 'dev'), totals: false })]);
  }, 900_000);

  it.each(STACKS)('%s: 0 failed with the baseline, every baseline entry used, every file parsed', (stack) => {
    const scan = scans.get(stack);
    expect(scan).toBeDefined();
    if (scan === undefined) {
      return;
    }
    const left = scan.failed.map((record) => `${record.checkId} ${addressOf(scan.synthesized, record.resource)} (${record.checkName})`);
    const unused = scan.unused.map((entry) => `${entry.checkId} ${entry.address} (${entry.why}): ${entry.reason}`);
    expect({ left, unused, parsingErrors: scan.parsingErrors }).toEqual({ left: [], unused: [], parsingErrors: [] });
    // Checkov did scan the stack: the baseline's failures came back as excepted ones.
    expect(scan.excepted.length).toBeGreaterThan(0);
  });

  it('dev scanned alone by Checkov with its baseline gives what its share of the shared scan gives', () => {
    const shared = scans.get('dev');
    expect(devAlone).toBeDefined();
    expect(shared).toBeDefined();
    if (devAlone === undefined || shared === undefined) {
      return;
    }
    expect([devAlone.removed, scans.get('state')?.removed]).toEqual([['required_version'], []]);
    expect(keys(devAlone.excepted).length).toBeGreaterThan(10);
    expect([keys(shared.failed), keys(shared.excepted), shared.unused.map((entry) => entry.checkId)]).toEqual([keys(devAlone.failed), keys(devAlone.excepted), devAlone.unused.map((entry) => entry.checkId)]);
  });

  it('npm run checkov, the command itself: per-stack passed and failed, 0 left, exit 0 (the state stack: the cheapest)', () => {
    const run = spawnSync(process.execPath, ['--require', './scripts/register-ts.cjs', 'scripts/checkov.ts', '--stacks', stacksDir, '--copies', join(work, 'cli'), 'state'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CHECKOV: checkov.file },
    });
    expect([run.status, run.stderr]).toEqual([0, '']);
    const row = /^state\s+(\d+)\s+(\d+)\s+(\d+)\s+0\s+0\s+\d+\.\d$/m.exec(run.stdout);
    expect(row).not.toBeNull();
    const [passed, failed, excepted] = (row ?? []).slice(1).map(Number);
    expect(passed).toBeGreaterThan(0);
    expect(failed).toBe(excepted);
    expect(run.stdout).toMatch(/^Checkov \d+\.\d+\.\d+: 0 failed check\(s\) left and 0 unused baseline entries on 1 stack\(s\)/m);
  }, 300_000);
});
