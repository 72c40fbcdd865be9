import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function environments(env: Record<string, string>): { readonly status: number | null; readonly stdout: string; readonly stderr: string } {
  const result = spawnSync(process.execPath, ['--require', './scripts/register-ts.cjs', 'scripts/environments.ts'], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run -s environments (the workflow matrix)', () => {
  it('lists the presets and every config/<name>.json environment as one JSON array, narrowed by TT_ENVIRONMENTS', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tt-environments-'));
    writeFileSync(join(dir, 'staging.json'), JSON.stringify({ extends: 'prod' }));
    expect(environments({ TT_CONFIG_DIR: dir })).toEqual({ status: 0, stdout: '["dev","prod","staging"]\n', stderr: '' });
    expect(environments({ TT_CONFIG_DIR: dir, TT_ENVIRONMENTS: 'staging' }).stdout).toBe('["staging"]\n');
  });

  it('exits 1 with the configuration error, no stack trace and nothing on stdout', () => {
    expect(environments({ TT_CONFIG_DIR: '/nonexistent-tt-config' })).toEqual({ status: 1, stdout: '', stderr: 'TT_CONFIG_DIR: the config folder "/nonexistent-tt-config" does not exist\n' });
  });
});
