// `npm run docs`: rewrites the configuration tables of README.md and README.ko.md from the schema, the
// presets and src/config/field-docs.ts (scripts/docs/config-table.ts). `npm run docs -- --check` only
// says which README is stale, with exit status 1.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configTable, READMES, withConfigTable } from './docs/config-table';

const ROOT = join(__dirname, '..');

function run(args: readonly string[]): number {
  const check = args.includes('--check');
  const unknown = args.filter((arg) => arg !== '--check');
  if (unknown.length > 0) {
    process.stderr.write(`npm run docs: unknown argument ${unknown.join(' ')}; usage: npm run docs [-- --check]\n`);
    return 2;
  }
  let stale = 0;
  for (const { file, language } of READMES) {
    const path = join(ROOT, file);
    const current = readFileSync(path, 'utf8');
    const generated = withConfigTable(current, configTable(language), file);
    if (generated === current) {
      process.stdout.write(`${file}: configuration table up to date\n`);
    } else if (check) {
      process.stdout.write(`${file}: configuration table is stale (npm run docs rewrites it)\n`);
      stale += 1;
    } else {
      writeFileSync(path, generated);
      process.stdout.write(`${file}: configuration table rewritten\n`);
    }
  }
  return stale > 0 ? 1 : 0;
}

try {
  process.exitCode = run(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
