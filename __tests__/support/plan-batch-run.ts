/**
 * Runs the plan batch (plan-batch.ts) on the stacks of planned-stacks.ts: `npm test` starts it beside
 * jest when the terraform tier runs whole (scripts/test.cjs). It prints one line: what it planned and
 * how long it took, or why it planned nothing; it exits 1 on failure, after which each test file
 * plans its own stack.
 */
import hermeticEnvironment from './hermetic-environment.cjs';
import { planBatch } from './plan-batch';
import { plannedStacks } from './planned-stacks';
import { availability, BATCH_PENDING } from './terraform';
import { rmSync } from 'node:fs';

async function main(): Promise<void> {
  // The same environment as the test files', so that the stacks synthesize as theirs do.
  hermeticEnvironment();
  if (!availability.available) {
    rmSync(BATCH_PENDING, { force: true });
    process.stdout.write(`plan batch: nothing planned (${availability.reason})\n`);
    return;
  }
  const started = Date.now();
  const planned = await planBatch(plannedStacks(), availability.mirror);
  process.stdout.write(`plan batch: ${planned.length} stack(s) planned as one root in ${((Date.now() - started) / 1000).toFixed(0)} s${planned.length > 0 ? `: ${planned.join(', ')}` : ''}\n`);
}

main().catch((error: unknown) => {
  rmSync(BATCH_PENDING, { force: true });
  process.stdout.write(`plan batch FAILED, so each test file planned its own stack: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
