import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import { modelFromJson } from '../../src/review/load';
import { runRules } from '../../src/review/rules';
import { suppress } from '../../src/review/suppress';
import { applySuppressions, parseSuppressionConfig } from '../../src/review/suppressions';
import { monitored } from './fixtures/monitored';
import { patch, threeTier, type Json } from './fixtures/stack';

function tinyStack(): { stack: TerraformStack; db: DbInstance } {
  const stack = new TerraformStack(Testing.app(), 'tiny');
  new AwsProvider(stack, 'aws', { region: 'ap-northeast-2' });
  const db = new DbInstance(stack, 'db', { engine: 'mysql', instanceClass: 'db.t4g.micro', publiclyAccessible: true });
  return { stack, db };
}

function metaOf(stack: TerraformStack): unknown {
  const json = stack.toTerraform();
  return json.resource.aws_db_instance.db['//'];
}

describe('suppress() beside the resource', () => {
  it('writes the suppression under the resource\'s "//" key and keeps cdktf\'s own metadata', () => {
    const { stack, db } = tinyStack();
    suppress(db, 'TT-RDS-002', 'public on purpose for the demo');
    expect(metaOf(stack)).toEqual({
      metadata: expect.objectContaining({ path: 'tiny/db', uniqueId: 'db' }),
      review: { suppressions: [{ id: 'TT-RDS-002', reason: 'public on purpose for the demo' }] },
    });
  });

  it('adds up repeated calls, and a second call for the same rule replaces the reason', () => {
    const { stack, db } = tinyStack();
    suppress(db, 'TT-RDS-002', 'first reason, long enough');
    suppress(db, 'TT-RDS-005', 'single AZ is fine for this demo');
    suppress(db, 'TT-RDS-002', 'second reason, long enough');
    expect(metaOf(stack)).toMatchObject({
      review: {
        suppressions: [
          { id: 'TT-RDS-005', reason: 'single AZ is fine for this demo' },
          { id: 'TT-RDS-002', reason: 'second reason, long enough' },
        ],
      },
    });
  });

  it('refuses a missing or short reason, naming the resource', () => {
    const { db } = tinyStack();
    expect(() => suppress(db, 'TT-RDS-002', '')).toThrow('aws_db_instance.db: suppression of TT-RDS-002 needs a reason of at least 10 characters');
    expect(() => suppress(db, 'TT-RDS-002', 'because')).toThrow('got "because"');
  });

  it('refuses an unknown rule id', () => {
    const { db } = tinyStack();
    expect(() => suppress(db, 'TT-RDS-999', 'a perfectly good reason')).toThrow('suppression of unknown rule "TT-RDS-999"');
  });

  it('is read back by the review, which reports the finding as suppressed with its reason', () => {
    const { stack, db } = tinyStack();
    suppress(db, 'TT-RDS-002', 'public on purpose for the demo');
    const model = modelFromJson(stack.toTerraform(), 'tiny');
    const { active, suppressed } = applySuppressions(model, runRules(model));
    expect(active.map((finding) => finding.id)).not.toContain('TT-RDS-002');
    expect(suppressed).toEqual([expect.objectContaining({ id: 'TT-RDS-002', address: 'aws_db_instance.db', reason: 'public on purpose for the demo', source: 'resource' })]);
  });
});

describe('suppressions declared by hand in cdk.tf.json', () => {
  const declare = (suppressions: unknown): Json => patch(threeTier(), 'aws_db_instance', 'db', { publicly_accessible: true, '//': { review: { suppressions } } });

  it('refuses malformed entries with the resource address', () => {
    expect(() => modelFromJson(declare('all of them'), 'x')).toThrow('aws_db_instance.db: "//".review must hold a "suppressions" list');
    expect(() => modelFromJson(declare(['TT-RDS-002']), 'x')).toThrow('aws_db_instance.db: each suppression must be an object { id, reason }');
    expect(() => modelFromJson(declare([{ id: 'TT-RDS-002' }]), 'x')).toThrow('needs a reason of at least 10 characters');
  });
});

describe('suppressions from configuration', () => {
  const model = modelFromJson(patch(patch(monitored(threeTier()), 'aws_db_instance', 'db', { publicly_accessible: true }), 'aws_lb', 'web', { drop_invalid_header_fields: false }), 'fixture');
  const findings = runRules(model);

  it('matches an exact address or a prefix, reports what it suppressed and which entries matched nothing', () => {
    const config = parseSuppressionConfig(
      [
        { id: 'TT-RDS-002', address: 'aws_db_instance.db', reason: 'a public demo database' },
        { id: 'TT-ALB-003', address: 'aws_lb.', reason: 'legacy clients send odd headers' },
        { id: 'TT-S3-001', address: 'aws_s3_bucket.gone', reason: 'bucket was removed long ago' },
      ],
      'suppressions.json',
    );
    const { active, suppressed, unused } = applySuppressions(model, findings, config);
    expect(active).toEqual([]);
    expect(suppressed.map((finding) => [finding.id, finding.address, finding.source])).toEqual([
      ['TT-RDS-002', 'aws_db_instance.db', 'config'],
      ['TT-ALB-003', 'aws_lb.web', 'config'],
    ]);
    expect(unused).toEqual([expect.objectContaining({ id: 'TT-S3-001', address: 'aws_s3_bucket.gone' })]);
  });

  it('accepts { "suppressions": [...] } as well as a bare list', () => {
    expect(parseSuppressionConfig({ suppressions: [{ id: 'TT-RDS-002', address: 'aws_db_instance.db', reason: 'a public demo database' }] }, 'f.json')).toHaveLength(1);
  });

  it.each([
    ['not a list', { id: 'TT-RDS-002' }, 'f.json: expected a list of { id, address, reason }'],
    ['missing address', [{ id: 'TT-RDS-002', reason: 'long enough reason' }], 'f.json: suppression #1 must have string fields id, address'],
    ['short reason', [{ id: 'TT-RDS-002', address: 'aws_db_instance.db', reason: 'meh' }], 'f.json: suppression #1: suppression of TT-RDS-002 needs a reason'],
    ['unknown rule', [{ id: 'CKV_AWS_17', address: 'aws_db_instance.db', reason: 'long enough reason' }], 'suppression of unknown rule "CKV_AWS_17"'],
  ])('refuses %s', (_what, json, message) => {
    expect(() => parseSuppressionConfig(json, 'f.json')).toThrow(message);
  });
});
