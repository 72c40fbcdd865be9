import { formatPorts } from '../ports';
import { describeNotAnalysed } from '../coverage';
import { ADMIN, INTERNET, portsBetween, unknownBetween } from '../reachability';
import { isLoadBalancer } from '../topology';
import { errorsOf, type Review } from '../review';
import { RESILIENCE_TITLE, resilienceMarkdown } from './resilience';
import { ACTION_ORDER, confidence, counts, delta, describeInput, money, quantity, unitPrice, verdict } from './format';
import { MATRIX_LIMIT, reachingPairs } from './reachability-pairs';

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
    table(
      ['Tier', 'Subnets', 'Holds'],
      data.byTier.map((tier) => [tier.tier, tier.subnets.join('\n'), tier.members.join('\n') || '—']),
    ),
    '',
    `<details><summary>Resources by type</summary>\n\n${table(
      ['Type', 'Count'],
      data.byType.map(({ type, count }) => [code(type), String(count)]),
    )}\n\n</details>`,
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
  if (data.targets.length > MATRIX_LIMIT) {
    const pairs = reachingPairs(data).map((pair) => {
      const ports = pair.ports === '' ? '' : pair.exposed ? `**${pair.ports}**` : pair.ports;
      return [pair.from, pair.to, ports, pair.unknown === undefined ? '' : `❓ up to ${pair.unknown}`];
    });
    const header = `${data.targets.length} components: every pair with a path (known ports, or ❓ what unresolved values could open); any other pair is unreachable.`;
    return ['## 3. Reachability', header, '', table(['From', 'To', 'Ports', 'Unknown'], pairs), '', ...data.paths.map((path) => `- ${path}`), ...data.notes.map((note) => `- _${note}_`)].join('\n');
  }
  const rows = data.sources.map((source) => [
    source.label,
    ...data.targets.map((target) => {
      const ports = portsBetween(data, source.id, target.address);
      const doubt = unknownBetween(data, source.id, target.address);
      const known = ports.length === 0 ? (doubt === undefined ? '—' : '') : formatPorts(ports);
      const text = doubt === undefined ? known : `${known}${known === '' ? '' : ' '}❓ unknown, up to ${formatPorts(doubt.ports)}`;
      return (source.id === INTERNET || source.id === ADMIN) && !isLoadBalancer(target.kind) && (ports.length > 0 || doubt !== undefined) ? `**${text}**` : text;
    }),
  ]);
  const unknown = data.unknown.length === 0 ? [] : ['', `❓ ${data.unknown.length} pair(s) unknown: values the input does not resolve could open them; never read them as unreachable.`];
  return ['## 3. Reachability', table(['from \\ to', ...data.targets.map((target) => target.label)], rows), ...unknown, '', ...data.paths.map((path) => `- ${path}`), ...data.notes.map((note) => `- _${note}_`)].join(
    '\n',
  );
}

function cost(review: Review): string {
  const { cost: data } = review;
  const rows = data.lines.map((line) => [line.resource, line.item, quantity(line), unitPrice(line), line.monthly === undefined ? '?' : money(line.monthly), confidence(line)]);
  const total = data.region.priced === undefined ? 'not priced' : `${data.lowerBound ? 'at least ' : ''}${money(data.total)}`;
  rows.push([data.lowerBound ? '**Total (lower bound)**' : '**Total**', data.lowerBound ? `${data.unpriced.length} unpriced item(s) left out` : '', '', '', `**${total}**`, '']);
  const scenarios = data.scenarios.map(
    (scenario) =>
      `**${scenario.topic}**\n\n${table(
        ['Option', 'Monthly', 'vs now'],
        scenario.options.map((option) => [`${option.label}${option.current ? ' (now)' : ''}`, money(option.monthly), delta(option.delta)]),
      )}\n\n_${scenario.note}_`,
  );
  return [
    `## 4. Monthly cost (${data.currency}, ${data.region.priced ?? data.region.input ?? 'unknown region'}): ${total}`,
    data.region.note,
    '',
    `<details><summary>Per resource</summary>\n\n${table(['Resource', 'Item', 'Quantity', 'Unit price', 'Monthly', 'Confidence'], rows)}\n\n</details>`,
    '',
    ...(data.unpriced.length > 0 ? [`**Not priced, left out of the total (${data.unpriced.length}):**`, '', ...data.unpriced.map((entry) => `- ${code(entry.address)}: ${entry.item} (${entry.reason})`), ''] : []),
    ...(scenarios.length > 0 ? ['### What a configuration change saves', ...scenarios, ''] : []),
    `_Assumptions: ${Object.entries(data.usage)
      .map(([key, value]) => `${key} ${value}`)
      .join(', ')} (data/usage-assumptions.json)._`,
  ].join('\n');
}

/** The report as Markdown, fit for a pull-request comment. */
export function renderMarkdown(review: Review): string {
  const result = verdict(review, errorsOf(review).length);
  const unread = describeNotAnalysed(review.notAnalysed);
  return [
    `# Review of ${describeInput(review)}`,
    result.failed ? `**🛑 ${result.text}.**` : result.partial ? `**⚠️ ${result.text}.**` : `**✅ ${result.text.replace(/^no/, 'No')}.**`,
    '',
    ...(unread.length > 0 ? ['## Not analysed', 'The review does not read these; they are neither clean nor flagged.', '', ...unread.map((line) => `- ${line}`), ''] : []),
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
    `## ${RESILIENCE_TITLE}`,
    resilienceMarkdown(review.resilience),
    '',
  ].join('\n');
}
