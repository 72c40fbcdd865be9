// The order jest starts test files in (jest.config.js, testSequencer). Jest runs the files it has timed
// before longest first, and orders the ones it has never timed (a fresh clone: all of them) by size.
// Files of the tiers that run tools (terraform plans take up to a minute each) go before the untimed
// unit files, so that none of them starts last and leaves the other worker idle. Files that read a
// shared plan (`sharedPlan(`) wait for the plan batch `npm test` starts beside jest
// (__tests__/support/plan-batch.ts): on a first run they follow the untimed tool-tier files (a few
// minutes of work on two cores; the batch takes one or two), so that the many small unit files, not
// their plans, end the run; once jest has timings, they go last, whatever their timing.
'use strict';
const { readFileSync } = require('node:fs');
const { relative } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;
const { tierOf } = require('./test-tiers.cjs');

/** Whether a test file reads a shared plan (its source calls `sharedPlan(`). */
function readsSharedPlans(path) {
  try {
    return readFileSync(path, 'utf8').includes('sharedPlan(');
  } catch {
    return false;
  }
}

/**
 * Jest's order, with the untimed files of the tool tiers moved to the front and the readers of shared
 * plans right after them, or last when there are none (each group's order kept).
 */
function slowTiersFirst(sorted, readsShared = readsSharedPlans) {
  const readers = sorted.filter((test) => readsShared(test.path));
  const rest = sorted.filter((test) => !readers.includes(test));
  const slow = rest.filter((test) => test.duration == null && tierOf(relative(test.context.config.rootDir, test.path)) !== 'unit');
  const others = rest.filter((test) => !slow.includes(test));
  return slow.length > 0 ? [...slow, ...readers, ...others] : [...others, ...readers];
}

class SlowTiersFirst extends Sequencer {
  sort(tests) {
    return slowTiersFirst(super.sort(tests));
  }
}

module.exports = SlowTiersFirst;
module.exports.slowTiersFirst = slowTiersFirst;
