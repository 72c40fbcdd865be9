// scripts/test.cjs (`npm test`, `npm run test:unit`, `npm test -- <path>`) with stand-in tools: a type
// error, a lint error or a failing test must each fail it; each mode must give jest the right projects
// and paths; the summary must say which tiers ran or skipped; and in CI a skipped tier must fail the run.
// A copy of the script in a folder of its own, so that its housekeeping never touches this repo's .tmp.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { defaults } from 'jest-config';
import { running } from '../support/process-running';
import { fakeProviderProject, reattachPid, type FakeProviderMode } from './support/fake-provider';

const ROOT = resolve(__dirname, '..', '..');
/** Jest's own default cache folder, which a run keeps using when it moves TMPDIR. */
const JEST_CACHE = `--cacheDirectory=${defaults.cacheDirectory}`;
const TOOLS = ['tsc', 'jest', 'oxlint', 'oxfmt', 'batch'] as const;
type Tool = (typeof TOOLS)[number];

/** A word for bash, in single quotes. */
const quoted = (word: string): string => `'${word.replaceAll("'", `'\\''`)}'`;

/**
 * A stand-in for a tool, as a bash script (a run starts five; node would cost each a tenth of a second
 * of CPU). It records its arguments one per line, the temporary folder it was given and the
 * TT_TF_SCHEMA_PROVIDER it saw, and fails when FAIL names it. The jest stand-in also writes the results
 * JSON jest would (`--outputFile=`, from STUB_RESULTS) and lines of the tier record (STUB_RECORD).
 */
function stub(dir: string, name: Tool): string {
  const path = join(dir, `${name}.sh`);
  const at = (file: string): string => quoted(join(dir, file));
  writeFileSync(
    path,
    `#!/bin/bash
set -e
name=${quoted(name)}
if [ "$#" -gt 0 ]; then printf '%s\n' "$@"; fi > ${at(`${name}.args`)}
# Where the tool would make its temporary folders (as node's os.tmpdir() says), and one made there, as a test's would be.
temporary=\${TMPDIR:-/tmp}
temporary=\${temporary%/}
printf '%s' "$temporary" > ${at(`${name}.tmpdir`)}
printf '%s' "\${TT_TF_SCHEMA_PROVIDER-none}" > ${at(`${name}.schema`)}
mkdir -p "$temporary/left-by-$name"
for arg in "$@"; do
  case $arg in
    --outputFile=*)
      printf '%s' "\${STUB_RESULTS-}" > "\${arg#--outputFile=}"
      mkdir -p ${at('.tmp')}
      printf '%s' "\${STUB_RECORD-}" >> ${at('.tmp/test-tiers.txt')}
      ;;
  esac
done
if [ -n "\${STUB_BATCH_LOCK-}" ] && [ "$name" = batch ]; then
  # A batch that dies holding a claim: the lock it made, marked as the batch's.
  mkdir -p ${at('.tmp/shared-plans')}/"$STUB_BATCH_LOCK"
  : > ${at('.tmp/shared-plans')}/"$STUB_BATCH_LOCK"/batch
fi
if [ "\${FAIL-}" = "$name" ]; then
  echo "$name output: src/a.ts(1,7): error" >&2
  exit 1
fi
echo "$name output: fine" >&2
`,
  );
  chmodSync(path, 0o755);
  return path;
}

interface Run {
  readonly status: number | null;
  readonly stderr: string;
  readonly dir: string;
  readonly args: (name: Tool) => readonly string[] | undefined;
  /** The TT_TF_SCHEMA_PROVIDER a tool was started with, or 'none'. */
  readonly schema: (name: Tool) => string | undefined;
  readonly exists: (path: string) => boolean;
}

/** A result file of jest's JSON: one test file with the given test statuses. */
const file = (name: string, ...statuses: readonly string[]): object => ({ name, status: statuses.includes('failed') ? 'failed' : 'passed', assertionResults: statuses.map((status) => ({ status })) });

function runTests(
  args: readonly string[],
  options: { readonly fail?: Tool; readonly env?: NodeJS.ProcessEnv; readonly results?: readonly object[]; readonly record?: string; readonly provider?: FakeProviderMode } = {},
): Run {
  const dir = mkdtempSync(join(tmpdir(), 'tt-test-runner-'));
  const { mirror } = fakeProviderProject(dir, options.provider ?? 'serves');
  mkdirSync(join(dir, '.tmp', 'shared-plans'), { recursive: true });
  mkdirSync(join(dir, '__tests__', 'review', 'terraform'), { recursive: true });
  writeFileSync(join(dir, '__tests__', 'review', 'terraform', 'plan.test.ts'), '');
  writeFileSync(join(dir, '.tmp', 'test-tiers.txt'), 'terraform\tskipped\tearlier run\n');
  mkdirSync(join(dir, '.tmp', 'shared-plans', 'earlier'));
  for (const script of ['scripts/test.cjs', 'scripts/test-tiers.cjs', 'scripts/schema-provider.cjs', 'src/terraform/debug-provider.cjs', 'src/terraform/platform.cjs']) {
    mkdirSync(dirname(join(dir, script)), { recursive: true });
    copyFileSync(join(ROOT, script), join(dir, script));
  }
  const env: NodeJS.ProcessEnv = { ...process.env, ...Object.fromEntries(TOOLS.map((name) => [`TT_TEST_${name.toUpperCase()}`, stub(dir, name)])) };
  // TT_TF_SCHEMA_PROVIDER: the provider of the npm test running this test, not of the run under test.
  for (const name of ['FAIL', 'CI', 'TT_ALLOW_SKIP', 'STUB_RESULTS', 'STUB_RECORD', 'STUB_BATCH_LOCK', 'TT_TF_SCHEMA_PROVIDER']) {
    delete env[name];
  }
  const results = JSON.stringify({ testResults: (options.results ?? []).map((result) => ({ ...result, name: join(dir, String(Reflect.get(result, 'name'))) })) });
  const result = spawnSync(process.execPath, [join(dir, 'scripts', 'test.cjs'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...env, TT_TF_PLUGIN_MIRROR: mirror, ...options.env, ...(options.fail === undefined ? {} : { FAIL: options.fail }), STUB_RESULTS: results, STUB_RECORD: options.record ?? '' },
  });
  const argsFile = (name: string): string => join(dir, `${name}.args`);
  return {
    status: result.status,
    stderr: result.stderr,
    dir,
    args: (name) => (existsSync(argsFile(name)) ? readFileSync(argsFile(name), 'utf8').split('\n').slice(0, -1) : undefined),
    schema: (name) => (existsSync(join(dir, `${name}.schema`)) ? readFileSync(join(dir, `${name}.schema`), 'utf8') : undefined),
    exists: (path) => existsSync(join(dir, path)),
  };
}

const ALL_TIERS = ['unit', 'behaviour', 'terraform', 'policy', 'browser'];

describe('npm test (scripts/test.cjs)', () => {
  it('runs every tier in one jest run beside the type check, the linter, the format check and the read-only terraform provider, with fresh housekeeping', () => {
    const run = runTests([]);
    expect(run.status).toBe(0);
    expect(run.args('jest')).toEqual([JEST_CACHE, '--json', `--outputFile=${join(run.dir, '.tmp', 'jest-results.json')}`, '--passWithNoTests', '--selectProjects', ...ALL_TIERS]);
    expect([run.args('tsc'), run.args('oxlint'), run.args('oxfmt')]).toEqual([['--noEmit'], ['--deny-warnings', '.'], ['--check', '.']]);
    // The plan batch ran beside jest, its line ends the summary, and it left no pending mark.
    expect([run.args('batch'), run.stderr]).toEqual([[], expect.stringMatching(/\n {2}browser +no test files\nbatch output: fine\nType check/)]);
    expect(run.exists('.tmp/shared-plans/batch.pending')).toBe(false);
    // The earlier run's record and plans are gone (the stand-in wrote an empty record).
    expect([readFileSync(join(run.dir, '.tmp', 'test-tiers.txt'), 'utf8'), run.exists('.tmp/shared-plans/earlier')]).toEqual(['', false]);
    // One provider for the read-only terraform commands, started before jest and the batch, handed to
    // both as TT_TF_SCHEMA_PROVIDER, and stopped at the end.
    const reattach = run.schema('jest') ?? 'none';
    expect([run.schema('batch'), reattach]).toEqual([reattach, expect.stringContaining('"registry.terraform.io/hashicorp/aws":{')]);
    expect(running(reattachPid(reattach))).toBe(false);
    expect(run.stderr).not.toContain('schema provider');
  });

  it.each([
    ['a type error', 'tsc', 'Type check (tsc --noEmit) FAILED:\ntsc output: src/a.ts(1,7): error\n'],
    ['a lint error', 'oxlint', 'Lint (oxlint) FAILED:\noxlint output: src/a.ts(1,7): error\n'],
    ['a file oxfmt would change', 'oxfmt', 'Format (oxfmt --check) FAILED:\noxfmt output: src/a.ts(1,7): error\n'],
    ['a failing test', 'jest', 'jest output: src/a.ts(1,7): error\n'],
  ] as const)('fails on %s although everything else passes', (_name, tool, message) => {
    const run = runTests([], { fail: tool });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(message);
  });

  it('gives the run one temporary folder, every tool the same, and removes it with all the tests left in it', () => {
    const run = runTests([]);
    expect(run.status).toBe(0);
    const used = TOOLS.map((name) => readFileSync(join(run.dir, `${name}.tmpdir`), 'utf8'));
    expect(new Set(used).size).toBe(1);
    expect([dirname(used[0]), basename(used[0])]).toEqual([tmpdir(), expect.stringMatching(/^three-tier-test-\w{6}$/)]);
    expect(existsSync(used[0])).toBe(false);
  });

  it('a provider that cannot start: the run goes on without it, and the summary says why', () => {
    const run = runTests([], { provider: 'exits' });
    expect([run.status, run.schema('jest')]).toEqual([0, 'none']);
    expect(run.stderr).toMatch(
      /\nschema provider: not started \(.*terraform-provider-aws_v5\.100\.0_x5 -debug exited \(3\) before it printed a reattach line: Error: no debug mode here\); each read-only terraform command starts its own\n/,
    );
  });

  it('summarises each tier: what ran, what skipped and why, what has no tests, what was not selected', () => {
    const run = runTests(['--tier', 'unit,terraform', '--tier=policy'], {
      results: [file('__tests__/config/a.test.ts', 'passed', 'passed', 'pending'), file('__tests__/review/b.test.ts', 'passed', 'failed'), file('__tests__/review/terraform/plan.test.ts', 'pending', 'pending')],
      record: 'terraform\tskipped\tplans: no provider mirror\nunit\tpartial\tSHELLCHECK SKIPPED (user data)\n',
    });
    expect(run.stderr).toContain(
      [
        'Test tiers:',
        '  unit       ran 2 file(s): 3 passed, 1 FAILED, 1 skipped',
        '               partial: SHELLCHECK SKIPPED (user data)',
        '  behaviour  not run (not selected)',
        '  terraform  SKIPPED (1 file(s))',
        '               skipped: plans: no provider mirror',
        '  policy     no test files',
        '  browser    not run (not selected)',
        '',
      ].join('\n'),
    );
    expect(run.args('jest')).toEqual(expect.arrayContaining(['--selectProjects', 'unit', 'terraform', 'policy']));
  });

  it('a plan batch that fails only says so: the run passes, and the locks it held are gone, so that no test file waits on them', () => {
    const run = runTests(['--tier', 'terraform'], { fail: 'batch', env: { STUB_BATCH_LOCK: '0123456789abcdef.lock' } });
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('batch output: src/a.ts(1,7): error\n');
    expect([run.exists('.tmp/shared-plans/0123456789abcdef.lock'), run.exists('.tmp/shared-plans/batch.pending')]).toEqual([false, false]);
  });

  it('npm run test:unit (--tier unit): the unit project and the type check; the linter and formatter wait for a run of every tier', () => {
    const run = runTests(['--tier', 'unit', '--ci']);
    expect(run.status).toBe(0);
    expect(run.args('jest')).toEqual(['--ci', JEST_CACHE, '--json', `--outputFile=${join(run.dir, '.tmp', 'jest-results.json')}`, '--passWithNoTests', '--selectProjects', 'unit']);
    expect([run.args('tsc'), run.args('oxlint'), run.args('oxfmt'), run.args('batch')]).toEqual([['--noEmit'], undefined, undefined, undefined]);
    // No terraform tier, no provider for it.
    expect(run.schema('jest')).toBe('none');
  });

  it('npm run test:terraform (--tier terraform): that project alone, without the checks', () => {
    const run = runTests(['--tier', 'terraform']);
    expect(run.args('jest')).toEqual(expect.arrayContaining(['--selectProjects', 'terraform']));
    expect([run.args('tsc'), run.args('oxlint'), run.args('oxfmt')]).toEqual([undefined, undefined, undefined]);
    // The whole tier: its shared plans come from the batch.
    expect(run.args('batch')).toEqual([]);
  });

  it("npm test -- <path>: only that file, first among jest's arguments (--selectProjects would take it for a project), no checks", () => {
    const run = runTests(['__tests__/review/terraform/plan.test.ts', '-t', 'plan'], { results: [file('__tests__/review/terraform/plan.test.ts', 'passed')] });
    expect(run.status).toBe(0);
    expect(run.args('jest')).toEqual(['__tests__/review/terraform/plan.test.ts', '-t', 'plan', JEST_CACHE, '--json', `--outputFile=${join(run.dir, '.tmp', 'jest-results.json')}`]);
    expect([run.args('tsc'), run.args('batch')]).toEqual([undefined, undefined]);
    expect(run.stderr).toContain('  terraform  ran 1 file(s): 1 passed\n');
    expect(run.stderr).toContain('  unit       not run (not selected)\n');
  });

  it('with CI=true a skipped tier fails the run, unless TT_ALLOW_SKIP names it', () => {
    const skipped = { results: [file('__tests__/review/terraform/plan.test.ts', 'pending')], record: 'terraform\tskipped\tplans: no provider mirror\n' };
    expect(runTests([], skipped).status).toBe(0);
    const ci = runTests([], { ...skipped, env: { CI: 'true' } });
    expect(ci.status).toBe(1);
    expect(ci.stderr).toContain('CI=true: the terraform tier(s) skipped, which fails the run (provide what they need, or TT_ALLOW_SKIP=terraform)');
    expect(runTests([], { ...skipped, env: { CI: 'true', TT_ALLOW_SKIP: 'browser,terraform' } }).status).toBe(0);
  });

  it("finds the real tools through their packages' bin (packages need not export their bin file), to be run with node", () => {
    const found = spawnSync(
      process.execPath,
      ['-e', "const { tool } = require('./scripts/test.cjs'); console.log(JSON.stringify(['tsc', 'jest', 'oxlint', 'oxfmt'].map((name) => tool(name, name === 'tsc' ? 'typescript-7' : name))))"],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const commands: unknown = JSON.parse(found.stdout);
    expect(Array.isArray(commands) && commands.length === 4).toBe(true);
    for (const command of Array.isArray(commands) ? commands : []) {
      expect(command).toEqual([process.execPath, expect.stringMatching(new RegExp(`^${join(ROOT, 'node_modules')}/`))]);
      expect(existsSync(String(command[1]))).toBe(true);
    }
  });

  it('a stand-in that cannot start fails the run, naming why', () => {
    const run = runTests(['--tier', 'unit'], { env: { TT_TEST_TSC: join(tmpdir(), 'no-such-tsc') } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`Type check (tsc --noEmit) FAILED:\nspawn ${join(tmpdir(), 'no-such-tsc')} ENOENT\n`);
  });

  it('refuses a tier that does not exist, naming the tiers', () => {
    const run = runTests(['--tier', 'terrafrom']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('--tier "terrafrom" is not a tier; tiers: unit, behaviour, terraform, policy, browser\n');
  });
});
