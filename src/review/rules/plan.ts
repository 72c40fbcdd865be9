import type { Rule } from './types';

/** Resources whose deletion loses data that no apply brings back. */
const STATEFUL_TYPES: ReadonlySet<string> = new Set([
  'aws_db_instance',
  'aws_rds_cluster',
  'aws_s3_bucket',
  'aws_route53_zone',
  'aws_dynamodb_table',
  'aws_ebs_volume',
  'aws_efs_file_system',
  'aws_secretsmanager_secret',
]);

export const statefulReplacement: Rule = {
  id: 'TT-PLAN-001',
  title: 'No delete or replace of a stateful resource',
  severity: 'error',
  fix: 'Find the attribute forcing replacement (terraform plan marks it "forces replacement") and keep it, or move the resource (moved block) instead of renaming it; if the deletion is intended, take a snapshot first and suppress with that reason.',
  peers: [],
  check: ({ model }) =>
    (model.changes ?? [])
      .filter((change) => STATEFUL_TYPES.has(change.type) && (change.kind === 'delete' || change.kind === 'replace'))
      .map((change) => ({
        address: change.address,
        message: `the plan will ${change.kind === 'delete' ? 'delete' : 'destroy and re-create'} ${change.address}: its data (database, objects, DNS delegation) is lost`,
      })),
};
