import { z } from 'zod';
import { nearest } from './suggest';

/** The schema one level down: into an object's field, an array's elements or a record's values. */
function child(schema: z.core.$ZodType, key: PropertyKey): z.core.$ZodType | undefined {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject && typeof key === 'string') {
    return inner.shape[key];
  }
  if (inner instanceof z.ZodArray) {
    return inner.element;
  }
  if (inner instanceof z.ZodRecord) {
    return inner.valueType;
  }
  return undefined;
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) {
    return unwrap(schema.unwrap());
  }
  if (schema instanceof z.ZodPipe) {
    return unwrap(schema.out);
  }
  return schema;
}

/** The field names the schema allows at `path`, optional ones included. */
export function fieldsAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.core.$ZodType | undefined = schema;
  for (const key of path) {
    current = current === undefined ? undefined : child(current, key);
  }
  const target = current === undefined ? undefined : unwrap(current);
  return target instanceof z.ZodObject ? Object.keys(target.shape) : [];
}

export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (typeof key === 'symbol' || current === null || typeof current !== 'object') {
      return undefined;
    }
    current = Reflect.get(current, key);
  }
  return current;
}

/** Where a removed field came from: the dotted path, and the file or variable whose null removed it. */
export type Removals = ReadonlyMap<string, string>;

/** One line per issue: the dotted field, the message, and the value given; `hint` may add how to fix it. */
export function describeIssues(schema: z.core.$ZodType, issues: readonly z.core.$ZodIssue[], input: unknown, removed: Removals, hint: (issue: z.core.$ZodIssue) => string | undefined = () => undefined): string[] {
  return issues.flatMap((issue) => {
    const extra = hint(issue);
    return describeIssue(schema, issue, input, removed).map((line) => (extra === undefined ? line : `${line}; ${extra}`));
  });
}

function describeIssue(schema: z.core.$ZodType, issue: z.core.$ZodIssue, input: unknown, removed: Removals): string[] {
  if (issue.code === 'unrecognized_keys') {
    const allowed = fieldsAt(schema, issue.path);
    return issue.keys.map((key) => {
      const suggestion = nearest(key, allowed);
      const hint = suggestion === undefined ? '' : ` did you mean ${JSON.stringify(suggestion)}?`;
      return `${[...issue.path.map(String), key].join('.')}: unknown field;${hint} allowed here: ${allowed.join(', ')}`;
    });
  }
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
  if (issue.code === 'invalid_key') {
    // A record key the key schema refused: its own messages name the key.
    return issue.issues.map((inner) => `${field}: ${inner.message}`);
  }
  const given = valueAt(input, issue.path);
  const removedBy = given === undefined ? removed.get(field) : undefined;
  if (removedBy !== undefined && issue.code === 'invalid_type') {
    return [`${field}: is required; the null in ${removedBy} removed it (null removes only optional fields)`];
  }
  const shown = given !== undefined ? JSON.stringify(given) : removedBy !== undefined ? `removed by the null in ${removedBy}` : 'missing';
  // Custom messages already quote the value; built-in ones ("expected number") do not.
  const message = issue.message.includes(shown) ? issue.message : `${issue.message} (given: ${shown})`;
  return [`${field}: ${message}`];
}
