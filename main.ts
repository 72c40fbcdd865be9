import { App, TerraformStack } from 'cdktf';
import { ConfigError, loadConfig, loadProjectConfig, selectedEnvironments } from './src/config';
import { reviewStack } from './src/review/aspect';
import { EnvironmentStack } from './src/stacks/environment-stack';
import { StateStack } from './src/stacks/state-stack';

function main(): void {
  // Validate every environment before a single stack is built, so bad input leaves no half-written output.
  const project = loadProjectConfig();
  const environments = selectedEnvironments().map((name) => loadConfig(name));

  const app = new App();
  new StateStack(app, 'state', project);
  for (const config of environments) {
    new EnvironmentStack(app, config.environment, config);
  }
  // The same review the stacks' ReviewAspect runs during synth, once for all stacks before any is
  // written: cdktf would otherwise stop at the first bad stack with the earlier ones on disk.
  const errors = app.node
    .findAll()
    .filter(TerraformStack.isStack)
    .flatMap((stack) => reviewStack(stack).filter((finding) => finding.severity === 'error').map((finding) => `[${finding.construct.node.path}] ${finding.text}`));
  if (errors.length > 0) {
    throw new ConfigError('the review found error-level findings; nothing was synthesized (fix them, or suppress with a reason)', errors);
  }
  app.synth();
}

try {
  main();
} catch (error) {
  if (!(error instanceof ConfigError)) {
    throw error;
  }
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
