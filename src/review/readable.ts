/**
 * Placeholders the model writes for what a plan leaves open (`${(known after apply)}`,
 * `${local.launch_template_name}`, `${var.instance_type}` in a cdk.tf.json) are the analyses' own
 * notation: a report says "(known after apply)" or names the expression, never `${...}`.
 */
export function readable(text: string): string {
  return text.replace(/\$\{\(known after apply\)\}/g, '(known after apply)').replace(/\$\{([^{}]*)\}/g, '$1');
}
