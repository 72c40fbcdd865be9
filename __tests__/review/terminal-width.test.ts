import { Testing } from 'cdktf';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_WIDTH, runReview, terminalWidth } from '../../src/review/cli';
import { fitWidths, textTable, visibleWidth, wrap, wrapReport } from '../../src/review/render/text-table';
import { EnvironmentStack } from '../../src/stacks/environment-stack';
import { configFor } from '../support/stacks';

describe('the width tables fit', () => {
  it("is the terminal's, else COLUMNS, else 100 (a pipe, a file, CI)", () => {
    expect(terminalWidth({ isTty: true, columns: 132, env: { COLUMNS: '80' } })).toBe(132);
    expect(terminalWidth({ isTty: false, columns: 132, env: { COLUMNS: '80' } })).toBe(80);
    expect(terminalWidth({ isTty: false, columns: undefined, env: {} })).toBe(DEFAULT_WIDTH);
    expect(DEFAULT_WIDTH).toBe(100);
    expect(terminalWidth({ isTty: true, columns: undefined, env: { COLUMNS: 'wide' } })).toBe(100);
    expect(terminalWidth({ isTty: true, columns: 12, env: {} })).toBe(40);
  });
});

describe('fitting columns to a width', () => {
  it('keeps natural widths that fit, and narrows only the wide columns when they do not', () => {
    expect(fitWidths([10, 20], 100)).toEqual([10, 20]);
    // 6 columns take 19 characters of borders and padding: 81 are left for text.
    expect(fitWidths([39, 48, 18, 10, 7, 52], 100)).toEqual([16, 16, 16, 10, 7, 16]);
    expect(fitWidths([39, 48, 18, 10, 7, 52], 100).reduce((a, b) => a + b, 0) + 19).toBeLessThanOrEqual(100);
    // 8 characters at least while the width allows it; less, and the same for each, when it does not.
    expect(fitWidths([30, 30, 30, 30, 3], 80)).toEqual([15, 15, 15, 16, 3]);
    expect(fitWidths([30, 30, 30, 30, 30, 30, 30, 30, 30, 30], 60)).toEqual([2, 3, 3, 3, 3, 3, 3, 3, 3, 3]);
    expect(fitWidths([5, 30, 30, 30, 30, 30], 40)).toEqual([3, 3, 3, 4, 4, 4]);
  });

  it('breaks long names after - . _ / : or , where that keeps half the width, else at the width', () => {
    expect(wrap('three-tier-prod-nat-eip-ap-northeast-2a', 16)).toEqual(['three-tier-prod-', 'nat-eip-ap-', 'northeast-2a']);
    expect(wrap('aws_security_group_rule.x', 10)).toEqual(['aws_securi', 'ty_group_', 'rule.x']);
    expect(wrap('abcdefghijklmnopqrstuvwxyz', 10)).toEqual(['abcdefghij', 'klmnopqrst', 'uvwxyz']);
  });

  it('draws a table that fits: every line at most the width, no text lost', () => {
    const cells = [['three-tier-prod-nat-eip-ap-northeast-2a', 'public IPv4 address × 1 (Elastic IP)', '730 hours', '$0.005', '$3.65', 'derived: 2 × Single-AZ $0.065 (low-medium), us-east-1 price']];
    const table = textTable(['Resource', 'Item', 'Quantity', 'Unit price', 'Monthly', 'Confidence'], cells, undefined, 60);
    expect(Math.max(...table.split('\n').map(visibleWidth))).toBeLessThanOrEqual(60);
    const lines = table.split('\n');
    const body = lines.slice(lines.findIndex((line) => line.startsWith('├')) + 1, -1);
    cells[0].forEach((cell, column) => {
      const pieces = body.map((line) => line.split('│')[column + 1].trim()).filter((piece) => piece !== '');
      expect(pieces.join(' ').replace(/- /g, '-').replace(/\s+/g, '')).toBe(cell.replace(/\s+/g, ''));
    });
  });

  it('wraps prose under its own indent, and leaves table lines alone', () => {
    const report = `  - ${'word '.repeat(30).trim()}\n│ a table line that is long ${'x'.repeat(80)} │`;
    const lines = wrapReport(report, 40).split('\n');
    expect(lines.slice(0, -1).every((line) => line.length <= 40 && (line.startsWith('  - ') || line.startsWith('    word')))).toBe(true);
    expect(lines[lines.length - 1]).toBe(report.split('\n')[1]);
  });
});

describe('the reports fit a 100- and a 72-column terminal (prod review was 579 columns, change review 912)', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'review-width-'));
  for (const environment of ['dev', 'prod']) {
    mkdirSync(join(outdir, 'stacks', environment), { recursive: true });
    writeFileSync(join(outdir, 'stacks', environment, 'cdk.tf.json'), JSON.stringify(new EnvironmentStack(Testing.app(), environment, configFor(environment)).toTerraform()));
  }
  const widest = (argv: readonly string[], columns: number): number => {
    let stdout = '';
    runReview([...argv, '--outdir', outdir], { stdout: (text) => (stdout += text), stderr: () => undefined, isTty: false, env: { COLUMNS: String(columns) }, columns: undefined });
    expect(stdout).toContain('Monthly cost');
    return Math.max(...stdout.split('\n').map(visibleWidth));
  };

  it.each([100, 72])('%i columns', (columns) => {
    expect(widest(['prod'], columns)).toBeLessThanOrEqual(columns);
    expect(widest(['--base', 'dev', 'prod'], columns)).toBeLessThanOrEqual(columns);
  });
});
