import { block, blocks, bool, isArray, num, str, strings, type JsonObject } from './json';
import { asgRunningShare, databaseRunningShare } from './office-hours';
import { displayName, ofType, referenced, referencedOne, type Model, type Resource } from './model';
import { pricedRegions, priceTableFor, type PriceTable, type UsageAssumptions } from './prices';
import { NO_NAT_SERVICES } from './no-nat-endpoints';
import { hasElasticIp, launchTemplateOf, type Component, type Topology } from './topology';

/** One priced quantity of one resource. */
export interface CostLine {
  readonly address: string;
  readonly resource: string;
  /** What is charged: "EC2 t3.micro", "public IPv4 address", ... */
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly priceKey: string;
  /** Undefined: no price in the table, the line says "price unknown" and the total leaves it out. */
  readonly unitPrice: number | undefined;
  readonly monthly: number | undefined;
  readonly confidence: string | undefined;
  /** Set when the price is another region's stand-in for Seoul. */
  readonly regionOfPrice: string | undefined;
  /** Set when the table has no price for this item and it was worked out from another one. */
  readonly derivedFrom?: {
    readonly rule: string;
    readonly key: string;
    readonly price: number;
    readonly confidence: string | undefined;
    readonly regionOfPrice: string;
    readonly source: string;
  };
}

export interface ScenarioOption {
  readonly label: string;
  readonly monthly: number;
  /** Against what the configuration builds now. */
  readonly delta: number;
  readonly current: boolean;
}

/** What a configuration change would cost or save. */
export interface Scenario {
  readonly topic: string;
  readonly options: readonly ScenarioOption[];
  readonly note: string;
}

/** Something that costs or may cost money and has no price in the total. */
export interface UnpricedItem {
  readonly address: string;
  /** What is missing: "EC2 m5.4xlarge", "EBS io1 1000 GB", or the resource type. */
  readonly item: string;
  readonly reason: string;
}

/** Which region the input deploys to, and which price table priced it. */
export interface CostRegion {
  /** The input's region: its AWS provider's, else the one its availability zones name; undefined when neither says. */
  readonly input: string | undefined;
  /** Region whose price table was applied; undefined when the input's region has no table (nothing is priced). */
  readonly priced: string | undefined;
  /** Regions with a shipped table. */
  readonly available: readonly string[];
  /** One sentence for the report: what was priced with which region's prices, or why nothing was. */
  readonly note: string;
}

export interface CostReport {
  readonly currency: string;
  readonly region: CostRegion;
  readonly lines: readonly CostLine[];
  /** Sum of the lines with a known price: a lower bound when `lowerBound` is set. */
  readonly total: number;
  /** Set when anything in `unpriced` is left out of the total. */
  readonly lowerBound: boolean;
  readonly unknownLines: number;
  /** Every line without a price and every resource of a type that is not priced, by address. */
  readonly unpriced: readonly UnpricedItem[];
  readonly scenarios: readonly Scenario[];
  /** Resource types that may cost money but are not priced here. */
  readonly notPriced: readonly string[];
  readonly usage: UsageAssumptions;
}

/** Types that cost nothing by themselves (their charges appear on the resources they configure). */
const FREE_TYPES = new Set([
  'aws_vpc',
  'aws_subnet',
  'aws_route_table',
  'aws_route',
  'aws_route_table_association',
  'aws_main_route_table_association',
  'aws_default_route_table',
  'aws_internet_gateway',
  'aws_security_group',
  'aws_security_group_rule',
  'aws_vpc_security_group_ingress_rule',
  'aws_vpc_security_group_egress_rule',
  'aws_default_security_group',
  'aws_network_acl',
  'aws_default_network_acl',
  'aws_iam_role',
  'aws_iam_policy',
  'aws_iam_role_policy',
  'aws_iam_role_policy_attachment',
  'aws_iam_instance_profile',
  'aws_launch_template',
  'aws_lb_target_group',
  'aws_lb_listener',
  'aws_lb_listener_rule',
  'aws_alb_target_group',
  'aws_alb_listener',
  'aws_autoscaling_policy',
  'aws_db_subnet_group',
  'aws_db_parameter_group',
  'aws_db_option_group',
  'aws_route53_record',
  'aws_acm_certificate_validation',
  'aws_flow_log',
  'aws_s3_bucket_versioning',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_policy',
  'aws_s3_bucket_lifecycle_configuration',
  'aws_s3_bucket_ownership_controls',
  'aws_eip_association',
  'aws_ebs_encryption_by_default',
  'aws_key_pair',
  'aws_volume_attachment',
  'aws_default_subnet',
  'aws_default_vpc',
  'aws_launch_configuration',
  'aws_lb_target_group_attachment',
  'aws_alb_target_group_attachment',
  'aws_customer_gateway',
  'aws_vpc_endpoint_route_table_association',
  'aws_vpc_endpoint_subnet_association',
  'aws_network_acl_rule',
  'aws_network_acl_association',
  'aws_egress_only_internet_gateway',
  'aws_iam_policy_attachment',
  'aws_iam_user_policy_attachment',
  // NAT instances, office hours, budget and armour: charged on the instance, EIP, web ACL or key; the
  // scheduler's first 14 million invocations a month are free, and budgets without actions too.
  'aws_network_interface',
  'aws_autoscaling_schedule',
  'aws_scheduler_schedule',
  'aws_budgets_budget',
  'aws_wafv2_web_acl_association',
  'aws_wafv2_web_acl_logging_configuration',
  'aws_kms_alias',
  'aws_cloudwatch_log_resource_policy',
  // Alerts: a topic costs nothing by itself, and its first 1,000 e-mails a month are free; the
  // office-hours dead-letter queue sees a message a failure, in SQS's free million requests.
  'aws_sns_topic',
  'aws_sns_topic_policy',
  'aws_sns_topic_subscription',
  'aws_sqs_queue',
  'aws_scheduler_schedule_group',
]);

/** Providers whose resources live only in Terraform and never cost money. */
const FREE_PROVIDER_PREFIXES = ['null_', 'random_', 'local_', 'tls_', 'time_', 'terraform_data'];

/** vCPUs of RDS burstable classes, for Extended Support (billed per vCPU-hour). */
function vcpus(instanceClass: string): number {
  const size = instanceClass.split('.').pop() ?? '';
  const match = /^(\d*)xlarge$/.exec(size);
  if (match !== null) {
    return 4 * (match[1] === '' ? 1 : Number(match[1]));
  }
  return 2;
}

class Pricer {
  readonly lines: CostLine[] = [];

  constructor(
    private readonly prices: PriceTable,
    readonly usage: UsageAssumptions,
  ) {}

  get hours(): number {
    return this.usage.hours_per_month;
  }

  unitPrice(key: string): number | undefined {
    return this.prices.items.get(key)?.price;
  }

  /**
   * A table price, or for a Multi-AZ RDS class the table lacks, twice its Single-AZ price (AWS's rule
   * of thumb, which the one Seoul pair the table has, db.t4g.micro, misses by 2 %): labelled derived,
   * with the price, region and source it came from.
   */
  private priceOf(key: string): { price: number | undefined; confidence: string | undefined; regionOfPrice: string; derivedFrom?: CostLine['derivedFrom'] } | undefined {
    const item = this.prices.items.get(key);
    if (item?.price === undefined && key.endsWith(':multi-az')) {
      const singleKey = key.replace(/:multi-az$/, ':single-az');
      const single = this.prices.items.get(singleKey);
      if (single?.price !== undefined) {
        const rule = `2 × the Single-AZ price (no ${this.prices.region} Multi-AZ price in the table)`;
        return {
          price: 2 * single.price,
          confidence: `derived: 2 × Single-AZ $${single.price} (${single.confidence ?? 'confidence unknown'})`,
          regionOfPrice: single.regionOfPrice,
          derivedFrom: { rule, key: singleKey, price: single.price, confidence: single.confidence, regionOfPrice: single.regionOfPrice, source: single.source },
        };
      }
    }
    return item === undefined ? undefined : { price: item.price, confidence: item.confidence, regionOfPrice: item.regionOfPrice };
  }

  add(resource: Resource, item: string, key: string, quantity: number, unit: string): void {
    const price = this.priceOf(key);
    const unitPrice = price?.price;
    this.lines.push({
      address: resource.address,
      resource: displayName(resource),
      item,
      quantity,
      unit,
      priceKey: key,
      unitPrice,
      monthly: unitPrice === undefined ? undefined : quantity * unitPrice,
      confidence: price?.confidence ?? undefined,
      regionOfPrice: price !== undefined && price.regionOfPrice !== this.prices.region ? price.regionOfPrice : undefined,
      ...(price?.derivedFrom === undefined ? {} : { derivedFrom: price.derivedFrom }),
    });
  }

  /** Public IPv4 addresses, $0.005/h each since 2024-02 (attached or idle). */
  addIpv4(resource: Resource, count: number, why: string): void {
    if (count > 0) {
      this.add(resource, `public IPv4 address × ${count} (${why})`, 'ipv4:public', count * this.hours, 'hours');
    }
  }

  addVolumes(resource: Resource, volumes: readonly Volume[], count: number): void {
    const times = count > 1 ? ` × ${count}` : '';
    for (const volume of volumes) {
      this.add(resource, `EBS ${volume.type} ${volume.size} GB${times}`, `ebs:${volume.type}`, volume.size * count, 'GB-months');
      // io1/io2 bill every provisioned IOPS on top of the storage.
      if ((volume.type === 'io1' || volume.type === 'io2') && volume.iops > 0) {
        this.add(resource, `EBS ${volume.type} ${volume.iops} provisioned IOPS${times}`, `ebs:${volume.type}:iops`, volume.iops * count, 'IOPS-months');
      }
    }
  }
}

interface Volume {
  readonly size: number;
  readonly type: string;
  readonly iops: number;
}

function volume(values: JsonObject | undefined, sizeKey: string, typeKey: string, defaultSize: number): Volume {
  // A type known only after apply (the AMI's default) is priced as an unset one.
  const type = str(values?.[typeKey]);
  return { size: num(values?.[sizeKey]) ?? defaultSize, type: type === undefined || type.includes('${') ? 'gp3' : type, iops: num(values?.iops) ?? 0 };
}

function volumesOfInstance(resource: Resource, usage: UsageAssumptions): readonly Volume[] {
  const root = block(resource.values, 'root_block_device');
  const data = blocks(resource.values, 'ebs_block_device');
  return [volume(root, 'volume_size', 'volume_type', usage.default_root_volume_gb), ...data.map((device) => volume(device, 'volume_size', 'volume_type', 0))];
}

function volumesOfTemplate(template: Resource | undefined, usage: UsageAssumptions): readonly Volume[] {
  const mappings = blocks(template?.values, 'block_device_mappings').flatMap((mapping) => blocks(mapping, 'ebs'));
  if (mappings.length === 0) {
    return [volume(undefined, 'volume_size', 'volume_type', usage.default_root_volume_gb)];
  }
  return mappings.map((ebs) => volume(ebs, 'volume_size', 'volume_type', usage.default_root_volume_gb));
}

function componentOf(topology: Topology, resource: Resource): Component | undefined {
  return topology.components.find((component) => component.address === resource.address);
}

/**
 * Internet-facing load balancers hold one public IPv4 address per AZ they span. A load balancer takes
 * one subnet per AZ, so its subnets count its AZs even when the plan does not know them yet.
 */
function albAddresses(component: Component | undefined): number {
  if (component === undefined || !component.publicIp) {
    return 0;
  }
  return new Set(component.subnets.map((subnet) => subnet.address)).size;
}

function priceResource(model: Model, topology: Topology, pricer: Pricer, resource: Resource): boolean {
  const { usage, hours } = pricer;
  const values = resource.values;
  switch (resource.type) {
    case 'aws_instance': {
      const type = str(values.instance_type) ?? 'unknown';
      pricer.add(resource, `EC2 ${type}`, `ec2:${type}`, hours, 'hours');
      pricer.addVolumes(resource, volumesOfInstance(resource, usage), 1);
      // An Elastic IP, on the instance or on its network interface, replaces the auto-assigned address
      // (AWS releases it): one address, billed on the EIP's line.
      pricer.addIpv4(resource, componentOf(topology, resource)?.publicIp === true && !hasElasticIp(model, resource) ? 1 : 0, 'auto-assigned');
      return true;
    }
    case 'aws_autoscaling_group': {
      const count = num(values.desired_capacity) ?? num(values.min_size) ?? 1;
      const template = launchTemplateOf(model, resource);
      // Older groups launch from a launch configuration, which holds the same type and volume blocks as an instance.
      const configuration = template === undefined ? referencedOne(model, values.launch_configuration, 'aws_launch_configuration') : undefined;
      const type = str((template ?? configuration)?.values.instance_type) ?? 'unknown';
      // Office hours scale the group to zero at night; its volumes are still priced as always there (the safe side).
      const office = asgRunningShare(model, resource, count);
      pricer.add(resource, `EC2 ${type} × ${count}${office === undefined ? '' : ` (${office.note})`}`, `ec2:${type}`, count * hours * (office?.share ?? 1), 'hours');
      pricer.addVolumes(resource, configuration === undefined ? volumesOfTemplate(template, usage) : volumesOfInstance(configuration, usage), count);
      pricer.addIpv4(resource, componentOf(topology, resource)?.publicIp === true ? count : 0, 'auto-assigned');
      return true;
    }
    case 'aws_ebs_volume': {
      pricer.addVolumes(resource, [volume(values, 'size', 'type', 0)], 1);
      return true;
    }
    case 'aws_eip':
      pricer.addIpv4(resource, 1, 'Elastic IP');
      return true;
    case 'aws_nat_gateway': {
      pricer.add(resource, 'NAT gateway', 'nat:hour', hours, 'hours');
      const gateways = ofType(model, 'aws_nat_gateway').length;
      pricer.add(resource, 'NAT data processed (assumed)', 'nat:gb', usage.nat_gateway_data_processed_gb_per_month / gateways, 'GB');
      return true;
    }
    case 'aws_lb':
    case 'aws_alb': {
      const type = str(values.load_balancer_type) ?? 'application';
      if (type === 'network') {
        pricer.add(resource, 'Network Load Balancer', 'nlb:hour', hours, 'hours');
        pricer.add(resource, `NLCU (assumed ${usage.nlb_average_nlcu} on average)`, 'nlb:nlcu', usage.nlb_average_nlcu * hours, 'NLCU-hours');
        pricer.addIpv4(resource, albAddresses(componentOf(topology, resource)), 'one per AZ');
        return true;
      }
      if (type !== 'application') {
        return false;
      }
      pricer.add(resource, 'Application Load Balancer', 'alb:hour', hours, 'hours');
      pricer.add(resource, `LCU (assumed ${usage.alb_average_lcu} on average)`, 'alb:lcu', usage.alb_average_lcu * hours, 'LCU-hours');
      pricer.addIpv4(resource, albAddresses(componentOf(topology, resource)), 'one per AZ');
      return true;
    }
    case 'aws_db_instance': {
      const engine = str(values.engine) ?? 'unknown';
      const instanceClass = str(values.instance_class) ?? 'unknown';
      const multiAz = bool(values.multi_az) === true;
      const deployment = multiAz ? 'multi-az' : 'single-az';
      // A stopped instance bills its storage, not its hours.
      const office = databaseRunningShare(model, resource);
      pricer.add(
        resource,
        `RDS ${engine} ${instanceClass} ${multiAz ? 'Multi-AZ' : 'Single-AZ'}${office === undefined ? '' : ` (${office.note})`}`,
        `rds:${engine}:${instanceClass}:${deployment}`,
        hours * (office?.share ?? 1),
        'hours',
      );
      const storageType = str(values.storage_type) ?? 'gp2';
      const storage = num(values.allocated_storage) ?? 20;
      pricer.add(resource, `RDS storage ${storageType} ${storage} GB`, `rds:storage:${storageType}:${deployment}`, storage, 'GB-months');
      if (engine === 'mysql' && (str(values.engine_version) ?? '').startsWith('8.0')) {
        const cpus = vcpus(instanceClass) * (multiAz ? 2 : 1);
        pricer.add(resource, `MySQL 8.0 Extended Support (${cpus} vCPU)`, 'rds:mysql:extended-support', cpus * hours, 'vCPU-hours');
      }
      if (bool(values.manage_master_user_password) === true) {
        pricer.add(resource, 'Secrets Manager secret (managed master password)', 'secretsmanager:secret', 1, 'secret-months');
      }
      pricer.addIpv4(resource, bool(values.publicly_accessible) === true ? 1 : 0, 'publicly accessible');
      return true;
    }
    case 'aws_route53_zone':
      pricer.add(resource, 'Route 53 hosted zone', 'route53:zone', 1, 'zone-months');
      pricer.add(resource, 'Route 53 queries (assumed)', 'route53:queries', usage.route53_million_queries_per_month, 'million queries');
      return true;
    case 'aws_secretsmanager_secret':
      pricer.add(resource, 'Secrets Manager secret', 'secretsmanager:secret', 1, 'secret-months');
      return true;
    case 'aws_cloudwatch_log_group': {
      const flowLog = ofType(model, 'aws_flow_log').some((log) => referenced(model, log.values.log_destination).some((target) => target.address === resource.address));
      if (flowLog) {
        pricer.add(resource, 'VPC flow logs to CloudWatch (assumed)', 'logs:vended', usage.flow_log_gb_per_month, 'GB');
      } else {
        pricer.add(resource, 'CloudWatch Logs ingestion (assumed)', 'logs:ingest', usage.log_group_gb_per_month, 'GB');
      }
      return true;
    }
    case 'aws_s3_bucket':
      pricer.add(resource, 'S3 Standard storage (assumed)', 's3:standard', usage.s3_bucket_gb_per_month, 'GB-months');
      return true;
    case 'aws_wafv2_web_acl': {
      const rules = blocks(values, 'rule').length;
      pricer.add(resource, 'AWS WAF web ACL', 'waf:web-acl', 1, 'web ACL-months');
      pricer.add(resource, `AWS WAF rules and managed rule groups × ${rules}`, 'waf:rule', rules, 'rule-months');
      // No usage key for WAF traffic yet: one million requests a month, stated in the line.
      pricer.add(resource, 'AWS WAF requests (assumed 1 million a month)', 'waf:requests', 1, 'million requests');
      return true;
    }
    case 'aws_cloudwatch_metric_alarm': {
      // Billed per metric an alarm evaluates: one, or each metric of its metric math.
      const queries = blocks(values, 'metric_query');
      const metrics = queries.length === 0 ? [values] : queries.map((query) => block(query, 'metric')).filter((metric): metric is JsonObject => metric !== undefined);
      const highResolution = metrics.some((metric) => (num(metric.period) ?? 60) < 60);
      pricer.add(
        resource,
        `CloudWatch alarm, ${highResolution ? 'high' : 'standard'} resolution × ${metrics.length} metric${metrics.length === 1 ? '' : 's'}`,
        highResolution ? 'cloudwatch:alarm:high-resolution' : 'cloudwatch:alarm',
        metrics.length,
        'alarm metrics',
      );
      return true;
    }
    case 'aws_cloudwatch_dashboard':
      pricer.add(resource, 'CloudWatch dashboard', 'cloudwatch:dashboard', 1, 'dashboard-months');
      return true;
    case 'aws_kms_key':
      pricer.add(resource, 'KMS customer managed key', 'kms:key', 1, 'key-months');
      return true;
    case 'aws_acm_certificate':
      pricer.add(resource, 'ACM public certificate', 'acm:public-certificate', 1, 'certificates');
      return true;
    case 'aws_vpc_endpoint': {
      // The provider's default type is Gateway (S3, DynamoDB): free. Gateway Load Balancer endpoints are not priced here.
      const type = str(values.vpc_endpoint_type) ?? 'Gateway';
      if (type !== 'Interface') {
        return type === 'Gateway';
      }
      // Billed per AZ, that is per subnet it has an interface in; an unknown list counts as one AZ.
      const azs = Math.max(1, isArray(values.subnet_ids) ? values.subnet_ids.length : strings(values.subnet_ids).length);
      pricer.add(resource, `interface endpoint × ${azs} AZ`, 'vpce:interface:hour', azs * hours, 'endpoint-AZ-hours');
      pricer.add(resource, 'interface endpoint data processed (assumed)', 'vpce:interface:gb', usage.interface_endpoint_gb_per_month, 'GB');
      return true;
    }
    default:
      return FREE_TYPES.has(resource.type) || FREE_PROVIDER_PREFIXES.some((prefix) => resource.type.startsWith(prefix));
  }
}

function sum(values: readonly (number | undefined)[]): number {
  return values.reduce<number>((total, value) => total + (value ?? 0), 0);
}

function option(label: string, monthly: number, current: number, isCurrent: boolean): ScenarioOption {
  return { label, monthly, delta: monthly - current, current: isCurrent };
}

/** NAT instance slots: interfaces with the source/destination check off that a route sends traffic to. */
function natInstanceSlots(model: Model): readonly Resource[] {
  const targets = new Set(ofType(model, 'aws_route').flatMap((route) => referenced(model, route.values.network_interface_id, 'aws_network_interface').map((eni) => eni.address)));
  return ofType(model, 'aws_network_interface').filter((eni) => bool(eni.values.source_dest_check) === false && targets.has(eni.address));
}

/** The type of the NAT instances built (their groups carry a NatSlot tag), else the construct's default. */
function natInstanceType(model: Model): string {
  const group = ofType(model, 'aws_autoscaling_group').find((asg) => blocks(asg.values, 'tag').some((tag) => tag.key === 'NatSlot'));
  const template = group === undefined ? undefined : launchTemplateOf(model, group);
  return str(template?.values.instance_type) ?? 't4g.nano';
}

/** The service of an interface endpoint (`ecr.api` for `com.amazonaws.ap-northeast-2.ecr.api`). */
function endpointService(endpoint: Resource): string | undefined {
  return /^com\.amazonaws\.[a-z0-9-]+\.(.+)$/.exec(str(endpoint.values.service_name) ?? '')?.[1];
}

function natScenario(model: Model, topology: Topology, pricer: Pricer): Scenario | undefined {
  const gateways = ofType(model, 'aws_nat_gateway');
  const slots = natInstanceSlots(model).length;
  const azs = new Set(topology.subnets.map((subnet) => subnet.az)).size;
  if (gateways.length === 0 && slots === 0 && !topology.subnets.some((subnet) => subnet.tier !== 'public')) {
    return undefined;
  }
  const ipv4 = pricer.unitPrice('ipv4:public') ?? 0;
  const perGateway = pricer.hours * ((pricer.unitPrice('nat:hour') ?? 0) + ipv4);
  const data = pricer.usage.nat_gateway_data_processed_gb_per_month * (pricer.unitPrice('nat:gb') ?? 0);
  const cost = (count: number): number => (count === 0 ? 0 : count * perGateway + data);
  // An instance: its hours, its Elastic IP and the primary interface's address, an 8 GB gp3 root; no per-GB charge.
  const natType = natInstanceType(model);
  const perInstance = pricer.hours * ((pricer.unitPrice(`ec2:${natType}`) ?? 0) + 2 * ipv4) + pricer.usage.default_root_volume_gb * (pricer.unitPrice('ebs:gp3') ?? 0);
  // Without NAT the private tiers reach AWS through interface endpoints, one interface per AZ each.
  const perEndpoint = azs * pricer.hours * (pricer.unitPrice('vpce:interface:hour') ?? 0) + pricer.usage.interface_endpoint_gb_per_month * (pricer.unitPrice('vpce:interface:gb') ?? 0);
  const present = new Set(
    ofType(model, 'aws_vpc_endpoint')
      .filter((endpoint) => str(endpoint.values.vpc_endpoint_type) === 'Interface')
      .map(endpointService),
  );
  const noNat = gateways.length === 0 && slots === 0;
  const needed = NO_NAT_SERVICES.filter((service) => !present.has(service));
  // With no NAT, the endpoints that stand in for it go when NAT comes; with NAT, "none" adds the missing ones.
  const standIns = noNat ? NO_NAT_SERVICES.filter((service) => present.has(service)).length * perEndpoint : 0;
  const current = cost(gateways.length) + slots * perInstance + standIns;
  const none = noNat ? current : needed.length * perEndpoint;
  const endpoints = noNat ? '' : needed.length === 0 ? ' (the interface endpoints are already there)' : ` (adds ${needed.length} interface endpoints × ${azs} AZ: ${needed.join(', ')})`;
  return {
    topic: 'NAT (gateways or instances: hours, public addresses, assumed data; or the interface endpoints that replace them)',
    options: [
      option(`none: private ECR images only${endpoints}`, none, current, noNat),
      option('single gateway: one AZ outage cuts egress for all', cost(1), current, gateways.length === 1),
      option(`one gateway per AZ (${azs})`, cost(azs), current, gateways.length === azs && azs !== 1),
      option(`one NAT instance (${natType}, heals in minutes)`, perInstance, current, gateways.length === 0 && slots === 1),
      option(`one NAT instance per AZ (${azs})`, azs * perInstance, current, gateways.length === 0 && slots === azs && azs !== 1),
    ],
    note: `each gateway: ${pricer.hours} h of NAT plus its Elastic IP, and the ${pricer.usage.nat_gateway_data_processed_gb_per_month} GB/month of data charged once however many carry them; each NAT instance: ${pricer.hours} h of ${natType}, two public IPv4 addresses and its root volume, no data charge (its bandwidth is the instance's, up to 5 Gbit/s burst); without NAT, each interface endpoint the private tiers need (${NO_NAT_SERVICES.join(', ')}): ${azs} AZ × ${pricer.hours} h and ${pricer.usage.interface_endpoint_gb_per_month} GB/month of data${noNat && standIns > 0 ? ', dropped by the options with NAT' : ''}`,
  };
}

function albScenario(topology: Topology, pricer: Pricer): Scenario | undefined {
  const albs = topology.components.filter((component) => component.kind === 'alb');
  if (albs.length < 2) {
    return undefined;
  }
  const perAlb = (alb: Component): number =>
    pricer.hours * ((pricer.unitPrice('alb:hour') ?? 0) + pricer.usage.alb_average_lcu * (pricer.unitPrice('alb:lcu') ?? 0) + albAddresses(alb) * (pricer.unitPrice('ipv4:public') ?? 0));
  const current = sum(albs.map(perAlb));
  const shared = current - sum(albs.slice(1).map(perAlb));
  return {
    topic: 'Application Load Balancers',
    options: [option(`per tier (${albs.length})`, current, current, true), option('one shared ALB, host-based listener rules', shared, current, false)],
    note: 'each ALB saved: its hours, its assumed LCU and one public IPv4 address per AZ; traffic LCU move to the shared ALB only when they exceed the assumption',
  };
}

const AVAILABILITY_ZONE = /^([a-z]{2}(?:-[a-z]+)+-\d)[a-z]$/;

/** The region the availability zones of the input name, when they all name one. */
function regionOfZones(model: Model): string | undefined {
  const regions = new Set(
    model.resources
      .flatMap((resource) => [str(resource.values.availability_zone), ...strings(resource.values.availability_zones)])
      .flatMap((zone) => {
        const match = zone === undefined ? null : AVAILABILITY_ZONE.exec(zone);
        return match === null ? [] : [match[1]];
      }),
  );
  return regions.size === 1 ? [...regions][0] : undefined;
}

interface RegionChoice {
  readonly table: PriceTable;
  readonly region: CostRegion;
}

/**
 * The table for the input's region. Another region's prices are never applied: a region without a
 * table is reported as not priced. An input that names no region is priced with the given table, and says so.
 */
function chooseTable(model: Model, prices: PriceTable): RegionChoice {
  const available = pricedRegions();
  const fromZones = regionOfZones(model);
  const input = model.region ?? fromZones;
  // The model's region may itself come from a variable or an ARN; only the zone fallback is this file's own.
  const named = model.region !== undefined ? input : `${input} (from its availability zones)`;
  if (input === undefined) {
    const note = `The input does not say its region (no provider region, variable or availability zone does): priced as ${prices.region}, an assumption.`;
    return { table: prices, region: { input, priced: prices.region, available, note } };
  }
  const table = input === prices.region ? prices : priceTableFor(input);
  if (table === undefined) {
    const note = `${named} is not priced: no price table for it (priced regions: ${available.join(', ')}), and no other region's prices are applied: everything that costs money is listed as unpriced.`;
    return { table: { region: input, currency: prices.currency, compiled: 'none', items: new Map() }, region: { input, priced: undefined, available, note } };
  }
  return { table, region: { input, priced: table.region, available, note: `${named}: ${table.region} on-demand prices compiled ${table.compiled}.` } };
}

function unpricedOf(lines: readonly CostLine[], unpricedResources: readonly Resource[], region: CostRegion): UnpricedItem[] {
  const where = region.priced ?? region.input ?? 'unknown';
  const fromLines = lines
    .filter((line) => line.unitPrice === undefined)
    .map((line) => ({ address: line.address, item: line.item, reason: region.priced === undefined ? `region ${where} is not priced` : `no ${where} price for ${line.priceKey}` }));
  const fromTypes = unpricedResources.map((resource) => ({ address: resource.address, item: resource.type, reason: `${resource.type} is not priced by this review` }));
  return [...fromLines, ...fromTypes];
}

/**
 * Monthly cost per resource and in total, with what NAT and ALB layouts would cost instead. `prices`
 * is used for an input of its region or of no stated region; any other region takes its own shipped table.
 */
export function costOf(model: Model, topology: Topology, prices: PriceTable, usage: UsageAssumptions): CostReport {
  const { table, region } = chooseTable(model, prices);
  const pricer = new Pricer(table, usage);
  // What the plan deletes or forgets (a `removed` block) is not deployed by it, so it costs nothing here.
  const leaving = new Set((model.changes ?? []).filter((change) => change.kind === 'delete' || change.kind === 'forget').map((change) => change.address));
  const unpricedResources = model.resources.filter((resource) => !leaving.has(resource.address) && !priceResource(model, topology, pricer, resource));
  const scenarios = region.priced === undefined ? [] : [natScenario(model, topology, pricer), albScenario(topology, pricer)].filter((scenario): scenario is Scenario => scenario !== undefined);
  const unpriced = unpricedOf(pricer.lines, unpricedResources, region);
  return {
    currency: table.currency,
    region,
    lines: pricer.lines,
    total: sum(pricer.lines.map((line) => line.monthly)),
    lowerBound: unpriced.length > 0,
    unknownLines: pricer.lines.filter((line) => line.monthly === undefined).length,
    unpriced,
    scenarios,
    notPriced: [...new Set(unpricedResources.map((resource) => resource.type))].sort(),
    usage,
  };
}
