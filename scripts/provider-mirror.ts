// `npm run terraform:mirror -- <folder>`: puts the AWS provider the stacks pin (the version
// @cdktf/provider-aws wraps) into a filesystem mirror with `terraform providers mirror`, from the
// registry (this needs the internet once). The terraform tier then runs with
// TT_TF_PLUGIN_MIRROR=<folder>. A folder that already holds the provider for this platform is left alone.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import providerPackage from '@cdktf/provider-aws/package.json';
import { terraformPlatform } from '../src/terraform/platform.cjs';

function run(args: readonly string[]): number {
  if (args.length !== 1 || args[0].startsWith('-')) {
    process.stderr.write('usage: npm run terraform:mirror -- <folder>   (then TT_TF_PLUGIN_MIRROR=<folder> npm test)\n');
    return 2;
  }
  const folder = resolve(args[0]);
  const version = providerPackage.cdktf.provider.version;
  const platform = terraformPlatform();
  const provider = join(folder, 'registry.terraform.io', 'hashicorp', 'aws');
  // Packed (what `providers mirror` writes) or unpacked (a copy of .terraform/providers).
  if (existsSync(join(provider, `terraform-provider-aws_${version}_${platform}.zip`)) || existsSync(join(provider, version, platform))) {
    process.stdout.write(`${folder} already holds hashicorp/aws ${version} for ${platform}\n`);
    return 0;
  }
  const config = mkdtempSync(join(tmpdir(), 'tt-provider-mirror-'));
  try {
    writeFileSync(join(config, 'versions.tf.json'), `${JSON.stringify({ terraform: { required_providers: { aws: { source: 'hashicorp/aws', version } } } }, null, 2)}\n`);
    const mirrored = spawnSync('terraform', ['providers', 'mirror', `-platform=${platform}`, folder], { cwd: config, stdio: 'inherit', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
    if (mirrored.error !== undefined) {
      process.stderr.write(`terraform could not be run (${mirrored.error.message}): install Terraform >= 1.10 first\n`);
      return 1;
    }
    if (mirrored.status !== 0) {
      process.stderr.write(`terraform providers mirror failed (exit ${String(mirrored.status)}): it downloads from registry.terraform.io\n`);
      return 1;
    }
  } finally {
    rmSync(config, { recursive: true, force: true });
  }
  process.stdout.write(`hashicorp/aws ${version} for ${platform} is in ${folder}; run the terraform tier with TT_TF_PLUGIN_MIRROR=${folder} npm test\n`);
  return 0;
}

if (require.main === module) {
  process.exitCode = run(process.argv.slice(2));
}
