import { isArray, isObject } from '../json';
import { createModel, type Model, type Resource } from '../model';

/**
 * `moved` and `removed` blocks as the change review reads them. A move keeps the object under a new
 * address: the before side is read under the after side's addresses, so paths, cost and findings
 * compare object to object, not as a deletion and a creation. A forget (`removed` with
 * `destroy = false`, action `forget`) drops the object from Terraform's state without destroying it:
 * it still exists, still costs and keeps its paths, so the after side keeps it.
 */

/** `module.a["k"].aws_instance.web[0]` -> `web`. */
function nameOf(address: string): string {
  const resource = address.replace(/^(?:module\.[\w-]+(?:\[[^\]]*\])?\.)*/, '');
  return resource.split('.')[1]?.replace(/\[.*$/, '') ?? resource;
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Values with references to a moved address (`${aws_x.old.id}`, as a synthesized stack writes them) pointing at the new one. */
function renamedValue(value: unknown, pattern: RegExp, moves: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') {
    return value.includes('${') ? value.replace(pattern, (old: string) => moves.get(old) ?? old) : value;
  }
  if (isArray(value)) {
    return value.map((item) => renamedValue(item, pattern, moves));
  }
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renamedValue(item, pattern, moves)]));
  }
  return value;
}

/** The moves that apply to a model: it holds the old address and not yet the new one. */
export function applicableMoves(model: Model, moves: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  return new Map([...moves].filter(([from, to]) => model.byAddress.has(from) && !model.byAddress.has(to)));
}

/** The model with moved resources under their new addresses, and references to them following. */
export function underNewAddresses(model: Model, moves: ReadonlyMap<string, string>): Model {
  const applicable = applicableMoves(model, moves);
  if (applicable.size === 0) {
    return model;
  }
  const pattern = new RegExp(
    `(?<![\\w.-])(?:${[...applicable.keys()]
      .sort((a, b) => b.length - a.length)
      .map(escaped)
      .join('|')})(?![\\w-])`,
    'g',
  );
  const resources = model.resources.map((resource): Resource => {
    const to = applicable.get(resource.address);
    const values = renamedValue(resource.values, pattern, applicable);
    return { ...resource, ...(to === undefined ? {} : { address: to, name: nameOf(to) }), values: isObject(values) ? values : resource.values };
  });
  const changes = model.changes?.map((change) => ({ ...change, address: applicable.get(change.address) ?? change.address }));
  return createModel({ ...model, resources, changes });
}

/**
 * The after side with what it forgets still in it, as it was, and not counted as leaving. Terraform
 * 1.11 lists a forgotten object in the planned values, but with no values when its schema has
 * sensitive attributes (an RDS instance): the before side's copy stands for it.
 */
export function keepingForgotten(after: Model, before: Model, forgotten: ReadonlySet<string>): Model {
  if (forgotten.size === 0) {
    return after;
  }
  const kept = [...forgotten].flatMap((address) => [before.byAddress.get(address) ?? after.byAddress.get(address)].filter((resource): resource is Resource => resource !== undefined));
  const replaced = new Set(kept.map((resource) => resource.address));
  const changes = after.changes?.map((change) => (change.kind === 'forget' ? { ...change, kind: 'no-op' as const } : change));
  return createModel({ ...after, resources: [...after.resources.filter((resource) => !replaced.has(resource.address)), ...kept], changes });
}
