/**
 * A synthesized stack without cdktf's `"//"` metadata, keys sorted: the JSON `Testing.synth` returns,
 * and what Terraform reads (it ignores the metadata, so stacks differing only there plan the same).
 */
export function withoutMetadata(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(withoutMetadata);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .filter((key) => key !== '//')
        .sort()
        .map((key) => [key, withoutMetadata(Reflect.get(value, key))]),
    );
  }
  return value;
}
