import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ReviewInputError } from '../errors';
import { isObject, type JsonObject } from '../json';
import { BASELINE_FILE } from './baseline';
import { CHECKOV_VERSION } from './checks';
import { findCheckov, type CheckovCommand } from './find-checkov';
import { STACK_FILE } from './scan-copy';
import { checkovArgs, isClean, limiter, scanStack, type StackScan } from './scan';

export const CHECKOV_USAGE = `Usage: npm run checkov [-- [stack ...] [--stacks DIR] [--copies DIR] [--jobs N]]

Synthesizes every stack (npm run synth), then scans each one with Checkov and its generated baseline
(cdktf.out/stacks/<stack>/.checkov.baseline), as a copy Checkov 3.3.13 can parse (without
terraform.required_version: bridgecrewio/checkov#7454). Exits 0 when no stack has a failure the
baseline does not cover nor a baseline entry that no failure used, 1 when one has, 2 when the scan
could not run.

  stack ...     only these stacks (default: all)
  --stacks DIR  scan the stack folders in DIR instead of synthesizing (default: cdktf.out/stacks after a synth)
  --copies DIR  where the scan copies go (default: .tmp/checkov)
  --jobs N      Checkov processes at a time (default: the number of CPUs)

Checkov is CHECKOV (a path or a command name) or else checkov on PATH.`;

export interface ScanCliArgs {
  readonly stacks: readonly string[];
  readonly stacksDir?: string;
  readonly copiesDir: string;
  readonly jobs?: number;
  readonly help: boolean;
}

export function parseScanArgs(argv: readonly string[]): ScanCliArgs {
  const stacks: string[] = [];
  let stacksDir: string | undefined;
  let copiesDir = join('.tmp', 'checkov');
  let jobs: number | undefined;
  let help = false;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    const value = (): string => {
      const next = argv[index + 1];
      if (next === undefined || next.startsWith('--')) {
        throw new ReviewInputError(`${arg} needs a value\n\n${CHECKOV_USAGE}`);
      }
      index += 1;
      return next;
    };
    if (arg === '--help' || arg === '-h') {
      help = true;
    } else if (arg === '--stacks') {
      stacksDir = value();
    } else if (arg === '--copies') {
      copiesDir = value();
    } else if (arg === '--jobs') {
      const text = value();
      jobs = Number(text);
      if (!Number.isInteger(jobs) || jobs < 1) {
        throw new ReviewInputError(`--jobs must be a whole number of at least 1, got ${JSON.stringify(text)}`);
      }
    } else if (arg.startsWith('-')) {
      throw new ReviewInputError(`unknown option ${arg}\n\n${CHECKOV_USAGE}`);
    } else {
      stacks.push(arg);
    }
  }
  return { stacks, stacksDir, copiesDir, jobs, help };
}

/** The stack folders to scan: every folder with a cdk.tf.json, or the named ones. */
export function stackFolders(stacksDir: string, names: readonly string[]): string[] {
  const available = existsSync(stacksDir)
    ? readdirSync(stacksDir)
        .filter((name) => existsSync(join(stacksDir, name, STACK_FILE)))
        .sort()
    : [];
  if (available.length === 0) {
    throw new ReviewInputError(`${stacksDir} holds no synthesized stack (a folder with ${STACK_FILE}); run npm run synth`);
  }
  const unknown = names.filter((name) => !available.includes(name));
  if (unknown.length > 0) {
    throw new ReviewInputError(`no stack ${unknown.map((name) => JSON.stringify(name)).join(', ')} in ${stacksDir}; stacks: ${available.join(', ')}`);
  }
  // The state stack first, as synth lists it: it is bootstrapped before the others.
  const ordered = [...available.filter((name) => name === 'state'), ...available.filter((name) => name !== 'state')];
  return names.length === 0 ? ordered : [...names];
}

/** `resource.<name>` (a Python check's record) as `<type>.<name>`, the stack's own address. */
export function addressOf(stack: JsonObject, resource: string): string {
  if (!resource.startsWith('resource.')) {
    return resource;
  }
  const name = resource.slice('resource.'.length);
  const resources = isObject(stack.resource) ? stack.resource : {};
  const type = Object.keys(resources).find((candidate) => {
    const byName = resources[candidate];
    return isObject(byName) && name in byName;
  });
  return type === undefined ? resource : `${type}.${name}`;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The per-stack table and, below it, what each stack leaves to fix. */
export function renderScans(scans: readonly StackScan[]): string {
  const rows = [
    ['stack', 'passed', 'failed', 'excepted', 'left', 'unused', 'seconds'],
    ...scans.map((scan) => [
      scan.stack,
      scan.totals === undefined ? '-' : String(scan.totals.passed),
      scan.totals === undefined ? String(scan.failed.length + scan.excepted.length) : String(scan.totals.failed),
      String(scan.excepted.length),
      String(scan.failed.length),
      String(scan.unused.length),
      scan.seconds.toFixed(1),
    ]),
  ];
  const lines = [table(rows), '', 'passed/failed: without the baseline; excepted: failures the baseline covers; left: failures it does not; unused: baseline entries no failure used.'];
  for (const scan of scans) {
    if (scan.baselineVersion !== CHECKOV_VERSION) {
      lines.push(
        '',
        `${scan.stack}: Checkov ${scan.version} names some checks' resources unlike ${CHECKOV_VERSION}, so the scan copy's baseline was written for ${scan.version}; the .checkov.baseline synth writes fits ${CHECKOV_VERSION}.`,
      );
    }
    if (scan.failed.length > 0) {
      lines.push('', `${scan.stack}: ${scan.failed.length} failed check(s) the baseline does not cover; fix each, or except it with a true reason (suppress or suppressCheckov beside the resource, README "Checkov"):`);
      lines.push(...scan.failed.map((record) => `  ${record.checkId}  ${addressOf(scan.synthesized, record.resource)}  ${record.checkName}`));
    }
    if (scan.unused.length > 0) {
      lines.push('', `${scan.stack}: ${scan.unused.length} baseline entr${scan.unused.length === 1 ? 'y' : 'ies'} no failure used; remove the exception (a stale one would hide the next real failure):`);
      lines.push(
        ...scan.unused.map(
          (entry) =>
            `  ${entry.checkId}  ${entry.address}  ${entry.why === 'passes' ? 'the check passes' : 'the check reports nothing on it'}; declared by ${entry.source === 'checkov-only' ? 'suppressCheckov' : `suppress(${entry.source})`}: "${entry.reason}"`,
        ),
      );
    }
    if (scan.parsingErrors.length > 0) {
      lines.push('', `${scan.stack}: Checkov could not parse ${scan.parsingErrors.join(', ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Checkov's command as the user would type it. */
function commandName(checkov: CheckovCommand): string {
  return checkov.origin === 'checkov on PATH' ? 'checkov' : checkov.origin.startsWith('CHECKOV=') ? checkov.origin.slice('CHECKOV='.length) : checkov.file;
}

export interface ScanCliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly cpus: number;
  /** Runs `npm run synth`; resolves to its exit status. */
  readonly synth: () => Promise<number>;
}

/** `npm run checkov`; resolves to the exit status (0 clean, 1 something to fix, 2 the scan could not run). */
export async function runCheckovScan(argv: readonly string[], io: ScanCliIo): Promise<number> {
  let args: ScanCliArgs;
  let checkov: CheckovCommand | undefined;
  try {
    args = parseScanArgs(argv);
    if (args.help) {
      io.stdout(`${CHECKOV_USAGE}\n`);
      return 0;
    }
    checkov = findCheckov(io.env, io.cwd);
  } catch (error) {
    if (error instanceof ReviewInputError) {
      io.stderr(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (checkov === undefined) {
    io.stderr(`Checkov was not found: install it (pip install checkov==${CHECKOV_VERSION}) or name its command with CHECKOV=/path/to/checkov\n`);
    return 2;
  }
  let stacksDir = args.stacksDir;
  if (stacksDir === undefined) {
    const status = await io.synth();
    if (status !== 0) {
      io.stderr(`npm run synth failed (exit ${status}): nothing to scan\n`);
      return 2;
    }
    stacksDir = join(io.env.CDKTF_OUTDIR ?? 'cdktf.out', 'stacks');
  }
  let names: string[];
  try {
    names = stackFolders(resolve(io.cwd, stacksDir), args.stacks);
  } catch (error) {
    if (error instanceof ReviewInputError) {
      io.stderr(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const jobs = args.jobs ?? Math.max(1, io.cpus);
  const copy = (stack: string): string => join(args.copiesDir, stack);
  io.stdout(
    [
      `Checkov: ${checkov.file} (${checkov.origin}), ${jobs} process(es) at a time, on ${names.length} stack(s) of ${stacksDir}. Each stack:`,
      `  ${commandName(checkov)} ${checkovArgs(copy('<stack>'), true).join(' ')}`,
      `  and once more without --baseline for the totals. ${copy('<stack>')} is ${join(stacksDir, '<stack>')}/${STACK_FILE} without the terraform block's`,
      `  plain attributes (required_version: Checkov 3.3.13 crashes on them, bridgecrewio/checkov#7454) beside its ${BASELINE_FILE}.`,
      '',
    ].join('\n'),
  );
  const started = Date.now();
  const limit = limiter(jobs);
  const settled = await Promise.allSettled(names.map((name) => scanStack({ checkov, stackDir: resolve(io.cwd, stacksDir, name), copyDir: resolve(io.cwd, copy(name)), env: io.env, limit })));
  const scans = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const broken = settled.flatMap((result, index) => (result.status === 'rejected' ? [`${names[index]}: ${result.reason instanceof Error ? result.reason.message : String(result.reason)}`] : []));
  if (scans.length > 0) {
    io.stdout(renderScans(scans));
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const version = scans[0]?.version ?? 'unknown';
  const left = scans.reduce((sum, scan) => sum + scan.failed.length, 0);
  const unused = scans.reduce((sum, scan) => sum + scan.unused.length, 0);
  io.stdout(
    `\nCheckov ${version}: ${left} failed check(s) left and ${unused} unused baseline entr${unused === 1 ? 'y' : 'ies'} on ${scans.length} stack(s), ${seconds} s in all. ` +
      'Checks that need cloudsplaining data (CKV_AWS_107-111, 286-290, 355, 356 and others) count only where this Checkov has that data.\n',
  );
  if (broken.length > 0) {
    io.stderr(`Checkov could not scan ${broken.length} stack(s):\n${broken.join('\n')}\n`);
    return 2;
  }
  return scans.every(isClean) ? 0 : 1;
}
