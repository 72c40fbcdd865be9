import type { JsonObject } from '../json';
import { displayName, type Model, type Resource } from '../model';
import { changedAttributes, FORCE_NEW, forceNewChanges } from './force-new';
import type { ChangeSides, PlannedChange } from './sides';

/** Terraform's actions; `move` is a `moved` block alone (no other change), `forget` a `removed` block with `destroy = false`. */
export type ResourceAction = 'create' | 'update' | 'replace' | 'delete' | 'move' | 'forget';

/** One resource the change touches. */
export interface ResourceChangeEntry {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly action: ResourceAction;
  /** For a replacement: the attributes forcing it; for an update: the attributes changed. */
  readonly attributes: readonly string[];
  /** Whether deleting it loses data or an identity others rely on. */
  readonly stateful: boolean;
  /** Stateful delete or replace, or an update AWS refuses in place: an error. */
  readonly blocking: boolean;
  /** Why it blocks, or what else to know. */
  readonly note: string | undefined;
  /** The address it had before a `moved` block. */
  readonly movedFrom?: string;
}

/**
 * Resources whose deletion loses what no apply brings back: data (RDS, buckets, tables, volumes,
 * secrets), a DNS delegation (hosted zones) or an address others allow-list (Elastic IPs).
 */
export const STATEFUL_TYPES: ReadonlySet<string> = new Set([
  'aws_db_instance',
  'aws_rds_cluster',
  'aws_s3_bucket',
  'aws_route53_zone',
  'aws_eip',
  'aws_dynamodb_table',
  'aws_ebs_volume',
  'aws_efs_file_system',
  'aws_secretsmanager_secret',
]);

const LOSS: Readonly<Record<string, string>> = {
  aws_eip: 'its public address changes, and whoever allow-listed it must be told',
  aws_route53_zone: 'a new zone gets new name servers: the registrar delegation breaks',
  aws_s3_bucket: 'its objects (Terraform state, for the state bucket) are lost',
};

/** Attributes every plan recomputes or cdktf adds: not a change of the configuration. */
const IGNORED = new Set(['tags_all', '//']);

function stateful(type: string): boolean {
  return STATEFUL_TYPES.has(type);
}

function lossOf(type: string): string {
  return LOSS[type] ?? 'its data is lost unless restored from a snapshot';
}

/**
 * AWS refuses some updates Terraform plans in place: an RDS instance cannot move to another subnet
 * group in the same VPC (InvalidVPCNetworkStateFault; hashicorp/terraform-provider-aws#512), so the
 * apply fails and the only way is a new instance.
 */
function refusedUpdate(type: string, attributes: readonly string[]): string | undefined {
  return type === 'aws_db_instance' && attributes.includes('db_subnet_group_name')
    ? 'db_subnet_group_name: AWS refuses to move an RDS instance to another subnet group in the same VPC, so the apply fails; plan a new instance from a snapshot'
    : undefined;
}

const FORGET_NOTE = 'no longer managed by Terraform (a removed block with destroy = false), not destroyed: it keeps running, costing and serving its paths';

function entry(resource: Pick<Resource, 'address' | 'type'> & { readonly name: string }, action: ResourceAction, attributes: readonly string[], movedFrom?: string): ResourceChangeEntry {
  const isStateful = stateful(resource.type);
  const destroys = action === 'delete' || action === 'replace';
  const refused = action === 'update' ? refusedUpdate(resource.type, attributes) : undefined;
  const moved = movedFrom === undefined ? undefined : `moved from ${movedFrom} (a moved block): the same object under a new address`;
  const own = isStateful && destroys ? `${action === 'delete' ? 'deleted' : 'destroyed and re-created'}: ${lossOf(resource.type)}` : action === 'forget' ? FORGET_NOTE : refused;
  const note = [moved, own].filter((part): part is string => part !== undefined).join('; ') || undefined;
  return {
    address: resource.address,
    type: resource.type,
    name: resource.name,
    action,
    attributes,
    stateful: isStateful,
    blocking: (isStateful && destroys) || refused !== undefined,
    note,
    ...(movedFrom === undefined ? {} : { movedFrom }),
  };
}

/** Attributes both sides can speak of: two synths or two plans compare all, a synth and a plan what both hold. */
function comparable(before: Model, after: Model, a: Resource, b: Resource): (key: string) => boolean {
  if (before.kind === after.kind) {
    return (key) => !IGNORED.has(key);
  }
  return (key) => !IGNORED.has(key) && key in a.values && key in b.values;
}

/** `${aws_db_subnet_group.db_1A2B.name}` -> [`aws_db_subnet_group.db_1A2B`, `name`]: the resources and attributes a value reads. */
function readsOf(value: unknown): readonly (readonly [string, string])[] {
  const text = JSON.stringify(value) ?? '';
  return [...text.matchAll(/\$\{((?:module\.[\w-]+\.)*[a-z][a-z0-9_]*\.[\w-]+)\.([a-z_]+)/g)].map((match) => [match[1], match[2]] as const);
}

/**
 * Two synths compare configuration, but a replaced resource gets new computed values (`id`, `arn`) and
 * the attributes that forced it: whoever reads them changes too, and is replaced in turn when the
 * reading attribute is ForceNew (a subnet's new CIDR replaces the instances in it). Followed to a fixpoint.
 */
function cascade(after: Model, entries: Map<string, { action: ResourceAction; attributes: readonly string[] }>): void {
  for (let changed = true; changed;) {
    changed = false;
    for (const resource of after.resources) {
      const own = entries.get(resource.address);
      if (own?.action === 'create' || own?.action === 'replace') {
        continue;
      }
      const moved = Object.entries(resource.values)
        .filter(([key]) => !IGNORED.has(key) && !(own?.attributes ?? []).includes(key))
        .filter(([, value]) =>
          readsOf(value).some(([address, attribute]) => {
            const target = entries.get(address);
            const source = after.byAddress.get(address);
            return target?.action === 'replace' && (target.attributes.includes(attribute) || source === undefined || !(attribute in source.values));
          }),
        )
        .map(([key]) => key);
      if (moved.length === 0) {
        continue;
      }
      const forcing = (FORCE_NEW[resource.type] ?? []).filter((path) => moved.includes(path.split('.')[0]));
      const attributes = [...(own?.attributes ?? []), ...moved].sort();
      entries.set(resource.address, forcing.length > 0 ? { action: 'replace', attributes: forcing } : { action: 'update', attributes });
      changed = true;
    }
  }
}

/** `moved` and `removed` blocks of the after plan, for two compared states: the before side already reads under the new addresses. */
interface Relocations {
  /** New address to the one it had. */
  readonly movedFrom: ReadonlyMap<string, string>;
  readonly forgotten: ReadonlySet<string>;
}

function fromModels(before: Model, after: Model, relocations: Relocations): ResourceChangeEntry[] {
  const found = new Map<string, { action: ResourceAction; attributes: readonly string[] }>();
  for (const resource of after.resources) {
    const previous = before.byAddress.get(resource.address);
    if (previous === undefined) {
      found.set(resource.address, { action: 'create', attributes: [] });
      continue;
    }
    const compared = comparable(before, after, previous, resource);
    const forcing = forceNewChanges(resource.type, previous.values, resource.values, compared);
    const changed = forcing.length > 0 ? [] : changedAttributes(previous.values, resource.values, compared);
    if (forcing.length > 0) {
      found.set(resource.address, { action: 'replace', attributes: forcing });
    } else if (changed.length > 0) {
      found.set(resource.address, { action: 'update', attributes: changed });
    }
  }
  cascade(after, found);
  // Terraform leaves a forgotten object as it is; a move alone is still a change to show.
  for (const address of relocations.forgotten) {
    found.set(address, { action: 'forget', attributes: [] });
  }
  for (const address of relocations.movedFrom.keys()) {
    if (!found.has(address) && after.byAddress.has(address)) {
      found.set(address, { action: 'move', attributes: [] });
    }
  }
  const entries = [...found].map(([address, { action, attributes }]) => {
    const resource = after.byAddress.get(address) ?? before.byAddress.get(address);
    return entry({ address, type: resource?.type ?? '', name: resource === undefined ? address : displayName(resource) }, action, attributes, relocations.movedFrom.get(address));
  });
  for (const resource of before.resources.filter((candidate) => !after.byAddress.has(candidate.address) && !relocations.forgotten.has(candidate.address))) {
    entries.push(entry({ ...resource, name: displayName(resource) }, 'delete', []));
  }
  return entries;
}

/** Attributes an update changes: those with a new known value, and those known only after apply (marked so). */
function updatedAttributes(before: JsonObject, after: JsonObject, unknown: ReadonlySet<string>): readonly string[] {
  const known = changedAttributes(before, after, (key) => !IGNORED.has(key) && !unknown.has(key));
  const pending = [...unknown].filter((key) => !IGNORED.has(key) && before[key] !== undefined && before[key] !== null).sort();
  return [...known, ...pending.map((key) => `${key} (known after apply)`)];
}

function fromPlan(planned: readonly PlannedChange[], before: Model, after: Model): ResourceChangeEntry[] {
  return planned.flatMap((change): ResourceChangeEntry[] => {
    const moved = change.previousAddress !== undefined && change.previousAddress !== change.address ? change.previousAddress : undefined;
    if (change.kind === 'read' || (change.kind === 'no-op' && moved === undefined)) {
      return [];
    }
    if (change.kind === 'no-op' || change.kind === 'forget') {
      const resource = after.byAddress.get(change.address) ?? before.byAddress.get(change.address);
      return [entry({ address: change.address, type: change.type, name: resource === undefined ? change.address : displayName(resource) }, change.kind === 'forget' ? 'forget' : 'move', [], moved)];
    }
    const resource = after.byAddress.get(change.address) ?? before.byAddress.get(change.address);
    const name = resource === undefined ? change.address : displayName(resource);
    const attributes =
      change.kind === 'replace' ? change.replacePaths : change.kind === 'update' && change.before !== undefined && change.after !== undefined ? updatedAttributes(change.before, change.after, change.unknownAfter) : [];
    return [entry({ address: change.address, type: change.type, name }, change.kind, attributes, moved)];
  });
}

const ORDER: Readonly<Record<ResourceAction, number>> = { delete: 0, replace: 1, forget: 2, update: 3, create: 4, move: 5 };

/**
 * What the change creates, updates, replaces, deletes, moves and forgets: Terraform's word for a plan,
 * the table's for two synths. The before side must already read under the after side's addresses (`moves.ts`).
 */
export function resourceChangesOf(sides: ChangeSides): readonly ResourceChangeEntry[] {
  const relocations: Relocations = { movedFrom: new Map([...(sides.moves ?? new Map<string, string>())].map(([from, to]) => [to, from])), forgotten: sides.forgotten ?? new Set() };
  const entries = sides.planned !== undefined ? fromPlan(sides.planned, sides.before, sides.after) : fromModels(sides.before, sides.after, relocations);
  return entries.sort((a, b) => Number(b.blocking) - Number(a.blocking) || ORDER[a.action] - ORDER[b.action] || a.type.localeCompare(b.type) || a.address.localeCompare(b.address));
}
