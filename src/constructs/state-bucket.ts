import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { keepBucketPrivate, tlsOnlyStatement } from './bucket-guards';

export interface StateBucketProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /**
   * Days a superseded state version is kept before it expires.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Also create a DynamoDB lock table (the legacy locking; S3 native locking needs none).
   * @default false
   */
  readonly dynamodbLockTable?: boolean;
}

/**
 * The S3 bucket that holds Terraform state: versioned, encrypted, private, TLS-only, with old
 * versions expiring, and protected from `terraform destroy`.
 */
export class StateBucket extends Construct {
  public readonly bucket: S3Bucket;
  public readonly lockTable?: DynamodbTable;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    const expirationDays = props.noncurrentVersionExpirationDays ?? 90;
    if (!Number.isInteger(expirationDays) || expirationDays < 1) {
      throw new Error(`StateBucket noncurrentVersionExpirationDays must be a positive integer, got ${expirationDays}`);
    }

    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      tags: { Name: props.bucketName },
      lifecycle: { preventDestroy: true },
    });
    const bucketId = this.bucket.id;

    new S3BucketVersioningA(this, 'versioning', { bucket: bucketId, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: bucketId,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' }, bucketKeyEnabled: true }],
    });
    keepBucketPrivate(this, bucketId);
    new S3BucketPolicy(this, 'tls-only-policy', {
      bucket: bucketId,
      policy: JSON.stringify({ Version: '2012-10-17', Statement: [tlsOnlyStatement(this.bucket.arn)] }),
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: bucketId,
      rule: [
        {
          id: 'expire-old-state-versions',
          status: 'Enabled',
          // Empty: the whole bucket. CKV_AWS_300 counts an abort rule only without a filter condition.
          filter: [{}],
          noncurrentVersionExpiration: [{ noncurrentDays: expirationDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });

    if (props.dynamodbLockTable ?? false) {
      this.lockTable = new DynamodbTable(this, 'lock-table', {
        name: `${props.bucketName}-lock`,
        billingMode: 'PAY_PER_REQUEST',
        hashKey: 'LockID',
        attribute: [{ name: 'LockID', type: 'S' }],
        pointInTimeRecovery: { enabled: true },
        serverSideEncryption: { enabled: true },
        deletionProtectionEnabled: true,
        tags: { Name: `${props.bucketName}-lock` },
      });
    }
  }
}
