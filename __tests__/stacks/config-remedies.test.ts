import { modelFromJson } from '../../src/review/load';
import { review } from '../../src/review/review';
import { CONFIG_REMEDIES, describeForConfig } from '../../src/stacks/config-remedies';
import { environmentWithMetadata, type Overrides } from '../support/stacks';

/** The error-level findings of prod built with these overrides, after the stack's own suppressions. */
function prodErrors(overrides: Overrides): string[] {
  const model = modelFromJson(JSON.parse(environmentWithMetadata('prod', overrides)), 'prod');
  return review(model)
    .findings.filter((finding) => finding.severity === 'error')
    .map((finding) => finding.id);
}

/** A config value that breaks each rule in prod, the opposite of its remedy. */
const BREAKS: Readonly<Record<string, string>> = {
  'TT-RDS-003': '0',
  'TT-RDS-004': 'false',
  'TT-RDS-005': 'false',
  'TT-ALB-007': 'false',
  'TT-VPC-002': 'false',
};

describe('the config field an error-level finding names really fixes it', () => {
  it('has a way to break every remedy, and a remedy for every way', () => {
    expect(Object.keys(BREAKS).sort()).toEqual(Object.keys(CONFIG_REMEDIES).sort());
  });

  it.each(Object.entries(CONFIG_REMEDIES))('%s: %j', (id, remedy) => {
    const variable = `TT_PROD__${remedy.field.split('.').join('__')}`;
    expect(prodErrors({ [variable]: BREAKS[id] })).toContain(id);
    expect(prodErrors({ [variable]: remedy.value })).not.toContain(id);
  });
});

describe('an error-level finding at synth, for a config user', () => {
  const finding = {
    id: 'TT-RDS-004',
    severity: 'error' as const,
    address: 'aws_db_instance.database_instance_D7FC2283',
    message: 'three-tier-prod-mysql can be deleted by a single apply (deletion_protection is off)',
    fix: 'Set deletion_protection = true in production.',
    peers: [],
  };

  it('names the config key, the variable and the config suppressions form, not code', () => {
    expect(describeForConfig(finding, 'prod', 'config')).toBe(
      [
        'prod: TT-RDS-004 aws_db_instance.database_instance_D7FC2283: three-tier-prod-mysql can be deleted by a single apply (deletion_protection is off)',
        '      fix in config: database.deletionProtection = true (in config/prod.json: { "database": { "deletionProtection": true } }, or TT_PROD__database__deletionProtection=true)',
        '      or accept it with a reason, in config/prod.json: "suppressions": [{ "id": "TT-RDS-004", "address": "aws_db_instance.database_instance_D7FC2283", "reason": "<why it is acceptable, 10+ characters>" }]',
      ].join('\n'),
    );
  });

  it("falls back to the rule's fix where no config field fixes it, and names common.json for the state stack", () => {
    const text = describeForConfig({ ...finding, id: 'TT-S3-003', fix: 'Add a bucket policy statement.' }, 'state', 'config');
    expect(text).toContain('\n      fix: Add a bucket policy statement.\n');
    expect(text).toContain('in config/common.json: "suppressions": [{ "id": "TT-S3-003"');
    expect(text).not.toContain('suppress(');
  });
});
