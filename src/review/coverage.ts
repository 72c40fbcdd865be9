import type { NotAnalysed } from './model';

/**
 * AWS resource types that a security rule or the network analysis reads. Every resource is also
 * scanned for literal secrets (TT-SEC-002) and priced where the price table knows it; that alone does
 * not count as analysed. A new rule reading a new type adds it here.
 */
export const ANALYSED_TYPES: ReadonlySet<string> = new Set([
  'aws_vpc',
  'aws_subnet',
  'aws_internet_gateway',
  'aws_nat_gateway',
  'aws_eip',
  'aws_eip_association',
  'aws_route_table',
  'aws_default_route_table',
  'aws_route',
  'aws_route_table_association',
  'aws_main_route_table_association',
  'aws_flow_log',
  'aws_security_group',
  'aws_default_security_group',
  'aws_security_group_rule',
  'aws_vpc_security_group_ingress_rule',
  'aws_vpc_security_group_egress_rule',
  'aws_instance',
  'aws_launch_template',
  'aws_autoscaling_group',
  'aws_ebs_volume',
  'aws_ebs_encryption_by_default',
  'aws_lb',
  'aws_alb',
  'aws_lb_listener',
  'aws_alb_listener',
  'aws_lb_target_group',
  'aws_alb_target_group',
  'aws_lb_target_group_attachment',
  'aws_autoscaling_attachment',
  'aws_elb',
  'aws_elb_attachment',
  'aws_launch_configuration',
  'aws_network_interface',
  'aws_network_interface_attachment',
  'aws_network_interface_sg_attachment',
  'aws_db_instance',
  'aws_db_subnet_group',
  'aws_rds_cluster',
  'aws_s3_bucket',
  'aws_s3_bucket_versioning',
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_policy',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_acl',
  'aws_s3_bucket_ownership_controls',
  'aws_s3_account_public_access_block',
  'aws_secretsmanager_secret',
  'aws_route53_zone',
  'aws_dynamodb_table',
  'aws_efs_file_system',
  // Read by the armour rules (src/review/rules/armour.ts).
  'aws_wafv2_web_acl_association',
  'aws_s3_bucket_lifecycle_configuration',
  'aws_cloudwatch_log_group',
]);

/**
 * AWS types that receive network traffic (an API endpoint, nodes, brokers, caches) but that the
 * reachability analysis does not model as components: while an input holds one, who reaches what is
 * not known in full, so the verdict is partial and "nothing accepts SSH" is not said.
 */
export const TRAFFIC_RECEIVING_TYPES: ReadonlySet<string> = new Set([
  'aws_eks_cluster',
  'aws_eks_node_group',
  'aws_ecs_service',
  'aws_elasticsearch_domain',
  'aws_opensearch_domain',
  'aws_redshift_cluster',
  'aws_elasticache_cluster',
  'aws_elasticache_replication_group',
  'aws_memorydb_cluster',
  'aws_mq_broker',
  'aws_msk_cluster',
  'aws_rds_cluster_instance',
  'aws_docdb_cluster_instance',
  'aws_neptune_cluster_instance',
  'aws_db_proxy',
  'aws_lambda_function_url',
  'aws_apigatewayv2_api',
  'aws_api_gateway_rest_api',
  'aws_lightsail_instance',
  'aws_spot_instance_request',
  'aws_spot_fleet_request',
  'aws_ec2_fleet',
  'aws_emr_cluster',
  'aws_transfer_server',
  'aws_sagemaker_notebook_instance',
  'aws_globalaccelerator_accelerator',
]);

/** The AWS provider, however a plan or stack names it. */
function isAws(provider: string | undefined, type: string): boolean {
  return provider === undefined ? type.startsWith('aws_') : /(^|\/)aws$/.test(provider.replace(/\.[\w-]+$/, '')) || provider === 'aws';
}

function tally(items: readonly string[]): { readonly name: string; readonly count: number }[] {
  const counts = new Map<string, number>();
  items.forEach((item) => counts.set(item, (counts.get(item) ?? 0) + 1));
  return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => a.name.localeCompare(b.name));
}

/** What of the input no analysis reads: other providers' resources, AWS types without analysis, unexpanded module calls. */
export function notAnalysedOf(resources: readonly { readonly type: string; readonly provider: string | undefined }[], moduleCalls: readonly string[]): NotAnalysed {
  const foreign = resources.filter((resource) => !isAws(resource.provider, resource.type));
  const unread = resources.filter((resource) => isAws(resource.provider, resource.type) && !ANALYSED_TYPES.has(resource.type));
  return {
    moduleCalls: [...moduleCalls].sort(),
    providers: tally(foreign.map((resource) => resource.provider ?? resource.type.split('_')[0])).map(({ name, count }) => ({ provider: name, resources: count })),
    resourceTypes: tally(unread.map((resource) => resource.type)).map(({ name, count }) => ({ type: name, resources: count })),
  };
}

/** Whether anything is left unread. */
export function isPartial(notAnalysed: NotAnalysed): boolean {
  return notAnalysed.moduleCalls.length + notAnalysed.providers.length + notAnalysed.resourceTypes.length > 0;
}

/** One line per kind of content not analysed, for every report format. */
export function describeNotAnalysed(notAnalysed: NotAnalysed): readonly string[] {
  const lines: string[] = [];
  if (notAnalysed.moduleCalls.length > 0) {
    lines.push(`module calls not expanded (review a plan of the stack to see their resources): ${notAnalysed.moduleCalls.join(', ')}`);
  }
  if (notAnalysed.providers.length > 0) {
    lines.push(`resources of other providers: ${notAnalysed.providers.map((entry) => `${entry.provider} (${entry.resources})`).join(', ')}`);
  }
  if (notAnalysed.resourceTypes.length > 0) {
    lines.push(`AWS resource types no rule reads (only scanned for literal secrets and priced): ${notAnalysed.resourceTypes.map((entry) => `${entry.type} (${entry.resources})`).join(', ')}`);
  }
  return lines;
}
