import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack, Testing } from 'cdktf';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { loadProjectConfig } from '../../src/config';
import { CHECKOV_VERSION, checkovIdsFor, checkovResourceName, compareVersions, isGraphCheck } from '../../src/review/checkov/checks';
import { BASELINE_FILE, baselineEntriesOf, toCheckovBaseline, type BaselineEntry } from '../../src/review/checkov/baseline';
import { suppressCheckov } from '../../src/review/checkov/suppress-checkov';
import { isObject } from '../../src/review/json';
import { modelFromJson } from '../../src/review/load';
import { RULE_IDS, runRules } from '../../src/review/rules';
import { applySuppressions } from '../../src/review/suppressions';
import { EnvironmentStack } from '../../src/stacks/environment-stack';
import { StateStack } from '../../src/stacks/state-stack';
import { configFor, environmentWithMetadata } from '../support/stacks';

import { obj, objects, parseObject, type Json } from './support/json';

/** Synthesizes the shipped stacks into a temporary cdktf.out, as `npm run synth` does. */
function synthShipped(outdir = mkdtempSync(join(tmpdir(), 'cdktf-out-'))): string {
  const app = new App({ outdir, skipValidation: true });
  new StateStack(app, 'state', loadProjectConfig({ configDir: '__tests__/support/no-config', env: {} }));
  for (const environment of ['dev', 'prod']) {
    new EnvironmentStack(app, environment, configFor(environment));
  }
  app.synth();
  return outdir;
}

const outdir = synthShipped();
const stacks = ['state', 'dev', 'prod'] as const;
const read = (stack: string, file: string): Json => parseObject(readFileSync(join(outdir, 'stacks', stack, file), 'utf8'), `${stack}/${file}`);

describe('the Checkov baseline synth writes per stack', () => {
  it.each(stacks)('%s: cdktf.out/stacks/<stack>/.checkov.baseline is in the `checkov --create-baseline` format, generated from the suppressions', (stack) => {
    const baseline = read(stack, BASELINE_FILE);
    const synthesized = read(stack, 'cdk.tf.json');
    expect(baseline).toEqual(toCheckovBaseline(baselineEntriesOf(synthesized)));
    const [file] = objects(baseline.failed_checks, 'failed_checks');
    const findings = objects(file.findings, 'findings');
    expect(file.file).toBe('/cdk.tf.json');
    expect(findings.length).toBeGreaterThan(0);
    // Python checks name `resource.<name>`, graph checks `<type>.<name>`: both must exist in the stack.
    const resources = obj(synthesized.resource);
    const names = new Set(Object.values(resources).flatMap((byName) => Object.keys(obj(byName))));
    for (const finding of findings) {
      const [head, ...rest] = String(finding.resource).split('.');
      const name = rest.join('.');
      expect(head === 'resource' ? names.has(name) : isObject(resources[head]) && name in obj(resources[head])).toBe(true);
      for (const id of Array.isArray(finding.check_ids) ? finding.check_ids.map(String) : []) {
        expect(head === 'resource').toBe(!isGraphCheck(id));
      }
    }
  });

  it('names a Python check by `resource.<name>` and a graph check, CKV_AWS_18, 21, 144, 145 and 378 included, by `<type>.<name>`', () => {
    const prod = baselineEntriesOf(read('prod', 'cdk.tf.json'));
    const dev = baselineEntriesOf(read('dev', 'cdk.tf.json'));
    const state = baselineEntriesOf(read('state', 'cdk.tf.json'));
    const pick = (entries: readonly BaselineEntry[], checkId: string): string | undefined => entries.find((entry) => entry.checkId === checkId)?.resource;
    expect(pick(prod, 'CKV_AWS_149')).toMatch(/^resource\.database_app-user-secret_[0-9A-F]{8}$/);
    expect(pick(prod, 'CKV2_AWS_38')).toMatch(/^aws_route53_zone\.domain_zone_[0-9A-F]{8}$/);
    expect(pick(state, 'CKV_AWS_18')).toMatch(/^aws_s3_bucket\.state_bucket_[0-9A-F]{8}$/);
    expect(pick(state, 'CKV_AWS_144')).toMatch(/^aws_s3_bucket\.state_bucket_[0-9A-F]{8}$/);
    expect(['CKV_AWS_21', 'CKV_AWS_145'].map((id) => pick(prod, id))).toEqual([expect.stringMatching(/^aws_s3_bucket\.alb-access-logs_bucket_/), expect.stringMatching(/^aws_s3_bucket\.alb-access-logs_bucket_/)]);
    expect(pick(dev, 'CKV_AWS_378')).toMatch(/^aws_lb_target_group\./);
    // Checkov from 3.2.256 to 3.2.326 ran CKV_AWS_378 as a Python check.
    expect(pick(baselineEntriesOf(read('dev', 'cdk.tf.json'), '3.2.300'), 'CKV_AWS_378')).toMatch(/^resource\.(frontend|backend)-tier_target-group_/);
  });

  it('is rewritten on every synth, so a hand edit does not survive', () => {
    const path = join(outdir, 'stacks', 'dev', BASELINE_FILE);
    writeFileSync(path, '{"failed_checks": []}');
    synthShipped(outdir);
    expect(read('dev', BASELINE_FILE)).toEqual(toCheckovBaseline(baselineEntriesOf(read('dev', 'cdk.tf.json'))));
    expect(readFileSync(path, 'utf8')).not.toBe('{"failed_checks": []}');
  });
});

describe('how each Checkov release names a resource in its terraform_json records', () => {
  it.each([
    // [check, Checkov release, the record's resource]
    ['CKV_AWS_150', '3.3.13', 'resource.x'],
    ['CKV_AWS_150', '2.3.74', 'resource.x'],
    ['CKV2_AWS_28', '3.3.13', 'aws_lb.x'],
    ['CKV2_AWS_70', '3.3.13', 'resource.x'],
    ['CKV_AWS_18', '3.3.13', 'aws_lb.x'],
    ['CKV_AWS_18', '2.3.74', 'aws_lb.x'],
    ['CKV_AWS_103', '3.0.0', 'aws_lb.x'],
    ['CKV_AWS_144', '3.3.13', 'aws_lb.x'],
    ['CKV_AWS_145', '3.3.13', 'aws_lb.x'],
    ['CKV_AWS_19', '3.3.13', 'aws_lb.x'],
    ['CKV_AWS_21', '3.3.13', 'aws_lb.x'],
    ['CKV_AWS_378', '3.3.13', 'aws_lb.x'],
    ['CKV_AWS_378', '3.2.327', 'aws_lb.x'],
    ['CKV_AWS_378', '3.2.326', 'resource.x'],
    ['CKV_AWS_378', '3.2.256', 'resource.x'],
    ['CKV_AWS_378', '3.10.0', 'aws_lb.x'],
  ])('%s in Checkov %s: %s', (checkId, version, resource) => {
    expect(checkovResourceName(checkId, 'aws_lb', 'x', version)).toBe(resource);
  });

  it('defaults to the release the baselines are written for, 3.3.13, and compares releases by number', () => {
    expect(CHECKOV_VERSION).toBe('3.3.13');
    expect(checkovResourceName('CKV_AWS_378', 'aws_lb_target_group', 'tg')).toBe('aws_lb_target_group.tg');
    expect([compareVersions('3.2.327', '3.3.13'), compareVersions('3.10.0', '3.9.99'), compareVersions('3.3', '3.3.0')]).toEqual([-1, 1, 0]);
  });

  it('refuses a release without terraform_json and a version that is not a release number', () => {
    expect(() => checkovResourceName('CKV_AWS_150', 'aws_lb', 'x', '2.3.73')).toThrow('Checkov 2.3.73 has no terraform_json framework (it came in 2.3.74): it cannot scan cdk.tf.json');
    expect(() => checkovResourceName('CKV_AWS_150', 'aws_lb', 'x', '3.3.13rc1')).toThrow('"3.3.13rc1" is not a Checkov release number such as 3.3.13');
  });
});

describe('one suppression mechanism for the review and Checkov', () => {
  it.each(stacks)('%s: every Checkov id our rules map to is passing (no finding) or in the baseline, with a reason', (stack) => {
    const synthesized = read(stack, 'cdk.tf.json');
    const model = modelFromJson(synthesized, stack);
    const { active, suppressed } = applySuppressions(model, runRules(model));
    const baselined = new Set(baselineEntriesOf(synthesized).map((entry) => `${entry.address} ${entry.checkId}`));
    const typeOf = (address: string) => model.byAddress.get(address)?.type ?? '';
    // A finding that maps to a Checkov check on its resource must be suppressed, and so baselined.
    expect(active.filter((finding) => checkovIdsFor(finding.peers, typeOf(finding.address)).length > 0).map((finding) => `${finding.id} ${finding.address}`)).toEqual([]);
    for (const finding of suppressed) {
      for (const checkId of checkovIdsFor(finding.peers, typeOf(finding.address))) {
        expect(baselined).toContain(`${finding.address} ${checkId}`);
      }
    }
  });

  it.each(stacks)('%s: every baseline entry is one of our suppressions, with its reason', (stack) => {
    for (const entry of baselineEntriesOf(read(stack, 'cdk.tf.json'))) {
      expect(entry.reason.length).toBeGreaterThanOrEqual(10);
      expect(entry.source === 'checkov-only' || RULE_IDS.has(entry.source)).toBe(true);
    }
  });

  it('the README lists every exception of the shipped stacks with the same reason', () => {
    const readme = readFileSync('README.md', 'utf8');
    const reasons = new Map<string, string>();
    for (const stack of stacks) {
      for (const entry of baselineEntriesOf(read(stack, 'cdk.tf.json'))) {
        reasons.set(`${entry.checkId} ${entry.reason}`, entry.checkId);
      }
    }
    const missing = [...reasons.keys()].filter((key) => {
      const [checkId, ...reason] = key.split(' ');
      const row = readme.split('\n').find((line) => line.includes(reason.join(' ')));
      return row === undefined || !row.includes(checkId);
    });
    expect(missing).toEqual([]);
  });

  it('takes Checkov-only exceptions from config too (checkovExceptions), into the baseline', () => {
    const overrides = { TT__checkovExceptions: '[{"checks":["CKV_AWS_150"],"address":"aws_lb.","reason":"Recreating the ALB is part of every dev rebuild"}]' };
    const stack = parseObject(environmentWithMetadata('dev', overrides));
    const albs = Object.keys(obj(obj(stack.resource).aws_lb)).map((name) => `aws_lb.${name}`);
    const configured = baselineEntriesOf(stack).filter((entry) => entry.reason === 'Recreating the ALB is part of every dev rebuild');
    expect(configured.map((entry) => [entry.address, entry.resource.split('.')[0], entry.checkId, entry.source])).toEqual(albs.sort().map((address) => [address, 'resource', 'CKV_AWS_150', 'checkov-only']));
    expect(() => configFor('dev', { TT__checkovExceptions: '[{"checks":["TT-ALB-005"],"address":"aws_lb.","reason":"a reason long enough"}]' })).toThrow(
      /checkovExceptions\.0\.checks\.0: must be Checkov ids such as CKV_AWS_23 or CKV2_AWS_5/,
    );
    expect(() => configFor('dev', { TT__checkovExceptions: '[{"checks":["CKV_AWS_150"],"address":"aws_lb.","reason":"short"}]' })).toThrow(
      /checkovExceptions\.0\.reason: must say in at least 10 characters why the check does not apply/,
    );
  });

  it('refuses a Checkov exception without Checkov ids or without a reason', () => {
    const bucket = new S3Bucket(new TerraformStack(Testing.app(), 'stack'), 'b', { bucket: 'b' });
    expect(() => suppressCheckov(bucket, ['TT-S3-001'], 'a reason long enough')).toThrow('aws_s3_bucket.b: Checkov exception needs Checkov ids such as CKV_AWS_23 or CKV2_AWS_5; got ["TT-S3-001"]');
    expect(() => suppressCheckov(bucket, ['CKV_AWS_18'], 'short')).toThrow('aws_s3_bucket.b: Checkov exception of CKV_AWS_18 needs a reason of at least 10 characters saying why (got "short")');
  });
});
