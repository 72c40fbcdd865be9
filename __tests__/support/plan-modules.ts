/**
 * One `terraform plan` of many configurations at once: each is a child module of one root, planned
 * with one init, one plan and one `show -json` (the provider's start-up and schema are most of the
 * cost), then cut back into the plan each would have as a root of its own.
 */

type Json = { [key: string]: unknown };

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * The separator of the root outputs that carry a module's outputs out (`<module>__<output>`):
 * Terraform shows only the root's outputs in a plan.
 */
export const OUTPUT_SEPARATOR = '__';

/** `module.<name>.aws_x.y` -> `aws_x.y`; `module.<name>` (a module address) -> undefined (the root). */
function strip(address: unknown, name: string): string | undefined {
  const text = String(address);
  const prefix = `module.${name}`;
  if (text === prefix) {
    return undefined;
  }
  if (!text.startsWith(`${prefix}.`)) {
    throw new Error(`${text} is not inside ${prefix}`);
  }
  return text.slice(prefix.length + 1);
}

/** A provider configuration key as the module sees it: `module.<name>:aws` -> `aws`, `module.<name>.module.x:aws` -> `module.x:aws`; the root's own keys stay. */
function providerKey(key: unknown, name: string): unknown {
  const text = String(key);
  const prefix = `module.${name}`;
  if (text.startsWith(`${prefix}:`)) {
    return text.slice(prefix.length + 1);
  }
  return text.startsWith(`${prefix}.`) ? text.slice(prefix.length + 1) : key;
}

/** A module of planned values or of a state, addresses as a root's; Terraform leaves out empty lists. */
function plannedModule(module: Json, name: string): Json {
  const address = strip(module.address, name);
  const resources = list(module.resources).map((resource) => (isJson(resource) ? { ...resource, address: strip(resource.address, name) } : resource));
  const children = list(module.child_modules)
    .filter(isJson)
    .map((child) => plannedModule(child, name));
  return {
    ...(address === undefined ? {} : { address }),
    ...(resources.length > 0 ? { resources } : {}),
    ...(children.length > 0 ? { child_modules: children } : {}),
  };
}

/** A check result's address (`{ module, to_display }`), as a root's. */
function checkAddress(address: unknown, name: string): unknown {
  if (!isJson(address)) {
    return address;
  }
  const { module, ...rest } = address;
  const inner = module === undefined ? undefined : strip(module, name);
  return { ...rest, ...(inner === undefined ? {} : { module: inner }), ...('to_display' in address ? { to_display: strip(address.to_display, name) } : {}) };
}

/** The check results (preconditions, postconditions, check blocks) of the module's objects. */
function checksOf(checks: unknown, name: string): Json[] {
  const inside = (check: Json): boolean => isJson(check.address) && typeof check.address.module === 'string' && (check.address.module === `module.${name}` || check.address.module.startsWith(`module.${name}.`));
  return list(checks)
    .filter(isJson)
    .filter(inside)
    .map((check) => ({
      ...check,
      address: checkAddress(check.address, name),
      ...(Array.isArray(check.instances) ? { instances: check.instances.map((instance) => (isJson(instance) ? { ...instance, address: checkAddress(instance.address, name) } : instance)) } : {}),
    }));
}

/** The local name a passed provider configuration has in the module: `aws.g0` -> `aws`. */
const localName = (passed: string): string => passed.split('.')[0];

/** A module's configuration with its resources' provider keys as the module sees them, its calls' likewise. */
function configuredModule(module: Json, name: string, passed: string | undefined): Json {
  const calls = isJson(module.module_calls) ? module.module_calls : undefined;
  const keyOf = (key: unknown): unknown => (passed !== undefined && key === passed ? localName(passed) : providerKey(key, name));
  return {
    ...module,
    ...(Array.isArray(module.resources)
      ? { resources: module.resources.map((resource) => (isJson(resource) && 'provider_config_key' in resource ? { ...resource, provider_config_key: keyOf(resource.provider_config_key) } : resource)) }
      : {}),
    ...(calls === undefined
      ? {}
      : { module_calls: Object.fromEntries(Object.entries(calls).map(([call, value]) => [call, isJson(value) && isJson(value.module) ? { ...value, module: configuredModule(value.module, name, passed) } : value])) }),
  };
}

/**
 * The module's provider configurations keyed as it sees them: the one the root passed it (as its
 * default, without the root's alias) or else the root's own (inherited), and the module's own.
 */
function providerConfigs(configs: unknown, name: string, passed: string | undefined): Json {
  const inside = (address: unknown): boolean => typeof address === 'string' && (address === `module.${name}` || address.startsWith(`module.${name}.`));
  const entries = Object.entries(isJson(configs) ? configs : {}).filter((entry): entry is [string, Json] => isJson(entry[1]));
  const given = entries.find(([key]) => key === passed)?.[1];
  if (passed !== undefined && given === undefined) {
    throw new Error(`the plan has no provider configuration ${passed}`);
  }
  const { alias: _alias, ...unaliased } = given ?? {};
  const inherited: [string, Json][] = passed === undefined ? entries.filter(([, config]) => config.module_address === undefined) : [[localName(passed), unaliased]];
  const own = entries
    .filter(([, config]) => inside(config.module_address))
    .map(([key, config]): [string, Json] => {
      const { module_address: moduleAddress, ...rest } = config;
      const inner = strip(moduleAddress, name);
      return [String(providerKey(key, name)), inner === undefined ? rest : { ...rest, module_address: inner }];
    });
  return Object.fromEntries([...inherited, ...own]);
}

/** The root outputs that carry module `name`'s outputs, under the names the module gives them. */
function outputsOf(outputs: unknown, name: string): Json {
  const prefix = `${name}${OUTPUT_SEPARATOR}`;
  return Object.fromEntries(Object.entries(isJson(outputs) ? outputs : {}).flatMap(([key, value]): [string, unknown][] => (key.startsWith(prefix) ? [[key.slice(prefix.length), value]] : [])));
}

function childNamed(module: unknown, name: string): Json | undefined {
  return isJson(module)
    ? list(module.child_modules)
        .filter(isJson)
        .find((child) => child.address === `module.${name}`)
    : undefined;
}

/**
 * The plan `module.<name>` would have as the root module, from a plan of a root that calls it: its
 * resources, outputs (carried by `<name>__<output>` root outputs), prior state, relevant attributes and
 * configuration, addresses and provider keys as a root's. `passed`: the root's provider configuration
 * the call was given (`providers = { aws = aws.g0 }`), which the module sees as its default `aws`.
 */
export function moduleAsRoot(plan: unknown, name: string, passed?: string): Json {
  if (!isJson(plan) || !isJson(plan.planned_values) || !isJson(plan.configuration) || !isJson(plan.configuration.root_module)) {
    throw new Error('not a terraform show -json plan with planned values and configuration');
  }
  const calls = isJson(plan.configuration.root_module.module_calls) ? plan.configuration.root_module.module_calls : {};
  const call = calls[name];
  const planned = childNamed(plan.planned_values.root_module, name);
  if (!isJson(call) || !isJson(call.module) || planned === undefined) {
    throw new Error(`the plan has no module ${name}`);
  }
  const prefix = `module.${name}.`;
  const priorValues = isJson(plan.prior_state) && isJson(plan.prior_state.values) ? plan.prior_state.values : undefined;
  const prior = priorValues === undefined ? undefined : childNamed(priorValues.root_module, name);
  const priorOutputs = outputsOf(priorValues?.outputs, name);
  const checks = checksOf(plan.checks, name);
  const outputs = outputsOf(plan.planned_values.outputs, name);
  const outputChanges = outputsOf(plan.output_changes, name);
  const relevant = list(plan.relevant_attributes)
    .filter(isJson)
    .filter((entry) => String(entry.resource).startsWith(prefix))
    .map((entry) => ({ ...entry, resource: strip(entry.resource, name) }));
  const { planned_values: _planned, resource_changes: _changes, output_changes: _outputs, prior_state: priorState, relevant_attributes: _relevant, configuration: _configuration, checks: _checks, ...rest } = plan;
  return {
    ...rest,
    planned_values: { ...(Object.keys(outputs).length > 0 ? { outputs } : {}), root_module: plannedModule(planned, name) },
    resource_changes: list(plan.resource_changes)
      .filter(isJson)
      .filter((change) => String(change.address).startsWith(prefix))
      .map((change) => {
        const { module_address: moduleAddress, ...fields } = change;
        const inner = moduleAddress === undefined ? undefined : strip(moduleAddress, name);
        return { ...fields, address: strip(change.address, name), ...(inner === undefined ? {} : { module_address: inner }) };
      }),
    ...(Object.keys(outputChanges).length > 0 ? { output_changes: outputChanges } : {}),
    // Terraform shows a prior state only when it holds something: resources or outputs.
    ...(isJson(priorState) && (prior !== undefined || Object.keys(priorOutputs).length > 0)
      ? {
          prior_state: {
            ...priorState,
            values: { ...(Object.keys(priorOutputs).length > 0 ? { outputs: priorOutputs } : {}), root_module: prior === undefined ? {} : plannedModule(prior, name) },
          },
        }
      : {}),
    ...(relevant.length > 0 ? { relevant_attributes: relevant } : {}),
    configuration: { provider_config: providerConfigs(plan.configuration.provider_config, name, passed), root_module: configuredModule(call.module, name, passed) },
    ...(checks.length > 0 ? { checks } : {}),
  };
}
