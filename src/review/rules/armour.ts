import { block, blocks, bool, num, str } from '../json';
import { displayName, ofType, referrers, type Model, type Resource } from '../model';
import type { Rule, Violation } from './types';

function internetFacingAlbs(model: Model): readonly Resource[] {
  return ofType(model, 'aws_lb', 'aws_alb').filter((lb) => (str(lb.values.load_balancer_type) ?? 'application') === 'application' && bool(lb.values.internal) !== true);
}

export const albWaf: Rule = {
  id: 'TT-ALB-007',
  title: 'Internet-facing ALB behind AWS WAF (production)',
  severity: 'error',
  fix: 'Associate an AWS WAF web ACL with AWS managed rule groups and a rate-based rule (aws_wafv2_web_acl_association; here: waf.enabled = true).',
  peers: ['CKV2_AWS_28', 'NIST.800.53.R5-ALBWAFEnabled'],
  check: ({ model, production }) =>
    internetFacingAlbs(model)
      .filter((lb) => referrers(model, lb, 'resource_arn', 'aws_wafv2_web_acl_association').length === 0)
      .map((lb): Violation => ({ address: lb.address, severity: production ? 'error' : 'info', message: `${displayName(lb)} faces the internet with no web ACL: no managed rules, no rate limit` })),
};

/** A value as JSON text, written once per resource and attribute: asked once per public subnet. */
const valueTexts = new WeakMap<Resource, Map<string, string>>();
function valueText(resource: Resource, attribute: string): string {
  const texts = valueTexts.get(resource) ?? new Map<string, string>();
  valueTexts.set(resource, texts);
  const text = texts.get(attribute) ?? JSON.stringify(resource.values[attribute] ?? null);
  texts.set(attribute, text);
  return text;
}

/** Instances and groups launched into a subnet that take their public address from it. */
function reliesOnAutoAssignment(model: Model, subnet: Resource): boolean {
  const inSubnet = (resource: Resource, attribute: string): boolean => valueText(resource, attribute).includes(`${subnet.address}.`);
  const instances = ofType(model, 'aws_instance').filter(
    (instance) => inSubnet(instance, 'subnet_id') && instance.values.associate_public_ip_address === undefined && referrers(model, instance, 'instance', 'aws_eip').length === 0,
  );
  const groups = ofType(model, 'aws_autoscaling_group').filter((asg) => inSubnet(asg, 'vpc_zone_identifier'));
  const templates = ofType(model, 'aws_launch_template');
  const groupRelies = groups.some((asg) => {
    const template = templates.find((candidate) => JSON.stringify(block(asg.values, 'launch_template') ?? null).includes(`${candidate.address}.`));
    return bool(block(template?.values, 'network_interfaces')?.associate_public_ip_address) === undefined;
  });
  return instances.length > 0 || groupRelies;
}

export const publicIpAutoAssignment: Rule = {
  id: 'TT-VPC-003',
  title: 'Public subnets assign public IPs only when something relies on it',
  severity: 'warning',
  fix: 'Set map_public_ip_on_launch = false and give the instances that need an address an Elastic IP or associate_public_ip_address explicitly.',
  peers: ['CKV_AWS_130'],
  check: ({ model, topology }) =>
    topology.subnets
      .filter((subnet) => subnet.tier === 'public' && subnet.mapPublicIp)
      .filter((subnet) => {
        const resource = model.byAddress.get(subnet.address);
        return resource !== undefined && !reliesOnAutoAssignment(model, resource);
      })
      .map((subnet) => ({ address: subnet.address, message: `${subnet.name} gives every instance launched in it a public IP although nothing here relies on it` })),
};

/** Checkov's reading (CKV_AWS_300): an enabled rule that aborts uploads, with no filter or an empty one. */
function abortsIncompleteUploads(lifecycle: Resource): boolean {
  return blocks(lifecycle.values, 'rule').some((rule) => {
    const filter = block(rule, 'filter');
    // A plan writes the empty filter out in full: `prefix = ""`, `and = []`, `tag = []`, sizes null.
    const wholeBucket = filter === undefined || Object.values(filter).every((value) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0));
    return str(rule.status) === 'Enabled' && num(block(rule, 'abort_incomplete_multipart_upload')?.days_after_initiation) !== undefined && wholeBucket;
  });
}

export const s3AbortMultipart: Rule = {
  id: 'TT-S3-005',
  title: 'S3 lifecycle aborts incomplete multipart uploads',
  severity: 'warning',
  fix: 'Add a lifecycle rule with status Enabled, an empty filter (the whole bucket) and abort_incomplete_multipart_upload { days_after_initiation = 1 }: unfinished parts are billed until aborted.',
  peers: ['CKV_AWS_300'],
  check: ({ model }) =>
    ofType(model, 'aws_s3_bucket_lifecycle_configuration')
      .filter((lifecycle) => !abortsIncompleteUploads(lifecycle))
      .map((lifecycle) => ({ address: lifecycle.address, message: `${displayName(lifecycle)} never aborts incomplete multipart uploads for the whole bucket` })),
};

export const logGroupEncryption: Rule = {
  id: 'TT-LOG-001',
  title: 'Log groups encrypted with a customer managed KMS key (production)',
  severity: 'warning',
  fix: 'Set kms_key_id to a customer managed key whose policy lets logs.<region>.amazonaws.com use it (here: encryption.customerKey = true).',
  peers: ['CKV_AWS_158'],
  check: ({ model, production }) =>
    ofType(model, 'aws_cloudwatch_log_group')
      .filter((group) => str(group.values.kms_key_id) === undefined)
      .map((group): Violation => ({
        address: group.address,
        severity: production ? 'warning' : 'info',
        message: `${displayName(group)} is encrypted with CloudWatch's own key: no key policy or CloudTrail record governs reading it`,
      })),
};
