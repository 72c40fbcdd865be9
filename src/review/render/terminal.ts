import { createColors } from 'picocolors';
import { describeNotAnalysed } from '../coverage';
import { errorsOf, type Review } from '../review';
import { ADMIN, INTERNET, portsBetween, unknownBetween } from '../reachability';
import { isLoadBalancer } from '../topology';
import { MATRIX_LIMIT, reachingPairs } from './reachability-pairs';
import { formatPorts } from '../ports';
import type { Severity } from '../rules/types';
import { ACTION_ORDER, confidence, counts, delta, describeInput, money, quantity, unitPrice, verdict } from './format';
import { RESILIENCE_TITLE, resilienceTerminal } from './resilience';
import { textTable, wrapReport } from './text-table';

export interface TerminalOptions {
  readonly color: boolean;
  /** Terminal width; tables wrap to it. */
  readonly width: number;
}

type Colors = ReturnType<typeof createColors>;

/** A table at most `width` columns wide (the terminal's). */
function table(width: number, head: readonly string[], rows: readonly (readonly string[])[], widths?: readonly number[]): string {
  return textTable(head, rows, widths, width);
}

/** Addresses have no spaces to wrap at: cut them into column-wide pieces, after the type where possible. */
function hardWrap(text: string, width: number): string {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > width) {
    const dot = rest.lastIndexOf('.', width - 1);
    const cut = dot > 0 ? dot + 1 : width;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  return [...pieces, rest].join('\n');
}

function severityText(colors: Colors, severity: Severity): string {
  return severity === 'error' ? colors.red(colors.bold('error')) : severity === 'warning' ? colors.yellow('warning') : colors.cyan('info');
}

function section(colors: Colors, title: string): string {
  return `\n${colors.bold(colors.underline(title))}\n`;
}

function summaryPart(review: Review, colors: Colors, width: number): string {
  const { summary } = review;
  const types = summary.byType.map(({ type, count }) => `${type} ${count}`).join(', ');
  const tiers = table(
    width,
    ['Tier', 'Subnets', 'Holds'],
    summary.byTier.map((tier) => [tier.tier, tier.subnets.join('\n'), tier.members.join('\n') || colors.dim('nothing')]),
  );
  const actions = summary.actions === undefined ? '' : `\nPlan: ${ACTION_ORDER.map((kind) => `${kind} ${summary.actions?.[kind] ?? 0}`).join(', ')}\n`;
  return `${section(colors, '1. Summary')}${summary.resources} resources: ${types}\n${actions}${tiers}\n`;
}

function findingsPart(review: Review, colors: Colors, width: number): string {
  const tally = counts(review);
  const head = `${tally.error} error(s), ${tally.warning} warning(s), ${tally.info} info, ${review.suppressed.length} suppressed`;
  const findingWidth = Math.max(30, width - 10 - 13 - 40 - 5);
  const rows = review.findings.map((finding) => [severityText(colors, finding.severity), finding.id, hardWrap(finding.address, 38), `${finding.message}\n${colors.dim(`fix: ${finding.fix}`)}`]);
  const findings = rows.length === 0 ? colors.green('No findings.\n') : `${table(width, ['Severity', 'Rule', 'Resource', 'Finding'], rows, [10, 13, 40, findingWidth])}\n`;
  const suppressed =
    review.suppressed.length === 0
      ? ''
      : `\nSuppressed (reported, not hidden):\n${table(
          width,
          ['Rule', 'Resource', 'Reason'],
          review.suppressed.map((finding) => [`${finding.id}\n${colors.dim(finding.severity)}`, hardWrap(finding.address, 38), `${finding.reason}\n${colors.dim(`(${finding.source}) ${finding.message}`)}`]),
          [13, 40, Math.max(30, width - 13 - 40 - 4)],
        )}\n`;
  const unused = review.unusedSuppressions.length === 0 ? '' : `\nUnused suppressions (no matching finding): ${review.unusedSuppressions.map((entry) => `${entry.id} on ${entry.address} (${entry.source})`).join('; ')}\n`;
  return `${section(colors, '2. Security findings')}${head}\n${findings}${suppressed}${unused}`;
}

function reachabilityPart(review: Review, colors: Colors, width: number): string {
  const { reachability } = review;
  if (reachability.targets.length === 0) {
    return `${section(colors, '3. Reachability')}No load balancers, instances, groups or databases.\n`;
  }
  if (reachability.targets.length > MATRIX_LIMIT) {
    const pairs = reachingPairs(reachability).map((pair) => [pair.from, pair.to, pair.exposed ? colors.red(pair.ports) : pair.ports, pair.unknown === undefined ? '' : colors.yellow(`? up to ${pair.unknown}`)]);
    const header = `${reachability.targets.length} components: every pair with a path (known ports, or "?" what unresolved values could open); any other pair is unreachable.`;
    return `${section(colors, '3. Reachability')}${header}\n${table(width, ['From', 'To', 'Ports', 'Unknown'], pairs)}\n${reachability.paths.map((path) => `  ${path}`).join('\n')}\n${colors.dim(reachability.notes.join('\n'))}\n`;
  }
  const rows = reachability.sources.map((source) => [
    source.label,
    ...reachability.targets.map((target) => {
      const ports = portsBetween(reachability, source.id, target.address);
      const doubt = unknownBetween(reachability, source.id, target.address);
      const unknown = doubt === undefined ? '' : colors.yellow(`? up to ${formatPorts(doubt.ports)}`);
      if (ports.length === 0) {
        return doubt === undefined ? colors.dim('—') : unknown;
      }
      const outside = source.id === INTERNET || source.id === ADMIN;
      const known = outside && !isLoadBalancer(target.kind) ? colors.red(formatPorts(ports)) : formatPorts(ports);
      return doubt === undefined ? known : `${known}\n${unknown}`;
    }),
  ]);
  const matrix = table(width, ['from \\ to', ...reachability.targets.map((target) => target.label)], rows);
  const notes = [
    ...reachability.notes,
    ...(reachability.unknown.length > 0 ? [`"?" marks ${reachability.unknown.length} pair(s) that values the input does not resolve could open: unknown, not unreachable.`] : []),
    'Rows of components show traffic inside the VPC; what leaves through NAT to a public address counts as the internet row.',
  ];
  return `${section(colors, '3. Reachability')}${matrix}\n${reachability.paths.map((path) => `  ${path}`).join('\n')}\n${colors.dim(notes.join('\n'))}\n`;
}

function costPart(review: Review, colors: Colors, width: number): string {
  const { cost } = review;
  const rows = cost.lines.map((line) => [
    line.resource,
    line.item,
    quantity(line),
    line.unitPrice === undefined ? colors.yellow(unitPrice(line)) : unitPrice(line),
    line.monthly === undefined ? colors.yellow('?') : money(line.monthly),
    confidence(line),
  ]);
  rows.push([
    colors.bold(cost.lowerBound ? 'Total (lower bound)' : 'Total'),
    cost.lowerBound ? `${cost.unpriced.length} unpriced item(s) left out` : '',
    '',
    '',
    colors.bold(cost.region.priced === undefined ? 'not priced' : `${cost.lowerBound ? 'at least ' : ''}${money(cost.total)}`),
    '',
  ]);
  const lines = table(width, ['Resource', 'Item', 'Quantity', 'Unit price', 'Monthly', 'Confidence'], rows);
  const scenarios = cost.scenarios
    .map(
      (scenario) =>
        `${scenario.topic}:\n${table(
          width,
          ['Option', 'Monthly', 'vs now'],
          scenario.options.map((option) => [`${option.label}${option.current ? colors.green(' (now)') : ''}`, money(option.monthly), delta(option.delta)]),
        )}\n${colors.dim(scenario.note)}`,
    )
    .join('\n');
  const notPriced =
    cost.unpriced.length === 0
      ? ''
      : `\n${colors.yellow(`Not priced, left out of the total (${cost.unpriced.length}):`)}\n${cost.unpriced.map((entry) => `  ${entry.address}: ${entry.item} (${entry.reason})`).join('\n')}\n`;
  const usage = colors.dim(
    `Assumptions: ${Object.entries(cost.usage)
      .map(([key, value]) => `${key} ${value}`)
      .join(', ')} (data/usage-assumptions.json)`,
  );
  return `${section(colors, `4. Monthly cost (${cost.currency}, ${cost.region.priced ?? `${cost.region.input ?? 'unknown region'}: not priced`})`)}${cost.region.note}\n${lines}\n${notPriced}${scenarios === '' ? '' : `\nWhat a configuration change saves:\n${scenarios}\n`}${usage}\n`;
}

/** The default report: coloured text with tables. */
export function renderTerminal(review: Review, options: TerminalOptions): string {
  const colors = createColors(options.color);
  const result = verdict(review, errorsOf(review).length);
  const partial = describeNotAnalysed(review.notAnalysed);
  const line = result.failed ? colors.red(colors.bold(`✖ ${result.text}`)) : result.partial ? colors.yellow(colors.bold(`! ${result.text}`)) : colors.green(colors.bold(`✔ ${result.text}`));
  const notAnalysed = partial.length === 0 ? '' : `${section(colors, 'Not analysed')}The review does not read these; they are neither clean nor flagged.\n${partial.map((entry) => `  - ${entry}`).join('\n')}\n`;
  const report = [
    colors.bold(`Review of ${describeInput(review)}`),
    ...(notAnalysed === '' ? [] : [notAnalysed]),
    summaryPart(review, colors, options.width),
    findingsPart(review, colors, options.width),
    reachabilityPart(review, colors, options.width),
    costPart(review, colors, options.width),
    `${section(colors, '5. Architecture diagram')}npm run diagram -- <stack> writes cdktf.out/diagram/<stack>.svg (Graphviz) and .mmd (Mermaid), or --out <file.svg>; --format markdown embeds the Mermaid version.\n`,
    `${section(colors, RESILIENCE_TITLE)}${resilienceTerminal(review.resilience, colors)}\n`,
    line,
    '',
  ].join('\n');
  return wrapReport(report, options.width);
}
