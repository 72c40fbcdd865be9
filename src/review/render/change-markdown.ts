import type { ChangeReview } from '../change/change-review';
import type { Finding } from '../rules/types';
import { delta, money } from './format';
import { actionsByType, COST_HEAD, costRows, describeSides, IAM_HEAD, iamRow, notAnalysedLine, SG_HEAD, shownActions, sgRow } from './change-format';

/** The hidden line a pull-request comment is found by, one per environment, so an update replaces it. */
export function commentMarker(environment: string | undefined): string {
  return `<!-- three-tier-review:${environment ?? 'unknown'} -->`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${head.map(cell).join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n');
}

function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

function resources(change: ChangeReview): string {
  if (change.resources.length === 0) {
    return '## 1. Resource changes\n\nNone.';
  }
  const shown = shownActions(change);
  const counts = shown.map((action) => `${action} ${change.actions[action]}`).join(' · ');
  const byType = table(
    ['Type', ...shown],
    actionsByType(change).map(({ type, counts: perType }) => [`\`${type}\``, ...shown.map((action) => String(perType[action] || ''))]),
  );
  const rows = change.resources.map((entry) => [entry.blocking ? '🛑' : '', entry.action, `\`${entry.address}\``, entry.attributes.join(', '), entry.note ?? '']);
  return ['## 1. Resource changes', `**${counts}**`, '', byType, '', details('Every resource', table(['', 'Action', 'Resource', 'Attributes (forcing the replacement, or changed)', 'Note'], rows))].join('\n');
}

function reachability(change: ChangeReview): string {
  const { opened, closed, notes } = change.reachability;
  const lines = [...opened, ...closed].map((path) => `- ${path.text}`);
  return ['## 2. Reachability', lines.length === 0 ? 'No path opened or closed.' : lines.join('\n'), ...notes.map((note) => `- _not analysed: ${note}_`)].join('\n');
}

function broadening(change: ChangeReview): string {
  const { securityGroups, iam, notAnalysed, broadens } = change.broadening;
  const parts = ['## 3. Security broadening', broadens ? '**⚠️ The change broadens permissions** (`--fail-on broadening` makes this blocking).' : 'No permission added.'];
  const sg = [...securityGroups.added.map((permission) => sgRow('+', permission)), ...securityGroups.removed.map((permission) => sgRow('-', permission))];
  if (sg.length > 0) {
    parts.push('', details(`Security-group rules: ${securityGroups.added.length} added, ${securityGroups.removed.length} removed`, table(SG_HEAD, sg)));
  }
  const statements = [...iam.added.map((permission) => iamRow('+', permission)), ...iam.removed.map((permission) => iamRow('-', permission))];
  if (statements.length > 0) {
    parts.push('', details(`IAM statements: ${iam.added.length} added, ${iam.removed.length} removed`, table(IAM_HEAD, statements)));
  }
  parts.push(...notAnalysed.map((note) => `- _not analysed: ${note}_`));
  return parts.join('\n');
}

function cost(change: ChangeReview): string {
  const { cost: data } = change;
  const unknown = data.unknownLines.before + data.unknownLines.after > 0 ? `\n\n${data.unknownLines.after} line(s) after and ${data.unknownLines.before} before have no price and are in neither total.` : '';
  const notPriced = data.notPriced.length > 0 ? `\n\nNot priced: ${data.notPriced.map((type) => `\`${type}\``).join(', ')}.` : '';
  return [
    '## 4. Monthly cost',
    details(`${data.currency} ${money(data.before)} → ${money(data.after)} a month (${delta(data.delta)}; public IPv4 ${delta(data.ipv4.delta)})`, table(COST_HEAD, costRows(change))) + unknown + notPriced,
  ].join('\n');
}

function findingRows(findings: readonly Finding[]): string {
  return table(
    ['Severity', 'Rule', 'Resource', 'Finding'],
    findings.map((finding) => [finding.severity, `\`${finding.id}\``, `\`${finding.address}\``, finding.message]),
  );
}

function findings(change: ChangeReview): string {
  const { introduced, fixed, unchanged } = change.findings;
  return [
    '## 5. Findings',
    `${introduced.length} introduced, ${fixed.length} fixed, ${unchanged.length} already there.`,
    ...(introduced.length > 0 ? ['', '**Introduced by this change**', '', findingRows(introduced)] : []),
    ...(fixed.length > 0 ? ['', details(`Fixed (${fixed.length})`, findingRows(fixed))] : []),
    ...(unchanged.length > 0 ? ['', details(`Already there (${unchanged.length}), not this change's doing`, findingRows(unchanged))] : []),
  ].join('\n');
}

function resilience(change: ChangeReview): string {
  const { loses, unknown, keeps } = change.resilience;
  const lines = [...loses.map((entry) => `- 🛑 ${entry.text}`), ...unknown.map((entry) => `- ❓ ${entry.text}`), ...keeps.map((entry) => `- ✅ ${entry.text}`)];
  return ['## 6. Resilience', lines.length === 0 ? 'No path gained or lost against the loss of one Availability Zone.' : lines.join('\n')].join('\n');
}

/** The change review as a pull-request comment: a marker, a headline, the sections folded. */
export function renderChangeMarkdown(change: ChangeReview): string {
  const note = notAnalysedLine(change);
  const verdict = change.exitCode === 1 ? `🛑 **Blocking**\n\n${change.blocking.map((reason) => `- ${reason}`).join('\n')}` : '✅ Nothing blocking.';
  return [
    commentMarker(change.environment),
    `# Infrastructure change, ${change.environment ?? 'unknown environment'}: ${change.headline}`,
    '',
    verdict,
    '',
    `_${describeSides(change)}_`,
    ...(note === undefined ? [] : ['', `⚠️ ${note}`]),
    '',
    resources(change),
    '',
    reachability(change),
    '',
    broadening(change),
    '',
    cost(change),
    '',
    findings(change),
    '',
    resilience(change),
    '',
  ].join('\n');
}
