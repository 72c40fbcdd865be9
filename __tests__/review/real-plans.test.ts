import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadInput } from '../../src/review/load';
import { formatPorts } from '../../src/review/ports';
import { INTERNET } from '../../src/review/reachability';
import { renderMarkdown } from '../../src/review/render/markdown';
import { review, type Review } from '../../src/review/review';
import { CORPUS_DIR, TRUTHS, type Truth } from '../fixtures/real-plans/truths';
import { MORE_TRUTHS } from '../fixtures/real-plans/truths-more';

/** Every plan or .tf.json in the corpus, relative to its folder. */
function corpusFiles(dir = CORPUS_DIR): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      // prior-state.json is a generated plan's input state, not a plan.
      return statSync(path).isDirectory() ? corpusFiles(path) : name.endsWith('.json') && name !== 'prior-state.json' ? [relative(CORPUS_DIR, path)] : [];
    })
    .sort();
}

const DB_PORTS = [3306, 5432, 1433, 1521];

/** TCP ranges a finding's message names, in the review's port format: `on all`, `tcp/all ports`, `tcp/22,8000-8080`. */
function tcpRanges(message: string): readonly (readonly [number, number])[] {
  if (/ on all\b(?! ports)/.test(message)) {
    return [[0, 65535]];
  }
  return [...message.matchAll(/tcp\/((?:all ports|\d+(?:-\d+)?)(?:,(?:\d+(?:-\d+)?))*)/g)].flatMap((match) =>
    match[1].split(',').map((part): readonly [number, number] => {
      if (part === 'all ports') {
        return [0, 65535];
      }
      const [from, to] = part.split('-').map(Number);
      return [from, to ?? from];
    }),
  );
}

const reviews = new Map<string, Review>();
function reviewOf(truth: Truth): Review {
  const cached = reviews.get(truth.file);
  if (cached !== undefined) {
    return cached;
  }
  const result = review(loadInput(join(CORPUS_DIR, truth.file)));
  reviews.set(truth.file, result);
  return result;
}

/** The review's statement "internet → <component>: ..." for a component address. */
function internetStatement(result: Review, address: string): string | undefined {
  const label = result.reachability.targets.find((target) => target.address === address)?.label;
  return label === undefined ? undefined : result.reachability.paths.find((path) => path.startsWith(`${INTERNET} → ${label}:`));
}

/** Every name the review reports as not analysed: module calls, providers, resource types. */
function notAnalysedNames(result: Review): readonly string[] {
  const { moduleCalls, providers, resourceTypes } = result.notAnalysed;
  return [...moduleCalls, ...providers.map((entry) => entry.provider), ...resourceTypes.map((entry) => entry.type)];
}

describe('the corpus of real plans', () => {
  const files = corpusFiles();

  it('has a written truth for every file and a file for every truth', () => {
    expect([...TRUTHS, ...MORE_TRUTHS].map((truth) => truth.file).sort()).toEqual(files);
  });

  it('names the repository, commit, path and licence of every file in SOURCES.md', () => {
    const sources = readFileSync(join(CORPUS_DIR, 'SOURCES.md'), 'utf8');
    const missing = files.filter((file) => !sources.includes(`\`${file}\``));
    expect(missing).toEqual([]);
  });

  it('holds at least 15 files from public repositories, from at least 6 repositories, besides the generated plans', () => {
    const real = files.filter((file) => !file.startsWith('generated'));
    const repositories = new Set(real.map((file) => file.split('-')[0]));
    expect(real.length).toBeGreaterThanOrEqual(15);
    expect(repositories.size).toBeGreaterThanOrEqual(6);
  });

  it('shows each defect of issue 9 with at least one file', () => {
    const shown = new Set(TRUTHS.flatMap((truth) => truth.defects));
    expect([...shown].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe.each(TRUTHS.map((truth) => [truth.file, truth] as const))('%s', (_file, truth) => {
  it('is read as a plan or a stack, not refused', () => {
    expect(() => reviewOf(truth)).not.toThrow();
  });

  it('reaches from the internet exactly the components and ports written down', () => {
    const result = reviewOf(truth);
    const reached = Object.fromEntries(result.reachability.flows.filter((flow) => flow.from === INTERNET).map((flow) => [flow.to, formatPorts(flow.ports)]));
    expect(reached).toEqual(truth.internet);
  });

  if (truth.unknown !== undefined) {
    it.each(truth.unknown)('says what the plan cannot tell about %s is unknown, not unreachable', (address) => {
      const statement = internetStatement(reviewOf(truth), address);
      expect(statement).toMatch(/unknown/);
      expect(statement).not.toMatch(/: unreachable/);
    });
  }

  for (const flow of truth.flows ?? []) {
    it(`lets ${flow.from} reach ${flow.to} on ${flow.port}`, () => {
      const found = reviewOf(truth).reachability.flows.find((candidate) => candidate.from === flow.from && candidate.to === flow.to);
      expect(found?.ports.some((range) => range.from <= flow.port && flow.port <= range.to)).toBe(true);
    });
  }

  it('flags exactly the rules that open SSH to the world', () => {
    const result = reviewOf(truth);
    const flagged = [...new Set(result.findings.filter((finding) => finding.id === 'TT-SG-002' && finding.severity === 'error').map((finding) => finding.address))].sort();
    expect(flagged).toEqual([...truth.sshFromWorld].sort());
  });

  if (truth.dbFromWorld.length > 0) {
    it.each(truth.dbFromWorld)('flags %s, which opens a database port to the world', (address) => {
      const result = reviewOf(truth);
      const open = result.findings.filter((finding) => finding.id === 'TT-SG-001' && finding.address === address);
      expect(open.length).toBeGreaterThan(0);
      expect(open.flatMap((finding) => tcpRanges(finding.message)).some(([from, to]) => DB_PORTS.some((port) => from <= port && port <= to))).toBe(true);
    });
  }

  it('never calls a component the internet reaches unreachable, nor says nothing accepts SSH when something does', () => {
    const result = reviewOf(truth);
    const ssh = result.reachability.paths.find((path) => path.startsWith('SSH (tcp/22):'));
    for (const [address, ports] of Object.entries(truth.internet)) {
      expect(internetStatement(result, address)).not.toMatch(/: unreachable/);
      if (tcpRanges(`tcp/${ports.replace(/^tcp\//, '')}`).some(([from, to]) => from <= 22 && 22 <= to)) {
        expect(ssh).not.toMatch(/nothing (known to )?accepts? SSH$/);
      }
    }
  });

  if (truth.notAnalysed !== undefined) {
    it('reports what it did not analyse instead of calling it clean, in every format', () => {
      const result = reviewOf(truth);
      const names = notAnalysedNames(result);
      for (const name of truth.notAnalysed ?? []) {
        expect(names.filter((candidate) => candidate === name || candidate.endsWith(`/${name}`))).not.toEqual([]);
      }
      const markdown = renderMarkdown(result);
      expect(markdown).toContain('## Not analysed');
      expect(markdown).not.toContain('No error-level findings.');
    });
  }

  if (truth.notAlb !== undefined) {
    it('does not judge another kind of load balancer by the ALB rules', () => {
      const result = reviewOf(truth);
      const albFindings = result.findings.filter((finding) => finding.id.startsWith('TT-ALB-') && (truth.notAlb ?? []).includes(finding.address));
      expect(albFindings).toEqual([]);
    });
  }

  it('prices the input in its own region, lists everything unpriced and marks a lower bound', () => {
    const { cost } = reviewOf(truth);
    expect({ region: cost.region.input, priced: cost.region.priced }).toEqual({ region: truth.cost.region, priced: truth.cost.priced });
    expect(cost.unpriced.map((entry) => `${entry.address}: ${entry.item}`).sort()).toEqual([...truth.cost.unpriced].sort());
    expect(cost.total).toBeCloseTo(truth.cost.total, 2);
    expect(cost.lowerBound).toBe(truth.cost.unpriced.length > 0);
  });
});
