// The scaling case of `npm run bench`: BENCH_STACKS copies of the dev environment stack in one App,
// so synth cost can be measured against the amount of work. Run with the loader cdktf.json's app uses.
import { App } from 'cdktf';
import { loadConfig } from '../../src/config';
import { EnvironmentStack } from '../../src/stacks/environment-stack';

const count = Number(process.env.BENCH_STACKS ?? '1');
if (!Number.isInteger(count) || count < 1) {
  throw new Error(`BENCH_STACKS must be a positive integer, got ${JSON.stringify(process.env.BENCH_STACKS)}`);
}

const app = new App();
for (let index = 1; index <= count; index += 1) {
  // Load (and validate) per copy, as main.ts does per environment; a distinct project keeps names apart.
  const config = { ...loadConfig('dev', { env: {} }), project: `bench-${index}` };
  new EnvironmentStack(app, `bench-${index}`, config);
}
app.synth();
