import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError } from '../../src/config';
import { SynthOutputCache, type SynthListing } from '../../src/synth/output-cache';

const LISTING: SynthListing = {
  state: { region: 'ap-northeast-2', bucket: 'three-tier-tfstate-ap-northeast-2' },
  environments: [{ name: 'dev', region: 'ap-northeast-2', production: false, chain: ['dev'] }],
};

const MANIFEST = JSON.stringify({ version: '0.21.0', stacks: { dev: { name: 'dev', workingDirectory: 'stacks/dev', synthesizedStackPath: 'stacks/dev/cdk.tf.json' } } });

function write(root: string, files: Readonly<Record<string, string>>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

/** Every file below a folder with its content. */
function tree(root: string): Record<string, string> {
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((path) => statSync(join(root, path)).isFile());
  return Object.fromEntries(files.sort().map((path) => [path, readFileSync(join(root, path), 'utf8')]));
}

/** A made-up project, config folder, package file and synth output in a temp folder. */
function fixture() {
  const root = mkdtempSync(join(tmpdir(), 'tt-synth-cache-'));
  const project = join(root, 'project');
  write(project, { 'main.ts': 'main', 'src/stacks/stack.ts': 'stack', 'src/constructs/boot/nat.sh': '#!/bin/sh', 'data/prices.json': '{}' });
  const config = join(root, 'config');
  write(config, { 'staging.json': '{"extends":"dev"}' });
  const packageFile = join(root, 'node_modules', 'cdktf', 'index.js');
  write(root, { 'node_modules/cdktf/index.js': 'module.exports = {}' });
  const outdir = join(root, 'out');
  write(outdir, { 'manifest.json': MANIFEST, 'stacks/dev/cdk.tf.json': '{"resource":{}}', 'stacks/dev/.checkov.baseline': '{"failed_checks":[]}\n' });
  const env: NodeJS.ProcessEnv = { TT_CONFIG_DIR: config, TT__network__natMode: 'instance', PATH: '/usr/bin' };
  const cacheDir = join(root, 'cache');
  const cache = (overrides: NodeJS.ProcessEnv = {}, into = join(root, `restored-${Math.random().toString(36).slice(2)}`)) =>
    new SynthOutputCache({ outdir: into, env: { ...env, ...overrides }, projectRoot: project, cacheDir });
  const stored = new SynthOutputCache({ outdir, env, projectRoot: project, cacheDir });
  stored.store(LISTING, [packageFile]);
  return { root, project, config, packageFile, outdir, env, cacheDir, cache };
}

describe('the synth output cache', () => {
  it('restores what an identical synth wrote, byte for byte, into another folder, with its listing', () => {
    const { outdir, cache, root } = fixture();
    const into = join(root, 'elsewhere');
    expect(cache({}, into).restore()).toEqual(LISTING);
    expect(tree(into)).toEqual(tree(outdir));
  });

  it('keeps what deploys leave in a stack folder out (.terraform/, the lock file), and folders the manifest does not list', () => {
    const { root, project, env, cacheDir, packageFile } = fixture();
    const outdir = join(root, 'deployed');
    write(outdir, { 'manifest.json': MANIFEST, 'stacks/dev/cdk.tf.json': '{}', 'stacks/dev/.terraform/providers/aws': 'binary', 'stacks/dev/.terraform.lock.hcl': 'provider', 'stacks/old/cdk.tf.json': '{}' });
    new SynthOutputCache({ outdir, env: { ...env, TT__x: '1' }, projectRoot: project, cacheDir }).store(LISTING, [packageFile]);
    const into = join(root, 'restored');
    new SynthOutputCache({ outdir: into, env: { ...env, TT__x: '1' }, projectRoot: project, cacheDir }).restore();
    expect(Object.keys(tree(into))).toEqual(['manifest.json', 'stacks/dev/cdk.tf.json']);
  });

  it('is not told apart by where the output goes or where caches are kept', () => {
    const { cache } = fixture();
    expect(cache({ CDKTF_OUTDIR: '/somewhere/else', TT_TS_CACHE_DIR: '/tmp/ts', TT_SYNTH_CACHE: 'on', PATH: '/bin' }).restore()).toEqual(LISTING);
  });

  it.each([
    ['a TT_ override', { TT__network__natMode: 'single' }],
    ['a TT_ variable added', { TT_PROD__dns__domain: 'shop.example' }],
    ['TT_ENVIRONMENTS', { TT_ENVIRONMENTS: 'dev' }],
    ['cdktf context from the CLI', { CDKTF_CONTEXT_JSON: '{"excludeStackIdFromLogicalIds":"true"}' }],
    ['HCL output asked for as anything but "true"', { SYNTH_HCL_OUTPUT: '1' }],
  ])('misses when a variable the synth reads differs: %s', (_name, overrides) => {
    expect(fixture().cache(overrides).restore()).toBeUndefined();
  });

  it('misses when a config file changes, is added or the folder is missing', () => {
    const first = fixture();
    write(first.config, { 'staging.json': '{"extends":"prod"}' });
    expect(first.cache().restore()).toBeUndefined();
    const second = fixture();
    write(second.config, { 'sandbox.json': '{"extends":"dev"}' });
    expect(second.cache().restore()).toBeUndefined();
    expect(fixture().cache({ TT_CONFIG_DIR: '/nonexistent/tt-config' }).restore()).toBeUndefined();
  });

  it('misses when main.ts or any file under src/ or data/ changes, a boot script included', () => {
    for (const path of ['main.ts', 'src/stacks/stack.ts', 'src/constructs/boot/nat.sh', 'data/prices.json', 'src/added.ts']) {
      const { project, cache } = fixture();
      write(project, { [path]: 'edited' });
      expect([path, cache().restore()]).toEqual([path, undefined]);
    }
  });

  it('misses when a package file the synth loaded changed size or time, or is gone', () => {
    const grown = fixture();
    write(grown.root, { 'node_modules/cdktf/index.js': 'module.exports = { patched: true }' });
    expect(grown.cache().restore()).toBeUndefined();
    const touched = fixture();
    utimesSync(touched.packageFile, new Date(), new Date(Date.now() + 60_000));
    expect(touched.cache().restore()).toBeUndefined();
  });

  it('reads a cut-short or foreign entry as a miss, which the next store replaces', () => {
    const { cacheDir, cache, outdir, env, project, packageFile } = fixture();
    const [entry] = readdirSync(cacheDir);
    writeFileSync(join(cacheDir, entry), '{"format":1,"key":');
    expect(cache().restore()).toBeUndefined();
    writeFileSync(join(cacheDir, entry), JSON.stringify({ format: 1, key: 'other' }));
    expect(cache().restore()).toBeUndefined();
    new SynthOutputCache({ outdir, env, projectRoot: project, cacheDir }).store(LISTING, [packageFile]);
    expect(cache().restore()).toEqual(LISTING);
  });

  it('keeps the newest 16 entries', () => {
    const { cacheDir, outdir, env, project, packageFile } = fixture();
    for (let index = 0; index < 20; index += 1) {
      new SynthOutputCache({ outdir, env: { ...env, TT__tags__Run: String(index) }, projectRoot: project, cacheDir }).store(LISTING, [packageFile]);
    }
    expect(readdirSync(cacheDir).filter((name) => name.endsWith('.json'))).toHaveLength(16);
  });

  it('stores nothing, and fails nothing, when its folder cannot be made', () => {
    const { root, outdir, env, project, packageFile } = fixture();
    // Below a file: no folder can be made there, whoever runs the test.
    const cacheDir = join(root, 'node_modules', 'cdktf', 'index.js', 'cache');
    const cache = new SynthOutputCache({ outdir, env, projectRoot: project, cacheDir });
    expect(() => cache.store(LISTING, [packageFile])).not.toThrow();
    expect(cache.restore()).toBeUndefined();
  });

  it('is off for HCL output (cdktf synth --hcl also writes a metadata file per stack)', () => {
    expect(SynthOutputCache.fromEnvironment({ outdir: 'out', env: { SYNTH_HCL_OUTPUT: 'true' } })).toBeUndefined();
  });

  it('is off with TT_SYNTH_CACHE=off, and names the variable for any value but on/off', () => {
    expect(SynthOutputCache.fromEnvironment({ outdir: 'out', env: { TT_SYNTH_CACHE: 'off' } })).toBeUndefined();
    expect(SynthOutputCache.fromEnvironment({ outdir: 'out', env: {} })).toBeInstanceOf(SynthOutputCache);
    expect(SynthOutputCache.fromEnvironment({ outdir: 'out', env: { SYNTH_HCL_OUTPUT: 'false' } })).toBeInstanceOf(SynthOutputCache);
    expect(() => SynthOutputCache.fromEnvironment({ outdir: 'out', env: { TT_SYNTH_CACHE: 'maybe' } })).toThrow(new ConfigError('TT_SYNTH_CACHE: "maybe" is not a setting; allowed: on, off'));
  });
});
