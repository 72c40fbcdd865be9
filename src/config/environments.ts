import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ConfigError } from './config-error';
import { parseConfigJson } from './config-json';
import { nearest } from './suggest';

/** The environments that exist with no file: each has a preset in `presets.ts`. */
export const BUILT_IN_ENVIRONMENTS = ['dev', 'prod'] as const;
export type BuiltInEnvironment = (typeof BUILT_IN_ENVIRONMENTS)[number];

/** Stack ids and file names the project uses for something else. */
const RESERVED_NAMES = new Set(['state', 'common']);

export type JsonObject = { [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One environment: a built-in one, or a `config/<name>.json` that extends another. */
export interface EnvironmentDefinition {
  readonly name: string;
  /** The built-in environment at the root of the `extends` chain: its preset, and whether the environment is production. */
  readonly base: BuiltInEnvironment;
  /** The names from the built-in root down to this environment, such as `['prod', 'staging']`. */
  readonly chain: readonly string[];
  /** The config files along the chain, root first, each without its `extends` key. */
  readonly files: readonly { readonly path: string; readonly values: JsonObject }[];
}

function isBuiltIn(name: string): name is BuiltInEnvironment {
  return BUILT_IN_ENVIRONMENTS.some((builtIn) => builtIn === name);
}

/**
 * What is wrong with an environment name, or undefined. Names become stack ids, state-key segments,
 * resource-name parts (`<project>-<env>-frontend`) and RDS identifiers, so they are DNS-label-like:
 * lower-case letters, digits and single hyphens, starting with a letter.
 */
export function environmentNameProblem(name: string): string | undefined {
  if (!/^[a-z]([a-z0-9-]*[a-z0-9])?$/.test(name) || name.includes('--')) {
    return `${JSON.stringify(name)} is not a valid environment name: use lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen (such as staging or sandbox-alice)`;
  }
  if (RESERVED_NAMES.has(name)) {
    return `${JSON.stringify(name)} is reserved (the ${name === 'state' ? 'state bootstrap stack' : 'file shared by every environment'}); choose another environment name`;
  }
  return undefined;
}

/** Reads a config file's JSON object (comments allowed), or throws ConfigError naming the file, line and column. */
export function readJsonObject(path: string): JsonObject {
  const result = parseConfigJson(readFileSync(path, 'utf8'));
  if ('error' in result) {
    throw new ConfigError(`${path}:${result.error}`);
  }
  const parsed = result.value;
  if (!isObject(parsed)) {
    throw new ConfigError(`${path}: expected a JSON object of config fields, got ${Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : typeof parsed}`);
  }
  return parsed;
}

/** Files that look like environment or common config in a form other than `.json`. */
const CONFIG_LOOKALIKE = /\.(jsonc|json5|ya?ml|toml)$/;

interface EnvironmentFile {
  readonly path: string;
  readonly parent?: string;
  readonly values: JsonObject;
}

/** The `<name>.json` files of the config folder (not `common.json`), read and checked one by one. */
function readEnvironmentFiles(dir: string, problems: string[]): Map<string, EnvironmentFile> {
  const files = new Map<string, EnvironmentFile>();
  if (!existsSync(dir)) {
    return files;
  }
  const entries = readdirSync(dir).sort();
  // A file that looks like config in another form would otherwise be ignored without a word.
  for (const entry of entries.filter((file) => CONFIG_LOOKALIKE.test(file))) {
    const stem = entry.replace(CONFIG_LOOKALIKE, '');
    problems.push(`${join(dir, entry)}: not read: config files are JSON named <name>.json (comments are allowed in them); rename it to ${stem}.json${entry.endsWith('.jsonc') ? '' : ' and write it as JSON'}`);
  }
  for (const entry of entries.filter((file) => file.endsWith('.json') && file !== 'common.json')) {
    const path = join(dir, entry);
    const name = basename(entry, '.json');
    const nameProblem = environmentNameProblem(name);
    if (nameProblem !== undefined) {
      problems.push(`${path}: ${nameProblem}`);
      continue;
    }
    const { extends: parent, ...values } = readJsonObject(path);
    if (isBuiltIn(name)) {
      if (parent !== undefined) {
        problems.push(`${path}: "extends" is not allowed here: ${name} is built in and starts from its own preset`);
      }
      files.set(name, { path, values });
    } else if (typeof parent !== 'string') {
      problems.push(`${path}: needs "extends": "dev" or "prod" (or another environment) to be an environment${parent === undefined ? '' : `; got ${JSON.stringify(parent)}`}`);
    } else {
      files.set(name, { path, parent, values });
    }
  }
  return files;
}

/**
 * Every environment: `dev` and `prod` (with or without a file) and each `config/<name>.json` with
 * `"extends"`. Chains are followed to a built-in environment; unknown parents and cycles are errors.
 */
export function discoverEnvironments(dir: string): EnvironmentDefinition[] {
  const problems: string[] = [];
  const files = readEnvironmentFiles(dir, problems);
  const names = [...BUILT_IN_ENVIRONMENTS, ...[...files.keys()].filter((name) => !isBuiltIn(name))];
  const definitions: EnvironmentDefinition[] = [];
  for (const name of names) {
    const chain = [name];
    let current = files.get(name);
    while (current?.parent !== undefined) {
      const parent = current.parent;
      if (chain.includes(parent)) {
        problems.push(`${files.get(name)?.path}: "extends" forms a cycle: ${[...chain].reverse().concat(parent).join(' -> ')}`);
        break;
      }
      if (!isBuiltIn(parent) && !files.has(parent)) {
        const suggestion = nearest(parent, names);
        problems.push(`${current.path}: "extends": ${JSON.stringify(parent)} is not an environment${suggestion === undefined ? '' : ` (did you mean ${JSON.stringify(suggestion)}?)`}; known: ${names.join(', ')}`);
        break;
      }
      chain.unshift(parent);
      current = files.get(parent);
    }
    const base = chain[0];
    if (isBuiltIn(base)) {
      const along = chain.flatMap((link) => {
        const file = files.get(link);
        return file === undefined ? [] : [{ path: file.path, values: file.values }];
      });
      definitions.push({ name, base, chain, files: along });
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(`invalid environment files in ${dir}`, [...new Set(problems)]);
  }
  return definitions;
}

/** Throws ConfigError when a config folder was named explicitly and is not a folder. */
export function checkConfigDir(dir: string, origin: string): void {
  if (!existsSync(dir)) {
    throw new ConfigError(`${origin}: the config folder ${JSON.stringify(dir)} does not exist`);
  }
  if (!statSync(dir).isDirectory()) {
    throw new ConfigError(`${origin}: ${JSON.stringify(dir)} is not a folder`);
  }
}
