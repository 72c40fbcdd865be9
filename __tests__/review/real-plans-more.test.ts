import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reviewChange } from '../../src/review/change/change-review';
import { TRAFFIC_RECEIVING_TYPES } from '../../src/review/coverage';
import { loadChange } from '../../src/review/change/sides';
import { loadInput } from '../../src/review/load';
import { formatPorts } from '../../src/review/ports';
import { INTERNET } from '../../src/review/reachability';
import { renderJson } from '../../src/review/render/json';
import { renderMarkdown } from '../../src/review/render/markdown';
import { renderTerminal } from '../../src/review/render/terminal';
import { review, type Review } from '../../src/review/review';
import { CORPUS_DIR } from '../fixtures/real-plans/truths';
import { MORE_TRUTHS, type MoreTruth } from '../fixtures/real-plans/truths-more';

const reviews = new Map<string, Review>();
function reviewOf(truth: MoreTruth): Review {
  const cached = reviews.get(truth.file) ?? review(loadInput(join(CORPUS_DIR, truth.file)));
  reviews.set(truth.file, cached);
  return cached;
}

/** The review's statement "internet → <component>: ..." for a component address. */
function internetStatement(result: Review, address: string): string | undefined {
  const label = result.reachability.targets.find((target) => target.address === address)?.label;
  return label === undefined ? undefined : result.reachability.paths.find((path) => path.startsWith(`${INTERNET} → ${label}:`));
}

/** `status` of the JSON report, parsed as a reader of it would. */
function status(result: Review): { readonly complete: unknown; readonly notAnalysed: unknown } {
  const parsed: unknown = JSON.parse(renderJson(result));
  const found = typeof parsed === 'object' && parsed !== null && 'status' in parsed ? parsed.status : undefined;
  return typeof found === 'object' && found !== null && 'complete' in found && 'notAnalysed' in found ? { complete: found.complete, notAnalysed: found.notAnalysed } : { complete: undefined, notAnalysed: undefined };
}

describe('the corpus, second part (issue 17)', () => {
  it('adds at least 15 plans from at least 8 repositories not in the first part, EKS- and terraform-aws-modules-dominated ones among them', () => {
    const repositories = new Set(MORE_TRUTHS.map((truth) => truth.file.split('-')[0]));
    const firstPart = new Set(['checkov', 'infracost', 'regula', 'tfc', 'tfjson', 'trivy']);
    expect(MORE_TRUTHS.length).toBeGreaterThanOrEqual(15);
    expect([...repositories].filter((repository) => !firstPart.has(repository)).length).toBeGreaterThanOrEqual(8);
    expect(MORE_TRUTHS.filter((truth) => /EKS/.test(truth.about)).length).toBeGreaterThanOrEqual(2);
    expect(MORE_TRUTHS.some((truth) => /terraform-aws-modules/.test(truth.about))).toBe(true);
  });

  it('names the repository, commit, path and licence of every file in SOURCES.md, each under 1 MB', () => {
    const sources = readFileSync(join(CORPUS_DIR, 'SOURCES.md'), 'utf8');
    for (const truth of MORE_TRUTHS) {
      const row = sources.split('\n').find((line) => line.includes(`\`${truth.file}\``));
      expect(row).toMatch(/\| [\w.-]+\/[\w.-]+ \| [0-9a-f]{40} \| \S+ \| (MIT|Apache-2\.0|MPL-2\.0)/);
      expect(readFileSync(join(CORPUS_DIR, truth.file)).length).toBeLessThan(1024 * 1024);
    }
  });
});

describe.each(MORE_TRUTHS.map((truth) => [truth.file, truth] as const))('%s', (_file, truth) => {
  it('is reviewed and rendered in every format without an error', () => {
    const result = reviewOf(truth);
    expect(() => [renderTerminal(result, { color: false, width: 140 }), renderMarkdown(result), renderJson(result)]).not.toThrow();
  });

  it(`is ${truth.complete ? 'complete' : 'not complete'}: ${truth.complete ? 'everything that decides reachability is read' : 'part of it is unjudged, and the JSON says so'}`, () => {
    expect(status(reviewOf(truth)).complete).toBe(truth.complete);
  });

  it('reaches from the internet exactly the components and ports written down', () => {
    const reached = Object.fromEntries(
      reviewOf(truth)
        .reachability.flows.filter((flow) => flow.from === INTERNET)
        .map((flow) => [flow.to, formatPorts(flow.ports)]),
    );
    expect(reached).toEqual(truth.internet);
  });

  for (const address of truth.unknown ?? []) {
    it(`says what the plan cannot tell about ${address} is unknown, not unreachable`, () => {
      const statement = internetStatement(reviewOf(truth), address);
      expect(statement).toMatch(/unknown/);
      expect(statement).not.toMatch(/: unreachable/);
    });
  }

  for (const address of truth.unreachable ?? []) {
    it(`calls ${address}, which has no public address, unreachable from the internet`, () => {
      expect(internetStatement(reviewOf(truth), address)).toMatch(/: unreachable$/);
    });
  }

  it('flags exactly the groups that open SSH, and the ones that open a database port, to the world', () => {
    const { findings } = reviewOf(truth);
    const ssh = [...new Set(findings.filter((finding) => finding.id === 'TT-SG-002' && finding.severity === 'error').map((finding) => finding.address))].sort();
    expect(ssh).toEqual([...truth.sshFromWorld].sort());
    const database = findings.filter((finding) => finding.id === 'TT-SG-001' && (finding.subject?.ports ?? []).some((range) => [3306, 5432, 1433, 1521].some((port) => range.from <= port && port <= range.to)));
    expect([...new Set(database.map((finding) => finding.address))].sort()).toEqual([...truth.dbFromWorld].sort());
  });

  const mayAcceptSsh = (truth.unknown ?? []).length > 0 || (truth.notAnalysed ?? []).some((type) => TRAFFIC_RECEIVING_TYPES.has(type));
  if (mayAcceptSsh) {
    it('never says nothing accepts SSH while something unjudged may', () => {
      const ssh = reviewOf(truth).reachability.paths.find((path) => path.startsWith('SSH (tcp/22):'));
      expect(ssh).not.toMatch(/: nothing accepts SSH$/);
    });
  }

  if (truth.notAnalysed !== undefined) {
    it('reports what it does not analyse', () => {
      const { moduleCalls, providers, resourceTypes } = reviewOf(truth).notAnalysed;
      const names = [...moduleCalls, ...providers.map((entry) => entry.provider), ...resourceTypes.map((entry) => entry.type)];
      for (const name of truth.notAnalysed ?? []) {
        expect(names.filter((candidate) => candidate === name || candidate.endsWith(`/${name}`))).not.toEqual([]);
      }
    });
  }

  it('prices the input in its own region and lists every resource it cannot price', () => {
    const { cost } = reviewOf(truth);
    expect({ region: cost.region.input, priced: cost.region.priced }).toEqual({ region: truth.cost.region, priced: truth.cost.priced });
    expect([...new Set(cost.unpriced.map((entry) => entry.address))].sort()).toEqual([...truth.cost.unpriced].sort());
    if (truth.cost.total !== undefined) {
      expect(cost.total).toBeCloseTo(truth.cost.total, 2);
    }
  });

  const gate = truth.change;
  if (gate !== undefined) {
    it(`as a change (its prior state against it): exit ${gate.exitCode}, headline ${String(gate.headline)}`, () => {
      const change = reviewChange(loadChange(undefined, join(CORPUS_DIR, truth.file)));
      expect(change.exitCode).toBe(gate.exitCode);
      expect(change.headline).toMatch(gate.headline);
    });
  }
});

describe('what the second part shows besides', () => {
  it('the bucket turned public-read is an update the change review lists with its attribute; the deleted one blocks', () => {
    const change = reviewChange(loadChange(undefined, join(CORPUS_DIR, 'policyengine-s3-resource-changes.plan.json')));
    expect(change.resources.map((entry) => [entry.action, entry.address, entry.attributes.join(','), entry.blocking])).toEqual([
      ['delete', 'aws_s3_bucket.delete_bucket', '', true],
      ['update', 'aws_s3_bucket.update_bucket', 'acl', false],
      ['create', 'aws_s3_bucket.create_bucket', '', false],
    ]);
  });

  it('EKS clusters and node groups are named as possibly receiving traffic, not passed over', () => {
    for (const file of ['checkov-eks-nested-modules.plan.json', 'checkov-eks-node-group-remote-access.plan.json']) {
      const result = review(loadInput(join(CORPUS_DIR, file)));
      expect(result.reachability.unmodelled.length).toBeGreaterThan(0);
      expect(result.reachability.notes.join('\n')).toMatch(/aws_eks_(cluster|node_group)\) may receive traffic/);
      expect(renderMarkdown(result)).not.toContain('No error-level findings.');
    }
  });

  it('an instance in an aws_default_subnet has an unknown placement, never none', () => {
    const result = review(loadInput(join(CORPUS_DIR, 'infracost-deployed-volume-attachment.plan.json')));
    expect(internetStatement(result, 'aws_instance.ec2')).toMatch(/aws_default_subnet\.default \(aws_default_subnet\) is not read by this analysis/);
  });
});
