/** Parsed JSON, narrowed with the guards below instead of casts. */
export type JsonObject = { readonly [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isArray(value: unknown): value is readonly unknown[] {
  return Array.isArray(value);
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Booleans, also as the strings "true"/"false" that some provider attributes (launch template EBS) take. */
export function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') {
    return value;
  }
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

/** Numbers, also as numeric strings. */
export function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value;
  }
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return undefined;
}

/**
 * The blocks under `key`. cdktf writes a single nested block as an object, a plan always as a list;
 * both read the same here.
 */
export function blocks(values: JsonObject | undefined, key: string): readonly JsonObject[] {
  const value = values?.[key];
  if (isObject(value)) {
    return [value];
  }
  return isArray(value) ? value.filter(isObject) : [];
}

/** The first block under `key`, if any. */
export function block(values: JsonObject | undefined, key: string): JsonObject | undefined {
  return blocks(values, key)[0];
}

/** A list attribute, or a single value as a one-element list. */
function list(value: unknown): readonly unknown[] {
  if (value === undefined || value === null) {
    return [];
  }
  return isArray(value) ? value : [value];
}

/** The string elements of a list attribute. */
export function strings(value: unknown): readonly string[] {
  return list(value).filter((item): item is string => typeof item === 'string');
}
