import { loadInput } from './src/review/load';
import { review } from './src/review/review';
import { topologyOf } from './src/review/topology';
import { resilienceOf } from './src/review/resilience';
import { alarmCoverageOf } from './src/review/alarms';
import { reachabilityOf } from './src/review/reachability';
function time(f: () => unknown, n = 20): number { const t = process.hrtime.bigint(); for (let i = 0; i < n; i++) f(); return Number(process.hrtime.bigint() - t) / 1e6 / n; }
for (const s of ['dev', 'prod']) {
  const m = loadInput(s);
  review(m);
  console.log(s, 'review', time(() => review(m)).toFixed(1), 'ms; resilience', time(() => resilienceOf(m, topologyOf(m))).toFixed(1), 'ms (incl. topology', time(() => topologyOf(m)).toFixed(1), '); reachability', time(() => reachabilityOf(topologyOf(m))).toFixed(1), '; alarms', time(() => alarmCoverageOf(m, topologyOf(m))).toFixed(1));
}
