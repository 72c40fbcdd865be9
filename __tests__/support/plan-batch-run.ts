/**
 * Runs the plan batch (plan-batch.ts) on the stacks of planned-stacks.ts: `npm test` starts it beside
 * jest when the terraform tier runs whole (scripts/test.cjs). It prints one line: what it planned and
 * how long it took, or why it planned nothing; it exits 1 on failure, after which each test file
 * plans its own stack.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import hermeticEnvironment from './hermetic-environment.cjs';
import { planBatch } from './plan-batch';
import { plannedStacks } from './planned-stacks';
import { availability, BATCH_PENDING, SHARED_PLANS } from './terraform';

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
  // Terraform's diagnostics can run to pages: the first lines here, the whole in the folder.
  const message = error instanceof Error ? error.message : String(error);
  mkdirSync(SHARED_PLANS, { recursive: true });
  writeFileSync(join(SHARED_PLANS, 'batch-error.txt'), message);
  const lines = message.split('\n');
  process.stdout.write(`plan batch FAILED, so each test file planned its own stack: ${lines.slice(0, 5).join('\n')}${lines.length > 5 ? `\n(all of it in ${join(SHARED_PLANS, 'batch-error.txt')})` : ''}\n`);
  process.exitCode = 1;
});
