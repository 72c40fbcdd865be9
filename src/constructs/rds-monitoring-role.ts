import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { Naming } from './naming';
import { sourceAccount } from './source-account';

/** The AWS managed policy RDS enhanced monitoring needs to publish OS metrics to CloudWatch Logs. */
export const ENHANCED_MONITORING_POLICY = 'arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole';

export interface RdsMonitoringRoleProps {
  readonly naming: Naming;
  /** Only RDS acting for this account may assume the role (`aws:SourceAccount`). @default no condition */
  readonly accountId?: string;
}

/** The role RDS assumes to deliver enhanced-monitoring metrics (`monitoring_role_arn`). */
export class RdsMonitoringRole extends Construct {
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: RdsMonitoringRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, 'role', {
      name: props.naming.name('rds-monitoring'),
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'monitoring.rds.amazonaws.com' }, Action: 'sts:AssumeRole', ...sourceAccount(props.accountId) }],
      }),
      tags: props.naming.tags('rds-monitoring'),
    });
    new IamRolePolicyAttachment(this, 'policy', { role: this.role.name, policyArn: ENHANCED_MONITORING_POLICY });
  }
}
