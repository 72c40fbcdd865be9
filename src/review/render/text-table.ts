/**
 * Box-drawn tables for the terminal, in linear time: cli-table3's word wrapping took 30 s and more for
 * 5,000 findings. Cells may hold picocolors codes; wrapped lines carry their colours over.
 */

const ANSI = /\u001b\[(\d+)m/g;
/** Close code to the open codes it ends (picocolors' pairs). */
const CLOSES: Readonly<Record<string, (code: number) => boolean>> = {
  '0': () => true,
  '22': (code) => code === 1 || code === 2,
  '23': (code) => code === 3,
  '24': (code) => code === 4,
  '39': (code) => (code >= 30 && code <= 37) || (code >= 90 && code <= 97),
  '49': (code) => (code >= 40 && code <= 47) || (code >= 100 && code <= 107),
};

/** Printed width: without colour codes. Wide characters (emoji, CJK) count as written, which the review's text avoids. */
export function visibleWidth(text: string): number {
  return text.includes('\u001b[') ? text.replace(ANSI, '').length : text.length;
}

/** Codes still open at the end of `text`, given those open before it. */
function openAfter(text: string, open: readonly number[]): number[] {
  if (!text.includes('\u001b[')) {
    return [...open];
  }
  let result = [...open];
  for (const match of text.matchAll(ANSI)) {
    const code = Number(match[1]);
    const closes = CLOSES[match[1]];
    result = closes === undefined ? [...result, code] : result.filter((candidate) => !closes(candidate));
  }
  return result;
}

/** Characters a long name breaks after: the parts of addresses, names and paths. */
const BREAK_AFTER = new Set(['-', '.', '_', '/', ':', ',']);

/**
 * Splits a word wider than the column into pieces at most column-wide (colour codes stay with their
 * characters): after a `-`, `.`, `_`, `/`, `:` or `,` when that keeps at least half the width, else
 * exactly at the width.
 */
function cut(word: string, width: number): string[] {
  if (word.length <= width) {
    return [word];
  }
  const pieces: string[] = [];
  let current = '';
  let visible = 0;
  /** Where in `current` the last break character ends, and how many visible characters precede it. */
  let lastBreak: { readonly at: number; readonly visible: number } | undefined;
  for (const part of word.split(/(\u001b\[\d+m)/)) {
    if (part.startsWith('\u001b[')) {
      current += part;
      continue;
    }
    for (const character of part) {
      if (visible === width) {
        const split = lastBreak !== undefined && lastBreak.visible * 2 >= width ? lastBreak : { at: current.length, visible };
        pieces.push(current.slice(0, split.at));
        current = current.slice(split.at);
        visible -= split.visible;
        lastBreak = undefined;
      }
      current += character;
      visible += 1;
      if (BREAK_AFTER.has(character)) {
        lastBreak = { at: current.length, visible };
      }
    }
  }
  return [...pieces, current];
}

/** Lines of at most `width` visible characters, broken at spaces; each line re-opens the colours it continues. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let open: number[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let lineWidth = 0;
    let lineOpen = open;
    const flush = (): void => {
      const prefix = lineOpen.map((code) => `\u001b[${code}m`).join('');
      const endOpen = openAfter(line, lineOpen);
      lines.push(`${prefix}${line}${endOpen.length > 0 ? '\u001b[0m' : ''}`);
      lineOpen = endOpen;
      line = '';
      lineWidth = 0;
    };
    for (const word of paragraph.split(' ')) {
      for (const piece of cut(word, width)) {
        const pieceWidth = visibleWidth(piece);
        if (lineWidth > 0 && lineWidth + 1 + pieceWidth > width) {
          flush();
        }
        line += lineWidth > 0 || line !== '' ? ` ${piece}` : piece;
        lineWidth += (lineWidth > 0 ? 1 : 0) + pieceWidth;
      }
    }
    flush();
    open = lineOpen;
  }
  return lines;
}

/** A narrow column keeps this many characters (fewer when its text is shorter) while the width allows. */
const MIN_COLUMN = 8;

/**
 * Column widths whose table is at most `maxWidth` wide: columns that fit an equal share keep their
 * width, the rest share what is left equally (water-filling). No column goes below MIN_COLUMN (or
 * its text) unless the width leaves less than that for each; none below one character, so only a
 * table of more columns than a line can hold ends up wider than `maxWidth`.
 */
export function fitWidths(natural: readonly number[], maxWidth: number): number[] {
  // Each column takes its text plus a space each side and one border; one more border closes the row.
  let room = maxWidth - 3 * natural.length - 1;
  if (natural.reduce((total, width) => total + width, 0) <= room) {
    return [...natural];
  }
  const floor = Math.max(1, Math.min(MIN_COLUMN, Math.floor(room / natural.length)));
  const fitted = [...natural];
  const order = natural.map((width, column) => ({ width, column })).sort((a, b) => a.width - b.width);
  order.forEach(({ width, column }, index) => {
    const share = Math.floor(room / (order.length - index));
    fitted[column] = Math.min(width, Math.max(share, floor));
    room -= fitted[column];
  });
  return fitted;
}

/**
 * A compact table (no lines between rows) with `│` borders. `widths` are the columns' outer widths
 * (text plus one space each side); without them each column is as wide as its widest line. With
 * `maxWidth` (the terminal's), columns narrow so that the table fits it, and their text wraps.
 */
export function textTable(head: readonly string[], rows: readonly (readonly string[])[], widths?: readonly number[], maxWidth?: number): string {
  const natural = head.map((title, column) => {
    if (widths?.[column] !== undefined) {
      return Math.max(1, widths[column] - 2);
    }
    const cells = [title, ...rows.map((row) => row[column] ?? '')];
    return Math.max(1, ...cells.flatMap((cell) => cell.split('\n').map(visibleWidth)));
  });
  const inner = maxWidth === undefined ? natural : fitWidths(natural, maxWidth);
  const border = (left: string, middle: string, right: string): string => `${left}${inner.map((width) => '─'.repeat(width + 2)).join(middle)}${right}`;
  const render = (cells: readonly string[]): string[] => {
    const wrapped = inner.map((width, column) => wrap(cells[column] ?? '', width));
    const height = Math.max(...wrapped.map((lines) => lines.length));
    const out: string[] = [];
    for (let index = 0; index < height; index += 1) {
      out.push(
        `│${wrapped
          .map((lines, column) => {
            const text = lines[index] ?? '';
            return ` ${text}${' '.repeat(Math.max(0, inner[column] - visibleWidth(text)))} `;
          })
          .join('│')}│`,
      );
    }
    return out;
  };
  return [border('┌', '┬', '┐'), ...render(head), border('├', '┼', '┤'), ...rows.flatMap(render), border('└', '┴', '┘')].join('\n');
}

/**
 * Wraps the lines of a report that are not table lines to `width`, at spaces: a continued line is
 * indented under the text it continues (after a leading `- ` too), so lists stay lists.
 */
export function wrapReport(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => {
      const plain = line.replace(ANSI, '');
      if (plain.length <= width || /^[│┌├└]/.test(plain)) {
        return [line];
      }
      const measured = /^\s*(?:- )?/.exec(plain)?.[0].length ?? 0;
      // The indent is kept only where it is plain text (the renderers colour after indenting).
      const indent = line.slice(0, measured) === plain.slice(0, measured) ? measured : 0;
      const [first = '', ...rest] = wrap(line.slice(indent), Math.max(20, width - indent));
      return [`${line.slice(0, indent)}${first}`, ...rest.map((continued) => `${' '.repeat(indent)}${continued}`)];
    })
    .join('\n');
}
