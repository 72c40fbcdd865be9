// `npm run terraform:mirror -- <folder>` with a stand-in terraform on PATH (the real one would download
// from the registry): it must ask for the provider version the stacks pin, for this platform, into the
// folder given, skip a folder that already holds it, and say clearly when terraform fails or is missing.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import providerPackage from '@cdktf/provider-aws/package.json';
import { terraformPlatform } from '../../src/terraform/platform.cjs';

const ROOT = resolve(__dirname, '..', '..');
const VERSION = providerPackage.cdktf.provider.version;

/** A terraform that records its arguments and configuration, then writes what `providers mirror` writes (or fails). */
function standIn(dir: string, fail: boolean): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'terraform'),
    `#!/usr/bin/env bash
printf '%s\\n' "$@" >> ${JSON.stringify(join(dir, 'calls'))}
cat versions.tf.json > ${JSON.stringify(join(dir, 'config.json'))}
${fail ? 'echo "Failed to query available provider packages" >&2; exit 1' : `target="\${@: -1}"; mkdir -p "$target/registry.terraform.io/hashicorp/aws"; touch "$target/registry.terraform.io/hashicorp/aws/terraform-provider-aws_${VERSION}_${terraformPlatform()}.zip"`}
`,
  );
  chmodSync(join(bin, 'terraform'), 0o755);
  return bin;
}

function mirror(args: readonly string[], options: { readonly fail?: boolean; readonly path?: string } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tt-mirror-'));
  const bin = standIn(dir, options.fail === true);
  const run = () =>
    spawnSync(process.execPath, ['--require', './scripts/register-ts.cjs', 'scripts/provider-mirror.ts', ...args.map((arg) => arg.replace('<dir>', dir))], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, PATH: options.path ?? `${bin}:${process.env.PATH ?? ''}` },
    });
  const read = (name: string): string => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : '');
  return { dir, run, read };
}

describe('npm run terraform:mirror', () => {
  it('mirrors the pinned AWS provider for this platform into the folder, then leaves a folder that has it alone', () => {
    const { dir, run, read } = mirror(['<dir>/mirror']);
    const first = run();
    expect(first.status).toBe(0);
    expect(read('calls').split('\n')).toEqual(['providers', 'mirror', `-platform=${terraformPlatform()}`, join(dir, 'mirror'), '']);
    expect(JSON.parse(read('config.json'))).toEqual({ terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: VERSION } } } });
    expect(first.stdout).toBe(`hashicorp/aws ${VERSION} for ${terraformPlatform()} is in ${join(dir, 'mirror')}; run the terraform tier with TT_TF_PLUGIN_MIRROR=${join(dir, 'mirror')} npm test\n`);
    const again = run();
    expect([again.status, again.stdout]).toEqual([0, `${join(dir, 'mirror')} already holds hashicorp/aws ${VERSION} for ${terraformPlatform()}\n`]);
    expect(
      read('calls')
        .split('\n')
        .filter((line) => line === 'providers'),
    ).toHaveLength(1);
  });

  it('says what failed when terraform fails, or is not installed, and how to call it without a folder', () => {
    const failing = mirror(['<dir>/mirror'], { fail: true }).run();
    expect([failing.status, failing.stderr]).toEqual([1, 'Failed to query available provider packages\nterraform providers mirror failed (exit 1): it downloads from registry.terraform.io\n']);
    const missing = mirror(['<dir>/mirror'], { path: '/nonexistent' });
    const result = spawnSync(process.execPath, ['--require', join(ROOT, 'scripts/register-ts.cjs'), join(ROOT, 'scripts/provider-mirror.ts'), join(missing.dir, 'mirror')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: '/nonexistent' },
    });
    expect([result.status, result.stderr]).toEqual([1, 'terraform could not be run (spawnSync terraform ENOENT): install Terraform >= 1.10 first\n']);
    const usage = mirror([]).run();
    expect([usage.status, usage.stderr]).toEqual([2, 'usage: npm run terraform:mirror -- <folder>   (then TT_TF_PLUGIN_MIRROR=<folder> npm test)\n']);
  });

  it('names platforms as Terraform does', () => {
    expect([terraformPlatform('linux', 'x64'), terraformPlatform('darwin', 'arm64'), terraformPlatform('win32', 'x64')]).toEqual(['linux_amd64', 'darwin_arm64', 'windows_amd64']);
  });
});
