// Floor case (c) of `npm run bench`: what a synth of this project cannot go below. It loads the package
// modules the app's own files require (recorded from a real synth, e.g. cdktf, constructs, zod and the
// @cdktf/provider-aws deep modules) and writes the JSON that synth produced (read from the reference
// output, parsed and re-stringified) to CDKTF_OUTDIR. No construct tree, no TypeScript loader.
// Plain CommonJS (.cjs: the repo ignores *.js) so nothing but node itself runs before it.
'use strict';
const { mkdirSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');

const manifest = JSON.parse(readFileSync(process.argv[2], 'utf8'));
for (const file of manifest.modules) {
  require(file);
}

// cdktf serialises with json-stable-stringify (sorted keys, 2 spaces); using its copy, already loaded
// with cdktf, keeps the serialisation cost in and the bytes identical.
const stringify = createRequire(require.resolve('cdktf'))('json-stable-stringify');

const outdir = process.env.CDKTF_OUTDIR;
if (!outdir) {
  throw new Error('floor.cjs: CDKTF_OUTDIR is not set');
}

function copyTree(from, to) {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) {
      copyTree(source, target);
    } else if (entry.name.endsWith('.json')) {
      writeFileSync(target, stringify(JSON.parse(readFileSync(source, 'utf8')), { space: 2 }));
    } else {
      writeFileSync(target, readFileSync(source));
    }
  }
}

copyTree(manifest.referenceDir, outdir);
