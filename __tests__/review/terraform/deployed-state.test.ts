import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { priorStateModel } from '../../../src/review/change/prior-state';
import { runReview } from '../../../src/review/cli';
import { isObject, type JsonObject } from '../../../src/review/json';
import { modelFromJson } from '../../../src/review/load';
import { formatPorts } from '../../../src/review/ports';
import { INTERNET, portsBetween } from '../../../src/review/reachability';
import { review, type Review } from '../../../src/review/review';
import { describeWithTerraform, reportTier, sharedDirectoryPlan } from '../../support/terraform';

/**
 * Deployed state: real terraform plans `fixtures/deployed/main.tf` against `prior-state.json`, a state
 * in which the network, its groups (a group-reference and a self rule, no CIDR), a network interface
 * with its Elastic IP, an instance on it, a WAF IP set and an RDS primary already exist, holding what
 * the AWS provider stores: `replicate_source_db = ""`, nulls for unset attributes, `master_user_secret`,
 * a `lock_token`, ids in place of references. The change turns the database's backups off.
 */
const DEPLOYED_DIR = join(__dirname, '..', 'fixtures', 'deployed');

function findingLines(result: Review): readonly string[] {
  return result.findings.map((finding) => `${finding.id} ${finding.severity} ${finding.address}`);
}

describeWithTerraform('a plan against a deployed state, with the values the provider stores', () => {
  let plan: JsonObject;
  let planPath: string;
  let result: Review;

  beforeAll(async () => {
    const started = Date.now();
    const planned = await sharedDirectoryPlan(DEPLOYED_DIR, { 'terraform.tfstate': readFileSync(join(DEPLOYED_DIR, 'prior-state.json'), 'utf8') });
    if (!isObject(planned.plan)) {
      throw new Error('terraform show -json wrote no object');
    }
    plan = planned.plan;
    planPath = planned.planJsonPath;
    result = review(modelFromJson(plan, 'deployed/plan.json', undefined, DEPLOYED_DIR));
    reportTier(`terraform tier: planned against a deployed state in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 600_000);

  it('plans the deployed resources as existing ones, with the provider\'s "" for a primary', () => {
    expect(result.summary.actions).toEqual({ 'no-op': 17, update: 1 });
    const database = modelFromJson(plan, 'deployed/plan.json').byAddress.get('aws_db_instance.db');
    expect(database?.values.replicate_source_db).toBe('');
    expect(database?.values.master_user_secret).toEqual([expect.objectContaining({ secret_status: 'active' })]);
  });

  it('replicate_source_db = "" is a primary: every RDS rule judges it (trap: "" taken for a replica)', () => {
    expect(findingLines(result)).toEqual(
      expect.arrayContaining(['TT-RDS-001 error aws_db_instance.db', 'TT-RDS-003 error aws_db_instance.db', 'TT-RDS-004 error aws_db_instance.db', 'TT-RDS-005 error aws_db_instance.db']),
    );
  });

  it('master_user_secret[0].secret_status and a WAF lock_token are no literal secrets (trap: TT-SEC-002 on attribute names)', () => {
    expect(result.findings.filter((finding) => finding.id === 'TT-SEC-002')).toEqual([]);
  });

  it('known nulls stand: no "unknown whether" and no TT-SG-002 on a self and a group-reference rule (trap: null rebuilt from var.extra_cidrs)', () => {
    expect(result.findings.filter((finding) => finding.message.startsWith('unknown whether'))).toEqual([]);
    expect(result.findings.filter((finding) => finding.id === 'TT-SG-002')).toEqual([]);
    expect(result.reachability.unknown).toEqual([]);
  });

  it('the instance on a network interface is reached at the interface\'s Elastic IP, through the interface\'s group (trap: "names no security group")', () => {
    expect(formatPorts(portsBetween(result.reachability, INTERNET, 'aws_instance.web'))).toBe('tcp/443');
    expect(result.reachability.notes.join('\n')).not.toContain('names no security group');
    expect(result.cost.lines.filter((line) => line.item.startsWith('public IPv4')).map((line) => `${line.address} ${line.item}`)).toEqual(['aws_eip.web public IPv4 address × 1 (Elastic IP)']);
  });

  it('the state alone, as a change review reads its "before" side, gets the same RDS rules and no false secret', () => {
    const before = review(priorStateModel(plan, 'deployed/plan.json'));
    expect(findingLines(before)).toEqual(expect.arrayContaining(['TT-RDS-001 error aws_db_instance.db', 'TT-RDS-004 error aws_db_instance.db']));
    expect(before.findings.filter((finding) => finding.id === 'TT-SEC-002' || finding.id === 'TT-RDS-003')).toEqual([]);
  });

  it('a change review blocks backups turned off on the live primary', () => {
    const out: string[] = [];
    const code = runReview([planPath, '--change', '--format', 'json'], { stdout: (text) => out.push(text), stderr: (text) => out.push(text), isTty: false, env: {}, columns: undefined });
    const change: unknown = JSON.parse(out.join(''));
    const status = isObject(change) && isObject(change.status) ? change.status : {};
    expect(code).toBe(1);
    expect(status.blocking).toEqual([expect.stringContaining('new error TT-RDS-003 on aws_db_instance.db')]);
  });
});
