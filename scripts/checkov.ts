// `npm run checkov`: real Checkov on every synthesized stack with its generated baseline (README,
// "Checkov"). The work is in src/review/checkov/scan-cli.ts; this file wires it to the process.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { runCheckovScan } from '../src/review/checkov/scan-cli';

const root = join(__dirname, '..');

/** `npm run synth` in a child node, its output passed through. */
function synth(): Promise<number> {
  const child = spawn(process.execPath, ['--require', './scripts/register-ts.cjs', 'scripts/synth.ts'], { cwd: root, stdio: 'inherit' });
  return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
}

void runCheckovScan(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: root,
  cpus: availableParallelism(),
  synth,
}).then((status) => {
  process.exitCode = status;
});
