/**
 * What a plan JSON leaves out: the expressions of `locals`. Terraform writes `local.x` into the
 * references of whatever uses a local, never what the local holds, so this reads the `locals` blocks
 * of the configuration's own files (native syntax `.tf`, JSON syntax `.tf.json`) and keeps, for each
 * local, the references of its expression written the way `terraform show -json` writes them
 * (`aws_subnet.public[0].id`, `module.net.ids`, `var.x`, `local.y`). Nothing is evaluated: a
 * reference says what a value may come from, which is all the review needs.
 */

import { isArray, isObject } from './json';

/** The references of one local, and of each element when its expression is a tuple `[a, b]`. */
export interface LocalDefinition {
  readonly references: readonly string[];
  readonly elements?: readonly (readonly string[])[];
}

type TokenKind = 'ident' | 'number' | 'string' | 'punct' | 'newline';

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
}

const PUNCT = ['...', '=>', '==', '!=', '<=', '>=', '&&', '||', '{', '}', '[', ']', '(', ')', '.', ',', '=', ':', '?', '!', '+', '-', '*', '/', '%', '<', '>'];

/** Roots a Terraform reference can start with besides a resource type. */
const ROOTS = new Set(['var', 'local', 'module', 'data', 'count', 'each', 'self', 'path', 'terraform']);

/** `aws_subnet`, `random_id`: every resource type is `<provider>_<name>`. */
const RESOURCE_TYPE = /^[a-z][a-z0-9]*_[a-z0-9_]+$/;

/**
 * Tokens of HCL native syntax. Comments go; string and heredoc literals become one `string` token,
 * and each `${...}` / `%{...}` inside them comes out as its own tokens between `(` and `)`, so the
 * references inside templates are found and brackets stay balanced.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  const at = (offset = 0): string => text[index + offset] ?? '';

  /** Reads a template body up to `end` (a closing quote, or the heredoc's marker line). */
  const template = (closes: (position: number) => number | undefined): void => {
    const slot = tokens.length;
    const start = index;
    tokens.push({ kind: 'string', text: '' });
    while (index < text.length) {
      const closed = closes(index);
      if (closed !== undefined) {
        // A literal without interpolations keeps its text: `aws_subnet.public["a"]` is a reference with that key.
        if (tokens.length === slot + 1) {
          tokens[slot] = { kind: 'string', text: text.slice(start, index) };
        }
        index = closed;
        return;
      }
      if ((at() === '$' || at() === '%') && at(1) === '{' && at(-1) !== at()) {
        index += 2;
        tokens.push({ kind: 'punct', text: '(' });
        expression('}');
        tokens.push({ kind: 'punct', text: ')' });
        continue;
      }
      if ((at() === '$' || at() === '%') && at(1) === at() && at(2) === '{') {
        // `$${` and `%%{` are escapes for a literal `${` and `%{`.
        index += 3;
        continue;
      }
      index += at() === '\\' ? 2 : 1;
    }
  };

  /** Tokens up to the unbalanced `stop` character (or the end): an interpolation's inside, or the whole file. */
  const expression = (stop: string | undefined): void => {
    let depth = 0;
    while (index < text.length) {
      const char = at();
      if (stop !== undefined && char === stop && depth === 0) {
        index += 1;
        return;
      }
      if (char === '\n') {
        tokens.push({ kind: 'newline', text: '\n' });
        index += 1;
      } else if (/\s/.test(char)) {
        index += 1;
      } else if (char === '#' || (char === '/' && at(1) === '/')) {
        while (index < text.length && at() !== '\n') {
          index += 1;
        }
      } else if (char === '/' && at(1) === '*') {
        const end = text.indexOf('*/', index + 2);
        index = end === -1 ? text.length : end + 2;
      } else if (char === '"') {
        index += 1;
        template((position) => (text[position] === '"' ? position + 1 : text[position] === '\n' && stop === undefined ? position : undefined));
      } else if (char === '<' && at(1) === '<' && /[-A-Za-z_]/.test(at(2))) {
        const header = /^<<(-?)([A-Za-z_][\w-]*)[^\n]*\n/.exec(text.slice(index));
        if (header === null) {
          tokens.push({ kind: 'punct', text: '<' });
          index += 1;
          continue;
        }
        index += header[0].length;
        const marker = new RegExp(`^[ \\t]*${header[2]}[ \\t]*(?:\\n|$)`);
        template((position) =>
          (position === 0 || text[position - 1] === '\n') && marker.test(text.slice(position, position + header[2].length + 64)) ? position + (marker.exec(text.slice(position))?.[0].length ?? 0) : undefined,
        );
        tokens.push({ kind: 'newline', text: '\n' });
      } else if (/[A-Za-z_]/.test(char)) {
        const ident = /^[A-Za-z_][\w-]*/.exec(text.slice(index, index + 256))?.[0] ?? char;
        tokens.push({ kind: 'ident', text: ident });
        index += ident.length;
      } else if (/\d/.test(char)) {
        const number = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(index, index + 64))?.[0] ?? char;
        tokens.push({ kind: 'number', text: number });
        index += number.length;
      } else {
        const punct = PUNCT.find((candidate) => text.startsWith(candidate, index)) ?? char;
        if (punct === '{' || punct === '(' || punct === '[') {
          depth += 1;
        } else if (punct === '}' || punct === ')' || punct === ']') {
          depth -= 1;
        }
        tokens.push({ kind: 'punct', text: punct });
        index += punct.length;
      }
    }
  };

  expression(undefined);
  return tokens;
}

const OPENING: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

/** Index of the token closing the bracket opened at `open`, or the last token. */
function closing(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let index = open; index < tokens.length; index += 1) {
    const { kind, text } = tokens[index];
    if (kind === 'punct' && OPENING[text] !== undefined) {
      depth += 1;
    } else if (kind === 'punct' && Object.values(OPENING).includes(text)) {
      depth -= 1;
      if (depth === 0) {
        return index;
      }
    }
  }
  return tokens.length - 1;
}

/** Names a `for` expression binds (`for k, v in ...`): not references. */
function iterationNames(tokens: readonly Token[]): ReadonlySet<string> {
  const names = new Set<string>();
  tokens.forEach((token, index) => {
    if (token.kind === 'ident' && token.text === 'for' && index > 0 && (tokens[index - 1].text === '[' || tokens[index - 1].text === '{')) {
      for (let next = index + 1; next < tokens.length && tokens[next].text !== 'in'; next += 1) {
        if (tokens[next].kind === 'ident') {
          names.add(tokens[next].text);
        }
      }
    }
  });
  return names;
}

/** References in an expression's tokens, as `terraform show -json` writes them. */
export function referencesIn(tokens: readonly Token[]): string[] {
  const bound = iterationNames(tokens);
  const found: string[] = [];
  const add = (reference: string): void => {
    if (!found.includes(reference)) {
      found.push(reference);
    }
  };
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index];
    const previous = tokens[index - 1];
    if (token.kind !== 'ident' || previous?.text === '.' || tokens[index + 1]?.text === '(' || bound.has(token.text) || !(ROOTS.has(token.text) || RESOURCE_TYPE.test(token.text))) {
      continue;
    }
    let reference = token.text;
    let parts = 0;
    let next = index + 1;
    while (next < tokens.length) {
      const step = tokens[next];
      const after = tokens[next + 1];
      if (step.text === '.' && after !== undefined && (after.kind === 'ident' || after.kind === 'number')) {
        reference += `.${after.text}`;
        parts += 1;
        next += 2;
      } else if (step.text === '.' && after?.text === '*') {
        next += 2;
        break;
      } else if (step.text === '[') {
        const end = closing(tokens, next);
        const inner = tokens.slice(next + 1, end);
        if (inner.length === 1 && (inner[0].kind === 'number' || (inner[0].kind === 'string' && !inner[0].text.includes('\\')))) {
          // A literal index stays part of the reference, as Terraform writes it: `[0]`, `["a"]`.
          reference += inner[0].kind === 'number' ? `[${inner[0].text}]` : `[${JSON.stringify(inner[0].text)}]`;
          next = end + 1;
          continue;
        }
        // A computed index (`[count.index]`, `[*]`): the reference stops here; its own references are found on their own.
        break;
      } else {
        break;
      }
    }
    // `var.x`, `local.x`, `aws_vpc.main`: a reference names at least a root and one attribute.
    if (parts >= 1 && !(token.text === 'data' && parts < 2)) {
      add(reference);
    }
    index = next - 1;
  }
  return found;
}

/** Top-level elements of a tuple constructor `[a, b]`, or undefined when the tokens are anything else. */
function tupleElements(tokens: readonly Token[]): readonly (readonly Token[])[] | undefined {
  const meaningful = tokens.filter((token) => token.kind !== 'newline');
  if (meaningful.length < 2 || meaningful[0].text !== '[' || closing(meaningful, 0) !== meaningful.length - 1 || meaningful[1]?.text === 'for') {
    return undefined;
  }
  const elements: Token[][] = [[]];
  let depth = 0;
  for (const token of meaningful.slice(1, -1)) {
    if (token.kind === 'punct' && OPENING[token.text] !== undefined) {
      depth += 1;
    } else if (token.kind === 'punct' && Object.values(OPENING).includes(token.text)) {
      depth -= 1;
    }
    if (depth === 0 && token.text === ',') {
      elements.push([]);
    } else {
      elements[elements.length - 1].push(token);
    }
  }
  return elements.filter((element) => element.length > 0);
}

function definitionOf(tokens: readonly Token[]): LocalDefinition {
  const elements = tupleElements(tokens);
  return { references: referencesIn(tokens), ...(elements === undefined ? {} : { elements: elements.map(referencesIn) }) };
}

/** The locals of one `.tf` file in native syntax. */
export function localsOfHcl(text: string): Map<string, LocalDefinition> {
  const tokens = tokenize(text);
  const locals = new Map<string, LocalDefinition>();
  let depth = 0;
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index];
    if (token.kind === 'punct' && (token.text === '{' || token.text === '(' || token.text === '[')) {
      depth += 1;
    } else if (token.kind === 'punct' && (token.text === '}' || token.text === ')' || token.text === ']')) {
      depth -= 1;
    }
    if (depth !== 0 || token.kind !== 'ident' || token.text !== 'locals' || tokens[index + 1]?.text !== '{') {
      continue;
    }
    const end = closing(tokens, index + 1);
    let position = index + 2;
    while (position < end) {
      if (tokens[position].kind === 'ident' && tokens[position + 1]?.text === '=') {
        let stop = position + 2;
        let nested = 0;
        while (stop < end && !(nested === 0 && tokens[stop].kind === 'newline')) {
          const text = tokens[stop].text;
          if (tokens[stop].kind === 'punct' && OPENING[text] !== undefined) {
            nested += 1;
          } else if (tokens[stop].kind === 'punct' && Object.values(OPENING).includes(text)) {
            nested -= 1;
          }
          stop += 1;
        }
        locals.set(tokens[position].text, definitionOf(tokens.slice(position + 2, stop)));
        position = stop;
      } else {
        position += 1;
      }
    }
    index = end;
  }
  return locals;
}

/** Addresses (`aws_vpc.main`) of the managed resources a `.tf` file declares: what ties files to a plan. */
export function resourcesOfHcl(text: string): Set<string> {
  const tokens = tokenize(text);
  const found = new Set<string>();
  let depth = 0;
  tokens.forEach((token, index) => {
    if (token.kind === 'punct' && OPENING[token.text] !== undefined) {
      depth += 1;
    } else if (token.kind === 'punct' && Object.values(OPENING).includes(token.text)) {
      depth -= 1;
    } else if (depth === 0 && token.kind === 'ident' && token.text === 'resource' && tokens[index + 1]?.kind === 'string' && tokens[index + 2]?.kind === 'string') {
      found.add(`${tokens[index + 1].text}.${tokens[index + 2].text}`);
    }
  });
  return found;
}

/** Addresses of the managed resources a `.tf.json` file declares. */
export function resourcesOfJson(json: unknown): Set<string> {
  const resources = isObject(json) && isObject(json.resource) ? json.resource : {};
  return new Set(Object.entries(resources).flatMap(([type, byName]) => (isObject(byName) ? Object.keys(byName).map((name) => `${type}.${name}`) : [])));
}

/** References in the `${...}` templates of a JSON-syntax value. */
function jsonReferences(value: unknown): string[] {
  if (typeof value === 'string') {
    return value.includes('${') || value.includes('%{') ? referencesIn(tokenize(`"${value.replace(/"/g, "'")}"`)) : [];
  }
  if (isArray(value)) {
    return [...new Set(value.flatMap(jsonReferences))];
  }
  return isObject(value) ? [...new Set(Object.values(value).flatMap(jsonReferences))] : [];
}

/** The locals of one `.tf.json` file (cdktf's `cdk.tf.json` among them): `"locals": { "x": ... }`, or a list of such objects. */
export function localsOfJson(json: unknown): Map<string, LocalDefinition> {
  const locals = new Map<string, LocalDefinition>();
  const blocks = isObject(json) ? json.locals : undefined;
  for (const block of isArray(blocks) ? blocks : [blocks]) {
    if (isObject(block)) {
      for (const [name, value] of Object.entries(block)) {
        locals.set(name, { references: jsonReferences(value), ...(isArray(value) ? { elements: value.map(jsonReferences) } : {}) });
      }
    }
  }
  return locals;
}
