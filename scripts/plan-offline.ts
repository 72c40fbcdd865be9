// Usage: npm run plan:offline -- [stack ...]   (default: every environment stack in cdktf.out)
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { offlinePlan, readSynthesizedStack, terraformAvailability } from '../src/terraform/offline-plan';

async function main(): Promise<number> {
  const availability = terraformAvailability();
  if (!availability.available) {
    process.stderr.write(`cannot plan offline: ${availability.reason}\n`);
    return 1;
  }
  const requested = process.argv.slice(2);
  const stacks = requested.length > 0 ? requested : readdirSync(join('cdktf.out', 'stacks')).filter((name) => name !== 'state');
  // Every stack is planned and reported, so one failing stack (prod's placeholder domain) hides no other.
  const results = await Promise.allSettled(stacks.map(async (name) => offlinePlan(readSynthesizedStack(name), join('.tmp', 'plan', name), availability.mirror)));
  results.forEach((result, index) => {
    if (result.status === 'fulfilled') {
      const total = Object.values(result.value.plannedCounts).reduce((sum, count) => sum + count, 0);
      process.stdout.write(`${stacks[index]}: plan ok (validated), ${total} resources to create; plan JSON at ${result.value.planJsonPath}\n`);
    } else {
      process.stderr.write(`${stacks[index]}: ${result.reason instanceof Error ? result.reason.message : String(result.reason)}\n`);
    }
  });
  return results.every((result) => result.status === 'fulfilled') ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
