// Transpile-only TypeScript for the synth app and the CLIs: SWC strips the types of each project
// file as node requires it. Type checking is tsc's job (`npm run build`, `npm test`). Unlike tsx,
// nothing else is hooked: node_modules JavaScript loads untouched.
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

const options = { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' }, sourceMaps: false };

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};

// cdktf records a stack trace for every token; mapping each through the inline source maps that
// cdktf, constructs and the provider ship costs about a quarter of a synth.
process.setSourceMapsEnabled(false);
