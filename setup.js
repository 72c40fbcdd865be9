const { types } = require('node:util');
const cdktf = require('cdktf');

cdktf.Testing.setupJest();

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
