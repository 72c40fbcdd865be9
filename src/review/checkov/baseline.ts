import { isArray, isObject, str, strings, type JsonObject } from '../json';
import { RULES } from '../rules';
import { CHECKOV_VERSION, checkovIdsFor, checkovResourceName, isCheckovId } from './checks';

/** One resource excepted from one Checkov check, and why. */
export interface BaselineEntry {
  /** Terraform address, `<type>.<name>`. */
  readonly address: string;
  readonly checkId: string;
  /** How Checkov's record names the resource (`resource.<name>` or `<type>.<name>`). */
  readonly resource: string;
  readonly reason: string;
  /** The review rule whose suppression covers the check, or `checkov-only`. */
  readonly source: string;
}

/** The file `checkov --create-baseline` writes and `--baseline` reads. */
export interface CheckovBaseline {
  readonly failed_checks: readonly { readonly file: string; readonly findings: readonly { readonly resource: string; readonly check_ids: readonly string[] }[] }[];
}

export { BASELINE_FILE } from './baseline-file';

const PEERS = new Map(RULES.map((rule) => [rule.id, rule.peers]));

/** `"//".review` (the review's suppressions) or `"//".checkov` (Checkov-only exceptions) of a resource. */
function metadata(resource: JsonObject, key: 'review' | 'checkov'): JsonObject | undefined {
  const comment = resource['//'];
  return isObject(comment) && isObject(comment[key]) ? comment[key] : undefined;
}

/**
 * Every Checkov exception a synthesized stack declares: each review suppression covers the Checkov
 * peers of its rule that report on the resource's type, and each Checkov-only exception its ids;
 * resources named as Checkov `version` names them.
 */
export function baselineEntriesOf(stack: JsonObject, version = CHECKOV_VERSION): readonly BaselineEntry[] {
  const entries: BaselineEntry[] = [];
  const resources = isObject(stack.resource) ? stack.resource : {};
  for (const [type, byName] of Object.entries(resources)) {
    if (!isObject(byName)) {
      continue;
    }
    for (const [name, resource] of Object.entries(byName)) {
      const review = isObject(resource) ? metadata(resource, 'review') : undefined;
      const checkov = isObject(resource) ? metadata(resource, 'checkov') : undefined;
      const add = (checkId: string, reason: string, source: string): void => {
        entries.push({ address: `${type}.${name}`, checkId, resource: checkovResourceName(checkId, type, name, version), reason, source });
      };
      for (const suppression of isArray(review?.suppressions) ? review.suppressions.filter(isObject) : []) {
        const id = str(suppression.id) ?? '';
        for (const checkId of checkovIdsFor(PEERS.get(id) ?? [], type)) {
          add(checkId, str(suppression.reason) ?? '', id);
        }
      }
      for (const exception of isArray(checkov?.exceptions) ? checkov.exceptions.filter(isObject) : []) {
        for (const checkId of strings(exception.ids).filter(isCheckovId)) {
          add(checkId, str(exception.reason) ?? '', 'checkov-only');
        }
      }
    }
  }
  return entries.sort((a, b) => a.address.localeCompare(b.address) || a.checkId.localeCompare(b.checkId));
}

/** The baseline in Checkov's own format: one file entry, resources with their sorted check ids. */
export function toCheckovBaseline(entries: readonly BaselineEntry[], file = '/cdk.tf.json'): CheckovBaseline {
  const byResource = new Map<string, Set<string>>();
  for (const entry of entries) {
    byResource.set(entry.resource, (byResource.get(entry.resource) ?? new Set()).add(entry.checkId));
  }
  const findings = [...byResource.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([resource, ids]) => ({ resource, check_ids: [...ids].sort() }));
  return { failed_checks: findings.length === 0 ? [] : [{ file, findings }] };
}
