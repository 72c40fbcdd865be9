import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { ConfigError } from './config-error';
import { PRESETS } from './presets';
import { configSchema, ENVIRONMENT_NAMES, projectSchema, type EnvironmentName, type ProjectConfig, type ThreeTierConfig } from './schema';

/** Where configuration comes from; every field is optional so tests can inject their own sources. */
export interface ConfigSources {
  /**
   * Folder with `common.json` (all environments and the state stack) and `<env>.json`.
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

type JsonObject = { [key: string]: unknown };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Objects merge key by key; arrays and scalars replace; null removes an optional field. */
function deepMerge(base: JsonObject, override: JsonObject): JsonObject {
  const merged: JsonObject = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === null) {
      delete merged[key];
      continue;
    }
    const current = merged[key];
    merged[key] = isObject(current) && isObject(value) ? deepMerge(current, value) : value;
  }
  return merged;
}

function readConfigFile(path: string): JsonObject {
  if (!existsSync(path)) {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isObject(parsed)) {
    throw new ConfigError(`${path}: expected a JSON object of config fields, got ${Array.isArray(parsed) ? 'an array' : typeof parsed}`);
  }
  return parsed;
}

function parseEnvValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Turns `TT__network__natMode=none` (prefix `TT__`) into `{ network: { natMode: 'none' } }`. */
function envOverrides(env: Readonly<Record<string, string | undefined>>, prefix: string): JsonObject {
  let overrides: JsonObject = {};
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(prefix) || raw === undefined) {
      continue;
    }
    const path = name.slice(prefix.length).split('__');
    if (path.some((segment) => segment === '')) {
      throw new ConfigError(`${name}: malformed override name; expected ${prefix}<field>__<field>, such as ${prefix}network__natMode`);
    }
    const leaf = path.reduceRight<unknown>((value, segment) => ({ [segment]: value }), parseEnvValue(raw));
    if (isObject(leaf)) {
      overrides = deepMerge(overrides, leaf);
    }
  }
  return overrides;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (typeof key === 'symbol' || current === null || typeof current !== 'object') {
      return undefined;
    }
    current = Reflect.get(current, key);
  }
  return current;
}

function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const parent = valueAt(input, issue.path);
      const known = isObject(parent) ? Object.keys(parent).filter((key) => !issue.keys.includes(key)) : [];
      return issue.keys.map((key) => `${[...issue.path.map(String), key].join('.')}: unknown field; allowed here: ${known.join(', ')}`);
    }
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    const given = valueAt(input, issue.path);
    const shown = given === undefined ? 'missing' : JSON.stringify(given);
    // Custom messages already quote the value; built-in ones ("expected number") do not.
    const message = issue.message.includes(shown) ? issue.message : `${issue.message} (given: ${shown})`;
    return `${field}: ${message}`;
  });
}

function validate<T>(schema: z.ZodType<T>, input: JsonObject, title: string): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(title, describeIssues(result.error.issues, input));
  }
  return result.data;
}

function sourcesOf(sources: ConfigSources): { dir: string; env: Readonly<Record<string, string | undefined>> } {
  const env = sources.env ?? process.env;
  return { dir: sources.configDir ?? env.TT_CONFIG_DIR ?? 'config', env };
}

/** Checks a name against the known environments. */
export function parseEnvironmentName(name: string): EnvironmentName {
  const known = ENVIRONMENT_NAMES.find((candidate) => candidate === name);
  if (known === undefined) {
    throw new ConfigError(`environment ${JSON.stringify(name)} is unknown; allowed: ${ENVIRONMENT_NAMES.join(', ')}`);
  }
  return known;
}

/**
 * The environments to synthesize: `TT_ENVIRONMENTS` (comma-separated) or every known one.
 */
export function selectedEnvironments(sources: ConfigSources = {}): EnvironmentName[] {
  const { env } = sourcesOf(sources);
  const list = env.TT_ENVIRONMENTS;
  if (list === undefined || list.trim() === '') {
    return [...ENVIRONMENT_NAMES];
  }
  return list.split(',').map((name) => parseEnvironmentName(name.trim()));
}

/**
 * Resolves one environment's configuration. Precedence, lowest first: the preset, `common.json`,
 * `<env>.json`, `TT__*` variables, `TT_<ENV>__*` variables. Throws ConfigError on any bad field.
 */
export function loadConfig(environment: string, sources: ConfigSources = {}): ThreeTierConfig {
  const name = parseEnvironmentName(environment);
  const { dir, env } = sourcesOf(sources);
  const layers = [
    readConfigFile(join(dir, 'common.json')),
    readConfigFile(join(dir, `${name}.json`)),
    envOverrides(env, 'TT__'),
    envOverrides(env, `TT_${name.toUpperCase()}__`),
  ];
  const merged = layers.reduce(deepMerge, { ...PRESETS[name], environment: name });
  return validate(configSchema, merged, `invalid configuration for environment "${name}"`);
}

/**
 * Resolves the project-wide fields for the `state` stack: the dev preset's project fields,
 * `common.json` and `TT__*` variables.
 */
export function loadProjectConfig(sources: ConfigSources = {}): ProjectConfig {
  const { dir, env } = sourcesOf(sources);
  const { project, region, state, tags, suppressions } = PRESETS.dev;
  const merged = [readConfigFile(join(dir, 'common.json')), envOverrides(env, 'TT__')].reduce(deepMerge, { project, region, state, tags, suppressions });
  const projectFields = Object.fromEntries(Object.entries(merged).filter(([key]) => key in projectSchema.shape));
  return validate(projectSchema, projectFields, 'invalid project configuration (state stack)');
}
