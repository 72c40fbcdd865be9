import { block, blocks, bool, str, type JsonObject } from '../json';
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

/** Canned ACLs that grant to everyone, or to every AWS account (AuthenticatedUsers: anyone with an account). */
const PUBLIC_CANNED_ACLS: Readonly<Record<string, string>> = {
  'public-read': 'read to everyone',
  'public-read-write': 'read and write to everyone',
  'authenticated-read': 'read to every AWS account',
};

const PUBLIC_GRANTEES: Readonly<Record<string, string>> = {
  'http://acs.amazonaws.com/groups/global/AllUsers': 'everyone',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers': 'every AWS account',
};

/** What a grant gives whom, when it grants to the public groups. */
function publicGrant(grant: JsonObject): string | undefined {
  const grantee = block(grant, 'grantee') ?? grant;
  const who = PUBLIC_GRANTEES[str(grantee.uri) ?? ''];
  if (who === undefined) {
    return undefined;
  }
  const permissions = [str(grant.permission), ...(Array.isArray(grant.permissions) ? grant.permissions.map(str) : [])].filter((permission): permission is string => permission !== undefined);
  return `${permissions.join(', ') || 'access'} to ${who}`;
}

/** The public grants a bucket's ACLs make: its own `acl` and `grant`, and its `aws_s3_bucket_acl` companions. */
function publicAcls(model: Model, bucket: Resource): readonly string[] {
  const canned = (owner: string, acl: unknown): string[] => {
    const grants = PUBLIC_CANNED_ACLS[str(acl) ?? ''];
    return grants === undefined ? [] : [`${owner} acl = "${String(acl)}" grants ${grants}`];
  };
  const own = [
    ...canned(bucket.address, bucket.values.acl),
    ...blocks(bucket.values, 'grant')
      .flatMap((grant) => publicGrant(grant) ?? [])
      .map((grant) => `${bucket.address} grants ${grant}`),
  ];
  const separate = companions(model, bucket, 'aws_s3_bucket_acl').flatMap((acl) => [
    ...canned(acl.address, acl.values.acl),
    ...blocks(block(acl.values, 'access_control_policy'), 'grant')
      .flatMap((grant) => publicGrant(grant) ?? [])
      .map((grant) => `${acl.address} grants ${grant}`),
  ]);
  return [...own, ...separate];
}

/** Why S3 ignores or refuses a bucket's public ACLs: its or the account's public access block, or ACLs turned off by object ownership. */
function aclsNeutralised(model: Model, bucket: Resource): { readonly why: string; readonly applyFails: boolean } | undefined {
  const blockers = [...companions(model, bucket, 'aws_s3_bucket_public_access_block'), ...ofType(model, 'aws_s3_account_public_access_block')];
  const ignoring = blockers.find((blocker) => bool(blocker.values.ignore_public_acls) === true);
  if (ignoring !== undefined) {
    return { why: `${ignoring.address} sets ignore_public_acls, so S3 ignores them`, applyFails: false };
  }
  const refusing = blockers.find((blocker) => bool(blocker.values.block_public_acls) === true);
  if (refusing !== undefined) {
    return { why: `${refusing.address} sets block_public_acls, so S3 refuses them and the apply fails`, applyFails: true };
  }
  const enforced = companions(model, bucket, 'aws_s3_bucket_ownership_controls').find((controls) => blocks(controls.values, 'rule').some((rule) => rule.object_ownership === 'BucketOwnerEnforced'));
  return enforced === undefined ? undefined : { why: `${enforced.address} sets BucketOwnerEnforced, which turns ACLs off: S3 refuses a public one and the apply fails`, applyFails: true };
}

export const s3PublicAcl: Rule = {
  id: 'TT-S3-006',
  title: 'S3 bucket ACLs grant nothing to the public',
  severity: 'error',
  fix: 'Remove the public ACL (acl = "private", or no grant to AllUsers / AuthenticatedUsers), keep aws_s3_bucket_ownership_controls at BucketOwnerEnforced, and serve public content through CloudFront with origin access control.',
  peers: ['CKV_AWS_20', 'CKV_AWS_57', 'NIST.800.53.R5-S3BucketPublicReadProhibited', 'NIST.800.53.R5-S3BucketPublicWriteProhibited'],
  check: ({ model }) =>
    ofType(model, 'aws_s3_bucket').flatMap((bucket): Violation[] => {
      const grants = publicAcls(model, bucket);
      if (grants.length === 0) {
        return [];
      }
      const neutralised = aclsNeutralised(model, bucket);
      return neutralised === undefined
        ? [{ address: bucket.address, message: `${weight(model, bucket).kind} ${displayName(bucket)} is public: ${grants.join('; ')}` }]
        : [
            {
              address: bucket.address,
              severity: neutralised.applyFails ? 'warning' : 'info',
              message: `${weight(model, bucket).kind} ${displayName(bucket)} has a public ACL (${grants.join('; ')}), but ${neutralised.why}`,
            },
          ];
    }),
};
