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

function plannedModule(module: Json, name: string): Json {
  const address = strip(module.address, name);
  return {
    ...(address === undefined ? {} : { address }),
    resources: list(module.resources).map((resource) => (isJson(resource) ? { ...resource, address: strip(resource.address, name) } : resource)),
    child_modules: list(module.child_modules)
      .filter(isJson)
      .map((child) => plannedModule(child, name)),
  };
}

function childNamed(module: unknown, name: string): Json | undefined {
  return isJson(module)
    ? list(module.child_modules)
        .filter(isJson)
        .find((child) => child.address === `module.${name}`)
    : undefined;
}

/** The plan `module.<name>` would have as the root module, from a plan of a root that calls it. */
export function moduleAsRoot(plan: unknown, name: string): Json {
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
  const prior = isJson(plan.prior_state) && isJson(plan.prior_state.values) ? childNamed(plan.prior_state.values.root_module, name) : undefined;
  return {
    format_version: plan.format_version,
    terraform_version: plan.terraform_version,
    planned_values: { root_module: plannedModule(planned, name) },
    resource_changes: list(plan.resource_changes)
      .filter(isJson)
      .filter((change) => String(change.address).startsWith(prefix))
      .map((change) => {
        const { module_address: moduleAddress, ...rest } = change;
        const inner = moduleAddress === undefined ? undefined : strip(moduleAddress, name);
        return { ...rest, address: strip(change.address, name), ...(inner === undefined ? {} : { module_address: inner }) };
      }),
    ...(prior === undefined ? {} : { prior_state: { format_version: isJson(plan.prior_state) ? plan.prior_state.format_version : '1.0', values: { root_module: plannedModule(prior, name) } } }),
    configuration: { provider_config: plan.configuration.provider_config, root_module: call.module },
  };
}
