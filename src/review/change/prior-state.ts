import { isObject, str, type JsonObject } from '../json';
import { modelFromJson } from '../load';
import { createModel, type Model } from '../model';

/**
 * The model of what a plan starts from: its `prior_state`, read by the same reader as any plan's
 * planned values (state holds resolved ids; the model links them through their known identifiers),
 * with the plan's provider configuration for region and environment, and the suppressions declared
 * in the cdk.tf.json beside the plan (state drops cdktf's metadata too). A plan of a new stack has no
 * prior state: the model is empty.
 */
export function priorStateModel(plan: JsonObject, origin: string): Model {
  const prior = isObject(plan.prior_state) && isObject(plan.prior_state.values) ? plan.prior_state.values.root_module : undefined;
  const configuration = isObject(plan.configuration) ? plan.configuration : {};
  const statePlan = {
    format_version: str(plan.format_version) ?? '1.2',
    planned_values: { root_module: isObject(prior) ? prior : { resources: [] } },
    resource_changes: [],
    configuration: { provider_config: configuration.provider_config },
  };
  return modelFromJson(statePlan, `${origin} (prior state)`, origin);
}

/**
 * The before side with the after side's configured attributes per address: state holds what the
 * provider computed beside what the configuration wrote (an instance's `password_data`), and the
 * rules that judge only written values (TT-SEC-002) must judge both sides alike.
 */
export function withConfiguredAttributes(before: Model, after: Model): Model {
  if (!before.resources.some((resource) => resource.configured === undefined && after.byAddress.get(resource.address)?.configured !== undefined)) {
    return before;
  }
  const resources = before.resources.map((resource) => {
    const configured = resource.configured ?? after.byAddress.get(resource.address)?.configured;
    return configured === undefined ? resource : { ...resource, configured };
  });
  return createModel({ ...before, resources });
}
