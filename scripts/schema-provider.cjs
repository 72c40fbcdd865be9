// One AWS provider for the whole test run's read-only terraform commands (`show`, `validate`,
// `providers schema`). Each terraform command otherwise starts the 700 MB provider and checksums it
// against the lock file: about 2 of the 4 to 5 s of CPU a `validate` or `show` costs. Started in
// debug mode (src/terraform/debug-provider.cjs), the provider prints the TF_REATTACH_PROVIDERS value
// that lets terraform attach to it instead; `npm test` passes it on as TT_TF_SCHEMA_PROVIDER
// (src/terraform/offline-plan.ts, schemaReaderEnvironment). Never for plan or apply: they configure
// the provider, and every configuration would share one process.
'use strict';
const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { startDebugProvider } = require('../src/terraform/debug-provider.cjs');
const { terraformPlatform } = require('../src/terraform/platform.cjs');

/** The mirror our machines hold (src/terraform/offline-plan.ts, DEFAULT_PLUGIN_MIRROR). */
const DEFAULT_PLUGIN_MIRROR = '/opt/tf-plugins';

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
  const folder = join(mirror, 'registry.terraform.io', 'hashicorp', 'aws', String(version), terraformPlatform());
  const binary = existsSync(folder) ? readdirSync(folder).find((name) => name.startsWith('terraform-provider-aws')) : undefined;
  return binary === undefined ? { reason: `no unpacked hashicorp/aws ${version} for ${terraformPlatform()} in the mirror ${mirror}` } : { path: join(folder, binary) };
}

/**
 * Starts the provider in debug mode and resolves to `{ reattach, stop }`, or to `{ reason }` when it
 * cannot: the run then goes on without it, each command starting its own provider.
 */
function startSchemaProvider(root, env = process.env, timeoutMs) {
  const found = findProvider(root, env);
  return found.path === undefined ? Promise.resolve({ reason: found.reason }) : startDebugProvider(found.path, env, timeoutMs);
}

module.exports = { startSchemaProvider };
