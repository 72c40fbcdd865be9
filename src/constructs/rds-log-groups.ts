import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Construct } from 'constructs';
import { Naming } from './naming';

export interface RdsLogGroupsProps {
  readonly naming: Naming;
  /** The DB instance identifier, as a literal: the groups exist before the instance. */
  readonly instanceIdentifier: string;
  /** The exported logs, such as `error` and `slowquery`. */
  readonly logs: readonly string[];
  /** Days CloudWatch keeps them. */
  readonly retentionDays: number;
  /**
   * Customer managed KMS key of the groups.
   * @default undefined (CloudWatch's own encryption)
   */
  readonly kmsKeyArn?: string;
}

/**
 * The log groups RDS exports a MySQL instance's logs into, `/aws/rds/instance/<identifier>/<log>`,
 * created by the stack rather than by RDS: RDS would create them at first export with no retention
 * (kept forever) and no customer key, outside Terraform's state. The instance must depend on them.
 */
export class RdsLogGroups extends Construct {
  public readonly logGroups: readonly CloudwatchLogGroup[];

  constructor(scope: Construct, id: string, props: RdsLogGroupsProps) {
    super(scope, id);
    if (!/^[a-z][a-z0-9-]{0,62}$/.test(props.instanceIdentifier)) {
      throw new Error(`RdsLogGroups needs the instance identifier as a literal (1-63 of a-z, 0-9, -), got ${JSON.stringify(props.instanceIdentifier)}`);
    }
    this.logGroups = props.logs.map(
      (log) =>
        new CloudwatchLogGroup(this, log, {
          name: `/aws/rds/instance/${props.instanceIdentifier}/${log}`,
          retentionInDays: props.retentionDays,
          kmsKeyId: props.kmsKeyArn,
          tags: props.naming.tags(`mysql-${log}-log`),
        }),
    );
  }
}
