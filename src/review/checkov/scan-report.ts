import { ReviewInputError } from '../errors';
import { isArray, isObject, str, type JsonObject } from '../json';

/** One result record of a Checkov report. */
export interface CheckovRecord {
  readonly checkId: string;
  readonly checkName: string;
  /** As the record names it: `resource.<name>` (Python check) or `<type>.<name>` (graph check). */
  readonly resource: string;
  readonly file: string;
}

/** What one Checkov run (`-o json`) reported for a folder, all frameworks together. */
export interface CheckovReport {
  /** `summary.checkov_version`. */
  readonly version: string;
  readonly passed: readonly CheckovRecord[];
  readonly failed: readonly CheckovRecord[];
  /** Failures the baseline covered (`--output-baseline-as-skipped` turns them into skips). */
  readonly baselineSkipped: readonly CheckovRecord[];
  /** Other skips (a `checkov:skip=` comment, which cdk.tf.json cannot hold). */
  readonly otherSkipped: readonly CheckovRecord[];
  readonly parsingErrors: readonly string[];
}

/** Checkov's mark on a failure a baseline covered, with `--output-baseline-as-skipped`. */
export const BASELINE_SKIPPED = 'baseline-skipped';

function records(value: unknown, where: string): CheckovRecord[] {
  if (value === undefined) {
    return [];
  }
  if (!isArray(value)) {
    throw new ReviewInputError(`Checkov's JSON report: ${where} is not a list`);
  }
  return value.filter(isObject).map((record) => {
    const checkId = str(record.check_id);
    const resource = str(record.resource);
    if (checkId === undefined || resource === undefined) {
      throw new ReviewInputError(`Checkov's JSON report: a record of ${where} has no check_id or resource`);
    }
    return { checkId, checkName: str(record.check_name) ?? '', resource, file: str(record.file_path) ?? '' };
  });
}

function suppressComment(record: JsonObject): string | undefined {
  return isObject(record.check_result) ? str(record.check_result.suppress_comment) : undefined;
}

/**
 * Reads Checkov's `-o json` output: one report object, a list of them (several frameworks), or the
 * bare summary Checkov prints when no framework reported anything.
 */
export function parseCheckovReport(output: string): CheckovReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(output);
  } catch {
    throw new ReviewInputError(`Checkov's output is not a JSON report: ${JSON.stringify(output.trim().slice(0, 200))}`);
  }
  const reports = isArray(parsed) ? parsed.filter(isObject) : isObject(parsed) ? [parsed] : [];
  if (reports.length === 0) {
    throw new ReviewInputError(`Checkov's output is not a JSON report: ${JSON.stringify(output.trim().slice(0, 200))}`);
  }
  const summaries = reports.map((report) => (isObject(report.summary) ? report.summary : report));
  const version = summaries.map((summary) => str(summary.checkov_version)).find((found) => found !== undefined);
  if (version === undefined) {
    throw new ReviewInputError("Checkov's JSON report names no checkov_version");
  }
  const passed: CheckovRecord[] = [];
  const failed: CheckovRecord[] = [];
  const baselineSkipped: CheckovRecord[] = [];
  const otherSkipped: CheckovRecord[] = [];
  const parsingErrors: string[] = [];
  for (const report of reports) {
    const results = isObject(report.results) ? report.results : {};
    passed.push(...records(results.passed_checks, 'passed_checks'));
    failed.push(...records(results.failed_checks, 'failed_checks'));
    const skipped = isArray(results.skipped_checks) ? results.skipped_checks.filter(isObject) : [];
    for (const record of skipped) {
      const [parsedRecord] = records([record], 'skipped_checks');
      (suppressComment(record) === BASELINE_SKIPPED ? baselineSkipped : otherSkipped).push(parsedRecord);
    }
    parsingErrors.push(...(isArray(results.parsing_errors) ? results.parsing_errors.map(String) : []));
  }
  return { version, passed, failed, baselineSkipped, otherSkipped, parsingErrors };
}
