// Fallback peak-RSS probe for `npm run bench` on machines without /usr/bin/time: preloaded into every
// node process of a run through NODE_OPTIONS, it appends this process's peak RSS (KiB) to a file;
// the bench takes the largest, i.e. the heaviest node process of the run's process tree.
'use strict';
const { appendFileSync } = require('node:fs');

const target = process.env.BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    appendFileSync(target, `${process.resourceUsage().maxRSS}\n`);
  });
}
