import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { Naming } from './naming';

export interface LogEncryptionKeyProps {
  readonly naming: Naming;
  readonly region: string;
  /** The account that owns the key (a reference such as a VPC's `owner_id`: no data source, plans stay offline). */
  readonly accountId: string;
  /**
   * Days a deleted key waits before it is gone (7-30).
   * @default 30
   */
  readonly deletionWindowDays?: number;
  /**
   * AWS services that publish to an SNS topic encrypted with the key, such as cloudwatch.amazonaws.com
   * for alarms: each may generate data keys and decrypt with it. An account-root `kms:*` statement
   * does not cover a service principal, so without this their messages are dropped silently.
   * @default []
   */
  readonly topicPublishers?: readonly string[];
}

/**
 * A customer managed KMS key, rotated yearly, for the environment's CloudWatch log groups and RDS
 * Performance Insights (and the alert topic, when there is one): the account administers and uses it
 * through IAM, CloudWatch Logs of this region may use it only for this account's log groups, and the
 * services that publish to the alert topic may encrypt messages for it. $1 a month.
 */
export class LogEncryptionKey extends Construct {
  public readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: LogEncryptionKeyProps) {
    super(scope, id);
    const window = props.deletionWindowDays ?? 30;
    if (!Number.isInteger(window) || window < 7 || window > 30) {
      throw new Error(`LogEncryptionKey deletionWindowDays must be an integer from 7 to 30, got ${window}`);
    }
    const { region, accountId } = props;
    const publishers = props.topicPublishers ?? [];
    this.key = new KmsKey(this, 'key', {
      description: `${props.naming.prefix}: CloudWatch log groups${publishers.length === 0 ? ' and' : ','} RDS Performance Insights${publishers.length === 0 ? '' : ' and the alert topic'}`,
      enableKeyRotation: true,
      deletionWindowInDays: window,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'AccountAdministersThroughIam', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' },
          {
            Sid: 'CloudWatchLogsOfThisAccountAndRegion',
            Effect: 'Allow',
            Principal: { Service: `logs.${region}.amazonaws.com` },
            Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
            Resource: '*',
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${region}:${accountId}:*` } },
          },
          ...(publishers.length === 0 ? [] : [{ Sid: 'PublishersToEncryptedTopics', Effect: 'Allow', Principal: { Service: [...publishers] }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*' }]),
        ],
      }),
      tags: props.naming.tags('logs-key'),
    });
    new KmsAlias(this, 'alias', { name: `alias/${props.naming.prefix}-logs`, targetKeyId: this.key.keyId });
  }
}
