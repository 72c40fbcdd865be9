import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { loadProjectConfig } from '../../src/config';
import { BASELINE_FILE, type BaselineEntry } from '../../src/review/checkov/baseline';
import { CHECKOV_VERSION } from '../../src/review/checkov/checks';
import { STACK_FILE, withoutScalarTerraformSettings, writeScanCopy } from '../../src/review/checkov/scan-copy';
import { parseCheckovReport } from '../../src/review/checkov/scan-report';
import { unusedEntries } from '../../src/review/checkov/scan';
import { EnvironmentStack } from '../../src/stacks/environment-stack';
import { StateStack } from '../../src/stacks/state-stack';
import { configFor } from '../support/stacks';

const outdir = mkdtempSync(join(tmpdir(), 'cdktf-out-'));
const app = new App({ outdir, skipValidation: true });
new StateStack(app, 'state', loadProjectConfig({ configDir: '__tests__/support/no-config', env: {} }));
new EnvironmentStack(app, 'dev', configFor('dev'));
app.synth();

describe('the copy of a stack that Checkov scans (bridgecrewio/checkov#7454)', () => {
  it.each([
    ['dev', ['required_version']],
    ['state', []],
  ])("%s: cdk.tf.json without the terraform block's plain attributes (%j), the baseline exactly as synth wrote it", (stack, removed) => {
    const copy = mkdtempSync(join(tmpdir(), 'scan-copy-'));
    const result = writeScanCopy(join(outdir, 'stacks', stack), copy, CHECKOV_VERSION);
    expect(result.removed).toEqual(removed);
    const original = JSON.parse(readFileSync(join(outdir, 'stacks', stack, STACK_FILE), 'utf8'));
    const scanned = JSON.parse(readFileSync(join(copy, STACK_FILE), 'utf8'));
    const { required_version: requiredVersion, ...terraform } = original.terraform;
    expect(requiredVersion === undefined).toBe(removed.length === 0);
    expect(scanned).toEqual({ ...original, terraform });
    expect(readFileSync(join(copy, BASELINE_FILE), 'utf8')).toBe(readFileSync(join(outdir, 'stacks', stack, BASELINE_FILE), 'utf8'));
  });

  it('keeps nested blocks (backend, required_providers) and drops every plain value Checkov would choke on', () => {
    const stack = { terraform: { required_version: '>= 1.10', experiments: ['x'], backend: { s3: { bucket: 'b' } }, required_providers: { aws: { source: 'aws' } } }, resource: {} };
    expect(withoutScalarTerraformSettings(stack)).toEqual({
      stack: { terraform: { backend: { s3: { bucket: 'b' } }, required_providers: { aws: { source: 'aws' } } }, resource: {} },
      removed: ['required_version', 'experiments'],
    });
    expect(withoutScalarTerraformSettings({ resource: {} })).toEqual({ stack: { resource: {} }, removed: [] });
  });

  it('refuses a folder that holds no synthesized stack, saying to synthesize', () => {
    expect(() => writeScanCopy(mkdtempSync(join(tmpdir(), 'empty-')), mkdtempSync(join(tmpdir(), 'copy-')), CHECKOV_VERSION)).toThrow(/cdk\.tf\.json: not a synthesized stack \(.*\); run npm run synth$/);
  });
});

const record = (check_id: string, resource: string, check_result: Record<string, string> = { result: 'FAILED' }) => ({ check_id, check_name: `name of ${check_id}`, resource, file_path: '/cdk.tf.json', check_result });

describe("Checkov's JSON report", () => {
  it('one report: passed, failed, baseline-skipped and other skips apart, the version from the summary', () => {
    const report = parseCheckovReport(
      JSON.stringify({
        check_type: 'terraform_json',
        results: {
          passed_checks: [record('CKV_AWS_1', 'resource.a', { result: 'PASSED' })],
          failed_checks: [record('CKV_AWS_2', 'resource.b')],
          skipped_checks: [record('CKV_AWS_3', 'aws_s3_bucket.c', { result: 'SKIPPED', suppress_comment: 'baseline-skipped' }), record('CKV_AWS_4', 'resource.d', { result: 'SKIPPED', suppress_comment: 'because' })],
          parsing_errors: ['/broken.tf.json'],
        },
        summary: { passed: 1, failed: 1, checkov_version: '3.3.13' },
      }),
    );
    expect(report).toEqual({
      version: '3.3.13',
      passed: [{ checkId: 'CKV_AWS_1', checkName: 'name of CKV_AWS_1', resource: 'resource.a', file: '/cdk.tf.json' }],
      failed: [{ checkId: 'CKV_AWS_2', checkName: 'name of CKV_AWS_2', resource: 'resource.b', file: '/cdk.tf.json' }],
      baselineSkipped: [{ checkId: 'CKV_AWS_3', checkName: 'name of CKV_AWS_3', resource: 'aws_s3_bucket.c', file: '/cdk.tf.json' }],
      otherSkipped: [{ checkId: 'CKV_AWS_4', checkName: 'name of CKV_AWS_4', resource: 'resource.d', file: '/cdk.tf.json' }],
      parsingErrors: ['/broken.tf.json'],
    });
  });

  it('several frameworks (a list) add up; nothing to report is the bare summary Checkov prints', () => {
    const one = { check_type: 'terraform_json', results: { failed_checks: [record('CKV_AWS_2', 'resource.b')] }, summary: { checkov_version: '3.3.13' } };
    expect(parseCheckovReport(JSON.stringify([one, one])).failed).toHaveLength(2);
    const empty = parseCheckovReport('{"passed": 0, "failed": 0, "skipped": 0, "parsing_errors": 0, "resource_count": 0, "checkov_version": "3.3.13"}');
    expect([empty.version, empty.passed, empty.failed, empty.baselineSkipped]).toEqual(['3.3.13', [], [], []]);
  });

  it('anything else is an error that quotes it', () => {
    expect(() => parseCheckovReport('Traceback (most recent call last):')).toThrow('Checkov\'s output is not a JSON report: "Traceback (most recent call last):"');
    expect(() => parseCheckovReport('{"results": {}}')).toThrow("Checkov's JSON report names no checkov_version");
    expect(() => parseCheckovReport('{"results": {"failed_checks": [{"check_id": "CKV_AWS_1"}]}, "summary": {"checkov_version": "3.3.13"}}')).toThrow(
      "Checkov's JSON report: a record of failed_checks has no check_id or resource",
    );
  });
});

describe('baseline entries a scan did not use', () => {
  const entry = (checkId: string, resource: string): BaselineEntry => ({ address: resource.replace('resource.', 'aws_lb.'), checkId, resource, reason: 'a reason long enough', source: 'checkov-only' });
  it('used when Checkov skipped a failure for it; "passes" when it kept it as passed; "no result" otherwise; each once', () => {
    const report = parseCheckovReport(
      JSON.stringify({
        results: {
          passed_checks: [record('CKV_AWS_2', 'resource.b', { result: 'PASSED' })],
          skipped_checks: [record('CKV_AWS_1', 'resource.a', { result: 'SKIPPED', suppress_comment: 'baseline-skipped' })],
        },
        summary: { checkov_version: '3.3.13' },
      }),
    );
    const entries = [entry('CKV_AWS_1', 'resource.a'), entry('CKV_AWS_2', 'resource.b'), entry('CKV_AWS_3', 'resource.c'), entry('CKV_AWS_3', 'resource.c')];
    expect(unusedEntries(entries, report).map((unused) => [unused.checkId, unused.why])).toEqual([
      ['CKV_AWS_2', 'passes'],
      ['CKV_AWS_3', 'no result'],
    ]);
  });
});
