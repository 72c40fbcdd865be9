// `npm run synth:hcl`: the stacks as HCL, for reading and review, in cdktf.out/hcl/<stack>/cdk.tf,
// away from the JSON stacks that `cdktf deploy/diff` use (a cdk.tf beside a cdk.tf.json would declare
// every resource twice). It runs the synth app twice, as JSON (restored from the synth cache when
// nothing changed) and as HCL, mends the HCL with the JSON as the reference (src/synth/hcl-repair.ts:
// cdktf 0.21 writes unescaped quotes, `0 = "required_version"`, precondition lists, quoted
// references and WAF statements as objects, and drops empty lists), and formats it
// with `terraform fmt` when terraform is on PATH.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { repairHcl } from '../src/synth/hcl-repair';

const OUTDIR = resolve(process.env.CDKTF_OUTDIR ?? 'cdktf.out');
const HCL_DIR = join(OUTDIR, 'hcl');

/** Runs the synth app into `outdir`; its own messages (a config error) go to stderr as they are. */
function synth(outdir: string, hcl: boolean): boolean {
  const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outdir };
  if (hcl) {
    env.SYNTH_HCL_OUTPUT = 'true';
  } else {
    delete env.SYNTH_HCL_OUTPUT;
  }
  const result = spawnSync(process.execPath, ['--require', join(__dirname, 'register-ts.cjs'), join(__dirname, 'synth.ts')], { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(result.stderr);
  }
  return result.status === 0;
}

/**
 * `terraform fmt` of the text, or the text as it is when terraform is not on PATH (then says so once).
 * HCL that terraform cannot parse is an error: this command never writes what Terraform cannot read.
 */
function format(hcl: string): { readonly text: string; readonly formatted: boolean } | { readonly invalid: string } {
  const result = spawnSync('terraform', ['fmt', '-no-color', '-'], { input: hcl, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  if (result.error !== undefined) {
    return { text: hcl, formatted: false };
  }
  return result.status === 0 ? { text: result.stdout, formatted: true } : { invalid: result.stderr.trim() };
}

function run(): number {
  const scratch = mkdtempSync(join(tmpdir(), 'tt-synth-hcl-'));
  try {
    const jsonOut = join(scratch, 'json');
    const hclOut = join(scratch, 'hcl');
    if (!synth(jsonOut, false) || !synth(hclOut, true)) {
      return 1;
    }
    const stacks = readdirSync(join(hclOut, 'stacks')).sort();
    const staged = join(scratch, 'out');
    const lines: string[] = [];
    let unformatted = false;
    for (const stack of stacks) {
      const json: unknown = JSON.parse(readFileSync(join(jsonOut, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
      const { hcl, repairs } = repairHcl(readFileSync(join(hclOut, 'stacks', stack, 'cdk.tf'), 'utf8'), json);
      const formattedHcl = format(hcl);
      if ('invalid' in formattedHcl) {
        process.stderr.write(`npm run synth:hcl: the mended HCL of ${stack} is still not valid HCL, so nothing was written (terraform fmt):\n${formattedHcl.invalid}\n`);
        return 1;
      }
      const { text, formatted } = formattedHcl;
      unformatted ||= !formatted;
      mkdirSync(join(staged, stack), { recursive: true });
      writeFileSync(join(staged, stack, 'cdk.tf'), text);
      const baseline = join(jsonOut, 'stacks', stack, '.checkov.baseline');
      if (existsSync(baseline)) {
        cpSync(baseline, join(staged, stack, '.checkov.baseline'));
      }
      const mended = [
        repairs.escaped.length > 0 ? `${repairs.escaped.length} string(s) escaped` : '',
        repairs.restoredOverrides.length > 0 ? `${repairs.restoredOverrides.join(', ')} restored` : '',
        repairs.restoredEmptyLists.length > 0 ? `${repairs.restoredEmptyLists.length} empty list(s) restored` : '',
        repairs.conditionBlocks.length > 0 ? `${repairs.conditionBlocks.length} condition list(s) made blocks` : '',
        repairs.nestedBlocks.length > 0 ? `${repairs.nestedBlocks.length} object(s) of skipped types made blocks` : '',
        repairs.unquotedReferences.length > 0 ? `${repairs.unquotedReferences.length} reference list(s) unquoted` : '',
        repairs.lostOverrides.length > 0 ? `NOT RESTORED: ${repairs.lostOverrides.join(', ')} (not a plain value; see the JSON)` : '',
      ].filter((part) => part !== '');
      lines.push(`  ${stack}: ${mended.length > 0 ? `cdktf 0.21's HCL mended: ${mended.join('; ')}` : 'as cdktf wrote it'}`);
    }
    // The whole folder at once: stacks no longer built leave nothing behind.
    rmSync(HCL_DIR, { recursive: true, force: true });
    mkdirSync(OUTDIR, { recursive: true });
    renameSync(staged, HCL_DIR);
    const shown = (path: string): string => relative(process.cwd(), path) || '.';
    process.stdout.write(
      `HCL of ${stacks.length} stacks in ${shown(join(HCL_DIR, '<stack>', 'cdk.tf'))}, for reading and review (deploy and diff use the JSON of npm run synth, ${shown(join(OUTDIR, 'stacks'))}):\n${lines.join('\n')}\n${unformatted ? '  (terraform is not on PATH: the HCL is not formatted with terraform fmt)\n' : ''}`,
    );
    return 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

process.exitCode = run();
