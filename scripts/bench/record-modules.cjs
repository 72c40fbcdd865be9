// Preloaded (NODE_OPTIONS=--require) into one reference synth by `npm run bench`: records which package
// modules the project's own files require directly, so the floor case (c) loads exactly those.
// Only CommonJS loads are seen (require.cache); every package the app uses today is CommonJS. Only the
// app's TypeScript files count as its own: the TypeScript loader (scripts/register-ts.cjs, which loads
// @swc/core on a transpile-cache miss) is not part of what the floor loads.
'use strict';
const { writeFileSync } = require('node:fs');

const target = process.env.BENCH_MODULES_FILE;
if (target) {
  process.on('exit', () => {
    const isPackage = (file) => file.includes('/node_modules/');
    const direct = new Set();
    let projectFiles = 0;
    let packageFiles = 0;
    for (const [file, mod] of Object.entries(require.cache)) {
      if (mod === undefined || file === __filename) continue;
      if (isPackage(file)) {
        packageFiles += 1;
        continue;
      }
      if (!file.endsWith('.ts')) continue;
      projectFiles += 1;
      for (const child of mod.children) {
        if (isPackage(child.filename)) direct.add(child.filename);
      }
    }
    // A wrapper process (npx, a shell script) loads no project file: leave the app's record alone.
    if (projectFiles > 0) {
      writeFileSync(target, JSON.stringify({ direct: [...direct], projectFiles, packageFiles }));
    }
  });
}
