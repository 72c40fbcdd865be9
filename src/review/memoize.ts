/** `compute` remembered per key: for pure functions asked about the same few keys again and again. */
export function memoize<T>(compute: (key: string) => T): (key: string) => T {
  const results = new Map<string, { readonly value: T }>();
  return (key) => {
    let entry = results.get(key);
    if (entry === undefined) {
      entry = { value: compute(key) };
      results.set(key, entry);
    }
    return entry.value;
  };
}
