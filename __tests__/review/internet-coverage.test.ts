import { isOverlyWide, opensToWorld, publicIpv4Share } from '../../src/review/internet-coverage';

describe('whole-internet detection', () => {
  it.each([
    [['0.0.0.0/0'], true],
    [['::/0'], true],
    [['0.0.0.0/1', '128.0.0.0/1'], true],
    [['0.0.0.0/2', '64.0.0.0/2', '128.0.0.0/2'], true],
    [['2000::/4', '3000::/4'], true],
    [['0.0.0.0/1'], true],
    [['64.0.0.0/2'], false],
    [['203.0.113.0/24'], false],
    [['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'], false],
    [['${var.cidr}', 'not a cidr'], false],
  ])('%j opens to the world: %s', (cidrs, expected) => {
    expect(opensToWorld(cidrs)).toBe(expected);
  });

  it('counts only public addresses, and overlapping ranges once', () => {
    expect(publicIpv4Share(['0.0.0.0/0'])).toBe(1);
    expect(publicIpv4Share(['10.0.0.0/8'])).toBe(0);
    expect(publicIpv4Share(['128.0.0.0/1', '128.0.0.0/2'])).toBeCloseTo(publicIpv4Share(['128.0.0.0/1']), 6);
    expect(publicIpv4Share(['0.0.0.0/1'])).toBeGreaterThan(0.5);
  });

  it.each([
    [['64.0.0.0/2'], true],
    [['16.0.0.0/6'], true],
    [['2600::/12'], true],
    [['44.0.0.0/8'], false],
    [['224.0.0.0/3'], false],
    [['10.0.0.0/7'], true],
    [['203.0.113.10/32', '198.51.100.0/24'], false],
  ])('%j is wider than an organisation owns: %s', (cidrs, expected) => {
    expect(isOverlyWide(cidrs)).toBe(expected);
  });
});
