import { join } from 'node:path';
import { baselineEntriesOf, type BaselineEntry } from '../../../src/review/checkov/baseline';
import { CHECKOV_VERSION } from '../../../src/review/checkov/checks';
import type { CheckovCommand } from '../../../src/review/checkov/find-checkov';
import { runCheckov, unusedEntries, type UnusedEntry } from '../../../src/review/checkov/scan';
import { writeScanCopy } from '../../../src/review/checkov/scan-copy';
import type { CheckovRecord, CheckovReport } from '../../../src/review/checkov/scan-report';
import type { JsonObject } from '../../../src/review/json';

/** One stack's share of a scan of several, its baseline applied as Checkov applies one. */
export interface SharedScan {
  readonly stack: string;
  readonly synthesized: JsonObject;
  readonly removed: readonly string[];
  readonly failed: readonly CheckovRecord[];
  readonly excepted: readonly CheckovRecord[];
  readonly unused: readonly UnusedEntry[];
  readonly parsingErrors: readonly string[];
}

/**
 * What `--baseline` with `--output-baseline-as-skipped` does to a report, as
 * `checkov/common/output/baseline.py` (compare_and_reduce_reports) does it: failures it names become
 * skips, and of the passed results only those it names stay.
 */
export function applyBaseline(report: CheckovReport, entries: readonly BaselineEntry[]): CheckovReport {
  const named = (record: CheckovRecord): boolean => entries.some((entry) => entry.resource === record.resource && entry.checkId === record.checkId);
  return {
    ...report,
    passed: report.passed.filter(named),
    failed: report.failed.filter((record) => !named(record)),
    baselineSkipped: [...report.baselineSkipped, ...report.failed.filter(named)],
  };
}

/**
 * Scans several synthesized stacks in ONE Checkov process (a folder of scan copies, no baseline),
 * then applies each stack's baseline to its own records: Checkov's start-up (about 3 s of its 4 to 5
 * of CPU) is paid once instead of once per stack. Checkov's records of each file are those it gives
 * the stack scanned alone (the policy tier compares one stack both ways).
 */
export async function scanTogether(checkov: CheckovCommand, stacksDir: string, stacks: readonly string[], copiesDir: string): Promise<Map<string, SharedScan>> {
  const copies = stacks.map((stack) => ({ stack, copy: writeScanCopy(join(stacksDir, stack), join(copiesDir, stack), CHECKOV_VERSION) }));
  const report = await runCheckov(checkov, ['-d', copiesDir, '--framework', 'terraform_json', '--skip-download', '--compact', '-o', 'json'], process.env);
  return new Map(
    copies.map(({ stack, copy }) => {
      const file = `/${stack}/cdk.tf.json`;
      const mine = (record: CheckovRecord): boolean => record.file === file;
      const own: CheckovReport = {
        ...report,
        passed: report.passed.filter(mine),
        failed: report.failed.filter(mine),
        baselineSkipped: [],
        otherSkipped: report.otherSkipped.filter(mine),
        parsingErrors: report.parsingErrors.filter((error) => error.includes(`/${stack}/`)),
      };
      const entries = baselineEntriesOf(copy.stack, report.version);
      const reduced = applyBaseline(own, entries);
      return [stack, { stack, synthesized: copy.stack, removed: copy.removed, failed: reduced.failed, excepted: reduced.baselineSkipped, unused: unusedEntries(entries, reduced), parsingErrors: reduced.parsingErrors }];
    }),
  );
}
