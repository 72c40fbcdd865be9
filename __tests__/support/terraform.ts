import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { offlinePlan, terraformAvailability, type OfflinePlanResult } from '../../src/terraform/offline-plan';

export const availability = terraformAvailability();

/** `describe` when terraform and the provider mirror are here, else `describe.skip` with one loud line. */
export function describeWithTerraform(name: string, body: () => void): void {
  if (availability.available) {
    describe(name, body);
    return;
  }
  const line = `TERRAFORM TIER SKIPPED (${name}): ${availability.reason}`;
  process.stderr.write(`\n${'!'.repeat(line.length)}\n${line}\n${'!'.repeat(line.length)}\n`);
  reportTier(line);
  describe.skip(name, body);
}

/** Appends to `.tmp/test-tiers.txt`, which `.ci/run` prints after the tests. */
export function reportTier(line: string): void {
  mkdirSync('.tmp', { recursive: true });
  appendFileSync(join('.tmp', 'test-tiers.txt'), `${line}\n`);
}

/** Plans a synthesized stack offline in `.tmp/<purpose>/<name>`. */
export async function planOffline(synthesized: string, purpose: string, name: string): Promise<OfflinePlanResult> {
  if (!availability.available) {
    throw new Error(`terraform is unavailable: ${availability.reason}`);
  }
  return offlinePlan(JSON.parse(synthesized), join('.tmp', purpose, name), availability.mirror);
}
