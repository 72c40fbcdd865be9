import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { planDirectory } from '../../src/terraform/offline-plan';
import { availability } from '../support/terraform';

/**
 * Many configurations planned as module calls of one root: one `terraform plan` and one
 * `terraform show -json` (each loads the AWS provider's schema, seconds of CPU) instead of one per
 * configuration, then the plan cut per module call. The calls share no reference, so a cut is what
 * `terraform plan` of that configuration alone says, under the root's provider configuration.
 */

type Json = { readonly [key: string]: unknown };
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `terraform init`, `plan` and `show -json` of Terraform files in a fresh folder, offline, against a
 * state if given. The files must configure the provider once, in the root, for the modules to
 * inherit (as `stackModuleFiles` and gate-stack.ts's `gateFiles` write them): plan and show share
 * one provider process (planDirectory's `oneProviderConfiguration`).
 */
export async function planFiles(dir: string, files: Readonly<Record<string, string>>, state?: unknown): Promise<{ readonly plan: unknown; readonly planJsonPath: string }> {
  if (!availability.available) {
    throw new Error(`terraform is unavailable: ${availability.reason}`);
  }
  const work = resolve(dir);
  rmSync(work, { recursive: true, force: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(work, path, '..'), { recursive: true });
    writeFileSync(join(work, path), text);
  }
  if (state !== undefined) {
    writeFileSync(join(work, 'terraform.tfstate'), JSON.stringify(state));
  }
  return planDirectory(work, availability.mirror, { oneProviderConfiguration: true });
}

/**
 * The plan of one module call: its resource changes, planned values, prior state and configuration,
 * under the root's provider configuration. Nothing is rewritten; the calls share no reference, so this
 * is what `terraform plan` of that call alone says, without nine provider starts.
 */
export function planSlice(plan: unknown, module: string): Json {
  if (!isJson(plan)) {
    throw new Error('not a plan');
  }
  const prefix = `module.${module}`;
  const within = (address: unknown): boolean => typeof address === 'string' && (address === prefix || address.startsWith(`${prefix}.`));
  const rootOf = (values: unknown): Json => {
    const root = isJson(values) && isJson(values.root_module) ? values.root_module : {};
    return { ...(isJson(values) ? values : {}), root_module: { child_modules: (Array.isArray(root.child_modules) ? root.child_modules : []).filter((child) => isJson(child) && within(child.address)) } };
  };
  const configuration = isJson(plan.configuration) ? plan.configuration : {};
  const calls = isJson(configuration.root_module) && isJson(configuration.root_module.module_calls) ? configuration.root_module.module_calls : {};
  return {
    ...plan,
    planned_values: rootOf(plan.planned_values),
    resource_changes: (Array.isArray(plan.resource_changes) ? plan.resource_changes : []).filter((change) => isJson(change) && within(change.address)),
    ...(isJson(plan.prior_state) ? { prior_state: { ...plan.prior_state, values: rootOf(plan.prior_state.values) } } : {}),
    relevant_attributes: (Array.isArray(plan.relevant_attributes) ? plan.relevant_attributes : []).filter((entry) => isJson(entry) && within(entry.resource)),
    configuration: { ...configuration, root_module: { module_calls: { [module]: calls[module] } } },
  };
}

/**
 * Synthesized stacks (cdk.tf.json) as module calls of one root: each stack's resources, locals and
 * outputs in `modules/<name>/main.tf.json`, the shared provider configuration (with the offline skip
 * flags) in the root. Stacks that configure the provider differently cannot share a root.
 */
export function stackModuleFiles(stacks: Readonly<Record<string, Json>>): Readonly<Record<string, string>> {
  const entries = Object.entries(stacks);
  const providers = new Set(entries.map(([, stack]) => JSON.stringify(stack.provider)));
  if (entries.length === 0 || providers.size !== 1) {
    throw new Error(`stacks under one root must configure the provider alike (${providers.size} configurations)`);
  }
  const [, first] = entries[0];
  const terraform = isJson(first.terraform) ? { required_providers: first.terraform.required_providers } : {};
  const modules = Object.fromEntries(
    entries.map(([name, stack]) => {
      const { provider: _provider, terraform: _terraform, ...content } = stack;
      return [join('modules', name, 'main.tf.json'), JSON.stringify({ terraform, ...content })];
    }),
  );
  const calls = Object.fromEntries(entries.map(([name]) => [name, { source: `./modules/${name}` }]));
  return { 'main.tf.json': JSON.stringify({ terraform, provider: first.provider, module: calls }), ...modules };
}

/** A state's resources once per module call, as if each configuration had been applied under it. */
export function stateUnderModules(state: Json, modules: readonly string[]): Json {
  const resources = Array.isArray(state.resources) ? state.resources.filter(isJson) : [];
  return { ...state, resources: modules.flatMap((name) => resources.map((resource) => ({ ...resource, module: `module.${name}` }))) };
}
