import { spawn } from 'node:child_process';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { JsonObject } from '../json';
import { BASELINE_FILE, baselineEntriesOf, type BaselineEntry } from './baseline';
import { CHECKOV_VERSION } from './checks';
import type { CheckovCommand } from './find-checkov';
import { writeScanCopy } from './scan-copy';
import { parseCheckovReport, type CheckovRecord, type CheckovReport } from './scan-report';

/** A baseline entry no failure used: the check passes there, or reports nothing on that resource. */
export interface UnusedEntry extends BaselineEntry {
  readonly why: 'passes' | 'no result';
}

/** One stack scanned with its baseline. */
export interface StackScan {
  readonly stack: string;
  /** Checkov's version, as its report says. */
  readonly version: string;
  /** The folder Checkov scanned (the scan copy), and the `terraform` attributes it left out (#7454). */
  readonly copyDir: string;
  readonly removed: readonly string[];
  /** The synthesized stack, as read. */
  readonly synthesized: JsonObject;
  /** Failures the baseline does not cover: each one is a finding to fix or to except with a reason. */
  readonly failed: readonly CheckovRecord[];
  /** Failures the baseline covered. */
  readonly excepted: readonly CheckovRecord[];
  /** Baseline entries that matched no failure: stale exceptions to remove. */
  readonly unused: readonly UnusedEntry[];
  readonly parsingErrors: readonly string[];
  /** Without the baseline (a second run: with one, Checkov drops the passed checks it does not name). */
  readonly totals?: { readonly passed: number; readonly failed: number };
  /** When this Checkov names a check's resources unlike 3.3.13, the baseline was written for it. */
  readonly baselineVersion: string;
  /** Wall-clock seconds of this stack's Checkov processes, added up (time waiting for a free slot left out). */
  readonly seconds: number;
}

/** Runs at most `jobs` tasks at a time. */
export function limiter(jobs: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= jobs) {
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    running += 1;
    try {
      return await task();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}

/** Checkov's arguments for one scan copy, with or without its baseline. */
export function checkovArgs(copyDir: string, withBaseline: boolean): string[] {
  const baseline = withBaseline ? ['--baseline', join(copyDir, BASELINE_FILE), '--output-baseline-as-skipped'] : [];
  // --skip-download: no policy metadata from the platform, so the result depends only on the files.
  return ['-d', copyDir, '--framework', 'terraform_json', ...baseline, '--skip-download', '--compact', '-o', 'json'];
}

/** Raised when Checkov itself fails (exit 2 and above, no report): not a finding, a broken run. */
export class CheckovRunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckovRunError';
  }
}

/** Runs Checkov with these arguments and reads its JSON report; a run without one is a CheckovRunError. */
export function runCheckov(checkov: CheckovCommand, args: readonly string[], env: NodeJS.ProcessEnv): Promise<CheckovReport> {
  return new Promise((resolve, reject) => {
    // No update check against pypi.org on start (the banner module does one unless told not to).
    const child = spawn(checkov.file, args, { env: { ...env, CKV_SKIP_PACKAGE_UPDATE_CHECK: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => reject(new CheckovRunError(`${checkov.file} could not be started: ${error.message}`)));
    child.on('close', (code, signal) => {
      const tail = stderr.trim().split('\n').slice(-8).join('\n');
      if (code !== 0 && code !== 1) {
        reject(new CheckovRunError(`${basename(checkov.file)} ${args.join(' ')} exited ${code ?? signal} without a report${tail === '' ? '' : `:\n${tail}`}`));
        return;
      }
      try {
        resolve(parseCheckovReport(stdout));
      } catch (error) {
        reject(new CheckovRunError(`${error instanceof Error ? error.message : String(error)}${tail === '' ? '' : `\n${tail}`}`));
      }
    });
  });
}

const key = (resource: string, checkId: string): string => `${resource} ${checkId}`;

/** Splits a baseline's entries by what the scan did with them. */
export function unusedEntries(entries: readonly BaselineEntry[], report: CheckovReport): UnusedEntry[] {
  const used = new Set(report.baselineSkipped.map((record) => key(record.resource, record.checkId)));
  // With a baseline Checkov keeps exactly the passed results the baseline names.
  const passing = new Set(report.passed.map((record) => key(record.resource, record.checkId)));
  const seen = new Set<string>();
  return entries.flatMap((entry) => {
    const entryKey = key(entry.resource, entry.checkId);
    if (used.has(entryKey) || seen.has(entryKey)) {
      return [];
    }
    seen.add(entryKey);
    return [{ ...entry, why: passing.has(entryKey) ? ('passes' as const) : ('no result' as const) }];
  });
}

export interface ScanOptions {
  readonly checkov: CheckovCommand;
  /** A synthesized stack folder (`cdktf.out/stacks/<stack>`). */
  readonly stackDir: string;
  /** Where the scan copy goes (emptied of nothing: its two files are rewritten). */
  readonly copyDir: string;
  /** Also scan without the baseline, for the passed and failed totals. @default true */
  readonly totals?: boolean;
  /** Checkov's environment. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Bounds the Checkov processes of every scan sharing it. @default one at a time */
  readonly limit?: <T>(task: () => Promise<T>) => Promise<T>;
}

/**
 * Scans one synthesized stack as a user would: Checkov on a copy it can parse (see scan-copy.ts)
 * with the stack's baseline, failures the baseline covers reported as skips so that the baseline
 * entries nothing used show too.
 */
export async function scanStack(options: ScanOptions): Promise<StackScan> {
  let seconds = 0;
  const given = options.limit ?? limiter(1);
  const limit = <T>(task: () => Promise<T>): Promise<T> =>
    given(async () => {
      const started = performance.now();
      try {
        return await task();
      } finally {
        seconds += (performance.now() - started) / 1000;
      }
    });
  const env = options.env ?? process.env;
  const copy = writeScanCopy(options.stackDir, options.copyDir, CHECKOV_VERSION);
  const withTotals = options.totals ?? true;
  const [first, totals] = await Promise.all([
    limit(() => runCheckov(options.checkov, checkovArgs(copy.dir, true), env)),
    withTotals ? limit(() => runCheckov(options.checkov, checkovArgs(copy.dir, false), env)) : Promise.resolve(undefined),
  ]);
  let report = first;
  let baselineVersion = CHECKOV_VERSION;
  const entries = (version: string): readonly BaselineEntry[] => baselineEntriesOf(copy.stack, version);
  let current = entries(CHECKOV_VERSION);
  if (report.version !== CHECKOV_VERSION) {
    const theirs = entries(report.version);
    if (theirs.some((entry, index) => entry.resource !== current[index].resource)) {
      // This Checkov names some check's resources otherwise (checks.ts): scan with a baseline named its way.
      writeScanCopy(options.stackDir, options.copyDir, report.version);
      report = await limit(() => runCheckov(options.checkov, checkovArgs(copy.dir, true), env));
      baselineVersion = report.version;
      current = theirs;
    }
  }
  if (totals !== undefined && totals.failed.length !== report.failed.length + report.baselineSkipped.length) {
    throw new CheckovRunError(
      `${basename(options.stackDir)}: Checkov reported ${totals.failed.length} failures without the baseline but ${report.failed.length} left plus ${report.baselineSkipped.length} excepted with it`,
    );
  }
  return {
    stack: basename(options.stackDir),
    version: report.version,
    copyDir: copy.dir,
    removed: copy.removed,
    synthesized: copy.stack,
    failed: report.failed,
    excepted: report.baselineSkipped,
    unused: unusedEntries(current, report),
    parsingErrors: [...report.parsingErrors, ...(totals?.parsingErrors ?? [])],
    totals: totals === undefined ? undefined : { passed: totals.passed.length, failed: totals.failed.length },
    baselineVersion,
    seconds,
  };
}

/** A stack scan that leaves nothing to fix: no failure left, no unused baseline entry, every file parsed. */
export function isClean(scan: StackScan): boolean {
  return scan.failed.length === 0 && scan.unused.length === 0 && scan.parsingErrors.length === 0;
}
