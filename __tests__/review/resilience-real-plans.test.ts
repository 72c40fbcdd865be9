/**
 * The resilience analysis on the corpus of real plans (`__tests__/fixtures/real-plans`), against what
 * was read in each file's configuration, not from the review's output.
 */
import { join } from 'node:path';
import { loadInput } from '../../src/review/load';
import { resilienceOf, type Resilience } from '../../src/review/resilience';
import { runRules } from '../../src/review/rules';
import { topologyOf } from '../../src/review/topology';
import { CORPUS_DIR, TRUTHS } from '../fixtures/real-plans/truths';

function resilience(file: string): Resilience {
  const model = loadInput(join(CORPUS_DIR, file));
  return resilienceOf(model, topologyOf(model));
}

function fateOf(result: Resilience, zone: string, label: string): string | undefined {
  return result.losses.find((loss) => loss.zone === zone)?.outcomes.find((entry) => entry.label === label)?.fate;
}

describe('generated/module-web-us-east-1: a web instance in public[0] (us-east-1a), an ALB over both public subnets, RDS without multi_az or availability_zone', () => {
  const result = resilience(join('generated', 'module-web-us-east-1', 'plan.json'));

  it('takes its zones from var.azs, as the plan records them', () => {
    expect(result.zones).toEqual(['us-east-1a', 'us-east-1b']);
  });

  it('loses the one web instance, its internet path and its egress with us-east-1a, and keeps them with us-east-1b', () => {
    for (const label of ['internet → web EC2', 'web EC2 egress']) {
      expect(fateOf(result, 'us-east-1a', label)).toBe('lost');
      expect(fateOf(result, 'us-east-1b', label)).toBe('survives');
    }
    expect(result.losses[0].outcomes.find((entry) => entry.label === 'internet → web EC2')?.causes.map((cause) => cause.text)).toEqual(['web EC2 is one instance, in us-east-1a']);
  });

  it('never says the database survives: the plan leaves its zone to AWS, so its zone is a single point', () => {
    expect(fateOf(result, 'us-east-1b', 'web EC2 → db RDS')).toBe('unknown');
    // With us-east-1a the web instance is gone anyway.
    expect(fateOf(result, 'us-east-1a', 'web EC2 → db RDS')).toBe('lost');
    expect(result.singlePoints).toEqual([expect.objectContaining({ address: 'module.web.aws_db_instance.this', zones: ['us-east-1a', 'us-east-1b'] })]);
  });

  it('reports without the rule: nothing in the plan says it is production', () => {
    expect(result.production.production).toBeUndefined();
    expect(runRules(loadInput(join(CORPUS_DIR, 'generated', 'module-web-us-east-1', 'plan.json'))).filter((finding) => finding.id === 'TT-AZ-001')).toEqual([]);
  });
});

describe("generated/two-tier: terraform-provider-aws's example, one instance in a subnet whose zone AWS picks", () => {
  const result = resilience(join('generated', 'two-tier', 'plan.json'));

  it('simulates no zone loss, since no zone is fixed, and makes a single point of the instance', () => {
    expect(result.zones).toEqual([]);
    expect(result.losses).toEqual([]);
    expect(result.singlePoints).toEqual([expect.objectContaining({ address: 'aws_instance.web', zones: [] })]);
    expect(result.singlePoints[0].summary).toBe('web EC2 is one instance; the zone of default is not set: losing that zone, whichever it is, cuts internet → web EC2, web EC2 egress');
  });
});

describe('tfc-issue-171: an NLB over two subnets that set no availability_zone', () => {
  it('fixes no zone and says so', () => {
    const result = resilience('tfc-issue-171-nlb-igw-eu-west-1.plan.json');
    expect(result.zones).toEqual([]);
    expect(result.notes).toEqual(expect.arrayContaining([expect.stringMatching(/^4 subnet\(s\) have a zone the input does not fix/)]));
  });
});

describe.each(TRUTHS.map((truth) => [truth.file] as const))('%s', (file) => {
  it('never calls survives a path through something whose zone the input does not fix', () => {
    const result = resilience(file);
    const unfixed = new Set(result.singlePoints.flatMap((point) => point.cuts));
    for (const loss of result.losses) {
      expect(loss.outcomes.filter((entry) => unfixed.has(entry.path) && entry.fate === 'survives')).toEqual([]);
    }
  });

  it('says nothing is production, so neither TT-AZ-001 nor TT-MON-001 runs: no file carries a Production or Environment tag', () => {
    expect(resilience(file).production.production).toBeUndefined();
    expect(runRules(loadInput(join(CORPUS_DIR, file))).filter((finding) => finding.id === 'TT-AZ-001' || finding.id === 'TT-MON-001')).toEqual([]);
  });
});
