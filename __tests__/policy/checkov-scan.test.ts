import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKOV_VERSION } from '../../src/review/checkov/checks';
import { addressOf } from '../../src/review/checkov/scan-cli';
import { limiter, scanStack, type StackScan } from '../../src/review/checkov/scan';
import { describeWithCheckov, ROOT, VARIANTS, synthVariants } from './support/checkov';

const STACKS = ['state', ...Object.keys(VARIANTS)];

describeWithCheckov('real Checkov on every stack and config variant, each with its generated baseline', (checkov) => {
  const scans = new Map<string, StackScan>();
  const work = mkdtempSync(join(tmpdir(), 'checkov-policy-'));
  const stacksDir = join(work, 'cdktf.out', 'stacks');

  beforeAll(async () => {
    synthVariants(join(work, 'cdktf.out'));
    // One Checkov process per stack (a baseline is per folder; one process scanning several folders
    // carries results from one into the next), as many at a time as there are CPUs.
    const limit = limiter(availableParallelism());
    const results = await Promise.all(STACKS.map((stack) => scanStack({ checkov, stackDir: join(stacksDir, stack), copyDir: join(work, 'copies', stack), totals: false, limit })));
    for (const scan of results) {
      scans.set(scan.stack, scan);
    }
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
    expect(scan.excepted).toBeGreaterThan(0);
    expect(scan.baselineVersion).toBe(CHECKOV_VERSION);
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

  it('scanned a copy without terraform.required_version (#7454) only where the stack sets one', () => {
    expect(scans.get('state')?.removed).toEqual([]);
    expect(scans.get('dev')?.removed).toEqual(['required_version']);
  });
});
