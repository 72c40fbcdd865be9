import { App, TerraformStack } from 'cdktf';
import { ConfigError, loadConfiguration, type ConfigSources, type LoadedConfiguration } from './src/config';
import { reviewBeforeSynth } from './src/review/aspect';
import { describeForConfig } from './src/stacks/config-remedies';
import { EnvironmentStack } from './src/stacks/environment-stack';
import { StateStack } from './src/stacks/state-stack';

export interface SynthesizeOptions {
  /** Where the stacks and `manifest.json` go. @default process.env.CDKTF_OUTDIR ?? 'cdktf.out' (what the cdktf CLI passes) */
  readonly outdir?: string;
  /** Where the configuration is read from. @default the config folder and process.env */
  readonly sources?: ConfigSources;
  /** The configuration, already loaded (and so validated) by the caller; conflicts with `sources`. @default loaded from `sources` */
  readonly configuration?: LoadedConfiguration;
}

/**
 * Builds the state stack and one stack per selected environment, and writes them. Every environment
 * is validated and every stack reviewed before anything is written: on bad input it throws one
 * ConfigError with every problem, and the output folder is untouched.
 */
export function synthesize(options: SynthesizeOptions = {}): LoadedConfiguration {
  if (options.sources !== undefined && options.configuration !== undefined) {
    throw new Error('synthesize: give the configuration or the sources to load it from, not both');
  }
  const loaded = options.configuration ?? loadConfiguration(options.sources);
  const app = new App(options.outdir === undefined ? {} : { outdir: options.outdir });
  new StateStack(app, 'state', loaded.project);
  for (const { config } of loaded.environments) {
    new EnvironmentStack(app, config.environment, config);
  }
  // The same review the stacks' ReviewAspect runs during synth, once for all stacks before any is
  // written: cdktf would otherwise stop at the first bad stack with the earlier ones on disk.
  // Stacks built from config: each finding names the config field that fixes it and the
  // `suppressions` entry that accepts it.
  const configDir = options.sources?.configDir ?? options.sources?.env?.TT_CONFIG_DIR ?? process.env.TT_CONFIG_DIR ?? 'config';
  const errors = app.node
    .findAll()
    .filter(TerraformStack.isStack)
    .flatMap((stack) =>
      reviewBeforeSynth(stack)
        .filter((finding) => finding.severity === 'error')
        .map((finding) => describeForConfig(finding.finding, stack.node.id, configDir)),
    );
  if (errors.length > 0) {
    throw new ConfigError('the review found error-level findings; nothing was synthesized (fix them in config, or accept them with a reason)', errors);
  }
  app.synth();
  return loaded;
}

// Run directly, as cdktf's default app (`npx ts-node main.ts`) does; cdktf.json's app and `npm run synth`
// run scripts/synth.ts, which calls synthesize() unless an identical earlier synth can be restored.
if (require.main === module) {
  try {
    synthesize();
  } catch (error) {
    if (!(error instanceof ConfigError)) {
      throw error;
    }
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  }
}
