// One AWS provider for the whole test run's read-only terraform commands (`show`, `validate`,
// `providers schema`). Each terraform command otherwise starts the 700 MB provider and checksums it
// against the lock file: about 2 of the 4 to 5 s of CPU a `validate` or `show` costs. Started in
// debug mode, the provider prints the TF_REATTACH_PROVIDERS value that lets terraform attach to it
// instead; `npm test` passes it on as TT_TF_SCHEMA_PROVIDER (src/terraform/offline-plan.ts,
// schemaReaderEnvironment). Never for plan or apply: they configure the provider, and every
// configuration would share one process.
'use strict';
const { spawn } = require('node:child_process');
const { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

/** The mirror our machines hold (src/terraform/offline-plan.ts, DEFAULT_PLUGIN_MIRROR). */
const DEFAULT_PLUGIN_MIRROR = '/opt/tf-plugins';
/** How long the provider may take to print its reattach line (it takes about 0.5 s). */
const START_TIMEOUT_MS = 30_000;

/** Terraform's name for this platform, as the mirror's folders use it (linux_amd64). */
function platform() {
  const arch = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' }[process.arch] ?? process.arch;
  return `${process.platform === 'win32' ? 'windows' : process.platform}_${arch}`;
}

/**
 * The provider binary of the version the project's bindings were generated for, unpacked in the
 * mirror; or why there is none.
 */
function findProvider(root, env) {
  const manifest = join(root, 'node_modules', '@cdktf', 'provider-aws', 'package.json');
  if (!existsSync(manifest)) {
    return { reason: '@cdktf/provider-aws is not installed (npm ci)' };
  }
  const version = JSON.parse(readFileSync(manifest, 'utf8')).cdktf?.provider?.version;
  const mirror = env.TT_TF_PLUGIN_MIRROR ?? DEFAULT_PLUGIN_MIRROR;
  const folder = join(mirror, 'registry.terraform.io', 'hashicorp', 'aws', String(version), platform());
  const binary = existsSync(folder) ? readdirSync(folder).find((name) => name.startsWith('terraform-provider-aws')) : undefined;
  return binary === undefined ? { reason: `no unpacked hashicorp/aws ${version} for ${platform()} in the mirror ${mirror}` } : { path: join(folder, binary) };
}

/**
 * Starts the provider in debug mode and resolves to `{ reattach, stop }`, or to `{ reason }` when it
 * cannot: the run then goes on without it, each command starting its own provider.
 */
function startSchemaProvider(root, env = process.env, timeoutMs = START_TIMEOUT_MS) {
  const found = findProvider(root, env);
  if (found.path === undefined) {
    return Promise.resolve({ reason: found.reason });
  }
  // Its output goes to a file, not a pipe: a parent blocked in spawnSync would stop draining a pipe, and
  // the provider would block writing to it in the middle of a terraform command.
  const folder = mkdtempSync(join(tmpdir(), 'tt-schema-provider-'));
  const log = join(folder, 'provider.log');
  const fd = openSync(log, 'w');
  // Its SDKs log every request at trace level in debug mode (a megabyte a command): off.
  const quiet = Object.fromEntries(['TF_LOG_PROVIDER', 'TF_LOG_SDK', 'TF_LOG_SDK_PROTO', 'TF_LOG_SDK_FRAMEWORK', 'TF_LOG_SDK_HELPER_SCHEMA', 'TF_LOG_SDK_MUX'].map((name) => [name, 'off']));
  const child = spawn(found.path, ['-debug'], { env: { ...env, ...quiet }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const said = () => readFileSync(log, 'utf8');
  return new Promise((resolveStart) => {
    let exited;
    child.on('error', (error) => (exited = `${found.path} did not start: ${error.message}`));
    child.on('exit', (code, signal) => (exited = `${found.path} -debug exited (${signal ?? code}) before it printed a reattach line`));
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
        resolveStart({ reason: `${exited ?? `${found.path} -debug printed no reattach line within ${timeoutMs / 1000} s`}${last ? `: ${last}` : ''}` });
      } else {
        setTimeout(poll, 25);
      }
    };
    poll();
  });
}

module.exports = { platform, startSchemaProvider };
