import { block, blocks, bool, num, str } from './json';
import { displayName, ofType, referenced, referrers, type Model, type Resource } from './model';
import type { PriceTable, UsageAssumptions } from './prices';
import { launchTemplateOf, type Component, type Topology } from './topology';

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

export interface CostReport {
  readonly currency: string;
  readonly lines: readonly CostLine[];
  /** Sum of the lines with a known price. */
  readonly total: number;
  readonly unknownLines: number;
  readonly scenarios: readonly Scenario[];
  /** Resource types that may cost money but are not priced here. */
  readonly notPriced: readonly string[];
  readonly usage: UsageAssumptions;
}

/** Types that cost nothing by themselves (their charges appear on the resources they configure). */
const FREE_TYPES = new Set([
  'aws_vpc', 'aws_subnet', 'aws_route_table', 'aws_route', 'aws_route_table_association', 'aws_main_route_table_association', 'aws_default_route_table',
  'aws_internet_gateway', 'aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule',
  'aws_default_security_group', 'aws_network_acl', 'aws_default_network_acl', 'aws_iam_role', 'aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_role_policy_attachment',
  'aws_iam_instance_profile', 'aws_launch_template', 'aws_lb_target_group', 'aws_lb_listener', 'aws_lb_listener_rule', 'aws_alb_target_group', 'aws_alb_listener',
  'aws_autoscaling_policy', 'aws_db_subnet_group', 'aws_db_parameter_group', 'aws_db_option_group', 'aws_route53_record', 'aws_acm_certificate_validation',
  'aws_flow_log', 'aws_s3_bucket_versioning', 'aws_s3_bucket_server_side_encryption_configuration', 'aws_s3_bucket_public_access_block', 'aws_s3_bucket_policy',
  'aws_s3_bucket_lifecycle_configuration', 'aws_s3_bucket_ownership_controls', 'aws_eip_association', 'aws_ebs_encryption_by_default',
]);

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

  /** A table price, or for a Multi-AZ RDS class the table lacks, twice its Single-AZ price (AWS's rule). */
  private priceOf(key: string): { price: number | undefined; confidence: string | undefined; regionOfPrice: string } | undefined {
    const item = this.prices.items.get(key);
    if (item?.price === undefined && key.endsWith(':multi-az')) {
      const single = this.prices.items.get(key.replace(/:multi-az$/, ':single-az'));
      if (single?.price !== undefined) {
        return { price: 2 * single.price, confidence: `derived: 2 x Single-AZ (${single.confidence ?? 'unknown'})`, regionOfPrice: single.regionOfPrice };
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
    });
  }

  /** Public IPv4 addresses, $0.005/h each since 2024-02 (attached or idle). */
  addIpv4(resource: Resource, count: number, why: string): void {
    if (count > 0) {
      this.add(resource, `public IPv4 address × ${count} (${why})`, 'ipv4:public', count * this.hours, 'hours');
    }
  }

  addVolumes(resource: Resource, volumes: readonly { readonly size: number; readonly type: string }[], count: number): void {
    for (const volume of volumes) {
      this.add(resource, `EBS ${volume.type} ${volume.size} GB${count > 1 ? ` × ${count}` : ''}`, `ebs:${volume.type}`, volume.size * count, 'GB-months');
    }
  }
}

function volumesOfInstance(resource: Resource, usage: UsageAssumptions): readonly { size: number; type: string }[] {
  const root = block(resource.values, 'root_block_device');
  const data = blocks(resource.values, 'ebs_block_device');
  return [
    { size: num(root?.volume_size) ?? usage.default_root_volume_gb, type: str(root?.volume_type) ?? 'gp3' },
    ...data.map((volume) => ({ size: num(volume.volume_size) ?? 0, type: str(volume.volume_type) ?? 'gp3' })),
  ];
}

function volumesOfTemplate(template: Resource | undefined, usage: UsageAssumptions): readonly { size: number; type: string }[] {
  const mappings = blocks(template?.values, 'block_device_mappings').flatMap((mapping) => blocks(mapping, 'ebs'));
  if (mappings.length === 0) {
    return [{ size: usage.default_root_volume_gb, type: 'gp3' }];
  }
  return mappings.map((ebs) => ({ size: num(ebs.volume_size) ?? usage.default_root_volume_gb, type: str(ebs.volume_type) ?? 'gp3' }));
}

function componentOf(topology: Topology, resource: Resource): Component | undefined {
  return topology.components.find((component) => component.address === resource.address);
}

/** Internet-facing ALBs hold one public IPv4 address per AZ they span. */
function albAddresses(component: Component | undefined): number {
  if (component === undefined || !component.publicIp) {
    return 0;
  }
  return new Set(component.subnets.map((subnet) => subnet.az)).size || component.subnets.length;
}

function priceResource(model: Model, topology: Topology, pricer: Pricer, resource: Resource): boolean {
  const { usage, hours } = pricer;
  const values = resource.values;
  switch (resource.type) {
    case 'aws_instance': {
      const type = str(values.instance_type) ?? 'unknown';
      pricer.add(resource, `EC2 ${type}`, `ec2:${type}`, hours, 'hours');
      pricer.addVolumes(resource, volumesOfInstance(resource, usage), 1);
      const hasEip = referrers(model, resource, 'instance', 'aws_eip').length > 0;
      pricer.addIpv4(resource, componentOf(topology, resource)?.publicIp === true && !hasEip ? 1 : 0, 'auto-assigned');
      return true;
    }
    case 'aws_autoscaling_group': {
      const count = num(values.desired_capacity) ?? num(values.min_size) ?? 1;
      const template = launchTemplateOf(model, resource);
      const type = str(template?.values.instance_type) ?? 'unknown';
      pricer.add(resource, `EC2 ${type} × ${count}`, `ec2:${type}`, count * hours, 'hours');
      pricer.addVolumes(resource, volumesOfTemplate(template, usage), count);
      pricer.addIpv4(resource, componentOf(topology, resource)?.publicIp === true ? count : 0, 'auto-assigned');
      return true;
    }
    case 'aws_ebs_volume': {
      pricer.addVolumes(resource, [{ size: num(values.size) ?? 0, type: str(values.type) ?? 'gp3' }], 1);
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
      if ((str(values.load_balancer_type) ?? 'application') !== 'application') {
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
      pricer.add(resource, `RDS ${engine} ${instanceClass} ${multiAz ? 'Multi-AZ' : 'Single-AZ'}`, `rds:${engine}:${instanceClass}:${deployment}`, hours, 'hours');
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
    case 'aws_acm_certificate':
      pricer.add(resource, 'ACM public certificate', 'acm:public-certificate', 1, 'certificates');
      return true;
    case 'aws_vpc_endpoint':
      // Gateway endpoints (S3, DynamoDB) are free; interface endpoints are not priced here.
      return str(values.vpc_endpoint_type) === 'Gateway';
    default:
      return FREE_TYPES.has(resource.type);
  }
}

function sum(values: readonly (number | undefined)[]): number {
  return values.reduce<number>((total, value) => total + (value ?? 0), 0);
}

function option(label: string, monthly: number, current: number, isCurrent: boolean): ScenarioOption {
  return { label, monthly, delta: monthly - current, current: isCurrent };
}

function natScenario(model: Model, topology: Topology, pricer: Pricer): Scenario | undefined {
  const gateways = ofType(model, 'aws_nat_gateway');
  const azs = new Set(topology.subnets.map((subnet) => subnet.az)).size;
  if (gateways.length === 0 && !topology.subnets.some((subnet) => subnet.tier !== 'public')) {
    return undefined;
  }
  const perGateway = pricer.hours * ((pricer.unitPrice('nat:hour') ?? 0) + (pricer.unitPrice('ipv4:public') ?? 0));
  const data = pricer.usage.nat_gateway_data_processed_gb_per_month * (pricer.unitPrice('nat:gb') ?? 0);
  const cost = (count: number): number => (count === 0 ? 0 : count * perGateway + data);
  const current = cost(gateways.length);
  return {
    topic: 'NAT gateways (hours, Elastic IP, assumed data)',
    options: [
      option('none: private subnets lose internet egress', 0, current, gateways.length === 0),
      option('single: one AZ outage cuts egress for all', cost(1), current, gateways.length === 1),
      option(`one per AZ (${azs})`, cost(azs), current, gateways.length === azs && azs !== 1),
    ],
    note: `each gateway: ${pricer.hours} h of NAT plus its Elastic IP; the ${pricer.usage.nat_gateway_data_processed_gb_per_month} GB/month of data are charged once, however many gateways carry them`,
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

/** Monthly cost per resource and in total, with what NAT and ALB layouts would cost instead. */
export function costOf(model: Model, topology: Topology, prices: PriceTable, usage: UsageAssumptions): CostReport {
  const pricer = new Pricer(prices, usage);
  const notPriced = [...new Set(model.resources.filter((resource) => !priceResource(model, topology, pricer, resource)).map((resource) => resource.type))].sort();
  const scenarios = [natScenario(model, topology, pricer), albScenario(topology, pricer)].filter((scenario): scenario is Scenario => scenario !== undefined);
  return {
    currency: prices.currency,
    lines: pricer.lines,
    total: sum(pricer.lines.map((line) => line.monthly)),
    unknownLines: pricer.lines.filter((line) => line.monthly === undefined).length,
    scenarios,
    notPriced,
    usage,
  };
}
