// The two test tiers, cross-platform:
//   `npm test` (no flag): the type check (`tsc --noEmit`) beside the unit tier, not before it, so that
//   its seconds on one core overlap the tests; type errors are printed after the tests, under their
//   own heading. Starts `.tmp/test-tiers.txt` (which tiers ran) afresh.
//   `npm run test:terraform` (`--terraform`): the terraform tier, with `.tmp/shared-plans` emptied
//   first so that no run reuses another's plans; it adds to `.tmp/test-tiers.txt`.
// Other arguments go to jest; the exit status is 1 if anything fails.
'use strict';
const { spawn } = require('node:child_process');
const { rmSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
// The type checker and the test runner; TT_TEST_TSC and TT_TEST_JEST name stand-ins (this script's own test).
const tsc = process.env.TT_TEST_TSC ?? require.resolve('typescript/bin/tsc');
const jest = process.env.TT_TEST_JEST ?? require.resolve('jest/bin/jest');
const terraformTier = process.argv.includes('--terraform');
const jestArgs = process.argv.slice(2).filter((arg) => arg !== '--terraform');

function run(script, args, stdio) {
  const child = spawn(process.execPath, [script, ...args], { cwd: root, stdio });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ ok: code === 0, output })));
}

async function main() {
  if (terraformTier) {
    rmSync(join(root, '.tmp', 'shared-plans'), { recursive: true, force: true });
    return (await run(jest, ['--selectProjects', 'terraform', ...jestArgs], 'inherit')).ok;
  }
  rmSync(join(root, '.tmp', 'test-tiers.txt'), { force: true });
  const typeCheck = run(tsc, ['--noEmit'], ['ignore', 'pipe', 'pipe']);
  const [types, unit] = await Promise.all([typeCheck, run(jest, ['--selectProjects', 'unit', ...jestArgs], 'inherit')]);
  process.stderr.write(types.ok ? 'Type check (tsc --noEmit): no errors\n' : `Type check (tsc --noEmit) FAILED:\n${types.output}`);
  return types.ok && unit.ok;
}

main().then((ok) => {
  process.exitCode = ok ? 0 : 1;
});
