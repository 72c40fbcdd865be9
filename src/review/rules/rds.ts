import { bool, num } from '../json';
import { displayName, ofType, type Model, type Resource } from '../model';
import { isUnknownValue } from '../topology';
import type { Rule, Violation } from './types';

/** Whether a database is a read replica: it names a source. The provider stores `""` for a primary, so an empty name is none. */
export function isReadReplica(db: Resource): boolean {
  const source = db.values.replicate_source_db;
  return source !== undefined && source !== null && source !== '';
}

function databases(model: Model): readonly Resource[] {
  // A read replica inherits encryption and backups from its source; it is checked there.
  return ofType(model, 'aws_db_instance').filter((db) => !isReadReplica(db));
}

export const rdsEncrypted: Rule = {
  id: 'TT-RDS-001',
  title: 'RDS storage encrypted',
  severity: 'error',
  fix: 'Set storage_encrypted = true (it cannot be changed later without a snapshot restore).',
  peers: ['CKV_AWS_16', 'AwsSolutions-RDS2'],
  check: ({ model }) =>
    databases(model)
      .filter((db) => bool(db.values.storage_encrypted) !== true)
      .map((db) => ({ address: db.address, message: `${displayName(db)} stores its data unencrypted` })),
};

export const rdsPrivate: Rule = {
  id: 'TT-RDS-002',
  title: 'RDS not publicly accessible',
  severity: 'error',
  fix: 'Set publicly_accessible = false and keep the instance in the private-db subnets; reach it through the bastion.',
  peers: ['CKV_AWS_17', 'NIST.800.53.R5-RDSInstancePublicAccess'],
  check: ({ model }) =>
    ofType(model, 'aws_db_instance')
      .filter((db) => bool(db.values.publicly_accessible) === true || isUnknownValue(db.values.publicly_accessible))
      .map((db): Violation =>
        isUnknownValue(db.values.publicly_accessible)
          ? {
              address: db.address,
              severity: 'warning',
              message: `unknown whether ${displayName(db)} is public: publicly_accessible is ${String(db.values.publicly_accessible).replace(/^\$\{\(?|\)?\}$/g, '')}, which the input does not resolve`,
            }
          : { address: db.address, message: `${displayName(db)} gets a public IP address and DNS name` },
      ),
};

export const rdsBackups: Rule = {
  id: 'TT-RDS-003',
  title: 'RDS automated backups kept',
  severity: 'error',
  fix: 'Set backup_retention_period to 1-35 days (7 or more in production).',
  peers: ['CKV_AWS_133', 'AwsSolutions-RDS13'],
  check: ({ model, production }) =>
    databases(model).flatMap((db): Violation[] => {
      const days = num(db.values.backup_retention_period);
      if (days === 0) {
        return [{ address: db.address, subject: { values: { backup_retention_period: 0 } }, message: `${displayName(db)} has automated backups turned off (backup_retention_period = 0)` }];
      }
      if (days === undefined) {
        return [{ address: db.address, severity: 'warning', message: `${displayName(db)} does not set backup_retention_period, so the retention is AWS's default` }];
      }
      return production && days < 7
        ? [{ address: db.address, severity: 'warning', subject: { values: { backup_retention_period: days } }, message: `${displayName(db)} keeps backups for ${days} day(s) in production` }]
        : [];
    }),
};

export const rdsDeletionProtection: Rule = {
  id: 'TT-RDS-004',
  title: 'RDS deletion protection (production)',
  severity: 'error',
  fix: 'Set deletion_protection = true in production.',
  peers: ['CKV_AWS_293', 'AwsSolutions-RDS10'],
  check: ({ model, production }) =>
    databases(model)
      .filter((db) => bool(db.values.deletion_protection) !== true)
      .map((db) => ({ address: db.address, severity: production ? 'error' : 'info', message: `${displayName(db)} can be deleted by a single apply (deletion_protection is off)` })),
};

export const rdsMultiAz: Rule = {
  id: 'TT-RDS-005',
  title: 'RDS Multi-AZ (production)',
  severity: 'error',
  fix: 'Set multi_az = true in production: a standby in the second AZ takes over in about a minute.',
  peers: ['CKV_AWS_157', 'AwsSolutions-RDS3', 'NIST.800.53.R5-RDSMultiAZSupport'],
  check: ({ model, production }) =>
    databases(model)
      .filter((db) => bool(db.values.multi_az) !== true)
      .map((db) => ({ address: db.address, severity: production ? 'error' : 'info', message: `${displayName(db)} runs in one AZ: an AZ outage takes the database down` })),
};
