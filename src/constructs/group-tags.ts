import type { AutoscalingGroupTag } from '@cdktf/provider-aws/lib/autoscaling-group';

/**
 * An Auto Scaling group's `tag` blocks, one per key, each propagated at launch. The provider's
 * `default_tags` never reach an `aws_autoscaling_group` (terraform-provider-aws#19387): the group
 * carries them itself, and a key given twice would be refused, so the record keeps the last value.
 */
export function groupTags(tags: Readonly<Record<string, string>>): AutoscalingGroupTag[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value, propagateAtLaunch: true }));
}
