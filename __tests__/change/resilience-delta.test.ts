import { reviewChange } from '../../src/review/change/change-review';
import { modelFromJson } from '../../src/review/load';
import { renderChangeJson } from '../../src/review/render/change-json';
import { renderChangeMarkdown } from '../../src/review/render/change-markdown';
import { renderChangeTerminal } from '../../src/review/render/change-terminal';
import { reviewSynthChange, stackJson } from './support';

const A = 'ap-northeast-2a';
const SINGLE_NAT = { TT__network__natMode: 'single' };
const SINGLE_AZ_DB = { TT__database__multiAz: 'false', TT__database__deletionProtection: 'true' };

describe('the change review says what a change does to the loss of one zone', () => {
  test('prod down to one NAT gateway: both tiers lose their egress when 2a fails', () => {
    const change = reviewSynthChange('prod', SINGLE_NAT);
    expect(change.resilience.loses.map((entry) => entry.text)).toEqual([`after this change, prod loses backend ASG egress when ${A} fails`, `after this change, prod loses frontend ASG egress when ${A} fails`]);
    expect(change.resilience.keeps).toEqual([]);
    expect(change.headline).toContain('loses 2 paths when one AZ fails');
  });

  test('prod with a single-AZ database: the path to it is lost when its zone, chosen at apply, fails', () => {
    const change = reviewSynthChange('prod', SINGLE_AZ_DB);
    expect(change.resilience.loses.map((entry) => entry.text)).toEqual([
      'after this change, prod loses backend ASG → mysql RDS when the zone of mysql RDS (chosen at apply) fails',
      'after this change, prod loses bastion EC2 → mysql RDS (operator access) when the zone of mysql RDS (chosen at apply) fails',
    ]);
    // Each zone alone is unknown (AWS picks the zone), never "survives".
    expect(change.resilience.unknown.filter((entry) => entry.service).map((entry) => entry.text)).toEqual([
      `after this change, unknown whether prod keeps backend ASG → mysql RDS when ${A} fails`,
      'after this change, unknown whether prod keeps backend ASG → mysql RDS when ap-northeast-2c fails',
    ]);
    // Only the service path counts in the headline.
    expect(change.headline).toContain('loses 1 path when one AZ fails');
  });

  test('the way back: a NAT gateway per zone again keeps the egress whichever zone fails', () => {
    const before = modelFromJson(JSON.parse(stackJson('prod', SINGLE_NAT)), 'prod (one NAT)');
    const after = modelFromJson(JSON.parse(stackJson('prod')), 'prod');
    const change = reviewChange({ before, after, planned: undefined });
    expect(change.resilience.loses).toEqual([]);
    expect(change.resilience.keeps.map((entry) => entry.text)).toEqual([
      `after this change, prod keeps backend ASG egress when any one zone fails (before, losing ${A} cut it)`,
      `after this change, prod keeps frontend ASG egress when any one zone fails (before, losing ${A} cut it)`,
    ]);
    expect(change.headline).not.toContain('AZ');
  });

  test('a change that touches no zone says so in every format', () => {
    const change = reviewSynthChange('prod', { TT__frontend__maxSize: '5' });
    expect(change.resilience).toEqual({ loses: [], unknown: [], keeps: [] });
    expect(renderChangeMarkdown(change)).toContain('## 6. Resilience\nNo path gained or lost against the loss of one Availability Zone.');
  });

  test('prints section 6 in the terminal, Markdown and JSON', () => {
    const change = reviewSynthChange('prod', SINGLE_NAT);
    expect(renderChangeTerminal(change, { color: false, width: 120 })).toContain(`6. Resilience\n  after this change, prod loses backend ASG egress when ${A} fails`);
    expect(renderChangeMarkdown(change)).toContain(`## 6. Resilience\n- 🛑 after this change, prod loses backend ASG egress when ${A} fails`);
    const parsed: unknown = JSON.parse(renderChangeJson(change));
    expect(parsed).toEqual(
      expect.objectContaining({
        resilience: expect.objectContaining({ loses: [expect.objectContaining({ path: 'backend ASG egress', zone: A, service: true }), expect.objectContaining({ path: 'frontend ASG egress' })] }),
      }),
    );
  });
});
