// `cdktf synth` (the CLI, which `cdktf deploy/diff/destroy` run first) against `npm run synth`: the CLI
// runs cdktf.json's app, and what it leaves must be what `npm run synth` writes, built afresh or
// restored from the synth output cache. In this tier because it starts the cdktf CLI (seconds).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expectSameSynthOutput } from '../support/synth-output';

const ROOT = resolve(__dirname, '..', '..');
const CDKTF = join(ROOT, 'node_modules', '.bin', 'cdktf');
const SYNTH_CACHE_DIR = mkdtempSync(join(tmpdir(), 'tt-synth-cache-'));

function runSynth(): { readonly status: number | null; readonly stdout: string; readonly outdir: string } {
  const outdir = join(mkdtempSync(join(tmpdir(), 'tt-synth-')), 'out');
  const result = spawnSync(process.execPath, ['--require', './scripts/register-ts.cjs', 'scripts/synth.ts'], {
    cwd: ROOT,
    env: { ...process.env, CDKTF_OUTDIR: outdir, TT_CONFIG_DIR: '__tests__/support/no-config', TT_SYNTH_CACHE_DIR: SYNTH_CACHE_DIR },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, outdir };
}

describe('cdktf synth (the CLI)', () => {
  it('writes exactly what npm run synth writes (manifest.json included), built or restored, which cdktf deploy/diff/destroy read', () => {
    if (!existsSync(CDKTF)) {
      process.stderr.write('CDKTF CLI COMPARISON SKIPPED: node_modules/.bin/cdktf is missing\n');
      return;
    }
    const viaCli = join(mkdtempSync(join(tmpdir(), 'tt-cli-')), 'out');
    const cli = spawnSync(CDKTF, ['synth', '--output', viaCli], {
      cwd: ROOT,
      env: { ...process.env, CHECKPOINT_DISABLE: '1', TT_CONFIG_DIR: '__tests__/support/no-config', TT_SYNTH_CACHE: 'off' },
      encoding: 'utf8',
    });
    expect(cli.status).toBe(0);
    const built = runSynth();
    const restored = runSynth();
    expect([built.status, restored.status, restored.stdout]).toEqual([0, 0, expect.stringContaining('restored its output')]);
    for (const { outdir } of [built, restored]) {
      expectSameSynthOutput(outdir, viaCli);
    }
  });
});
