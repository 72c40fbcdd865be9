import { resourcesOf, synthEnvironment, synthState } from '../support/stacks';

/** Types that take no tags in the AWS provider (or, for the ASG, tag through `tag` blocks). */
const UNTAGGABLE = new Set([
  'aws_route',
  'aws_route_table_association',
  'aws_iam_role_policy',
  'aws_iam_role_policy_attachment',
  'aws_autoscaling_policy',
  'aws_autoscaling_schedule',
  'aws_scheduler_schedule',
  'aws_route53_record',
  'aws_acm_certificate_validation',
  'aws_s3_bucket_versioning',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_ownership_controls',
  'aws_s3_bucket_policy',
  'aws_s3_bucket_lifecycle_configuration',
  'aws_kms_alias',
  'aws_wafv2_web_acl_association',
  'aws_wafv2_web_acl_logging_configuration',
  'aws_cloudwatch_dashboard',
  'aws_sns_topic_policy',
  'aws_sns_topic_subscription',
]);

/** The ASG's Name comes from its `tag` blocks; every other type's from `tags`. */
function nameTag(type: string, resource: Record<string, unknown>): unknown {
  if (type !== 'aws_autoscaling_group') {
    return typeof resource.tags === 'object' && resource.tags !== null && 'Name' in resource.tags ? resource.tags.Name : undefined;
  }
  const blocks = Array.isArray(resource.tag) ? resource.tag : [];
  return blocks.find((block: unknown) => typeof block === 'object' && block !== null && 'key' in block && block.key === 'Name')?.value;
}

function untagged(synthesized: string, name: RegExp): string[] {
  const parsed: unknown = JSON.parse(synthesized);
  const types = typeof parsed === 'object' && parsed !== null && 'resource' in parsed && typeof parsed.resource === 'object' && parsed.resource !== null ? Object.keys(parsed.resource) : [];
  return types
    .filter((type) => !UNTAGGABLE.has(type))
    .flatMap((type) =>
      Object.entries(resourcesOf(synthesized, type))
        .filter(([, resource]) => {
          const tag = nameTag(type, resource);
          return !(typeof tag === 'string' && name.test(tag));
        })
        .map(([address]) => `${type}.${address}`),
    );
}

describe('every taggable resource has a Name tag <project>-<env>-<role>[-<az>]', () => {
  it.each([
    ['dev', synthEnvironment('dev', { TT__loadBalancing__accessLogs: 'true' })],
    ['prod', synthEnvironment('prod')],
    ['dev, shared ALB', synthEnvironment('dev', { TT__loadBalancing__topology: 'shared' })],
    [
      'dev, no NAT',
      synthEnvironment('dev', {
        TT__network__natMode: 'none',
        TT__frontend__image: '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/web:1',
        TT__backend__image: '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/api:1',
      }),
    ],
  ])('%s', (environment, synthesized) => {
    expect(untagged(synthesized, new RegExp(`^three-tier-${environment.split(',')[0]}-[a-z0-9-]+$`))).toEqual([]);
  });

  it('state (named after the bucket)', () => {
    expect(untagged(synthState({ TT__state__dynamodbLockTable: 'true' }), /^three-tier-tfstate-ap-northeast-2(-lock)?$/)).toEqual([]);
  });
});
