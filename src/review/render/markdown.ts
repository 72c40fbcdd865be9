import { formatPorts } from '../ports';
import { ADMIN, INTERNET, portsBetween } from '../reachability';
import { errorsOf, type Review } from '../review';
import { ACTION_ORDER, confidence, counts, delta, describeInput, money, quantity, unitPrice } from './format';

const SEVERITY_MARK = { error: '🛑 error', warning: '⚠️ warning', info: 'ℹ️ info' } as const;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${head.map(cell).join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n');
}

function code(text: string): string {
  return `\`${text}\``;
}

function summary(review: Review): string {
  const { summary: data } = review;
  const actions = data.actions === undefined ? '' : `\n**Plan:** ${ACTION_ORDER.map((kind) => `${kind} ${data.actions?.[kind] ?? 0}`).join(' · ')}\n`;
  return [
    '## 1. Summary',
    `${data.resources} resources.${actions}`,
    '',
    table(['Tier', 'Subnets', 'Holds'], data.byTier.map((tier) => [tier.tier, tier.subnets.join('\n'), tier.members.join('\n') || '—'])),
    '',
    `<details><summary>Resources by type</summary>\n\n${table(['Type', 'Count'], data.byType.map(({ type, count }) => [code(type), String(count)]))}\n\n</details>`,
  ].join('\n');
}

function findings(review: Review): string {
  const tally = counts(review);
  const rows = review.findings.map((finding) => [SEVERITY_MARK[finding.severity], code(finding.id), code(finding.address), finding.message, finding.fix]);
  const parts = [
    '## 2. Security findings',
    `${tally.error} error(s), ${tally.warning} warning(s), ${tally.info} info, ${review.suppressed.length} suppressed.`,
    '',
    rows.length === 0 ? 'No findings.' : table(['Severity', 'Rule', 'Resource', 'Finding', 'Fix'], rows),
  ];
  if (review.suppressed.length > 0) {
    parts.push(
      '',
      `<details><summary>Suppressed (${review.suppressed.length}), with their reasons</summary>\n\n${table(
        ['Rule', 'Severity', 'Resource', 'Reason', 'Finding'],
        review.suppressed.map((finding) => [code(finding.id), finding.severity, code(finding.address), `${finding.reason} (${finding.source})`, finding.message]),
      )}\n\n</details>`,
    );
  }
  if (review.unusedSuppressions.length > 0) {
    parts.push('', `Unused suppressions: ${review.unusedSuppressions.map((entry) => `${code(entry.id)} on ${code(entry.address)}`).join(', ')}.`);
  }
  return parts.join('\n');
}

function reachability(review: Review): string {
  const { reachability: data } = review;
  if (data.targets.length === 0) {
    return '## 3. Reachability\n\nNo load balancers, instances, groups or databases.';
  }
  const rows = data.sources.map((source) => [
    source.label,
    ...data.targets.map((target) => {
      const ports = portsBetween(data, source.id, target.address);
      const text = ports.length === 0 ? '—' : formatPorts(ports);
      return (source.id === INTERNET || source.id === ADMIN) && target.kind !== 'alb' && ports.length > 0 ? `**${text}**` : text;
    }),
  ]);
  return ['## 3. Reachability', table(['from \\ to', ...data.targets.map((target) => target.label)], rows), '', ...data.paths.map((path) => `- ${path}`), ...data.notes.map((note) => `- _${note}_`)].join('\n');
}

function cost(review: Review): string {
  const { cost: data } = review;
  const rows = data.lines.map((line) => [line.resource, line.item, quantity(line), unitPrice(line), line.monthly === undefined ? '?' : money(line.monthly), confidence(line)]);
  rows.push(['**Total**', data.unknownLines > 0 ? `${data.unknownLines} line(s) without a price left out` : '', '', '', `**${money(data.total)}**`, '']);
  const scenarios = data.scenarios.map(
    (scenario) => `**${scenario.topic}**\n\n${table(['Option', 'Monthly', 'vs now'], scenario.options.map((option) => [`${option.label}${option.current ? ' (now)' : ''}`, money(option.monthly), delta(option.delta)]))}\n\n_${scenario.note}_`,
  );
  return [
    `## 4. Monthly cost (${data.currency}, ap-northeast-2 on-demand): ${money(data.total)}`,
    `<details><summary>Per resource</summary>\n\n${table(['Resource', 'Item', 'Quantity', 'Unit price', 'Monthly', 'Confidence'], rows)}\n\n</details>`,
    '',
    ...(data.notPriced.length > 0 ? [`Not priced: ${data.notPriced.map(code).join(', ')}.`, ''] : []),
    ...(scenarios.length > 0 ? ['### What a configuration change saves', ...scenarios, ''] : []),
    `_Assumptions: ${Object.entries(data.usage).map(([key, value]) => `${key} ${value}`).join(', ')} (data/usage-assumptions.json)._`,
  ].join('\n');
}

/** The report as Markdown, fit for a pull-request comment. */
export function renderMarkdown(review: Review): string {
  const errors = errorsOf(review).length;
  return [
    `# Review of ${describeInput(review)}`,
    errors > 0 ? `**🛑 ${errors} error-level finding(s).**` : '**✅ No error-level findings.**',
    '',
    summary(review),
    '',
    findings(review),
    '',
    reachability(review),
    '',
    cost(review),
    '',
    '## 5. Architecture',
    '```mermaid',
    review.mermaid.trimEnd(),
    '```',
    '',
  ].join('\n');
}
