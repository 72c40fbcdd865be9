const { types } = require('node:util');

// cdktf's Testing matchers (what `Testing.setupJest()` registers), loaded on first use: a third of
// the test files never touch cdktf, and loading it costs each of them about 0.3 s of CPU.
const CDKTF_MATCHERS = [
  'toHaveResource',
  'toHaveResourceWithProperties',
  'toHaveDataSource',
  'toHaveDataSourceWithProperties',
  'toHaveProvider',
  'toHaveProviderWithProperties',
  'toBeValidTerraform',
  'toPlanSuccessfully',
];
let cdktfMatchers;
function loadCdktfMatchers() {
  if (cdktfMatchers === undefined) {
    // What setupJest hands to expect.extend, taken instead of registered.
    const extend = expect.extend;
    expect.extend = (matchers) => {
      cdktfMatchers = matchers;
    };
    try {
      require('cdktf').Testing.setupJest();
    } finally {
      expect.extend = extend;
    }
    const names = Object.keys(cdktfMatchers ?? {}).sort();
    if (names.join() !== [...CDKTF_MATCHERS].sort().join()) {
      throw new Error(`setup.js: cdktf's Testing matchers are now ${names.join(', ')}; update CDKTF_MATCHERS`);
    }
  }
  return cdktfMatchers;
}
expect.extend(
  Object.fromEntries(
    CDKTF_MATCHERS.map((name) => [
      name,
      function (...args) {
        return loadCdktfMatchers()[name].apply(this, args);
      },
    ]),
  ),
);

// cdktf records a complete stack trace for every token it creates (Error.captureStackTrace on a plain
// object, read only if a token later fails to resolve). Jest's source-map support would map each of
// those frames through the packages' inline source maps, re-parsed in every test file: about a third
// of the unit tier's CPU. Such traces keep V8's own format and their innermost frames (the ones that
// say where a token was made); errors are still source-mapped in full.
const CREATION_FRAMES = 10;
const mapStackTrace = Error.prepareStackTrace;
if (mapStackTrace !== undefined) {
  Error.prepareStackTrace = (error, frames) =>
    types.isNativeError(error)
      ? mapStackTrace(error, frames)
      : `${String(error)}${frames
          .slice(0, CREATION_FRAMES)
          .map((frame) => `\n    at ${frame}`)
          .join('')}`;
}
