import { appendFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

/** Where a run records its tiers: `npm test` starts it afresh and prints it as its summary. */
export const TIER_RECORD = join(ROOT, '.tmp', 'test-tiers.txt');

/** Whether what a tier needs is here, and if not why not. */
export type Requirement = { readonly available: true } | { readonly available: false; readonly reason: string };

/**
 * Appends one line to the tier record (`tier<TAB>status<TAB>text`): what a tier ran, a tier skipped, or
 * a part of one left out (a linter that is not installed). One-line appends from two workers do not interleave.
 */
export function recordTier(tier: string, status: 'ran' | 'skipped' | 'partial', text: string): void {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  appendFileSync(TIER_RECORD, `${tier}\t${status}\t${text.replace(/\s+/g, ' ')}\n`);
}

/** Tiers allowed to skip in CI: `TT_ALLOW_SKIP=terraform,browser`. */
export function allowedSkips(env: NodeJS.ProcessEnv = process.env): ReadonlySet<string> {
  return new Set(
    (env.TT_ALLOW_SKIP ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== ''),
  );
}

/** Whether this run is CI's (`CI=true`, as GitHub Actions and `.ci/run` set it). */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI !== undefined && !['', '0', 'false'].includes(env.CI.toLowerCase());
}

/**
 * `describe` when what the tier needs is here. Elsewhere the tests are skipped with one loud line and a
 * record, except in CI, where a tier that cannot run fails (one failing test saying why) unless
 * `TT_ALLOW_SKIP` names it: a green CI run has run every tier.
 */
export function describeTier(tier: string, name: string, requirement: Requirement, body: () => void): void {
  if (requirement.available) {
    describe(name, body);
    return;
  }
  const line = `${tier.toUpperCase()} TIER SKIPPED (${name}): ${requirement.reason}`;
  process.stderr.write(`\n${'!'.repeat(line.length)}\n${line}\n${'!'.repeat(line.length)}\n`);
  recordTier(tier, 'skipped', `${name}: ${requirement.reason}`);
  if (inCi() && !allowedSkips().has(tier)) {
    describe(name, () => {
      it(`cannot skip the ${tier} tier in CI`, () => {
        throw new Error(`the ${tier} tier cannot run here (${requirement.reason}); CI runs every tier. Provide what it needs, or allow the skip with TT_ALLOW_SKIP=${tier}`);
      });
    });
    return;
  }
  describe.skip(name, body);
}
