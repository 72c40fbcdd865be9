import { resourcesOf } from '../../support/stacks';

/** A request as an ALB listener sees it. */
export interface AlbRequest {
  readonly path: string;
  readonly host?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What the listener does with a request. */
export type AlbOutcome = { readonly forward: string } | { readonly fixed: { readonly status: string; readonly body: string } } | { readonly redirect: string };

/** A rule condition in the ModifyRule API's shape, as EventBridge Scheduler sends it. */
export interface ApiCondition {
  readonly Field: string;
  readonly PathPatternConfig?: { readonly Values: readonly string[] };
  readonly HostHeaderConfig?: { readonly Values: readonly string[] };
  readonly HttpHeaderConfig?: { readonly HttpHeaderName: string; readonly Values: readonly string[] };
}

type Condition = { readonly kind: 'path' | 'host'; readonly values: readonly string[] } | { readonly kind: 'header'; readonly name: string; readonly values: readonly string[] };

interface Rule {
  readonly address: string;
  readonly priority: number;
  conditions: readonly Condition[];
  readonly action: AlbOutcome;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : {};
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/** ALB wildcards: `*` any run of characters, `?` exactly one; the whole value must match. */
function wildcard(pattern: string, value: string, caseSensitive: boolean): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, caseSensitive ? '' : 'i').test(value);
}

function terraformConditions(conditions: unknown): Condition[] {
  return (Array.isArray(conditions) ? conditions : []).map((raw) => {
    const condition = record(raw);
    if (condition.path_pattern !== undefined) {
      return { kind: 'path', values: strings(record(condition.path_pattern).values) };
    }
    if (condition.host_header !== undefined) {
      return { kind: 'host', values: strings(record(condition.host_header).values) };
    }
    const header = record(condition.http_header);
    return { kind: 'header', name: String(header.http_header_name), values: strings(header.values) };
  });
}

/** The ModifyRule shape into the evaluator's. */
export function apiConditions(conditions: readonly ApiCondition[]): Condition[] {
  return conditions.map((condition) => {
    switch (condition.Field) {
      case 'path-pattern':
        return { kind: 'path', values: condition.PathPatternConfig?.Values ?? [] };
      case 'host-header':
        return { kind: 'host', values: condition.HostHeaderConfig?.Values ?? [] };
      case 'http-header':
        return { kind: 'header', name: condition.HttpHeaderConfig?.HttpHeaderName ?? '', values: condition.HttpHeaderConfig?.Values ?? [] };
      default:
        throw new Error(`unsupported condition field ${condition.Field}`);
    }
  });
}

function outcomeOf(actions: unknown): AlbOutcome {
  const action = record(Array.isArray(actions) ? actions[0] : undefined);
  if (action.type === 'forward') {
    return { forward: String(action.target_group_arn) };
  }
  if (action.type === 'fixed-response') {
    const fixed = record(action.fixed_response);
    return { fixed: { status: String(fixed.status_code), body: String(fixed.message_body) } };
  }
  return { redirect: JSON.stringify(action.redirect) };
}

function matches(condition: Condition, request: AlbRequest): boolean {
  switch (condition.kind) {
    case 'path':
      return condition.values.some((value) => wildcard(value, request.path, true));
    case 'host':
      return condition.values.some((value) => wildcard(value, request.host ?? '', false));
    case 'header': {
      const header = Object.entries(request.headers ?? {}).find(([name]) => name.toLowerCase() === condition.name.toLowerCase());
      return header !== undefined && condition.values.some((value) => wildcard(value, header[1], false));
    }
  }
}

/**
 * One listener of a synthesized stack, evaluated as an ALB does: its rules by ascending priority, the
 * first whose conditions all match (any value of each) decides, else the default action. Rule
 * conditions can be replaced as ModifyRule would (what the office-hours schedules do).
 */
export class AlbListener {
  private readonly rules: Rule[];
  private readonly defaultAction: AlbOutcome;

  constructor(synthesized: string, listenerAddress: string) {
    const listener = resourcesOf(synthesized, 'aws_lb_listener')[listenerAddress];
    if (listener === undefined) {
      throw new Error(`no aws_lb_listener.${listenerAddress}`);
    }
    this.defaultAction = outcomeOf(record(listener).default_action);
    this.rules = Object.entries(resourcesOf(synthesized, 'aws_lb_listener_rule'))
      .filter(([, rule]) => record(rule).listener_arn === `\${aws_lb_listener.${listenerAddress}.arn}`)
      .map(([address, raw]) => {
        const rule = record(raw);
        return { address, priority: Number(rule.priority), conditions: terraformConditions(rule.condition), action: outcomeOf(rule.action) };
      })
      .sort((a, b) => a.priority - b.priority);
  }

  /** The rule addresses, in evaluation order. */
  public ruleAddresses(): string[] {
    return this.rules.map((rule) => rule.address);
  }

  /** What ModifyRule does with `Conditions`: the rule named by its ARN reference gets them. */
  public modifyRule(ruleArn: string, conditions: readonly ApiCondition[]): void {
    const rule = this.rules.find((candidate) => ruleArn === `\${aws_lb_listener_rule.${candidate.address}.arn}`);
    if (rule === undefined) {
      throw new Error(`no rule of this listener is ${ruleArn}`);
    }
    rule.conditions = apiConditions(conditions);
  }

  public route(request: AlbRequest): AlbOutcome {
    return this.rules.find((rule) => rule.conditions.every((condition) => matches(condition, request)))?.action ?? this.defaultAction;
  }
}
