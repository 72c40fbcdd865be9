import { isArray, isObject, type JsonObject } from '../json';

/**
 * Attributes whose change makes Terraform destroy and re-create the resource (`ForceNew` in
 * hashicorp/aws 5.x), for the types these stacks synthesize. A plan says so itself
 * (`replace_paths`); this table stands in when two synthesized stacks are compared. Nested
 * attributes are written `block.attribute`. `terraform providers schema -json` does not carry
 * ForceNew, so the table was written from the provider's resource docs ("forces new resource")
 * and checked against the `replace_paths` of offline plans (`__tests__/change/real-plan.test.ts`).
 */
export const FORCE_NEW: Readonly<Record<string, readonly string[]>> = {
  aws_vpc: ['cidr_block', 'ipv4_ipam_pool_id'],
  aws_subnet: ['vpc_id', 'cidr_block', 'availability_zone', 'availability_zone_id', 'outpost_arn'],
  aws_eip: ['domain', 'network_border_group', 'public_ipv4_pool', 'address', 'customer_owned_ipv4_pool'],
  aws_nat_gateway: ['allocation_id', 'subnet_id', 'connectivity_type', 'private_ip'],
  aws_route_table: ['vpc_id'],
  aws_route: ['route_table_id', 'destination_cidr_block', 'destination_ipv6_cidr_block', 'destination_prefix_list_id'],
  aws_route_table_association: ['subnet_id', 'gateway_id'],
  aws_vpc_endpoint: ['vpc_id', 'service_name', 'vpc_endpoint_type'],
  aws_security_group: ['name', 'name_prefix', 'description', 'vpc_id'],
  aws_vpc_security_group_ingress_rule: ['security_group_id'],
  aws_vpc_security_group_egress_rule: ['security_group_id'],
  aws_security_group_rule: ['type', 'from_port', 'to_port', 'protocol', 'cidr_blocks', 'ipv6_cidr_blocks', 'prefix_list_ids', 'security_group_id', 'source_security_group_id', 'self'],
  aws_instance: [
    'ami',
    'availability_zone',
    'subnet_id',
    'key_name',
    'private_ip',
    'associate_public_ip_address',
    'placement_group',
    'host_id',
    'tenancy',
    'ebs_block_device',
    'ephemeral_block_device',
    'network_interface',
    'ipv6_address_count',
    'security_groups',
    'root_block_device.encrypted',
    'root_block_device.kms_key_id',
  ],
  aws_eip_association: ['allocation_id', 'instance_id', 'network_interface_id', 'private_ip_address', 'public_ip', 'allow_reassociation'],
  aws_launch_template: ['name', 'name_prefix'],
  aws_autoscaling_group: ['name', 'name_prefix'],
  aws_autoscaling_policy: ['name', 'autoscaling_group_name'],
  aws_lb: ['name', 'name_prefix', 'internal', 'load_balancer_type'],
  aws_alb: ['name', 'name_prefix', 'internal', 'load_balancer_type'],
  aws_lb_target_group: ['name', 'name_prefix', 'port', 'protocol', 'protocol_version', 'vpc_id', 'target_type', 'ip_address_type'],
  aws_lb_listener: ['load_balancer_arn'],
  aws_lb_listener_rule: ['listener_arn'],
  aws_db_instance: [
    'engine',
    'identifier',
    'identifier_prefix',
    'availability_zone',
    'db_name',
    'username',
    'character_set_name',
    'nchar_character_set_name',
    'kms_key_id',
    'storage_encrypted',
    'snapshot_identifier',
    'timezone',
    'custom_iam_instance_profile',
    'restore_to_point_in_time',
    's3_import',
  ],
  aws_db_subnet_group: ['name', 'name_prefix'],
  aws_db_parameter_group: ['name', 'name_prefix', 'family', 'description'],
  aws_s3_bucket: ['bucket', 'bucket_prefix', 'object_lock_enabled'],
  aws_s3_bucket_versioning: ['bucket', 'expected_bucket_owner'],
  aws_s3_bucket_server_side_encryption_configuration: ['bucket', 'expected_bucket_owner'],
  aws_s3_bucket_public_access_block: ['bucket'],
  aws_s3_bucket_policy: ['bucket'],
  aws_s3_bucket_lifecycle_configuration: ['bucket', 'expected_bucket_owner'],
  aws_s3_bucket_ownership_controls: ['bucket'],
  aws_route53_zone: ['name', 'delegation_set_id'],
  aws_route53_record: ['zone_id', 'name'],
  aws_acm_certificate: ['domain_name', 'subject_alternative_names', 'key_algorithm', 'certificate_authority_arn'],
  aws_acm_certificate_validation: ['certificate_arn', 'validation_record_fqdns'],
  aws_iam_role: ['name', 'name_prefix', 'path'],
  aws_iam_role_policy: ['name', 'name_prefix', 'role'],
  aws_iam_policy: ['name', 'name_prefix', 'path', 'description'],
  aws_iam_role_policy_attachment: ['role', 'policy_arn'],
  aws_iam_instance_profile: ['name', 'name_prefix', 'path'],
  aws_cloudwatch_log_group: ['name', 'name_prefix', 'log_group_class'],
  aws_flow_log: ['vpc_id', 'subnet_id', 'eni_id', 'transit_gateway_id', 'log_destination', 'log_destination_type', 'traffic_type', 'iam_role_arn', 'log_format', 'max_aggregation_interval', 'destination_options'],
  aws_kms_key: ['customer_master_key_spec', 'key_usage', 'multi_region', 'custom_key_store_id', 'xks_key_id'],
  aws_kms_alias: ['name', 'name_prefix'],
  aws_secretsmanager_secret: ['name', 'name_prefix'],
  aws_dynamodb_table: ['name', 'hash_key', 'range_key'],
};

/** Null, absent, empty lists and empty objects all mean "not set". */
function isUnset(value: unknown): boolean {
  return value === undefined || value === null || (isArray(value) && value.length === 0) || (isObject(value) && Object.keys(value).length === 0);
}

/** Deep equality of parsed JSON, treating unset values alike and a single block like a one-element list (cdktf versus plan). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (isUnset(a) && isUnset(b)) {
    return true;
  }
  if (isObject(a) && isArray(b) && b.length === 1) {
    return sameValue(a, b[0]);
  }
  if (isArray(a) && isObject(b)) {
    return sameValue(b, a);
  }
  if (isArray(a) && isArray(b)) {
    return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameValue(a[key], b[key]));
  }
  return a === b || (typeof a !== 'object' && typeof b !== 'object' && String(a) === String(b));
}

function valueAt(values: JsonObject, path: string): unknown {
  const [head, ...rest] = path.split('.');
  const value = values[head];
  if (rest.length === 0) {
    return value;
  }
  const nested = isArray(value) ? value[0] : value;
  return isObject(nested) ? valueAt(nested, rest.join('.')) : undefined;
}

/** The attributes of the table whose value differs: the ones that force a replacement. */
export function forceNewChanges(type: string, before: JsonObject, after: JsonObject, compared: (key: string) => boolean = () => true): readonly string[] {
  return (FORCE_NEW[type] ?? []).filter((path) => compared(path.split('.')[0]) && !sameValue(valueAt(before, path), valueAt(after, path)));
}

/** The top-level attributes whose value differs. */
export function changedAttributes(before: JsonObject, after: JsonObject, compared: (key: string) => boolean = () => true): readonly string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(compared).sort();
  return keys.filter((key) => !sameValue(before[key], after[key]));
}
