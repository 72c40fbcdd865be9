import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startDebugProvider, type DebugProvider } from './debug-provider.cjs';
import { terraformPlatform } from './platform.cjs';

const run = promisify(execFile);

/** The provider mirror our machines hold; `TT_TF_PLUGIN_MIRROR` names another. */
export const DEFAULT_PLUGIN_MIRROR = '/opt/tf-plugins';

export type Availability = { readonly available: true; readonly mirror: string } | { readonly available: false; readonly reason: string };

/**
 * Whether an executable `terraform` is in one of PATH's folders: found as a command would find it, without
 * running it (`terraform version` costs a tenth of a second, and every test file that plans asks).
 */
export function terraformOnPath(env: NodeJS.ProcessEnv = process.env): boolean {
  const names = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE').split(';').map((extension) => `terraform${extension.toLowerCase()}`) : ['terraform'];
  return (env.PATH ?? '')
    .split(delimiter)
    .filter((folder) => folder !== '')
    .some((folder) =>
      names.some((name) => {
        try {
          accessSync(join(folder, name), constants.X_OK);
          return statSync(join(folder, name)).isFile();
        } catch {
          return false;
        }
      }),
    );
}

/** A terraform CLI configuration that installs providers from the filesystem mirror only (`TF_CLI_CONFIG_FILE`). */
export function mirrorCliConfig(mirror: string): string {
  return `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`;
}

/** Whether `terraform` and an AWS provider mirror are here, so validate and plan can run offline. */
export function terraformAvailability(env: NodeJS.ProcessEnv = process.env): Availability {
  const mirror = env.TT_TF_PLUGIN_MIRROR ?? DEFAULT_PLUGIN_MIRROR;
  if (!terraformOnPath(env)) {
    return { available: false, reason: 'terraform is not on PATH' };
  }
  if (!existsSync(join(mirror, 'registry.terraform.io', 'hashicorp', 'aws'))) {
    return { available: false, reason: `no hashicorp/aws provider in the mirror ${mirror} (set TT_TF_PLUGIN_MIRROR)` };
  }
  return { available: true, mirror };
}

/** Terraform offline: no prompts, no checkpoint call, placeholder credentials that no API ever sees. */
export const OFFLINE_ENV = {
  TF_IN_AUTOMATION: '1',
  TF_INPUT: '0',
  CHECKPOINT_DISABLE: '1',
  AWS_ACCESS_KEY_ID: 'offline-plan-placeholder',
  AWS_SECRET_ACCESS_KEY: 'offline-plan-placeholder',
  AWS_EC2_METADATA_DISABLED: 'true',
} as const;

/**
 * The environment for a terraform command that only reads the provider's schema (`show`, `validate`,
 * `providers schema`, the `init` before a `validate`). When TT_TF_SCHEMA_PROVIDER holds the
 * TF_REATTACH_PROVIDERS value of a running hashicorp/aws provider of the mirror's version (started
 * with `-debug`; `npm test` starts one), terraform attaches to it instead of starting and checksumming
 * the 700 MB provider, about 2 s of CPU a command. Never for `plan` or `apply`: they configure the
 * provider, and every configuration would share one process.
 */
export function schemaReaderEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const reattach = env.TT_TF_SCHEMA_PROVIDER;
  return reattach === undefined || reattach === '' ? env : { ...env, TF_REATTACH_PROVIDERS: reattach };
}

/** What `terraform plan` and `show -json` said about one stack. */
export interface OfflinePlanResult {
  /** Folder holding the rewritten configuration, `tfplan` and `plan.json`. */
  readonly workDir: string;
  readonly planJsonPath: string;
  /** The plan in Terraform's JSON format (`terraform show -json`). */
  readonly plan: unknown;
  /** Planned actions per resource type, from `resource_changes`, e.g. `{ aws_subnet: 6 }`. */
  readonly plannedCounts: Readonly<Record<string, number>>;
}

type Json = { [key: string]: unknown };

function isJsonObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `aws` provider blocks of a `provider` object: Terraform's JSON takes one block as an object, or a list of them. */
function awsProviderBlocks(providers: Json): readonly unknown[] {
  return Array.isArray(providers.aws) ? providers.aws : providers.aws === undefined ? [] : [providers.aws];
}

/**
 * Rewrites a synthesized stack for an offline plan: a local backend in place of S3, and a provider
 * that neither validates credentials nor asks AWS for the account or the instance metadata.
 */
export function offlineConfiguration(stack: unknown): Json {
  if (!isJsonObject(stack) || !isJsonObject(stack.terraform)) {
    throw new Error('not a synthesized cdktf stack: the JSON has no "terraform" block');
  }
  const { backend: _backend, ...terraform } = stack.terraform;
  const providers = isJsonObject(stack.provider) ? stack.provider : {};
  return {
    ...stack,
    terraform,
    provider: {
      ...providers,
      aws: awsProviderBlocks(providers).map((provider: unknown) => ({
        ...(isJsonObject(provider) ? provider : {}),
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
      })),
    },
  };
}

/** Planned actions per resource type, from a plan's `resource_changes`. */
export function countPlannedTypes(plan: unknown): Record<string, number> {
  const counts: Record<string, number> = {};
  const changes = isJsonObject(plan) && Array.isArray(plan.resource_changes) ? plan.resource_changes : [];
  for (const change of changes) {
    if (isJsonObject(change) && change.mode === 'managed' && typeof change.type === 'string') {
      counts[change.type] = (counts[change.type] ?? 0) + 1;
    }
  }
  return counts;
}

/**
 * Whether a configuration has one hashicorp/aws provider configuration: at most one `provider.aws`
 * block (so no alias) and no module calls (a module may declare its own).
 */
export function hasOneAwsProviderConfiguration(configuration: Json): boolean {
  return awsProviderBlocks(isJsonObject(configuration.provider) ? configuration.provider : {}).length <= 1 && configuration.module === undefined;
}

/**
 * Runs `terraform init`, `plan` and `show -json` on a synthesized stack, offline: the provider comes
 * from the filesystem mirror and the credentials are placeholders no API ever sees. `plan` validates
 * the configuration first and fails with the diagnostics `validate` would print, so a separate
 * `validate` would only load the provider's schema once more.
 */
export async function offlinePlan(stack: unknown, workDir: string, mirror: string): Promise<OfflinePlanResult> {
  const dir = resolve(workDir);
  mkdirSync(dir, { recursive: true });
  const configuration = offlineConfiguration(stack);
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(configuration, null, 2));
  return planDirectory(dir, mirror, { oneProviderConfiguration: hasOneAwsProviderConfiguration(configuration) });
}

export interface PlanDirectoryOptions {
  /**
   * The configuration has one hashicorp/aws provider configuration (`hasOneAwsProviderConfiguration`):
   * `plan` and `show` then attach to one provider started in debug mode, instead of starting their own
   * four times (schema, validate, plan, show; about 2.5 s of CPU a plan). With several configurations
   * they would all share that one process, configured by whichever came last, so it is off by default.
   * @default false
   */
  readonly oneProviderConfiguration?: boolean;
}

/** How to stop the debug-mode providers of the plans in progress. */
const PLAN_PROVIDERS = new Set<() => void>();

/**
 * Stops them all on exit: one listener however many plans run at once (one per plan would pass
 * node's limit of ten and warn with `npm run plan:offline` of eleven stacks).
 */
function stopPlanProviders(): void {
  for (const stop of PLAN_PROVIDERS) {
    stop();
  }
}

/** The hashicorp/aws provider binary `init` installed in a working folder, when it installed exactly one. */
function installedAwsProvider(dir: string): string | undefined {
  const base = join(dir, '.terraform', 'providers', 'registry.terraform.io', 'hashicorp', 'aws');
  const binaries = (existsSync(base) ? readdirSync(base) : []).flatMap((version) => {
    const folder = join(base, version, terraformPlatform());
    return existsSync(folder)
      ? readdirSync(folder)
          .filter((name) => name.startsWith('terraform-provider-aws'))
          .map((name) => join(folder, name))
      : [];
  });
  return binaries.length === 1 ? binaries[0] : undefined;
}

/**
 * Runs `use` with an environment whose terraform commands attach to one hashicorp/aws provider started
 * in debug mode (the one `init` installed in `dir`), instead of starting their own at each step (schema,
 * validate, plan, show: about 1.5 s of CPU each). The provider configures itself from `env` (the
 * placeholder credentials must be there) and is stopped when `use` settles, or when the process exits
 * first. Only for commands on a configuration with one hashicorp/aws provider configuration
 * (`hasOneAwsProviderConfiguration`): several would share this one process, configured by whichever
 * came last. When it cannot start, `use` gets undefined and each command starts its own.
 */
export async function withOwnProvider<T>(dir: string, env: NodeJS.ProcessEnv, use: (attached: NodeJS.ProcessEnv | undefined) => Promise<T>): Promise<T> {
  const binary = installedAwsProvider(resolve(dir));
  const started: DebugProvider | undefined = binary === undefined ? undefined : await startDebugProvider(binary, env);
  const stop = (): void => started?.stop?.();
  PLAN_PROVIDERS.add(stop);
  if (!process.listeners('exit').includes(stopPlanProviders)) {
    process.on('exit', stopPlanProviders);
  }
  try {
    return await use(started?.reattach === undefined ? undefined : { ...env, TF_REATTACH_PROVIDERS: started.reattach });
  } finally {
    PLAN_PROVIDERS.delete(stop);
    stop();
  }
}

/**
 * The same offline `init`, `plan` and `show -json` in a folder that already holds a configuration
 * (HCL or JSON, with any modules and a `terraform.tfstate` to plan against), whose provider block
 * skips the credential, account and metadata checks itself.
 */
export async function planDirectory(workDir: string, mirror: string, options: PlanDirectoryOptions = {}): Promise<OfflinePlanResult> {
  const dir = resolve(workDir);
  const cliConfig = join(dir, 'terraform.rc');
  writeFileSync(cliConfig, mirrorCliConfig(mirror));
  const env = { ...process.env, ...OFFLINE_ENV, TF_CLI_CONFIG_FILE: cliConfig };
  const terraform = async (commandEnv: NodeJS.ProcessEnv, ...args: string[]): Promise<string> => {
    try {
      const { stdout } = await run('terraform', args, { cwd: dir, env: commandEnv, maxBuffer: 256 * 1024 * 1024 });
      return stdout;
    } catch (error) {
      const detail = isJsonObject(error) && typeof error.stderr === 'string' ? error.stderr : String(error);
      throw new Error(`terraform ${args[0]} failed in ${dir}:\n${detail}`, { cause: error });
    }
  };
  await terraform(env, 'init', '-input=false', '-no-color');
  const planAndShow = async (attached: NodeJS.ProcessEnv | undefined): Promise<string> => {
    await terraform(attached ?? env, 'plan', '-input=false', '-lock=false', '-refresh=false', '-no-color', '-out=tfplan');
    return terraform(attached ?? schemaReaderEnvironment(env), 'show', '-json', 'tfplan');
  };
  const planJson = options.oneProviderConfiguration === true ? await withOwnProvider(dir, env, planAndShow) : await planAndShow(undefined);
  const planJsonPath = join(dir, 'plan.json');
  writeFileSync(planJsonPath, planJson);
  const plan: unknown = JSON.parse(planJson);
  return { workDir: dir, planJsonPath, plan, plannedCounts: countPlannedTypes(plan) };
}

/** Reads a synthesized stack from `cdktf.out`. */
export function readSynthesizedStack(stackName: string, outdir = 'cdktf.out'): unknown {
  const path = join(outdir, 'stacks', stackName, 'cdk.tf.json');
  if (!existsSync(path)) {
    throw new Error(`${path} does not exist; run \`npm run synth\` first`);
  }
  return JSON.parse(readFileSync(path, 'utf8'));
}
