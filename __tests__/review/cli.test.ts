import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runReview } from '../../src/review/cli';
import { runDiagram } from '../../src/review/diagram-cli';
import { isObject } from '../../src/review/json';
import { patch, threeTier } from './fixtures/stack';

const outdir = mkdtempSync(join(tmpdir(), 'review-cli-'));
for (const [name, stack] of [
  ['clean', threeTier()],
  ['broken', patch(threeTier(), 'aws_db_instance', 'db', { publicly_accessible: true })],
] as const) {
  mkdirSync(join(outdir, 'stacks', name), { recursive: true });
  writeFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), JSON.stringify(stack));
}

function run(...argv: string[]): { status: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const status = runReview([...argv, '--outdir', outdir], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    isTty: false,
    env: {},
    columns: 120,
  });
  return { status, stdout, stderr };
}

describe('npm run review', () => {
  it('prints the five parts as plain text when not on a terminal, and exits 0 without errors', () => {
    const { status, stdout } = run('clean');
    expect(status).toBe(0);
    for (const heading of ['1. Summary', '2. Security findings', '3. Reachability', '4. Monthly cost', '5. Architecture diagram']) {
      expect(stdout).toContain(heading);
    }
    expect(stdout).toContain('internet → mysql RDS: unreachable');
    expect(stdout).toContain('$164.09');
    expect(stdout).toContain('✔ no error-level findings');
    expect(stdout).not.toContain('\u001b[');
  });

  it('exits 1 on an error-level finding, for CI', () => {
    const { status, stdout } = run('broken');
    expect(status).toBe(1);
    expect(stdout).toContain('TT-RDS-002');
    expect(stdout).toContain('✖ 1 error-level finding(s): exit status 1');
  });

  it('colours when asked', () => {
    expect(run('clean', '--color').stdout).toContain('\u001b[');
  });

  it('writes Markdown for a pull-request comment, with the Mermaid diagram', () => {
    const { stdout } = run('broken', '--format', 'markdown');
    expect(stdout).toMatch(/^# Review of synthesized stack /);
    expect(stdout).toContain('| 🛑 error | `TT-RDS-002` | `aws_db_instance.db` |');
    expect(stdout).toContain('```mermaid\nflowchart TB');
    expect(stdout).toContain('### What a configuration change saves');
  });

  it('writes JSON for machines, with a status block', () => {
    const parsed: unknown = JSON.parse(run('broken', '--format=json').stdout);
    // The fixture has one NAT gateway and no alarms: its warnings are TT-AZ-001 and TT-MON-001's, counted from the findings.
    const warnings = isObject(parsed) && Array.isArray(parsed.findings) ? parsed.findings.filter((finding) => isObject(finding) && finding.severity === 'warning').length : -1;
    expect(warnings).toBeGreaterThan(0);
    expect(isObject(parsed) && parsed.status).toEqual({ error: 1, warning: warnings, info: 0, suppressed: 0, exitCode: 1, complete: true, notAnalysed: false });
    expect(isObject(parsed) && isObject(parsed.cost) && parsed.cost.total).toBeCloseTo(164.0888 + 730 * 0.005, 6);
  });

  it('takes suppressions from a file and reports them as suppressed', () => {
    const file = join(outdir, 'suppressions.json');
    writeFileSync(file, JSON.stringify([{ id: 'TT-RDS-002', address: 'aws_db_instance.db', reason: 'public on purpose for a demo' }]));
    const { status, stdout } = run('broken', '--suppressions', file);
    expect(status).toBe(0);
    expect(stdout).toContain('Suppressed (reported, not hidden)');
    expect(stdout).toContain('public on purpose for a demo');
  });

  it('takes usage overrides from a file', () => {
    const file = join(outdir, 'usage.json');
    writeFileSync(file, JSON.stringify({ alb_average_lcu: 0 }));
    expect(run('clean', '--usage', file).stdout).toContain(`$${(164.0888 - 5.84).toFixed(2)}`);
  });

  it('prints its usage on --help', () => {
    expect(run('--help')).toMatchObject({ status: 0, stdout: expect.stringContaining('usage: npm run review --') });
  });

  it.each([
    [[], 'which stack or file?'],
    [['clean', 'broken'], 'one input at a time, got clean, broken'],
    [['clean', '--format', 'html'], 'unknown format "html": use terminal, markdown, json'],
    [['clean', '--format'], '--format needs a value'],
    [['clean', '--verbose'], 'unknown option --verbose'],
    [['staging'], 'no synthesized stack "staging"'],
    [['clean', '--suppressions', '/nonexistent/s.json'], '/nonexistent/s.json does not exist'],
  ])('exits 2 with a message, not a stack trace, for %j', (argv, message) => {
    const { status, stderr, stdout } = run(...argv);
    expect(status).toBe(2);
    expect(stderr).toContain(`review: ${message}`);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toBe('');
  });
});

describe('npm run diagram', () => {
  it('writes the SVG and the Mermaid file side by side', async () => {
    const written = new Map<string, string>();
    const status = await runDiagram(
      [join(outdir, 'stacks', 'clean'), '--out', join(outdir, 'arch.svg')],
      (path, text) => written.set(path, text),
      () => undefined,
    );
    expect(status).toBe(0);
    expect(written.get(join(outdir, 'arch.svg'))).toContain('<svg');
    expect(written.get(join(outdir, 'arch.mmd'))).toContain('flowchart TB');
  });

  it('prints its usage with --help, on stdout, and exits 0', async () => {
    let printed = '';
    let logged = '';
    expect(
      await runDiagram(
        ['--help'],
        () => undefined,
        (text) => (logged += text),
        (text) => (printed += text),
      ),
    ).toBe(0);
    expect(printed).toMatch(/^usage: npm run diagram -- \[stack \| path\/to\/cdk\.tf\.json \| plan\.json\] \[--out <file\.svg> \| --docs\]\n/);
    expect(printed).toContain('--out <file.svg>');
    expect(logged).toBe('');
  });

  it('writes under cdktf.out/diagram by default and leaves the committed docs/architecture.svg alone unless --docs', async () => {
    const written = new Map<string, string>();
    const write = (path: string, text: string): void => void written.set(path, text);
    expect(await runDiagram([join(outdir, 'stacks', 'clean')], write, () => undefined)).toBe(0);
    expect(await runDiagram([join(outdir, 'stacks', 'broken', 'cdk.tf.json')], write, () => undefined)).toBe(0);
    expect([...written.keys()]).toEqual([join('cdktf.out', 'diagram', 'clean.svg'), join('cdktf.out', 'diagram', 'clean.mmd'), join('cdktf.out', 'diagram', 'broken.svg'), join('cdktf.out', 'diagram', 'broken.mmd')]);
    written.clear();
    expect(await runDiagram([join(outdir, 'stacks', 'clean'), '--docs'], write, () => undefined)).toBe(0);
    expect([...written.keys()]).toEqual([join('docs', 'architecture.svg'), join('docs', 'architecture.mmd')]);
  });

  it.each([
    [['--docs', '--out', 'x.svg'], '--docs writes docs/architecture.svg; give --out or --docs, not both'],
    [['dev', 'prod'], 'one input at a time, got dev and prod'],
    [['--out', 'picture.png'], '--out needs a path ending in .svg'],
    [['--scale', '2'], 'unknown option --scale'],
    [['/nonexistent/cdk.tf.json'], '/nonexistent/cdk.tf.json does not exist'],
  ])('exits 2 with a message for %j', async (argv, message) => {
    let log = '';
    expect(
      await runDiagram(
        argv,
        () => undefined,
        (text) => (log += text),
      ),
    ).toBe(2);
    expect(log).toContain(`diagram: ${message}`);
  });
});
