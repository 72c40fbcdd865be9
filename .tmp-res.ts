import { loadInput } from './src/review/load';
import { topologyOf } from './src/review/topology';
import { resilienceOf } from './src/review/resilience';
for (const input of process.argv.slice(2)) {
  const m = loadInput(input); const t = topologyOf(m);
  const r = resilienceOf(m, t);
  console.log('==', input, r.zones, r.production);
  for (const p of r.paths) console.log('  path', p.id, p.label, p.service ? 'service' : 'operator');
  for (const l of r.losses) console.log(' ', l.summary);
  for (const s of r.singlePoints) console.log('  single', s.summary);
  for (const n of r.notes) console.log('  note', n);
}
