// Jest's globalSetup, run once before the workers start (they, the test files and every process a test
// spawns inherit what it leaves): no test reads the developer's config folder or configuration
// variables unless it sets them itself. A developer with config/staging.json, or TT_PROD__... in the
// shell, gets the same results as a fresh clone (__tests__/hermetic/clone.test.ts proves it).
'use strict';
const { join } = require('node:path');

/** An empty config folder: the presets only. */
const NO_CONFIG = join(__dirname, 'no-config');

/** Whether a variable configures the stacks or the synth, rather than the tools the tests run. */
function configures(name) {
  return (
    /^TT(?:_[A-Z0-9_]*)?__/.test(name) || // TT__network__natMode, TT_PROD__dns__domain
    ['TT_CONFIG_DIR', 'TT_ENVIRONMENTS', 'TT_SYNTH_CACHE', 'TT_SYNTH_CACHE_DIR', 'SYNTH_HCL_OUTPUT'].includes(name) ||
    name.startsWith('CDKTF_')
  );
}

module.exports = function hermeticEnvironment() {
  for (const name of Object.keys(process.env).filter(configures)) {
    delete process.env[name];
  }
  process.env.TT_CONFIG_DIR = NO_CONFIG;
};

module.exports.configures = configures;
module.exports.NO_CONFIG = NO_CONFIG;
