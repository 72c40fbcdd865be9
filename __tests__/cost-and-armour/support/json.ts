/** JSON read in tests, narrowed by guards that fail loudly instead of casts. */
export type Json = { [key: string]: unknown };

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object, or an error naming what was expected. */
export function obj(value: unknown, what = 'value'): Json {
  if (!isRecord(value)) {
    throw new Error(`${what} is not an object: ${JSON.stringify(value)}`);
  }
  return value;
}

/** The objects of a list, or an error naming what was expected. */
export function objects(value: unknown, what = 'value'): Json[] {
  if (!Array.isArray(value)) {
    throw new Error(`${what} is not a list: ${JSON.stringify(value)}`);
  }
  return value.map((item: unknown, index) => obj(item, `${what}[${index}]`));
}

/** A JSON text that must hold an object. */
export function parseObject(text: string, what = 'JSON'): Json {
  const parsed: unknown = JSON.parse(text);
  return obj(parsed, what);
}
