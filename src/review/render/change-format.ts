import type { ChangeReview } from '../change/change-review';
import { PERMISSION_TYPES, type IamPermission, type SgPermission } from '../change/broadening';
import type { ResourceAction } from '../change/resource-changes';
import { delta, money } from './format';

export const ACTIONS: readonly ResourceAction[] = ['create', 'update', 'replace', 'delete', 'move', 'forget'];

/** The actions a report shows: Terraform's four always, `move` and `forget` when the change has them. */
export function shownActions(change: ChangeReview): readonly ResourceAction[] {
  return ACTIONS.filter((action) => (action !== 'move' && action !== 'forget') || change.actions[action] > 0);
}

/** Resource changes counted per type and action: `aws_lb: create 1, delete 2`. */
export function actionsByType(change: ChangeReview): readonly { readonly type: string; readonly counts: Readonly<Record<ResourceAction, number>> }[] {
  const byType = new Map<string, Record<ResourceAction, number>>();
  for (const entry of change.resources) {
    const counts = byType.get(entry.type) ?? { create: 0, update: 0, replace: 0, delete: 0, move: 0, forget: 0 };
    counts[entry.action] += 1;
    byType.set(entry.type, counts);
  }
  return [...byType].sort(([a], [b]) => a.localeCompare(b)).map(([type, counts]) => ({ type, counts }));
}

export function describeSides(change: ChangeReview): string {
  const side = (value: ChangeReview['before']): string => `${value.kind === 'plan' ? 'plan' : 'stack'} ${value.origin}`;
  const how = change.source === 'plan' ? 'Terraform plan actions' : 'compared; replacements from the ForceNew table';
  return `${side(change.before)} → ${side(change.after)} (${how})`;
}

export function sgRow(sign: '+' | '-', permission: SgPermission): readonly string[] {
  return [sign, permission.group, permission.direction, permission.ports, permission.peer, permission.description ?? ''];
}

export function iamRow(sign: '+' | '-', permission: IamPermission): readonly string[] {
  return [sign, permission.owner, permission.effect, permission.action, permission.resource, permission.principal, permission.condition];
}

export const SG_HEAD = ['', 'Group', 'Direction', 'Ports', 'Peer', 'Description'] as const;
export const IAM_HEAD = ['', 'Owner', 'Effect', 'Action', 'Resource', 'Principal', 'Condition'] as const;

export function costRows(change: ChangeReview): readonly (readonly string[])[] {
  const rows = change.cost.lines.map((line) => [
    line.resource,
    money(line.before),
    money(line.after),
    `${delta(line.delta)}${line.unpriced ? ' + unpriced line(s)' : ''}`,
    Math.abs(line.ipv4Delta) >= 0.005 ? delta(line.ipv4Delta) : '',
  ]);
  return [...rows, ['Total', money(change.cost.before), money(change.cost.after), delta(change.cost.delta), delta(change.cost.ipv4.delta)]];
}

export const COST_HEAD = ['Resource', 'Before', 'After', 'Difference', 'of which public IPv4'] as const;

/** One line on what neither side's analysis reads, or undefined when everything is read. */
export function notAnalysedLine(change: ChangeReview): string | undefined {
  const { moduleCalls, providers, resourceTypes } = change.notAnalysed;
  const parts = [
    ...moduleCalls.map((call) => `module ${call}`),
    ...providers.map((entry) => `${entry.resources} resource(s) of provider ${entry.provider}`),
    ...resourceTypes.filter((entry) => !PERMISSION_TYPES.has(entry.type)).map((entry) => `${entry.resources} ${entry.type}`),
  ];
  return parts.length === 0 ? undefined : `Not analysed for paths, cost or findings (their resource changes are listed): ${parts.join(', ')}.`;
}
