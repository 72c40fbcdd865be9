// scripts/test.cjs (`npm test`) runs tsc beside jest: a type error or a failing test must each fail
// it. Run in a small project of its own, not on this repo.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

/** A project of its own (this repo's node_modules linked in), made once: the cases rewrite its two files. */
const PROJECT = mkdtempSync(join(tmpdir(), 'tt-test-runner-'));
mkdirSync(join(PROJECT, 'scripts'));
mkdirSync(join(PROJECT, 't'));
copyFileSync(join(ROOT, 'scripts', 'test.cjs'), join(PROJECT, 'scripts', 'test.cjs'));
symlinkSync(join(ROOT, 'node_modules'), join(PROJECT, 'node_modules'), 'dir');
writeFileSync(join(PROJECT, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, types: [] }, files: ['source.ts'] }));
writeFileSync(join(PROJECT, 'jest.config.js'), "module.exports = { projects: [{ displayName: 'unit', testMatch: ['<rootDir>/t/*.test.js'] }] };\n");

function project(source: string, test: string): string {
  writeFileSync(join(PROJECT, 'source.ts'), source);
  writeFileSync(join(PROJECT, 't', 'a.test.js'), test);
  return PROJECT;
}

function runTests(dir: string): { readonly status: number | null; readonly stderr: string } {
  const result = spawnSync(process.execPath, ['scripts/test.cjs'], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { status: result.status, stderr: result.stderr };
}

describe('npm test (scripts/test.cjs)', () => {
  it('fails on a type error although every test passes, and prints the error after the tests', () => {
    const { status, stderr } = runTests(project('export const port: number = "80";\n', "test('ok', () => expect(1).toBe(1));\n"));
    expect(status).toBe(1);
    expect(stderr).toMatch(/Tests:\s+1 passed[\s\S]*Type check \(tsc --noEmit\) FAILED:\nsource\.ts\(1,14\): error TS2322/);
  });

  it('fails on a failing test although the types check', () => {
    const { status, stderr } = runTests(project('export const port: number = 80;\n', "test('fails', () => expect(1).toBe(2));\n"));
    expect(status).toBe(1);
    expect(stderr).toMatch(/Tests:\s+1 failed[\s\S]*Type check \(tsc --noEmit\): no errors/);
  });
});
