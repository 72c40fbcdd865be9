import fc from 'fast-check';
import { modelFromJson } from '../../src/review/load';
import { formatPorts } from '../../src/review/ports';
import { renderMarkdown } from '../../src/review/render/markdown';
import { renderTerminal } from '../../src/review/render/terminal';
import { review, type Review } from '../../src/review/review';
import { networkPlan, PLAN_IDIOMS, type NetworkSpec } from './fixtures/idiom-plans';

/**
 * The metamorphic property in the unit tier: for any count of subnets, any names and any port of any
 * group opened to the world by mistake, the reference network reads the same in every idiom of plan
 * JSON (direct references, for_each with each.value over the subnets and over a map of ids, count,
 * subnets in a module seen through its outputs, the three ways to write a security-group rule, an
 * instance on a network interface): same reachability, same findings by what they say, same cost.
 * The terraform tier plans the same network in HCL with real terraform.
 */

const specs: fc.Arbitrary<NetworkSpec> = fc.record({
  publicSubnets: fc.integer({ min: 1, max: 3 }),
  appSubnets: fc.integer({ min: 1, max: 3 }),
  prefix: fc.constantFrom('', 'shop-', 'tt-dev-', 'x'),
  open: fc.record({ group: fc.constantFrom('bastion' as const, 'app' as const, 'db' as const), port: fc.constantFrom(22, 3389, 5432, 8000, 9200) }),
  adminCidr: fc.constantFrom('203.0.113.0/24', '198.51.100.7/32'),
});

function labelOf(result: Review, id: string): string {
  return result.reachability.sources.find((source) => source.id === id)?.label ?? id;
}

interface Verdict {
  readonly flows: readonly string[];
  readonly paths: readonly string[];
  readonly unknown: number;
  readonly findings: readonly string[];
  readonly cost: string;
}

function verdictOf(result: Review): Verdict {
  return {
    flows: result.reachability.flows.map((flow) => `${labelOf(result, flow.from)} → ${labelOf(result, flow.to)}: ${formatPorts(flow.ports)}`).sort(),
    paths: result.reachability.paths,
    unknown: result.reachability.unknown.length + result.reachability.unknownRouting.length,
    findings: result.findings.map((finding) => `${finding.id} ${finding.severity} ${finding.message}`).sort(),
    cost: result.cost.total.toFixed(2),
  };
}

function reviewed(spec: NetworkSpec, idiom: (typeof PLAN_IDIOMS)[number]): Review {
  return review(modelFromJson(networkPlan(spec, idiom), `${idiom}/plan.json`));
}

describe('the reference network in every idiom of plan JSON gets one verdict (fast-check)', () => {
  it('direct references read right, so that agreeing with them means something', () => {
    const spec: NetworkSpec = { publicSubnets: 2, appSubnets: 2, prefix: 'shop-', open: { group: 'bastion', port: 8000 }, adminCidr: '203.0.113.0/24' };
    const verdict = verdictOf(reviewed(spec, 'direct'));
    expect(verdict.flows).toEqual([
      'admin (203.0.113.0/24) → bastion EC2: tcp/22,8000',
      'admin (203.0.113.0/24) → web ALB: tcp/443',
      'app ASG → db RDS: tcp/3306',
      'bastion EC2 → db RDS: tcp/3306',
      'internet → bastion EC2: tcp/8000',
      'internet → web ALB: tcp/443',
      'web ALB → app ASG: tcp/8080',
    ]);
    expect(verdict.unknown).toBe(0);
    expect(verdict.findings.filter((finding) => finding.includes(' error '))).toEqual(['TT-SG-001 error shop-bastion admits 0.0.0.0/0 on tcp/8000']);
  });

  it('holds for any subnet counts, names and mistake', () => {
    fc.assert(
      fc.property(specs, (spec) => {
        const expected = verdictOf(reviewed(spec, 'direct'));
        expect(expected.unknown).toBe(0);
        // The mistake is found wherever it is, and reaches the internet only on the bastion, the one public host.
        expect(expected.findings.some((finding) => finding.startsWith('TT-SG-001 error') && finding.includes(`tcp/${spec.open.port}`))).toBe(true);
        expect(expected.flows.some((flow) => /^internet → \S*bastion EC2: /.test(flow) && flow.includes(String(spec.open.port)))).toBe(spec.open.group === 'bastion');
        for (const idiom of PLAN_IDIOMS) {
          expect({ idiom, ...verdictOf(reviewed(spec, idiom)) }).toEqual({ idiom, ...expected });
        }
      }),
      { numRuns: 15 },
    );
  });

  it('never lets a placeholder (${...}) reach the terminal or Markdown report, in any idiom', () => {
    const spec: NetworkSpec = { publicSubnets: 2, appSubnets: 1, prefix: '', open: { group: 'app', port: 5432 }, adminCidr: '203.0.113.0/24' };
    for (const idiom of PLAN_IDIOMS) {
      const result = reviewed(spec, idiom);
      for (const text of [renderTerminal(result, { color: false, width: 160 }), renderMarkdown(result)]) {
        expect({ idiom, lines: text.split('\n').filter((line) => line.includes('${')) }).toEqual({ idiom, lines: [] });
      }
    }
  });
});
