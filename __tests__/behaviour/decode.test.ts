import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

/** three-tier-app's `log` and `decode`, as app.sh defines them. */
const APP_SH = readFileSync(join(__dirname, '../../src/constructs/boot/app.sh'), 'utf8');
const FUNCTIONS = [/^log\(\) .*$/m, /^decode\(\) \{$[\s\S]*?^\}$/m].map((pattern) => {
  const found = pattern.exec(APP_SH);
  if (found === null) {
    throw new Error(`app.sh no longer defines ${String(pattern)}`);
  }
  return found[0];
});

/**
 * Decodes each line of pieces under bash with app.sh's `decode`, in one process: the values, each
 * followed by a NUL (no decoded value holds one), and the status of the last call.
 */
function decodeAll(lines: readonly string[]): { readonly status: number | null; readonly values: readonly string[]; readonly stderr: string } {
  const script = `${FUNCTIONS.join('\n')}\nwhile IFS= read -r line; do decode value "$line"; printf '%s\\0' "$value"; done\n`;
  const result = spawnSync('bash', ['-c', `set -euo pipefail\n${script}`], { input: lines.map((line) => `${line}\n`).join(''), encoding: 'utf8' });
  return { status: result.status, values: result.stdout.split('\0').slice(0, -1), stderr: result.stderr };
}

/** A value as encodedValue (src/constructs/boot/encoded-value.ts) sends it: each piece base64 on its own, joined by dots. */
const encoded = (pieces: readonly string[]): string =>
  pieces
    .filter((piece) => piece !== '')
    .map((piece) => Buffer.from(piece, 'utf8').toString('base64'))
    .join('.');

describe("three-tier-app's decode (app.sh): base64 pieces back to the value, in bash alone", () => {
  it('gives back every value byte for byte: any text without NUL, pieces of any length (padded or not), trailing line breaks', () => {
    const piece = fc
      .string({ unit: fc.oneof(fc.constantFrom('\n', '"', "'", '\\', '$', '`', '=', '.', ' ', 'é', '한', '😀'), fc.string({ unit: 'grapheme', maxLength: 1 })), maxLength: 40 })
      .map((text) => text.replace(/\0/g, ''));
    const samples = fc.sample(fc.array(piece, { maxLength: 5 }), { numRuns: 300, seed: 20261206 });
    const { status, values, stderr } = decodeAll(samples.map(encoded));
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(values).toEqual(samples.map((pieces) => pieces.join('')));
  });

  it.each([
    ['a character outside base64', 'QQ=*', 'three-tier-app: not base64: QQ=*'],
    ['padding inside a piece', 'QQ==QQ==', 'three-tier-app: not base64: QQ==QQ=='],
    ['a NUL byte', Buffer.from('a\0b').toString('base64'), 'three-tier-app: a NUL byte in a value'],
  ])('fails the boot on %s, saying so', (_case, line, message) => {
    const { status, values } = decodeAll([line]);
    expect(status).toBe(1);
    expect(values).toEqual([]);
    const result = spawnSync('bash', ['-c', `set -euo pipefail\n${FUNCTIONS.join('\n')}\ndecode value "$1"`, 'decode', line], { encoding: 'utf8' });
    expect([result.status, result.stdout]).toEqual([1, `${message}\n`]);
  });
});
