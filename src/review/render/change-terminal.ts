import { createColors } from 'picocolors';
import type { ChangeReview } from '../change/change-review';
import type { Finding } from '../rules/types';
import { actionsByType, COST_HEAD, costRows, describeSides, IAM_HEAD, iamRow, notAnalysedLine, SG_HEAD, shownActions, sgRow } from './change-format';
import type { TerminalOptions } from './terminal';
import { textTable, wrapReport } from './text-table';

type Colors = ReturnType<typeof createColors>;

/** A table at most `width` columns wide (the terminal's). */
function table(width: number, head: readonly string[], rows: readonly (readonly string[])[]): string {
  return textTable(head, rows, undefined, width);
}

function section(colors: Colors, title: string): string {
  return `\n${colors.bold(colors.underline(title))}\n`;
}

function resources(change: ChangeReview, colors: Colors, width: number): string {
  if (change.resources.length === 0) {
    return `${section(colors, '1. Resource changes')}None.\n`;
  }
  const shown = shownActions(change);
  const counts = shown.map((action) => `${action} ${change.actions[action]}`).join(', ');
  const byType = table(
    width,
    ['Type', ...shown],
    actionsByType(change).map(({ type, counts: perType }) => [type, ...shown.map((action) => String(perType[action] || ''))]),
  );
  const rows = change.resources.map((entry) => [
    entry.blocking ? colors.red(colors.bold(entry.action)) : entry.action,
    entry.address,
    entry.attributes.join(', '),
    entry.note === undefined ? '' : entry.blocking ? colors.red(entry.note) : entry.note,
  ]);
  return `${section(colors, '1. Resource changes')}${counts}\n${byType}\n${table(width, ['Action', 'Resource', 'Attributes', 'Note'], rows)}\n`;
}

function reachability(change: ChangeReview, colors: Colors): string {
  const { opened, closed, notes } = change.reachability;
  const lines = [...opened.map((path) => colors.yellow(path.text)), ...closed.map((path) => colors.green(path.text)), ...notes.map((note) => colors.dim(`not analysed: ${note}`))];
  return `${section(colors, '2. Reachability')}${lines.length === 0 ? 'No path opened or closed.' : lines.map((line) => `  ${line}`).join('\n')}\n`;
}

function broadening(change: ChangeReview, colors: Colors, width: number): string {
  const { securityGroups, iam, notAnalysed, broadens } = change.broadening;
  const sg = [...securityGroups.added.map((permission) => sgRow('+', permission)), ...securityGroups.removed.map((permission) => sgRow('-', permission))];
  const statements = [...iam.added.map((permission) => iamRow('+', permission)), ...iam.removed.map((permission) => iamRow('-', permission))];
  return [
    section(colors, '3. Security broadening'),
    broadens ? colors.yellow('The change broadens permissions (--fail-on broadening makes this blocking).') : 'No permission added.',
    sg.length > 0 ? `\nSecurity-group rules:\n${table(width, SG_HEAD, sg)}` : '',
    statements.length > 0 ? `\nIAM statements:\n${table(width, IAM_HEAD, statements)}` : '',
    ...notAnalysed.map((note) => colors.dim(`not analysed: ${note}`)),
    '',
  ].join('\n');
}

function cost(change: ChangeReview, colors: Colors, width: number): string {
  const { cost: data } = change;
  const unknown = data.unknownLines.before + data.unknownLines.after > 0 ? `\n${data.unknownLines.after} line(s) after and ${data.unknownLines.before} before have no price and are in neither total.` : '';
  const notPriced = data.notPriced.length > 0 ? `\nNot priced: ${data.notPriced.join(', ')}` : '';
  return `${section(colors, `4. Monthly cost (${data.currency})`)}${table(width, COST_HEAD, costRows(change))}${unknown}${notPriced}\n`;
}

function findingTable(findings: readonly Finding[], width: number): string {
  return table(
    width,
    ['Severity', 'Rule', 'Resource', 'Finding'],
    findings.map((finding) => [finding.severity, finding.id, finding.address, finding.message]),
  );
}

function findings(change: ChangeReview, colors: Colors, width: number): string {
  const { introduced, fixed, unchanged } = change.findings;
  return [
    section(colors, '5. Findings'),
    `${introduced.length} introduced, ${fixed.length} fixed, ${unchanged.length} already there.`,
    ...(introduced.length > 0 ? [colors.bold('Introduced by this change:'), findingTable(introduced, width)] : []),
    ...(fixed.length > 0 ? [colors.green('Fixed:'), findingTable(fixed, width)] : []),
    ...(unchanged.length > 0 ? [colors.dim(`Already there (not this change's doing): ${unchanged.map((finding) => `${finding.id} ${finding.address}`).join('; ')}`)] : []),
    '',
  ].join('\n');
}

function resilience(change: ChangeReview, colors: Colors): string {
  const { loses, unknown, keeps } = change.resilience;
  const lines = [...loses.map((entry) => colors.red(entry.text)), ...unknown.map((entry) => colors.yellow(entry.text)), ...keeps.map((entry) => colors.green(entry.text))];
  return `${section(colors, '6. Resilience')}${lines.length === 0 ? 'No path gained or lost against the loss of one Availability Zone.' : lines.map((line) => `  ${line}`).join('\n')}\n`;
}

/** The change review for a terminal. */
export function renderChangeTerminal(change: ChangeReview, options: TerminalOptions): string {
  const colors = createColors(options.color);
  const note = notAnalysedLine(change);
  const verdict = change.exitCode === 1 ? colors.red(colors.bold(`✖ blocking: exit status 1\n${change.blocking.map((reason) => `  - ${reason}`).join('\n')}`)) : colors.green(colors.bold('✔ nothing blocking'));
  const report = [
    colors.bold(`Change review, ${change.environment ?? 'unknown environment'}: ${change.headline}`),
    colors.dim(describeSides(change)),
    ...(note === undefined ? [] : [colors.yellow(note)]),
    resources(change, colors, options.width),
    reachability(change, colors),
    broadening(change, colors, options.width),
    cost(change, colors, options.width),
    findings(change, colors, options.width),
    resilience(change, colors),
    verdict,
    '',
  ].join('\n');
  return wrapReport(report, options.width);
}
