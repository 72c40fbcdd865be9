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
  /** cdktf construct path (`dev/database/instance`), when the input carries cdktf metadata. */
  readonly constructPath?: string;
}

/** Terraform plan actions, as `terraform show -json` writes them. */
export type ChangeKind = 'create' | 'update' | 'delete' | 'replace' | 'no-op' | 'read';

/** One entry of a plan's `resource_changes`. */
export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly kind: ChangeKind;
}

export interface Model {
  readonly kind: 'synth' | 'plan';
  /** Where the input came from, for the report header. */
  readonly origin: string;
  /** `Environment` of the AWS provider's default tags; undefined when the stack does not say. */
  readonly environment: string | undefined;
  readonly region: string | undefined;
  /** Bucket of the stack's S3 backend: the state bucket, when this stack is not the one creating it. */
  readonly backendBucket: string | undefined;
  readonly resources: readonly Resource[];
  readonly byAddress: ReadonlyMap<string, Resource>;
  /** Plan input only. */
  readonly changes: readonly ResourceChange[] | undefined;
}

export type ModelInit = Omit<Model, 'byAddress'>;

export function createModel(init: ModelInit): Model {
  const resources = [...init.resources].sort((a, b) => a.address.localeCompare(b.address));
  return { ...init, resources, byAddress: new Map(resources.map((resource) => [resource.address, resource])) };
}

export function ofType(model: Model, ...types: readonly string[]): readonly Resource[] {
  return model.resources.filter((resource) => types.includes(resource.type));
}

/** Terraform address tokens (`type.name`) inside an interpolation, e.g. `${aws_subnet.app-a_1F2E.id}`. */
const ADDRESS_TOKEN = /(?<![\w.-])((?:module\.[\w-]+\.)*[a-z][a-z0-9_]*\.[\w-]+(?:\[[^\]]+\])?)/g;

/** Addresses of the model's resources that a value refers to, in order of appearance, without repeats. */
export function referencedAddresses(model: Model, value: unknown): readonly string[] {
  const found: string[] = [];
  const visit = (item: unknown): void => {
    if (typeof item === 'string') {
      if (!item.includes('${')) {
        return;
      }
      for (const match of item.matchAll(ADDRESS_TOKEN)) {
        const address = match[1];
        if (model.byAddress.has(address) && !found.includes(address)) {
          found.push(address);
        }
      }
    } else if (isArray(item)) {
      item.forEach(visit);
    } else if (isObject(item)) {
      Object.values(item).forEach(visit);
    }
  };
  visit(value);
  return found;
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

/** Resources of the given types with an attribute that refers to `target`. */
export function referrers(model: Model, target: Resource, attribute: string, ...types: readonly string[]): readonly Resource[] {
  return ofType(model, ...types).filter((resource) => referencedAddresses(model, resource.values[attribute]).includes(target.address));
}

export function tag(resource: Resource, key: string): string | undefined {
  const tags = resource.values.tags;
  return isObject(tags) ? str(tags[key]) : undefined;
}

/** A human name: the Name tag, else a `name`/`identifier`/`bucket` attribute, else the Terraform name. */
export function displayName(resource: Resource): string {
  return tag(resource, 'Name') ?? str(resource.values.name) ?? str(resource.values.identifier) ?? str(resource.values.bucket) ?? resource.name;
}

const NON_PRODUCTION = new Set(['dev', 'development', 'test', 'sandbox']);

/** Environment-dependent rules are strict unless the stack says it is a non-production one. */
export function isProduction(model: Model): boolean {
  return model.environment === undefined || !NON_PRODUCTION.has(model.environment.toLowerCase());
}
