import { App, TerraformStack } from 'cdktf';
import { ConfigError, loadConfiguration, type ConfigSources, type LoadedConfiguration } from './src/config';
import { reviewBeforeSynth } from './src/review/aspect';
import { EnvironmentStack } from './src/stacks/environment-stack';
import { StateStack } from './src/stacks/state-stack';

export interface SynthesizeOptions {
  /** Where the stacks and `manifest.json` go. @default process.env.CDKTF_OUTDIR ?? 'cdktf.out' (what the cdktf CLI passes) */
  readonly outdir?: string;
  /** @default the config folder and process.env */
  readonly sources?: ConfigSources;
}

/**
 * Builds the state stack and one stack per selected environment, and writes them. Every environment
 * is validated and every stack reviewed before anything is written: on bad input it throws one
 * ConfigError with every problem, and the output folder is untouched.
 */
export function synthesize(options: SynthesizeOptions = {}): LoadedConfiguration {
  const loaded = loadConfiguration(options.sources);
  const app = new App(options.outdir === undefined ? {} : { outdir: options.outdir });
  new StateStack(app, 'state', loaded.project);
  for (const { config } of loaded.environments) {
    new EnvironmentStack(app, config.environment, config);
  }
  // The same review the stacks' ReviewAspect runs during synth, once for all stacks before any is
  // written: cdktf would otherwise stop at the first bad stack with the earlier ones on disk.
  const errors = app.node
    .findAll()
    .filter(TerraformStack.isStack)
    .flatMap((stack) => reviewBeforeSynth(stack).filter((finding) => finding.severity === 'error').map((finding) => `[${finding.construct.node.path}] ${finding.text}`));
  if (errors.length > 0) {
    throw new ConfigError('the review found error-level findings; nothing was synthesized (fix them, or suppress with a reason)', errors);
  }
  app.synth();
  return loaded;
}

// The app command of cdktf.json (cdktf synth/deploy/diff run it); `npm run synth` calls synthesize() itself.
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
