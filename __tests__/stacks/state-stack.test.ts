import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { environmentWithMetadata, resourcesOf, synthEnvironment, synthState } from '../support/stacks';

describe('state stack', () => {
  const synthesized = synthState();

  it('keeps its own state in a local backend', () => {
    expect(JSON.parse(synthesized).terraform.backend).toEqual({ local: { path: '../../../terraform.state.tfstate' } });
  });

  it('creates a versioned, encrypted bucket that terraform may not destroy', () => {
    expect(synthesized).toHaveResourceWithProperties(S3Bucket, { bucket: 'three-tier-tfstate-ap-northeast-2', lifecycle: { prevent_destroy: true } });
    expect(synthesized).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: 'Enabled' } });
    expect(synthesized).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms' }, bucket_key_enabled: true }],
    });
  });

  it('blocks all four kinds of public access', () => {
    expect(synthesized).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it('denies every request that is not over TLS', () => {
    const policy = JSON.parse(String(Object.values(resourcesOf(synthesized, 'aws_s3_bucket_policy'))[0].policy));
    expect(policy.Statement).toEqual([expect.objectContaining({ Effect: 'Deny', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]);
  });

  it('expires old noncurrent versions', () => {
    expect(synthesized).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      rule: [expect.objectContaining({ status: 'Enabled', noncurrent_version_expiration: [{ noncurrent_days: 90 }] })],
    });
  });

  it('outputs the bucket name', () => {
    expect(JSON.parse(synthesized).output.state_bucket_name.value).toMatch(/^\$\{aws_s3_bucket\..*\.bucket\}$/);
  });

  it('creates a DynamoDB lock table only when config asks for it', () => {
    expect(synthesized).not.toHaveResource(DynamodbTable);
    expect(synthState({ TT__state__dynamodbLockTable: 'true' })).toHaveResourceWithProperties(DynamodbTable, { hash_key: 'LockID', billing_mode: 'PAY_PER_REQUEST' });
  });
});

describe('environment stack backend and provider', () => {
  it('keeps state in S3 under <project>/<env>/terraform.tfstate, SSE-KMS (encrypt alone means SSE-S3) and S3 native locking', () => {
    const terraform = JSON.parse(synthEnvironment('prod')).terraform;
    expect(terraform.backend).toEqual({
      s3: {
        bucket: 'three-tier-tfstate-ap-northeast-2',
        key: 'three-tier/prod/terraform.tfstate',
        region: 'ap-northeast-2',
        encrypt: true,
        kms_key_id: 'alias/aws/s3',
        use_lockfile: true,
      },
    });
  });

  it('requires Terraform >= 1.10, which use_lockfile needs (older versions stop at init with an unknown argument)', () => {
    expect(JSON.parse(synthEnvironment('dev')).terraform.required_version).toBe('>= 1.10');
  });

  it('names the DynamoDB table in the backend when the lock table is on', () => {
    expect(JSON.parse(synthEnvironment('dev', { TT__state__dynamodbLockTable: 'true' })).terraform.backend.s3.dynamodb_table).toBe('three-tier-tfstate-ap-northeast-2-lock');
  });

  it('carries the default tags to what launch templates start (default_tags do not reach instances and volumes of an ASG or the bastion)', () => {
    const synthesized = synthEnvironment('dev', { TT__tags__CostCenter: 'web' });
    const expected = { Project: 'three-tier', Environment: 'dev', Production: 'false', ManagedBy: 'cdktf', CostCenter: 'web' };
    for (const template of Object.values(resourcesOf(synthesized, 'aws_launch_template'))) {
      const specifications = Array.isArray(template.tag_specifications) ? template.tag_specifications : [];
      expect(specifications.length).toBeGreaterThan(0);
      for (const specification of specifications) {
        expect(specification).toMatchObject({ tags: expected });
      }
    }
  });

  it('sets default_tags Project, Environment, Production (which the review reads) and ManagedBy', () => {
    expect(JSON.parse(synthEnvironment('dev', { TT__tags__CostCenter: 'web' })).provider.aws[0].default_tags).toEqual([
      { tags: { Project: 'three-tier', Environment: 'dev', Production: 'false', ManagedBy: 'cdktf', CostCenter: 'web' } },
    ]);
  });
});

describe('configured suppressions', () => {
  it('travel in cdk.tf.json beside the resources they name, with their reason', () => {
    const stack = environmentWithMetadata('dev', { TT__suppressions: '[{"id":"TT-VPC-002","address":"aws_vpc.","reason":"dev keeps no flow logs to save ingestion cost"}]' });
    const vpc = Object.values(resourcesOf(stack, 'aws_vpc'))[0];
    expect(vpc['//']).toEqual(expect.objectContaining({ review: { suppressions: [{ id: 'TT-VPC-002', reason: 'dev keeps no flow logs to save ingestion cost' }] } }));
  });

  it('reject an unknown rule id and a reason too short to check', () => {
    expect(() => synthEnvironment('dev', { TT__suppressions: '[{"id":"TT-NOPE-001","address":"aws_vpc.","reason":"a reason long enough"}]' })).toThrow(
      /suppressions\.0\.id: "TT-NOPE-001" is not a review rule; known: TT-PLAN-001, /,
    );
    expect(() => synthEnvironment('dev', { TT__suppressions: '[{"id":"TT-VPC-002","address":"aws_vpc.","reason":"because"}]' })).toThrow(
      'suppressions.0.reason: must say in at least 10 characters why the finding is acceptable',
    );
  });
});
