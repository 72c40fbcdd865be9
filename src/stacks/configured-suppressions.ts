import { Annotations, type TerraformStack } from 'cdktf';
import { suppressByAddress } from '../review/suppress';
import type { ConfigSuppression } from '../review/suppressions';

/**
 * Declares the configured suppressions on the resources they name, so they travel in cdk.tf.json.
 * One that names nothing here is a warning, not an error: `common.json` applies to every stack.
 */
export function applyConfiguredSuppressions(stack: TerraformStack, suppressions: readonly ConfigSuppression[]): void {
  for (const unmatched of suppressByAddress(stack, suppressions)) {
    Annotations.of(stack).addWarning(`suppression of ${unmatched.id} at ${JSON.stringify(unmatched.address)} matches no resource of stack ${stack.node.id}`);
  }
}
