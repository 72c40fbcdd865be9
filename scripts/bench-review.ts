// `npm run bench:review`: how long the review's three report formats take for a report of 5,000
// findings (issue 9: the terminal report took 30 s and more through cli-table3's word wrapping).
// Benchmark figures, not a timed test: the target check is informational; exit 0 unless a run fails.
// Flags: --stack NAME (default prod, from cdktf.out), --findings N (default 5000), --runs N (default 5).
import { parseArgs } from 'node:util';
import { loadInput } from '../src/review/load';
import { renderJson } from '../src/review/render/json';
import { renderMarkdown } from '../src/review/render/markdown';
import { renderTerminal } from '../src/review/render/terminal';
import { review, type Review } from '../src/review/review';

const TARGET_TERMINAL_MS = 2000;

function positiveInteger(raw: string, flag: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${flag} needs a positive integer, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** The stack's review with its findings multiplied to `count`, each with its own address and a message that wraps. */
function withFindings(base: Review, count: number): Review {
  const template = { id: 'TT-SG-004', severity: 'warning' as const, fix: 'Give every security group and rule a description: reviews and the console show it.', peers: ['CKV_AWS_23'] };
  const findings = Array.from({ length: count }, (_, index) => ({
    ...template,
    address: `aws_vpc_security_group_ingress_rule.generated_rule_number_${index}_ABCDEF12`,
    message: `an ingress rule of three-tier-prod-app number ${index} has no description, so nobody reading the console knows why port ${index % 65536} is open`,
  }));
  return { ...base, findings };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function main(): void {
  const { values } = parseArgs({ options: { stack: { type: 'string', default: 'prod' }, findings: { type: 'string', default: '5000' }, runs: { type: 'string', default: '5' } } });
  const count = positiveInteger(values.findings, '--findings');
  const runs = positiveInteger(values.runs, '--runs');
  const big = withFindings(review(loadInput(values.stack)), count);
  const formats: readonly [string, () => string][] = [
    ['terminal (140 columns, colour)', () => renderTerminal(big, { color: true, width: 140 })],
    ['markdown', () => renderMarkdown(big)],
    ['json', () => renderJson(big)],
  ];
  const rows = formats.map(([name, render]) => {
    const times = Array.from({ length: runs }, () => {
      const start = process.hrtime.bigint();
      render();
      return Number(process.hrtime.bigint() - start) / 1e6;
    });
    return { name, median: median(times), min: Math.min(...times), max: Math.max(...times) };
  });
  process.stdout.write(`review report of ${count} findings (${values.stack}), ${runs} runs each\n`);
  for (const row of rows) {
    process.stdout.write(`  ${row.name.padEnd(32)} median ${row.median.toFixed(0)} ms (${row.min.toFixed(0)} - ${row.max.toFixed(0)})\n`);
  }
  const terminal = rows[0].median;
  process.stdout.write(`target: terminal under ${TARGET_TERMINAL_MS} ms: ${terminal < TARGET_TERMINAL_MS ? 'met' : 'NOT met'}\n`);
}

main();
