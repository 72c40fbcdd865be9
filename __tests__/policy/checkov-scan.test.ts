import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKOV_VERSION } from '../../src/review/checkov/checks';
import { addressOf } from '../../src/review/checkov/scan-cli';
import { limiter, scanStack, type StackScan } from '../../src/review/checkov/scan';
import { describeWithCheckov, VARIANTS, synthVariants } from './support/checkov';

const STACKS = ['state', ...Object.keys(VARIANTS)];

describeWithCheckov('real Checkov on every stack and config variant, each with its generated baseline', (checkov) => {
  const scans = new Map<string, StackScan>();

  beforeAll(async () => {
    const work = mkdtempSync(join(tmpdir(), 'checkov-policy-'));
    const stacksDir = synthVariants(join(work, 'cdktf.out'));
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

  it('scanned a copy without terraform.required_version (#7454) only where the stack sets one', () => {
    expect(scans.get('state')?.removed).toEqual([]);
    expect(scans.get('dev')?.removed).toEqual(['required_version']);
  });
});
