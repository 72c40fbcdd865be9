/**
 * Mends the HCL that cdktf 0.21 writes (`cdktf synth --hcl`, `SYNTH_HCL_OUTPUT=true`) so that Terraform
 * parses it and it carries what the JSON synth of the same stack carries. The renderer's known defects
 * (cdktf/lib/hcl/render.js), each mended here with the JSON as the reference:
 *
 * 1. A string holding `${...}` is written without escaping its quotes (`escapeQuotes` skips it), so a JSON
 *    policy with a reference comes out as `policy = "{"Version":...}"`: the quotes and backslashes
 *    outside the interpolations are escaped.
 * 2. A stack-level override (`addOverride('terraform.required_version', ...)`) is written as
 *    `0 = "required_version"` in the terraform block, its value lost: the line becomes
 *    `required_version = <the JSON's value>`.
 * 3. An empty list (`ingress = []` on aws_default_security_group) is written as nothing, which leaves the
 *    rules unmanaged where `[]` removes them: the attribute is written back.
 * 4. `lifecycle` preconditions and postconditions are written as a list of objects
 *    (`precondition = [{ condition = ... }]`), which Terraform refuses ("Unsupported argument"): they
 *    become blocks.
 * 5. References in `depends_on`, `ignore_changes` and `replace_triggered_by` are written quoted, which
 *    Terraform deprecates ("Quoted references are deprecated"): the quotes go.
 * 6. An attribute whose type the provider bindings skip (cdktf writes a "# Warning: The following
 *    attribute is of an unexpected type" comment above it; here the WAF rules' `statement`) is written
 *    as an object (`statement = { managed_rule_group_statement = {...} }`) where the provider has nested
 *    blocks: every object in it becomes a block, and the warning goes.
 */

type Json = { [key: string]: unknown };

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Escapes `\` and `"` outside the template's interpolations (`${...}`, `$${` stays literal). */
export function escapeTemplateLiteral(raw: string): string {
  let out = '';
  let index = 0;
  while (index < raw.length) {
    if (raw.startsWith('$${', index)) {
      out += '$${';
      index += 3;
    } else if (raw.startsWith('${', index)) {
      let end = index + 2;
      let depth = 1;
      while (end < raw.length && depth > 0) {
        const char = raw[end];
        if (char === '"') {
          end += 1;
          while (end < raw.length && raw[end] !== '"') {
            end += raw[end] === '\\' ? 2 : 1;
          }
        } else if (char === '{') {
          depth += 1;
        } else if (char === '}') {
          depth -= 1;
        }
        end += 1;
      }
      out += raw.slice(index, end);
      index = end;
    } else {
      const char = raw[index];
      out += char === '"' || char === '\\' ? `\\${char}` : char;
      index += 1;
    }
  }
  return out;
}

const ATTRIBUTE_LINE = /^(\s*)([A-Za-z0-9_-]+) = "(.*)"$/;
const LOST_OVERRIDE_LINE = /^\s*\d+ = "([A-Za-z_]+)"$/;

// cdktf writes every top-level block from column 0 (nested lines are not indented either), so the
// block headers are the only reliable cut points.
const BLOCK_HEADER = /^(?:(?:resource|data) "[^"]+" "[^"]+"|(?:provider|output|variable|module) "[^"]+"|terraform|locals|moved|import) \{$/;
const RESOURCE_HEADER = /^(resource|data) "([^"]+)" "([^"]+)" \{$/;

/** The file cut into its top-level blocks (lines before the first header, if any, form their own). */
export function splitBlocks(hcl: string): string[][] {
  const blocks: string[][] = [];
  for (const line of hcl.split('\n')) {
    if (BLOCK_HEADER.test(line) || blocks.length === 0) {
      blocks.push([]);
    }
    blocks[blocks.length - 1].push(line);
  }
  return blocks;
}

/** What was mended, for the caller to report. */
export interface HclRepairs {
  /** `<block header> <attribute>` of strings whose quotes were escaped. */
  readonly escaped: readonly string[];
  /** `terraform.<key>` overrides whose value was written back from the JSON. */
  readonly restoredOverrides: readonly string[];
  /** `<type>.<name>.<attribute>` empty lists written back. */
  readonly restoredEmptyLists: readonly string[];
  /** `<block header> <precondition|postcondition>` lists turned into blocks. */
  readonly conditionBlocks: readonly string[];
  /** `<block header> <attribute>` objects of skipped types written as nested blocks. */
  readonly nestedBlocks: readonly string[];
  /** `<block header> <depends_on|...>` lists whose references were unquoted. */
  readonly unquotedReferences: readonly string[];
  /** `terraform.<key>` overrides whose value could not be written back (not a string, number or boolean): left out, and said so. */
  readonly lostOverrides: readonly string[];
}

const CONDITION_LIST = /^(\s*)(precondition|postcondition) = \[$/;
const REFERENCE_LIST = /^(\s*)(depends_on|ignore_changes|replace_triggered_by) = \[(.*)$/;

const SKIPPED_TYPE_WARNING = '# Warning: The following attribute is of an unexpected type.';
const SKIPPED_TYPE_WARNING_END = '# We understand this is not ideal';
const OBJECT_ATTRIBUTE = /^(\s*)([A-Za-z0-9_-]+) = \{$/;
const LIST_ATTRIBUTE = /^(\s*)([A-Za-z0-9_-]+) = \[$/;

interface ListRepairs {
  readonly conditionBlocks: string[];
  readonly nestedBlocks: string[];
  readonly unquotedReferences: string[];
}

/** The lines of one block with condition lists and skipped-type objects as blocks and references unquoted. */
function mendLists(lines: readonly string[], header: string, repairs: ListRepairs): string[] {
  const out: string[] = [];
  let condition: { readonly name: string; depth: number } | undefined;
  let references = false;
  // Within cdktf's warning comment; then the object under it, and its depth once opened.
  let warning = false;
  let flagged = false;
  let objectDepth = 0;
  // Lists of objects inside such an object, each written as repeated blocks: the list's name and the depth it opened at.
  const blockLists: { readonly name: string; readonly indent: string; readonly depth: number }[] = [];
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed.startsWith(SKIPPED_TYPE_WARNING)) {
      warning = true;
      continue;
    }
    if (warning) {
      warning = trimmed.startsWith('#') && !trimmed.startsWith(SKIPPED_TYPE_WARNING_END);
      flagged = true;
      continue;
    }
    if (flagged && objectDepth === 0) {
      const object = OBJECT_ATTRIBUTE.exec(line);
      if (trimmed === '') {
        continue;
      }
      flagged = false;
      if (object !== null) {
        repairs.nestedBlocks.push(`${header} ${object[2]}`);
        out.push(`${object[1]}${object[2]} {`);
        objectDepth = 1;
        continue;
      }
    }
    if (objectDepth > 0) {
      const object = OBJECT_ATTRIBUTE.exec(line);
      const list = LIST_ATTRIBUTE.exec(line);
      const inList = blockLists[blockLists.length - 1];
      if (object !== null) {
        out.push(`${object[1]}${object[2]} {`);
        objectDepth += 1;
        continue;
      }
      if (list !== null) {
        // A list of objects (`rule_action_override = [ {...}, {...} ]`): one nested block per element.
        blockLists.push({ name: list[2], indent: list[1], depth: objectDepth });
        continue;
      }
      if (inList !== undefined && inList.depth === objectDepth && trimmed === '{') {
        out.push(`${inList.indent}${inList.name} {`);
        objectDepth += 1;
        continue;
      }
      if (inList !== undefined && inList.depth === objectDepth && (trimmed === ']' || trimmed === '],')) {
        blockLists.pop();
        continue;
      }
      if (trimmed === '}' || trimmed === '},') {
        objectDepth -= 1;
        out.push(line.replace('},', '}'));
        continue;
      }
      out.push(line);
      continue;
    }
    if (condition !== undefined) {
      if (condition.depth === 0 && trimmed === ']') {
        condition = undefined;
      } else if (condition.depth === 0 && trimmed === '{') {
        out.push(`${condition.name} {`);
        condition.depth = 1;
      } else if (condition.depth === 1 && (trimmed === '},' || trimmed === '}')) {
        out.push('}');
        condition.depth = 0;
      } else {
        out.push(line);
      }
      continue;
    }
    const conditions = CONDITION_LIST.exec(line);
    if (conditions !== null) {
      condition = { name: conditions[2], depth: 0 };
      repairs.conditionBlocks.push(`${header} ${conditions[2]}`);
      continue;
    }
    const list = REFERENCE_LIST.exec(line);
    if (list !== null) {
      repairs.unquotedReferences.push(`${header} ${list[2]}`);
      // `depends_on = ["a.b"]` on one line, or the list's first line.
      references = !list[3].includes(']');
      out.push(`${list[1]}${list[2]} = [${list[3].replace(/"([A-Za-z0-9_.[\]-]+)"/g, '$1')}`);
      continue;
    }
    if (references) {
      references = trimmed !== ']';
      out.push(line.replace(/^(\s*)"([A-Za-z0-9_.[\]-]+)"(,?)$/, '$1$2$3'));
      continue;
    }
    out.push(line);
  }
  return out;
}

/** An HCL literal for a JSON scalar (a string keeps its `${...}` as a template, as in the JSON syntax). */
function literal(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? JSON.stringify(value) : undefined;
}

/** `stack`'s HCL (as cdktf rendered it) mended with its JSON synth (`cdk.tf.json`, parsed) as the reference. */
export function repairHcl(hcl: string, stack: unknown): { readonly hcl: string; readonly repairs: HclRepairs } {
  const json = isJson(stack) ? stack : {};
  const terraform = isJson(json.terraform) ? json.terraform : {};
  const resources = isJson(json.resource) ? json.resource : {};
  const escaped: string[] = [];
  const restoredOverrides: string[] = [];
  const restoredEmptyLists: string[] = [];
  const lostOverrides: string[] = [];
  const lists: ListRepairs = { conditionBlocks: [], nestedBlocks: [], unquotedReferences: [] };
  const blocks = splitBlocks(hcl).map((block) => {
    const header = block[0].replace(/ \{$/, '');
    const lines = mendLists(block, header, lists).flatMap((line): string[] => {
      const lost = block[0] === 'terraform {' ? LOST_OVERRIDE_LINE.exec(line) : null;
      if (lost !== null) {
        const value = literal(terraform[lost[1]]);
        (value === undefined ? lostOverrides : restoredOverrides).push(`terraform.${lost[1]}`);
        return value === undefined ? [] : [`${lost[1]} = ${value}`];
      }
      const attribute = ATTRIBUTE_LINE.exec(line);
      if (attribute === null || !attribute[3].includes('${')) {
        return [line];
      }
      const mended = escapeTemplateLiteral(attribute[3]);
      if (mended !== attribute[3]) {
        escaped.push(`${header} ${attribute[2]}`);
      }
      return [`${attribute[1]}${attribute[2]} = "${mended}"`];
    });
    const resource = RESOURCE_HEADER.exec(block[0]);
    if (resource !== null && resource[1] === 'resource') {
      const typed = resources[resource[2]];
      const body = isJson(typed) ? typed[resource[3]] : undefined;
      const present = new Set(lines.map((line) => /^\s*([A-Za-z0-9_-]+)\s*(?:=|\{)/.exec(line)?.[1]));
      const isEmptyList = (value: unknown): boolean => Array.isArray(value) && value.length === 0;
      const emptyLists = isJson(body) ? Object.keys(body).filter((key) => isEmptyList(body[key]) && !present.has(key)) : [];
      restoredEmptyLists.push(...emptyLists.map((key) => `${resource[2]}.${resource[3]}.${key}`));
      return [lines[0], ...emptyLists.map((key) => `${key} = []`), ...lines.slice(1)];
    }
    return lines;
  });
  return { hcl: blocks.map((lines) => lines.join('\n')).join('\n'), repairs: { escaped, restoredOverrides, restoredEmptyLists, ...lists, lostOverrides } };
}
