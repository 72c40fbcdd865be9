import { Testing } from 'cdktf';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { costOf, type CostReport } from '../../src/review/cost';
import { isArray, isObject } from '../../src/review/json';
import { loadInput, modelFromJson } from '../../src/review/load';
import { loadPriceTable, loadUsage, pricedRegions, priceTableFor } from '../../src/review/prices';
import { renderJson } from '../../src/review/render/json';
import { renderMarkdown } from '../../src/review/render/markdown';
import { renderTerminal } from '../../src/review/render/terminal';
import { review } from '../../src/review/review';
import { topologyOf } from '../../src/review/topology';
import { EnvironmentStack } from '../../src/stacks/environment-stack';
import { configFor } from '../support/stacks';
import { patch, ref, threeTier, type Stack } from './fixtures/stack';

const prices = loadPriceTable();
const usage = loadUsage();

function cost(stack: Stack): CostReport {
  const model = modelFromJson(stack, 'fixture');
  return costOf(model, topologyOf(model), prices, usage);
}

function monthlyOf(report: CostReport, address: string): number {
  return report.lines.filter((line) => line.address === address).reduce((total, line) => total + (line.monthly ?? 0), 0);
}

describe('monthly cost of the clean fixture, against figures worked out by hand', () => {
  const report = cost(threeTier());
  // 730 h/month; Seoul prices from data/prices-ap-northeast-2.json; usage from data/usage-assumptions.json.
  const byHand: Readonly<Record<string, number>> = {
    'aws_autoscaling_group.app': 2 * 730 * 0.013 + 2 * 8 * 0.0912, // 2 × t3.micro + 2 × 8 GB gp3
    'aws_instance.bastion': 730 * 0.013 + 8 * 0.0912, // its public address is the EIP's line
    'aws_eip.bastion': 730 * 0.005,
    'aws_eip.nat_a': 730 * 0.005,
    'aws_nat_gateway.nat_a': 730 * 0.059 + 100 * 0.059, // hours + 100 GB assumed
    'aws_lb.web': 730 * 0.0225 + 730 * 0.008 + 2 * 730 * 0.005, // hours + 1 LCU + one IPv4 per AZ
    'aws_db_instance.db': 730 * 0.051 + 20 * 0.262 + 0.4, // db.t4g.micro Multi-AZ + 20 GB gp3 Multi-AZ + managed secret
    'aws_cloudwatch_log_group.flow': 5 * 0.76, // 5 GB of flow logs, vended rate
    'aws_route53_zone.main': 0.5 + 0.4,
    'aws_s3_bucket.state': 0.025,
  };

  it.each(Object.entries(byHand))('%s', (address, expected) => {
    expect(monthlyOf(report, address)).toBeCloseTo(expected, 6);
  });

  it('adds up to $164.09', () => {
    expect(report.total).toBeCloseTo(164.0888, 6);
    expect(report.total).toBeCloseTo(
      Object.values(byHand).reduce((a, b) => a + b, 0),
      6,
    );
    expect(report.unknownLines).toBe(0);
    expect(report.notPriced).toEqual([]);
  });

  it('keeps each price confidence on its line', () => {
    expect(report.lines.find((line) => line.priceKey === 'rds:mysql:db.t4g.micro:multi-az')?.confidence).toBe('medium');
    expect(report.lines.find((line) => line.priceKey === 'route53:zone')).toMatchObject({ confidence: 'high', regionOfPrice: 'global' });
  });

  it('prices NAT layouts: none, single, one per AZ', () => {
    const nat = report.scenarios.find((scenario) => scenario.topic.startsWith('NAT'));
    const perGateway = 730 * 0.059 + 730 * 0.005;
    expect(nat?.options.map((option) => [option.monthly, option.current])).toEqual([
      // None is not free: the seven interface endpoints the private tiers need instead, in both AZs, with 10 GB each.
      [expect.closeTo(7 * (2 * 730 * 0.013 + 10 * 0.01), 6), false],
      [expect.closeTo(perGateway + 5.9, 6), true],
      [expect.closeTo(2 * perGateway + 5.9, 6), false],
      // NAT instances (issue 12): t4g.nano hours, two public IPv4 addresses, an 8 GB gp3 root, no data charge.
      [expect.closeTo(730 * ((prices.items.get('ec2:t4g.nano')?.price ?? Number.NaN) + 2 * 0.005) + 8 * 0.0912, 6), false],
      [expect.closeTo(2 * (730 * ((prices.items.get('ec2:t4g.nano')?.price ?? Number.NaN) + 2 * 0.005) + 8 * 0.0912), 6), false],
    ]);
    expect(nat?.options[2].delta).toBeCloseTo(perGateway, 6);
  });
});

describe('cost details', () => {
  it('reports a missing price as unknown, keeps it out of the total and says so', () => {
    const report = cost(patch(threeTier(), 'aws_db_instance', 'db', { instance_class: 'db.r6g.large' }));
    const line = report.lines.find((candidate) => candidate.priceKey === 'rds:mysql:db.r6g.large:multi-az');
    expect(line).toMatchObject({ unitPrice: undefined, monthly: undefined });
    expect(report.unknownLines).toBe(1);
    expect(report.total).toBeCloseTo(164.0888 - 730 * 0.051, 6);
  });

  it('derives a missing Multi-AZ price as twice the Single-AZ one, and says so', () => {
    const report = cost(patch(threeTier(), 'aws_db_instance', 'db', { instance_class: 'db.t3.medium' }));
    const line = report.lines.find((candidate) => candidate.priceKey === 'rds:mysql:db.t3.medium:multi-az');
    expect(line).toMatchObject({ unitPrice: expect.closeTo(2 * 0.068, 9), monthly: expect.closeTo(730 * 2 * 0.068, 6), confidence: 'derived: 2 × Single-AZ $0.068 (medium (for us-east-1))', regionOfPrice: 'us-east-1' });
    expect(line?.derivedFrom).toEqual({
      rule: '2 × the Single-AZ price (no ap-northeast-2 Multi-AZ price in the table)',
      key: 'rds:mysql:db.t3.medium:single-az',
      price: 0.068,
      confidence: 'medium (for us-east-1)',
      regionOfPrice: 'us-east-1',
      source: 'shared/reference/aws-prices-ap-northeast-2.json (compiled 2026-11), item "RDS for MySQL db.t3.medium Single-AZ"',
    });
    expect(report.unknownLines).toBe(0);
  });

  it("labels prod's Multi-AZ database price as derived from a us-east-1 price, in the terminal too", () => {
    const model = modelFromJson(new EnvironmentStack(Testing.app(), 'prod', configFor('prod')).toTerraform(), 'prod');
    const line = costOf(model, topologyOf(model), prices, usage).lines.find((candidate) => candidate.priceKey === 'rds:mysql:db.t4g.medium:multi-az');
    expect(line).toMatchObject({ unitPrice: 0.13, confidence: 'derived: 2 × Single-AZ $0.065 (low-medium)', regionOfPrice: 'us-east-1' });
    expect(renderTerminal(review(model), { color: false, width: 250 })).toContain('derived: 2 × Single-AZ $0.065 (low-medium), us-east-1 price');
  });

  it('adds MySQL 8.0 Extended Support per vCPU-hour, for both instances of a Multi-AZ pair', () => {
    const report = cost(patch(threeTier(), 'aws_db_instance', 'db', { engine_version: '8.0.39' }));
    expect(report.lines.find((line) => line.priceKey === 'rds:mysql:extended-support')).toMatchObject({ quantity: 2 * 2 * 730, monthly: expect.closeTo(2 * 2 * 730 * 0.12, 6) });
  });

  it('charges an auto-assigned public IPv4 address per ASG instance in a public subnet', () => {
    const autoAssigning = patch(threeTier(), 'aws_subnet', 'public_a', { map_public_ip_on_launch: true });
    const report = cost(patch(autoAssigning, 'aws_autoscaling_group', 'app', { vpc_zone_identifier: [ref('aws_subnet', 'public_a')] }));
    expect(report.lines.find((line) => line.address === 'aws_autoscaling_group.app' && line.priceKey === 'ipv4:public')?.monthly).toBeCloseTo(2 * 730 * 0.005, 6);
  });

  it('bills an instance with an Elastic IP one public address, however the EIP is attached (issue 17, item 12)', () => {
    const autoAssigning = patch(threeTier(), 'aws_instance', 'bastion', { associate_public_ip_address: true });
    const throughAssociation = patch(autoAssigning, 'aws_eip', 'bastion', { instance: undefined });
    throughAssociation.resource.aws_eip_association = { bastion: { instance_id: ref('aws_instance', 'bastion'), allocation_id: ref('aws_eip', 'bastion') } };
    for (const stack of [autoAssigning, throughAssociation]) {
      const addresses = cost(stack).lines.filter((line) => line.priceKey === 'ipv4:public' && line.address.endsWith('.bastion'));
      expect(addresses.map((line) => `${line.address} ${line.item}`)).toEqual(['aws_eip.bastion public IPv4 address × 1 (Elastic IP)']);
    }
    const withoutEip = patch(patch(autoAssigning, 'aws_eip', 'bastion', { instance: undefined }), 'aws_instance', 'bastion', {});
    expect(
      cost(withoutEip)
        .lines.filter((line) => line.priceKey === 'ipv4:public' && line.address === 'aws_instance.bastion')
        .map((line) => line.item),
    ).toEqual(['public IPv4 address × 1 (auto-assigned)']);
  });

  it('prices per-tier ALBs against one shared ALB', () => {
    const stack = threeTier();
    stack.resource.aws_lb.api = { ...stack.resource.aws_lb.web, name: 'tt-prod-api', tags: { Name: 'tt-prod-api' } };
    const albs = cost(stack).scenarios.find((scenario) => scenario.topic.startsWith('Application'));
    const perAlb = 730 * 0.0225 + 730 * 0.008 + 2 * 730 * 0.005;
    expect(albs?.options.map((option) => option.monthly)).toEqual([expect.closeTo(2 * perAlb, 6), expect.closeTo(perAlb, 6)]);
    expect(albs?.options[1].delta).toBeCloseTo(-perAlb, 6);
  });

  it('prices office hours of a group its schedules name by group name, as a plan resolves the reference', () => {
    const stack = threeTier();
    const action = (recurrence: string, capacity: number): Record<string, unknown> => ({ autoscaling_group_name: 'tt-prod-app', recurrence, desired_capacity: capacity, min_size: capacity, max_size: 4 });
    stack.resource.aws_autoscaling_schedule = { start: action('0 9 * * MON-FRI', 2), stop: action('0 19 * * MON-FRI', 0) };
    const line = cost(stack).lines.find((candidate) => candidate.address === 'aws_autoscaling_group.app' && candidate.priceKey === 'ec2:t3.micro');
    expect(line).toMatchObject({ item: 'EC2 t3.micro × 2 (office hours: 50 of 168 h a week)', quantity: expect.closeTo((2 * 730 * 50) / 168, 6) });
  });

  it('counts ASG instances as desired capacity, else min size, else one', () => {
    const fromMin = cost(patch(threeTier(), 'aws_autoscaling_group', 'app', { desired_capacity: undefined, min_size: 3 }));
    const fromNothing = cost(patch(threeTier(), 'aws_autoscaling_group', 'app', { desired_capacity: undefined, min_size: undefined }));
    expect(fromMin.lines.find((line) => line.priceKey === 'ec2:t3.micro' && line.address.startsWith('aws_autoscaling'))?.quantity).toBe(3 * 730);
    expect(fromNothing.lines.find((line) => line.priceKey === 'ec2:t3.micro' && line.address.startsWith('aws_autoscaling'))?.quantity).toBe(730);
  });

  it('lists resource types it cannot price', () => {
    expect(cost(patch(threeTier(), 'aws_elasticache_cluster', 'cache', { node_type: 'cache.t3.micro' })).notPriced).toEqual(['aws_elasticache_cluster']);
  });
});

describe('price table and usage assumptions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'review-usage-'));
  const file = (name: string, content: string): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('keeps the shared reference items with their basis, confidence, note and a source', () => {
    const ipv4 = prices.items.get('ipv4:public');
    expect(ipv4).toMatchObject({ price: 0.005, confidence: 'high', regionOfPrice: 'ap-northeast-2' });
    expect(ipv4?.basis).toEqual(['price-list', 'bill']);
    expect(ipv4?.source).toContain('aws-prices-ap-northeast-2.json');
    expect(prices.items.get('rds:mysql:db.t4g.medium:multi-az')?.price).toBeUndefined();
  });

  it('overrides usage keys from a file', () => {
    expect(loadUsage(file('override.json', '{ "nat_gateway_data_processed_gb_per_month": 10 }')).nat_gateway_data_processed_gb_per_month).toBe(10);
  });

  it.each([
    ['unknown.json', '{ "nat_gb": 10 }', 'unknown usage key "nat_gb"'],
    ['negative.json', '{ "alb_average_lcu": -1 }', 'alb_average_lcu must be a number of at least 0'],
    ['list.json', '[1]', 'expected an object of usage assumptions'],
    ['broken.json', '{', 'is not valid JSON'],
  ])('refuses a bad usage file (%s)', (name, content, message) => {
    expect(() => loadUsage(file(name, content))).toThrow(message);
  });

  it('refuses a missing usage file and a price table without items', () => {
    expect(() => loadUsage(join(dir, 'missing.json'))).toThrow(/cannot read .*missing\.json/);
    expect(() => loadPriceTable(file('prices.json', '{ "region": "x" }'))).toThrow('not a price table');
    expect(() => loadPriceTable(file('prices-bad-item.json', '{ "items": [{ "key": "x", "unit": "h", "price": "free" }] }'))).toThrow('numeric (or null) price');
  });
});

/** The fixture moved to another region: its provider and its subnets' availability zones. */
function inRegion(stack: Stack, region: string | undefined, zonesIn = region): Stack {
  const moved: Stack = { ...stack, provider: { aws: [{ ...(region === undefined ? {} : { region }) }] }, resource: { ...stack.resource } };
  moved.resource.aws_subnet = Object.fromEntries(
    Object.entries(stack.resource.aws_subnet).map(([name, body]) => {
      const zone = String(body.availability_zone).slice(-1);
      return [name, zonesIn === undefined ? { ...body, availability_zone: undefined } : { ...body, availability_zone: `${zonesIn}${zone}` }];
    }),
  );
  return moved;
}

describe('cost by region', () => {
  it('ships tables for Seoul and us-east-1 and refuses names that are not regions', () => {
    expect(pricedRegions()).toEqual(['ap-northeast-2', 'us-east-1']);
    expect(priceTableFor('us-east-1')?.region).toBe('us-east-1');
    expect(priceTableFor('us-west-2')).toBeUndefined();
    expect(priceTableFor('../data/prices-us-east-1')).toBeUndefined();
  });

  it('gives every us-east-1 price a source and a confidence', () => {
    const table = priceTableFor('us-east-1');
    const items = [...(table?.items.values() ?? [])];
    expect(items.length).toBeGreaterThan(40);
    for (const item of items) {
      expect({ key: item.key, source: item.source.length > 20, confidence: item.confidence !== undefined, region: ['us-east-1', 'global'].includes(item.regionOfPrice) }).toEqual({
        key: item.key,
        source: true,
        confidence: true,
        region: true,
      });
    }
  });

  it('prices a us-east-1 input with us-east-1 prices, against figures worked out by hand', () => {
    const report = cost(inRegion(threeTier(), 'us-east-1'));
    // us-east-1 prices from data/prices-us-east-1.json (Infracost golden files and AWS pricing pages).
    const byHand: Readonly<Record<string, number>> = {
      'aws_autoscaling_group.app': 2 * 730 * 0.0104 + 2 * 8 * 0.08,
      'aws_instance.bastion': 730 * 0.0104 + 8 * 0.08,
      'aws_eip.bastion': 730 * 0.005,
      'aws_eip.nat_a': 730 * 0.005,
      'aws_nat_gateway.nat_a': 730 * 0.045 + 100 * 0.045,
      'aws_lb.web': 730 * 0.0225 + 730 * 0.008 + 2 * 730 * 0.005,
      'aws_db_instance.db': 730 * 0.032 + 20 * 0.23 + 0.4,
      'aws_cloudwatch_log_group.flow': 5 * 0.5,
      'aws_route53_zone.main': 0.5 + 0.4,
      'aws_s3_bucket.state': 0.023,
    };
    for (const [address, expected] of Object.entries(byHand)) {
      expect([address, monthlyOf(report, address)]).toEqual([address, expect.closeTo(expected, 6)]);
    }
    expect(report.total).toBeCloseTo(
      Object.values(byHand).reduce((a, b) => a + b, 0),
      6,
    );
    expect(report.region).toMatchObject({ input: 'us-east-1', priced: 'us-east-1' });
    expect(report.lowerBound).toBe(false);
    expect(report.unpriced).toEqual([]);
  });

  it('says a us-west-2 input is not priced, applies no Seoul price and lists everything as unpriced', () => {
    const report = cost(inRegion(threeTier(), 'us-west-2'));
    expect(report.region).toMatchObject({ input: 'us-west-2', priced: undefined });
    expect(report.region.note).toContain('us-west-2 is not priced: no price table for it (priced regions: ap-northeast-2, us-east-1), and no other region');
    expect(report.lines.length).toBeGreaterThan(10);
    expect(report.lines.filter((line) => line.unitPrice !== undefined)).toEqual([]);
    expect(report.total).toBe(0);
    expect(report.lowerBound).toBe(true);
    expect(report.unpriced).toContainEqual({ address: 'aws_instance.bastion', item: 'EC2 t3.micro', reason: 'region us-west-2 is not priced' });
    expect(report.scenarios).toEqual([]);
  });

  it('gives an unpriced region no total in JSON: null, and why (issue 17, item 12)', () => {
    const json: unknown = JSON.parse(renderJson(review(modelFromJson(inRegion(threeTier(), 'us-west-2'), 'fixture'))));
    const costJson = isObject(json) && isObject(json.cost) ? json.cost : {};
    expect(costJson.total).toBeNull();
    expect(costJson.totalUnknown).toMatch(/^us-west-2 is not priced: no price table for it/);
    const priced: unknown = JSON.parse(renderJson(review(modelFromJson(threeTier(), 'fixture'))));
    expect(isObject(priced) && isObject(priced.cost) ? [priced.cost.total, 'totalUnknown' in priced.cost] : []).toEqual([expect.closeTo(164.0888, 4), false]);
  });

  it('reads the region from the availability zones when the provider names none', () => {
    const report = cost(inRegion(threeTier(), undefined, 'us-east-1'));
    expect(report.region).toMatchObject({ input: 'us-east-1', priced: 'us-east-1' });
    expect(report.region.note).toContain('us-east-1 on-demand prices compiled 2026-11');
  });

  it('says so when nothing names the region, and prices with the given table as an assumption', () => {
    const report = cost(inRegion(threeTier(), undefined, undefined));
    expect(report.region).toMatchObject({ input: undefined, priced: 'ap-northeast-2' });
    expect(report.region.note).toContain('does not say its region');
  });

  it('lists m5.4xlarge and io1 without a Seoul price as unpriced and marks the total a lower bound', () => {
    const stack = patch(threeTier(), 'aws_instance', 'bastion', {
      instance_type: 'm5.4xlarge',
      ebs_block_device: [{ device_name: '/dev/sdf', volume_type: 'io1', volume_size: 1000, iops: 800 }],
    });
    const report = cost(stack);
    expect(report.unpriced).toEqual([
      { address: 'aws_instance.bastion', item: 'EC2 m5.4xlarge', reason: 'no ap-northeast-2 price for ec2:m5.4xlarge' },
      { address: 'aws_instance.bastion', item: 'EBS io1 1000 GB', reason: 'no ap-northeast-2 price for ebs:io1' },
      { address: 'aws_instance.bastion', item: 'EBS io1 800 provisioned IOPS', reason: 'no ap-northeast-2 price for ebs:io1:iops' },
    ]);
    expect(report.lowerBound).toBe(true);
    expect(report.total).toBeCloseTo(164.0888 - 730 * 0.013, 6);
  });

  it('prices the same m5.4xlarge and io1 in us-east-1 as Infracost does ($560.64 + $125.00 + $52.00)', () => {
    const stack = patch(inRegion(threeTier(), 'us-east-1'), 'aws_instance', 'bastion', {
      instance_type: 'm5.4xlarge',
      root_block_device: [{ volume_size: 50, volume_type: 'gp2' }],
      ebs_block_device: [{ device_name: '/dev/sdf', volume_type: 'io1', volume_size: 1000, iops: 800 }],
    });
    expect(monthlyOf(cost(stack), 'aws_instance.bastion')).toBeCloseTo(560.64 + 5 + 125 + 52, 6);
  });

  it('lists resources of unpriced types by address, not only by type', () => {
    const report = cost(patch(threeTier(), 'aws_elasticache_cluster', 'cache', { node_type: 'cache.t3.micro' }));
    expect(report.unpriced).toEqual([{ address: 'aws_elasticache_cluster.cache', item: 'aws_elasticache_cluster', reason: 'aws_elasticache_cluster is not priced by this review' }]);
    expect(report.lowerBound).toBe(true);
  });

  it('prices interface endpoints per AZ plus assumed data, and gateway endpoints (the default type) as free', () => {
    const stack = patch(
      patch(threeTier(), 'aws_vpc_endpoint', 'ecr', {
        vpc_id: ref('aws_vpc', 'main'),
        service_name: 'com.amazonaws.ap-northeast-2.ecr.dkr',
        vpc_endpoint_type: 'Interface',
        subnet_ids: [ref('aws_subnet', 'app_a'), ref('aws_subnet', 'app_c')],
      }),
      'aws_vpc_endpoint',
      's3',
      { vpc_id: ref('aws_vpc', 'main'), service_name: 'com.amazonaws.ap-northeast-2.s3' },
    );
    const report = cost(stack);
    expect(monthlyOf(report, 'aws_vpc_endpoint.ecr')).toBeCloseTo(2 * 730 * 0.013 + 10 * 0.01, 6);
    expect(report.lines.filter((line) => line.address === 'aws_vpc_endpoint.s3')).toEqual([]);
    expect(report.unpriced).toEqual([]);
  });

  it('prices a group that launches from a launch configuration by its type and volumes', () => {
    const stack = patch(
      patch(threeTier(), 'aws_launch_configuration', 'old', { image_id: 'ami-0123456789abcdef0', instance_type: 't3.small', root_block_device: [{ volume_size: 10, volume_type: 'gp2' }] }),
      'aws_autoscaling_group',
      'app',
      { launch_template: undefined, launch_configuration: ref('aws_launch_configuration', 'old', 'name') },
    );
    expect(monthlyOf(cost(stack), 'aws_autoscaling_group.app')).toBeCloseTo(2 * 730 * 0.026 + 2 * 10 * 0.114, 6);
  });

  it('prices a Network Load Balancer: hours, assumed NLCU and one public IPv4 address per subnet', () => {
    const stack = patch(inRegion(threeTier(), 'us-east-1'), 'aws_lb', 'web', { load_balancer_type: 'network' });
    expect(monthlyOf(cost(stack), 'aws_lb.web')).toBeCloseTo(730 * 0.0225 + 730 * 0.006 + 2 * 730 * 0.005, 6);
  });

  it('leaves out what the plan forgets (a removed block) or deletes', () => {
    const model = loadInput(join(__dirname, '..', 'fixtures', 'real-plans', 'generated', 'removed-block', 'plan.json'));
    const report = costOf(model, topologyOf(model), prices, usage);
    expect(model.changes?.find((change) => change.address === 'aws_instance.legacy')?.kind).toBe('forget');
    expect(report.lines.filter((line) => line.address === 'aws_instance.legacy')).toEqual([]);
    expect(report.unpriced).toEqual([]);
  });

  it('treats resources of Terraform-only providers as free and other clouds as unpriced', () => {
    const report = cost(patch(patch(threeTier(), 'null_resource', 'hook', {}), 'azurerm_resource_group', 'rg', { location: 'eastus' }));
    expect(report.unpriced.map((entry) => entry.address)).toEqual(['azurerm_resource_group.rg']);
  });

  it('marks a partly priced total "at least" in Markdown', () => {
    const model = modelFromJson(patch(threeTier(), 'aws_instance', 'bastion', { instance_type: 'm5.4xlarge' }), 'fixture');
    const markdown = renderMarkdown(review(model, { prices, usage }));
    expect(markdown).toContain(`## 4. Monthly cost (USD, ap-northeast-2): at least $${(164.0888 - 730 * 0.013).toFixed(2)}`);
    expect(markdown).toContain('- `aws_instance.bastion`: EC2 m5.4xlarge (no ap-northeast-2 price for ec2:m5.4xlarge)');
  });

  it('shows the region, the unpriced items and the lower bound in every format', () => {
    const model = modelFromJson(patch(inRegion(threeTier(), 'us-west-2'), 'aws_instance', 'bastion', { instance_type: 'm5.4xlarge' }), 'fixture');
    const result = review(model, { prices, usage });
    const markdown = renderMarkdown(result);
    const terminal = renderTerminal(result, { color: false, width: 160 });
    const json: unknown = JSON.parse(renderJson(result));
    expect(markdown).toContain('## 4. Monthly cost (USD, us-west-2): not priced');
    expect(markdown).toContain('us-west-2 is not priced');
    expect(markdown).toContain('- `aws_instance.bastion`: EC2 m5.4xlarge (region us-west-2 is not priced)');
    expect(terminal).toContain('4. Monthly cost (USD, us-west-2: not priced)');
    expect(terminal).toContain('aws_instance.bastion: EC2 m5.4xlarge (region us-west-2 is not priced)');
    expect(terminal).toContain('Total (lower bound)');
    expect(terminal).not.toContain('$0.00');
    expect(json).toMatchObject({
      cost: { lowerBound: true, region: { input: 'us-west-2' }, unpriced: expect.arrayContaining([{ address: 'aws_instance.bastion', item: 'EC2 m5.4xlarge', reason: 'region us-west-2 is not priced' }]) },
    });
  });
});

describe('what a NAT change saves prices what it adds', () => {
  const ECR = '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/app:1';
  const natOf = (overrides: Readonly<Record<string, string>>) => {
    const model = modelFromJson(new EnvironmentStack(Testing.app(), 'dev', configFor('dev', overrides)).toTerraform(), 'dev');
    return costOf(model, topologyOf(model), prices, usage).scenarios.find((scenario) => scenario.topic.startsWith('NAT'));
  };
  const endpoints = 7 * (2 * 730 * 0.013 + 10 * 0.01);
  const natInstance = 730 * (0.0052 + 2 * 0.005) + 8 * 0.0912;

  it('dev (a NAT instance): none adds the seven interface endpoints, +$121.73, not a saving', () => {
    const none = natOf({})?.options[0];
    expect(none).toMatchObject({ label: 'none: private ECR images only (adds 7 interface endpoints × 2 AZ: ecr.api, ecr.dkr, logs, secretsmanager, ssm, ssmmessages, ec2messages)', current: false });
    expect(none?.monthly).toBeCloseTo(endpoints, 6);
    expect(none?.delta).toBeCloseTo(endpoints - natInstance, 6);
    expect(none?.delta.toFixed(2)).toBe('121.73');
  });

  it('dev with natMode none: now is the endpoints, and every NAT option drops them', () => {
    const nat = natOf({ TT__network__natMode: 'none', TT__frontend__image: ECR, TT__backend__image: ECR });
    expect(nat?.options.map((option) => [option.label.split(':')[0].split(' (')[0], option.current])).toEqual([
      ['none', true],
      ['single gateway', false],
      ['one gateway per AZ', false],
      ['one NAT instance', false],
      ['one NAT instance per AZ', false],
    ]);
    expect(nat?.options[0].monthly).toBeCloseTo(endpoints, 6);
    expect(nat?.options[3].delta).toBeCloseTo(natInstance - endpoints, 6);
  });
});

describe('the shipped stacks, priced in each priced region', () => {
  it.each(['dev', 'prod'])('%s: every resource has a price in Seoul and in us-east-1', (environment) => {
    const json: unknown = new EnvironmentStack(Testing.app(), environment, configFor(environment)).toTerraform();
    const aws = isObject(json) && isObject(json.provider) && isArray(json.provider.aws) ? json.provider.aws.filter(isObject) : [];
    expect(aws.length).toBe(1);
    for (const region of ['ap-northeast-2', 'us-east-1']) {
      const model = modelFromJson({ ...(isObject(json) ? json : {}), provider: { aws: [{ ...aws[0], region }] } }, environment);
      const report = costOf(model, topologyOf(model), prices, usage);
      expect({ region, priced: report.region.priced, unpriced: report.unpriced }).toEqual({ region, priced: region, unpriced: [] });
      expect(report.total).toBeGreaterThan(50);
    }
  });
});
