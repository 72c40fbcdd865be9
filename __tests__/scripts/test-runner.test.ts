// scripts/test.cjs (`npm test`, `npm run test:terraform`) with stand-in tools: a type error or a
// failing test must each fail it, and each tier must get its own jest project and housekeeping.
// A copy of the script in a folder of its own, so that its housekeeping never touches this repo's .tmp.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

/** A stand-in that records its arguments and fails when its variable says so. */
function stub(dir: string, name: string): string {
  const path = join(dir, `${name}.cjs`);
  writeFileSync(
    path,
    `const fs = require('node:fs');
fs.writeFileSync(${JSON.stringify(join(dir, `${name}.args`))}, JSON.stringify(process.argv.slice(2)));
const failing = process.env.FAIL === ${JSON.stringify(name)};
process.stderr.write(failing ? '${name} output: src/a.ts(1,7): error TS2322\\n' : '${name} output: fine\\n');
process.exitCode = failing ? 1 : 0;
`,
  );
  return path;
}

interface Run {
  readonly status: number | null;
  readonly stderr: string;
  readonly args: (name: 'tsc' | 'jest') => unknown;
  readonly exists: (path: string) => boolean;
}

function runTests(args: readonly string[], fail?: 'tsc' | 'jest'): Run {
  const dir = mkdtempSync(join(tmpdir(), 'tt-test-runner-'));
  mkdirSync(join(dir, 'scripts'));
  mkdirSync(join(dir, '.tmp', 'shared-plans'), { recursive: true });
  writeFileSync(join(dir, '.tmp', 'test-tiers.txt'), 'earlier run\n');
  copyFileSync(join(ROOT, 'scripts', 'test.cjs'), join(dir, 'scripts', 'test.cjs'));
  const env: NodeJS.ProcessEnv = { ...process.env, TT_TEST_TSC: stub(dir, 'tsc'), TT_TEST_JEST: stub(dir, 'jest') };
  delete env.FAIL;
  const result = spawnSync(process.execPath, [join(dir, 'scripts', 'test.cjs'), ...args], { encoding: 'utf8', env: fail === undefined ? env : { ...env, FAIL: fail } });
  const argsFile = (name: string): string => join(dir, `${name}.args`);
  return {
    status: result.status,
    stderr: result.stderr,
    args: (name) => (existsSync(argsFile(name)) ? JSON.parse(readFileSync(argsFile(name), 'utf8')) : undefined),
    exists: (path) => existsSync(join(dir, path)),
  };
}

describe('npm test (scripts/test.cjs)', () => {
  it('fails on a type error although the tests pass, and prints the errors after the tests', () => {
    const run = runTests([], 'tsc');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('jest output: fine\nType check (tsc --noEmit) FAILED:\ntsc output: src/a.ts(1,7): error TS2322\n');
  });

  it('fails on a failing test although the types check', () => {
    const run = runTests([], 'jest');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('jest output: src/a.ts(1,7): error TS2322\nType check (tsc --noEmit): no errors\n');
  });

  it('passes when both pass: tsc --noEmit, the unit project with the arguments given, the tier record started afresh', () => {
    const run = runTests(['--ci', 'network']);
    expect(run.status).toBe(0);
    expect([run.args('tsc'), run.args('jest')]).toEqual([['--noEmit'], ['--selectProjects', 'unit', '--ci', 'network']]);
    expect([run.exists('.tmp/test-tiers.txt'), run.exists('.tmp/shared-plans')]).toEqual([false, true]);
  });

  it('runs the terraform project alone with --terraform, with the shared plans emptied and the tier record kept', () => {
    const run = runTests(['--ci', '--terraform']);
    expect(run.status).toBe(0);
    expect([run.args('tsc'), run.args('jest')]).toEqual([undefined, ['--selectProjects', 'terraform', '--ci']]);
    expect([run.exists('.tmp/test-tiers.txt'), run.exists('.tmp/shared-plans')]).toEqual([true, false]);
    expect(runTests(['--terraform'], 'jest').status).toBe(1);
  });
});
