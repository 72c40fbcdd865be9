import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runReview } from '../../src/review/cli';
import { ADMIN_SSH, stackJson, switchEngine } from './support';

/** A cdktf.out-like folder with the dev preset and two changed stacks. */
const outdir = mkdtempSync(join(tmpdir(), 'change-cli-'));
function writeStack(name: string, json: string): void {
  mkdirSync(join(outdir, 'stacks', name), { recursive: true });
  writeFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), json);
}
writeStack('dev', stackJson('dev'));
writeStack('dev-ssh', stackJson('dev', ADMIN_SSH));
writeStack('dev-engine', stackJson('dev', {}, switchEngine));

function review(...argv: readonly string[]): { readonly code: number; readonly stdout: string; readonly stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runReview([...argv, '--outdir', outdir], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), isTty: false, env: {}, columns: 120 });
  return { code, stdout, stderr };
}

describe('npm run review -- --base', () => {
  test('a broadening change exits 0, and 1 with --fail-on broadening; JSON carries the status', () => {
    const plain = review('--base', 'dev', 'dev-ssh', '--format', 'json');
    expect(plain.code).toBe(0);
    const parsed: unknown = JSON.parse(plain.stdout);
    expect(parsed).toEqual(expect.objectContaining({ status: { exitCode: 0, headline: 'opens 1 path, broadens 1 permission', blocking: [] } }));
    const strict = review('--base', 'dev', 'dev-ssh', '--fail-on', 'broadening');
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('new: internet → bastion EC2 on tcp/22 from 203.0.113.0/24');
    expect(strict.stdout).toContain('✖ blocking: exit status 1');
  });

  test('a stateful replacement exits 1; the Markdown starts with the comment marker', () => {
    const result = review('--base', 'dev', 'dev-engine', '--format', 'markdown');
    expect(result.code).toBe(1);
    const [marker, headline] = result.stdout.split('\n');
    expect(marker).toBe('<!-- three-tier-review:dev -->');
    expect(headline).toMatch(/^# Infrastructure change, dev: .*replaces 1 stateful resource/);
  });

  test('one plan JSON is a change on its own: without prior state, everything is created', () => {
    const result = review('--change', '__tests__/review/fixtures/plan.json', '--format', 'json');
    const parsed: unknown = JSON.parse(result.stdout);
    expect(parsed).toEqual(expect.objectContaining({ source: 'plan', before: expect.objectContaining({ origin: '__tests__/review/fixtures/plan.json (prior state)' }) }));
    expect(result.code).toBe(1);
  });

  test.each([
    [['--change', 'dev'], /--base is missing: .*dev\/cdk\.tf\.json is a synthesized stack, which holds no change on its own/],
    [['--fail-on', 'broadening', 'dev'], /--fail-on applies to a change review: add --base <before>, or --change for one plan JSON/],
    [['--base', 'dev', 'dev-ssh', '--fail-on', 'everything'], /unknown --fail-on "everything": use broadening/],
    [['--base', 'nope', 'dev'], /no synthesized stack "nope"/],
    [['--base', 'dev'], /which stack or file\?/],
    [['--base'], /--base needs a value/],
  ])('bad input %j exits 2 with one line of reason', (argv, message) => {
    const result = review(...argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });
});
