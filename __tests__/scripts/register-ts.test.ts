// The TypeScript loader of the synth app and the CLIs (scripts/register-ts.cjs), run as they run it:
// `node --require ./scripts/register-ts.cjs file.ts`, here on a small file with its own cache folder.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const REGISTER = resolve(__dirname, '..', '..', 'scripts', 'register-ts.cjs');
const run = promisify(execFile);

// Prints what it computed and whether SWC was loaded to compute it.
const PROGRAM = (answer: number): string => `const value: number = ${answer};\nconsole.log(JSON.stringify({ value, swc: Object.keys(require.cache).some((file) => file.includes('@swc')) }));\n`;

describe('scripts/register-ts.cjs', () => {
  let dir: string;
  let cache: string;
  let program: string;

  beforeEach(() => {
    dir = mkdtempSync(join(os.tmpdir(), 'tt-register-ts-'));
    cache = join(dir, 'cache');
    program = join(dir, 'program.ts');
    writeFileSync(program, PROGRAM(42));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const execute = (cacheDir = cache): unknown => JSON.parse(execFileSync('node', ['--require', REGISTER, program], { env: { ...process.env, TT_TS_CACHE_DIR: cacheDir }, encoding: 'utf8' }));
  const entries = (): string[] => readdirSync(cache);

  it('transpiles with SWC on a miss and runs from the cache, without loading SWC, on a hit', () => {
    expect(execute()).toEqual({ value: 42, swc: true });
    expect(entries()).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.js$/)]);
    expect(execute()).toEqual({ value: 42, swc: false });
  });

  it('runs what the cache holds for the same source, and transpiles again when the source changes', () => {
    execute();
    const [entry] = entries();
    writeFileSync(join(cache, entry), "console.log(JSON.stringify({ value: 'from the cache' }));\n");
    expect(execute()).toEqual({ value: 'from the cache' });
    writeFileSync(program, PROGRAM(43));
    expect(execute()).toEqual({ value: 43, swc: true });
    expect(entries()).toHaveLength(2);
  });

  it('lets concurrent first runs share one cache: every run succeeds, one complete entry, no temp files', async () => {
    const runs = await Promise.all(Array.from({ length: 6 }, () => run('node', ['--require', REGISTER, program], { env: { ...process.env, TT_TS_CACHE_DIR: cache }, encoding: 'utf8' })));
    expect(runs.map(({ stdout }) => JSON.parse(stdout).value)).toEqual([42, 42, 42, 42, 42, 42]);
    expect(entries()).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.js$/)]);
    expect(execute()).toEqual({ value: 42, swc: false });
  });

  it('still runs when the cache folder cannot be created', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    expect(execute(join(file, 'cache'))).toEqual({ value: 42, swc: true });
  });
});
