import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runReview } from '../../src/review/cli';
import { localsOfHcl, localsOfJson } from '../../src/review/hcl-references';
import { loadInput, modelFromJson } from '../../src/review/load';
import { formatPorts } from '../../src/review/ports';
import { INTERNET, portsBetween, unknownBetween } from '../../src/review/reachability';
import { renderJson } from '../../src/review/render/json';
import { renderMarkdown } from '../../src/review/render/markdown';
import { renderTerminal } from '../../src/review/render/terminal';
import { review, type Review } from '../../src/review/review';
import { topologyOf } from '../../src/review/topology';
import { plan, ref, type Json, type PlanResource } from './fixtures/plan-builder';
import { patch, threeTier } from './fixtures/stack';

/**
 * The traps of issue 17, one test each, named after the trap: what the review got wrong on Terraform
 * written the way people write it, and on the values the AWS provider stores.
 */

/** `resource "type" "name" {}` for each address: what ties a folder's files to a plan. */
function declarations(addresses: readonly string[]): string {
  return addresses.map((address) => `resource "${address.split('.')[0]}" "${address.split('.')[1]}" {}\n`).join('');
}

function reviewOf(json: Json, configDir?: string): Review {
  return review(modelFromJson(json, 'plan.json', undefined, configDir));
}

function internetPorts(result: Review, address: string): string {
  return formatPorts(portsBetween(result.reachability, INTERNET, address));
}

function statement(result: Review, label: string): string | undefined {
  return result.reachability.paths.find((path) => path.startsWith(`internet → ${label}:`));
}

function complete(result: Review): boolean {
  const status: unknown = JSON.parse(renderJson(result)).status;
  return typeof status === 'object' && status !== null && 'complete' in status ? status.complete === true : false;
}

const WEB_GROUP: PlanResource = {
  address: 'aws_security_group.web',
  values: {
    name: 'web',
    description: 'web server',
    ingress: [{ from_port: 80, to_port: 80, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], ipv6_cidr_blocks: [], security_groups: [], self: false, description: 'http' }],
    egress: [],
  },
  unknown: { id: true, vpc_id: true },
  expressions: { vpc_id: ref('aws_vpc.main.id', 'aws_vpc.main') },
};

/** A VPC, an internet gateway and a route table to it, every id unknown (a first plan). */
function publicNetwork(): PlanResource[] {
  return [
    { address: 'aws_vpc.main', values: { cidr_block: '10.0.0.0/16' }, unknown: { id: true } },
    { address: 'aws_internet_gateway.gw', values: {}, unknown: { id: true, vpc_id: true }, expressions: { vpc_id: ref('aws_vpc.main.id', 'aws_vpc.main') } },
    {
      address: 'aws_route_table.public',
      values: { route: [{ cidr_block: '0.0.0.0/0', nat_gateway_id: '' }] },
      unknown: { id: true, vpc_id: true, route: [{ gateway_id: true }] },
      expressions: { vpc_id: ref('aws_vpc.main.id', 'aws_vpc.main'), route: [{ gateway_id: ref('aws_internet_gateway.gw.id', 'aws_internet_gateway.gw') }] },
    },
  ];
}

function subnet(address: string, cidr: string, extra: Json = {}): PlanResource {
  return { address, values: { cidr_block: cidr, map_public_ip_on_launch: false, ipv6_cidr_block: null, ...extra }, unknown: { id: true, vpc_id: true }, expressions: { vpc_id: ref('aws_vpc.main.id', 'aws_vpc.main') } };
}

function webServer(subnetReference: Json, extra: Partial<PlanResource> = {}): PlanResource {
  return {
    address: 'aws_instance.web',
    values: { instance_type: 't3.micro', associate_public_ip_address: true, metadata_options: [{ http_tokens: 'required' }], root_block_device: [{ encrypted: true }] },
    unknown: { id: true, subnet_id: true, vpc_security_group_ids: true },
    expressions: { subnet_id: subnetReference, vpc_security_group_ids: ref('aws_security_group.web.id', 'aws_security_group.web') },
    ...extra,
  };
}

function association(address: string, subnetExpression: Json, forEach?: Json): PlanResource {
  return {
    address,
    values: { gateway_id: null },
    unknown: { id: true, subnet_id: true, route_table_id: true },
    expressions: { subnet_id: subnetExpression, route_table_id: ref('aws_route_table.public.id', 'aws_route_table.public') },
    ...(forEach === undefined ? {} : { forEach }),
  };
}

describe('item 1: for_each route-table associations', () => {
  const subnets = [subnet('aws_subnet.public["a"]', '10.0.1.0/24'), subnet('aws_subnet.public["b"]', '10.0.2.0/24')];

  it('for_each = aws_subnet.public with subnet_id = each.value.id: the public web server is reached, not "unreachable"', () => {
    const result = reviewOf(
      plan([
        ...publicNetwork(),
        ...subnets,
        ...['a', 'b'].map((key) => association(`aws_route_table_association.public["${key}"]`, ref('each.value.id', 'each.value'), ref('aws_subnet.public'))),
        WEB_GROUP,
        webServer(ref('aws_subnet.public["a"].id', 'aws_subnet.public["a"]', 'aws_subnet.public')),
      ]),
    );
    expect(internetPorts(result, 'aws_instance.web')).toBe('tcp/80');
    expect(statement(result, 'web EC2')).toBe('internet → web EC2: direct on tcp/80');
    expect(complete(result)).toBe(true);
  });

  it('for_each over a map of ids with subnet_id = each.value: as many associations as subnets, to one table, route every one of them', () => {
    const direct = [subnet('aws_subnet.public_a', '10.0.1.0/24'), subnet('aws_subnet.public_b', '10.0.2.0/24')];
    const ids = ref('aws_subnet.public_a.id', 'aws_subnet.public_a', 'aws_subnet.public_b.id', 'aws_subnet.public_b');
    const result = reviewOf(
      plan([
        ...publicNetwork(),
        ...direct,
        ...['a', 'b'].map((key) => association(`aws_route_table_association.public["${key}"]`, ref('each.value'), ids)),
        WEB_GROUP,
        webServer(ref('aws_subnet.public_b.id', 'aws_subnet.public_b')),
      ]),
    );
    expect(internetPorts(result, 'aws_instance.web')).toBe('tcp/80');
    expect(result.reachability.unknownRouting).toEqual([]);
  });

  it("one association naming one of two subnets leaves both subnets' routing unknown (trap: taken as both, or as none)", () => {
    const direct = [subnet('aws_subnet.public_a', '10.0.1.0/24'), subnet('aws_subnet.public_b', '10.0.2.0/24')];
    const ids = ref('aws_subnet.public_a.id', 'aws_subnet.public_a', 'aws_subnet.public_b.id', 'aws_subnet.public_b');
    const result = reviewOf(
      plan([...publicNetwork(), ...direct, association('aws_route_table_association.public["a"]', ref('each.value'), ids), WEB_GROUP, webServer(ref('aws_subnet.public_b.id', 'aws_subnet.public_b'))]),
    );
    expect(internetPorts(result, 'aws_instance.web')).toBe('none');
    expect(statement(result, 'web EC2')).toMatch(/^internet → web EC2: unknown, possibly direct on tcp\/80: .*aws_route_table_association\.public\["a"\] associate\(s\) one of aws_subnet\.public_a, aws_subnet\.public_b/);
    expect(result.reachability.unknownRouting).toHaveLength(2);
    expect(complete(result)).toBe(false);
  });

  it('an association the model cannot resolve makes routing unknown and the review incomplete, never "unreachable" or "nothing accepts SSH"', () => {
    const ssh: PlanResource = {
      ...WEB_GROUP,
      values: { ...WEB_GROUP.values, ingress: [{ from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], ipv6_cidr_blocks: [], security_groups: [], self: false, description: 'ssh' }] },
    };
    const result = reviewOf(
      plan([
        ...publicNetwork(),
        subnet('aws_subnet.public', '10.0.1.0/24'),
        association('aws_route_table_association.public["x"]', ref('each.value'), ref('data.aws_subnets.public.ids', 'data.aws_subnets.public')),
        ssh,
        webServer(ref('aws_subnet.public.id', 'aws_subnet.public')),
      ]),
    );
    expect(statement(result, 'web EC2')).toMatch(/^internet → web EC2: unknown, possibly direct on tcp\/22: .*data\.aws_subnets\.public\.ids/);
    expect(result.reachability.paths.find((path) => path.startsWith('SSH'))).toContain('unknown: internet → web EC2');
    expect(result.reachability.unknownRouting).toEqual([expect.stringContaining('aws_route_table_association.public["x"] associate(s) a subnet the input does not resolve')]);
    expect(complete(result)).toBe(false);
    expect(renderTerminal(result, { color: false, width: 160 })).toContain('routing of 1 subnet(s) unknown');
  });
});

describe('item 2: local.* references', () => {
  /** The terraform-aws-modules security-group pattern: rules name their group through a local. */
  function moduleGroup(): PlanResource[] {
    return [
      ...publicNetwork(),
      {
        address: 'module.db_sg.aws_security_group.this_name_prefix[0]',
        values: { description: 'db', ingress: [], egress: [] },
        unknown: { id: true, vpc_id: true, name: true },
        expressions: { vpc_id: ref('var.vpc_id') },
      },
      {
        address: 'module.db_sg.aws_security_group_rule.ingress_with_cidr_blocks[0]',
        values: { type: 'ingress', from_port: 5432, to_port: 5432, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], description: 'PostgreSQL', self: false, source_security_group_id: null },
        unknown: { id: true, security_group_id: true },
        expressions: { security_group_id: ref('local.this_sg_id') },
      },
      { address: 'aws_flow_log.main', values: { traffic_type: 'ALL' }, unknown: { id: true, vpc_id: true }, expressions: { vpc_id: ref('local.vpc_id') } },
    ];
  }

  it('a rule opening 5432 to 0.0.0.0/0 through security_group_id = local.this_sg_id is an error even without the .tf files', () => {
    const result = reviewOf(plan(moduleGroup(), { modules: { db_sg: { expressions: { vpc_id: ref('aws_vpc.main.id', 'aws_vpc.main') } } } }));
    expect(result.findings.filter((finding) => finding.id === 'TT-SG-001').map((finding) => `${finding.severity} ${finding.address} ${finding.message}`)).toEqual([
      'error module.db_sg.aws_security_group_rule.ingress_with_cidr_blocks[0] the group of module.db_sg.aws_security_group_rule.ingress_with_cidr_blocks[0] admits 0.0.0.0/0 on tcp/5432',
    ]);
  });

  it('a flow log with vpc_id = local.vpc_id is "unknown whether", not a false "no flow log" error', () => {
    const result = reviewOf(plan(moduleGroup(), { modules: { db_sg: { expressions: { vpc_id: ref('aws_vpc.main.id', 'aws_vpc.main') } } } }));
    expect(result.findings.filter((finding) => finding.id === 'TT-VPC-002').map((finding) => `${finding.severity} ${finding.message}`)).toEqual([
      'warning unknown whether main has a flow log: aws_flow_log.main names VPC local.vpc_id, which the input does not resolve',
    ]);
  });

  it('locals are read from the .tf files beside the plan, modules included (what a plan JSON never records)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'review-locals-'));
    writeFileSync(
      join(dir, 'main.tf'),
      `locals {\n  vpc_id = aws_vpc.main.id\n}\nmodule "db_sg" {\n  source = "./db_sg"\n}\n${declarations(['aws_vpc.main', 'aws_internet_gateway.gw', 'aws_route_table.public', 'aws_flow_log.main'])}`,
    );
    const moduleDir = join(dir, 'db_sg');
    mkdirSync(moduleDir);
    writeFileSync(
      join(moduleDir, 'main.tf'),
      `# as terraform-aws-modules/security-group writes it\nlocals {\n  this_sg_id = var.create_sg ? concat(aws_security_group.this.*.id, aws_security_group.this_name_prefix.*.id, [""])[0] : var.security_group_id\n}\n${declarations(['aws_security_group.this', 'aws_security_group.this_name_prefix', 'aws_security_group_rule.ingress_with_cidr_blocks'])}`,
    );
    const json = plan(moduleGroup(), {
      modules: { db_sg: { expressions: { vpc_id: ref('aws_vpc.main.id', 'aws_vpc.main'), create_sg: { constant_value: true } } } },
      // Declared with count = 0: in the concat() it gives nothing.
      declaredOnly: [{ module: 'db_sg', address: 'aws_security_group.this' }],
    });
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(json));
    const model = loadInput(join(dir, 'plan.json'));
    const topology = topologyOf(model);
    expect(topology.rules.find((rule) => rule.address.endsWith('ingress_with_cidr_blocks[0]'))?.group).toBe('module.db_sg.aws_security_group.this_name_prefix[0]');
    const result = review(model);
    expect(result.findings.filter((finding) => finding.id === 'TT-VPC-002')).toEqual([]);
    expect(result.findings.find((finding) => finding.id === 'TT-SG-001')?.message).toBe('this_name_prefix admits 0.0.0.0/0 on tcp/5432');
  });

  it(".tf files beside the plan that are another configuration's lend it no locals (trap: a folder of plans)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'review-other-'));
    writeFileSync(join(dir, 'other.tf'), `locals {\n  vpc_id = aws_vpc.other.id\n}\n${declarations(['aws_vpc.other'])}`);
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan(moduleGroup(), { modules: { db_sg: { expressions: { vpc_id: ref('aws_vpc.main.id', 'aws_vpc.main') } } } })));
    expect(review(loadInput(join(dir, 'plan.json'))).findings.find((finding) => finding.id === 'TT-VPC-002')?.message).toContain('names VPC local.vpc_id, which the input does not resolve');
  });

  it("--config with another configuration's files is refused with what they lack (exit 2)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'review-config-other-'));
    writeFileSync(join(dir, 'other.tf'), declarations(['aws_vpc.other']));
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan(moduleGroup())));
    const err: string[] = [];
    const io = { stdout: () => undefined, stderr: (text: string) => err.push(text), isTty: false, env: {}, columns: undefined };
    expect(runReview([join(dir, 'plan.json'), '--config', dir], io)).toBe(2);
    expect(err.join('')).toBe(
      `review: --config ${dir}: its files do not declare aws_internet_gateway.gw, aws_route_table.public, aws_flow_log.main, which the plan's configuration does: not the folder this plan was made from\n`,
    );
  });

  it("--config names the configuration's folder; one without .tf files is refused with a message (exit 2)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'review-config-'));
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan(moduleGroup())));
    const err: string[] = [];
    const io = { stdout: () => undefined, stderr: (text: string) => err.push(text), isTty: false, env: {}, columns: undefined };
    expect(runReview([join(dir, 'plan.json'), '--config', dir], io)).toBe(2);
    expect(err.join('')).toBe(`review: --config ${dir}: not a folder holding Terraform files (.tf or .tf.json)\n`);
  });

  it('reads the references of locals as Terraform writes them, through comments, strings, heredocs and for expressions', () => {
    const locals = localsOfHcl(`
locals {
  # a comment with a brace { and aws_vpc.fake.id
  ids    = [aws_subnet.a.id, aws_subnet.b["x"].id] // trailing
  picked = [for s in aws_subnet.app : s.id if s.tags["Tier"] != "}"]
  text   = <<-EOT
    \${aws_instance.web.private_ip} } {
  EOT
  vpc    = try(aws_vpc_ipv4_cidr_block_association.this[0].vpc_id, aws_vpc.this[0].id, "")
  /* block } comment */
  mixed  = "\${local.ids[0]}-\${module.net.ids}-\${data.aws_vpc.main.id}"
}
`);
    expect(Object.fromEntries([...locals].map(([name, definition]) => [name, definition.references]))).toEqual({
      ids: ['aws_subnet.a.id', 'aws_subnet.b["x"].id'],
      picked: ['aws_subnet.app'],
      text: ['aws_instance.web.private_ip'],
      vpc: ['aws_vpc_ipv4_cidr_block_association.this[0].vpc_id', 'aws_vpc.this[0].id'],
      mixed: ['local.ids[0]', 'module.net.ids', 'data.aws_vpc.main.id'],
    });
    expect(locals.get('ids')?.elements).toEqual([['aws_subnet.a.id'], ['aws_subnet.b["x"].id']]);
    expect(localsOfJson({ locals: { vpc_id: '${aws_vpc.main.id}', ids: ['${aws_subnet.a.id}', '${aws_subnet.b.id}'] } }).get('ids')).toEqual({
      references: ['aws_subnet.a.id', 'aws_subnet.b.id'],
      elements: [['aws_subnet.a.id'], ['aws_subnet.b.id']],
    });
  });
});

describe('item 3: known nulls are values', () => {
  it('a fully known no-op plan: self and group-reference rules with cidr_blocks = null get no "unknown whether" and no TT-SG-002 (trap: null rebuilt from var.cidrs)', () => {
    const rule = (name: string, extra: Json): PlanResource => ({
      address: `aws_security_group_rule.${name}`,
      values: {
        id: `sgrule-${name}`,
        type: 'ingress',
        security_group_id: 'sg-0aaaaaaaaaaaaaaa1',
        from_port: 0,
        to_port: 65535,
        protocol: 'tcp',
        cidr_blocks: null,
        ipv6_cidr_blocks: null,
        description: name,
        self: false,
        source_security_group_id: null,
        ...extra,
      },
      expressions: { security_group_id: ref('aws_security_group.db.id', 'aws_security_group.db'), cidr_blocks: ref('var.cidrs'), ipv6_cidr_blocks: ref('var.ipv6_cidrs') },
      actions: ['no-op'],
    });
    const result = reviewOf(
      plan([
        { address: 'aws_security_group.db', values: { id: 'sg-0aaaaaaaaaaaaaaa1', name: 'db', description: 'db', ingress: [], egress: [] }, actions: ['no-op'] },
        { address: 'aws_security_group.app', values: { id: 'sg-0aaaaaaaaaaaaaaa2', name: 'app', description: 'app', ingress: [], egress: [] }, actions: ['no-op'] },
        rule('self', { self: true }),
        rule('from_app', { source_security_group_id: 'sg-0aaaaaaaaaaaaaaa2' }),
      ]),
    );
    expect(result.findings.filter((finding) => finding.message.startsWith('unknown whether') || finding.id === 'TT-SG-002')).toEqual([]);
  });
});

describe('item 4: Classic ELB', () => {
  function classic(attach: 'instances' | 'attachment' | 'asg'): Review {
    const elb: PlanResource = {
      address: 'aws_elb.web',
      values: { name: 'web', internal: false, listener: [{ lb_port: 443, lb_protocol: 'https', instance_port: 8080, instance_protocol: 'http' }] },
      unknown: { id: true, subnets: true, security_groups: true, instances: true },
      expressions: {
        subnets: ref('aws_subnet.public.id', 'aws_subnet.public'),
        security_groups: ref('aws_security_group.lb.id', 'aws_security_group.lb'),
        ...(attach === 'instances' ? { instances: ref('aws_instance.app.id', 'aws_instance.app') } : {}),
      },
    };
    const groups: PlanResource[] = [
      {
        address: 'aws_security_group.lb',
        values: {
          name: 'lb',
          description: 'lb',
          ingress: [{ from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], description: 'https', self: false }],
          egress: [{ from_port: 8080, to_port: 8080, protocol: 'tcp', cidr_blocks: ['10.0.0.0/16'], description: 'app', self: false }],
        },
        unknown: { id: true, vpc_id: true },
        expressions: { vpc_id: ref('aws_vpc.main.id', 'aws_vpc.main') },
      },
      {
        address: 'aws_security_group.app',
        values: { name: 'app', description: 'app', ingress: [{ from_port: 8080, to_port: 8080, protocol: 'tcp', cidr_blocks: [], description: 'from lb', self: false }], egress: [] },
        unknown: { id: true, vpc_id: true, ingress: [{ security_groups: true }] },
        expressions: { vpc_id: ref('aws_vpc.main.id', 'aws_vpc.main'), ingress: [{ security_groups: ref('aws_security_group.lb.id', 'aws_security_group.lb') }] },
      },
    ];
    const app: PlanResource[] =
      attach === 'asg'
        ? [
            {
              address: 'aws_launch_template.app',
              values: { name: 'app', metadata_options: [{ http_tokens: 'required' }] },
              unknown: { id: true, vpc_security_group_ids: true },
              expressions: { vpc_security_group_ids: ref('aws_security_group.app.id', 'aws_security_group.app') },
            },
            {
              address: 'aws_autoscaling_group.app',
              values: { name: 'app', desired_capacity: 1, launch_template: [{}] },
              unknown: { id: true, vpc_zone_identifier: true, load_balancers: true, launch_template: [{ id: true }] },
              expressions: {
                vpc_zone_identifier: ref('aws_subnet.private.id', 'aws_subnet.private'),
                load_balancers: ref('aws_elb.web.name', 'aws_elb.web'),
                launch_template: [{ id: ref('aws_launch_template.app.id', 'aws_launch_template.app') }],
              },
            },
          ]
        : [
            {
              address: 'aws_instance.app',
              values: { instance_type: 't3.micro', associate_public_ip_address: false, metadata_options: [{ http_tokens: 'required' }], root_block_device: [{ encrypted: true }] },
              unknown: { id: true, subnet_id: true, vpc_security_group_ids: true },
              expressions: { subnet_id: ref('aws_subnet.private.id', 'aws_subnet.private'), vpc_security_group_ids: ref('aws_security_group.app.id', 'aws_security_group.app') },
            },
            ...(attach === 'attachment'
              ? [
                  {
                    address: 'aws_elb_attachment.app',
                    values: {},
                    unknown: { id: true, elb: true, instance: true },
                    expressions: { elb: ref('aws_elb.web.id', 'aws_elb.web'), instance: ref('aws_instance.app.id', 'aws_instance.app') },
                  },
                ]
              : []),
          ];
    return reviewOf(
      plan([
        ...publicNetwork(),
        subnet('aws_subnet.public', '10.0.1.0/24'),
        subnet('aws_subnet.private', '10.0.2.0/24'),
        association('aws_route_table_association.public', ref('aws_subnet.public.id', 'aws_subnet.public')),
        ...groups,
        elb,
        ...app,
      ]),
    );
  }

  it.each([
    ['instances = [...]', 'instances', 'aws_instance.app', 'app EC2'],
    ['aws_elb_attachment', 'attachment', 'aws_instance.app', 'app EC2'],
    ["an ASG's load_balancers", 'asg', 'aws_autoscaling_group.app', 'app ASG'],
  ] as const)('what sits behind a Classic ELB (%s) is reached only through it, not "unreachable"', (_what, attach, address, label) => {
    const result = classic(attach);
    expect(internetPorts(result, 'aws_elb.web')).toBe('tcp/443');
    expect(formatPorts(portsBetween(result.reachability, 'aws_elb.web', address))).toBe('tcp/8080');
    expect(statement(result, label)).toBe(`internet → ${label}: only through web CLB`);
    expect(complete(result)).toBe(true);
    // Its group takes 443 from the world, as an internet-facing load balancer's should.
    expect(result.findings.filter((finding) => finding.id === 'TT-SG-001')).toEqual([]);
    expect(result.notAnalysed.resourceTypes.map((entry) => entry.type)).not.toContain('aws_elb');
  });
});

describe('item 5: instances on network interfaces', () => {
  function onInterface(extra: readonly PlanResource[], interfaceValues: Partial<PlanResource> = {}): Review {
    return reviewOf(
      plan([
        ...publicNetwork(),
        subnet('aws_subnet.public', '10.0.1.0/24'),
        association('aws_route_table_association.public', ref('aws_subnet.public.id', 'aws_subnet.public')),
        WEB_GROUP,
        {
          address: 'aws_network_interface.web',
          values: {},
          unknown: { id: true, subnet_id: true, security_groups: true },
          expressions: { subnet_id: ref('aws_subnet.public.id', 'aws_subnet.public'), security_groups: ref('aws_security_group.web.id', 'aws_security_group.web') },
          ...interfaceValues,
        },
        ...extra,
      ]),
    );
  }
  const instance: PlanResource = {
    address: 'aws_instance.web',
    values: { instance_type: 't3.micro', metadata_options: [{ http_tokens: 'required' }], root_block_device: [{ encrypted: true }], network_interface: [{ device_index: 0 }] },
    unknown: { id: true, subnet_id: true, vpc_security_group_ids: true, associate_public_ip_address: true, network_interface: [{ network_interface_id: true }] },
    expressions: { network_interface: [{ network_interface_id: ref('aws_network_interface.web.id', 'aws_network_interface.web') }] },
  };
  const eip: PlanResource = {
    address: 'aws_eip.web',
    values: { domain: 'vpc' },
    unknown: { id: true, network_interface: true },
    expressions: { network_interface: ref('aws_network_interface.web.id', 'aws_network_interface.web') },
  };

  it('an instance launched on an aws_network_interface with an Elastic IP is exposed through the interface\'s group (trap: "names no security group ... default VPC")', () => {
    const result = onInterface([instance, eip]);
    expect(internetPorts(result, 'aws_instance.web')).toBe('tcp/80');
    expect(result.reachability.notes.join('\n')).not.toMatch(/names no security group|default subnet/);
    expect(result.cost.lines.filter((line) => line.item.startsWith('public IPv4')).map((line) => line.address)).toEqual(['aws_eip.web']);
  });

  it('without an Elastic IP it has no public address: AWS never auto-assigns one to an existing interface', () => {
    expect(internetPorts(onInterface([instance]), 'aws_instance.web')).toBe('none');
    expect(statement(onInterface([instance]), 'web EC2')).toBe('internet → web EC2: unreachable');
  });

  it('aws_eip_association with network_interface_id, and the groups of aws_network_interface_sg_attachment, count too', () => {
    const association: PlanResource = {
      address: 'aws_eip_association.web',
      values: {},
      unknown: { id: true, network_interface_id: true, allocation_id: true },
      expressions: { network_interface_id: ref('aws_network_interface.web.id', 'aws_network_interface.web'), allocation_id: ref('aws_eip.spare.id', 'aws_eip.spare') },
    };
    const attachment: PlanResource = {
      address: 'aws_network_interface_sg_attachment.web',
      values: {},
      unknown: { id: true, network_interface_id: true, security_group_id: true },
      expressions: { network_interface_id: ref('aws_network_interface.web.id', 'aws_network_interface.web'), security_group_id: ref('aws_security_group.web.id', 'aws_security_group.web') },
    };
    const result = onInterface([instance, association, { address: 'aws_eip.spare', values: { domain: 'vpc' }, unknown: { id: true } }, attachment], {
      expressions: { subnet_id: ref('aws_subnet.public.id', 'aws_subnet.public') },
    });
    expect(internetPorts(result, 'aws_instance.web')).toBe('tcp/80');
  });

  it('an interface attached by aws_network_interface_attachment adds its subnet and groups to the instance', () => {
    const attached: PlanResource = {
      address: 'aws_network_interface_attachment.web',
      values: { device_index: 1 },
      unknown: { id: true, instance_id: true, network_interface_id: true },
      expressions: { instance_id: ref('aws_instance.app.id', 'aws_instance.app'), network_interface_id: ref('aws_network_interface.web.id', 'aws_network_interface.web') },
    };
    const app: PlanResource = {
      address: 'aws_instance.app',
      values: { instance_type: 't3.micro', associate_public_ip_address: false, metadata_options: [{ http_tokens: 'required' }], root_block_device: [{ encrypted: true }] },
      unknown: { id: true, subnet_id: true },
      expressions: { subnet_id: ref('aws_subnet.public.id', 'aws_subnet.public') },
    };
    const topology = topologyOf(
      modelFromJson(
        plan([
          ...publicNetwork(),
          subnet('aws_subnet.public', '10.0.1.0/24'),
          WEB_GROUP,
          {
            address: 'aws_network_interface.web',
            values: {},
            unknown: { id: true },
            expressions: { subnet_id: ref('aws_subnet.public.id', 'aws_subnet.public'), security_groups: ref('aws_security_group.web.id', 'aws_security_group.web') },
          },
          attached,
          app,
        ]),
        'plan.json',
      ),
    );
    expect(topology.components.find((component) => component.address === 'aws_instance.app')?.groups).toEqual(['aws_security_group.web']);
  });
});

describe('item 6: deployed RDS primaries', () => {
  it.each([
    ['"" (what the provider stores for a primary)', '', ['TT-RDS-001', 'TT-RDS-003', 'TT-RDS-004', 'TT-RDS-005']],
    ['null', null, ['TT-RDS-001', 'TT-RDS-003', 'TT-RDS-004', 'TT-RDS-005']],
    ['a source (a read replica, judged at its source)', 'db-primary', []],
  ])('replicate_source_db = %s', (_what, source, expected) => {
    const result = reviewOf(
      plan([
        {
          address: 'aws_db_instance.db',
          values: {
            id: 'db-ABCDEF',
            identifier: 'db',
            engine: 'mysql',
            storage_encrypted: false,
            backup_retention_period: 0,
            deletion_protection: false,
            multi_az: false,
            publicly_accessible: false,
            replicate_source_db: source,
          },
          actions: ['no-op'],
        },
      ]),
    );
    expect(result.findings.filter((finding) => finding.id.startsWith('TT-RDS') && finding.id !== 'TT-RDS-002').map((finding) => finding.id)).toEqual(expected);
  });
});

describe('item 7: public ACLs', () => {
  const prod = threeTier('prod');
  const withoutBlock = patch(prod, 'aws_s3_bucket_public_access_block', 'state', { block_public_acls: false, ignore_public_acls: false, block_public_policy: true, restrict_public_buckets: true });
  const acl = (stack: typeof prod, values: Json): typeof prod => patch(stack, 'aws_s3_bucket_acl', 'state', { bucket: '${aws_s3_bucket.state.id}', ...values });
  const group = (uri: string, permission: string): Json => ({ access_control_policy: [{ grant: [{ grantee: [{ type: 'Group', uri }], permission }], owner: [{ id: 'owner' }] }] });
  const s3006 = (stack: unknown): readonly string[] =>
    review(modelFromJson(stack, 'stack'))
      .findings.filter((finding) => finding.id === 'TT-S3-006')
      .map((finding) => `${finding.severity} ${finding.message}`);

  it.each([
    [
      'acl = "public-read" on aws_s3_bucket',
      patch(withoutBlock, 'aws_s3_bucket', 'state', { acl: 'public-read' }),
      'error state bucket tt-tfstate is public: aws_s3_bucket.state acl = "public-read" grants read to everyone',
    ],
    [
      'acl = "public-read-write" on aws_s3_bucket_acl',
      acl(withoutBlock, { acl: 'public-read-write' }),
      'error state bucket tt-tfstate is public: aws_s3_bucket_acl.state acl = "public-read-write" grants read and write to everyone',
    ],
    ['a grant to AllUsers', acl(withoutBlock, group('http://acs.amazonaws.com/groups/global/AllUsers', 'READ')), 'error state bucket tt-tfstate is public: aws_s3_bucket_acl.state grants READ to everyone'],
    [
      'a grant to AuthenticatedUsers (any AWS account)',
      acl(withoutBlock, group('http://acs.amazonaws.com/groups/global/AuthenticatedUsers', 'WRITE')),
      'error state bucket tt-tfstate is public: aws_s3_bucket_acl.state grants WRITE to every AWS account',
    ],
    [
      'public-read under ignore_public_acls',
      acl(patch(withoutBlock, 'aws_s3_bucket_public_access_block', 'state', { ignore_public_acls: true }), { acl: 'public-read' }),
      'info state bucket tt-tfstate has a public ACL (aws_s3_bucket_acl.state acl = "public-read" grants read to everyone), but aws_s3_bucket_public_access_block.state sets ignore_public_acls, so S3 ignores them',
    ],
    [
      'public-read under a block with all four flags',
      acl(prod, { acl: 'public-read' }),
      'info state bucket tt-tfstate has a public ACL (aws_s3_bucket_acl.state acl = "public-read" grants read to everyone), but aws_s3_bucket_public_access_block.state sets ignore_public_acls, so S3 ignores them',
    ],
    ['acl = "private"', acl(withoutBlock, { acl: 'private' }), undefined],
  ])('%s', (_what, stack, expected) => {
    expect(s3006(stack)).toEqual(expected === undefined ? [] : [expected]);
  });

  it('block_public_acls alone refuses a public ACL: the apply fails, which a warning says', () => {
    const refusing = acl(patch(withoutBlock, 'aws_s3_bucket_public_access_block', 'state', { block_public_acls: true }), { acl: 'public-read' });
    expect(s3006(refusing)).toEqual([
      'warning state bucket tt-tfstate has a public ACL (aws_s3_bucket_acl.state acl = "public-read" grants read to everyone), but aws_s3_bucket_public_access_block.state sets block_public_acls, so S3 refuses them and the apply fails',
    ]);
  });
});

describe('item 8: TT-SEC-002 judges values a user wrote, not attribute names', () => {
  it('master_user_secret[0].secret_status and a WAF lock_token are no literal secrets; a literal password still is', () => {
    const result = reviewOf(
      plan([
        {
          address: 'aws_db_instance.db',
          values: {
            identifier: 'db',
            engine: 'mysql',
            storage_encrypted: true,
            backup_retention_period: 7,
            deletion_protection: true,
            multi_az: true,
            master_user_secret: [{ kms_key_id: 'arn:aws:kms:ap-northeast-2:111122223333:key/x', secret_arn: 'arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:rds!db', secret_status: 'active' }],
          },
          unknown: { id: true },
          expressions: { identifier: { constant_value: 'db' } },
        },
        { address: 'aws_wafv2_ip_set.office', values: { name: 'office', lock_token: '9a8b7c6d-5e4f-3a2b-1c0d-e9f8a7b6c5d4' }, actions: ['no-op'], expressions: { name: { constant_value: 'office' } } },
        { address: 'aws_rds_cluster.legacy', values: { master_password: 'correct-horse-battery' }, unknown: { id: true }, expressions: { master_password: ref('var.password') } },
      ]),
    );
    expect(result.findings.filter((finding) => finding.id === 'TT-SEC-002').map((finding) => finding.address)).toEqual(['aws_rds_cluster.legacy']);
  });

  it('without configuration (a prior state) the names of computed values are not secrets either', () => {
    const result = reviewOf(plan([{ address: 'aws_wafv2_web_acl.main', values: { name: 'main', lock_token: '9a8b7c6d-5e4f-3a2b-1c0d-e9f8a7b6c5d4' }, actions: ['no-op'] }]));
    expect(result.findings.filter((finding) => finding.id === 'TT-SEC-002')).toEqual([]);
  });
});

describe('item 12: smaller traps', () => {
  it('::/0 in a VPC without IPv6 opens nothing over IPv6 (trap: counted as reachable)', () => {
    const sixOnly: PlanResource = {
      ...WEB_GROUP,
      values: { ...WEB_GROUP.values, ingress: [{ from_port: 8080, to_port: 8080, protocol: 'tcp', cidr_blocks: [], ipv6_cidr_blocks: ['::/0'], security_groups: [], self: false, description: 'v6' }] },
    };
    const network = (ipv6: string | null): Json =>
      plan([
        ...publicNetwork(),
        subnet('aws_subnet.public', '10.0.1.0/24', { ipv6_cidr_block: ipv6 }),
        association('aws_route_table_association.public', ref('aws_subnet.public.id', 'aws_subnet.public')),
        sixOnly,
        webServer(ref('aws_subnet.public.id', 'aws_subnet.public')),
      ]);
    expect(internetPorts(reviewOf(network(null)), 'aws_instance.web')).toBe('none');
    expect(statement(reviewOf(network(null)), 'web EC2')).toBe('internet → web EC2: unreachable');
    expect(internetPorts(reviewOf(network('2600:1f18:1234:5600::/64')), 'aws_instance.web')).toBe('tcp/8080');
    // The rule is still a finding: it opens 8080 to the world the day the VPC gets IPv6.
    expect(
      reviewOf(network(null))
        .findings.filter((finding) => finding.id === 'TT-SG-001')
        .map((finding) => finding.message),
    ).toEqual(['web admits ::/0 on tcp/8080']);
  });

  it('an ALB with no listener is not "clear text" (TT-ALB-001 says it serves nothing, as info)', () => {
    const result = reviewOf(plan([{ address: 'aws_lb.web', values: { name: 'web', load_balancer_type: 'application', internal: false, drop_invalid_header_fields: true }, unknown: { id: true, arn: true } }]));
    expect(result.findings.filter((finding) => finding.id === 'TT-ALB-001').map((finding) => `${finding.severity} ${finding.message}`)).toEqual([
      'info web has no listener in the input: it serves nothing, or its listeners are managed elsewhere, so HTTPS is not judged',
    ]);
  });

  it('a plan whose resources have no "mode" is foreign input: exit 2 with a message (trap: "0 resources", exit 0)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'review-mode-'));
    const foreign = { format_version: '1.2', planned_values: { root_module: { resources: [{ address: 'aws_instance.web', type: 'aws_instance', name: 'web', values: {} }] } } };
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(foreign));
    const err: string[] = [];
    const code = runReview([join(dir, 'plan.json')], { stdout: () => undefined, stderr: (text) => err.push(text), isTty: false, env: {}, columns: undefined });
    expect(code).toBe(2);
    expect(err.join('')).toBe('review: plan JSON: planned resource aws_instance.web has no "mode" ("managed" or "data"), which terraform show -json always writes: this is not a Terraform plan\n');
  });

  it('placeholders never reach a report: "known after apply" is said, and a local is named (trap: ${(known after apply)}, ${local.launch_template_name})', () => {
    const result = reviewOf(
      plan([
        ...publicNetwork(),
        subnet('aws_subnet.app', '10.0.1.0/24'),
        {
          address: 'aws_security_group.app',
          values: { description: 'Managed by Terraform', ingress: [], egress: [] },
          unknown: { id: true, name: true, vpc_id: true },
          expressions: { vpc_id: ref('aws_vpc.main.id', 'aws_vpc.main'), name: ref('random_pet.suffix.id', 'random_pet.suffix') },
        },
        {
          address: 'aws_autoscaling_group.app',
          values: { desired_capacity: 2, launch_template: [{ version: '$Latest' }] },
          unknown: { id: true, name: true, vpc_zone_identifier: true, launch_template: [{ name: true }] },
          expressions: { vpc_zone_identifier: ref('aws_subnet.app.id', 'aws_subnet.app'), launch_template: [{ name: ref('local.launch_template_name') }] },
        },
        { address: 'aws_ebs_volume.data', values: { availability_zone: 'ap-northeast-2a', size: 10 }, unknown: { id: true, type: true, encrypted: true } },
      ]),
    );
    for (const text of [renderTerminal(result, { color: false, width: 160 }), renderMarkdown(result), renderJson(result)]) {
      expect(text.split('\n').filter((line) => line.includes('${'))).toEqual([]);
    }
    expect(result.reachability.targets.find((target) => target.address === 'aws_autoscaling_group.app')?.unknown.groups).toEqual([
      'the security groups of app are unknown: it launches from launch template local.launch_template_name, which the input does not hold',
    ]);
    // A group whose name is known only after apply goes by its Terraform name.
    expect(result.findings.filter((finding) => finding.address === 'aws_security_group.app').map((finding) => finding.message)).toEqual(['app has no description']);
    expect(result.findings.find((finding) => finding.address === 'aws_ebs_volume.data')?.severity).toBe('warning');
  });

  it('an ASG with a launch configuration is described by it (trap: "launch template not in the input")', () => {
    const result = reviewOf(
      plan([
        ...publicNetwork(),
        subnet('aws_subnet.public', '10.0.1.0/24', { map_public_ip_on_launch: true }),
        association('aws_route_table_association.public', ref('aws_subnet.public.id', 'aws_subnet.public')),
        WEB_GROUP,
        {
          address: 'aws_launch_configuration.web',
          values: { image_id: 'ami-0c9c942bd7bf113a2', instance_type: 't3.micro', associate_public_ip_address: true, root_block_device: [{ encrypted: false }] },
          unknown: { id: true, name: true, security_groups: true },
          expressions: { security_groups: ref('aws_security_group.web.id', 'aws_security_group.web') },
        },
        {
          address: 'aws_autoscaling_group.web',
          values: { name: 'web', desired_capacity: 2 },
          unknown: { id: true, vpc_zone_identifier: true, launch_configuration: true },
          expressions: { vpc_zone_identifier: ref('aws_subnet.public.id', 'aws_subnet.public'), launch_configuration: ref('aws_launch_configuration.web.name', 'aws_launch_configuration.web') },
        },
      ]),
    );
    expect(internetPorts(result, 'aws_autoscaling_group.web')).toBe('tcp/80');
    expect(JSON.stringify(result.reachability)).not.toContain('launch template');
    expect(result.findings.filter((finding) => finding.address === 'aws_launch_configuration.web').map((finding) => `${finding.id} ${finding.severity}`)).toEqual(['TT-EC2-001 error', 'TT-EC2-003 error']);
    expect(result.notAnalysed.resourceTypes.map((entry) => entry.type)).not.toContain('aws_launch_configuration');
  });

  it('an unknown reachability statement says why with the local\'s name, and no unknown value reads as "unreachable"', () => {
    const result = reviewOf(plan([...publicNetwork(), subnet('aws_subnet.public', '10.0.1.0/24'), WEB_GROUP, webServer(ref('local.subnet_id'))]));
    expect(unknownBetween(result.reachability, INTERNET, 'aws_instance.web')?.why.join(' ')).toContain('subnet local.subnet_id (a local: not in a plan JSON; pass --config) is not resolved');
  });
});
