import { printParseErrorCode, stripComments, visit } from 'jsonc-parser';

/** What each syntax error means, in the words of someone editing a config file. */
const MEANINGS: Readonly<Record<string, string>> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'not a number',
  PropertyNameExpected: 'expected a field name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":" after the field name',
  CommaExpected: 'expected a comma between two entries',
  CloseBraceExpected: 'expected "}" to close the object',
  CloseBracketExpected: 'expected "]" to close the list',
  EndOfFileExpected: 'expected the end of the file after the object',
  UnexpectedEndOfComment: 'a /* comment is never closed',
  UnexpectedEndOfString: 'a string is never closed (strings end on the same line with ")',
  UnexpectedEndOfNumber: 'a number ends early',
  InvalidUnicode: 'a \\u escape needs four hex digits',
  InvalidEscapeCharacter: 'unknown escape after \\ (use \\\\ for a backslash)',
  InvalidCharacter: 'a control character (a tab or line break) inside a string',
};

interface SyntaxProblem {
  readonly code: string;
  readonly offset: number;
  readonly length: number;
  readonly line: number;
  readonly column: number;
}

/** The last character before `offset` that is not white space or part of a comment. */
function previousSignificant(text: string, offset: number): string {
  const before = stripComments(text.slice(0, offset), ' ').trimEnd();
  return before[before.length - 1] ?? '';
}

function describe(text: string, problem: SyntaxProblem): string {
  const found = problem.offset >= text.length ? 'the end of the file' : JSON.stringify(text.slice(problem.offset, problem.offset + Math.max(1, Math.min(problem.length, 20))));
  if ((problem.code === 'PropertyNameExpected' || problem.code === 'ValueExpected') && previousSignificant(text, problem.offset) === ',' && /^[}\]]/.test(text.slice(problem.offset))) {
    return `a comma before ${text[problem.offset]}: JSON allows no comma after the last entry`;
  }
  if (problem.code === 'InvalidSymbol' && text[problem.offset] === "'") {
    return 'single quotes: JSON field names and strings take double quotes';
  }
  const word = problem.code === 'InvalidSymbol' ? /^[A-Za-z_$][\w$-]*/.exec(text.slice(problem.offset))?.[0] : undefined;
  if (word !== undefined) {
    return `the word ${word} is not quoted: JSON field names and strings take double quotes`;
  }
  return `${MEANINGS[problem.code] ?? problem.code}, found ${found}`;
}

/**
 * Parses a config file's text: JSON with `//` and `/* *\/` comments allowed (as in the README's
 * examples and tsconfig.json), a UTF-8 byte-order mark ignored. Trailing commas and other syntax
 * errors are refused. Returns the value, or `line:column: message` (1-based) for the first error.
 */
export function parseConfigJson(raw: string): { readonly value: unknown } | { readonly error: string } {
  const text = raw.replace(/^\uFEFF/, '');
  const problems: SyntaxProblem[] = [];
  visit(
    text,
    {
      onError: (error, offset, length, line, column) => {
        problems.push({ code: printParseErrorCode(error), offset, length, line: line + 1, column: column + 1 });
      },
    },
    { disallowComments: false, allowTrailingComma: false, allowEmptyContent: false },
  );
  const first = problems[0];
  if (first !== undefined) {
    return { error: `${first.line}:${first.column}: not valid JSON: ${describe(text, first)}` };
  }
  // JSON.parse, not jsonc-parser's own objects: a "__proto__" key must stay a plain field.
  return { value: JSON.parse(stripComments(text, ' ')) };
}
