import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { costOf, type CostReport } from '../../src/review/cost';
import { modelFromJson } from '../../src/review/load';
import { loadPriceTable, loadUsage } from '../../src/review/prices';
import { topologyOf } from '../../src/review/topology';
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
    expect(report.total).toBeCloseTo(Object.values(byHand).reduce((a, b) => a + b, 0), 6);
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
      [0, false],
      [expect.closeTo(perGateway + 5.9, 6), true],
      [expect.closeTo(2 * perGateway + 5.9, 6), false],
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
    expect(line).toMatchObject({ unitPrice: expect.closeTo(2 * 0.068, 9), monthly: expect.closeTo(730 * 2 * 0.068, 6), confidence: 'derived: 2 x Single-AZ (medium (for us-east-1))' });
    expect(report.unknownLines).toBe(0);
  });

  it('adds MySQL 8.0 Extended Support per vCPU-hour, for both instances of a Multi-AZ pair', () => {
    const report = cost(patch(threeTier(), 'aws_db_instance', 'db', { engine_version: '8.0.39' }));
    expect(report.lines.find((line) => line.priceKey === 'rds:mysql:extended-support')).toMatchObject({ quantity: 2 * 2 * 730, monthly: expect.closeTo(2 * 2 * 730 * 0.12, 6) });
  });

  it('charges an auto-assigned public IPv4 address per ASG instance in a public subnet', () => {
    const report = cost(patch(threeTier(), 'aws_autoscaling_group', 'app', { vpc_zone_identifier: [ref('aws_subnet', 'public_a')] }));
    expect(report.lines.find((line) => line.address === 'aws_autoscaling_group.app' && line.priceKey === 'ipv4:public')?.monthly).toBeCloseTo(2 * 730 * 0.005, 6);
  });

  it('prices per-tier ALBs against one shared ALB', () => {
    const stack = threeTier();
    stack.resource.aws_lb.api = { ...stack.resource.aws_lb.web, name: 'tt-prod-api', tags: { Name: 'tt-prod-api' } };
    const albs = cost(stack).scenarios.find((scenario) => scenario.topic.startsWith('Application'));
    const perAlb = 730 * 0.0225 + 730 * 0.008 + 2 * 730 * 0.005;
    expect(albs?.options.map((option) => option.monthly)).toEqual([expect.closeTo(2 * perAlb, 6), expect.closeTo(perAlb, 6)]);
    expect(albs?.options[1].delta).toBeCloseTo(-perAlb, 6);
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
