// A terraform provider started in debug mode (`-debug`): it serves until stopped and prints the
// TF_REATTACH_PROVIDERS value with which terraform commands attach to it instead of starting their own.
// Each start of the 700 MB hashicorp/aws provider costs about a second of CPU, and a plan starts it
// three times (schema, validate, plan). Users: `npm test`'s provider for read-only commands
// (scripts/schema-provider.cjs) and offline plans with one provider configuration (offline-plan.ts).
// Plain CommonJS, so that scripts/test.cjs loads it without a TypeScript hook.
'use strict';
const { spawn } = require('node:child_process');
const { closeSync, mkdtempSync, openSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

/** How long a provider may take to print its reattach line (hashicorp/aws takes about 0.5 s). */
const START_TIMEOUT_MS = 30_000;

/**
 * Starts a provider binary in debug mode with `env` (what it configures itself from, credentials
 * included) and resolves to `{ reattach, stop }`, or to `{ reason }` when it cannot.
 */
function startDebugProvider(binary, env = process.env, timeoutMs = START_TIMEOUT_MS) {
  // Its output goes to a file, not a pipe: a parent blocked in spawnSync would stop draining a pipe, and
  // the provider would block writing to it in the middle of a terraform command.
  const folder = mkdtempSync(join(tmpdir(), 'tt-debug-provider-'));
  const log = join(folder, 'provider.log');
  const fd = openSync(log, 'w');
  // Its SDKs log every request at trace level in debug mode (a megabyte a command): off.
  const quiet = Object.fromEntries(['TF_LOG_PROVIDER', 'TF_LOG_SDK', 'TF_LOG_SDK_PROTO', 'TF_LOG_SDK_FRAMEWORK', 'TF_LOG_SDK_HELPER_SCHEMA', 'TF_LOG_SDK_MUX'].map((name) => [name, 'off']));
  const child = spawn(binary, ['-debug'], { env: { ...env, ...quiet }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const said = () => readFileSync(log, 'utf8');
  return new Promise((resolveStart) => {
    let exited;
    child.on('error', (error) => (exited = `${binary} did not start: ${error.message}`));
    child.on('exit', (code, signal) => (exited = `${binary} -debug exited (${signal ?? code}) before it printed a reattach line`));
    const started = Date.now();
    const poll = () => {
      const output = said();
      const line = /TF_REATTACH_PROVIDERS='([^'\n]+)'/.exec(output);
      if (line !== null) {
        resolveStart({ reattach: line[1], stop: () => (child.kill(), rmSync(folder, { recursive: true, force: true })) });
      } else if (exited !== undefined || Date.now() - started > timeoutMs) {
        const last = output.trim().split('\n').pop();
        child.kill('SIGKILL');
        rmSync(folder, { recursive: true, force: true });
        resolveStart({ reason: `${exited ?? `${binary} -debug printed no reattach line within ${timeoutMs / 1000} s`}${last ? `: ${last}` : ''}` });
      } else {
        setTimeout(poll, 25);
      }
    };
    poll();
  });
}

module.exports = { startDebugProvider };
