// The tests are hermetic: a developer's own config/, cdktf.out/ and TT_* variables never change their
// results. Here a copy of the repository gets what a team adds on its first day (config/staging.json,
// config/common.json), a stale cdktf.out and configuration variables in the shell, and runs the suites
// that read configuration and list environments. They must pass there as they pass here.
// (The whole unit tier in such a clone passes too; it costs about 80 s of CPU, so it is not run here.)
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { configures, NO_CONFIG } from '../support/hermetic-environment.cjs';

const ROOT = resolve(__dirname, '..', '..');

/** The files of the working tree git would commit (tracked, or new and not ignored), as a fresh clone has them plus local edits. */
function workingTreeFiles(): string[] {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  if (listed.status !== 0) {
    throw new Error(`git ls-files failed: ${listed.stderr}`);
  }
  return listed.stdout.split('\0').filter((path) => path !== '' && existsSync(join(ROOT, path)));
}

/** The suites that read configuration or list environments: the config folder's and `npm run environments`'. */
function configSuites(): string[] {
  const config = readdirSync(join(ROOT, '__tests__', 'config'))
    .filter((name) => name.endsWith('.test.ts') && name !== 'properties.test.ts')
    .map((name) => `__tests__/config/${name}`);
  return [...config, '__tests__/scripts/environments.test.ts'];
}

const STAGING = { extends: 'prod', frontend: { minSize: 1, desiredCapacity: 1 }, dns: { domain: 'staging.example.com' } };
const COMMON = { project: 'shop', state: { bucket: 'shop-tfstate-ap-northeast-2' }, frontend: { maxSize: 3 }, tags: { Team: 'web' } };
/** What a developer may have in the shell: an override for every environment, one for prod, a selection. */
const SHELL = { TT__network__natMode: 'per-az', TT_PROD__backend__maxSize: '8', TT_ENVIRONMENTS: 'staging', CDKTF_OUTDIR: 'elsewhere' };

describe('the hermetic environment of the tests (jest globalSetup)', () => {
  it("clears configuration variables and points the config folder at an empty one, keeping the tools' variables", () => {
    expect(Object.keys(process.env).filter(configures)).toEqual(['TT_CONFIG_DIR']);
    expect(process.env.TT_CONFIG_DIR).toBe(NO_CONFIG);
    expect(readdirSync(NO_CONFIG)).toEqual(['README.md']);
    expect(['TT__network__natMode', 'TT_SBX_ALICE__frontend__maxSize', 'TT_ENVIRONMENTS', 'TT_SYNTH_CACHE', 'CDKTF_OUTDIR', 'SYNTH_HCL_OUTPUT'].every(configures)).toBe(true);
    expect(['TT_TF_PLUGIN_MIRROR', 'TT_ALLOW_SKIP', 'TT_TS_CACHE_DIR', 'CI', 'PATH'].some(configures)).toBe(false);
  });
});

describe('a clone with config/staging.json, config/common.json, a stale cdktf.out and TT_* variables in the shell', () => {
  const clone = mkdtempSync(join(tmpdir(), 'tt-clone-'));

  afterAll(() => {
    rmSync(clone, { recursive: true, force: true });
  });

  it('passes the suites that read configuration and list environments', () => {
    for (const path of workingTreeFiles()) {
      mkdirSync(dirname(join(clone, path)), { recursive: true });
      copyFileSync(join(ROOT, path), join(clone, path));
    }
    symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
    mkdirSync(join(clone, 'config'), { recursive: true });
    writeFileSync(join(clone, 'config', 'staging.json'), JSON.stringify(STAGING));
    writeFileSync(join(clone, 'config', 'common.json'), JSON.stringify(COMMON));
    mkdirSync(join(clone, 'cdktf.out', 'stacks', 'dev'), { recursive: true });
    writeFileSync(join(clone, 'cdktf.out', 'stacks', 'dev', 'cdk.tf.json'), '{"stale": true}');
    // The developer's configuration really is in force in the clone: the environments script lists staging.
    const listed = spawnSync(process.execPath, ['--require', './scripts/register-ts.cjs', 'scripts/environments.ts'], { cwd: clone, encoding: 'utf8', env: { ...process.env, TT_CONFIG_DIR: join(clone, 'config') } });
    expect(listed.stdout).toBe('["dev","prod","staging"]\n');

    mkdirSync(join(clone, '.tmp'));
    const results = join(clone, '.tmp', 'clone-results.json');
    const jest = spawnSync(process.execPath, ['node_modules/jest/bin/jest.js', ...configSuites(), '--runInBand', '--selectProjects', 'unit', '--json', `--outputFile=${results}`], {
      cwd: clone,
      encoding: 'utf8',
      env: { ...process.env, ...SHELL, TT_CONFIG_DIR: join(clone, 'config') },
    });
    const summary: unknown = existsSync(results) ? JSON.parse(readFileSync(results, 'utf8')) : undefined;
    const count = (key: string): unknown => (typeof summary === 'object' && summary !== null ? Reflect.get(summary, key) : undefined);
    expect({ status: jest.status, failed: count('numFailedTests'), output: jest.status === 0 ? '' : jest.stderr.slice(-4000) }).toEqual({ status: 0, failed: 0, output: '' });
    expect([count('numTotalTestSuites'), count('numPassedTests')]).toEqual([configSuites().length, expect.any(Number)]);
    expect(Number(count('numPassedTests'))).toBeGreaterThan(80);
  }, 300_000);
});
