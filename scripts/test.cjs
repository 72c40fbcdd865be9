// One test command, cross-platform (`npm test`):
//   npm test                   every tier (scripts/test-tiers.cjs) in one jest run, beside the type check
//                              (`tsc --noEmit`), the linter (oxlint) and the format check (oxfmt),
//                              whose seconds on one core overlap the tests; then a summary of the tiers.
//   npm test -- --tier unit    only the tiers named (`npm run test:unit`, the quick loop, is this; the
//                              type check runs with the unit tier, the linter and formatter only with
//                              every tier);
//   npm test -- <path>...      only those test files or folders, each in its own tier, without the checks.
// Other arguments go to jest (`npm test -- -t "NAT"`). It starts `.tmp/test-tiers.txt` (what each tier
// ran or why it skipped, __tests__/support/tiers.ts) and `.tmp/shared-plans` afresh, and gives the run one
// temporary folder (TMPDIR), removed when it ends. When the terraform
// tier runs whole, the plan batch (__tests__/support/plan-batch.ts) plans the stacks its test files share
// as one root beside jest, and its line ends the summary. With CI=true a tier that skipped fails the run
// unless TT_ALLOW_SKIP names it (TT_ALLOW_SKIP=terraform,browser). The exit status is 1 if anything fails.
'use strict';
const { spawn } = require('node:child_process');
const { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { dirname, join, relative, resolve } = require('node:path');
const { TIER_NAMES, tierOf } = require('./test-tiers.cjs');
const { startSchemaProvider } = require('./schema-provider.cjs');

const root = join(__dirname, '..');
const RECORD = join(root, '.tmp', 'test-tiers.txt');
const RESULTS = join(root, '.tmp', 'jest-results.json');

/**
 * How to start a tool: node and its script, from its package's `bin` (packages may not export the file
 * itself). TT_TEST_<TOOL> names a stand-in executable instead (this script's own test: a shell script
 * starts in milliseconds, node in a tenth of a second of CPU).
 */
function tool(name, packageName = name) {
  const standIn = process.env[`TT_TEST_${name.toUpperCase()}`];
  if (standIn !== undefined) {
    return [standIn];
  }
  try {
    const manifestPath = require.resolve(`${packageName}/package.json`, { paths: [root] });
    const { bin } = JSON.parse(readFileSync(manifestPath, 'utf8'));
    return [process.execPath, join(dirname(manifestPath), typeof bin === 'string' ? bin : bin[name])];
  } catch {
    return undefined;
  }
}

/** The plan batch: how to start it (TT_TEST_BATCH names a stand-in executable, for this script's own test). */
const PLAN_BATCH = process.env.TT_TEST_BATCH !== undefined ? [process.env.TT_TEST_BATCH] : [process.execPath, '--require', './scripts/register-ts.cjs', '__tests__/support/plan-batch-run.ts'];
/** Present until the plan batch has claimed the plans it makes (__tests__/support/terraform.ts). */
const BATCH_PENDING = join(root, '.tmp', 'shared-plans', 'batch.pending');

/**
 * After the batch, whatever became of it: no pending mark, and none of its locks (a lock it holds has a
 * `batch` file) left for the test files to wait on; they plan those stacks themselves.
 */
function releaseBatch() {
  rmSync(BATCH_PENDING, { force: true });
  const shared = dirname(BATCH_PENDING);
  for (const name of existsSync(shared) ? readdirSync(shared) : []) {
    if (name.endsWith('.lock') && existsSync(join(shared, name, 'batch'))) {
      rmSync(join(shared, name), { recursive: true, force: true });
    }
  }
}

/**
 * Where jest keeps its transform cache by default (jest-config's getCacheDirectory), worked out before
 * the run moves TMPDIR, so that the cache outlives the run.
 */
const JEST_CACHE = `${join(realpathSync(tmpdir()), 'jest')}${process.getuid === undefined ? '' : `_${process.getuid().toString(36)}`}`;

/**
 * One temporary folder for the run: every folder the tests make, and the tools they start (cdktf's
 * Testing, terraform, Checkov, Chromium), goes into it, and it is removed when the run ends (a run left
 * about 480 folders in the system's temporary folder before).
 */
function runTemporaryFolder() {
  const folder = mkdtempSync(join(tmpdir(), 'three-tier-test-'));
  for (const name of ['TMPDIR', 'TMP', 'TEMP']) {
    process.env[name] = folder;
  }
  const remove = () => rmSync(folder, { recursive: true, force: true });
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ]) {
    process.once(signal, () => {
      remove();
      process.exit(code);
    });
  }
  return remove;
}

/** The checks beside the tests, each a command with its arguments. */
const CHECKS = [
  { title: 'Type check (tsc --noEmit)', command: tool('tsc', 'typescript-7'), args: ['--noEmit'] },
  // Native (Rust) tools: each reads the whole tree in well under a second of CPU.
  { title: 'Lint (oxlint)', command: tool('oxlint'), args: ['--deny-warnings', '.'] },
  { title: 'Format (oxfmt --check)', command: tool('oxfmt'), args: ['--check', '.'] },
];

function parse(argv) {
  const tiers = [];
  const jestArgs = [];
  const paths = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === '--tier' || arg.startsWith('--tier=')) {
      const value = arg === '--tier' ? argv[(index += 1)] : arg.slice('--tier='.length);
      for (const name of String(value ?? '').split(',')) {
        if (!TIER_NAMES.includes(name)) {
          throw new Error(`--tier ${JSON.stringify(name)} is not a tier; tiers: ${TIER_NAMES.join(', ')}`);
        }
        tiers.push(name);
      }
    } else if (!arg.startsWith('-') && existsSync(resolve(arg))) {
      paths.push(arg);
    } else {
      jestArgs.push(arg);
    }
  }
  return { tiers: [...new Set(tiers)], jestArgs, paths };
}

function run([file, ...prefix], args, stdio) {
  const child = spawn(file, [...prefix, ...args], { cwd: root, stdio });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return new Promise((resolveRun) => {
    // A command that cannot start (a stand-in that is not executable) fails like one that exits non-zero.
    child.on('error', (error) => resolveRun({ ok: false, output: `${output}${error.message}\n` }));
    child.on('close', (code) => resolveRun({ ok: code === 0, output }));
  });
}

/** Per tier: test files and tests by status, from jest's JSON results. */
function countByTier() {
  const counts = Object.fromEntries(TIER_NAMES.map((name) => [name, { files: 0, passed: 0, failed: 0, skipped: 0 }]));
  if (!existsSync(RESULTS)) {
    return counts;
  }
  const results = JSON.parse(readFileSync(RESULTS, 'utf8'));
  for (const file of results.testResults ?? []) {
    const tier = counts[tierOf(relative(root, file.name))];
    tier.files += 1;
    for (const test of file.assertionResults ?? []) {
      if (test.status === 'passed') tier.passed += 1;
      else if (test.status === 'failed') tier.failed += 1;
      else tier.skipped += 1;
    }
    if ((file.assertionResults ?? []).length === 0 && file.status === 'failed') {
      tier.failed += 1;
    }
  }
  return counts;
}

/** The record's lines by tier: [status, text]. */
function recordByTier() {
  const lines = existsSync(RECORD)
    ? readFileSync(RECORD, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
    : [];
  const byTier = new Map();
  for (const line of lines) {
    const [tier, status, ...text] = line.split('\t');
    byTier.set(tier, [...(byTier.get(tier) ?? []), [status, text.join('\t')]]);
  }
  return byTier;
}

/** The summary, and the tiers that skipped although CI may not skip them. */
function summarise(selected) {
  const counts = countByTier();
  const record = recordByTier();
  const ci = process.env.CI !== undefined && !['', '0', 'false'].includes(process.env.CI.toLowerCase());
  const allowed = new Set((process.env.TT_ALLOW_SKIP ?? '').split(',').map((name) => name.trim()));
  const width = Math.max(...TIER_NAMES.map((name) => name.length));
  const lines = ['Test tiers:'];
  const forbidden = [];
  for (const name of TIER_NAMES) {
    const { files, passed, failed, skipped } = counts[name];
    const notes = record.get(name) ?? [];
    const skips = notes.filter(([status]) => status === 'skipped');
    let state;
    if (!selected.includes(name)) {
      state = 'not run (not selected)';
    } else if (files === 0) {
      state = 'no test files';
    } else if (skips.length > 0 && passed + failed === 0) {
      state = `SKIPPED (${files} file(s))`;
    } else {
      state = `ran ${files} file(s): ${passed} passed${failed > 0 ? `, ${failed} FAILED` : ''}${skipped > 0 ? `, ${skipped} skipped` : ''}`;
    }
    if (skips.length > 0 && ci && !allowed.has(name)) {
      forbidden.push(name);
    }
    lines.push(`  ${name.padEnd(width)}  ${state}`);
    for (const [status, text] of notes.filter(([status]) => status !== 'ran')) {
      lines.push(`  ${''.padEnd(width)}    ${status}: ${text}`);
    }
  }
  if (forbidden.length > 0) {
    lines.push(`CI=true: the ${forbidden.join(', ')} tier(s) skipped, which fails the run (provide what they need, or TT_ALLOW_SKIP=${forbidden.join(',')})`);
  }
  return { text: `${lines.join('\n')}\n`, forbidden };
}

async function main() {
  const { tiers, jestArgs, paths } = parse(process.argv.slice(2));
  const jest = tool('jest');
  if (jest === undefined) {
    throw new Error('jest is not installed: run npm ci');
  }
  const selected = tiers.length > 0 ? tiers : paths.length > 0 ? [...new Set(paths.map((path) => tierOf(relative(root, resolve(path)))))] : TIER_NAMES;
  mkdirSync(join(root, '.tmp'), { recursive: true });
  for (const stale of [RECORD, RESULTS, join(root, '.tmp', 'shared-plans')]) {
    rmSync(stale, { recursive: true, force: true });
  }
  // Before anything starts: each child takes TMPDIR from here.
  const removeTemporaryFolder = runTemporaryFolder();
  // Paths first: --selectProjects takes every word after it.
  const args = [...paths, ...jestArgs, `--cacheDirectory=${JEST_CACHE}`, '--json', `--outputFile=${RESULTS}`];
  if (paths.length === 0) {
    // A tier without test files yet (a new one) is reported as such, not as a failure.
    args.push('--passWithNoTests');
  }
  if (paths.length === 0 || tiers.length > 0) {
    args.push('--selectProjects', ...selected);
  }
  // The type check goes with the unit tier (the quick loop keeps it); the linter and the formatter with a
  // run of every tier (plain `npm test`, as CI runs it). Files given: none.
  const everyTier = tiers.length === 0 && paths.length === 0;
  const checks = paths.length > 0 ? [] : CHECKS.filter((check) => (check.title.startsWith('Type check') ? selected.includes('unit') : everyTier));
  const running = checks.map((check) => (check.command === undefined ? Promise.resolve({ ok: false, output: 'not installed (npm ci)\n' }) : run(check.command, check.args, ['ignore', 'pipe', 'pipe'])));
  // One provider for the read-only terraform commands (scripts/schema-provider.cjs), started before
  // jest and the batch so that they inherit where it listens; without it each command starts its own.
  let stopSchemaProvider = () => undefined;
  let schemaNote = '';
  if (selected.includes('terraform')) {
    const schema = await startSchemaProvider(root);
    if (schema.reattach === undefined) {
      schemaNote = `schema provider: not started (${schema.reason}); each read-only terraform command starts its own\n`;
    } else {
      process.env.TT_TF_SCHEMA_PROVIDER = schema.reattach;
      stopSchemaProvider = schema.stop;
      process.once('exit', schema.stop);
    }
  }
  // The batch only saves time: whatever becomes of it, each test file gets its plan (alone, if need be).
  let batch = Promise.resolve(undefined);
  if (paths.length === 0 && selected.includes('terraform')) {
    mkdirSync(dirname(BATCH_PENDING), { recursive: true });
    writeFileSync(BATCH_PENDING, '');
    batch = run(PLAN_BATCH, [], ['ignore', 'pipe', 'pipe']).then((result) => {
      releaseBatch();
      return result;
    });
  }
  const [tests, batched, ...checked] = await Promise.all([run(jest, args, ['ignore', 'inherit', 'inherit']), batch, ...running]).finally(() => {
    stopSchemaProvider();
    removeTemporaryFolder();
  });
  const summary = summarise(selected);
  process.stderr.write(`\n${summary.text}`);
  process.stderr.write(schemaNote);
  if (batched !== undefined) {
    process.stderr.write(batched.output.trim() === '' ? 'plan batch: exited without a word\n' : batched.output);
  }
  checks.forEach((check, index) => {
    process.stderr.write(checked[index].ok ? `${check.title}: no problems\n` : `${check.title} FAILED:\n${checked[index].output}`);
  });
  return tests.ok && checked.every((result) => result.ok) && summary.forbidden.length === 0;
}

if (require.main === module) {
  main().then(
    (ok) => {
      process.exitCode = ok ? 0 : 1;
    },
    (error) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

module.exports = { tool };
