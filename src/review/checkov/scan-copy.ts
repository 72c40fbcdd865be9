import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReviewInputError } from '../errors';
import { isObject, type JsonObject } from '../json';
import { BASELINE_FILE, baselineEntriesOf, toCheckovBaseline } from './baseline';

/** The stack file cdktf writes in each stack folder. */
export const STACK_FILE = 'cdk.tf.json';

/** What a scan copy holds, and what it left out of the stack. */
export interface ScanCopy {
  readonly dir: string;
  /** The synthesized stack, as read (with `terraform.required_version`). */
  readonly stack: JsonObject;
  /** `terraform.<key>` attributes left out of the copy (#7454), such as `required_version`. */
  readonly removed: readonly string[];
}

/**
 * Checkov 3.3.13's terraform_json parser hands every value of the `terraform` block to `hclify`,
 * which accepts only objects: a string such as `required_version` raises "this method receives only
 * dicts" and the run exits 2 with no report (bridgecrewio/checkov#7454, fix unmerged). No check reads
 * these attributes, so the copy Checkov scans goes without them; nested blocks (backend,
 * required_providers) stay.
 */
export function withoutScalarTerraformSettings(stack: JsonObject): { readonly stack: JsonObject; readonly removed: readonly string[] } {
  const terraform = stack.terraform;
  if (!isObject(terraform)) {
    return { stack, removed: [] };
  }
  const removed = Object.keys(terraform).filter((key) => !isObject(terraform[key]));
  const kept = Object.fromEntries(Object.entries(terraform).filter(([key]) => !removed.includes(key)));
  return { stack: { ...stack, terraform: kept }, removed };
}

/**
 * Copies a synthesized stack folder to `dir` the way Checkov can scan it: cdk.tf.json without the
 * `terraform` block's plain attributes (see `withoutScalarTerraformSettings`), and beside it the
 * stack's baseline with resources named as Checkov `version` names them (for 3.3.13, the
 * `.checkov.baseline` synth wrote, byte for byte).
 */
export function writeScanCopy(stackDir: string, dir: string, version: string): ScanCopy {
  const path = join(stackDir, STACK_FILE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ReviewInputError(`${path}: not a synthesized stack (${error instanceof Error ? error.message : String(error)}); run npm run synth`);
  }
  if (!isObject(parsed)) {
    throw new ReviewInputError(`${path}: not a synthesized stack (expected a JSON object); run npm run synth`);
  }
  const { stack, removed } = withoutScalarTerraformSettings(parsed);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, STACK_FILE), `${JSON.stringify(stack, null, 2)}\n`);
  writeFileSync(join(dir, BASELINE_FILE), `${JSON.stringify(toCheckovBaseline(baselineEntriesOf(parsed, version)), null, 2)}\n`);
  return { dir, stack: parsed, removed };
}
