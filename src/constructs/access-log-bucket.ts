import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { Construct } from 'constructs';
import { keepBucketPrivate, tlsOnlyStatement } from './bucket-guards';
import { suppress } from '../review/suppress';
import { Naming } from './naming';

/**
 * The Elastic Load Balancing account that writes access logs, per region that predates the
 * log-delivery service principal (AWS docs, "Enable access logs for your Application Load Balancer").
 */
export const ELB_LOG_ACCOUNTS: Readonly<Record<string, string>> = {
  'us-east-1': '127311923021',
  'us-east-2': '033677994240',
  'us-west-1': '027434742980',
  'us-west-2': '797873946194',
  'ap-northeast-1': '582318560864',
  'ap-northeast-2': '600734575887',
  'ap-northeast-3': '383597477331',
  'ap-southeast-1': '114774131450',
  'ap-southeast-2': '783225319266',
  'ap-south-1': '718504428378',
  'eu-central-1': '054676820928',
  'eu-west-1': '156460612806',
  'eu-west-2': '652711504416',
};

export interface AccessLogBucketProps {
  readonly naming: Naming;
  readonly region: string;
  /**
   * The account the load balancers belong to: ELB writes under `<prefix>/AWSLogs/<account>/`, and
   * the grant is scoped to that path. A token is fine (such as a VPC's `owner_id`).
   */
  readonly accountId: string;
  /** The access-log prefixes the load balancers write under (one per load balancer); the grant covers these only. */
  readonly prefixes: readonly string[];
  /** @default 90 */
  readonly expirationDays?: number;
  /** Let `terraform destroy` empty the bucket (ELB writes a test object as soon as logging is on). @default false */
  readonly forceDestroy?: boolean;
}

/** An S3 bucket that ALBs of this region may write access logs to, and nobody may read publicly. */
export class AccessLogBucket extends Construct {
  public readonly bucket: S3Bucket;
  /** The bucket policy: a load balancer that logs here must be created after it, or AWS answers "Access Denied for bucket". */
  public readonly policy: S3BucketPolicy;
  /** The prefixes ELB may write under. */
  public readonly prefixes: readonly string[];

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    if (props.prefixes.length === 0) {
      throw new Error('AccessLogBucket needs at least one prefix: the log-delivery grant is scoped to <prefix>/AWSLogs/<account>/*');
    }
    for (const prefix of props.prefixes) {
      // ELB refuses a prefix that starts with / or contains AWSLogs; one path segment keeps the grant exact.
      if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(prefix) || prefix.includes('AWSLogs')) {
        throw new Error(`AccessLogBucket prefix ${JSON.stringify(prefix)} must be one path segment of letters, digits, - or _, without AWSLogs`);
      }
    }
    this.prefixes = [...props.prefixes];
    this.bucket = new S3Bucket(this, 'bucket', {
      bucketPrefix: `${props.naming.prefix}-alb-logs-`,
      forceDestroy: props.forceDestroy ?? false,
      tags: props.naming.tags('alb-logs'),
    });
    suppress(this.bucket, 'TT-S3-001', 'Access logs are written once and expire; versions would only keep deleted logs and add cost');
    const bucket = this.bucket.id;
    // ELB access logs support SSE-S3 only, not SSE-KMS.
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', { bucket, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] });
    keepBucketPrivate(this, bucket);
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket,
      rule: [
        {
          id: 'expire-logs',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: props.expirationDays ?? 90 }],
        },
        // Parts of an upload that never completed are billed until aborted. Its own rule with an
        // empty filter (the whole bucket): CKV_AWS_300 accepts no other filter.
        { id: 'abort-incomplete-uploads', status: 'Enabled', filter: [{}], abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }] },
      ],
    });
    const account = ELB_LOG_ACCOUNTS[props.region];
    const writer = account === undefined ? { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' } : { AWS: `arn:aws:iam::${account}:root` };
    this.policy = new S3BucketPolicy(this, 'policy', {
      bucket,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'ElbLogDelivery',
            Effect: 'Allow',
            Principal: writer,
            Action: 's3:PutObject',
            Resource: this.prefixes.map((prefix) => `${this.bucket.arn}/${prefix}/AWSLogs/${props.accountId}/*`),
          },
          tlsOnlyStatement(this.bucket.arn),
        ],
      }),
    });
  }
}
