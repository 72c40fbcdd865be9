import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every entry below a synth's output folder (files and folders), relative, sorted. */
function entriesBelow(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).sort();
}

/** Two synth output folders hold the same entries, and the same bytes in every JSON file and Checkov baseline. */
export function expectSameSynthOutput(actual: string, expected: string): void {
  expect(entriesBelow(actual)).toEqual(entriesBelow(expected));
  for (const file of entriesBelow(expected).filter((path) => path.endsWith('.json') || path.endsWith('.baseline'))) {
    expect([file, readFileSync(join(actual, file), 'utf8')]).toEqual([file, readFileSync(join(expected, file), 'utf8')]);
  }
}
