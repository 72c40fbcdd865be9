import { memoize } from '../../src/review/memoize';

describe('memoize', () => {
  it('computes once per key, an undefined result included, and returns what it computed', () => {
    const asked: string[] = [];
    const parse = memoize((key: string) => {
      asked.push(key);
      return key === 'bad' ? undefined : { key };
    });
    const first = parse('10.0.0.0/16');
    expect(parse('10.0.0.0/16')).toBe(first);
    expect(parse('bad')).toBeUndefined();
    expect(parse('bad')).toBeUndefined();
    expect(parse('::/0')).toEqual({ key: '::/0' });
    expect(asked).toEqual(['10.0.0.0/16', 'bad', '::/0']);
  });
});
