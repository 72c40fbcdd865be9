import { ReviewInputError } from './errors';
import { block, isArray, isObject, str, type JsonObject } from './json';
import { createModel, type ChangeKind, type DeclaredSuppression, type Model, type Resource, type ResourceChange } from './model';

/** Whether parsed JSON is a plan in the format of `terraform show -json <planfile>`. */
export function isPlan(json: unknown): json is JsonObject {
  return isObject(json) && (isObject(json.planned_values) || isArray(json.resource_changes)) && typeof json.format_version === 'string';
}

/** `"aws_subnet.a.id"` -> `"${aws_subnet.a.id}"`: the references of an unknown value, as cdk.tf.json writes them. */
function interpolations(references: readonly unknown[]): unknown {
  const attributeReferences = references.filter((reference): reference is string => typeof reference === 'string' && /^[a-z][a-z0-9_]*\.[\w-]+(\[[^\]]+\])?\.\w/.test(reference));
  const strings = attributeReferences.map((reference) => `\${${reference}}`);
  return strings.length === 1 ? strings[0] : strings;
}

function isExpression(value: unknown): value is JsonObject {
  return isObject(value) && ('constant_value' in value || 'references' in value);
}

/**
 * Planned values lack what is known only after apply, and resolve the references that are known.
 * The configuration's expressions still name them; put them back so a plan reads like a synthesized stack.
 */
function withConfiguration(values: JsonObject, expressions: JsonObject): JsonObject {
  const merged: Record<string, unknown> = { ...values };
  for (const [key, expression] of Object.entries(expressions)) {
    const planned = values[key];
    if (isArray(expression)) {
      const plannedBlocks = isArray(planned) ? planned : [];
      merged[key] = expression.map((nested, index) => {
        const plannedBlock = plannedBlocks[index];
        return isObject(nested) ? withConfiguration(isObject(plannedBlock) ? plannedBlock : {}, nested) : plannedBlock;
      });
    } else if (isExpression(expression) && isArray(expression.references)) {
      // A reference wins over its resolved value (a subnet group's known name, say): the analyses follow references.
      const written = expression.constant_value;
      merged[key] = typeof written === 'string' && written.includes('${') ? written : isArray(written) && written.some((item) => typeof item === 'string' && item.includes('${')) ? written : interpolations(expression.references);
    } else if (isExpression(expression) && (planned === undefined || planned === null) && 'constant_value' in expression) {
      merged[key] = expression.constant_value;
    }
  }
  return merged;
}

interface PlannedResource {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly values: JsonObject;
}

function plannedResources(module: unknown): PlannedResource[] {
  if (!isObject(module)) {
    return [];
  }
  const own = (isArray(module.resources) ? module.resources : []).flatMap((resource): PlannedResource[] => {
    if (!isObject(resource) || resource.mode !== 'managed') {
      return [];
    }
    const address = str(resource.address);
    const type = str(resource.type);
    const name = str(resource.name);
    if (address === undefined || type === undefined || name === undefined) {
      throw new ReviewInputError(`plan JSON: a planned resource lacks its address, type or name`);
    }
    return [{ address, type, name, values: isObject(resource.values) ? resource.values : {} }];
  });
  const children = isArray(module.child_modules) ? module.child_modules.flatMap(plannedResources) : [];
  return [...own, ...children];
}

/** Expressions of the root module's resources by address (child modules keep their planned values only). */
function expressionsByAddress(plan: JsonObject): ReadonlyMap<string, JsonObject> {
  const configuration = isObject(plan.configuration) ? plan.configuration : {};
  const root = isObject(configuration.root_module) ? configuration.root_module : {};
  const entries = (isArray(root.resources) ? root.resources : []).flatMap((resource): [string, JsonObject][] => {
    const address = isObject(resource) ? str(resource.address) : undefined;
    return isObject(resource) && address !== undefined && isObject(resource.expressions) ? [[address, resource.expressions]] : [];
  });
  return new Map(entries);
}

function changeKind(actions: unknown): ChangeKind | undefined {
  const list = isArray(actions) ? actions.join(',') : '';
  const kinds: Readonly<Record<string, ChangeKind>> = {
    create: 'create',
    update: 'update',
    delete: 'delete',
    'delete,create': 'replace',
    'create,delete': 'replace',
    'no-op': 'no-op',
    read: 'read',
  };
  return kinds[list];
}

function changesOf(plan: JsonObject): ResourceChange[] {
  return (isArray(plan.resource_changes) ? plan.resource_changes : []).flatMap((change): ResourceChange[] => {
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

function providerExpression(plan: JsonObject, key: string): unknown {
  const configuration = isObject(plan.configuration) ? plan.configuration : {};
  const providers = isObject(configuration.provider_config) ? configuration.provider_config : {};
  const aws = isObject(providers.aws) ? providers.aws : {};
  const expressions = isObject(aws.expressions) ? aws.expressions : {};
  return expressions[key];
}

function environmentOf(plan: JsonObject, resources: readonly PlannedResource[]): string | undefined {
  const defaultTags = block({ default_tags: providerExpression(plan, 'default_tags') }, 'default_tags');
  const configured = isObject(defaultTags?.tags) ? defaultTags.tags.constant_value : undefined;
  if (isObject(configured)) {
    return str(configured.Environment);
  }
  // Without provider configuration (a trimmed plan), the effective tags of any resource still carry it.
  const tagged = resources.find((resource) => isObject(resource.values.tags_all) && str(resource.values.tags_all.Environment) !== undefined);
  return tagged !== undefined && isObject(tagged.values.tags_all) ? str(tagged.values.tags_all.Environment) : undefined;
}

/**
 * A model of a plan. `declared` holds suppressions read from the synthesized stack the plan was made
 * from: Terraform drops cdktf's `"//"` keys, so the plan itself cannot carry them.
 */
export function modelFromPlan(plan: JsonObject, origin: string, declared: ReadonlyMap<string, readonly DeclaredSuppression[]> = new Map()): Model {
  const planned = plannedResources(isObject(plan.planned_values) ? plan.planned_values.root_module : undefined);
  const expressions = expressionsByAddress(plan);
  const resources: Resource[] = planned.map((resource) => {
    const configured = expressions.get(resource.address);
    return {
      ...resource,
      values: configured === undefined ? resource.values : withConfiguration(resource.values, configured),
      suppressions: declared.get(resource.address) ?? [],
    };
  });
  const region = providerExpression(plan, 'region');
  return createModel({
    kind: 'plan',
    origin,
    environment: environmentOf(plan, planned),
    region: isObject(region) ? str(region.constant_value) : undefined,
    backendBucket: undefined,
    resources,
    changes: changesOf(plan),
  });
}
