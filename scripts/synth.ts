// `npm run synth`: the app of cdktf.json run in-process, without the cdktf CLI (no checkpoint call
// to the internet, no second copy of error output, no CLI start-up), writing what the CLI writes.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { synthesize } from '../main';
import { ConfigError, type LoadedConfiguration } from '../src/config';

// CDKTF_OUTDIR as with the CLI's --output (tests write elsewhere).
const OUTDIR = process.env.CDKTF_OUTDIR ?? 'cdktf.out';

/** Synthesizes, or prints the configuration problems once and returns undefined. */
function synthesizeOrReport(): LoadedConfiguration | undefined {
  try {
    return synthesize({ outdir: OUTDIR });
  } catch (error) {
    if (!(error instanceof ConfigError)) {
      throw error;
    }
    process.stderr.write(`${error.message}\n`);
    return undefined;
  }
}

function run(): number {
  const loaded = synthesizeOrReport();
  if (loaded === undefined) {
    return 1;
  }
  const names = ['state', ...loaded.environments.map(({ config }) => config.environment)];
  // Like `cdktf synth`: stacks no longer built (a deleted environment file) leave no folder behind.
  const stacksDir = join(OUTDIR, 'stacks');
  for (const folder of existsSync(stacksDir) ? readdirSync(stacksDir) : []) {
    if (!names.includes(folder)) {
      rmSync(join(stacksDir, folder), { recursive: true, force: true });
    }
  }
  const width = Math.max(...names.map((name) => name.length));
  const lines = [
    `${'state'.padEnd(width)}  ${loaded.project.region}  bootstrap: state bucket ${loaded.project.state.bucket}`,
    ...loaded.environments.map(({ definition, config }) => {
      const origin = definition.chain.length > 1 ? `, extends ${definition.chain.slice(0, -1).reverse().join(' <- ')}` : '';
      return `${config.environment.padEnd(width)}  ${config.region}  ${config.production ? 'production' : 'non-production'}${origin}`;
    }),
  ];
  // performance.now() counts from node's start: module loading included.
  process.stdout.write(`Synthesized ${names.length} stacks into ${stacksDir} in ${Math.round(performance.now())} ms:\n${lines.map((line) => `  ${line}`).join('\n')}\n`);
  return 0;
}

process.exitCode = run();
