/** The Checkov checks this project maps to or excepts, with the resource types each reports on. */
export interface CheckovCheck {
  readonly title: string;
  /** Terraform resource types the check reports on. */
  readonly types: readonly string[];
}

const LBS = ['aws_lb', 'aws_alb'];
const LISTENERS = ['aws_lb_listener', 'aws_alb_listener'];
const SG_RULES = ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule'];

export const CHECKOV_CHECKS: Readonly<Record<string, CheckovCheck>> = {
  CKV_AWS_2: { title: 'ALB listener uses HTTPS', types: LISTENERS },
  CKV_AWS_103: { title: 'Load balancer listener uses TLS 1.2', types: LISTENERS },
  CKV2_AWS_74: { title: 'Load balancers use strong ciphers', types: LISTENERS },
  CKV2_AWS_20: { title: 'ALB redirects HTTP requests into HTTPS ones', types: LBS },
  CKV2_AWS_28: { title: 'Public facing ALB is protected by WAF', types: LBS },
  CKV_AWS_91: { title: 'ELBv2 has access logging enabled', types: LBS },
  CKV_AWS_131: { title: 'ALB drops HTTP headers', types: LBS },
  CKV_AWS_150: { title: 'Load balancer has deletion protection enabled', types: LBS },
  CKV_AWS_378: { title: 'Load balancer target group does not use HTTP', types: ['aws_lb_target_group', 'aws_alb_target_group'] },
  CKV_AWS_79: { title: 'Instance metadata service v1 is not enabled', types: ['aws_instance', 'aws_launch_template', 'aws_launch_configuration'] },
  CKV_AWS_341: { title: 'Launch template metadata response hop limit is 1', types: ['aws_launch_template', 'aws_launch_configuration'] },
  CKV_AWS_88: { title: 'EC2 instance does not have a public IP', types: ['aws_instance', 'aws_launch_template'] },
  CKV_AWS_135: { title: 'EC2 instance is EBS optimized', types: ['aws_instance'] },
  CKV_AWS_8: { title: 'Launch configuration / instance EBS encrypted', types: ['aws_instance', 'aws_launch_configuration'] },
  CKV_AWS_3: { title: 'EBS volumes are encrypted', types: ['aws_ebs_volume'] },
  CKV2_AWS_2: { title: 'Only encrypted EBS volumes are attached to EC2 instances', types: ['aws_volume_attachment'] },
  CKV_AWS_46: { title: 'No hard-coded secrets in EC2 user data', types: ['aws_instance', 'aws_launch_template', 'aws_launch_configuration'] },
  CKV2_AWS_19: { title: 'EIPs allocated to a VPC are attached to EC2 instances', types: ['aws_eip'] },
  CKV_AWS_130: { title: 'VPC subnets do not assign public IPs by default', types: ['aws_subnet'] },
  CKV2_AWS_11: { title: 'VPC flow logging is enabled in all VPCs', types: ['aws_vpc'] },
  CKV2_AWS_12: { title: 'The default security group of every VPC restricts all traffic', types: ['aws_vpc'] },
  CKV_AWS_23: { title: 'Every security group and rule has a description', types: [...SG_RULES, 'aws_vpc_security_group_egress_rule'] },
  CKV_AWS_24: { title: 'No security group allows ingress from 0.0.0.0/0 to port 22', types: SG_RULES },
  CKV_AWS_25: { title: 'No security group allows ingress from 0.0.0.0/0 to port 3389', types: SG_RULES },
  CKV_AWS_260: { title: 'No security group allows ingress from 0.0.0.0/0 to port 80', types: SG_RULES },
  CKV_AWS_277: { title: 'No security group allows ingress from 0.0.0.0/0 to port -1', types: SG_RULES },
  CKV_AWS_16: { title: 'RDS database is encrypted at rest', types: ['aws_db_instance'] },
  CKV_AWS_17: { title: 'RDS instance is not publicly accessible', types: ['aws_db_instance'] },
  CKV_AWS_133: { title: 'RDS instances have backup policy', types: ['aws_db_instance'] },
  CKV_AWS_157: { title: 'RDS instances have Multi-AZ enabled', types: ['aws_db_instance'] },
  CKV_AWS_293: { title: 'RDS instances have deletion protection', types: ['aws_db_instance'] },
  CKV_AWS_118: { title: 'RDS instances have enhanced monitoring', types: ['aws_db_instance'] },
  CKV_AWS_161: { title: 'RDS database has IAM authentication enabled', types: ['aws_db_instance'] },
  CKV_AWS_353: { title: 'RDS instances have Performance Insights enabled', types: ['aws_db_instance'] },
  CKV_AWS_354: { title: 'RDS Performance Insights are encrypted using KMS CMKs', types: ['aws_db_instance'] },
  CKV_AWS_21: { title: 'S3 bucket has versioning enabled', types: ['aws_s3_bucket'] },
  CKV_AWS_18: { title: 'S3 bucket has access logging enabled', types: ['aws_s3_bucket'] },
  CKV_AWS_144: { title: 'S3 bucket has cross-region replication enabled', types: ['aws_s3_bucket'] },
  CKV_AWS_145: { title: 'S3 buckets are encrypted with KMS by default', types: ['aws_s3_bucket'] },
  CKV_AWS_19: { title: 'S3 bucket data is encrypted at rest', types: ['aws_s3_bucket'] },
  CKV2_AWS_6: { title: 'S3 bucket has a public access block', types: ['aws_s3_bucket'] },
  CKV2_AWS_62: { title: 'S3 buckets have event notifications enabled', types: ['aws_s3_bucket'] },
  CKV_AWS_53: { title: 'S3 bucket has block public ACLs enabled', types: ['aws_s3_bucket_public_access_block'] },
  CKV_AWS_54: { title: 'S3 bucket has block public policy enabled', types: ['aws_s3_bucket_public_access_block'] },
  CKV_AWS_55: { title: 'S3 bucket has ignore public ACLs enabled', types: ['aws_s3_bucket_public_access_block'] },
  CKV_AWS_56: { title: 'S3 bucket has restrict public buckets enabled', types: ['aws_s3_bucket_public_access_block'] },
  CKV_AWS_300: { title: 'S3 lifecycle configuration sets a period for aborting failed uploads', types: ['aws_s3_bucket_lifecycle_configuration'] },
  CKV_AWS_158: { title: 'CloudWatch log group is encrypted by KMS', types: ['aws_cloudwatch_log_group'] },
  CKV_AWS_338: { title: 'CloudWatch log groups retain logs for at least 1 year', types: ['aws_cloudwatch_log_group'] },
  CKV2_AWS_38: { title: 'Route 53 public zones have DNSSEC signing enabled', types: ['aws_route53_zone'] },
  CKV2_AWS_39: { title: 'Route 53 public zones have DNS query logging enabled', types: ['aws_route53_zone'] },
  CKV_AWS_297: { title: 'EventBridge Scheduler schedule uses a customer managed key', types: ['aws_scheduler_schedule'] },
  CKV_AWS_319: { title: 'CloudWatch alarm actions are enabled', types: ['aws_cloudwatch_metric_alarm'] },
};

/** True for an id of the Checkov Terraform AWS checks (CKV_AWS_n, CKV2_AWS_n). */
export function isCheckovId(id: string): boolean {
  return /^CKV2?_AWS_\d+$/.test(id);
}

/** The Checkov ids among a rule's peers that report on this resource type. */
export function checkovIdsFor(peers: readonly string[], resourceType: string): readonly string[] {
  return peers.filter((peer) => CHECKOV_CHECKS[peer]?.types.includes(resourceType) === true);
}

/**
 * The Checkov release the baselines synth writes are named for: the one CI installs and these
 * machines run (`checkovResourceName` knows the releases that name differently).
 */
export const CHECKOV_VERSION = '3.3.13';

/** The first Checkov release with the `terraform_json` framework (bridgecrewio/checkov#4626). */
export const TERRAFORM_JSON_SINCE = '2.3.74';

/**
 * The CKV_AWS checks Checkov 3.3.13 implements as graph (YAML) checks, under
 * `checkov/terraform/checks/graph_checks/aws/`; every other CKV_AWS check is a Python check under
 * `checkov/terraform/checks/resource/aws/`.
 */
export const GRAPH_CKV_AWS: ReadonlySet<string> = new Set(['CKV_AWS_18', 'CKV_AWS_19', 'CKV_AWS_20', 'CKV_AWS_21', 'CKV_AWS_57', 'CKV_AWS_103', 'CKV_AWS_144', 'CKV_AWS_145', 'CKV_AWS_378']);

/** The CKV2_AWS checks that are Python checks nonetheless (every other CKV2_AWS check is a graph check). */
export const PYTHON_CKV2_AWS: ReadonlySet<string> = new Set(['CKV2_AWS_70']);

/**
 * Checks that changed kind within the terraform_json framework's lifetime: a Python check before
 * this release, a graph check from it on. CKV_AWS_378 came as a Python check in 3.2.256 and became
 * `graph_checks/aws/LBTargetGroup.yaml` in 3.2.327 (bridgecrewio/checkov#6875); the other graph
 * CKV_AWS checks were converted in 2.0.967 to 2.1.160, before terraform_json existed.
 */
export const GRAPH_SINCE: Readonly<Record<string, string>> = { CKV_AWS_378: '3.2.327' };

/** Compares two dotted release numbers (`3.2.327` < `3.3.13`) numerically. */
export function compareVersions(a: string, b: string): number {
  const parse = (version: string): number[] => {
    if (!/^\d+(\.\d+)*$/.test(version)) {
      throw new Error(`"${version}" is not a Checkov release number such as ${CHECKOV_VERSION}`);
    }
    return version.split('.').map(Number);
  };
  const [left, right] = [parse(a), parse(b)];
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) {
      return Math.sign(difference);
    }
  }
  return 0;
}

/** Whether Checkov `version` runs this check as a graph check. */
export function isGraphCheck(checkId: string, version = CHECKOV_VERSION): boolean {
  const since = GRAPH_SINCE[checkId];
  if (since !== undefined && compareVersions(version, since) < 0) {
    return false;
  }
  return checkId.startsWith('CKV2_') ? !PYTHON_CKV2_AWS.has(checkId) : GRAPH_CKV_AWS.has(checkId);
}

/**
 * How a record of this check names the resource in Checkov's `terraform_json` runner, which is also
 * the name a baseline entry must carry (`checkov/common/output/baseline.py` matches an entry by
 * resource and check id, never by file). A Python check's record says `resource.<name>` (the runner's
 * `f"{block_type}.{entity_name}"`, block type `resource`, no resource type); a graph check's says
 * `<type>.<name>` (the graph vertex id). Read in `checkov/terraform_json/runner.py` of every release
 * from 2.3.74 to 3.3.13.
 */
export function checkovResourceName(checkId: string, type: string, name: string, version = CHECKOV_VERSION): string {
  if (compareVersions(version, TERRAFORM_JSON_SINCE) < 0) {
    throw new Error(`Checkov ${version} has no terraform_json framework (it came in ${TERRAFORM_JSON_SINCE}): it cannot scan cdk.tf.json`);
  }
  return isGraphCheck(checkId, version) ? `${type}.${name}` : `resource.${name}`;
}
