/** Where synth writes a stack's Checkov baseline, beside its cdk.tf.json. */
export const BASELINE_FILE = '.checkov.baseline';
