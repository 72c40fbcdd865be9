import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { ConfigError } from './config-error';
import { checkConfigDir, discoverEnvironments, isObject, readJsonObject, type EnvironmentDefinition, type JsonObject } from './environments';
import { describeIssues, fieldsAt, valueAt } from './issues';
import { PRESETS } from './presets';
import { configFields, configSchema, projectSchema, type ProjectConfig, type ThreeTierConfig } from './schema';
import { nearest } from './suggest';

/** Where configuration comes from; every field is optional so tests can inject their own sources. */
export interface ConfigSources {
  /**
   * Folder with `common.json` (all environments and the state stack), `dev.json`, `prod.json` and
   * `<name>.json` files that extend another environment.
   * @default process.env.TT_CONFIG_DIR ?? 'config'
   */
  readonly configDir?: string;
  /**
   * Environment variables: `TT__<field>__<field>=value` for every environment,
   * `TT_<ENV>__<field>__<field>=value` for one (values parsed as JSON when they parse).
   * @default process.env
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** One source of values, named for messages: a preset, a file or one variable. */
interface Layer {
  readonly source: string;
  readonly values: JsonObject;
  /** The variable's text when JSON parsing turned it into a number, boolean or null. */
  readonly raw?: { readonly path: readonly string[]; readonly text: string };
  /** Set for a variable: the field it sets and its text as written. */
  readonly variable?: { readonly path: readonly string[]; readonly text: string };
}

type Env = Readonly<Record<string, string | undefined>>;

function setField(target: JsonObject, key: string, value: unknown): void {
  // defineProperty: a "__proto__" key from JSON stays a plain (and then unknown) field.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Objects merge key by key; arrays and scalars replace; null removes the field (recorded in `removed`). */
function mergeLayer(base: JsonObject, layer: Layer, removed: Map<string, string>, path: readonly string[] = [], values: JsonObject = layer.values): JsonObject {
  const merged: JsonObject = { ...base };
  for (const [key, value] of Object.entries(values)) {
    const at = [...path, key];
    if (value === null) {
      delete merged[key];
      removed.set(at.join('.'), layer.source);
      continue;
    }
    const current = merged[key];
    setField(merged, key, isObject(current) && isObject(value) ? mergeLayer(current, layer, removed, at, value) : value);
  }
  return merged;
}

function parseEnvValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** `TT__network__natMode=none` (prefix `TT__`) as a layer `{ network: { natMode: 'none' } }`, one per variable, shallow paths first. */
function envLayers(env: Env, prefix: string): Layer[] {
  const variables = Object.entries(env)
    .filter((entry): entry is [string, string] => entry[0].startsWith(prefix) && entry[1] !== undefined)
    .map(([name, text]) => ({ name, text, path: name.slice(prefix.length).split('__') }))
    .sort((a, b) => a.path.length - b.path.length || a.name.localeCompare(b.name));
  return variables.map(({ name, text, path }) => {
    if (path.some((segment) => segment === '')) {
      throw new ConfigError(`${name}: malformed override name; expected ${prefix}<field>__<field>, such as ${prefix}network__natMode`);
    }
    const value = parseEnvValue(text);
    const values = path.slice(0, -1).reduceRight<JsonObject>((inner, segment) => ({ [segment]: inner }), { [path[path.length - 1]]: value });
    return { source: name, values, raw: typeof value === 'string' ? undefined : { path, text }, variable: { path, text } };
  });
}

/** The variable prefix of one environment: `TT_SANDBOX_ALICE__` for `sandbox-alice`. */
export function environmentPrefix(name: string): string {
  return `TT_${name.toUpperCase().replace(/-/g, '_')}__`;
}

function withField(input: JsonObject, path: readonly string[], value: unknown): JsonObject {
  const [key, ...rest] = path;
  const copy: JsonObject = { ...input };
  const current = copy[key];
  setField(copy, key, rest.length === 0 ? value : withField(isObject(current) ? current : {}, rest, value));
  return copy;
}

/**
 * Validates the merged layers. A variable's value that JSON made a number or boolean where the schema
 * wants a string (`TT__database__engineVersion=8.4`) is taken as the text it was written as.
 */
function validate<T>(schema: z.ZodType<T>, layers: readonly Layer[], title: string, pick: (merged: JsonObject) => JsonObject = (merged) => merged): T {
  const removed = new Map<string, string>();
  const merged = pick(layers.reduce<JsonObject>((base, layer) => mergeLayer(base, layer, removed), {}));
  const first = schema.safeParse(merged);
  if (first.success) {
    return first.data;
  }
  let input = merged;
  for (const issue of first.error.issues) {
    const layer = issue.code === 'invalid_type' && issue.expected === 'string' ? [...layers].reverse().find((candidate) => candidate.raw?.path.join('.') === issue.path.join('.')) : undefined;
    if (layer?.raw !== undefined && valueAt(input, layer.raw.path) === parseEnvValue(layer.raw.text)) {
      input = withField(input, layer.raw.path, layer.raw.text);
    }
  }
  const result = input === merged ? first : schema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(
      title,
      describeIssues(schema, result.error.issues, input, removed, (issue) => jsonHint(layers, issue)),
    );
  }
  return result.data;
}

/**
 * For a list or map given as a plain string by a variable, how to write it: a variable's value is
 * taken as JSON when it parses (`TT_DEV__access__adminCidrs='["203.0.113.10/32"]'`).
 */
function jsonHint(layers: readonly Layer[], issue: z.core.$ZodIssue): string | undefined {
  if (issue.code !== 'invalid_type' || !['array', 'object', 'record'].includes(issue.expected)) {
    return undefined;
  }
  const layer = [...layers].reverse().find((candidate) => candidate.variable?.path.join('.') === issue.path.join('.'));
  if (layer?.variable === undefined || typeof parseEnvValue(layer.variable.text) !== 'string') {
    return undefined;
  }
  const { text } = layer.variable;
  const example =
    issue.expected === 'array'
      ? JSON.stringify(
          text
            .split(',')
            .map((item) => item.trim())
            .filter((item) => item !== ''),
        )
      : '{"NAME": "value"}';
  return `${layer.source} is read as JSON when it parses, else as one string: write ${layer.source}='${example}'`;
}

function sourcesOf(sources: ConfigSources): { dir: string; env: Env } {
  const env = sources.env ?? process.env;
  if (sources.configDir !== undefined) {
    checkConfigDir(sources.configDir, 'configDir');
    return { dir: sources.configDir, env };
  }
  if (env.TT_CONFIG_DIR !== undefined) {
    checkConfigDir(env.TT_CONFIG_DIR, 'TT_CONFIG_DIR');
    return { dir: env.TT_CONFIG_DIR, env };
  }
  return { dir: 'config', env };
}

function commonLayer(dir: string): Layer[] {
  const path = join(dir, 'common.json');
  return existsSync(path) ? [{ source: path, values: readJsonObject(path) }] : [];
}

/**
 * The override a variable written with single underscores (`TT_DEV_frontend_minSize`) or in the
 * wrong case was meant to be (`TT_DEV__frontend__minSize`), or undefined when its first word after
 * `TT_` and an environment's name is no config field (`TT_SYNTH_CACHE`, `TT_CONFIG_DIR`).
 */
function intendedOverride(name: string, definitions: readonly EnvironmentDefinition[]): string | undefined {
  const words = name
    .slice(3)
    .split(/_+/)
    .filter((word) => word !== '');
  const environment = definitions
    .map((definition) => ({ prefix: environmentPrefix(definition.name), words: definition.name.toUpperCase().split('-') }))
    .filter((candidate) => candidate.words.every((word, index) => words[index]?.toUpperCase() === word))
    .sort((a, b) => b.words.length - a.words.length)[0];
  const rest = words.slice(environment?.words.length ?? 0);
  const path: string[] = [];
  while (path.length < rest.length) {
    const word = rest[path.length].toLowerCase();
    const field = fieldsAt(configFields, path).find((candidate) => candidate.toLowerCase() === word);
    if (field === undefined) {
      break;
    }
    path.push(field);
  }
  if (path.length === 0) {
    return undefined;
  }
  // What follows no known field is a map key (a container variable such as SPRING_PROFILES_ACTIVE).
  const key = rest.slice(path.length).join('_');
  return `${environment?.prefix ?? 'TT__'}${[...path, ...(key === '' ? [] : [key])].join('__')}`;
}

/**
 * Throws for a `TT_<NAME>__` variable whose environment does not exist, and for an override written
 * with single underscores: either would otherwise be ignored without a word.
 */
function checkEnvironmentVariables(env: Env, definitions: readonly EnvironmentDefinition[]): void {
  const prefixes = definitions.map((definition) => environmentPrefix(definition.name));
  const problems = Object.keys(env)
    .filter((name) => name.startsWith('TT_') && !name.startsWith('TT__') && !prefixes.some((prefix) => name.startsWith(prefix)))
    .flatMap((name) => {
      const intended = intendedOverride(name, definitions);
      if (intended !== undefined && intended !== name) {
        return [`${name}: not read: an override separates the environment and each field with two underscores, and names fields as the config does; did you mean ${intended}?`];
      }
      if (!/^TT_[A-Z0-9]/.test(name) || !name.includes('__')) {
        return [];
      }
      const given = name.slice(3, name.indexOf('__'));
      const suggestion = nearest(
        given,
        prefixes.map((prefix) => prefix.slice(3, -2)),
      );
      return [
        `${name}: no environment matches ${JSON.stringify(`TT_${given}__`)}${suggestion === undefined ? '' : ` (did you mean TT_${suggestion}__?)`}; environments: ${definitions.map((definition) => definition.name).join(', ')}`,
      ];
    });
  if (problems.length > 0) {
    throw new ConfigError('environment variables not read', problems);
  }
}

/** Every environment of the config folder, with the variables checked against them. */
function environmentDefinitions(sources: ConfigSources = {}): EnvironmentDefinition[] {
  const { dir, env } = sourcesOf(sources);
  const definitions = discoverEnvironments(dir);
  checkEnvironmentVariables(env, definitions);
  return definitions;
}

function unknownEnvironment(name: string, definitions: readonly EnvironmentDefinition[]): ConfigError {
  const names = definitions.map((definition) => definition.name);
  const suggestion = nearest(name, names);
  return new ConfigError(`environment ${JSON.stringify(name)} is unknown${suggestion === undefined ? '' : ` (did you mean ${JSON.stringify(suggestion)}?)`}; allowed: ${names.join(', ')}`);
}

function select(definitions: readonly EnvironmentDefinition[], env: Env): EnvironmentDefinition[] {
  const list = env.TT_ENVIRONMENTS;
  if (list === undefined || list.trim() === '') {
    return [...definitions];
  }
  return [...new Set(list.split(',').map((name) => name.trim()))].map((name) => {
    const definition = definitions.find((candidate) => candidate.name === name);
    if (definition === undefined) {
      throw unknownEnvironment(name, definitions);
    }
    return definition;
  });
}

/** The environments to synthesize: `TT_ENVIRONMENTS` (comma-separated) or every one there is. */
export function selectedEnvironments(sources: ConfigSources = {}): string[] {
  return select(environmentDefinitions(sources), sourcesOf(sources).env).map((definition) => definition.name);
}

/** The project's region as configured (preset, `common.json`, `TT__region`): where the state bucket is. */
function projectRegion(dir: string, env: Env): unknown {
  const layers = [{ source: 'the dev preset', values: { region: PRESETS.dev.region } }, ...commonLayer(dir), ...envLayers(env, 'TT__')];
  return layers.reduce<JsonObject>((base, layer) => mergeLayer(base, layer, new Map()), {}).region;
}

function resolve(definition: EnvironmentDefinition, dir: string, env: Env): ThreeTierConfig {
  const layers: Layer[] = [
    { source: `the ${definition.base} preset`, values: { ...PRESETS[definition.base], environment: definition.name } },
    { source: 'the project region', values: { state: { region: projectRegion(dir, env) } } },
    ...commonLayer(dir),
    ...definition.files.map((file) => ({ source: file.path, values: file.values })),
    ...envLayers(env, 'TT__'),
    ...envLayers(env, environmentPrefix(definition.name)),
  ];
  const title = `invalid configuration for environment "${definition.name}"`;
  const renaming = layers.slice(1).find((layer) => 'environment' in layer.values);
  if (renaming !== undefined) {
    throw new ConfigError(title, [`environment: is the name of the environment's file (${definition.name}); remove it from ${renaming.source}`]);
  }
  return validate(configSchema, layers, title);
}

/**
 * Resolves one environment's configuration. Precedence, lowest first: the preset of the built-in
 * environment at the root of its `extends` chain, `common.json`, the files along the chain (root
 * first), `TT__*` variables, `TT_<ENV>__*` variables. Throws ConfigError on any bad field.
 */
export function loadConfig(environment: string, sources: ConfigSources = {}): ThreeTierConfig {
  const { dir, env } = sourcesOf(sources);
  const definitions = environmentDefinitions(sources);
  const definition = definitions.find((candidate) => candidate.name === environment);
  if (definition === undefined) {
    throw unknownEnvironment(environment, definitions);
  }
  return resolve(definition, dir, env);
}

/**
 * Resolves the project-wide fields for the `state` stack: the dev preset's project fields,
 * `common.json` and `TT__*` variables.
 */
export function loadProjectConfig(sources: ConfigSources = {}): ProjectConfig {
  const { dir, env } = sourcesOf(sources);
  const { project, region, state, tags, suppressions } = PRESETS.dev;
  const layers = [{ source: 'the dev preset', values: { project, region, state, tags, suppressions } }, ...commonLayer(dir), ...envLayers(env, 'TT__')];
  const onlyProjectFields = (merged: JsonObject): JsonObject => Object.fromEntries(Object.entries(merged).filter(([key]) => key in projectSchema.shape));
  const title = 'invalid project configuration (state stack)';
  const config = validate(projectSchema, layers, title, onlyProjectFields);
  if (config.state.region !== undefined && config.state.region !== config.region) {
    throw new ConfigError(title, [
      `state.region: ${JSON.stringify(config.state.region)} differs from region ${JSON.stringify(config.region)}; the state stack creates the bucket in the project's region, so set region instead`,
    ]);
  }
  return config;
}

/** Everything one synth needs: the project fields and each selected environment, in order. */
export interface LoadedConfiguration {
  readonly project: ProjectConfig;
  readonly environments: readonly { readonly definition: EnvironmentDefinition; readonly config: ThreeTierConfig }[];
}

/** The S3 object that holds an environment's state, and the bucket's region (the S3 backend's `region`). */
export function stateLocation(config: Pick<ThreeTierConfig, 'project' | 'environment' | 'region' | 'state'>): { readonly bucket: string; readonly key: string; readonly region: string } {
  return { bucket: config.state.bucket, key: config.state.key ?? `${config.project}/${config.environment}/terraform.tfstate`, region: config.state.region ?? config.region };
}

/** Where the state lives, as one comparable string: the S3 object, or the HCP Terraform workspace. */
function stateIdentity(config: ThreeTierConfig): string {
  const { hcp } = config.state;
  if (config.state.backend === 'hcp' && hcp !== undefined) {
    return `HCP Terraform workspace ${hcp.hostname ?? 'app.terraform.io'}/${hcp.organization}/${hcp.workspace ?? `${config.project}-${config.environment}`}`;
  }
  const { bucket, key } = stateLocation(config);
  return `state s3://${bucket}/${key}`;
}

/** Two environments must never share a state object or the `<project>-<env>` prefix of their resource names. */
function clashes(environments: LoadedConfiguration['environments']): string[] {
  const problems: string[] = [];
  environments.forEach(({ config }, index) => {
    for (const { config: other } of environments.slice(0, index)) {
      const state = stateIdentity(config);
      if (state === stateIdentity(other)) {
        problems.push(`${config.environment}: ${state} is also the state of ${other.environment}; each environment needs its own (state.key, or state.hcp.workspace)`);
      }
      const [prefix, otherPrefix] = [`${config.project}-${config.environment}`, `${other.project}-${other.environment}`];
      if (prefix === otherPrefix) {
        problems.push(`${config.environment}: resource names start with ${JSON.stringify(prefix)} as in ${other.environment} (project ${JSON.stringify(other.project)}); change project or the environment name`);
      }
    }
  });
  return problems;
}

/**
 * Loads the project fields and every selected environment, reporting every environment's problems
 * in one ConfigError rather than stopping at the first.
 */
export function loadConfiguration(sources: ConfigSources = {}): LoadedConfiguration {
  const { dir, env } = sourcesOf(sources);
  const selected = select(environmentDefinitions(sources), env);
  const errors: ConfigError[] = [];
  const failure = (error: unknown): ConfigError => {
    if (!(error instanceof ConfigError)) {
      throw error;
    }
    return error;
  };
  let project: ProjectConfig | undefined;
  try {
    project = loadProjectConfig(sources);
  } catch (error) {
    errors.push(failure(error));
  }
  // A project field that is wrong (state.bucket in common.json) is reported once, under the project.
  const projectProblems = new Set(errors.flatMap((error) => error.problems));
  const environments = selected.flatMap((definition) => {
    try {
      return [{ definition, config: resolve(definition, dir, env) }];
    } catch (error) {
      const { title, problems } = failure(error);
      const own = problems.filter((problem) => !projectProblems.has(problem));
      if (own.length > 0 || problems.length === 0) {
        errors.push(own.length === problems.length ? failure(error) : new ConfigError(title, own));
      }
      return [];
    }
  });
  const problems = clashes(environments);
  if (problems.length > 0) {
    errors.push(new ConfigError('environments clash', problems));
  }
  if (errors.length > 0 || project === undefined) {
    // A broken common.json fails the project and every environment alike: say it once.
    throw ConfigError.combine(errors.filter((error, index) => errors.findIndex((other) => other.message === error.message) === index));
  }
  return { project, environments };
}
