import { App } from 'cdktf';
import { ConfigError, loadConfig, loadProjectConfig, selectedEnvironments } from './src/config';
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
