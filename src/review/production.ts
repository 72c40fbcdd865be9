import { isObject } from './json';
import type { Model } from './model';

/** Whether the input says it is production, and what says so. */
export interface ProductionVerdict {
  /** Undefined when nothing in the input tells: rules that need a yes do not run then. */
  readonly production: boolean | undefined;
  /** `Production tag = true`, `Environment tag = prod`, `Environment tag = staging on 14 resource(s)`, or why it is unknown. */
  readonly basis: string;
}

const PRODUCTION = /^(prod|production|prd|live)$/i;
const NOT_PRODUCTION = /^(dev|development|test|testing|sandbox|staging|stage|qa|uat|demo|preview)$/i;

/** Tag keys that name an environment, as people write them. */
const ENVIRONMENT_KEYS = ['Environment', 'environment', 'Env', 'env', 'Stage', 'stage'];

function fromName(name: string): boolean | undefined {
  return PRODUCTION.test(name) ? true : NOT_PRODUCTION.test(name) ? false : undefined;
}

/** Environment tag values written on the resources themselves (known strings only), with how many carry each. */
function resourceEnvironments(model: Model): ReadonlyMap<string, number> {
  const counts = new Map<string, number>();
  for (const resource of model.resources) {
    const tags = isObject(resource.values.tags_all) ? resource.values.tags_all : isObject(resource.values.tags) ? resource.values.tags : undefined;
    const value = ENVIRONMENT_KEYS.map((key) => tags?.[key]).find((candidate): candidate is string => typeof candidate === 'string' && !candidate.includes('${'));
    if (value !== undefined) {
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * Production only when the input says so: the provider's `Production` default tag, else its
 * `Environment` default tag, else one environment named by the resources' own tags. Unlike
 * `isProduction` (strict: unknown counts as production), unknown stays unknown here, for rules that
 * would otherwise flag every stack that does not say what it is.
 */
export function productionOf(model: Model): ProductionVerdict {
  if (model.production !== undefined) {
    return { production: model.production, basis: `Production tag = ${String(model.production)}` };
  }
  if (model.environment !== undefined) {
    const named = fromName(model.environment);
    return { production: named, basis: `Environment tag = ${model.environment}${named === undefined ? ', not a name the review knows as production or not' : ''}` };
  }
  const environments = resourceEnvironments(model);
  if (environments.size === 1) {
    const [[name, count]] = [...environments];
    const named = fromName(name);
    return { production: named, basis: `Environment tag = ${name} on ${count} resource(s)${named === undefined ? ', not a name the review knows as production or not' : ''}` };
  }
  if (environments.size > 1) {
    return { production: undefined, basis: `the resources name several environments (${[...environments.keys()].sort().join(', ')})` };
  }
  return { production: undefined, basis: 'no Production or Environment tag' };
}
