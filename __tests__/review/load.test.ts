import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadInput, modelFromJson } from '../../src/review/load';
import { referencedAddresses } from '../../src/review/model';
import { review } from '../../src/review/review';
import { topologyOf } from '../../src/review/topology';
import { threeTier } from './fixtures/stack';

const FIXTURES = join(__dirname, 'fixtures');
const PLAN = join(FIXTURES, 'plan.json');

/** A cdktf.out folder with one stack in it. */
function outdirWith(stack: unknown, name = 'prod'): string {
  const outdir = mkdtempSync(join(tmpdir(), 'review-out-'));
  mkdirSync(join(outdir, 'stacks', name), { recursive: true });
  writeFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), JSON.stringify(stack));
  return outdir;
}

describe('input detection', () => {
  const outdir = outdirWith(threeTier());

  it('reads a stack by name from the outdir', () => {
    const model = loadInput('prod', outdir);
    expect(model).toMatchObject({ kind: 'synth', environment: 'prod', region: 'ap-northeast-2', origin: join(outdir, 'stacks', 'prod', 'cdk.tf.json') });
    expect(model.byAddress.has('aws_db_instance.db')).toBe(true);
  });

  it('reads a cdk.tf.json by path, or the folder holding one', () => {
    expect(loadInput(join(outdir, 'stacks', 'prod', 'cdk.tf.json')).kind).toBe('synth');
    expect(loadInput(join(outdir, 'stacks', 'prod')).kind).toBe('synth');
  });

  it('reads a plan JSON', () => {
    expect(loadInput(PLAN)).toMatchObject({ kind: 'plan', environment: 'dev', region: 'ap-northeast-2' });
  });

  it.each([
    ['an unknown stack', 'staging', 'no synthesized stack "staging": ', 'synthesized stacks: prod'],
    ['a missing file', join(FIXTURES, 'nope.json'), 'nope.json does not exist', ''],
    ['an empty input', ' ', 'no input: give a stack name', ''],
    ['a file that is not JSON', join(FIXTURES, 'truncated.json'), 'truncated.json is not JSON (', ''],
    ['foreign JSON', join(FIXTURES, 'foreign.json'), 'is neither a synthesized cdktf stack (cdk.tf.json, with "resource" or "terraform") nor a Terraform plan', 'keys name, version'],
  ])('refuses %s with a clear message', (_what, input, message, detail) => {
    expect(() => loadInput(input, outdir)).toThrow(message);
    if (detail !== '') {
      expect(() => loadInput(input, outdir)).toThrow(detail);
    }
  });

  it('tells to synthesize first when there is no outdir at all', () => {
    expect(() => loadInput('prod', join(tmpdir(), 'no-such-outdir'))).toThrow('run `npm run synth` first');
  });

  it('refuses a plan entry without an address', () => {
    const plan = { format_version: '1.2', planned_values: { root_module: { resources: [{ mode: 'managed', type: 'aws_vpc' }] } } };
    expect(() => modelFromJson(plan, 'plan.json')).toThrow('plan JSON: a planned resource lacks its address, type or name');
  });

  it('refuses plan changes with unknown actions', () => {
    const plan = { format_version: '1.2', resource_changes: [{ address: 'aws_vpc.main', mode: 'managed', type: 'aws_vpc', change: { actions: ['explode'] } }] };
    expect(() => modelFromJson(plan, 'plan.json')).toThrow('resource_changes entry aws_vpc.main has no address, type or known actions');
  });
});

describe('a hand-written plan JSON (the documented `terraform show -json` format)', () => {
  const model = loadInput(PLAN);

  it('rebuilds the references that planned values leave out, from the configuration', () => {
    const subnetGroup = model.byAddress.get('aws_db_subnet_group.db');
    expect(referencedAddresses(model, subnetGroup?.values.subnet_ids)).toEqual(['aws_subnet.db_a', 'aws_subnet.db_c']);
    // A known value stands (the subnet group's name); the model links it to the group by that name.
    expect(model.byAddress.get('aws_db_instance.db')?.values.db_subnet_group_name).toBe('tt-dev-db');
    expect(referencedAddresses(model, 'tt-dev-db')).toEqual(['aws_db_subnet_group.db', 'aws_security_group.db']);
    expect(
      topologyOf(model)
        .components.find((component) => component.kind === 'rds')
        ?.subnets.map((subnet) => subnet.address),
    ).toEqual(['aws_subnet.db_a', 'aws_subnet.db_c']);
  });

  it('counts actions and reports the replace of the database and the delete of the bucket as errors', () => {
    const result = review(model);
    expect(result.summary.actions).toEqual({ 'no-op': 1, create: 2, update: 2, replace: 1, delete: 1 });
    expect(result.findings.filter((finding) => finding.id === 'TT-PLAN-001').map((finding) => [finding.address, finding.severity])).toEqual([
      ['aws_db_instance.db', 'error'],
      ['aws_s3_bucket.logs', 'error'],
    ]);
  });

  it('runs the same rules as on a synthesized stack', () => {
    const ids = review(model).findings.map((finding) => `${finding.id} ${finding.address}`);
    expect(ids).toEqual(expect.arrayContaining(['TT-SG-001 aws_security_group.db', 'TT-VPC-001 aws_subnet.db_c', 'TT-VPC-002 aws_vpc.main']));
  });

  it('prices it (MySQL 8.0 adds Extended Support)', () => {
    expect(review(model).cost.lines.find((line) => line.priceKey === 'rds:mysql:extended-support')?.monthly).toBeCloseTo(2 * 730 * 0.12, 6);
  });

  it('honours suppressions declared in the cdk.tf.json beside the plan (as the offline plan leaves it)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'review-plan-'));
    copyFileSync(PLAN, join(dir, 'plan.json'));
    const synthesized = { resource: { aws_db_instance: { db: { '//': { review: { suppressions: [{ id: 'TT-PLAN-001', reason: 'engine downgrade rehearsal on an empty dev database' }] } } } } } };
    writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(synthesized));
    const result = review(loadInput(join(dir, 'plan.json')));
    expect(result.suppressed).toEqual([expect.objectContaining({ id: 'TT-PLAN-001', address: 'aws_db_instance.db', reason: 'engine downgrade rehearsal on an empty dev database' })]);
    // A deleted resource is gone from the configuration too: suppress it from a suppressions file instead.
    expect(result.findings.map((finding) => `${finding.id} ${finding.address}`)).toContain('TT-PLAN-001 aws_s3_bucket.logs');
  });
});
