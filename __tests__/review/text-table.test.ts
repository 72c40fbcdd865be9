import { createColors } from 'picocolors';
import { textTable, visibleWidth, wrap } from '../../src/review/render/text-table';

const colors = createColors(true);

describe('terminal tables', () => {
  it('wraps at spaces within the width and cuts words longer than it', () => {
    expect(wrap('the quick brown fox jumps', 10)).toEqual(['the quick', 'brown fox', 'jumps']);
    expect(wrap('aws_security_group_rule.x', 10)).toEqual(['aws_securi', 'ty_group_', 'rule.x']);
    expect(wrap('one\ntwo three', 20)).toEqual(['one', 'two three']);
  });

  it('carries a colour over the lines it spans and closes it on each', () => {
    const lines = wrap(colors.dim('fix: set encrypted to true everywhere'), 12);
    expect(lines.map((line) => line.replace(/\u001b\[\d+m/g, ''))).toEqual(['fix: set', 'encrypted to', 'true', 'everywhere']);
    for (const line of lines) {
      expect(line.startsWith('\u001b[2m')).toBe(true);
      expect(line.endsWith('\u001b[0m') || line.endsWith('\u001b[22m')).toBe(true);
    }
  });

  it('draws every line of a table at the same printed width', () => {
    const table = textTable(
      ['Rule', 'Finding'],
      [
        [colors.red('error'), 'a long message that must wrap over several lines'],
        ['TT-SG-001', colors.dim('short')],
      ],
      [12, 20],
    );
    const widths = new Set(table.split('\n').map(visibleWidth));
    expect(widths).toEqual(new Set([12 + 20 + 3]));
    expect(table).toContain('│ TT-SG-001  │');
  });
});
