/**
 * The Checkov checks this project maps to or excepts, with the resource types each reports on and
 * whether it is a graph (YAML) check. The two kinds name a resource differently in Checkov 3.3's
 * `terraform_json` runner, so a baseline must too: a Python check's record says `resource.<name>`
 * (runner.py: `f"{block_type}.{entity_name}"`), a graph check's says `<type>.<name>` (the graph
 * vertex id). Checked against bridgecrewio/checkov `checkov/terraform_json/runner.py` and
 * `checkov/common/output/baseline.py`, which matches a baseline entry by resource and check id only,
 * not by file.
 */
export interface CheckovCheck {
  readonly title: string;
  /** Terraform resource types the check reports on. */
  readonly types: readonly string[];
  /** A graph check (`checkov/terraform/checks/graph_checks/aws/*.yaml`). */
  readonly graph: boolean;
}

const LBS = ['aws_lb', 'aws_alb'];
const LISTENERS = ['aws_lb_listener', 'aws_alb_listener'];
const SG_RULES = ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule'];

export const CHECKOV_CHECKS: Readonly<Record<string, CheckovCheck>> = {
  CKV_AWS_2: { title: 'ALB listener uses HTTPS', types: LISTENERS, graph: false },
  CKV_AWS_103: { title: 'Load balancer listener uses TLS 1.2', types: LISTENERS, graph: false },
  CKV2_AWS_74: { title: 'Load balancers use strong ciphers', types: LISTENERS, graph: true },
  CKV2_AWS_20: { title: 'ALB redirects HTTP requests into HTTPS ones', types: LBS, graph: true },
  CKV2_AWS_28: { title: 'Public facing ALB is protected by WAF', types: LBS, graph: true },
  CKV_AWS_91: { title: 'ELBv2 has access logging enabled', types: LBS, graph: false },
  CKV_AWS_131: { title: 'ALB drops HTTP headers', types: LBS, graph: false },
  CKV_AWS_150: { title: 'Load balancer has deletion protection enabled', types: LBS, graph: false },
  CKV_AWS_378: { title: 'Load balancer target group does not use HTTP', types: ['aws_lb_target_group', 'aws_alb_target_group'], graph: false },
  CKV_AWS_79: { title: 'Instance metadata service v1 is not enabled', types: ['aws_instance', 'aws_launch_template', 'aws_launch_configuration'], graph: false },
  CKV_AWS_341: { title: 'Launch template metadata response hop limit is 1', types: ['aws_launch_template', 'aws_launch_configuration'], graph: false },
  CKV_AWS_88: { title: 'EC2 instance does not have a public IP', types: ['aws_instance', 'aws_launch_template'], graph: false },
  CKV_AWS_135: { title: 'EC2 instance is EBS optimized', types: ['aws_instance'], graph: false },
  CKV_AWS_8: { title: 'Launch configuration / instance EBS encrypted', types: ['aws_instance', 'aws_launch_configuration'], graph: false },
  CKV_AWS_3: { title: 'EBS volumes are encrypted', types: ['aws_ebs_volume'], graph: false },
  CKV2_AWS_2: { title: 'Only encrypted EBS volumes are attached to EC2 instances', types: ['aws_volume_attachment'], graph: true },
  CKV_AWS_46: { title: 'No hard-coded secrets in EC2 user data', types: ['aws_instance', 'aws_launch_template', 'aws_launch_configuration'], graph: false },
  CKV2_AWS_19: { title: 'EIPs allocated to a VPC are attached to EC2 instances', types: ['aws_eip'], graph: true },
  CKV_AWS_130: { title: 'VPC subnets do not assign public IPs by default', types: ['aws_subnet'], graph: false },
  CKV2_AWS_11: { title: 'VPC flow logging is enabled in all VPCs', types: ['aws_vpc'], graph: true },
  CKV2_AWS_12: { title: 'The default security group of every VPC restricts all traffic', types: ['aws_vpc'], graph: true },
  CKV_AWS_23: { title: 'Every security group and rule has a description', types: [...SG_RULES, 'aws_vpc_security_group_egress_rule'], graph: false },
  CKV_AWS_24: { title: 'No security group allows ingress from 0.0.0.0/0 to port 22', types: SG_RULES, graph: false },
  CKV_AWS_25: { title: 'No security group allows ingress from 0.0.0.0/0 to port 3389', types: SG_RULES, graph: false },
  CKV_AWS_260: { title: 'No security group allows ingress from 0.0.0.0/0 to port 80', types: SG_RULES, graph: false },
  CKV_AWS_277: { title: 'No security group allows ingress from 0.0.0.0/0 to port -1', types: SG_RULES, graph: false },
  CKV_AWS_16: { title: 'RDS database is encrypted at rest', types: ['aws_db_instance'], graph: false },
  CKV_AWS_17: { title: 'RDS instance is not publicly accessible', types: ['aws_db_instance'], graph: false },
  CKV_AWS_133: { title: 'RDS instances have backup policy', types: ['aws_db_instance'], graph: false },
  CKV_AWS_157: { title: 'RDS instances have Multi-AZ enabled', types: ['aws_db_instance'], graph: false },
  CKV_AWS_293: { title: 'RDS instances have deletion protection', types: ['aws_db_instance'], graph: false },
  CKV_AWS_118: { title: 'RDS instances have enhanced monitoring', types: ['aws_db_instance'], graph: false },
  CKV_AWS_161: { title: 'RDS database has IAM authentication enabled', types: ['aws_db_instance'], graph: false },
  CKV_AWS_353: { title: 'RDS instances have Performance Insights enabled', types: ['aws_db_instance'], graph: false },
  CKV_AWS_354: { title: 'RDS Performance Insights are encrypted using KMS CMKs', types: ['aws_db_instance'], graph: false },
  CKV_AWS_21: { title: 'S3 bucket has versioning enabled', types: ['aws_s3_bucket'], graph: false },
  CKV_AWS_18: { title: 'S3 bucket has access logging enabled', types: ['aws_s3_bucket'], graph: false },
  CKV_AWS_144: { title: 'S3 bucket has cross-region replication enabled', types: ['aws_s3_bucket'], graph: false },
  CKV_AWS_145: { title: 'S3 buckets are encrypted with KMS by default', types: ['aws_s3_bucket'], graph: false },
  CKV_AWS_19: { title: 'S3 bucket data is encrypted at rest', types: ['aws_s3_bucket'], graph: false },
  CKV2_AWS_6: { title: 'S3 bucket has a public access block', types: ['aws_s3_bucket'], graph: true },
  CKV2_AWS_62: { title: 'S3 buckets have event notifications enabled', types: ['aws_s3_bucket'], graph: true },
  CKV_AWS_53: { title: 'S3 bucket has block public ACLs enabled', types: ['aws_s3_bucket_public_access_block'], graph: false },
  CKV_AWS_54: { title: 'S3 bucket has block public policy enabled', types: ['aws_s3_bucket_public_access_block'], graph: false },
  CKV_AWS_55: { title: 'S3 bucket has ignore public ACLs enabled', types: ['aws_s3_bucket_public_access_block'], graph: false },
  CKV_AWS_56: { title: 'S3 bucket has restrict public buckets enabled', types: ['aws_s3_bucket_public_access_block'], graph: false },
  CKV_AWS_300: { title: 'S3 lifecycle configuration sets a period for aborting failed uploads', types: ['aws_s3_bucket_lifecycle_configuration'], graph: false },
  CKV_AWS_158: { title: 'CloudWatch log group is encrypted by KMS', types: ['aws_cloudwatch_log_group'], graph: false },
  CKV_AWS_338: { title: 'CloudWatch log groups retain logs for at least 1 year', types: ['aws_cloudwatch_log_group'], graph: false },
  CKV2_AWS_38: { title: 'Route 53 public zones have DNSSEC signing enabled', types: ['aws_route53_zone'], graph: true },
  CKV2_AWS_39: { title: 'Route 53 public zones have DNS query logging enabled', types: ['aws_route53_zone'], graph: true },
  CKV_AWS_297: { title: 'EventBridge Scheduler schedule uses a customer managed key', types: ['aws_scheduler_schedule'], graph: false },
  CKV_AWS_319: { title: 'CloudWatch alarm actions are enabled', types: ['aws_cloudwatch_metric_alarm'], graph: false },
};

/** True for an id of the Checkov Terraform AWS checks (CKV_AWS_n, CKV2_AWS_n). */
export function isCheckovId(id: string): boolean {
  return /^CKV2?_AWS_\d+$/.test(id);
}

/** The Checkov ids among a rule's peers that report on this resource type. */
export function checkovIdsFor(peers: readonly string[], resourceType: string): readonly string[] {
  return peers.filter((peer) => CHECKOV_CHECKS[peer]?.types.includes(resourceType) === true);
}

/** How a record of this check names the resource in the `terraform_json` runner. */
export function checkovResourceName(checkId: string, type: string, name: string): string {
  const check = CHECKOV_CHECKS[checkId];
  return check?.graph === true || (check === undefined && checkId.startsWith('CKV2_')) ? `${type}.${name}` : `resource.${name}`;
}
