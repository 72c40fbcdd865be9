// The cdktf CLI (synth --hcl, deploy, diff, destroy) with its version check turned off on every
// platform: the check calls checkpoint-api.hashicorp.com and prints an [ERROR] line without internet.
// Usage: node scripts/synth-cli.cjs deploy dev
const { spawnSync } = require('node:child_process');
const { dirname, join } = require('node:path');

const cli = join(dirname(require.resolve('cdktf-cli/package.json')), require('cdktf-cli/package.json').bin.cdktf);
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, CHECKPOINT_DISABLE: process.env.CHECKPOINT_DISABLE ?? '1' },
});
process.exitCode = result.status ?? 1;
