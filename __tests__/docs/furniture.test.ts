// What a newcomer expects of the repository besides the code: a licence that matches package.json, a
// Node version to install, no dangling "main", git ignoring what the tools leave behind, the root help
// naming only commands that exist, and a linter and formatter that `npm test` runs (scripts/test.cjs).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const ROOT = resolve(__dirname, '..', '..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

const manifest = z
  .object({
    license: z.string(),
    main: z.string().optional(),
    engines: z.object({ node: z.string() }),
    scripts: z.record(z.string(), z.string()),
    devDependencies: z.record(z.string(), z.string()),
  })
  .parse(JSON.parse(read('package.json')));

describe('project furniture', () => {
  it('LICENSE holds the canonical text of the licence package.json names (SPDX list, as shipped on npm)', () => {
    const spdx = z.object({ licenseText: z.string() }).parse(JSON.parse(readFileSync(require.resolve(`spdx-license-list/licenses/${manifest.license}.json`), 'utf8')));
    expect(manifest.license).toBe('MPL-2.0');
    expect(read('LICENSE').trimEnd()).toBe(spdx.licenseText.trimEnd());
  });

  it('"main" names a file that exists, or is absent; .nvmrc names a Node major that engines accepts', () => {
    expect(manifest.main === undefined || existsSync(join(ROOT, manifest.main))).toBe(true);
    const major = read('.nvmrc').trim();
    expect(major).toMatch(/^\d+$/);
    expect(manifest.engines.node).toBe(`>=${major}.19`);
  });

  it('git ignores the cdktf log and the lock files of local Terraform state', () => {
    const ignored = spawnSync('git', ['check-ignore', '--no-index', 'cdktf.log', 'terraform.state.tfstate.lock.info', '.terraform.tfstate.lock.info', 'cdktf.out/stacks/dev/cdk.tf'], { cwd: ROOT, encoding: 'utf8' });
    expect(ignored.stdout.split('\n').filter((line) => line !== '')).toEqual(['cdktf.log', 'terraform.state.tfstate.lock.info', '.terraform.tfstate.lock.info', 'cdktf.out/stacks/dev/cdk.tf']);
  });

  it('the root help names only npm scripts that exist, and the ones a newcomer needs', () => {
    const help = read('help');
    const named = [...help.matchAll(/npm run ([a-z][a-z:-]*)/g)].map((match) => match[1]);
    expect(named.filter((script) => !(script in manifest.scripts))).toEqual([]);
    expect(new Set(named)).toEqual(new Set(['synth', 'synth:hcl', 'test:unit', 'test:behaviour', 'review', 'plan:offline', 'terraform:mirror', 'diagram', 'docs', 'bench', 'deploy', 'diff', 'destroy']));
    expect(help).toContain('npm test ');
  });

  it('the linter and the formatter are pinned devDependencies with their configuration', () => {
    for (const name of ['oxlint', 'oxfmt']) {
      expect([name, manifest.devDependencies[name]]).toEqual([name, expect.stringMatching(/^\d+\.\d+\.\d+$/)]);
    }
    expect(['.oxlintrc.json', '.oxfmtrc.jsonc'].filter((file) => !existsSync(join(ROOT, file)))).toEqual([]);
  });
});
