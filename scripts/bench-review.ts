// `npm run bench:review`: how long the review takes, and how much memory, on big plans, in every
// format. Benchmark figures, not a timed test: targets are informational; exit 0 unless a run fails.
//   1. Plans of 1k / 4k / 16k resources and one with 3,000 security-group rules (scripts/bench-plans.ts,
//      grown from a real plan), each reviewed by the CLI in a child process per format (terminal,
//      markdown, json, and the change review of the plan against its prior state): wall time and peak
//      memory (max RSS). Issue 17's targets: growth about linear, 3,000 rules <= 2 s, a 20 MB plan
//      <= 15 s and <= 500 MB in every format.
//   2. The three formats rendering a report of 5,000 findings (issue 9: cli-table3's word wrapping took
//      30 s and more), from a synthesized stack (default prod in cdktf.out; skipped when absent).
// Flags: --sizes 1000,4000,16000  --rules 3000  --stack NAME  --findings N  --runs N (render section).
// Internal: --measure <plan.json> <format> [--change] runs one review and prints its figures as JSON.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runReview } from '../src/review/cli';
import { loadInput } from '../src/review/load';
import { renderJson } from '../src/review/render/json';
import { renderMarkdown } from '../src/review/render/markdown';
import { renderTerminal } from '../src/review/render/terminal';
import { review, type Review } from '../src/review/review';
import { rulesPlan, servicesPlan } from './bench-plans';

const TARGET_TERMINAL_MS = 2000;
const TARGET_RULES_MS = 2000;
const TARGET_BIG_MS = 15000;
const TARGET_BIG_MB = 500;
const FORMATS = ['terminal', 'markdown', 'json'] as const;
const OUT = join('.tmp', 'bench-review');

function positiveInteger(raw: string, flag: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${flag} needs a positive integer, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** One review in this process, as the CLI runs it; prints `{ ms, maxRssMb }`. */
function measure(plan: string, format: string, change: boolean): void {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  let bytes = 0;
  const status = runReview([...(change ? ['--change'] : []), plan, '--format', format], {
    stdout: (text) => {
      bytes += text.length;
    },
    stderr: (text) => process.stderr.write(text),
    isTty: false,
    env: {},
    columns: 140,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpu);
  process.stdout.write(`${JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, status, bytes })}\n`);
}

/** One review's figures: wall and CPU time inside the process, peak memory. */
interface Figures {
  readonly ms: number;
  readonly cpuMs: number;
  readonly maxRssMb: number;
}

function figuresOf(line: string): Figures | undefined {
  const parsed: unknown = JSON.parse(line);
  if (typeof parsed !== 'object' || parsed === null) {
    return undefined;
  }
  const values = new Map(Object.entries(parsed));
  const number = (key: string): number => Number(values.get(key));
  return { ms: number('ms'), cpuMs: number('cpuMs'), maxRssMb: number('maxRssMb') };
}

/** One review in a fresh process, so that its peak memory is its own. */
function child(plan: string, format: string, change: boolean): Figures {
  const result = spawnSync(process.execPath, ['--require', join(__dirname, 'register-ts.cjs'), __filename, '--measure', plan, format, ...(change ? ['--change'] : [])], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const line = result.stdout.trim().split('\n').pop() ?? '';
  const figures = result.status === 0 && line.startsWith('{') ? figuresOf(line) : undefined;
  if (figures === undefined) {
    throw new Error(`review of ${plan} (${format}) failed: ${result.stderr || result.stdout}`);
  }
  return figures;
}

/** `2.31 s cpu (wall 2.40 s), 180 MB`. */
function cell(figures: Figures): string {
  return `${(figures.cpuMs / 1000).toFixed(2)} s cpu (wall ${(figures.ms / 1000).toFixed(2)} s), ${figures.maxRssMb.toFixed(0)} MB`;
}

function planSection(sizes: readonly number[], rules: number): void {
  mkdirSync(OUT, { recursive: true });
  const cases: readonly { readonly name: string; readonly file: string; readonly make: () => Record<string, unknown>; readonly target?: number }[] = [
    ...sizes.map((size) => ({ name: `${size} resources`, file: join(OUT, `services-${size}.plan.json`), make: () => servicesPlan(size) })),
    { name: `${rules} SG rules`, file: join(OUT, `rules-${rules}.plan.json`), make: () => rulesPlan(rules), target: TARGET_RULES_MS },
  ];
  process.stdout.write(
    [
      "Plans: the CLI reviews each in a child process per format. CPU time is the review's own (it is single-threaded: on an idle",
      `machine wall time is about the same; this machine's load average is ${loadavg()[0].toFixed(1)} on ${cpus().length} cores). Peak memory = max RSS.\n`,
    ].join('\n'),
  );
  const rows: { name: string; mb: number; resources: number; perFormat: Record<string, Figures> }[] = [];
  for (const entry of cases) {
    const plan = entry.make();
    writeFileSync(entry.file, JSON.stringify(plan));
    const mb = statSync(entry.file).size / 1024 / 1024;
    const resources = Array.isArray(plan.resource_changes) ? plan.resource_changes.length : 0;
    const perFormat: Record<string, Figures> = {};
    for (const format of FORMATS) {
      perFormat[format] = child(entry.file, format, false);
    }
    perFormat['change (markdown)'] = child(entry.file, 'markdown', true);
    rows.push({ name: entry.name, mb, resources, perFormat });
    process.stdout.write(`  ${entry.name}: ${resources} resources, ${mb.toFixed(1)} MB of plan JSON\n`);
    for (const [format, figures] of Object.entries(perFormat)) {
      process.stdout.write(`    ${format.padEnd(18)} ${cell(figures)}\n`);
    }
    if (entry.target !== undefined) {
      const worst = Math.max(...Object.values(perFormat).map((figures) => figures.cpuMs));
      process.stdout.write(`    target: every format <= ${entry.target / 1000} s: ${worst <= entry.target ? 'met' : 'NOT met'} (slowest ${(worst / 1000).toFixed(2)} s cpu)\n`);
    }
  }
  const services = rows.filter((row) => !row.name.includes('rules'));
  for (let index = 1; index < services.length; index += 1) {
    const [small, big] = [services[index - 1], services[index]];
    const growth = Object.keys(big.perFormat).map((format) => `${format} x${(big.perFormat[format].cpuMs / small.perFormat[format].cpuMs).toFixed(1)}`);
    process.stdout.write(`  growth ${small.name} -> ${big.name} (x${(big.resources / small.resources).toFixed(1)} resources): ${growth.join(', ')}\n`);
  }
  const big = services.filter((row) => row.mb >= 20);
  for (const row of big) {
    const slowest = Math.max(...Object.values(row.perFormat).map((figures) => figures.cpuMs));
    const heaviest = Math.max(...Object.values(row.perFormat).map((figures) => figures.maxRssMb));
    process.stdout.write(
      `  target for a plan of 20 MB or more (${row.name}, ${row.mb.toFixed(1)} MB): <= ${TARGET_BIG_MS / 1000} s and <= ${TARGET_BIG_MB} MB in every format: ${slowest <= TARGET_BIG_MS && heaviest <= TARGET_BIG_MB ? 'met' : 'NOT met'} (slowest ${(slowest / 1000).toFixed(2)} s cpu, ${heaviest.toFixed(0)} MB)\n`,
    );
  }
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

function renderSection(stack: string, count: number, runs: number): void {
  if (!existsSync(join('cdktf.out', 'stacks', stack, 'cdk.tf.json'))) {
    process.stdout.write(`Rendering ${count} findings: skipped, no synthesized stack ${stack} (run npm run synth)\n`);
    return;
  }
  const big = withFindings(review(loadInput(stack)), count);
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
  process.stdout.write(`Rendering a report of ${count} findings (${stack}), ${runs} runs each:\n`);
  for (const row of rows) {
    process.stdout.write(`  ${row.name.padEnd(32)} median ${row.median.toFixed(0)} ms (${row.min.toFixed(0)} - ${row.max.toFixed(0)})\n`);
  }
  const terminal = rows[0].median;
  process.stdout.write(`  target: terminal under ${TARGET_TERMINAL_MS} ms: ${terminal < TARGET_TERMINAL_MS ? 'met' : 'NOT met'}\n`);
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      measure: { type: 'boolean', default: false },
      change: { type: 'boolean', default: false },
      sizes: { type: 'string', default: '1000,4000,16000' },
      rules: { type: 'string', default: '3000' },
      stack: { type: 'string', default: 'prod' },
      findings: { type: 'string', default: '5000' },
      runs: { type: 'string', default: '5' },
    },
  });
  if (values.measure) {
    measure(positionals[0], positionals[1], values.change);
    return;
  }
  const sizes = values.sizes.split(',').map((size) => positiveInteger(size, '--sizes'));
  planSection(sizes, positiveInteger(values.rules, '--rules'));
  renderSection(values.stack, positiveInteger(values.findings, '--findings'), positiveInteger(values.runs, '--runs'));
}

main();
