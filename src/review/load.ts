import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ReviewInputError } from './errors';
import { isArray, isObject, type JsonObject } from './json';
import { isPlan, modelFromPlan } from './from-plan';
import { ConfigurationSources, holdsConfiguration } from './config-sources';
import { isSynthesizedStack, modelFromSynth } from './from-synth';
import type { DeclaredSuppression, Model } from './model';

const DEFAULT_OUTDIR = 'cdktf.out';
const STACK_NAME = /^[A-Za-z0-9_-]+$/;

/** Deeper than any plan or stack nests: the analyses walk values recursively. */
const MAX_DEPTH = 256;

/**
 * Text of a JSON file in UTF-8, UTF-8 with a byte-order mark, or UTF-16 LE/BE with one (what
 * PowerShell's `>` writes). UTF-16 without a mark is refused with a hint.
 */
export function decodeJson(bytes: Buffer, path: string): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return bytes.subarray(3).toString('utf8');
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return bytes.subarray(2).toString('utf16le');
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  if (bytes.length >= 2 && (bytes[0] === 0 || bytes[1] === 0)) {
    throw new ReviewInputError(`${path} looks like UTF-16 without a byte-order mark: save it as UTF-8 (PowerShell: terraform show -json plan | Out-File -Encoding utf8 plan.json)`);
  }
  return bytes.toString('utf8');
}

/** How deeply a parsed value nests, counted without recursion. */
function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const entry = stack.pop();
    if (entry === undefined) {
      break;
    }
    const [item, depth] = entry;
    if (typeof item === 'object' && item !== null) {
      deepest = Math.max(deepest, depth);
      if (deepest > MAX_DEPTH) {
        return deepest;
      }
      for (const child of Object.values(item)) {
        stack.push([child, depth + 1]);
      }
    }
  }
  return deepest;
}

/** Parses JSON text with readable errors: malformed, or nested deeper than any plan. */
export function parseJsonText(text: string, path: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof RangeError ? `nested too deeply to parse` : error instanceof Error ? error.message : String(error);
    throw new ReviewInputError(`${path} is not JSON (${detail})`);
  }
  if (depthOf(parsed) > MAX_DEPTH) {
    throw new ReviewInputError(`${path} nests objects or lists more than ${MAX_DEPTH} levels deep: no Terraform plan or cdk.tf.json does`);
  }
  return parsed;
}

/** Parsed JSON of a file, with readable errors for a missing, unreadable, mis-encoded or malformed one. */
export function readJsonFile(path: string): unknown {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = isObject(error) ? error.code : undefined;
    throw new ReviewInputError(code === 'ENOENT' ? `${path} does not exist` : `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseJsonText(decodeJson(bytes, path), path);
}

function stacksIn(outdir: string): readonly string[] {
  const dir = join(outdir, 'stacks');
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => existsSync(join(dir, name, 'cdk.tf.json')))
        .sort()
    : [];
}

/** The file an input names: a stack name, a directory holding cdk.tf.json, or a file. */
function resolveInput(input: string, outdir = DEFAULT_OUTDIR): string {
  if (input.trim() === '') {
    throw new ReviewInputError('no input: give a stack name (dev, prod, state), a path to a cdk.tf.json or a plan JSON');
  }
  const stackFile = join(outdir, 'stacks', input, 'cdk.tf.json');
  if (STACK_NAME.test(input) && existsSync(stackFile)) {
    return stackFile;
  }
  if (existsSync(input)) {
    return statSync(input).isDirectory() ? join(input, 'cdk.tf.json') : input;
  }
  if (STACK_NAME.test(input)) {
    const available = stacksIn(outdir);
    const hint = available.length > 0 ? `synthesized stacks: ${available.join(', ')} (\`npm run synth\` writes every stack the config defines)` : 'run `npm run synth` first';
    throw new ReviewInputError(`no synthesized stack "${input}": ${stackFile} does not exist (${hint})`);
  }
  throw new ReviewInputError(`${input} does not exist`);
}

/** Suppressions declared in the cdk.tf.json an offline plan was made from, which sits beside its plan.json. */
function suppressionsBeside(planPath: string): ReadonlyMap<string, readonly DeclaredSuppression[]> {
  const synthesized = join(dirname(planPath), 'cdk.tf.json');
  if (!existsSync(synthesized)) {
    return new Map();
  }
  const json = readJsonFile(synthesized);
  if (!isSynthesizedStack(json)) {
    return new Map();
  }
  return new Map(modelFromSynth(json, synthesized).resources.map((resource) => [resource.address, resource.suppressions]));
}

/**
 * The configuration files a plan was made from: the folder given (`--config`), else the plan's own
 * folder when it holds `.tf` or `.tf.json` files (where `terraform show -json tfplan > plan.json` leaves it).
 */
function sourcesOf(plan: JsonObject, planPath: string | undefined, configDir: string | undefined): ConfigurationSources | undefined {
  if (configDir !== undefined) {
    if (!holdsConfiguration(configDir)) {
      throw new ReviewInputError(`--config ${configDir}: not a folder holding Terraform files (.tf or .tf.json)`);
    }
    const sources = new ConfigurationSources(configDir);
    const lacking = sources.lacking([], rootResources(plan));
    if (lacking.length > 0) {
      throw new ReviewInputError(
        `--config ${configDir}: its files do not declare ${lacking.slice(0, 5).join(', ')}${lacking.length > 5 ? ` and ${lacking.length - 5} more` : ''}, which the plan's configuration does: not the folder this plan was made from`,
      );
    }
    return sources;
  }
  // Files beside the plan count only where they declare the plan's resources (ConfigurationSources.localsOf checks each module).
  return planPath !== undefined && holdsConfiguration(dirname(planPath)) ? new ConfigurationSources(dirname(planPath)) : undefined;
}

/** Managed resources the plan's root module configuration declares. */
function rootResources(plan: JsonObject): readonly string[] {
  const configuration = isObject(plan.configuration) ? plan.configuration : {};
  const root = isObject(configuration.root_module) ? configuration.root_module : {};
  return (isArray(root.resources) ? root.resources : []).flatMap((entry) => (isObject(entry) && entry.mode === 'managed' && typeof entry.address === 'string' ? [entry.address] : []));
}

/**
 * A model of parsed JSON: a synthesized stack or a plan; anything else is refused with what it holds.
 * A plan's locals are read from `configDir`, else from the files beside `planPath`.
 */
export function modelFromJson(json: unknown, origin: string, planPath?: string, configDir?: string): Model {
  if (isPlan(json)) {
    return modelFromPlan(json, origin, planPath === undefined ? new Map() : suppressionsBeside(planPath), sourcesOf(json, planPath, configDir));
  }
  if (isSynthesizedStack(json)) {
    return modelFromSynth(json, origin);
  }
  const found = isObject(json) ? `an object with keys ${Object.keys(json).slice(0, 8).join(', ') || '(none)'}` : Array.isArray(json) ? 'a list' : `a ${typeof json}`;
  throw new ReviewInputError(
    `${origin} is neither a synthesized cdktf stack (cdk.tf.json, with "resource" or "terraform") nor a Terraform plan (terraform show -json, with "format_version" and "planned_values"): it is ${found}`,
  );
}

/** Loads what the review was asked for: a stack name, a cdk.tf.json path or directory, or a plan JSON (with its configuration's folder, if given). */
export function loadInput(input: string, outdir = DEFAULT_OUTDIR, configDir?: string): Model {
  const path = resolveInput(input, outdir);
  return modelFromJson(readJsonFile(path), path, path, configDir);
}
