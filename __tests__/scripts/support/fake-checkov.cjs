#!/usr/bin/env node
// A stand-in for Checkov in the tests of `npm run checkov` (scan-cli.test.ts): it behaves like
// Checkov 3.3.13's terraform_json runner on what the tests control, and records how it was called.
//   - a string terraform.required_version in cdk.tf.json: the #7454 crash (exit 2, no report);
//   - with --baseline: every baseline finding comes back as a baseline-skipped failure, except those
//     named in FAKE_CHECKOV_PASSING (a passed record, as Checkov keeps for baseline entries that pass);
//   - FAKE_CHECKOV_FAIL="CKV_AWS_1 resource.x,...": failures no baseline covers;
//   - FAKE_CHECKOV_EXIT: exit with this status and no report; FAKE_CHECKOV_VERSION: the version reported;
//   - FAKE_CHECKOV_LOG: appends its arguments, one call a line.
'use strict';
const { appendFileSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const args = process.argv.slice(2);
if (process.env.FAKE_CHECKOV_LOG) {
  appendFileSync(process.env.FAKE_CHECKOV_LOG, `${args.join(' ')}\n`);
}
if (process.env.FAKE_CHECKOV_EXIT) {
  process.stderr.write('fake checkov: told to fail\n');
  process.exit(Number(process.env.FAKE_CHECKOV_EXIT));
}
const dir = args[args.indexOf('-d') + 1];
const stack = JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8'));
if (stack.terraform && typeof stack.terraform.required_version === 'string') {
  process.stderr.write('Exception: this method receives only dicts\n');
  process.exit(2);
}
const record = (checkId, resource, extra = {}) => ({ check_id: checkId, check_name: `check ${checkId}`, resource, file_path: '/cdk.tf.json', check_result: { result: 'FAILED', ...extra } });
const list = (text) => (text ? text.split(',').map((item) => item.trim().split(' ')) : []);
const extra = list(process.env.FAKE_CHECKOV_FAIL).map(([checkId, resource]) => record(checkId, resource));
const passing = new Set(list(process.env.FAKE_CHECKOV_PASSING).map(([checkId, resource]) => `${checkId} ${resource}`));
const baselineAt = args.indexOf('--baseline');
const entries = [];
for (const file of JSON.parse(readFileSync(join(dir, '.checkov.baseline'), 'utf8')).failed_checks) {
  for (const finding of file.findings) {
    for (const checkId of finding.check_ids) {
      entries.push([checkId, finding.resource]);
    }
  }
}
const active = entries.filter(([checkId, resource]) => !passing.has(`${checkId} ${resource}`));
const stale = entries.filter(([checkId, resource]) => passing.has(`${checkId} ${resource}`));
const results =
  baselineAt === -1
    ? {
        passed_checks: [...stale, ['CKV_AWS_41', 'provider.aws'], ['CKV_AWS_42', 'provider.aws']].map(([checkId, resource]) => record(checkId, resource, { result: 'PASSED' })),
        failed_checks: [...active.map(([checkId, resource]) => record(checkId, resource)), ...extra],
        skipped_checks: [],
        parsing_errors: [],
      }
    : {
        passed_checks: stale.map(([checkId, resource]) => record(checkId, resource, { result: 'PASSED' })),
        failed_checks: extra,
        skipped_checks: active.map(([checkId, resource]) => record(checkId, resource, { result: 'SKIPPED', suppress_comment: 'baseline-skipped' })),
        parsing_errors: [],
      };
const version = process.env.FAKE_CHECKOV_VERSION || '3.3.13';
process.stdout.write(`${JSON.stringify({ check_type: 'terraform_json', results, summary: { passed: results.passed_checks.length, failed: results.failed_checks.length, checkov_version: version } }, null, 4)}\n`);
process.exit(results.failed_checks.length > 0 ? 1 : 0);
