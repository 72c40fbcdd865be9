import { isArray, isObject, str, type JsonObject } from './json';

/** A suppression written beside a resource (cdk.tf.json `"//".review.suppressions`). */
export interface DeclaredSuppression {
  readonly id: string;
  readonly reason: string;
}

/** One managed resource, from a synthesized stack or a plan, in one shape. */
export interface Resource {
  /** Terraform address, `<type>.<name>` (with a module prefix or an index when the plan has them). */
  readonly address: string;
  readonly type: string;
  readonly name: string;
  /**
   * Configuration values. References to other resources are Terraform interpolation strings such as
   * `${aws_vpc.main.id}`: cdk.tf.json has them already, and a plan's unknown values are rebuilt from
   * its configuration, so every analysis reads one format.
   */
  readonly values: JsonObject;
  readonly suppressions: readonly DeclaredSuppression[];
  /**
   * Plans with configuration: the attributes the configuration sets. The others the provider
   * computes (ids, `master_user_secret`, a WAF `lock_token`), and no user wrote their values.
   */
  readonly configured?: ReadonlySet<string>;
  /** cdktf construct path (`dev/database/instance`), when the input carries cdktf metadata. */
  readonly constructPath?: string;
}

/** Terraform plan actions, as `terraform show -json` writes them (`forget`: a `removed` block, Terraform 1.7+). */
export type ChangeKind = 'create' | 'update' | 'delete' | 'replace' | 'no-op' | 'read' | 'forget';

/** One entry of a plan's `resource_changes`. */
export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly kind: ChangeKind;
}

/** What the input holds that no analysis reads: reported as such, never as clean. */
export interface NotAnalysed {
  /** Module calls whose resources the input does not expand (a cdk.tf.json `module` block). */
  readonly moduleCalls: readonly string[];
  /** Providers other than AWS that manage resources, with how many. */
  readonly providers: readonly { readonly provider: string; readonly resources: number }[];
  /** AWS resource types no rule, reachability or cost analysis reads, with how many. */
  readonly resourceTypes: readonly { readonly type: string; readonly resources: number }[];
}

export interface Model {
  readonly kind: 'synth' | 'plan';
  /** Where the input came from, for the report header. */
  readonly origin: string;
  /** `Environment` of the AWS provider's default tags; undefined when the stack does not say. */
  readonly environment: string | undefined;
  /** `Production` of the provider's default tags (`"true"`/`"false"`): what the stack says it is, whatever its name. */
  readonly production?: boolean;
  readonly region: string | undefined;
  /** Bucket of the stack's S3 backend: the state bucket, when this stack is not the one creating it. */
  readonly backendBucket: string | undefined;
  readonly resources: readonly Resource[];
  readonly byAddress: ReadonlyMap<string, Resource>;
  /**
   * Known identifiers (`id`, `arn`, and the names other resources use to point at one: subnet group,
   * launch template, security group, bucket) to addresses: how a plan's known values link resources.
   */
  readonly byIdentifier: ReadonlyMap<string, readonly string[]>;
  /** Plan input only. */
  readonly changes: readonly ResourceChange[] | undefined;
  /** Resources of other providers, modules and types that the input holds but the review does not read. */
  readonly notAnalysed: NotAnalysed;
}

export type ModelInit = Omit<Model, 'byAddress' | 'byIdentifier'>;

/** Attributes besides `id` and `arn` that other resources use to refer to one of this type. */
const NAME_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_db_subnet_group: ['name'],
  aws_launch_template: ['name'],
  aws_launch_configuration: ['name'],
  aws_elb: ['name'],
  aws_security_group: ['name'],
  aws_s3_bucket: ['bucket'],
  aws_db_parameter_group: ['name'],
  aws_iam_instance_profile: ['name'],
};

function identifiersOf(resources: readonly Resource[]): ReadonlyMap<string, readonly string[]> {
  const index = new Map<string, string[]>();
  for (const resource of resources) {
    for (const key of ['id', 'arn', ...(NAME_ATTRIBUTES[resource.type] ?? [])]) {
      const value = resource.values[key];
      if (typeof value === 'string' && value !== '' && !value.includes('${')) {
        const addresses = index.get(value) ?? [];
        if (!addresses.includes(resource.address)) {
          addresses.push(resource.address);
        }
        index.set(value, addresses);
      }
    }
  }
  return index;
}

export function createModel(init: ModelInit): Model {
  const resources = [...init.resources].sort((a, b) => a.address.localeCompare(b.address));
  return { ...init, resources, byAddress: new Map(resources.map((resource) => [resource.address, resource])), byIdentifier: identifiersOf(resources) };
}

/** Per model, lists already filtered by type, and reverse references: each asked once, then looked up (reviews of 16,000 resources ask thousands of times). */
const typeIndexes = new WeakMap<Model, Map<string, readonly Resource[]>>();
const referrerIndexes = new WeakMap<Model, Map<string, ReadonlyMap<string, readonly Resource[]>>>();

function cacheOf<T>(caches: WeakMap<Model, Map<string, T>>, model: Model): Map<string, T> {
  const found = caches.get(model);
  if (found !== undefined) {
    return found;
  }
  const created = new Map<string, T>();
  caches.set(model, created);
  return created;
}

/** The model's resources of these types, in the model's order. */
export function ofType(model: Model, ...types: readonly string[]): readonly Resource[] {
  const cache = cacheOf(typeIndexes, model);
  const key = types.join('\u0000');
  const cached = cache.get(key);
  if (cached !== undefined) {
    return cached;
  }
  const list = model.resources.filter((resource) => types.includes(resource.type));
  cache.set(key, list);
  return list;
}

/** Terraform address tokens (`type.name`) inside an interpolation, e.g. `${aws_subnet.app-a_1F2E.id}`, `${module.vpc["a"].aws_subnet.x[0].id}`. */
const ADDRESS_TOKEN = /(?<![\w.-])((?:module\.[\w-]+(?:\[[^\]]+\])?\.)*[a-z][a-z0-9_]*\.[\w-]+(?:\[[^\]]+\])?)/g;

/** What a plan cannot know before apply and no reference names: written into values as this interpolation. */
export const KNOWN_AFTER_APPLY = '${(known after apply)}';

/** Resources a value refers to, and the parts of it that point at nothing the model holds. */
export interface Resolution {
  readonly addresses: readonly string[];
  /** Unresolvable parts, as written: `var.subnet_id`, `data.aws_vpc.main.id`, `sg-0abc` (a group outside the input), `known after apply`. */
  readonly unresolved: readonly string[];
}

/** AWS ids that name a network object the model may not hold. */
const AWS_ID = /^(sg|subnet|rtb|igw|nat|vpc|eni|i|lt|eipalloc|tgw|pcx|vpce)-[0-9a-f]{1,17}$/;

/**
 * Resolves a value: interpolations (`${aws_subnet.a.id}`) and known identifiers (`subnet-0abc`, a
 * subnet group's name) become addresses; interpolations naming nothing in the model and AWS ids of
 * resources outside it are unresolved.
 */
export function resolve(model: Model, value: unknown): Resolution {
  const addresses: string[] = [];
  const unresolved: string[] = [];
  const add = (list: string[], item: string): void => {
    if (!list.includes(item)) {
      list.push(item);
    }
  };
  const visit = (item: unknown): void => {
    if (typeof item === 'string') {
      if (item.includes('${')) {
        const found = [...item.matchAll(ADDRESS_TOKEN)].map((match) => match[1]).filter((address) => model.byAddress.has(address));
        found.forEach((address) => add(addresses, address));
        if (found.length === 0) {
          add(unresolved, item.replace(/^\$\{\(?/, '').replace(/\)?\}$/, ''));
        }
        return;
      }
      const known = model.byIdentifier.get(item);
      if (known !== undefined) {
        known.forEach((address) => add(addresses, address));
      } else if (AWS_ID.test(item)) {
        add(unresolved, item);
      }
    } else if (isArray(item)) {
      item.forEach(visit);
    } else if (isObject(item)) {
      Object.values(item).forEach(visit);
    }
  };
  visit(value);
  return { addresses, unresolved };
}

/** Addresses of the model's resources that a value refers to, in order of appearance, without repeats. */
export function referencedAddresses(model: Model, value: unknown): readonly string[] {
  return resolve(model, value).addresses;
}

/** The resources a value refers to, optionally only those of some types. */
export function referenced(model: Model, value: unknown, ...types: readonly string[]): readonly Resource[] {
  return referencedAddresses(model, value)
    .map((address) => model.byAddress.get(address))
    .filter((resource): resource is Resource => resource !== undefined && (types.length === 0 || types.includes(resource.type)));
}

/** The first resource a value refers to. */
export function referencedOne(model: Model, value: unknown, ...types: readonly string[]): Resource | undefined {
  return referenced(model, value, ...types)[0];
}

/** Resources of the given types with an attribute that refers to `target`, in the model's order. */
export function referrers(model: Model, target: Resource, attribute: string, ...types: readonly string[]): readonly Resource[] {
  const cache = cacheOf(referrerIndexes, model);
  const key = [attribute, ...types].join('\u0000');
  let index = cache.get(key);
  if (index === undefined) {
    const built = new Map<string, Resource[]>();
    for (const resource of ofType(model, ...types)) {
      for (const address of referencedAddresses(model, resource.values[attribute])) {
        const list = built.get(address);
        if (list === undefined) {
          built.set(address, [resource]);
        } else {
          list.push(resource);
        }
      }
    }
    index = built;
    cache.set(key, index);
  }
  return index.get(target.address) ?? [];
}

/**
 * Resources of the given types whose attribute may refer to a resource of the input without saying
 * which: it names only what the input does not resolve (a local, a module output without
 * configuration), never a known AWS id, which would be a resource outside the input.
 */
export function possibleReferrers(model: Model, attribute: string, ...types: readonly string[]): readonly { readonly resource: Resource; readonly unresolved: readonly string[] }[] {
  return ofType(model, ...types).flatMap((resource) => {
    const resolution = resolve(model, resource.values[attribute]);
    const unresolved = resolution.unresolved.filter((token) => !AWS_ID.test(token));
    return resolution.addresses.length === 0 && unresolved.length > 0 ? [{ resource, unresolved }] : [];
  });
}

export function tag(resource: Resource, key: string): string | undefined {
  const tags = resource.values.tags;
  return isObject(tags) ? str(tags[key]) : undefined;
}

/** A human name: the Name tag, else a `name`/`identifier`/`bucket` attribute, else the Terraform name. */
export function displayName(resource: Resource): string {
  // A name known only after apply (`name_prefix`, a random suffix) is no name: the next one, or the Terraform name, says which resource.
  const known = (value: unknown): string | undefined => {
    const text = str(value);
    return text === undefined || text === '' || text.includes('${') ? undefined : text;
  };
  return known(tag(resource, 'Name')) ?? known(resource.values.name) ?? known(resource.values.identifier) ?? known(resource.values.bucket) ?? resource.name;
}

const NON_PRODUCTION = new Set(['dev', 'development', 'test', 'sandbox']);

/** Environment-dependent rules are strict unless the stack says it is a non-production one. */
export function isProduction(model: Model): boolean {
  if (model.production !== undefined) {
    return model.production;
  }
  return model.environment === undefined || !NON_PRODUCTION.has(model.environment.toLowerCase());
}
