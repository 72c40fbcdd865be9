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

/** Splits a word wider than the column into column-wide pieces (colour codes stay with their characters). */
function cut(word: string, width: number): string[] {
  if (word.length <= width) {
    return [word];
  }
  const pieces: string[] = [];
  let current = '';
  let visible = 0;
  for (const part of word.split(/(\u001b\[\d+m)/)) {
    if (part.startsWith('\u001b[')) {
      current += part;
      continue;
    }
    for (const character of part) {
      if (visible === width) {
        pieces.push(current);
        current = '';
        visible = 0;
      }
      current += character;
      visible += 1;
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

/**
 * A compact table (no lines between rows) with `│` borders. `widths` are the columns' outer widths
 * (text plus one space each side); without them each column is as wide as its widest line.
 */
export function textTable(head: readonly string[], rows: readonly (readonly string[])[], widths?: readonly number[]): string {
  const inner = head.map((title, column) => {
    if (widths?.[column] !== undefined) {
      return Math.max(1, widths[column] - 2);
    }
    const cells = [title, ...rows.map((row) => row[column] ?? '')];
    return Math.max(1, ...cells.flatMap((cell) => cell.split('\n').map(visibleWidth)));
  });
  const border = (left: string, middle: string, right: string): string => `${left}${inner.map((width) => '─'.repeat(width + 2)).join(middle)}${right}`;
  const render = (cells: readonly string[]): string[] => {
    const wrapped = inner.map((width, column) => wrap(cells[column] ?? '', width));
    const height = Math.max(...wrapped.map((lines) => lines.length));
    const out: string[] = [];
    for (let index = 0; index < height; index += 1) {
      out.push(`│${wrapped.map((lines, column) => {
        const text = lines[index] ?? '';
        return ` ${text}${' '.repeat(Math.max(0, inner[column] - visibleWidth(text)))} `;
      }).join('│')}│`);
    }
    return out;
  };
  return [border('┌', '┬', '┐'), ...render(head), border('├', '┼', '┤'), ...rows.flatMap(render), border('└', '┴', '┘')].join('\n');
}
