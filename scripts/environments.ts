// `npm run -s environments`: the environment stacks the config defines (presets and config/<name>.json,
// narrowed by TT_ENVIRONMENTS), as one JSON array: the workflow's matrix of change reviews.
import { ConfigError, loadConfiguration } from '../src/config';

function run(): number {
  try {
    const { environments } = loadConfiguration();
    process.stdout.write(`${JSON.stringify(environments.map(({ config }) => config.environment))}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError)) {
      throw error;
    }
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
}

process.exitCode = run();
