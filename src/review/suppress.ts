import { TerraformResource } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { DeclaredSuppression } from './model';
import { validateDeclaredSuppression, type ConfigSuppression } from './suppressions';

// Kept apart from suppressions.ts: this half needs cdktf, which the review CLI never loads.

const declaredByResource = new WeakMap<TerraformResource, DeclaredSuppression[]>();

/**
 * Suppresses a review rule for one resource, with the reason a reviewer will read. Written into
 * cdk.tf.json beside cdktf's own metadata (`"//": { "review": { "suppressions": [...] } }`), so both
 * `npm run review` and the synth-time aspect see it. Repeated calls add up.
 */
export function suppress(resource: TerraformResource, id: string, reason: string): void {
  const entry = validateDeclaredSuppression(id, reason, `${resource.terraformResourceType}.${resource.friendlyUniqueId}`);
  const all = [...(declaredByResource.get(resource) ?? []).filter((existing) => existing.id !== id), entry];
  declaredByResource.set(resource, all);
  resource.addOverride(
    '//.review.suppressions',
    all.map((suppression) => ({ ...suppression })),
  );
}

/**
 * Declares configured suppressions on every resource under `scope` whose address starts with the
 * suppression's address, so they travel in cdk.tf.json like `suppress()` calls and the review CLI
 * sees them too. Returns the suppressions that matched no resource.
 */
export function suppressByAddress(scope: IConstruct, suppressions: readonly ConfigSuppression[]): ConfigSuppression[] {
  const resources = scope.node.findAll().filter((construct): construct is TerraformResource => TerraformResource.isTerraformResource(construct));
  return suppressions.filter((suppression) => {
    const matches = resources.filter((resource) => `${resource.terraformResourceType}.${resource.friendlyUniqueId}`.startsWith(suppression.address));
    for (const resource of matches) {
      suppress(resource, suppression.id, suppression.reason);
    }
    return matches.length === 0;
  });
}
