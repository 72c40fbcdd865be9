// `npm run synth`, and the app command of cdktf.json (so `cdktf synth/deploy/diff` run it too): the
// app of main.ts run in-process, without the cdktf CLI (no checkpoint call to the internet, no second
// copy of error output, no CLI start-up), writing what the CLI writes. When nothing it reads has
// changed since an earlier synth, the output is restored from that synth (src/synth/output-cache.ts)
// and the construct tree is not built at all: the config is loaded only on a miss, main.ts only if
// the config is valid.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ConfigError } from '../src/config/config-error';
import { SynthOutputCache, type SynthListing } from '../src/synth/output-cache';

// CDKTF_OUTDIR as with the CLI's --output (tests write elsewhere).
const OUTDIR = process.env.CDKTF_OUTDIR ?? 'cdktf.out';

/** Builds every stack and writes it, returning what to list. */
async function synthesizeStacks(): Promise<SynthListing> {
  // Bad input is reported before the constructs and provider classes are even loaded.
  const { loadConfiguration } = await import('../src/config');
  const configuration = loadConfiguration();
  const { synthesize } = await import('../main');
  const loaded = synthesize({ outdir: OUTDIR, configuration });
  return {
    state: { region: loaded.project.region, bucket: loaded.project.state.bucket },
    environments: loaded.environments.map(({ definition, config }) => ({ name: config.environment, region: config.region, production: config.production, chain: definition.chain })),
  };
}

/** Restores an identical earlier synth, or synthesizes (and stores the result for the next one). */
async function synthesizeOrRestore(): Promise<{ readonly listing: SynthListing; readonly restored: boolean }> {
  const cache = SynthOutputCache.fromEnvironment({ outdir: OUTDIR });
  const cached = cache?.restore();
  if (cached !== undefined) {
    return { listing: cached, restored: true };
  }
  const listing = await synthesizeStacks();
  cache?.store(listing);
  return { listing, restored: false };
}

/** The stacks a synth writes: the state stack and one per environment. */
function stackNames(listing: SynthListing): string[] {
  return ['state', ...listing.environments.map(({ name }) => name)];
}

function describe(listing: SynthListing, restored: boolean): string {
  const names = stackNames(listing);
  const width = Math.max(...names.map((name) => name.length));
  const lines = [
    `${'state'.padEnd(width)}  ${listing.state.region}  bootstrap: state bucket ${listing.state.bucket}`,
    ...listing.environments.map(({ name, region, production, chain }) => {
      const origin = chain.length > 1 ? `, extends ${chain.slice(0, -1).reverse().join(' <- ')}` : '';
      return `${name.padEnd(width)}  ${region}  ${production ? 'production' : 'non-production'}${origin}`;
    }),
  ];
  const how = restored ? ' (nothing changed since an earlier synth: restored its output; TT_SYNTH_CACHE=off builds afresh)' : '';
  // performance.now() counts from node's start: module loading included.
  return `Synthesized ${names.length} stacks into ${join(OUTDIR, 'stacks')} in ${Math.round(performance.now())} ms${how}:\n${lines.map((line) => `  ${line}`).join('\n')}\n`;
}

async function run(): Promise<number> {
  let result: Awaited<ReturnType<typeof synthesizeOrRestore>>;
  try {
    result = await synthesizeOrRestore();
  } catch (error) {
    if (!(error instanceof ConfigError)) {
      throw error;
    }
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
  const names = stackNames(result.listing);
  // Like `cdktf synth`: stacks no longer built (a deleted environment file) leave no folder behind.
  const stacksDir = join(OUTDIR, 'stacks');
  for (const folder of existsSync(stacksDir) ? readdirSync(stacksDir) : []) {
    if (!names.includes(folder)) {
      rmSync(join(stacksDir, folder), { recursive: true, force: true });
    }
  }
  // One format per stack folder: a cdk.tf left beside a cdk.tf.json (or the reverse) declares every
  // resource twice, and `cdktf diff` fails with "Duplicate resource".
  const hcl = process.env.SYNTH_HCL_OUTPUT === 'true';
  for (const name of names) {
    for (const other of hcl ? ['cdk.tf.json'] : ['cdk.tf', 'metadata.json']) {
      rmSync(join(stacksDir, name, other), { force: true });
    }
  }
  if (hcl) {
    process.stderr.write("note: cdktf 0.21's HCL (cdktf synth --hcl) has known defects Terraform refuses; `npm run synth:hcl` writes mended HCL to cdktf.out/hcl\n");
  }
  process.stdout.write(describe(result.listing, result.restored));
  return 0;
}

void run().then((status) => {
  process.exitCode = status;
});
