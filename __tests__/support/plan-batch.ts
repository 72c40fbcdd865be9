import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { planDirectory } from '../../src/terraform/offline-plan';
import { moduleAsRoot, OUTPUT_SEPARATOR } from './plan-modules';
import { BATCH_PENDING, SHARED_PLANS, sharedConfiguration } from './terraform';

/**
 * The plan batch: stacks planned as module calls of one root, with one init, one `plan` and one
 * `show -json` (each of those starts the AWS provider and loads its schema, seconds of CPU, whatever
 * the stack), then each module's cut written where `sharedPlan` keeps that stack's plan. `npm test`
 * starts it beside jest (scripts/test.cjs, plan-batch-run.ts) with the stacks of planned-stacks.ts;
 * test files asking for one of them read its cut, and plan any other stack alone.
 *
 * A stack whose plan another process already holds or claims is left out. If the batch fails, it
 * releases its claims without writing a plan, and each test file plans its stack alone.
 */

type Json = { readonly [key: string]: unknown };
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A module call's name, and the prefix of the root outputs that carry its outputs: no separator inside. */
const MODULE_NAME = /^[a-z][a-z0-9-]*$/;

interface Claimed {
  readonly name: string;
  readonly key: string;
  readonly configuration: Json;
}

/** The one `aws` provider block a stack configures (and no other provider), or undefined. */
function soleAwsProvider(configuration: Json): Json | undefined {
  const providers = isJson(configuration.provider) ? configuration.provider : {};
  const aws = Array.isArray(providers.aws) ? providers.aws : [];
  return Object.keys(providers).join() === 'aws' && aws.length === 1 && isJson(aws[0]) && aws[0].alias === undefined ? aws[0] : undefined;
}

/**
 * The stacks' provider configurations, each once: stacks that configure the provider alike (dev's
 * variants, prod's) share one root configuration, aliased `g<n>` and passed to their modules, so the
 * plan starts the provider per distinct configuration, not per stack (the eight stacks have four: its
 * plan starts the provider 9 times instead of 17, counted through a logging mirror).
 * A stack with another provider, or several, keeps its own in its module. By stack name: the alias.
 */
function sharedProviders(stacks: readonly Claimed[]): { readonly blocks: readonly Json[]; readonly passed: ReadonlyMap<string, string> } {
  const blocks: Json[] = [];
  const keys: string[] = [];
  const passed = new Map<string, string>();
  for (const stack of stacks) {
    const block = soleAwsProvider(stack.configuration);
    if (block !== undefined) {
      const key = JSON.stringify(block);
      if (!keys.includes(key)) {
        keys.push(key);
        blocks.push({ alias: `g${keys.length - 1}`, ...block });
      }
      passed.set(stack.name, `aws.g${keys.indexOf(key)}`);
    }
  }
  return { blocks, passed };
}

/** A stack as its module holds it: without the provider block the root passes it instead. */
function moduleConfiguration(stack: Claimed, passed: ReadonlyMap<string, string>): Json {
  const { provider: _provider, ...rest } = stack.configuration;
  return passed.has(stack.name) ? rest : stack.configuration;
}

/**
 * The root that calls each stack as a module, passing it its shared provider configuration, with one
 * root output per stack output (Terraform shows only the root's).
 */
function rootConfiguration(stacks: readonly Claimed[], shared: ReturnType<typeof sharedProviders>): Json {
  const outputs = stacks.flatMap(({ name, configuration }) =>
    Object.entries(isJson(configuration.output) ? configuration.output : {}).map(([output, declared]) => [
      `${name}${OUTPUT_SEPARATOR}${output}`,
      { value: `\${module.${name}.${output}}`, sensitive: isJson(declared) && declared.sensitive === true },
    ]),
  );
  // The provider's requirements as the stacks state them (the version is pinned alike in each).
  const first = stacks.find((stack) => shared.passed.has(stack.name))?.configuration.terraform;
  const requirements = isJson(first) && isJson(first.required_providers) ? { terraform: { required_providers: first.required_providers } } : {};
  return {
    ...(shared.blocks.length > 0 ? { ...requirements, provider: { aws: shared.blocks } } : {}),
    module: Object.fromEntries(
      stacks.map(({ name, key }) => {
        const provider = shared.passed.get(name);
        return [name, { source: `./${key}`, ...(provider === undefined ? {} : { providers: { aws: provider } }) }];
      }),
    ),
    ...(outputs.length > 0 ? { output: Object.fromEntries(outputs) } : {}),
  };
}

/**
 * Claims a stack's shared plan (its lock), unless it is planned or claimed already. The lock holds a
 * `batch` file: should this process die before releasing it, `npm test` removes it (scripts/test.cjs),
 * and the test files plan the stack themselves instead of waiting for a lock that never goes.
 */
function claim(key: string): boolean {
  if (existsSync(join(SHARED_PLANS, key))) {
    return false;
  }
  try {
    mkdirSync(join(SHARED_PLANS, `${key}.lock`));
  } catch {
    return false;
  }
  writeFileSync(join(SHARED_PLANS, `${key}.lock`, 'batch'), `${process.pid}\n`);
  return true;
}

/**
 * Writes one stack's cut where `sharedPlan` reads it: the plan, the stack's offline configuration, and
 * the batch's providers, so that terraform runs in that folder (a destroy plan, the schema) as in a
 * folder that planned the stack alone.
 */
function publish(batch: string, stack: Claimed, plan: unknown, passed: string | undefined): void {
  const dir = join(SHARED_PLANS, stack.key);
  const work = `${dir}.work`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, '.terraform'), { recursive: true });
  writeFileSync(join(work, 'cdk.tf.json'), JSON.stringify(stack.configuration, null, 2));
  writeFileSync(join(work, 'plan.json'), JSON.stringify(moduleAsRoot(plan, stack.name, passed)));
  writeFileSync(join(work, 'batch.txt'), `cut from module.${stack.name} of the plan batch in ${batch}\n`);
  copyFileSync(join(batch, 'terraform.rc'), join(work, 'terraform.rc'));
  copyFileSync(join(batch, '.terraform.lock.hcl'), join(work, '.terraform.lock.hcl'));
  symlinkSync(join(batch, '.terraform', 'providers'), join(work, '.terraform', 'providers'));
  renameSync(work, dir);
}

/**
 * Plans `stacks` (synthesized JSON by module name) as one root under `.tmp/shared-plans/batch`, and
 * publishes each stack's cut as its shared plan. Resolves to the names it planned; the pending mark
 * (`BATCH_PENDING`) goes as soon as the claims are made, or on failure.
 */
export async function planBatch(stacks: Readonly<Record<string, string>>, mirror: string): Promise<readonly string[]> {
  const claimed: Claimed[] = [];
  try {
    mkdirSync(SHARED_PLANS, { recursive: true });
    for (const [name, synthesized] of Object.entries(stacks)) {
      if (!MODULE_NAME.test(name)) {
        throw new Error(`plan batch: "${name}" is not a module name (lower-case letters, digits and dashes, a letter first)`);
      }
      const { configuration, key } = sharedConfiguration(synthesized);
      if (isJson(configuration) && claim(key)) {
        claimed.push({ name, key, configuration });
      }
    }
  } finally {
    rmSync(BATCH_PENDING, { force: true });
  }
  const batch = resolve(SHARED_PLANS, 'batch');
  try {
    if (claimed.length === 0) {
      return [];
    }
    rmSync(batch, { recursive: true, force: true });
    const shared = sharedProviders(claimed);
    for (const stack of claimed) {
      mkdirSync(join(batch, stack.key), { recursive: true });
      writeFileSync(join(batch, stack.key, 'cdk.tf.json'), JSON.stringify(moduleConfiguration(stack, shared.passed)));
    }
    writeFileSync(join(batch, 'main.tf.json'), JSON.stringify(rootConfiguration(claimed, shared), null, 2));
    const { plan } = await planDirectory(batch, mirror);
    for (const stack of claimed) {
      publish(batch, stack, plan, shared.passed.get(stack.name));
    }
    return claimed.map((stack) => stack.name);
  } finally {
    for (const stack of claimed) {
      rmSync(join(SHARED_PLANS, `${stack.key}.lock`), { recursive: true, force: true });
    }
  }
}
