// The order jest starts test files in (jest.config.js, testSequencer). Jest runs the files it has timed
// before longest first, and orders the ones it has never timed (a fresh clone: all of them) by size.
// Files of the tiers that run tools (terraform plans take up to a minute and a half each) go before
// the untimed unit files, so that none of them starts last and leaves the other worker idle.
'use strict';
const { relative } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;
const { tierOf } = require('./test-tiers.cjs');

/** Jest's order, with the untimed files of the tool tiers moved to the front (their order kept). */
function slowTiersFirst(sorted) {
  const slow = sorted.filter((test) => test.duration == null && tierOf(relative(test.context.config.rootDir, test.path)) !== 'unit');
  return [...slow, ...sorted.filter((test) => !slow.includes(test))];
}

class SlowTiersFirst extends Sequencer {
  sort(tests) {
    return slowTiersFirst(super.sort(tests));
  }
}

module.exports = SlowTiersFirst;
module.exports.slowTiersFirst = slowTiersFirst;
