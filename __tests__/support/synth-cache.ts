import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { digestAppSources, writeFileAtomically } from '../../src/synth/output-cache';

const ROOT = resolve(__dirname, '..', '..');
const CACHE = join(ROOT, '.tmp', 'test-synths');

let folder: string | undefined;

/** This source tree's folder of synthesized stacks; folders of earlier trees are dropped. */
function cacheFolder(): string {
  if (folder === undefined) {
    // The packages count too: another cdktf or provider version synthesizes differently.
    const lockfile = readFileSync(join(ROOT, 'package-lock.json'));
    const digest = createHash('sha256').update(process.version).update(digestAppSources(ROOT)).update(lockfile).digest('hex').slice(0, 16);
    if (existsSync(CACHE)) {
      for (const other of readdirSync(CACHE).filter((name) => name !== digest)) {
        rmSync(join(CACHE, other), { recursive: true, force: true });
      }
    }
    folder = join(CACHE, digest);
    mkdirSync(folder, { recursive: true });
  }
  return folder;
}

/**
 * A synthesized stack shared by every test file: dozens of files synthesize the same environment
 * with the same overrides, and a synth costs a test file up to a second. Keyed by what is
 * synthesized (`input`: the helper and its arguments), by the content of main.ts and every file
 * under src/ and data/, the lockfile and node's version, so that an edited construct is never
 * answered from an earlier synth.
 */
export function sharedSynth(input: unknown, synthesize: () => string): string {
  const path = join(cacheFolder(), `${createHash('sha256').update(JSON.stringify(input)).digest('hex').slice(0, 24)}.json`);
  if (existsSync(path)) {
    return readFileSync(path, 'utf8');
  }
  const synthesized = synthesize();
  // A file in the other worker never reads half of it.
  writeFileAtomically(path, synthesized);
  return synthesized;
}
