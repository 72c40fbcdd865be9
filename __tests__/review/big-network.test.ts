import { rulesPlan, servicesPlan } from '../../scripts/bench-plans';
import { modelFromJson } from '../../src/review/load';
import { renderMarkdown } from '../../src/review/render/markdown';
import { MATRIX_LIMIT } from '../../src/review/render/reachability-pairs';
import { renderTerminal } from '../../src/review/render/terminal';
import { review } from '../../src/review/review';

/** The benchmark's plans, small: the same real module plan called for 12 keys, and 200 rules on one copy. */
describe('a network bigger than a readable matrix', () => {
  const result = review(modelFromJson(servicesPlan(12 * 23), 'services'));

  test('each copy of the module is its own network: every web server reached on SSH, every ALB on 80, no copy reaching another', () => {
    expect(result.reachability.targets.length).toBeGreaterThan(MATRIX_LIMIT);
    const fromInternet = result.reachability.flows.filter((flow) => flow.from === 'internet').map((flow) => flow.to.replace(/^module\.web\["svc\d+"\]\./, ''));
    expect(new Set(fromInternet)).toEqual(new Set(['aws_instance.web', 'aws_lb.web']));
    expect(fromInternet).toHaveLength(24);
    const copy = (address: string): string | undefined => /^module\.web\["(svc\d+)"\]/.exec(address)?.[1];
    const across = result.reachability.flows.filter((flow) => flow.from !== 'internet' && flow.from !== 'admin' && copy(flow.from) !== copy(flow.to));
    expect(across).toEqual([]);
  });

  test('is reported as the pairs that reach, one row each, in Markdown and in the terminal', () => {
    const markdown = renderMarkdown(result);
    expect(markdown).toContain('| From | To | Ports | Unknown |');
    expect(markdown).not.toContain('| from \\ to |');
    const rows = markdown.split('\n').filter((line) => /^\| internet \| .* \| \*\*tcp\/22\*\* \|/.test(line));
    expect(rows).toHaveLength(12);
    const terminal = renderTerminal(result, { color: false, width: 140 });
    expect(terminal).toContain(`${result.reachability.targets.length} components: every pair with a path`);
  });

  test('grown rules: one world-open finding per rule that opens its port to 0.0.0.0/0, with that port', () => {
    const rules = review(modelFromJson(rulesPlan(200), 'rules'));
    const worldPorts = rules.findings.filter((finding) => finding.id === 'TT-SG-001' && finding.address.includes('grown')).flatMap((finding) => (finding.subject?.ports ?? []).map((range) => range.from));
    // Every tenth rule opens its port to 0.0.0.0/0 (scripts/bench-plans.ts).
    expect(worldPorts.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, index) => 1024 + ((index * 10 * 7) % 30000)).sort((a, b) => a - b));
  });
});
