// Transpile-only TypeScript for the synth app and the CLIs: SWC strips the types of each project
// file as node requires it. Type checking is tsc's job (`npm run build`, `npm test`). Unlike tsx,
// nothing else is hooked: node_modules JavaScript loads untouched.
//
// Transpiled files are cached by content, in node_modules/.cache/register-ts/<sha256>.js, the hash
// taken over the SWC version, the options, the file name and the source: a warm run reads the cache and
// never loads SWC (its native binding is the costliest part of a cold run). Writers put each entry in
// a temp file and rename it into place, so concurrent runs never read a half-written entry. The cache
// is disposable (delete the folder any time; TT_TS_CACHE_DIR names another); when it cannot be
// written, transpiling still works.
'use strict';
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const options = { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' }, sourceMaps: false };
const cacheDir = process.env.TT_TS_CACHE_DIR ?? join(__dirname, '..', 'node_modules', '.cache', 'register-ts');
const swcVersion = JSON.parse(readFileSync(require.resolve('@swc/core/package.json'), 'utf8')).version;
const keyPrefix = `${swcVersion}\0${JSON.stringify(options)}\0`;

let swc;
function transpile(source, filename) {
  swc ??= require('@swc/core');
  return swc.transformSync(source, { ...options, filename }).code;
}

function writeEntry(entry, code) {
  const temp = `${entry}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(temp, code);
    renameSync(temp, entry);
  } catch {
    // No cache this time (read-only or missing folder): drop the temp file if one was made.
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nothing to drop, or it cannot be dropped: either way the synth goes on without the cache.
    }
  }
}

require.extensions['.ts'] = (loading, filename) => {
  const source = readFileSync(filename, 'utf8');
  const entry = join(cacheDir, `${createHash('sha256').update(`${keyPrefix}${filename}\0${source}`).digest('hex')}.js`);
  let code;
  try {
    code = readFileSync(entry, 'utf8');
  } catch {
    code = transpile(source, filename);
    writeEntry(entry, code);
  }
  loading._compile(code, filename);
};

// cdktf records a stack trace for every token; mapping each through the inline source maps that
// cdktf, constructs and the provider ship costs about a quarter of a synth.
process.setSourceMapsEnabled(false);
