import { Testing } from 'cdktf';
import { RdsLogGroups } from '../../src/constructs/rds-log-groups';
import { Naming } from '../../src/constructs/naming';
import { ref, resourcesOf, synthEnvironment } from '../support/stacks';

const prod = synthEnvironment('prod');
const dev = synthEnvironment('dev');

function databaseLogs(synthesized: string): { instance: Record<string, unknown>; groups: [string, Record<string, unknown>][] } {
  const instances = Object.values(resourcesOf(synthesized, 'aws_db_instance'));
  expect(instances).toHaveLength(1);
  const groups = Object.entries(resourcesOf(synthesized, 'aws_cloudwatch_log_group')).filter(([, group]) => String(group.name).startsWith('/aws/rds/instance/'));
  return { instance: instances[0], groups };
}

describe('the log groups RDS exports MySQL logs into', () => {
  it.each([
    ['dev', dev, 30, undefined],
    ['prod', prod, 90, true],
  ] as const)('%s: one per exported log, /aws/rds/instance/<identifier>/<log>, with retention and (prod) the stack key', (_name, synthesized, retention, keyed) => {
    const { instance, groups } = databaseLogs(synthesized);
    const exported = instance.enabled_cloudwatch_logs_exports;
    expect(exported).toEqual(['error', 'slowquery']);
    expect(groups.map(([, group]) => group.name).sort()).toEqual(['error', 'slowquery'].map((log) => `/aws/rds/instance/${String(instance.identifier)}/${log}`));
    const key = Object.keys(resourcesOf(synthesized, 'aws_kms_key'))[0];
    for (const [, group] of groups) {
      expect(group.retention_in_days).toBe(retention);
      expect(group.kms_key_id).toBe(keyed === true ? ref('aws_kms_key', key, 'arn') : undefined);
    }
  });

  it('RDS creates a missing group itself at first export, with no retention and no key: the instance depends on the stack’s groups', () => {
    for (const synthesized of [dev, prod]) {
      const { instance, groups } = databaseLogs(synthesized);
      expect(instance.depends_on).toEqual(expect.arrayContaining(groups.map(([address]) => `aws_cloudwatch_log_group.${address}`)));
      // The groups are named from the literal identifier, never a reference to the instance: that would be a cycle.
      for (const [, group] of groups) {
        expect(String(group.name)).not.toContain('${');
      }
    }
  });

  it('database.logRetentionDays sets the retention; a retention CloudWatch does not offer is refused at the config', () => {
    const { groups } = databaseLogs(synthEnvironment('dev', { TT__database__logRetentionDays: '7' }));
    expect(groups.map(([, group]) => group.retention_in_days)).toEqual([7, 7]);
    expect(() => new RdsLogGroups(Testing.app(), 'logs', { naming: new Naming('t', 'dev'), instanceIdentifier: '${aws_db_instance.x.identifier}', logs: ['error'], retentionDays: 7 })).toThrow(
      'RdsLogGroups needs the instance identifier as a literal (1-63 of a-z, 0-9, -), got "${aws_db_instance.x.identifier}"',
    );
  });
});
