import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { layoutOf, renderSvg, toDot, toMermaid } from '../../src/review/diagram';
import { diagramOf } from '../../src/review/diagram-cli';
import { modelFromJson } from '../../src/review/load';
import type { Model } from '../../src/review/model';
import { reachabilityOf } from '../../src/review/reachability';
import { topologyOf } from '../../src/review/topology';
import { synthEnvironment } from '../support/stacks';
import { patch, threeTier } from './fixtures/stack';

function pictures(model: Model): { dot: string; mermaid: string } {
  const topology = topologyOf(model);
  const layout = layoutOf(model, topology, reachabilityOf(topology));
  return { dot: toDot(layout), mermaid: toMermaid(layout) };
}

const model = modelFromJson(threeTier(), 'fixture');
const subnets = topologyOf(model).subnets;

describe('architecture diagram of the fixture', () => {
  const { dot, mermaid } = pictures(model);
  let svg = '';
  let rendered = '';
  beforeAll(async () => {
    rendered = await renderSvg(dot);
    // Graphviz writes some characters (the dash) as numeric entities.
    svg = rendered.replace(/&#(\d+);/g, (_entity, code: string) => String.fromCharCode(Number(code)));
  });

  it('holds every subnet, with its tier and CIDR, in all three forms', () => {
    expect(subnets).toHaveLength(6);
    for (const subnet of subnets) {
      const label = `${subnet.tier} ${subnet.cidr}`;
      expect(dot).toContain(label);
      expect(mermaid).toContain(label);
      expect(svg).toContain(label);
    }
    for (const tier of ['public', 'app', 'db']) {
      expect(svg).toContain(`>${tier} `);
    }
  });

  it('nests region, VPC, AZ and subnet', () => {
    const order = ['subgraph cluster_region', 'subgraph cluster_vpc0 ', 'subgraph cluster_vpc0_az0', 'subgraph cluster_s0'].map((marker) => dot.indexOf(marker));
    expect(order.every((position, index) => position >= 0 && (index === 0 || position > order[index - 1]))).toBe(true);
    expect(svg).toContain('Region ap-northeast-2');
    expect(svg).toContain('ap-northeast-2a');
    expect(svg).toContain('ap-northeast-2c');
  });

  it('places the components and draws the allowed flows as arrows', () => {
    for (const label of ['web ALB', 'app ASG', 'bastion EC2', 'mysql RDS (Multi-AZ)', 'NAT gateway', 'Internet gateway']) {
      expect(svg).toContain(label);
    }
    expect(dot).toMatch(/igw0 -> n\d+ \[label="tcp\/80,443"/);
    expect(dot).toMatch(/admin -> igw0/);
    expect(mermaid).toMatch(/-->\|"tcp\/3306"\|/);
    expect(mermaid).toMatch(/-\.->\|"tcp\/22"\|/);
  });

  it('draws a Single-AZ database once', () => {
    const single = pictures(modelFromJson(patch(threeTier(), 'aws_db_instance', 'db', { multi_az: false }), 'fixture')).dot;
    expect(single.match(/mysql RDS \(Single-AZ\)/g)).toHaveLength(1);
  });

  it('renders the same SVG every time', async () => {
    expect(await renderSvg(dot)).toBe(rendered);
  });
});

describe("dev's diagram (a NAT instance in one AZ, a Single-AZ database)", () => {
  const dev = modelFromJson(JSON.parse(synthEnvironment('dev')), 'dev');
  const { dot, mermaid } = pictures(dev);
  const layout = layoutOf(dev, topologyOf(dev), reachabilityOf(topologyOf(dev)));
  const subnetId = (tier: string, az: string): string | undefined => layout.subnets.find((entry) => entry.subnet.tier === tier && entry.subnet.az === az)?.id;
  const nat = layout.boxes.find((box) => box.label === 'nat-ap-northeast-2a ASG')?.id;

  it('draws egress through the NAT instance for the app subnets of both AZs, and from it to the internet gateway', () => {
    expect(nat).toBeDefined();
    for (const az of ['ap-northeast-2a', 'ap-northeast-2c']) {
      expect(mermaid).toContain(`  ${subnetId('app', az)} -.->|"0.0.0.0/0"| ${nat}\n`);
      expect(dot).toContain(`-> ${nat} [label="0.0.0.0/0", ltail=cluster_${subnetId('app', az)}, `);
    }
    expect(mermaid).toContain(`  ${nat} -.->|"egress"| igw0\n`);
    // The db subnets route nowhere: no egress from them.
    expect(mermaid).not.toMatch(new RegExp(`${subnetId('db', 'ap-northeast-2c')} -\\.->`));
  });

  it('says why the second db subnet is empty instead of drawing an empty box', () => {
    const spare = subnetId('db', 'ap-northeast-2c');
    expect(mermaid).toContain(`${spare}_empty["mysql RDS subnet group: spare (Single-AZ)"]:::note`);
    expect(dot).toContain(`${spare}_empty [label="mysql RDS subnet group: spare (Single-AZ)", shape=plaintext`);
    expect(mermaid).not.toContain('[ ]');
  });

  it('gives Mermaid subgraphs one-line titles (Mermaid 11 hides a second line under the boxes: see the browser test)', () => {
    const titles = mermaid.split('\n').filter((line) => line.trim().startsWith('subgraph '));
    expect(titles).toHaveLength(10);
    expect(titles.filter((line) => line.includes('<br/>'))).toEqual([]);
    expect(titles).toContain('        subgraph s0["public 10.0.0.0/24 · 0.0.0.0/0 → IGW"]');
  });
});

describe('docs/architecture.svg', () => {
  const committed = join(__dirname, '..', '..', 'docs', 'architecture.svg');

  it('is what `npm run diagram -- --docs` makes of the prod stack today (regenerate: npm run synth && npm run diagram -- --docs)', async () => {
    expect(existsSync(committed)).toBe(true);
    const fresh = await diagramOf(modelFromJson(JSON.parse(synthEnvironment('prod')), 'prod'));
    const stale = 'docs/architecture.svg is stale: run `npm run synth && npm run diagram -- --docs` and commit the result';
    expect({ stale, equal: readFileSync(committed, 'utf8') === fresh.svg }).toEqual({ stale, equal: true });
    expect(readFileSync(committed.replace(/\.svg$/, '.mmd'), 'utf8')).toBe(fresh.mermaid);
    // Synthesizing prod and loading Graphviz's WebAssembly outlast Jest's 5 s default on a busy machine.
  }, 60_000);
});
