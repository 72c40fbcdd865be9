import fc from 'fast-check';
import { modelFromJson } from '../../src/review/load';
import { renderJson } from '../../src/review/render/json';
import { renderMarkdown } from '../../src/review/render/markdown';
import { renderTerminal } from '../../src/review/render/terminal';
import { resilienceOf, type Fate, type Resilience } from '../../src/review/resilience';
import { review } from '../../src/review/review';
import { runRules } from '../../src/review/rules';
import { topologyOf } from '../../src/review/topology';
import { environmentWithMetadata } from '../support/stacks';
import { monitored } from './fixtures/monitored';
import { patch, ref, remove, threeTier, type Json, type Stack } from './fixtures/stack';

function resilience(json: unknown): Resilience {
  const model = modelFromJson(json, 'fixture');
  return resilienceOf(model, topologyOf(model));
}

/** The fate of the path labelled `label` with `zone` lost. */
function fate(result: Resilience, zone: string, label: string): Fate | undefined {
  return result.losses.find((loss) => loss.zone === zone)?.outcomes.find((entry) => entry.label === label)?.fate;
}

function causes(result: Resilience, zone: string, label: string): readonly string[] {
  return (
    result.losses
      .find((loss) => loss.zone === zone)
      ?.outcomes.find((entry) => entry.label === label)
      ?.causes.map((cause) => cause.text) ?? []
  );
}

function zoneLoss(json: unknown): readonly { readonly id: string; readonly message: string; readonly severity: string; readonly address: string }[] {
  return runRules(modelFromJson(json, 'fixture')).filter((finding) => finding.id === 'TT-AZ-001');
}

const A = 'ap-northeast-2a';
const C = 'ap-northeast-2c';
const clean = monitored(threeTier('prod'));

describe('the shipped dev stack (preset: one NAT instance in 2a, a single-AZ database)', () => {
  const json: unknown = JSON.parse(environmentWithMetadata('dev'));
  const result = resilience(json);

  it('simulates the loss of each of its two zones and follows the service paths', () => {
    expect(result.zones).toEqual([A, C]);
    expect(
      result.paths
        .filter((path) => path.service)
        .map((path) => path.label)
        .sort(),
    ).toEqual(['backend ASG egress', 'backend ASG → mysql RDS', 'frontend ASG egress', 'internet → backend ASG', 'internet → frontend ASG'].sort());
  });

  it('loses the egress of both tiers with 2a, even from their subnets in 2c: the one NAT instance lives in 2a', () => {
    for (const tier of ['frontend', 'backend']) {
      expect(fate(result, A, `${tier} ASG egress`)).toBe('lost');
      expect(causes(result, A, `${tier} ASG egress`)).toEqual([`NAT instance (nat-${A} ASG) is in ${A}`]);
      expect(fate(result, C, `${tier} ASG egress`)).toBe('survives');
    }
    expect(result.losses[0].summary).toContain(`backend ASG egress lost (NAT instance (nat-${A} ASG) is in ${A})`);
  });

  it('keeps the shared ALB and both tiers (they span both zones; Auto Scaling relaunches the one instance)', () => {
    for (const zone of [A, C]) {
      expect(fate(result, zone, 'internet → frontend ASG')).toBe('survives');
      expect(fate(result, zone, 'internet → backend ASG')).toBe('survives');
    }
    const notes = result.losses[0].outcomes.find((entry) => entry.label === 'internet → backend ASG')?.notes;
    expect(notes).toEqual([`backend ASG replaces its instances of ${A} in ${C} (at min_size 1, the tier may be down until then)`]);
  });

  it('never says the database survives: AWS picks its zone at apply, so each zone is unknown and the zone it picks is a single point', () => {
    for (const zone of [A, C]) {
      expect(fate(result, zone, 'backend ASG → mysql RDS')).toBe('unknown');
    }
    expect(result.singlePoints.map((point) => point.summary)).toEqual([
      `mysql RDS is single-AZ; AWS picks its zone at apply among ${A}, ${C} (availability_zone is not set): losing that zone, whichever it is, cuts backend ASG → mysql RDS`,
    ]);
  });

  it('reports, and the rule stays silent: dev says it is not production', () => {
    expect(result.production).toEqual({ production: false, basis: 'Production tag = false' });
    expect(zoneLoss(json)).toEqual([]);
  });
});

describe('the shipped prod stack (a NAT gateway per zone, Multi-AZ RDS, tiers and ALBs in both zones)', () => {
  const json: unknown = JSON.parse(environmentWithMetadata('prod'));
  const result = resilience(json);

  it('keeps every service path whichever zone is lost, with nothing in a zone chosen at apply', () => {
    const service = result.losses.flatMap((loss) => loss.outcomes.filter((entry) => entry.service).map((entry) => `${loss.zone} ${entry.label} ${entry.fate}`));
    expect(service.length).toBe(2 * 5);
    expect(service.filter((line) => !line.endsWith(' survives'))).toEqual([]);
    expect(result.singlePoints).toEqual([]);
  });

  it('says how the database survives: a failover to the standby', () => {
    expect(result.losses[0].outcomes.find((entry) => entry.label === 'backend ASG → mysql RDS')?.notes).toContain(`mysql RDS fails over to its standby if its primary was in ${A} (typically one to two minutes)`);
  });

  it('reports the bastion (one instance, reached through SSM) as operator access lost with its zone, which the rule does not flag', () => {
    const bastion = result.paths.filter((path) => path.from.startsWith('aws_instance.bastion'));
    expect(bastion.length).toBeGreaterThan(0);
    expect(bastion.every((path) => !path.service)).toBe(true);
    expect(bastion.map((path) => fate(result, A, path.label))).toEqual(bastion.map(() => 'lost'));
    expect(bastion.map((path) => fate(result, C, path.label))).toEqual(bastion.map(() => 'survives'));
    expect(zoneLoss(json)).toEqual([]);
  });
});

describe('one zone lost, on hand-built stacks', () => {
  it('cuts the egress of a subnet in the surviving zone when its route goes to the NAT of the lost one', () => {
    const oneNat = patch(clean, 'aws_route_table_association', 'app_a', { route_table_id: ref('aws_route_table', 'app_c') });
    const result = resilience(oneNat);
    expect(fate(result, C, 'app ASG egress')).toBe('lost');
    expect(causes(result, C, 'app ASG egress')).toEqual([`NAT gateway tt-prod-nat-c is in ${C}`]);
    expect(fate(result, A, 'app ASG egress')).toBe('survives');
    expect(zoneLoss(oneNat)).toEqual([expect.objectContaining({ address: 'aws_nat_gateway.nat_c', severity: 'warning', message: `losing ${C} cuts app ASG egress: NAT gateway tt-prod-nat-c is in ${C}` })]);
  });

  it('loses what a single-AZ database serves in its zone only, and the rule names the database', () => {
    const pinned = patch(clean, 'aws_db_instance', 'db', { multi_az: false, availability_zone: C });
    const result = resilience(pinned);
    expect(fate(result, C, 'app ASG → mysql RDS')).toBe('lost');
    expect(causes(result, C, 'app ASG → mysql RDS')).toEqual([`mysql RDS is single-AZ, in ${C}`]);
    expect(fate(result, A, 'app ASG → mysql RDS')).toBe('survives');
    expect(zoneLoss(pinned)).toEqual([expect.objectContaining({ address: 'aws_db_instance.db', message: `losing ${C} cuts app ASG → mysql RDS: mysql RDS is single-AZ, in ${C}` })]);
  });

  it('flags a single-AZ database whose zone AWS picks as certain: losing that zone, whichever it is, cuts the path', () => {
    const unpinned = patch(clean, 'aws_db_instance', 'db', { multi_az: false });
    expect(zoneLoss(unpinned)).toEqual([
      expect.objectContaining({
        address: 'aws_db_instance.db',
        severity: 'warning',
        message: `mysql RDS is single-AZ; AWS picks its zone at apply among ${A}, ${C} (availability_zone is not set): losing that zone, whichever it is, cuts app ASG → mysql RDS`,
      }),
    ]);
  });

  it('tells as information, not as a finding, what a zone the input does not fix may cut', () => {
    const fromData = patch(clean, 'aws_subnet', 'public_c', { availability_zone: '${data.aws_availability_zones.available.names[1]}' });
    expect(zoneLoss(fromData).map((finding) => `${finding.severity} ${finding.address}: ${finding.message}`)).toEqual([
      `info aws_lb.web: unknown whether losing ${A} cuts internet → app ASG: web ALB keeps no subnet of known zone outside ${A} (the zone of tt-prod-public-c is data.aws_availability_zones.available.names[1])`,
      `info aws_nat_gateway.nat_c: unknown whether losing ${A} cuts app ASG egress: the zone of NAT gateway tt-prod-nat-c is unknown`,
    ]);
  });

  it('says unknown, never survives, when whether the database has a standby is not fixed; and makes no single point of it', () => {
    const result = resilience(patch(clean, 'aws_db_instance', 'db', { multi_az: '${var.multi_az}' }));
    expect([fate(result, A, 'app ASG → mysql RDS'), fate(result, C, 'app ASG → mysql RDS')]).toEqual(['unknown', 'unknown']);
    expect(result.singlePoints).toEqual([]);
  });

  it('loses the internet path when the load balancer has no subnet outside the lost zone', () => {
    const result = resilience(patch(clean, 'aws_lb', 'web', { subnets: [ref('aws_subnet', 'public_a')] }));
    expect(fate(result, A, 'internet → app ASG')).toBe('lost');
    expect(causes(result, A, 'internet → app ASG')).toEqual([`web ALB has no subnet outside ${A}`]);
    expect(fate(result, C, 'internet → app ASG')).toBe('survives');
  });

  it('loses everything an Auto Scaling group in one zone serves', () => {
    const result = resilience(patch(clean, 'aws_autoscaling_group', 'app', { vpc_zone_identifier: [ref('aws_subnet', 'app_a')] }));
    for (const label of ['internet → app ASG', 'app ASG → mysql RDS', 'app ASG egress']) {
      expect(fate(result, A, label)).toBe('lost');
      expect(fate(result, C, label)).toBe('survives');
    }
  });

  it('reruns the reachability analysis: a database rule admitting only the app subnet of 2a cuts the path with 2a, though every component survives', () => {
    const narrowed = patch(clean, 'aws_vpc_security_group_ingress_rule', 'db_3306', { referenced_security_group_id: undefined, cidr_ipv4: '10.0.16.0/20' });
    const result = resilience(narrowed);
    expect(fate(result, A, 'app ASG → mysql RDS')).toBe('lost');
    expect(causes(result, A, 'app ASG → mysql RDS')).toEqual([`what lets app ASG reach mysql RDS names only addresses in ${A}`]);
    expect(fate(result, C, 'app ASG → mysql RDS')).toBe('survives');
  });

  it('says unknown where a subnet zone comes from a data source, and still knows what a known zone keeps', () => {
    const fromData = patch(clean, 'aws_subnet', 'public_c', { availability_zone: '${data.aws_availability_zones.available.names[1]}' });
    const result = resilience(fromData);
    // The ALB keeps public_a when c is lost; with a lost, only public_c (zone unknown) is left.
    expect(fate(result, C, 'internet → app ASG')).toBe('survives');
    expect(fate(result, A, 'internet → app ASG')).toBe('unknown');
    // app_c routes to the NAT gateway in public_c, whose zone is unknown too.
    expect(fate(result, A, 'app ASG egress')).toBe('unknown');
    expect(result.notes).toContain('1 subnet(s) have a zone the input does not fix (tt-prod-public-c): what sits in them is unknown with a zone lost, never "survives".');
  });

  it('simulates no zone loss when the input fixes no zone, and says so', () => {
    const lone = { ...threeTier('prod'), resource: { aws_instance: { web: { instance_type: 't3.micro', associate_public_ip_address: true, tags: { Name: 'web' } } } } };
    const result = resilience(lone);
    expect(result.zones).toEqual([]);
    expect(result.losses).toEqual([]);
    expect(result.notes[0]).toMatch(/^No Availability Zone is fixed in this input/);
  });

  it('reports for a stack that does not say it is production, and only the rule stays silent', () => {
    const anonymous: Stack = { ...patch(clean, 'aws_route_table_association', 'app_a', { route_table_id: ref('aws_route_table', 'app_c') }), provider: { aws: [{ region: 'ap-northeast-2' }] } };
    const result = resilience(anonymous);
    expect(result.production).toEqual({ production: undefined, basis: 'no Production or Environment tag' });
    expect(fate(result, C, 'app ASG egress')).toBe('lost');
    expect(zoneLoss(anonymous)).toEqual([]);
  });
});

describe('the same network in other Terraform idioms', () => {
  const verdict = (json: unknown): readonly string[] => resilience(json).losses.map((loss) => loss.summary);
  const oneNat = patch(clean, 'aws_route_table_association', 'app_a', { route_table_id: ref('aws_route_table', 'app_c') });

  it('gets the same verdict when the default route is an inline route of the table instead of an aws_route', () => {
    const inline = patch(remove(oneNat, 'aws_route', 'app_c_default'), 'aws_route_table', 'app_c', { route: [{ cidr_block: '0.0.0.0/0', nat_gateway_id: ref('aws_nat_gateway', 'nat_c') }] });
    expect(verdict(inline)).toEqual(verdict(oneNat));
  });

  it('gets the same verdict when the Auto Scaling group names its subnets in the other order, and the ALB its subnets by subnet_mapping', () => {
    const reordered = patch(oneNat, 'aws_autoscaling_group', 'app', { vpc_zone_identifier: [ref('aws_subnet', 'app_c'), ref('aws_subnet', 'app_a')] });
    const mapped = patch(reordered, 'aws_lb', 'web', { subnets: undefined, subnet_mapping: [{ subnet_id: ref('aws_subnet', 'public_c') }, { subnet_id: ref('aws_subnet', 'public_a') }] });
    expect(verdict(mapped)).toEqual(verdict(oneNat));
  });
});

describe('unknown zones are never read as survives (property: against every way the unknowns could resolve)', () => {
  const SUBNETS = ['public_a', 'public_c', 'app_a', 'app_c', 'db_a', 'db_c'] as const;
  const zoneOfName = (name: string): string => (name.endsWith('_a') ? A : C);
  const nonEmpty = <T>(values: readonly T[]) => fc.subarray([...values], { minLength: 1 });

  const world = fc.record({
    albSubnets: nonEmpty(['public_a', 'public_c']),
    asgSubnets: nonEmpty(['app_a', 'app_c']),
    appANat: fc.constantFrom('nat_a', 'nat_c'),
    appCNat: fc.constantFrom('nat_a', 'nat_c'),
    multiAz: fc.boolean(),
    dbZone: fc.constantFrom(undefined, A, C),
    unknown: fc.subarray([...SUBNETS], { maxLength: 3 }),
  });

  /** The stack with the given subnets' zones fixed to `zones` (a subnet absent from it: unknown, from a data source). */
  function build(draw: typeof world extends fc.Arbitrary<infer T> ? T : never, zones: Readonly<Record<string, string>>, dbZone: string | undefined): Stack {
    let stack = monitored(threeTier('prod'));
    for (const name of SUBNETS) {
      stack = patch(stack, 'aws_subnet', name, { availability_zone: zones[name] ?? `\${data.aws_availability_zones.available.names[${SUBNETS.indexOf(name)}]}` });
    }
    stack = patch(stack, 'aws_lb', 'web', { subnets: draw.albSubnets.map((name) => ref('aws_subnet', name)) });
    stack = patch(stack, 'aws_autoscaling_group', 'app', { vpc_zone_identifier: draw.asgSubnets.map((name) => ref('aws_subnet', name)) });
    stack = patch(stack, 'aws_route', 'app_default', { nat_gateway_id: ref('aws_nat_gateway', draw.appANat) });
    stack = patch(stack, 'aws_route', 'app_c_default', { nat_gateway_id: ref('aws_nat_gateway', draw.appCNat) });
    const db: Json = { multi_az: draw.multiAz, availability_zone: dbZone };
    return patch(stack, 'aws_db_instance', 'db', db);
  }

  it('says survives only when every resolution survives, and lost only when every resolution loses', () => {
    fc.assert(
      fc.property(world, (draw) => {
        const known = Object.fromEntries(SUBNETS.filter((name) => !draw.unknown.includes(name)).map((name) => [name, zoneOfName(name)]));
        const uncertain = resilience(build(draw, known, draw.dbZone));
        // Every resolution: each unknown subnet in either zone, and a single-AZ database without a zone in either.
        const subnetChoices = draw.unknown.reduce<Record<string, string>[]>((acc, name) => acc.flatMap((choice) => [A, C].map((zone) => ({ ...choice, [name]: zone }))), [{}]);
        const dbChoices = !draw.multiAz && draw.dbZone === undefined ? [A, C] : [draw.dbZone];
        const worlds = subnetChoices.flatMap((choice) => dbChoices.map((dbZone) => resilience(build(draw, { ...known, ...choice }, dbZone))));
        for (const loss of uncertain.losses) {
          for (const entry of loss.outcomes) {
            const truths = worlds.map((concrete) => concrete.losses.find((candidate) => candidate.zone === loss.zone)?.outcomes.find((candidate) => candidate.path === entry.path)?.fate ?? 'lost');
            if (entry.fate === 'survives') {
              expect(truths).toEqual(truths.map(() => 'survives'));
            }
            if (entry.fate === 'lost') {
              expect(truths).toEqual(truths.map(() => 'lost'));
            }
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('the resilience section in every format', () => {
  const result = review(modelFromJson(JSON.parse(environmentWithMetadata('dev')), 'dev'));

  it('prints one line per zone in the terminal, the single points and what is not modelled', () => {
    const text = renderTerminal(result, { color: false, width: 160 });
    expect(text).toContain('6. Resilience: losing one Availability Zone');
    expect(text).toContain(`Zones: ${A}, ${C}. Production: no (Production tag = false); TT-AZ-001 runs only on stacks known to be production.`);
    expect(text).toContain(`  losing ${A}: internet → backend ASG survives; internet → frontend ASG survives; backend ASG → mysql RDS unknown (`);
    expect(text).toContain('Single points in a zone chosen at apply:');
    expect(text).toContain('Not modelled: whether the zones left have the capacity to take the load');
  });

  it('bolds what is lost or unknown in Markdown', () => {
    const markdown = renderMarkdown(result);
    expect(markdown).toContain('## 6. Resilience: losing one Availability Zone');
    expect(markdown).toContain(`- losing ${A}: internet → backend ASG survives; internet → frontend ASG survives; backend ASG → mysql RDS **unknown** (`);
    expect(markdown).toContain(`frontend ASG egress **lost** (NAT instance (nat-${A} ASG) is in ${A})`);
  });

  it('carries every path, zone and outcome in JSON', () => {
    const parsed: unknown = JSON.parse(renderJson(result));
    expect(parsed).toEqual(
      expect.objectContaining({
        resilience: expect.objectContaining({
          zones: [A, C],
          losses: [expect.objectContaining({ zone: A, outcomes: expect.arrayContaining([expect.objectContaining({ label: 'frontend ASG egress', fate: 'lost' })]) }), expect.objectContaining({ zone: C })],
          singlePoints: [expect.objectContaining({ label: 'mysql RDS', zones: [A, C] })],
        }),
      }),
    );
  });
});
