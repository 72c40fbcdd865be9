import { TerraformResource } from 'cdktf';
import { ReviewInputError } from '../errors';
import { MIN_REASON_LENGTH } from '../suppressions';
import { isCheckovId } from './checks';

// Kept apart from the baseline reader: this half needs cdktf, which the review CLI never loads.

/** A Checkov exception with no review rule behind it (a false positive, or a check we do not mirror). */
export interface CheckovException {
  readonly ids: readonly string[];
  readonly reason: string;
}

const declared = new WeakMap<TerraformResource, CheckovException[]>();

/**
 * Excepts one resource from Checkov checks our review has no rule for, with the reason a reviewer
 * reads. Written into cdk.tf.json (`"//": { "checkov": { "exceptions": [...] } }`), from where synth puts
 * it into the stack's Checkov baseline. Repeated calls add up.
 */
export function suppressCheckov(resource: TerraformResource, ids: readonly string[], reason: string): void {
  const where = `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
  const unknown = ids.filter((id) => !isCheckovId(id));
  if (ids.length === 0 || unknown.length > 0) {
    throw new ReviewInputError(`${where}: Checkov exception needs Checkov ids such as CKV_AWS_23 or CKV2_AWS_5; got ${JSON.stringify(ids)}`);
  }
  if (reason.trim().length < MIN_REASON_LENGTH) {
    throw new ReviewInputError(`${where}: Checkov exception of ${ids.join(', ')} needs a reason of at least ${MIN_REASON_LENGTH} characters saying why (got ${JSON.stringify(reason)})`);
  }
  const all = [...(declared.get(resource) ?? []), { ids: [...ids].sort(), reason: reason.trim() }];
  declared.set(resource, all);
  resource.addOverride(
    '//.checkov.exceptions',
    all.map((exception) => ({ ids: [...exception.ids], reason: exception.reason })),
  );
}
