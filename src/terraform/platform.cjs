// Terraform's name for a platform, as provider mirrors, `.terraform/providers` and `terraform
// providers mirror -platform` write it (linux_amd64). Plain CommonJS, so that scripts/test.cjs
// (through scripts/schema-provider.cjs) loads it without a TypeScript hook.
'use strict';

/** `terraformPlatform('linux', 'x64')` is `linux_amd64`; by default, this machine's. */
function terraformPlatform(platform = process.platform, arch = process.arch) {
  const os = platform === 'win32' ? 'windows' : platform;
  const cpu = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm' }[arch] ?? arch;
  return `${os}_${cpu}`;
}

module.exports = { terraformPlatform };
