import { ReviewInputError } from './errors';
import { block, bool, isArray, isObject, str, type JsonObject } from './json';
import { createModel, type DeclaredSuppression, type Model, type Resource } from './model';
import { notAnalysedOf } from './coverage';
import { validateDeclaredSuppression } from './suppressions';

/** Whether parsed JSON looks like what `cdktf synth` writes (or `TerraformStack.toTerraform()` returns). */
export function isSynthesizedStack(json: unknown): json is JsonObject {
  return isObject(json) && (isObject(json.resource) || isObject(json.terraform) || isObject(json.module)) && !('planned_values' in json);
}

function declaredSuppressions(address: string, meta: unknown): readonly DeclaredSuppression[] {
  const review = isObject(meta) ? meta.review : undefined;
  if (review === undefined) {
    return [];
  }
  const entries = isObject(review) ? review.suppressions : undefined;
  if (!isArray(entries)) {
    throw new ReviewInputError(`${address}: "//".review must hold a "suppressions" list of { id, reason }`);
  }
  return entries.map((entry) => {
    if (!isObject(entry)) {
      throw new ReviewInputError(`${address}: each suppression must be an object { id, reason }`);
    }
    return validateDeclaredSuppression(str(entry.id) ?? '', str(entry.reason) ?? '', address);
  });
}

function resourcesOf(json: JsonObject): Resource[] {
  const byType = isObject(json.resource) ? json.resource : {};
  const resources: Resource[] = [];
  for (const [type, byName] of Object.entries(byType)) {
    if (!isObject(byName)) {
      continue;
    }
    for (const [name, body] of Object.entries(byName)) {
      if (!isObject(body)) {
        continue;
      }
      const address = `${type}.${name}`;
      const { '//': meta, ...values } = body;
      const metadata = isObject(meta) ? meta.metadata : undefined;
      const constructPath = isObject(metadata) ? str(metadata.path) : undefined;
      resources.push({ address, type, name, values, suppressions: declaredSuppressions(address, meta), ...(constructPath === undefined ? {} : { constructPath }) });
    }
  }
  return resources;
}

function awsProvider(json: JsonObject): JsonObject | undefined {
  const providers = isObject(json.provider) ? json.provider : undefined;
  return block(providers, 'aws');
}

/** A model of a synthesized stack. `origin` names it in reports. */
export function modelFromSynth(json: JsonObject, origin: string): Model {
  const provider = awsProvider(json);
  const defaultTags = block(provider, 'default_tags')?.tags;
  const backend = block(block(isObject(json.terraform) ? json.terraform : undefined, 'backend'), 's3');
  const resources = resourcesOf(json);
  return createModel({
    kind: 'synth',
    origin,
    environment: isObject(defaultTags) ? str(defaultTags.Environment) : undefined,
    production: isObject(defaultTags) ? bool(defaultTags.Production) : undefined,
    region: str(provider?.region),
    backendBucket: str(backend?.bucket),
    resources,
    changes: undefined,
    notAnalysed: notAnalysedOf(
      resources.map((resource) => ({ type: resource.type, provider: undefined })),
      Object.keys(isObject(json.module) ? json.module : {}).map((name) => `module.${name}`),
    ),
  });
}
