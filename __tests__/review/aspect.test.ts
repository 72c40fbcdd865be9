import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Aspects, Testing, TerraformStack, type App } from 'cdktf';
import { ReviewAspect } from '../../src/review/aspect';
import { suppress } from '../../src/review/suppress';

function tinyStack(options: ConstructorParameters<typeof ReviewAspect>[0] = {}): { app: App; stack: TerraformStack; db: DbInstance } {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'tiny');
  new AwsProvider(stack, 'aws', { region: 'ap-northeast-2', defaultTags: [{ tags: { Environment: 'prod' } }] });
  const db = new DbInstance(stack, 'db', {
    engine: 'mysql',
    instanceClass: 'db.t4g.micro',
    allocatedStorage: 20,
    storageEncrypted: true,
    multiAz: true,
    backupRetentionPeriod: 7,
    deletionProtection: true,
    manageMasterUserPassword: true,
    username: 'app_admin',
    publiclyAccessible: true,
  });
  Aspects.of(stack).add(new ReviewAspect(options));
  return { app, stack, db };
}

function annotations(stack: TerraformStack, level: string): string[] {
  return stack.node.findAll().flatMap((construct) => construct.node.metadata.filter((entry) => entry.type === level).map((entry) => `[${construct.node.path}] ${String(entry.data)}`));
}

describe('ReviewAspect at synth time', () => {
  it('fails app.synth() with a readable list of error-level findings, on the resource that has them', () => {
    const { app } = tinyStack();
    expect(() => app.synth()).toThrow(/Encountered Annotations with level "ERROR":\n\[tiny\/db\] TT-RDS-002 aws_db_instance\.db: .* gets a public IP address/);
  });

  it('lets the stack synthesize once the finding is suppressed with a reason', () => {
    const { app, db } = tinyStack();
    suppress(db, 'TT-RDS-002', 'public on purpose: a throwaway demo database');
    expect(() => app.synth()).not.toThrow();
  });

  it('takes suppressions from configuration too', () => {
    const { app } = tinyStack({ suppressions: [{ id: 'TT-RDS-002', address: 'aws_db_instance.db', reason: 'public on purpose: a throwaway demo' }] });
    expect(() => app.synth()).not.toThrow();
  });

  it('annotates warnings only when asked, without failing the synth', () => {
    const quiet = tinyStack();
    quiet.db.resetBackupRetentionPeriod();
    suppress(quiet.db, 'TT-RDS-002', 'public on purpose: a throwaway demo database');
    Testing.synth(quiet.stack);
    expect(annotations(quiet.stack, '@cdktf/warn')).toEqual([]);

    const loud = tinyStack({ reportWarnings: true });
    loud.db.resetBackupRetentionPeriod();
    suppress(loud.db, 'TT-RDS-002', 'public on purpose: a throwaway demo database');
    suppress(loud.db, 'TT-MON-001', 'a throwaway demo database nobody is paged for');
    Testing.synth(loud.stack);
    expect(annotations(loud.stack, '@cdktf/warn')).toEqual([expect.stringMatching(/^\[tiny\/db\] TT-RDS-003 aws_db_instance\.db: .*backup_retention_period/)]);
    expect(() => loud.app.synth()).not.toThrow();
  });
});
