import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import type { Construct } from 'constructs';

/** A bucket-policy statement that denies every request not made over TLS. */
export function tlsOnlyStatement(bucketArn: string): Record<string, unknown> {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/** All four public-access blocks, and ACLs disabled (the bucket owner owns every object). */
export function keepBucketPrivate(scope: Construct, bucketId: string): void {
  new S3BucketPublicAccessBlock(scope, 'public-access-block', {
    bucket: bucketId,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(scope, 'ownership', { bucket: bucketId, rule: { objectOwnership: 'BucketOwnerEnforced' } });
}
