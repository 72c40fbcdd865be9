import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { schemaReaderEnvironment, type OfflinePlanResult } from '../../src/terraform/offline-plan';
import { availability, planOffline } from '../support/terraform';

/**
 * Plans of a change need a "before" that exists; nothing can be applied offline. So the before is
 * made: the base stack's own plan gives every planned value, the unknown ones (ids, ARNs, computed
 * attributes) are filled with made-up values of the right type from the provider schema, and that is
 * written as a Terraform state. Planning the base again against it resolves the references to those
 * made-up ids; a few rounds settle it (no change left). The changed stack is then planned against the
 * settled state (cached in .tmp/change by the base stack's hash): Terraform and the real provider decide update or replace, and say which attributes
 * force it (`replace_paths`). What is not real: ids and ARNs, and values AWS would compute.
 */

type Json = { readonly [key: string]: unknown };
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const run = promisify(execFile);

interface SchemaBlock {
  readonly attributes?: Readonly<Record<string, { readonly type?: unknown }>>;
  readonly block_types?: Readonly<Record<string, { readonly nesting_mode: string; readonly block: SchemaBlock }>>;
}

function asBlock(value: unknown): SchemaBlock {
  return isJson(value) ? value : {};
}

/** The AWS provider's resource schemas (`terraform providers schema -json` in an initialised folder). */
export async function resourceSchemas(workDir: string): Promise<ReadonlyMap<string, { readonly version: number; readonly block: SchemaBlock }>> {
  const { stdout } = await run('terraform', ['providers', 'schema', '-json'], {
    cwd: workDir,
    env: schemaReaderEnvironment({ ...process.env, TF_CLI_CONFIG_FILE: join(resolve(workDir), 'terraform.rc'), CHECKPOINT_DISABLE: '1' }),
    maxBuffer: 256 * 1024 * 1024,
  });
  const parsed: unknown = JSON.parse(stdout);
  const providers = isJson(parsed) && isJson(parsed.provider_schemas) ? parsed.provider_schemas : {};
  const aws = providers['registry.terraform.io/hashicorp/aws'];
  const resources = isJson(aws) && isJson(aws.resource_schemas) ? aws.resource_schemas : {};
  return new Map(Object.entries(resources).flatMap(([type, schema]) => (isJson(schema) ? [[type, { version: typeof schema.version === 'number' ? schema.version : 0, block: asBlock(schema.block) }] as const] : [])));
}

const ID_PREFIX: Readonly<Record<string, string>> = {
  aws_vpc: 'vpc',
  aws_subnet: 'subnet',
  aws_security_group: 'sg',
  aws_default_security_group: 'sg',
  aws_internet_gateway: 'igw',
  aws_nat_gateway: 'nat',
  aws_route_table: 'rtb',
  aws_eip: 'eipalloc',
  aws_instance: 'i',
  aws_launch_template: 'lt',
  aws_vpc_endpoint: 'vpce',
  aws_route_table_association: 'rtbassoc',
  aws_vpc_security_group_ingress_rule: 'sgr',
  aws_vpc_security_group_egress_rule: 'sgr',
  aws_network_interface: 'eni',
  aws_route53_zone: 'Z',
};

function hex(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

/** A made-up value of a schema type for an attribute known only after apply. */
function madeUp(type: unknown, address: string, path: string, values: Json): unknown {
  const resourceType = address.replace(/^(?:module\.[\w-]+\.)*/, '').split('.')[0];
  if (type === 'string') {
    if (path === 'id') {
      const prefix = ID_PREFIX[resourceType];
      if (prefix !== undefined) {
        return prefix === 'Z' ? `Z${hex(address, 20).toUpperCase()}` : `${prefix}-${hex(address, 17)}`;
      }
      return typeof values.name === 'string' ? values.name : typeof values.arn === 'string' ? values.arn : `${resourceType}-${hex(address, 12)}`;
    }
    // A computed default the provider compares: anything else would force a replacement every round.
    if (path === 'protocol_version') {
      return 'HTTP1';
    }
    // The provider stores a hash of user data: a made-up value would be hashed again every round.
    if (path === 'user_data') {
      return null;
    }
    if (path === 'arn' || path.endsWith('_arn')) {
      return `arn:aws:${resourceType.split('_')[1] ?? 'aws'}:ap-northeast-2:111122223333:${resourceType}/${hex(`${address}.${path}`, 12)}`;
    }
    return `${path.replace(/\W/g, '-')}-${hex(`${address}.${path}`, 8)}`;
  }
  if (type === 'number') {
    return 1;
  }
  if (type === 'bool') {
    return false;
  }
  if (Array.isArray(type) && (type[0] === 'list' || type[0] === 'set')) {
    // A computed list of objects (an RDS master_user_secret) is read as element 0: give it one.
    return Array.isArray(type[1]) && type[1][0] === 'object' ? [madeUp(type[1], address, `${path}[0]`, values)] : [];
  }
  if (Array.isArray(type) && type[0] === 'object' && isJson(type[1])) {
    return Object.fromEntries(Object.entries(type[1]).map(([key, inner]) => [key, madeUp(inner, address, `${path}.${key}`, values)]));
  }
  return Array.isArray(type) && type[0] === 'map' ? {} : null;
}

/** Evaluates what a configuration expression says about an unknown value, from the state made so far; undefined when it cannot. */
type Evaluate = (expression: unknown, type: unknown) => unknown;

/** Planned values with each unknown filled: from the previous round's state, else from the expression's references, else made up. */
function fill(value: unknown, unknown: unknown, previous: unknown, type: unknown, expression: unknown, evaluate: Evaluate, address: string, path: string, values: Json): unknown {
  if (unknown === true) {
    if (previous !== undefined && previous !== null) {
      return previous;
    }
    const evaluated = evaluate(expression, type);
    return evaluated !== undefined ? evaluated : madeUp(type, address, path, values);
  }
  if (Array.isArray(value) && Array.isArray(unknown)) {
    const inner = Array.isArray(type) ? type[1] : undefined;
    return value.map((item, index) => fill(item, unknown[index], Array.isArray(previous) ? previous[index] : undefined, inner, undefined, evaluate, address, `${path}[${index}]`, values));
  }
  if (isJson(value) && isJson(unknown)) {
    const types = Array.isArray(type) && isJson(type[1]) ? type[1] : {};
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, fill(item, unknown[key], isJson(previous) ? previous[key] : undefined, types[key], undefined, evaluate, address, `${path}.${key}`, values)]),
    );
  }
  return value;
}

function fillBlock(values: Json, unknown: Json, previous: Json, expressions: Json, block: SchemaBlock, evaluate: Evaluate, address: string, prefix: string): Json {
  const result: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    const filled = fill(values[name] ?? null, unknown[name], previous[name], attribute.type, expressions[name], evaluate, address, `${prefix}${name}`, values);
    result[name] = filled === undefined ? null : filled;
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const items = values[name];
    const marks = unknown[name];
    const earlier = previous[name];
    const written = expressions[name];
    const pick = (list: unknown, index: number): Json => (Array.isArray(list) && isJson(list[index]) ? list[index] : isJson(list) ? list : {});
    const one = (item: unknown, index: number): Json => fillBlock(isJson(item) ? item : {}, pick(marks, index), pick(earlier, index), pick(written, index), nested.block, evaluate, address, `${prefix}${name}.`);
    if (nested.nesting_mode === 'single' || nested.nesting_mode === 'group') {
      result[name] = isJson(items) ? one(items, 0) : null;
    } else {
      result[name] = Array.isArray(items) ? items.map(one) : [];
    }
  }
  return result;
}

export type State = Json;

const REFERENCE = /^([a-z][a-z0-9_]*\.[\w-]+)\.(.+)$/;

function at(value: unknown, path: string): unknown {
  return path
    .split(/\.|\[(\d+)\]/)
    .filter((step) => step !== undefined && step !== '')
    .reduce<unknown>((node, step) => (Array.isArray(node) ? node[Number(step)] : isJson(node) ? node[step] : undefined), value);
}

function converted(value: unknown, type: unknown): unknown {
  if (type === 'string' && typeof value === 'number') {
    return String(value);
  }
  if (type === 'number' && typeof value === 'string' && value !== '' && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return value;
}

/** Each configured resource's expressions by address, module calls (without count or for_each) included: `module.m.aws_x.y`. */
function configuredExpressions(module: Json, prefix = ''): Map<string, Json> {
  const found = new Map<string, Json>();
  for (const resource of Array.isArray(module.resources) ? module.resources.filter(isJson) : []) {
    found.set(`${prefix}${String(resource.address)}`, isJson(resource.expressions) ? resource.expressions : {});
  }
  for (const [name, call] of Object.entries(isJson(module.module_calls) ? module.module_calls : {})) {
    if (isJson(call) && isJson(call.module)) {
      configuredExpressions(call.module, `${prefix}module.${name}.`).forEach((value, key) => found.set(key, value));
    }
  }
  return found;
}

/** Paths the plan marks sensitive, as a state records them: without them the next plan updates the marks alone. */
function sensitivePaths(marks: unknown, path: readonly Json[] = []): Json[][] {
  if (marks === true) {
    return [[...path]];
  }
  if (Array.isArray(marks)) {
    return marks.flatMap((mark, index) => sensitivePaths(mark, [...path, { type: 'index', value: { value: index, type: 'number' } }]));
  }
  if (isJson(marks)) {
    return Object.entries(marks).flatMap(([key, mark]) => sensitivePaths(mark, [...path, { type: 'get_attr', value: key }]));
  }
  return [];
}

/** `["a"]` or `[0]` for an instance key; '' without one. */
function indexOf(key: unknown): string {
  return typeof key === 'number' ? `[${key}]` : typeof key === 'string' ? `[${JSON.stringify(key)}]` : '';
}

/** `module.a.module.b.aws_x.y` -> `module.a.module.b`; '' at the root. */
function modulePath(address: string): string {
  return /^((?:module\.[\w-]+\.)*)/.exec(address)?.[1].replace(/\.$/, '') ?? '';
}

/** A Terraform state (format 4) holding the plan's resources as if applied, unknowns filled; resources of module calls keep their module. */
export function stateFromPlan(plan: unknown, schemas: Awaited<ReturnType<typeof resourceSchemas>>, previous?: State): State {
  const changes =
    isJson(plan) && Array.isArray(plan.resource_changes)
      ? plan.resource_changes.filter((change): change is Json => isJson(change) && change.mode === 'managed' && isJson(change.change) && isJson(change.change.after))
      : [];
  const byAddress = new Map(changes.map((change) => [String(change.address), change]));
  const configuration = isJson(plan) && isJson(plan.configuration) && isJson(plan.configuration.root_module) ? plan.configuration.root_module : {};
  const expressions = configuredExpressions(configuration);
  const earlier = new Map<string, Json>();
  for (const resource of isJson(previous) && Array.isArray(previous.resources) ? previous.resources.filter(isJson) : []) {
    const module = typeof resource.module === 'string' ? `${resource.module}.` : '';
    for (const instance of Array.isArray(resource.instances) ? resource.instances.filter(isJson) : []) {
      earlier.set(`${module}${String(resource.type)}.${String(resource.name)}${indexOf(instance.index_key)}`, isJson(instance.attributes) ? instance.attributes : {});
    }
  }
  const done = new Map<string, Json>();
  const busy = new Set<string>();
  const attributesOf = (address: string): Json | undefined => {
    const cached = done.get(address);
    const change = byAddress.get(address);
    if (cached !== undefined || change === undefined || busy.has(address)) {
      return cached;
    }
    busy.add(address);
    const schema = schemas.get(String(change.type));
    if (schema === undefined) {
      throw new Error(`no provider schema for ${String(change.type)}`);
    }
    const detail = isJson(change.change) ? change.change : {};
    const scope = modulePath(address);
    const within: Evaluate = (expression, type) => evaluate(expression, type, scope === '' ? '' : `${scope}.`);
    const attributes = fillBlock(
      isJson(detail.after) ? detail.after : {},
      isJson(detail.after_unknown) ? detail.after_unknown : {},
      earlier.get(address) ?? {},
      expressions.get(address.replace(/\[[^\]]*\]$/, '')) ?? {},
      schema.block,
      within,
      address,
      '',
    );
    busy.delete(address);
    done.set(address, attributes);
    return attributes;
  };
  // `${aws_x.y.id}` and `${tostring(aws_x.y.n)}` are read from the state made so far; anything else (functions) is not evaluated.
  function evaluate(expression: unknown, type: unknown, prefix: string): unknown {
    const template = isJson(expression) && typeof expression.constant_value === 'string' ? expression.constant_value : undefined;
    const whole = template === undefined ? null : /^\$\{(?:tostring\()?([^(){}]+?)\)?\}$/.exec(template);
    const reference = whole === null ? null : REFERENCE.exec(whole[1]);
    if (reference === null) {
      return undefined;
    }
    const attributes = attributesOf(`${prefix}${reference[1]}`);
    const value = attributes === undefined ? undefined : at(attributes, reference[2]);
    return value === undefined || value === null ? undefined : converted(value, type);
  }
  // One state resource per configured resource, one instance per count or for_each key.
  const grouped = new Map<string, { module: string; type: string; name: string; instances: Json[] }>();
  for (const change of changes) {
    const type = String(change.type);
    const module = modulePath(String(change.address));
    const key = `${module}|${type}|${String(change.name)}`;
    const group = grouped.get(key) ?? { module, type, name: String(change.name), instances: [] };
    group.instances.push({
      ...(change.index === undefined ? {} : { index_key: change.index }),
      schema_version: schemas.get(type)?.version ?? 0,
      attributes: attributesOf(String(change.address)),
      sensitive_attributes: sensitivePaths(isJson(change.change) ? change.change.after_sensitive : undefined),
    });
    grouped.set(key, group);
  }
  const resources = [...grouped.values()].map(({ module, type, name, instances }) => ({
    ...(module === '' ? {} : { module }),
    mode: 'managed',
    type,
    name,
    provider: 'provider["registry.terraform.io/hashicorp/aws"]',
    instances,
  }));
  return { version: 4, terraform_version: '1.11.0', serial: 1, lineage: '00000000-0000-4000-8000-000000000001', outputs: {}, resources };
}

/** Plans a synthesized stack against a state, offline, in `.tmp/change/<name>`. */
export async function planAgainst(stack: string, state: State | undefined, name: string): Promise<OfflinePlanResult> {
  const dir = join('.tmp', 'change', name);
  rmSync(join(dir, 'terraform.tfstate'), { force: true });
  mkdirSync(dir, { recursive: true });
  if (state !== undefined) {
    writeFileSync(join(dir, 'terraform.tfstate'), JSON.stringify(state));
  }
  return planOffline(stack, 'change', name);
}

/** Actions other than no-op, by address. */
export function pendingChanges(plan: unknown): readonly string[] {
  const changes = isJson(plan) && Array.isArray(plan.resource_changes) ? plan.resource_changes.filter(isJson) : [];
  return changes.flatMap((change) => {
    const actions = isJson(change.change) && Array.isArray(change.change.actions) ? change.change.actions.join(',') : '';
    return actions === 'no-op' ? [] : [`${actions} ${String(change.address)}`];
  });
}

/**
 * Settled bases committed beside the tests: a fresh clone finds the one for its base stack and skips
 * the rounds of planning (a minute of CPU). A run that settles a new base writes it here, replacing the
 * one it makes stale, so that the commit that changed the stack carries its settled base too.
 */
const COMMITTED_SETTLED = join(__dirname, 'terraform', 'settled');

function readSettled(path: string): { readonly state: State; readonly pending: readonly string[] } | undefined {
  if (!existsSync(path)) {
    return undefined;
  }
  const cached: unknown = JSON.parse(readFileSync(path, 'utf8'));
  return isJson(cached) && isJson(cached.state) && Array.isArray(cached.pending) ? { state: cached.state, pending: cached.pending.map(String) } : undefined;
}

/**
 * The base stack "applied": its state after rounds of planning against itself until only the changes
 * that never settle are left (attributes computed at every plan, such as a timestamp()).
 */
export async function settledState(stack: string, name: string, rounds = 5): Promise<{ readonly state: State; readonly pending: readonly string[] }> {
  if (!availability.available) {
    throw new Error(`terraform is unavailable: ${availability.reason}`);
  }
  const file = `${name}-settled-${hex(stack, 16)}.json`;
  const cache = join('.tmp', 'change', file);
  const known = readSettled(cache) ?? readSettled(join(COMMITTED_SETTLED, file));
  if (known !== undefined) {
    return known;
  }
  const fresh = await planAgainst(stack, undefined, name);
  const schemas = await resourceSchemas(fresh.workDir);
  let state = stateFromPlan(fresh.plan, schemas);
  let pending: readonly string[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const { plan } = await planAgainst(stack, state, name);
    const next = pendingChanges(plan);
    if (next.length === 0 || next.join('\n') === pending.join('\n')) {
      pending = next;
      break;
    }
    pending = next;
    state = stateFromPlan(plan, schemas, state);
  }
  const settled = JSON.stringify({ state, pending });
  writeFileSync(cache, settled);
  mkdirSync(COMMITTED_SETTLED, { recursive: true });
  for (const stale of readdirSync(COMMITTED_SETTLED).filter((entry) => entry.startsWith(`${name}-settled-`))) {
    rmSync(join(COMMITTED_SETTLED, stale), { force: true });
  }
  writeFileSync(join(COMMITTED_SETTLED, file), settled);
  return { state, pending };
}
