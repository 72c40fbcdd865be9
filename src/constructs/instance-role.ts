import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { Naming } from './naming';

/** AWS managed policies an instance role may take; nothing wider. */
export const MANAGED_POLICIES = {
  ssmCore: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
  ecrReadOnly: 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
} as const;

export type ManagedPolicy = keyof typeof MANAGED_POLICIES;

export interface InstanceRoleProps {
  readonly naming: Naming;
  /** Role name suffix, such as `frontend`. */
  readonly role: string;
  /** Managed policies to attach. */
  readonly managedPolicies: readonly ManagedPolicy[];
  /**
   * Secrets Manager secrets the instances may read (and nothing else in Secrets Manager).
   * @default []
   */
  readonly readableSecretArns?: readonly string[];
  /**
   * Secrets the instances may store a new version in (the app user's first password).
   * @default []
   */
  readonly writableSecretArns?: readonly string[];
  /**
   * Target groups the instances may take themselves out of and back into (draining before a restart).
   * @default []
   */
  readonly drainableTargetGroupArns?: readonly string[];
  /**
   * CloudWatch Logs groups the instances may write streams to (what docker's awslogs driver needs;
   * no CloudWatch agent runs, so no CloudWatchAgentServerPolicy).
   * @default []
   */
  readonly writableLogGroupArns?: readonly string[];
}

/** An EC2 role and instance profile with only the managed policies, secrets and log groups named. */
export class InstanceRole extends Construct {
  public readonly role: IamRole;
  public readonly instanceProfile: IamInstanceProfile;
  /**
   * The policy attachments and inline policies: an instance that calls AWS at boot must not start
   * before them (its group depends on these; the profile alone does not wait for them).
   */
  public readonly grants: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, props: InstanceRoleProps) {
    super(scope, id);
    const name = props.naming.name(props.role);
    this.role = new IamRole(this, 'role', {
      name,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
      tags: props.naming.tags(props.role),
    });
    const grants: ITerraformDependable[] = [];
    for (const policy of props.managedPolicies) {
      grants.push(new IamRolePolicyAttachment(this, policy, { role: this.role.name, policyArn: MANAGED_POLICIES[policy] }));
    }
    const secrets = props.readableSecretArns ?? [];
    if (secrets.length > 0) {
      grants.push(
        new IamRolePolicy(this, 'read-own-secret', {
          name: 'read-own-secret',
          role: this.role.id,
          policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: secrets }],
          }),
        }),
      );
    }
    const writable = props.writableSecretArns ?? [];
    if (writable.length > 0) {
      grants.push(
        new IamRolePolicy(this, 'store-own-secret', {
          name: 'store-own-secret',
          role: this.role.id,
          policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['secretsmanager:PutSecretValue'], Resource: writable }] }),
        }),
      );
    }
    const targetGroups = props.drainableTargetGroupArns ?? [];
    if (targetGroups.length > 0) {
      grants.push(
        new IamRolePolicy(this, 'drain-own-targets', {
          name: 'drain-own-targets',
          role: this.role.id,
          policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              // Its own tier's target group only.
              { Effect: 'Allow', Action: ['elasticloadbalancing:DeregisterTargets', 'elasticloadbalancing:RegisterTargets'], Resource: targetGroups },
              // The waiter's DescribeTargetHealth supports no resource-level permissions.
              { Effect: 'Allow', Action: 'elasticloadbalancing:DescribeTargetHealth', Resource: '*' },
            ],
          }),
        }),
      );
    }
    const logGroups = props.writableLogGroupArns ?? [];
    if (logGroups.length > 0) {
      grants.push(
        new IamRolePolicy(this, 'write-own-logs', {
          name: 'write-own-logs',
          role: this.role.id,
          policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
                // The group itself and its streams (log-group:<name>:log-stream:<stream>).
                Resource: logGroups.flatMap((arn) => [arn, `${arn}:*`]),
              },
            ],
          }),
        }),
      );
    }
    this.grants = grants;
    this.instanceProfile = new IamInstanceProfile(this, 'profile', { name, role: this.role.name, tags: props.naming.tags(props.role) });
  }
}
