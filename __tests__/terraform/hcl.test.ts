// `npm run synth:hcl` against `npm run synth`, as a user runs them one after the other into cdktf.out:
// the HCL lands in cdktf.out/hcl/<stack>/ and never beside a cdk.tf.json; HashiCorp's own parser
// (@cdktf/hcl2json, hcl/v2 compiled to WebAssembly) reads from it the configuration the JSON carries;
// and Terraform itself formats (`fmt -check`) and validates (`init -backend=false` + `validate`
// against the provider mirror) every stack's HCL. The raw `cdktf synth --hcl` output fails all three
// (src/synth/hcl-repair.ts lists its defects); this is what proves the mended output does not.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse } from '@cdktf/hcl2json';
import { z } from 'zod';
import { mirrorCliConfig, OFFLINE_ENV, schemaReaderEnvironment } from '../../src/terraform/offline-plan';
import { availability, describeWithTerraform } from '../support/terraform';

const ROOT = resolve(__dirname, '..', '..');
const execFileAsync = promisify(execFile);

type Json = { [key: string]: unknown };

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Runs a synth script of this project into `outdir`, every stack (the presets: the hermetic TT_CONFIG_DIR). */
function runScript(script: string, outdir: string, extra: NodeJS.ProcessEnv = {}): { readonly stdout: string; readonly stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1', ...extra };
  delete env.TT_ENVIRONMENTS;
  const result = spawnSync(process.execPath, ['--require', './scripts/register-ts.cjs', script], { cwd: ROOT, env, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${script} failed with ${String(result.status)}:\n${result.stderr}`);
  }
  return { stdout: result.stdout, stderr: result.stderr };
}

interface Difference {
  readonly path: string;
  readonly json: unknown;
  readonly hcl: unknown;
}

/**
 * Where the JSON and the parsed HCL carry different configuration. Two things differ by syntax alone
 * and are not counted: (1) `"//"` keys, cdktf's construct metadata, which the HCL does not carry;
 * (2) a block written as one JSON object, which HCL's JSON syntax allows, where hcl2json always returns
 * a list of blocks (`[{...}]`).
 */
function differences(json: unknown, hcl: unknown, path: string, out: Difference[]): void {
  if (isJson(json) && Array.isArray(hcl) && hcl.length === 1 && isJson(hcl[0])) {
    differences(json, hcl[0], path, out);
    return;
  }
  if (Array.isArray(json) && Array.isArray(hcl) && json.length === hcl.length) {
    json.forEach((item, index) => differences(item, hcl[index], `${path}[${index}]`, out));
    return;
  }
  if (isJson(json) && isJson(hcl)) {
    const keys = new Set([...Object.keys(json).filter((key) => key !== '//'), ...Object.keys(hcl)]);
    for (const key of keys) {
      differences(json[key], hcl[key], `${path}.${key}`, out);
    }
    return;
  }
  if (json !== hcl) {
    out.push({ path, json, hcl });
  }
}

/**
 * References in `depends_on` and `lifecycle` lists are bare in HCL and strings in JSON: hcl2json
 * returns them as `${aws_x.y}`, the JSON as `aws_x.y`. The same reference either way.
 */
function sameReference(difference: Difference): boolean {
  return /\.(depends_on|ignore_changes)\[\d+\]$/.test(difference.path) && typeof difference.hcl === 'string' && difference.hcl === `\${${String(difference.json)}}`;
}

const show = (value: unknown): string => (value === undefined ? 'absent' : JSON.stringify(value).slice(0, 160));

describe('npm run synth:hcl after npm run synth, into one cdktf.out', () => {
  const outdir = join(mkdtempSync(join(os.tmpdir(), 'tt-hcl-')), 'cdktf.out');
  runScript('scripts/synth.ts', outdir);
  const listing = runScript('scripts/synth-hcl.ts', outdir).stdout;
  const stacks = readdirSync(join(outdir, 'stacks')).sort();

  afterAll(() => {
    rmSync(resolve(outdir, '..'), { recursive: true, force: true });
  });

  it('writes the HCL of every stack to cdktf.out/hcl/<stack>/cdk.tf and leaves the JSON stacks alone', () => {
    expect(stacks).toEqual(['dev', 'prod', 'state']);
    expect(readdirSync(join(outdir, 'hcl')).sort()).toEqual(stacks);
    for (const stack of stacks) {
      expect([stack, readdirSync(join(outdir, 'stacks', stack)).sort()]).toEqual([stack, ['.checkov.baseline', 'cdk.tf.json']]);
      expect([stack, existsSync(join(outdir, 'hcl', stack, 'cdk.tf'))]).toEqual([stack, true]);
    }
    expect(listing).toMatch(/^HCL of 3 stacks in .*hcl\/<stack>\/cdk\.tf/);
    expect(listing).toMatch(
      /prod: cdktf 0\.21's HCL mended: \d+ string\(s\) escaped; terraform\.required_version restored; 2 empty list\(s\) restored; 1 condition list\(s\) made blocks; 5 object\(s\) of skipped types made blocks/,
    );
  });

  it.each(['dev', 'prod', 'state'])(
    "%s: HashiCorp's parser reads from the HCL the configuration the JSON carries",
    async (stack) => {
      const json: unknown = JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
      const hcl: unknown = await parse(`${stack}/cdk.tf`, readFileSync(join(outdir, 'hcl', stack, 'cdk.tf'), 'utf8'));
      const found: Difference[] = [];
      differences(json, hcl, stack, found);
      expect(found.filter((difference) => !sameReference(difference)).map((difference) => `${difference.path}: JSON ${show(difference.json)} vs HCL ${show(difference.hcl)}`)).toEqual([]);
    },
    30_000,
  );

  it('cdktf synth --hcl straight from the CLI (SYNTH_HCL_OUTPUT) replaces the JSON instead of joining it, and the next JSON synth replaces it back', () => {
    const stderr = runScript('scripts/synth.ts', outdir, { SYNTH_HCL_OUTPUT: 'true' }).stderr;
    expect(stderr).toContain('`npm run synth:hcl` writes mended HCL to cdktf.out/hcl');
    expect(readdirSync(join(outdir, 'stacks', 'dev')).sort()).toEqual(['.checkov.baseline', 'cdk.tf', 'metadata.json']);
    runScript('scripts/synth.ts', outdir);
    expect(readdirSync(join(outdir, 'stacks', 'dev')).sort()).toEqual(['.checkov.baseline', 'cdk.tf.json']);
  }, 60_000);

  // One root calling the three stacks as modules: one init and one validate (about 8 s of CPU) instead
  // of one per stack (about 6 s each). As modules, their backend blocks are ignored with a warning.
  describeWithTerraform('terraform fmt -check, init -backend=false and validate of the HCL', () => {
    it('every stack is formatted, and valid for Terraform and the AWS provider', async () => {
      if (!availability.available) {
        throw new Error(availability.reason);
      }
      const root = join(outdir, 'validate');
      mkdirSync(root);
      writeFileSync(join(root, 'main.tf'), stacks.map((stack) => `module "${stack}" {\n  source = "../hcl/${stack}"\n}\n`).join(''));
      const cliConfig = join(root, 'terraform.rc');
      writeFileSync(cliConfig, mirrorCliConfig(availability.mirror));
      // fmt, init and validate only read the provider's schema.
      const env = schemaReaderEnvironment({ ...process.env, ...OFFLINE_ENV, TF_CLI_CONFIG_FILE: cliConfig });
      const terraform = async (cwd: string, ...args: string[]): Promise<string> => (await execFileAsync('terraform', args, { cwd, env, maxBuffer: 64 * 1024 * 1024 })).stdout;
      for (const stack of stacks) {
        expect([stack, await terraform(join(outdir, 'hcl', stack), 'fmt', '-check', '-no-color')]).toEqual([stack, '']);
      }
      await terraform(root, 'init', '-backend=false', '-input=false', '-no-color');
      const validated = z
        .object({ valid: z.boolean(), error_count: z.number(), diagnostics: z.array(z.object({ severity: z.string(), summary: z.string() })) })
        .parse(JSON.parse(await terraform(root, 'validate', '-json', '-no-color')));
      expect([validated.valid, validated.error_count]).toEqual([true, 0]);
      expect(validated.diagnostics.filter((diagnostic) => diagnostic.summary !== 'Backend configuration ignored')).toEqual([]);
    }, 180_000);
  });
});
