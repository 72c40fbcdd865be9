// Retiring prod as the README says ("Destroy, and retiring prod"): the JSON of its step 1 is taken from
// both READMEs, put into config/prod.json and synthesized the way `npm run deploy -- prod` does. Turning
// the protections off field by field stops the synth (TT-RDS-004); `retiring: true` builds a prod that
// a destroy can remove, with its final snapshot, and the change to it replaces nothing. The terraform
// tier plans such a prod and the destroy of its database (__tests__/terraform/terraform.test.ts).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { synthesize } from '../../main';
import { ConfigError } from '../../src/config';
import { reviewChange } from '../../src/review/change/change-review';
import { modelFromJson } from '../../src/review/load';
import { configDir } from '../config/helpers';
import { environmentWithMetadata, PROD_TEST_DOMAIN, resourcesOf } from '../support/stacks';

const ROOT = resolve(__dirname, '..', '..');

/** The first ```json block (an object) of the README section whose heading starts with `heading`. */
function firstJsonBlock(file: string, heading: string): object {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const start = text.indexOf(`\n### ${heading}`);
  const section = text.slice(start, text.indexOf('\n#', start + 1));
  const block = /```json\n([\s\S]*?)```/.exec(section);
  if (start < 0 || block === null) {
    throw new Error(`${file}: no json block under "### ${heading}"`);
  }
  const parsed: unknown = JSON.parse(block[1]);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${file}: the json block under "### ${heading}" is not an object`);
  }
  return parsed;
}

/** Synthesizes prod alone from a config/prod.json, as `npm run deploy -- prod` does; its JSON, or the error. */
function synthesizeProd(prodJson: object): { readonly stack?: string; readonly error?: string } {
  const outdir = join(mkdtempSync(join(tmpdir(), 'tt-retire-')), 'out');
  try {
    synthesize({ outdir, sources: { configDir: configDir({ 'prod.json': { ...prodJson, dns: { domain: PROD_TEST_DOMAIN } } }), env: { TT_ENVIRONMENTS: 'prod' } } });
    return { stack: readFileSync(join(outdir, 'stacks', 'prod', 'cdk.tf.json'), 'utf8') };
  } catch (error) {
    if (error instanceof ConfigError) {
      return { error: error.message };
    }
    throw error;
  }
}

const step1 = firstJsonBlock('README.md', 'Destroy, and retiring prod');

describe('retiring prod, as the README says', () => {
  it('both READMEs give the same step 1: `"retiring": true` in config/prod.json', () => {
    expect(step1).toEqual({ retiring: true });
    expect(firstJsonBlock('README.ko.md', '삭제, 그리고 prod 폐기')).toEqual(step1);
  });

  it('turning the protections off field by field stops the synth on TT-RDS-004, writing nothing', () => {
    const { error } = synthesizeProd({ database: { deletionProtection: false, preventDestroy: false }, loadBalancing: { deletionProtection: false } });
    expect(error).toMatch(/TT-RDS-004/);
  });

  it('step 1 synthesizes a prod that destroy can remove, keeping the final snapshot', () => {
    const { stack, error } = synthesizeProd(step1);
    expect(error).toBeUndefined();
    const json = stack ?? '{}';
    const [db] = Object.values(resourcesOf(json, 'aws_db_instance'));
    expect({ deletion: db.deletion_protection, skip: db.skip_final_snapshot, deleteBackups: db.delete_automated_backups, lifecycle: db.lifecycle }).toEqual({
      deletion: false,
      skip: false,
      deleteBackups: false,
      lifecycle: expect.objectContaining({ prevent_destroy: false }),
    });
    expect(db.final_snapshot_identifier).toMatch(/^three-tier-prod-mysql-final-\$\{formatdate\("YYYYMMDDhhmm", timestamp\(\)\)\}$/);
    expect(Object.values(resourcesOf(json, 'aws_lb')).map((lb) => lb.enable_deletion_protection)).toEqual([false, false]);
    expect(Object.values(resourcesOf(json, 'aws_s3_bucket')).filter((bucket) => bucket.force_destroy !== true)).toEqual([]);
    // The exceptions are declared with their reason, so the review lists them as suppressed.
    const declared = JSON.stringify(JSON.parse(json));
    expect(declared).toContain('"id":"TT-RDS-004","reason":"retiring is set in prod: the protections are off so that cdktf destroy can remove it, with a final snapshot"');
    expect(declared).toContain('"id":"TT-ALB-005","reason":"retiring is set in prod: the protections are off so that cdktf destroy can remove it"');
  });

  it('the change from protected to retiring prod updates in place and replaces or deletes nothing', () => {
    const before = modelFromJson(JSON.parse(environmentWithMetadata('prod', { TT_PROD__dns__domain: PROD_TEST_DOMAIN })), 'prod');
    const after = modelFromJson(JSON.parse(environmentWithMetadata('prod', { TT_PROD__dns__domain: PROD_TEST_DOMAIN, TT_PROD__retiring: 'true' })), 'prod (retiring)');
    const change = reviewChange({ before, after, planned: undefined });
    expect(change.resources.map((entry) => `${entry.type} ${entry.action} [${entry.attributes.join(',')}]`).sort()).toEqual([
      // lifecycle: prevent_destroy, which only Terraform reads.
      'aws_db_instance update [deletion_protection,lifecycle]',
      'aws_lb update [enable_deletion_protection]',
      'aws_lb update [enable_deletion_protection]',
      'aws_s3_bucket update [force_destroy]',
    ]);
    expect(change.exitCode).toBe(0);
  });
});
