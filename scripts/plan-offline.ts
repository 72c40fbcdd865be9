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
  const results = await Promise.all(
    stacks.map(async (name) => ({ name, result: await offlinePlan(readSynthesizedStack(name), join('.tmp', 'plan', name), availability.mirror) })),
  );
  for (const { name, result } of results) {
    const total = Object.values(result.plannedCounts).reduce((sum, count) => sum + count, 0);
    process.stdout.write(`${name}: plan ok (validated), ${total} resources to create; plan JSON at ${result.planJsonPath}\n`);
  }
  return 0;
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
