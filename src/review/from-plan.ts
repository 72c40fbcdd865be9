import { ReviewInputError } from './errors';
import { block, bool, isArray, isObject, str, type JsonObject } from './json';
import { createModel, KNOWN_AFTER_APPLY, type ChangeKind, type DeclaredSuppression, type Model, type Resource, type ResourceChange } from './model';
import { notAnalysedOf } from './coverage';
import type { ConfigurationSources, ModuleStep } from './config-sources';

/** Whether parsed JSON is a plan in the format of `terraform show -json <planfile>`. */
export function isPlan(json: unknown): json is JsonObject {
  return isObject(json) && (isObject(json.planned_values) || isArray(json.resource_changes)) && typeof json.format_version === 'string';
}

/** A module instance: where its resources' addresses start and where its configuration lives. */
interface Scope {
  /** `''` for the root, `module.net["a"].` for an instance. */
  readonly prefix: string;
  /** The name of the module call, undefined for the root. */
  readonly name: string | undefined;
  readonly config: JsonObject;
  /** The parent's call of this module (its `expressions` set the module's variables). */
  readonly call: JsonObject | undefined;
  readonly parent: Scope | undefined;
  /** `count.index` or `each.key` of this module instance, within its parent. */
  readonly key: string | number | undefined;
}

/** `count.index` or `each.key` of one resource instance. */
type InstanceKey = string | number | undefined;

/** The calls from the root to a scope, for finding its files. */
function pathOf(scope: Scope): readonly ModuleStep[] {
  const steps: ModuleStep[] = [];
  for (let current: Scope | undefined = scope; current?.parent !== undefined; current = current.parent) {
    steps.unshift({ name: current.name ?? '', source: str(current.call?.source) });
  }
  return steps;
}

interface Resolved {
  readonly links: readonly string[];
  readonly unresolved: readonly string[];
}

const NOTHING: Resolved = { links: [], unresolved: [] };

/** The references to read: `aws_x.y.id` comes with `aws_x.y` (Terraform 1.x), 0.12 writes only `aws_x.y`; each target once. */
function targetsOf(references: readonly unknown[]): readonly string[] {
  const strings = references.filter((reference): reference is string => typeof reference === 'string');
  return strings.filter((reference) => !strings.some((other) => other !== reference && (other.startsWith(`${reference}.`) || other.startsWith(`${reference}[`))));
}

/** Several resolutions as one, in order, without repeats. */
function combined(results: readonly Resolved[]): Resolved {
  return { links: [...new Set(results.flatMap((result) => result.links))], unresolved: [...new Set(results.flatMap((result) => result.unresolved))] };
}

/** `${aws_subnet.public["a"]}` + `.id`: an attribute added to a link that names only an instance. */
function withAttribute(link: string, attribute: string): string {
  const inner = /^\$\{(.*)\}$/.exec(link)?.[1];
  return attribute === '' || inner === undefined || !/^(?:module\.[\w-]+(?:\[[^\]]+\])?\.)*[a-z][\w-]*\.[\w-]+(?:\[[^\]]+\])?$/.test(inner) ? link : `\${${inner}${attribute}}`;
}

const NOT_RESOURCES = new Set(['var', 'local', 'module', 'data', 'count', 'each', 'path', 'self', 'terraform']);

function indexText(key: string | number): string {
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

/** `[0]` -> 0, `["a"]` -> "a". */
function parseIndex(text: string): string | number {
  const inner = text.slice(1, -1);
  if (/^\d+$/.test(inner)) {
    return Number(inner);
  }
  try {
    const parsed: unknown = JSON.parse(inner);
    return typeof parsed === 'string' || typeof parsed === 'number' ? parsed : inner;
  } catch {
    return inner;
  }
}

/** Module path and resource of a planned address: `module.a[0].module.b.aws_x.y[2]`. */
function splitAddress(address: string): { readonly modules: readonly { readonly name: string; readonly key: string | number | undefined }[]; readonly resource: string; readonly key: InstanceKey } {
  const modules: { name: string; key: string | number | undefined }[] = [];
  let rest = address;
  for (let match = /^module\.([\w-]+)(\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\])?\./.exec(rest); match !== null; match = /^module\.([\w-]+)(\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\])?\./.exec(rest)) {
    modules.push({ name: match[1], key: match[2] === undefined ? undefined : parseIndex(match[2]) });
    rest = rest.slice(match[0].length);
  }
  const indexed = /^(.*?)(\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\])$/.exec(rest);
  return indexed === null ? { modules, resource: rest, key: undefined } : { modules, resource: indexed[1], key: parseIndex(indexed[2]) };
}

/** Resolves references written in module-relative terms to planned addresses, following variables into calls and outputs out of modules. */
class References {
  private readonly instances = new Map<string, string[]>();
  private readonly sources: ConfigurationSources | undefined;

  constructor(addresses: readonly string[], sources: ConfigurationSources | undefined) {
    this.sources = sources;
    for (const address of addresses) {
      const base = address.replace(/\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\]$/, '');
      this.instances.set(base, [...(this.instances.get(base) ?? []), address]);
    }
  }

  /**
   * Interpolations (`${aws_subnet.a.id}`) a configuration expression's references come to, and the
   * parts that resolve to nothing. `forEach` is the `for_each` expression of what the expression
   * belongs to (a resource, or a module call), which `each.value` stands for one element of.
   */
  expression(expression: unknown, scope: Scope, key: InstanceKey, depth = 0, forEach?: unknown): Resolved {
    const references = isObject(expression) && isArray(expression.references) ? targetsOf(expression.references) : [];
    const usesIndex = references.some((reference) => reference === 'count.index' || reference.startsWith('each.'));
    return combined(
      references.map((reference) => (/^each\.value(?![\w-])/.test(reference) ? this.eachValue(reference, scope, key, depth, forEach) : this.reference(reference, scope, usesIndex ? key : undefined, depth))),
    );
  }

  /**
   * `each.value` of the instance `key`: the element of its `for_each` with that key. Over a resource
   * (`for_each = aws_subnet.public`), the instance with the same key; over a map of ids, any of the
   * ids it names (the plan does not record which key holds which).
   */
  private eachValue(reference: string, scope: Scope, key: InstanceKey, depth: number, forEach: unknown): Resolved {
    if (forEach === undefined || key === undefined || depth > 32) {
      return { links: [], unresolved: [reference] };
    }
    const forced = this.keyed(isObject(forEach) && isArray(forEach.references) ? forEach.references : [], scope, key, depth);
    const attribute = /^each\.value(\.[\w-]+)?/.exec(reference)?.[1] ?? '';
    return { links: forced.links.map((link) => withAttribute(link, attribute)), unresolved: forced.unresolved };
  }

  /** References resolved at one instance key even where the expression itself does not use it (`for_each = aws_subnet.public`). */
  private keyed(references: readonly unknown[], scope: Scope, key: InstanceKey, depth: number): Resolved {
    return combined(targetsOf(references).map((reference) => this.reference(reference, scope, key, depth + 1)));
  }

  /**
   * `local.x`: a plan JSON records that a value uses a local, never what the local holds. With the
   * configuration's files at hand, the local's own references stand for it (`local.ids[0]`: those of
   * its first element when it is written as a list); without them it stays unresolved.
   */
  private local(reference: string, scope: Scope, key: InstanceKey, depth: number): Resolved {
    const match = /^local\.([\w-]+)(?:\[(\d+)\])?/.exec(reference);
    const declared = (isArray(scope.config.resources) ? scope.config.resources : []).flatMap((entry) => (isObject(entry) && entry.mode === 'managed' && typeof entry.address === 'string' ? [entry.address] : []));
    const definition = match === null ? undefined : this.sources?.localsOf(pathOf(scope), declared)?.get(match[1]);
    if (match === null || definition === undefined) {
      return { links: [], unresolved: [reference] };
    }
    const element = match[2] === undefined ? undefined : definition.elements?.[Number(match[2])];
    const references = element ?? definition.references;
    // Under an instance key (`local.ids[count.index]`, `for_each = local.subnets`), a splat of a counted resource gives that instance.
    return key === undefined ? this.expression({ references }, scope, undefined, depth + 1) : this.keyed(references, scope, key, depth);
  }

  /** Whether a module's configuration declares a resource (`aws_x.y`), so that no planned instance of it means none exists (count 0, an empty for_each). */
  private declares(scope: Scope, resource: string): boolean {
    const resources = isArray(scope.config.resources) ? scope.config.resources : [];
    return resources.some((entry) => isObject(entry) && entry.address === resource && entry.mode !== 'data');
  }

  private reference(reference: string, scope: Scope, key: InstanceKey, depth: number): Resolved {
    if (depth > 32) {
      return { links: [], unresolved: [reference] };
    }
    const head = reference.split(/[.[]/)[0];
    if (head === 'count' || head === 'each' || head === 'path' || head === 'terraform' || head === 'self') {
      return NOTHING;
    }
    if (head === 'var') {
      const name = /^var\.([\w-]+)/.exec(reference)?.[1];
      const expressions = isObject(scope.call?.expressions) ? scope.call.expressions : undefined;
      const passed = name === undefined ? undefined : expressions?.[name];
      if (scope.parent === undefined || passed === undefined) {
        return { links: [], unresolved: [reference] };
      }
      const inner = this.expression(passed, scope.parent, scope.key, depth + 1, scope.call?.for_each_expression);
      return inner.links.length === 0 && inner.unresolved.length === 0 ? { links: [], unresolved: [reference] } : inner;
    }
    if (head === 'module') {
      return this.moduleOutput(reference, scope, key, depth);
    }
    if (head === 'local') {
      return this.local(reference, scope, key, depth);
    }
    if (NOT_RESOURCES.has(head)) {
      return { links: [], unresolved: [reference] };
    }
    const match = /^([a-z][\w-]*\.[\w-]+)(\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\])?(?:\.([\w-]+))?/.exec(reference);
    if (match === null) {
      return { links: [], unresolved: [reference] };
    }
    const base = `${scope.prefix}${match[1]}`;
    const attribute = match[3] === undefined ? '' : `.${match[3]}`;
    const explicit = match[2] === undefined ? undefined : `${base}${match[2]}`;
    const all = this.instances.get(base) ?? [];
    if (all.length === 0 && this.declares(scope, match[1])) {
      // Declared with no instance (count = 0): only a conditional or try() can name it, and it gives nothing.
      return NOTHING;
    }
    const addresses = explicit !== undefined ? all.filter((address) => address === explicit) : key !== undefined && all.includes(`${base}${indexText(key)}`) ? [`${base}${indexText(key)}`] : all;
    return addresses.length === 0 ? { links: [], unresolved: [reference] } : { links: addresses.map((address) => `\${${address}${attribute}}`), unresolved: [] };
  }

  private moduleOutput(reference: string, scope: Scope, key: InstanceKey, depth: number): Resolved {
    const match = /^module\.([\w-]+)(\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\])?(?:\.([\w-]+))?/.exec(reference);
    const calls = isObject(scope.config.module_calls) ? scope.config.module_calls : {};
    const call = match === null ? undefined : calls[match[1]];
    const output = match?.[3];
    if (match === null || !isObject(call) || !isObject(call.module) || output === undefined) {
      // A whole module object (`module.vpc`) comes with its attribute reference; alone it links nothing.
      return match !== null && output === undefined ? { links: [], unresolved: [] } : { links: [], unresolved: [reference] };
    }
    const outputs = isObject(call.module.outputs) ? call.module.outputs : {};
    const declared = outputs[output];
    if (!isObject(declared)) {
      return { links: [], unresolved: [reference] };
    }
    const keys = match[2] !== undefined ? [parseIndex(match[2])] : this.moduleKeys(`${scope.prefix}module.${match[1]}`, key);
    const links: string[] = [];
    const unresolved: string[] = [];
    for (const instanceKey of keys) {
      const child: Scope = { prefix: `${scope.prefix}module.${match[1]}${instanceKey === undefined ? '' : indexText(instanceKey)}.`, name: match[1], config: call.module, call, parent: scope, key: instanceKey };
      const result = this.expression(declared.expression, child, undefined, depth + 1);
      links.push(...result.links);
      unresolved.push(...result.unresolved);
    }
    return links.length === 0 && unresolved.length === 0 ? { links: [], unresolved: [reference] } : { links, unresolved };
  }

  /** Instance keys of a module call, from the planned addresses inside it. */
  private moduleKeys(base: string, key: InstanceKey): readonly (string | number | undefined)[] {
    const keys = new Set<string | number | undefined>();
    for (const addresses of this.instances.values()) {
      for (const address of addresses) {
        if (address.startsWith(`${base}.`)) {
          keys.add(undefined);
        } else if (address.startsWith(`${base}[`)) {
          const index = /^\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\]/.exec(address.slice(base.length));
          if (index !== null) {
            keys.add(parseIndex(index[0]));
          }
        }
      }
    }
    return key !== undefined && keys.has(key) ? [key] : keys.size === 0 ? [undefined] : [...keys];
  }
}

function isExpression(value: unknown): value is JsonObject {
  return isObject(value) && ('constant_value' in value || 'references' in value);
}

interface MergeContext {
  readonly references: References;
  readonly scope: Scope;
  readonly key: InstanceKey;
  /** The resource's `for_each` expression, which `each.value` comes from. */
  readonly forEach: unknown;
}

/** An unknown value rebuilt from its expression: the links it makes, else what it depends on, as an interpolation. */
function fromExpression(expression: unknown, context: MergeContext): unknown {
  if (isArray(expression)) {
    return expression.map((nested) => (isObject(nested) && !isExpression(nested) ? fromBlockExpression(nested, context) : fromExpression(nested, context)));
  }
  if (!isExpression(expression)) {
    return KNOWN_AFTER_APPLY;
  }
  const { links, unresolved } = context.references.expression(expression, context.scope, context.key, 0, context.forEach);
  // Variables are known when Terraform plans: beside other references, one is never why a value is unknown.
  const causes = links.length + unresolved.filter((item) => !item.startsWith('var.')).length > 0 ? unresolved.filter((item) => !item.startsWith('var.')) : unresolved;
  const parts = [...links, ...causes.map((item) => `\${${item}}`)];
  if (parts.length === 0) {
    return 'constant_value' in expression ? expression.constant_value : KNOWN_AFTER_APPLY;
  }
  return parts.length === 1 ? parts[0] : parts;
}

/** A nested block known only from the configuration: constants as written, references rebuilt. */
function fromBlockExpression(expressions: JsonObject, context: MergeContext): JsonObject {
  return Object.fromEntries(Object.entries(expressions).map(([key, expression]) => [key, fromExpression(expression, context)]));
}

/** Whether `after_unknown` marks anything unknown in a value. */
function marksUnknown(marks: unknown): boolean {
  return marks === true || (isArray(marks) && marks.some(marksUnknown)) || (isObject(marks) && Object.values(marks).some(marksUnknown));
}

/**
 * The configured block that a planned one came from: its constants agree (sets reorder blocks), and
 * the more its references sit where the plan has unknowns the better; each configured block once,
 * the same position first on a tie. Else the same position.
 */
function matchingBlock(planned: JsonObject, marks: JsonObject, candidates: readonly unknown[], index: number, used: Set<number> = new Set()): JsonObject | undefined {
  const agrees = (candidate: unknown): candidate is JsonObject =>
    isObject(candidate) &&
    Object.entries(candidate).every(
      ([key, expression]) => !isExpression(expression) || !('constant_value' in expression) || planned[key] === undefined || JSON.stringify(planned[key]) === JSON.stringify(expression.constant_value),
    );
  const score = (candidate: JsonObject): number =>
    Object.keys({ ...candidate, ...marks }).filter((key) => {
      const expression = candidate[key];
      return (isExpression(expression) && isArray(expression.references) && expression.references.length > 0) === marksUnknown(marks[key]);
    }).length;
  let best: number | undefined;
  for (const position of [index, ...candidates.keys()]) {
    const candidate = candidates[position];
    if (position < candidates.length && !used.has(position) && agrees(candidate)) {
      const current = best === undefined ? undefined : candidates[best];
      if (best === undefined || (isObject(current) && score(candidate) > score(current))) {
        best = position;
      }
    }
  }
  if (best !== undefined) {
    used.add(best);
    const block = candidates[best];
    return isObject(block) ? block : undefined;
  }
  const fallback = candidates[index];
  return isObject(fallback) ? fallback : undefined;
}

/**
 * Known values first: a planned value stands as it is. Only what `after_unknown` marks unknown is
 * rebuilt from the configuration's references (element by element in lists and nested blocks), so
 * values set from variables, locals and data sources survive.
 */
function merge(planned: unknown, unknown: unknown, expression: unknown, context: MergeContext, nested: boolean): unknown {
  if (unknown === true) {
    // Unknown and not configured: at the top, a computed attribute (id, arn) the analyses do not read; inside a block, a value the configuration sets in a way the plan does not show.
    return expression === undefined ? (nested ? KNOWN_AFTER_APPLY : undefined) : fromExpression(expression, context);
  }
  if (isArray(planned) && isArray(unknown)) {
    const blocks = isArray(expression) ? expression : undefined;
    const known: unknown[] = [];
    let elementUnknown = false;
    const used = new Set<number>();
    for (let index = 0; index < Math.max(planned.length, unknown.length); index += 1) {
      const item = planned[index];
      const marks = unknown[index];
      if (marks === true) {
        elementUnknown = true;
      } else if (isObject(item) && isObject(marks)) {
        // Blocks written as an attribute (`ingress = [...]`) have one expression for the whole list: its references stand for every part.
        const nested = blocks === undefined ? (isExpression(expression) ? expression : undefined) : matchingBlock(item, marks, blocks, index, used);
        known.push(mergeObject(item, marks, nested, context, true));
      } else if (index < planned.length) {
        known.push(item);
      }
    }
    if (!elementUnknown) {
      return known;
    }
    const rebuilt = expression === undefined ? KNOWN_AFTER_APPLY : fromExpression(expression, context);
    return [...known, ...(isArray(rebuilt) ? rebuilt : [rebuilt])];
  }
  if (isObject(planned) && isObject(unknown)) {
    return mergeObject(planned, unknown, isArray(expression) ? expression.find(isObject) : isObject(expression) ? expression : undefined, context, true);
  }
  return planned;
}

/** `expressions`: one per attribute of a block, or one expression standing for the whole object. */
function mergeObject(planned: JsonObject, unknown: JsonObject, expressions: JsonObject | undefined, context: MergeContext, nested: boolean): JsonObject {
  const merged: Record<string, unknown> = { ...planned };
  for (const key of new Set([...Object.keys(planned), ...Object.keys(unknown)])) {
    const value = merge(planned[key], unknown[key], expressions !== undefined && isExpression(expressions) ? expressions : expressions?.[key], context, nested);
    if (value === undefined) {
      delete merged[key];
    } else {
      merged[key] = value;
    }
  }
  return merged;
}

/** A plan without `after_unknown` (trimmed, or a very old format): the configuration's references fill what the planned values lack. */
function fillFromConfiguration(values: JsonObject, expressions: JsonObject, context: MergeContext): JsonObject {
  const merged: Record<string, unknown> = { ...values };
  for (const [key, expression] of Object.entries(expressions)) {
    const planned = values[key];
    // Null is a value the plan knows (an unset attribute): only what the planned values lack is filled.
    if (planned !== undefined) {
      if (isArray(planned) && isArray(expression)) {
        merged[key] = planned.map((item, index) => {
          const nested = isObject(item) ? matchingBlock(item, {}, expression, index) : undefined;
          return isObject(item) && nested !== undefined ? fillFromConfiguration(item, nested, context) : item;
        });
      }
      continue;
    }
    merged[key] = fromExpression(expression, context);
  }
  return merged;
}

interface PlannedResource {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly providerName: string | undefined;
  readonly values: JsonObject;
}

function plannedResources(module: unknown, depth = 0): PlannedResource[] {
  if (!isObject(module) || depth > 64) {
    return [];
  }
  const own = (isArray(module.resources) ? module.resources : []).flatMap((resource): PlannedResource[] => {
    if (isObject(resource) && resource.mode === undefined) {
      throw new ReviewInputError(`plan JSON: planned resource ${str(resource.address) ?? '(no address)'} has no "mode" ("managed" or "data"), which terraform show -json always writes: this is not a Terraform plan`);
    }
    if (!isObject(resource) || resource.mode !== 'managed') {
      return [];
    }
    const address = str(resource.address);
    const type = str(resource.type);
    const name = str(resource.name);
    if (address === undefined || type === undefined || name === undefined) {
      throw new ReviewInputError(`plan JSON: a planned resource lacks its address, type or name`);
    }
    return [{ address, type, name, providerName: str(resource.provider_name), values: isObject(resource.values) ? resource.values : {} }];
  });
  const children = isArray(module.child_modules) ? module.child_modules.flatMap((child) => plannedResources(child, depth + 1)) : [];
  return [...own, ...children];
}

/** The module instance a planned address lives in, and its resource's configuration there. */
function configurationOf(root: JsonObject, address: string): { readonly scope: Scope; readonly key: InstanceKey; readonly expressions: JsonObject | undefined; readonly forEach: unknown } {
  const parts = splitAddress(address);
  let scope: Scope = { prefix: '', name: undefined, config: root, call: undefined, parent: undefined, key: undefined };
  for (const module of parts.modules) {
    const calls = isObject(scope.config.module_calls) ? scope.config.module_calls : {};
    const call = calls[module.name];
    const config = isObject(call) && isObject(call.module) ? call.module : {};
    scope = { prefix: `${scope.prefix}module.${module.name}${module.key === undefined ? '' : indexText(module.key)}.`, name: module.name, config, call: isObject(call) ? call : undefined, parent: scope, key: module.key };
  }
  const resources = isArray(scope.config.resources) ? scope.config.resources : [];
  const configured = resources.find((resource) => isObject(resource) && resource.address === parts.resource && resource.mode !== 'data');
  return {
    scope,
    key: parts.key,
    expressions: isObject(configured) && isObject(configured.expressions) ? configured.expressions : undefined,
    forEach: isObject(configured) ? configured.for_each_expression : undefined,
  };
}

/** A plan's `actions` list as one kind of change (`delete,create` is a replace). */
export function changeKind(actions: unknown): ChangeKind | undefined {
  const list = isArray(actions) ? actions.join(',') : '';
  const kinds: Readonly<Record<string, ChangeKind>> = {
    create: 'create',
    update: 'update',
    delete: 'delete',
    'delete,create': 'replace',
    'create,delete': 'replace',
    'no-op': 'no-op',
    read: 'read',
    forget: 'forget',
  };
  return kinds[list];
}

function changesOf(plan: JsonObject): ResourceChange[] {
  return (isArray(plan.resource_changes) ? plan.resource_changes : []).flatMap((change): ResourceChange[] => {
    if (isObject(change) && change.mode === undefined) {
      throw new ReviewInputError(`plan JSON: resource_changes entry ${str(change.address) ?? '(no address)'} has no "mode" ("managed" or "data"), which terraform show -json always writes: this is not a Terraform plan`);
    }
    if (!isObject(change) || change.mode !== 'managed') {
      return [];
    }
    const address = str(change.address);
    const type = str(change.type);
    const kind = changeKind(isObject(change.change) ? change.change.actions : undefined);
    if (address === undefined || type === undefined || kind === undefined) {
      throw new ReviewInputError(`plan JSON: resource_changes entry ${address ?? '(no address)'} has no address, type or known actions`);
    }
    return [{ address, type, kind }];
  });
}

/** `after_unknown` of each resource change, by address. */
function unknownsOf(plan: JsonObject): ReadonlyMap<string, JsonObject> {
  return new Map(
    (isArray(plan.resource_changes) ? plan.resource_changes : []).flatMap((change): [string, JsonObject][] => {
      const address = isObject(change) ? str(change.address) : undefined;
      const unknown = isObject(change) && isObject(change.change) ? change.change.after_unknown : undefined;
      return address !== undefined && isObject(unknown) ? [[address, unknown]] : [];
    }),
  );
}

function providerExpression(plan: JsonObject, key: string): unknown {
  const configuration = isObject(plan.configuration) ? plan.configuration : {};
  const providers = isObject(configuration.provider_config) ? configuration.provider_config : {};
  const aws = isObject(providers.aws) ? providers.aws : {};
  const expressions = isObject(aws.expressions) ? aws.expressions : {};
  return expressions[key];
}

/** The AWS provider's default tags, which name the environment and say whether it is production. */
function defaultTagsOf(plan: JsonObject, resources: readonly PlannedResource[]): JsonObject | undefined {
  const defaultTags = block({ default_tags: providerExpression(plan, 'default_tags') }, 'default_tags');
  const configured = isObject(defaultTags?.tags) ? defaultTags.tags.constant_value : undefined;
  if (isObject(configured)) {
    return configured;
  }
  // Without provider configuration (a trimmed plan), the effective tags of any resource still carry them.
  const tagged = resources.find((resource) => isObject(resource.values.tags_all) && str(resource.values.tags_all.Environment) !== undefined);
  return tagged !== undefined && isObject(tagged.values.tags_all) ? tagged.values.tags_all : undefined;
}

/** The region: the AWS provider's configured one, else the one an ARN or availability zone in the planned values shows. */
function regionOf(plan: JsonObject, resources: readonly PlannedResource[]): string | undefined {
  const region = providerExpression(plan, 'region');
  const configured = isObject(region) ? str(region.constant_value) : undefined;
  if (configured !== undefined) {
    return configured;
  }
  // `region = var.region`: the plan records the variables' values.
  const variable = isObject(region) && isArray(region.references) ? region.references.map((reference) => /^var\.([\w-]+)$/.exec(String(reference))?.[1]).find((name) => name !== undefined) : undefined;
  const variables = isObject(plan.variables) ? plan.variables : {};
  const given = variable === undefined ? undefined : variables[variable];
  if (isObject(given) && typeof given.value === 'string') {
    return given.value;
  }
  for (const resource of resources) {
    const zone = str(resource.values.availability_zone);
    if (zone !== undefined && /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/.test(zone)) {
      return zone.slice(0, -1);
    }
  }
  return undefined;
}

/**
 * A model of a plan. `declared` holds suppressions read from the synthesized stack the plan was made
 * from: Terraform drops cdktf's `"//"` keys, so the plan itself cannot carry them.
 */
export function modelFromPlan(plan: JsonObject, origin: string, declared: ReadonlyMap<string, readonly DeclaredSuppression[]> = new Map(), sources?: ConfigurationSources): Model {
  const planned = plannedResources(isObject(plan.planned_values) ? plan.planned_values.root_module : undefined);
  const configuration = isObject(plan.configuration) ? plan.configuration : {};
  const root = isObject(configuration.root_module) ? configuration.root_module : {};
  const references = new References(
    planned.map((resource) => resource.address),
    sources,
  );
  const unknowns = unknownsOf(plan);
  const resources: Resource[] = planned.map((resource) => {
    const { scope, key, expressions, forEach } = configurationOf(root, resource.address);
    const context: MergeContext = { references, scope, key, forEach };
    const unknown = unknowns.get(resource.address);
    // Without the resource's configuration, an unknown value still says "unknown", never "absent".
    const known = unknown === undefined ? resource.values : mergeObject(resource.values, unknown, expressions ?? Object.fromEntries(Object.keys(unknown).map((name) => [name, {}])), context, false);
    // What the planned values leave out without marking it unknown (trimmed or hand-made plans) comes from the configuration.
    const values = expressions === undefined ? known : fillFromConfiguration(known, expressions, context);
    return {
      address: resource.address,
      type: resource.type,
      name: resource.name,
      values,
      suppressions: declared.get(resource.address) ?? [],
      ...(expressions === undefined ? {} : { configured: new Set(Object.keys(expressions)) }),
    };
  });
  const defaultTags = defaultTagsOf(plan, planned);
  return createModel({
    kind: 'plan',
    origin,
    environment: str(defaultTags?.Environment),
    production: bool(defaultTags?.Production),
    region: regionOf(plan, planned),
    backendBucket: undefined,
    resources,
    changes: changesOf(plan),
    notAnalysed: notAnalysedOf(
      planned.map((resource) => ({ type: resource.type, provider: resource.providerName })),
      [],
    ),
  });
}
