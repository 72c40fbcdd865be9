import { reviewEnvironment } from './support/review-stack';

const instanceMode = { TT__network__natMode: 'instance' };
const gatewayMode = { TT__network__natMode: 'single' };

describe('the review prices NAT instances', () => {
  const withInstance = reviewEnvironment('dev', instanceMode);
  const withGateway = reviewEnvironment('dev', gatewayMode);

  it('as the instance, its volume, its Elastic IP and its primary address, with no per-GB processing charge', () => {
    const nat = withInstance.cost.lines.filter((line) => line.address.includes('nat-instance'));
    expect(nat.map((line) => [line.priceKey, line.quantity])).toEqual(
      expect.arrayContaining([
        ['ec2:t4g.nano', 730],
        ['ebs:gp3', 8],
        ['ipv4:public', 730],
      ]),
    );
    expect(nat.filter((line) => line.priceKey === 'ipv4:public')).toHaveLength(2);
    expect(withInstance.cost.lines.some((line) => line.priceKey.startsWith('nat:'))).toBe(false);
    const slot = nat.reduce((total, line) => total + (line.monthly ?? 0), 0);
    expect(slot).toBeCloseTo(730 * 0.0052 + 8 * 0.0912 + 2 * 730 * 0.005, 6);
    expect(withInstance.cost.notPriced).not.toContain('aws_network_interface');
  });

  it('and the NAT what-if table shows both instance options, marking the one built as current', () => {
    const table = withInstance.cost.scenarios.find((scenario) => scenario.topic.startsWith('NAT'));
    const current = table?.options.filter((option) => option.current).map((option) => option.label);
    expect(current).toEqual(['one NAT instance (t4g.nano, heals in minutes)']);
    const gatewayTable = withGateway.cost.scenarios.find((scenario) => scenario.topic.startsWith('NAT'));
    const instance = gatewayTable?.options.find((option) => option.label.startsWith('one NAT instance ('));
    expect(instance?.delta).toBeCloseTo(-(withGateway.cost.total - withInstance.cost.total), 6);
  });

  it('prices the NAT type that is built, in the table as in the lines', () => {
    const micro = reviewEnvironment('dev', { ...instanceMode, TT__network__natInstanceType: 't4g.micro' });
    const current = micro.cost.scenarios.find((scenario) => scenario.topic.startsWith('NAT'))?.options.find((option) => option.current);
    expect(current?.label).toBe('one NAT instance (t4g.micro, heals in minutes)');
    const lines = micro.cost.lines.filter((line) => line.address.includes('nat-instance')).reduce((total, line) => total + (line.monthly ?? 0), 0);
    expect(current?.monthly).toBeCloseTo(lines, 6);
  });
});
