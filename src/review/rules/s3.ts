import { block, blocks, bool, str } from '../json';
import { displayName, ofType, referrers, type Model, type Resource } from '../model';
import type { Rule, Severity, Violation } from './types';

const STATE_BUCKET_NAME = /tf-?state|terraform-state|state-bucket/i;

/** A bucket holding Terraform state: named so, or the bucket of the stack's S3 backend. */
function isStateBucket(model: Model, bucket: Resource): boolean {
  const name = str(bucket.values.bucket) ?? '';
  return (model.backendBucket !== undefined && name === model.backendBucket) || STATE_BUCKET_NAME.test(name) || STATE_BUCKET_NAME.test(displayName(bucket));
}

/** Companion resources (`aws_s3_bucket_versioning`, ...) configuring a bucket. */
function companions(model: Model, bucket: Resource, type: string): readonly Resource[] {
  return referrers(model, bucket, 'bucket', type);
}

/** State buckets get errors; other buckets warnings. */
function weight(model: Model, bucket: Resource): { readonly severity: Severity; readonly kind: string } {
  return isStateBucket(model, bucket) ? { severity: 'error', kind: 'state bucket' } : { severity: 'warning', kind: 'bucket' };
}

export const s3Versioning: Rule = {
  id: 'TT-S3-001',
  title: 'S3 bucket versioning (required for the state bucket)',
  severity: 'error',
  fix: 'Add aws_s3_bucket_versioning with status "Enabled": an overwritten or deleted state file can then be restored.',
  peers: ['CKV_AWS_21', 'NIST.800.53.R5-S3BucketVersioningEnabled'],
  check: ({ model }) =>
    ofType(model, 'aws_s3_bucket').flatMap((bucket): Violation[] => {
      const separate = companions(model, bucket, 'aws_s3_bucket_versioning').some((versioning) => block(versioning.values, 'versioning_configuration')?.status === 'Enabled');
      const inline = bool(block(bucket.values, 'versioning')?.enabled) === true;
      const { severity, kind } = weight(model, bucket);
      return separate || inline ? [] : [{ address: bucket.address, severity, message: `${kind} ${displayName(bucket)} is not versioned` }];
    }),
};

const BLOCK_FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];

export const s3PublicAccessBlock: Rule = {
  id: 'TT-S3-002',
  title: 'S3 public access blocked',
  severity: 'error',
  fix: 'Add aws_s3_bucket_public_access_block with all four flags true.',
  peers: ['CKV2_AWS_6', 'CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56', 'AwsSolutions-S2'],
  check: ({ model }) =>
    ofType(model, 'aws_s3_bucket')
      .filter((bucket) => !companions(model, bucket, 'aws_s3_bucket_public_access_block').some((blocker) => BLOCK_FLAGS.every((flag) => bool(blocker.values[flag]) === true)))
      .map((bucket) => ({ address: bucket.address, message: `${weight(model, bucket).kind} ${displayName(bucket)} has no public access block with all four flags set` })),
};

function deniesInsecureTransport(policy: string): boolean {
  return /"Effect"\s*:\s*"Deny"/.test(policy) && /"aws:SecureTransport"\s*:\s*"?false"?/.test(policy);
}

/** A policy given but not as its JSON text: an expression the input does not resolve. */
function unknownPolicy(policy: unknown): boolean {
  if (policy === undefined || policy === null) {
    return false;
  }
  if (typeof policy !== 'string') {
    return true;
  }
  try {
    JSON.parse(policy);
    return false;
  } catch {
    return true;
  }
}

export const s3TlsOnly: Rule = {
  id: 'TT-S3-003',
  title: 'S3 bucket policy denies requests without TLS',
  severity: 'error',
  fix: 'Add a bucket policy statement: Effect Deny, Principal *, Action s3:*, Condition Bool aws:SecureTransport = false.',
  peers: ['AwsSolutions-S10', 'NIST.800.53.R5-S3BucketSSLRequestsOnly'],
  check: ({ model }) =>
    ofType(model, 'aws_s3_bucket').flatMap((bucket): Violation[] => {
      const policies = [...companions(model, bucket, 'aws_s3_bucket_policy').map((policy) => policy.values.policy), bucket.values.policy];
      const { severity, kind } = weight(model, bucket);
      if (policies.some((policy) => typeof policy === 'string' && deniesInsecureTransport(policy))) {
        return [];
      }
      // A plan holds no text for a policy built from values known only after apply (a bucket ARN, an account id).
      return policies.some(unknownPolicy)
        ? [{ address: bucket.address, severity: 'warning', message: `unknown whether ${kind} ${displayName(bucket)} denies plain-HTTP requests: its policy is known only after apply` }]
        : [{ address: bucket.address, severity, message: `${kind} ${displayName(bucket)} accepts plain-HTTP requests (no aws:SecureTransport deny)` }];
    }),
};

export const s3Encryption: Rule = {
  id: 'TT-S3-004',
  title: 'S3 default encryption declared',
  severity: 'warning',
  fix: 'Add aws_s3_bucket_server_side_encryption_configuration (aws:kms with a bucket key, or AES256).',
  peers: ['CKV_AWS_19', 'CKV_AWS_145', 'NIST.800.53.R5-S3DefaultEncryptionKMS'],
  check: ({ model }) =>
    ofType(model, 'aws_s3_bucket')
      .filter((bucket) => {
        const separate = companions(model, bucket, 'aws_s3_bucket_server_side_encryption_configuration').some((configuration) => blocks(configuration.values, 'rule').length > 0);
        return !separate && block(bucket.values, 'server_side_encryption_configuration') === undefined;
      })
      .map((bucket) => ({ address: bucket.address, message: `${weight(model, bucket).kind} ${displayName(bucket)} declares no default encryption; it gets S3's SSE-S3 default, with no KMS key or audit trail` })),
};
