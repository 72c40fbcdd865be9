import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { countPlannedTypes, offlineConfiguration, offlinePlan, planDirectory, terraformAvailability, type OfflinePlanResult } from '../../src/terraform/offline-plan';
import { withoutMetadata } from './metadata';
import { describeTier, recordTier } from './tiers';

export const availability = terraformAvailability();

/** `describe` when terraform and the provider mirror are here; else skipped loudly (failing in CI), see `describeTier`. */
export function describeWithTerraform(name: string, body: () => void): void {
  describeTier('terraform', name, availability, body);
}

/** Records what the terraform tier ran, for the summary `npm test` prints. */
export function reportTier(line: string): void {
  recordTier('terraform', 'ran', line);
}

/** Plans a synthesized stack offline in `.tmp/<purpose>/<name>`, always afresh (the folder may hold a state). */
export async function planOffline(synthesized: string, purpose: string, name: string): Promise<OfflinePlanResult> {
  if (!availability.available) {
    throw new Error(`terraform is unavailable: ${availability.reason}`);
  }
  return offlinePlan(JSON.parse(synthesized), join('.tmp', purpose, name), availability.mirror);
}

/** Where one test run shares its plans; `npm test` empties it first, so no run reuses another's. */
export const SHARED_PLANS = join('.tmp', 'shared-plans');

/**
 * Present while the plan batch (plan-batch.ts) is synthesizing its stacks, before it has claimed their
 * plans: a test file waits, rather than planning alone a stack the batch is about to plan.
 */
export const BATCH_PENDING = join(SHARED_PLANS, 'batch.pending');

/** How long a lock or the pending mark may stand before it counts as left by a killed run. */
const STALE_MS = 600_000;

const stale = (path: string): boolean => existsSync(path) && Date.now() - statSync(path).mtimeMs > STALE_MS;

/** The configuration a synthesized stack is planned with (offline, without cdktf's metadata), and the key its shared plan is kept under. */
export function sharedConfiguration(synthesized: string): { readonly configuration: unknown; readonly key: string } {
  const configuration = withoutMetadata(offlineConfiguration(JSON.parse(synthesized)));
  return { configuration, key: createHash('sha256').update(JSON.stringify(configuration)).digest('hex').slice(0, 16) };
}

function outcome(dir: string): OfflinePlanResult {
  const failure = join(dir, 'error.txt');
  if (existsSync(failure)) {
    throw new Error(readFileSync(failure, 'utf8'));
  }
  const planJsonPath = join(dir, 'plan.json');
  const plan: unknown = JSON.parse(readFileSync(planJsonPath, 'utf8'));
  return { workDir: resolve(dir), planJsonPath: resolve(planJsonPath), plan, plannedCounts: countPlannedTypes(plan) };
}

/**
 * Runs `plan` into a folder named `key` once per test run: test files in other workers asking for the
 * same key wait for the first and read its result, or its error.
 */
async function planOnce(key: string, plan: (work: string) => Promise<unknown>): Promise<OfflinePlanResult> {
  const dir = join(SHARED_PLANS, key);
  const lock = `${dir}.lock`;
  mkdirSync(SHARED_PLANS, { recursive: true });
  for (;;) {
    if (existsSync(dir)) {
      return outcome(dir);
    }
    if (existsSync(BATCH_PENDING) && !stale(BATCH_PENDING)) {
      await sleep(250);
      continue;
    }
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another worker, or the batch, plans it; a lock older than ten minutes is left from a killed run.
      if (stale(lock)) {
        rmSync(lock, { recursive: true, force: true });
      }
      await sleep(250);
    }
  }
  const work = `${dir}.work`;
  rmSync(work, { recursive: true, force: true });
  try {
    await plan(work);
  } catch (error) {
    mkdirSync(work, { recursive: true });
    appendFileSync(join(work, 'error.txt'), error instanceof Error ? error.message : String(error));
  }
  renameSync(work, dir);
  rmSync(lock, { recursive: true, force: true });
  return outcome(dir);
}

/**
 * Plans a synthesized stack offline once per test run: test files in other workers that plan the
 * same configuration (up to cdktf's metadata) wait for the first and read its result, or its error.
 */
export async function sharedPlan(synthesized: string): Promise<OfflinePlanResult> {
  if (!availability.available) {
    throw new Error(`terraform is unavailable: ${availability.reason}`);
  }
  const { mirror } = availability;
  const { configuration, key } = sharedConfiguration(synthesized);
  return planOnce(key, (work) => offlinePlan(configuration, work, mirror));
}

/** Every file under a folder, as relative path and content, for a digest of what it holds. */
function filesOf(dir: string): readonly [string, string][] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => statSync(join(dir, path)).isFile())
    .sort()
    .map((path) => [relative(dir, join(dir, path)), readFileSync(join(dir, path), 'utf8')]);
}

/**
 * Whether Terraform files configure the hashicorp/aws provider once (planDirectory's
 * `oneProviderConfiguration`): at most one `provider "aws"` block in the HCL of the root and its local
 * modules, no `alias`, and no JSON configuration (which this does not read).
 */
export function configuresAwsOnce(files: readonly (readonly [string, string])[]): boolean {
  const terraform = files.filter(([path]) => path.endsWith('.tf') || path.endsWith('.tf.json'));
  const blocks = terraform.flatMap(([, text]) => text.match(/^\s*provider\s+"?aws"?\s*\{/gm) ?? []);
  return blocks.length <= 1 && terraform.every(([path, text]) => path.endsWith('.tf') && !/^\s*alias\s*=/m.test(text));
}

/**
 * Plans a folder of Terraform files (HCL, modules, a `terraform.tfstate` to plan against) offline
 * once per test run, with `extra` files written beside the copies: the folder's own files are never
 * touched. The provider block must carry the skip flags itself. Files that configure the provider once
 * plan with one provider process (`configuresAwsOnce`).
 */
export async function sharedDirectoryPlan(source: string, extra: Readonly<Record<string, string>> = {}): Promise<OfflinePlanResult> {
  if (!availability.available) {
    throw new Error(`terraform is unavailable: ${availability.reason}`);
  }
  const { mirror } = availability;
  const files = filesOf(source);
  const key = createHash('sha256')
    .update(JSON.stringify([files, extra]))
    .digest('hex')
    .slice(0, 16);
  const written = new Map([...files, ...Object.entries(extra)]);
  return planOnce(`dir-${key}`, async (work) => {
    cpSync(source, work, { recursive: true });
    for (const [name, content] of Object.entries(extra)) {
      writeFileSync(join(work, name), content);
    }
    return planDirectory(work, mirror, { oneProviderConfiguration: configuresAwsOnce([...written]) });
  });
}
