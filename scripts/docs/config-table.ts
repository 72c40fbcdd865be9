// The configuration tables of README.md and README.ko.md, generated from one source: the fields and
// their types from the zod schema (src/config/schema.ts), the defaults from the presets
// (src/config/presets.ts), and what each field means, in English and Korean, from
// src/config/field-docs.ts. `npm run docs` rewrites the tables between their markers; a test fails
// when a README's table differs from what this generates, or when a field has no description.
import { z } from 'zod';
import { FIELD_DOCS, type FieldDoc } from '../../src/config/field-docs';
import { PRESETS } from '../../src/config/presets';
import { configFields } from '../../src/config/schema';

export type Language = 'en' | 'ko';

/** What the tables are generated from. */
export interface TableSource {
  readonly schema: z.ZodObject;
  readonly presets: Readonly<Record<'dev' | 'prod', object>>;
  readonly docs: Readonly<Record<string, FieldDoc>>;
}

/** The project's own: the schema, the presets and the descriptions. */
export const PROJECT_SOURCE: TableSource = { schema: configFields, presets: PRESETS, docs: FIELD_DOCS };

/** One row: a field, or fields of sibling objects with the same schema (`{frontend,backend}.minSize`). */
export interface DocumentedField {
  /** The row's name, and its key in FIELD_DOCS. */
  readonly key: string;
  /** The config paths the row stands for. */
  readonly paths: readonly (readonly string[])[];
  readonly schema: z.core.$ZodType;
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  return schema instanceof z.ZodOptional ? unwrap(schema.unwrap()) : schema;
}

/** Every leaf field of an object schema, in schema order; sibling objects sharing one schema are one group. */
function fieldsOf(schema: z.ZodObject, path: readonly string[][], key: readonly string[]): DocumentedField[] {
  const entries = Object.entries(schema.shape).map(([name, child]) => [name, unwrap(child)] as const);
  const fields: DocumentedField[] = [];
  const done = new Set<string>();
  for (const [name, child] of entries) {
    if (done.has(name)) {
      continue;
    }
    if (!(child instanceof z.ZodObject)) {
      fields.push({ key: [...key, name].join('.'), paths: path.map((prefix) => [...prefix, name]), schema: child });
      continue;
    }
    const siblings = entries.filter(([, other]) => other === child).map(([sibling]) => sibling);
    siblings.forEach((sibling) => done.add(sibling));
    const segment = siblings.length > 1 ? `{${siblings.join(',')}}` : name;
    fields.push(
      ...fieldsOf(
        child,
        path.flatMap((prefix) => siblings.map((sibling) => [...prefix, sibling])),
        [...key, segment],
      ),
    );
  }
  return fields;
}

/** The fields the tables document, in schema order. */
export function documentedFields(schema: z.ZodObject = configFields): DocumentedField[] {
  return fieldsOf(schema, [[]], []);
}

const WORDS: Readonly<Record<string, Readonly<Record<Language, string>>>> = {
  integer: { en: 'integer', ko: '정수' },
  number: { en: 'number', ko: '숫자' },
  string: { en: 'string', ko: '문자열' },
  map: { en: 'string map', ko: '문자열 맵' },
  list: { en: 'list', ko: '목록' },
};

/** A type in words, from the schema: for fields whose FieldDoc gives none. */
export function describeType(schema: z.core.$ZodType, language: Language): string {
  const field = unwrap(schema);
  if (field instanceof z.ZodBoolean) {
    return 'boolean';
  }
  if (field instanceof z.ZodEnum) {
    return field.options.map((option) => `\`${String(option)}\``).join(', ');
  }
  if (field instanceof z.ZodLiteral) {
    return [...field.values].map((value) => `\`${String(value)}\``).join(', ');
  }
  if (field instanceof z.ZodUnion && field.options.every((option) => option instanceof z.ZodLiteral)) {
    return field.options.flatMap((option) => (option instanceof z.ZodLiteral ? [...option.values].map(String) : [])).join(', ');
  }
  if (field instanceof z.ZodNumber) {
    const word = WORDS[field.isInt ? 'integer' : 'number'][language];
    const { minValue: min, maxValue: max } = field;
    const finite = (value: number | null): value is number => value !== null && Number.isFinite(value) && Math.abs(value) < Number.MAX_SAFE_INTEGER;
    return finite(min) && finite(max) ? `${word} ${min}-${max}` : finite(min) ? `${word} >= ${min}` : word;
  }
  if (field instanceof z.ZodArray) {
    return `${describeType(field.element, language)}[]`;
  }
  if (field instanceof z.ZodRecord) {
    return WORDS.map[language];
  }
  return WORDS.string[language];
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, segment) => (typeof node === 'object' && node !== null && !Array.isArray(node) ? Reflect.get(node, segment) : undefined), value);
}

const code = (text: string): string => `\`${text}\``;

function formatValue(value: unknown, doc: FieldDoc, language: Language): string {
  if (value === undefined) {
    const unset = language === 'en' ? 'unset' : '없음';
    return doc.unset === undefined ? unset : `${unset}: ${doc.unset[language]}`;
  }
  if (Array.isArray(value)) {
    return value.length === 0 ? code('[]') : value.every((item) => typeof item === 'string') ? value.map((item) => code(String(item))).join(', ') : code(JSON.stringify(value));
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    return entries.length === 0 ? code('{}') : entries.map(([name, item]) => code(`${name}=${String(item)}`)).join(', ');
  }
  return code(String(value));
}

/** A preset's default for a row: one value, or one per group member when they differ. */
function defaultOf(field: DocumentedField, doc: FieldDoc, preset: 'dev' | 'prod', source: TableSource, language: Language): string {
  if (doc.defaults !== undefined) {
    return doc.defaults[preset];
  }
  const values = field.paths.map((path) => valueAt(source.presets[preset], path));
  const formatted = values.map((value) => formatValue(value, doc, language));
  if (formatted.every((text) => text === formatted[0])) {
    return formatted[0];
  }
  // The member's name is the segment where the group's paths differ: frontend / backend, public / app / db.
  const at = field.paths[0].findIndex((segment, index) => field.paths.some((path) => path[index] !== segment));
  return field.paths.map((path, index) => `${path[at]} ${formatted[index]}`).join(', ');
}

const HEADERS: Readonly<Record<Language, readonly string[]>> = {
  en: ['field', 'type', 'dev', 'prod', 'meaning'],
  ko: ['필드', '형식', 'dev', 'prod', '설명'],
};

const SAME: Readonly<Record<Language, string>> = { en: 'same', ko: '같음' };

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Fields without a description, and descriptions of fields the schema does not have. */
export function documentationGaps(source: TableSource = PROJECT_SOURCE): { readonly undocumented: readonly string[]; readonly unknown: readonly string[] } {
  const keys = documentedFields(source.schema).map((field) => field.key);
  return { undocumented: keys.filter((key) => !(key in source.docs)), unknown: Object.keys(source.docs).filter((key) => !keys.includes(key)) };
}

/** The configuration table in one language, as Markdown. */
export function configTable(language: Language, source: TableSource = PROJECT_SOURCE): string {
  const gaps = documentationGaps(source);
  if (gaps.undocumented.length > 0 || gaps.unknown.length > 0) {
    throw new Error(
      [
        ...gaps.undocumented.map((key) => `${key}: no description in src/config/field-docs.ts (add { en, ko } for it)`),
        ...gaps.unknown.map((key) => `${key}: described in src/config/field-docs.ts but not a field of src/config/schema.ts`),
      ].join('\n'),
    );
  }
  const rows = documentedFields(source.schema).map((field) => {
    const doc = source.docs[field.key];
    const type = (language === 'ko' ? doc.typeKo : undefined) ?? doc.type ?? describeType(field.schema, language);
    const dev = defaultOf(field, doc, 'dev', source, language);
    const prod = defaultOf(field, doc, 'prod', source, language);
    return [code(field.key), type, dev, prod === dev ? SAME[language] : prod, doc[language]];
  });
  return [HEADERS[language], HEADERS[language].map(() => '---'), ...rows].map((row) => `| ${row.map(cell).join(' | ')} |`).join('\n');
}

export const TABLE_START = '<!-- config-table: written by `npm run docs` from src/config/schema.ts, presets.ts and field-docs.ts; edit those, not this table -->';
export const TABLE_END = '<!-- /config-table -->';

/** The README with its configuration table replaced by `table`; throws when the markers are missing. */
export function withConfigTable(markdown: string, table: string, file: string): string {
  const start = markdown.indexOf(TABLE_START);
  const end = markdown.indexOf(TABLE_END);
  if (start < 0 || end < start) {
    throw new Error(`${file}: the markers of the configuration table are missing (${TABLE_START} ... ${TABLE_END})`);
  }
  return `${markdown.slice(0, start + TABLE_START.length)}\n${table}\n${markdown.slice(end)}`;
}

/** The README files and the language of each. */
export const READMES: readonly { readonly file: string; readonly language: Language }[] = [
  { file: 'README.md', language: 'en' },
  { file: 'README.ko.md', language: 'ko' },
];
