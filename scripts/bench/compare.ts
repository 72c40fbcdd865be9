// Compares two synth output folders file by file, to show two ways of running the app produce the same stacks.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

export interface Comparison {
  /** Every file present in both, with the same bytes. */
  readonly identical: boolean;
  /** Every file present in both, and each JSON file parses to the same value. */
  readonly jsonEqual: boolean;
  readonly files: number;
  readonly differences: readonly string[];
}

function listFiles(root: string, dir: string = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? listFiles(root, join(dir, entry.name)) : [relative(root, join(dir, entry.name))]));
}

function parsedJson(text: string): { readonly ok: true; readonly value: unknown } | { readonly ok: false } {
  try {
    const value: unknown = JSON.parse(text);
    return { ok: true, value };
  } catch {
    return { ok: false };
  }
}

export function compareOutputs(left: string, right: string): Comparison {
  const leftFiles = listFiles(left).sort();
  const rightFiles = new Set(listFiles(right));
  const differences: string[] = [];
  let jsonEqual = true;
  for (const file of rightFiles) {
    if (!leftFiles.includes(file)) {
      differences.push(`${file}: only in the second output`);
      jsonEqual = false;
    }
  }
  for (const file of leftFiles) {
    if (!rightFiles.has(file)) {
      differences.push(`${file}: only in the first output`);
      jsonEqual = false;
      continue;
    }
    const leftText = readFileSync(join(left, file), 'utf8');
    const rightText = readFileSync(join(right, file), 'utf8');
    if (leftText === rightText) {
      continue;
    }
    const leftJson = parsedJson(leftText);
    const rightJson = parsedJson(rightText);
    const sameValue = leftJson.ok && rightJson.ok && isDeepStrictEqual(leftJson.value, rightJson.value);
    differences.push(`${file}: ${sameValue ? 'same JSON, different bytes' : 'different content'}`);
    jsonEqual &&= sameValue;
  }
  return { identical: differences.length === 0, jsonEqual, files: leftFiles.length, differences };
}
