import { monthlyOfKey, reviewEnvironment } from './support/review-stack';

describe('what the alerts cost (the review prices them)', () => {
  const prod = reviewEnvironment('prod');
  const lineOf = (address: RegExp) => prod.cost.lines.filter((line) => address.test(line.address));

  it('an alarm per metric it reads: $0.10 for one metric, a metric-math alarm per metric of its math', () => {
    expect(lineOf(/frontend-unhealthy-hosts/).map((line) => [line.item, line.quantity, line.monthly])).toEqual([['CloudWatch alarm, standard resolution × 1 metric', 1, 0.1]]);
    expect(lineOf(/packets-dropped/).map((line) => [line.quantity, line.monthly])).toEqual([
      [3, expect.closeTo(0.3, 6)],
      [3, expect.closeTo(0.3, 6)],
    ]);
    expect(lineOf(/frontend-in-service/).map((line) => line.quantity)).toEqual([2]);
    // 19 alarms, 25 alarm metrics: 15 read one, two NAT drop-rate alarms three, two in-service alarms two.
    expect(monthlyOfKey(prod, /^cloudwatch:alarm$/)).toBeCloseTo(2.5, 6);
  });

  it('the dashboard $3 a month; the topic, its subscriptions and policy cost nothing by themselves, and nothing is left unpriced', () => {
    expect(monthlyOfKey(prod, /^cloudwatch:dashboard$/)).toBe(3);
    expect(prod.cost.unpriced).toEqual([]);
    expect(prod.cost.lowerBound).toBe(false);
    const dev = reviewEnvironment('dev');
    expect(monthlyOfKey(dev, /^cloudwatch:/)).toBe(3);
    expect(dev.cost.unpriced).toEqual([]);
  });
});
