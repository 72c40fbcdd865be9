import { modelFromJson } from '../../src/review/load';
import { formatPorts } from '../../src/review/ports';
import { INTERNET, portsBetween, reachabilityOf, unknownBetween, type Reachability } from '../../src/review/reachability';
import { review } from '../../src/review/review';
import { topologyOf } from '../../src/review/topology';
import { plan, ref, type Json, type PlanResource, type PlanOptions } from './fixtures/plan-builder';

/**
 * A web server as people write it by hand: a public subnet routed to an internet gateway, an inline
 * security group whose SSH source comes from a variable, an instance that gets a public IP from its
 * subnet. Every id is unknown until apply, as in a first plan.
 */
function webServer(prefix = '', network = prefix): PlanResource[] {
  return [
    { address: `${network}aws_vpc.main`, values: { cidr_block: '10.0.0.0/16' }, unknown: { id: true, arn: true } },
    {
      address: `${network}aws_subnet.public`,
      values: { cidr_block: '10.0.1.0/24', map_public_ip_on_launch: true, availability_zone: 'us-west-2a' },
      unknown: { id: true, vpc_id: true },
      expressions: { vpc_id: ref('aws_vpc.main.id', 'aws_vpc.main'), cidr_block: { constant_value: '10.0.1.0/24' } },
    },
    { address: `${network}aws_internet_gateway.gw`, values: {}, unknown: { id: true, vpc_id: true }, expressions: { vpc_id: ref('aws_vpc.main.id', 'aws_vpc.main') } },
    {
      address: `${network}aws_route_table.public`,
      values: { route: [{ cidr_block: '0.0.0.0/0', gateway_id: null, nat_gateway_id: '' }] },
      unknown: { id: true, vpc_id: true, route: [{ gateway_id: true }] },
      expressions: { vpc_id: ref('aws_vpc.main.id', 'aws_vpc.main'), route: ref('aws_internet_gateway.gw.id', 'aws_internet_gateway.gw') },
    },
    {
      address: `${network}aws_route_table_association.public`,
      values: {},
      unknown: { id: true, subnet_id: true, route_table_id: true },
      expressions: { subnet_id: ref('aws_subnet.public.id', 'aws_subnet.public'), route_table_id: ref('aws_route_table.public.id', 'aws_route_table.public') },
    },
    {
      address: `${prefix}aws_security_group.web`,
      values: {
        name: 'web',
        description: 'web server',
        ingress: [
          { from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], description: 'ssh', security_groups: [], self: false },
          { from_port: 80, to_port: 80, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], description: 'http', security_groups: [], self: false },
        ],
        egress: [{ from_port: 0, to_port: 0, protocol: '-1', cidr_blocks: ['0.0.0.0/0'], description: 'all', security_groups: [], self: false }],
      },
      unknown: { id: true, vpc_id: true },
      expressions: {
        name: { constant_value: 'web' },
        vpc_id: prefix === network ? ref('aws_vpc.main.id', 'aws_vpc.main') : ref('var.vpc_id'),
        // Written as an attribute built from variables: the configuration has one expression for the whole list.
        ingress: ref('var.ssh_cidrs', 'var.http_port'),
      },
    },
    {
      address: `${prefix}aws_instance.web`,
      values: { ami: 'ami-0123456789abcdef0', instance_type: 't3.micro', metadata_options: [{ http_tokens: 'required' }], root_block_device: [{ encrypted: true }] },
      unknown: { id: true, subnet_id: true, vpc_security_group_ids: true, associate_public_ip_address: true, public_ip: true },
      expressions: {
        subnet_id: prefix === network ? ref('aws_subnet.public.id', 'aws_subnet.public') : ref('var.subnet_id'),
        vpc_security_group_ids: ref('aws_security_group.web.id', 'aws_security_group.web'),
        instance_type: { constant_value: 't3.micro' },
      },
    },
  ];
}

function reachOf(json: Json): Reachability {
  return reachabilityOf(topologyOf(modelFromJson(json, 'plan.json')));
}

function ports(reachability: Reachability, from: string, to: string): string {
  return formatPorts(portsBetween(reachability, from, to));
}

/** The moved pieces of `webServer` for a two-module layout: network outputs feed the web module's variables. */
const MODULES: PlanOptions['modules'] = {
  network: { outputs: { subnet_id: ref('aws_subnet.public.id', 'aws_subnet.public'), vpc_id: ref('aws_vpc.main.id', 'aws_vpc.main') } },
  web: { expressions: { subnet_id: ref('module.network.subnet_id', 'module.network'), vpc_id: ref('module.network.vpc_id', 'module.network') } },
};

describe('reading a plan: known values first, references for what is unknown', () => {
  it.each([
    ['a Terraform 1.x plan', plan(webServer()), 'aws_instance.web', 'aws_security_group.web'],
    ['a Terraform 0.12 plan (bare references)', plan(webServer(), { formatVersion: '0.1', legacyReferences: true }), 'aws_instance.web', 'aws_security_group.web'],
    ['a plan with the server in a module fed by another module', plan(webServer('module.web.', 'module.network.'), { modules: MODULES }), 'module.web.aws_instance.web', 'module.web.aws_security_group.web'],
    [
      'the same modules in a Terraform 0.12 plan',
      plan(webServer('module.web.', 'module.network.'), { modules: MODULES, formatVersion: '0.1', legacyReferences: true }),
      'module.web.aws_instance.web',
      'module.web.aws_security_group.web',
    ],
  ])('%s: the internet reaches the web server on 22 and 80, and SSH from the world is an error', (_what, json, instance, group) => {
    const result = reach(json);
    expect(ports(result, INTERNET, instance)).toBe('tcp/22,80');
    expect(result.paths).toContain(`internet → web EC2: direct on tcp/22,80`);
    expect(result.paths.find((path) => path.startsWith('SSH'))).toBe('SSH (tcp/22): internet → web EC2');
    const found = review(modelFromJson(json, 'plan.json')).findings.map((finding) => `${finding.id} ${finding.address}`);
    expect(found).toEqual(expect.arrayContaining([`TT-SG-002 ${group}`, `TT-SG-001 ${group}`]));
  });

  function reach(json: Json): Reachability {
    return reachOf(json);
  }

  it('keeps values set from variables and data sources (password, policy) that the configuration only references', () => {
    const json = plan([
      {
        address: 'aws_db_instance.db',
        values: { engine: 'mysql', password: 'hunter2-from-tfvars', storage_encrypted: true, publicly_accessible: false },
        unknown: { id: true },
        expressions: { password: ref('var.db_password'), engine: { constant_value: 'mysql' } },
      },
      { address: 'aws_s3_bucket.logs', values: { bucket: 'logs-bucket' }, unknown: { id: true, arn: true }, expressions: { bucket: { constant_value: 'logs-bucket' } } },
      {
        address: 'aws_s3_bucket_policy.logs',
        values: { bucket: 'logs-bucket', policy: '{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}' },
        unknown: { id: true },
        expressions: { bucket: ref('aws_s3_bucket.logs.id', 'aws_s3_bucket.logs'), policy: ref('data.aws_iam_policy_document.tls.json', 'data.aws_iam_policy_document.tls') },
      },
    ]);
    const model = modelFromJson(json, 'plan.json');
    expect(model.byAddress.get('aws_db_instance.db')?.values.password).toBe('hunter2-from-tfvars');
    const found = review(model).findings.map((finding) => `${finding.id} ${finding.address}`);
    expect(found).toContain('TT-SEC-002 aws_db_instance.db');
    expect(found).not.toContain('TT-S3-003 aws_s3_bucket.logs');
  });

  it('links resources by known ids when the plan updates existing ones (no configuration needed)', () => {
    const ids: Readonly<Record<string, string>> = {
      'aws_vpc.main': 'vpc-0aaaaaaaaaaaaaaa1',
      'aws_subnet.public': 'subnet-0aaaaaaaaaaaaaaa2',
      'aws_internet_gateway.gw': 'igw-0aaaaaaaaaaaaaaa3',
      'aws_route_table.public': 'rtb-0aaaaaaaaaaaaaaa4',
      'aws_route_table_association.public': 'rtbassoc-0aaaaaaaaaaaaaaa5',
      'aws_security_group.web': 'sg-0aaaaaaaaaaaaaaa6',
      'aws_instance.web': 'i-0aaaaaaaaaaaaaaa7',
    };
    const links: Readonly<Record<string, Json>> = {
      'aws_instance.web': { subnet_id: ids['aws_subnet.public'], vpc_security_group_ids: [ids['aws_security_group.web']] },
      'aws_route_table_association.public': { subnet_id: ids['aws_subnet.public'], route_table_id: ids['aws_route_table.public'] },
      'aws_route_table.public': { route: [{ cidr_block: '0.0.0.0/0', gateway_id: ids['aws_internet_gateway.gw'] }] },
    };
    const existing = webServer().map((resource): PlanResource => ({ address: resource.address, values: { ...resource.values, id: ids[resource.address], ...links[resource.address] }, actions: ['no-op'] }));
    expect(ports(reachOf(plan(existing)), INTERNET, 'aws_instance.web')).toBe('tcp/22,80');
  });

  it('resolves count.index references inside and across instances of a resource', () => {
    const subnets = [0, 1].map((index): PlanResource => ({
      address: `aws_subnet.app[${index}]`,
      values: { cidr_block: `10.0.${index + 10}.0/24`, availability_zone: `us-west-2${'ab'[index]}` },
      unknown: { id: true },
      expressions: { cidr_block: ref('count.index') },
    }));
    const instances = [0, 1].map((index): PlanResource => ({
      address: `aws_instance.app[${index}]`,
      values: { instance_type: 't3.micro' },
      unknown: { id: true, subnet_id: true },
      expressions: { subnet_id: ref('aws_subnet.app', 'count.index') },
    }));
    const topology = topologyOf(modelFromJson(plan([...subnets, ...instances]), 'plan.json'));
    expect(topology.components.map((component) => [component.address, component.subnets.map((subnet) => subnet.address)])).toEqual([
      ['aws_instance.app[0]', ['aws_subnet.app[0]']],
      ['aws_instance.app[1]', ['aws_subnet.app[1]']],
    ]);
  });

  it('resolves references inside for_each module instances to the same instance', () => {
    const resources = ['a', 'b'].flatMap((key): PlanResource[] => [
      { address: `module.tier["${key}"].aws_subnet.this`, values: { cidr_block: key === 'a' ? '10.0.1.0/24' : '10.0.2.0/24' }, unknown: { id: true } },
      { address: `module.tier["${key}"].aws_instance.this`, values: { instance_type: 't3.micro' }, unknown: { id: true, subnet_id: true }, expressions: { subnet_id: ref('aws_subnet.this.id', 'aws_subnet.this') } },
    ]);
    const topology = topologyOf(modelFromJson(plan(resources), 'plan.json'));
    expect(topology.components.map((component) => [component.address, component.subnets.map((subnet) => subnet.cidr)])).toEqual([
      ['module.tier["a"].aws_instance.this', ['10.0.1.0/24']],
      ['module.tier["b"].aws_instance.this', ['10.0.2.0/24']],
    ]);
  });
});

describe('unknown is not unreachable', () => {
  it('says "unknown" and why when the subnet comes from a data source the plan cannot resolve', () => {
    const resources = webServer().map((resource) =>
      resource.address === 'aws_instance.web' ? { ...resource, expressions: { ...resource.expressions, subnet_id: ref('data.aws_subnet.selected.id', 'data.aws_subnet.selected') } } : resource,
    );
    const result = reachOf(plan(resources));
    expect(ports(result, INTERNET, 'aws_instance.web')).toBe('none');
    expect(unknownBetween(result, INTERNET, 'aws_instance.web')?.why).toEqual(expect.arrayContaining([expect.stringContaining('subnet data.aws_subnet.selected.id is not resolved')]));
    const line = result.paths.find((path) => path.startsWith('internet → web EC2'));
    expect(line).toMatch(/^internet → web EC2: unknown, possibly direct on tcp\/22,80: .*data\.aws_subnet\.selected\.id/);
    expect(result.paths.find((path) => path.startsWith('SSH'))).toContain('unknown: internet → web EC2');
    expect(result.paths.join('\n')).not.toContain('internet → web EC2: unreachable');
  });

  it('says "unknown" when the route to the gateway targets something outside the plan', () => {
    const resources = webServer().map((resource) => (resource.address === 'aws_route_table.public' ? { ...resource, expressions: { ...resource.expressions, route: ref('var.gateway_id') } } : resource));
    const result = reachOf(plan(resources));
    expect(unknownBetween(result, INTERNET, 'aws_instance.web')?.why.join(' ')).toContain('var.gateway_id');
  });

  it('says "unknown" for a group the input does not hold, and keeps the rules it knows', () => {
    const resources = webServer().map((resource) =>
      resource.address === 'aws_instance.web' ? { ...resource, values: { ...resource.values, vpc_security_group_ids: ['sg-0123456789abcdef0'] }, unknown: { id: true, subnet_id: true } } : resource,
    );
    const result = reachOf(plan(resources));
    expect(ports(result, INTERNET, 'aws_instance.web')).toBe('none');
    expect(unknownBetween(result, INTERNET, 'aws_instance.web')).toMatchObject({ ports: [{ protocol: 'all', from: 0, to: 65535 }], why: [expect.stringContaining('group sg-0123456789abcdef0 is outside the input')] });
  });

  it('says "unknown" when a rule belongs to a group looked up by a data source', () => {
    const resources: PlanResource[] = [
      ...webServer().filter((resource) => resource.address !== 'aws_security_group.web'),
      { address: 'aws_security_group.web', values: { name: 'web', description: 'web' }, unknown: { id: true } },
      {
        address: 'aws_security_group_rule.ssh',
        values: { type: 'ingress', from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], description: 'ssh' },
        unknown: { id: true, security_group_id: true },
        expressions: { security_group_id: ref('data.aws_security_group.web.id', 'data.aws_security_group.web') },
      },
    ];
    const result = reachOf(plan(resources));
    expect(ports(result, INTERNET, 'aws_instance.web')).toBe('none');
    expect(unknownBetween(result, INTERNET, 'aws_instance.web')).toMatchObject({
      ports: [{ protocol: 'tcp', from: 22, to: 22 }],
      why: expect.arrayContaining([expect.stringContaining('aws_security_group_rule.ssh may apply: its security group is data.aws_security_group.web.id')]),
    });
    expect(result.notes).toContain('aws_security_group_rule.ssh: its security group is data.aws_security_group.web.id, which the input does not resolve; it may apply to any component, so what it opens is unknown');
  });

  it('reports a rule whose sources are unknown as a warning, never as clean', () => {
    const resources: PlanResource[] = [
      ...webServer().filter((resource) => resource.address !== 'aws_security_group.web'),
      { address: 'aws_security_group.web', values: { name: 'web', description: 'web' }, unknown: { id: true } },
      {
        address: 'aws_security_group_rule.ssh',
        values: { type: 'ingress', from_port: 22, to_port: 22, protocol: 'tcp', description: 'ssh' },
        unknown: { id: true, security_group_id: true, cidr_blocks: true },
        expressions: { security_group_id: ref('aws_security_group.web.id', 'aws_security_group.web'), cidr_blocks: ref('data.external.office.result') },
      },
    ];
    const result = review(modelFromJson(plan(resources), 'plan.json'));
    expect(result.findings.filter((finding) => finding.id === 'TT-SG-002')).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringContaining('data.external.office.result') })]);
    expect(unknownBetween(result.reachability, INTERNET, 'aws_instance.web')?.ports.map((range) => range.from)).toEqual([22]);
  });
});

describe('findings that depend on unknown values', () => {
  it('reports a database whose public flag is unknown as such, neither public nor private', () => {
    const json = plan([
      { address: 'aws_db_instance.db', values: { engine: 'mysql', storage_encrypted: true }, unknown: { id: true, publicly_accessible: true }, expressions: { publicly_accessible: ref('data.external.flags.result') } },
    ]);
    expect(review(modelFromJson(json, 'plan.json')).findings.filter((finding) => finding.id === 'TT-RDS-002')).toEqual([
      expect.objectContaining({ severity: 'warning', message: 'unknown whether db is public: publicly_accessible is data.external.flags.result, which the input does not resolve' }),
    ]);
  });
});

describe("plans of Terraform 1.7+ and the provider's echoes", () => {
  it('accepts a plan that forgets resources (removed blocks) and counts them', () => {
    const json = plan(webServer(), { gone: [{ address: 'aws_s3_bucket.old', actions: ['forget'] }] });
    expect(review(modelFromJson(json, 'plan.json')).summary.actions).toEqual({ create: 7, forget: 1 });
  });

  it("counts a standalone rule once when the plan echoes it in the group's own list", () => {
    const rule = { from_port: 3306, to_port: 3306, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], description: 'mysql', security_groups: [], self: false };
    const json = plan([
      { address: 'aws_security_group.db', values: { id: 'sg-0aaaaaaaaaaaaaaaa', name: 'db', description: 'db', ingress: [rule], egress: [] }, actions: ['no-op'] },
      {
        address: 'aws_security_group_rule.mysql',
        values: { type: 'ingress', security_group_id: 'sg-0aaaaaaaaaaaaaaaa', from_port: 3306, to_port: 3306, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], description: 'mysql' },
        actions: ['no-op'],
      },
    ]);
    const topology = topologyOf(modelFromJson(json, 'plan.json'));
    expect(topology.rules.map((entry) => entry.address)).toEqual(['aws_security_group_rule.mysql']);
    expect(
      review(modelFromJson(json, 'plan.json'))
        .findings.filter((finding) => finding.id === 'TT-SG-001')
        .map((finding) => finding.address),
    ).toEqual(['aws_security_group_rule.mysql']);
  });
});

describe('Network Load Balancers', () => {
  function nlbPlan(): Json {
    return plan([
      ...webServer().filter((resource) => !resource.address.startsWith('aws_instance')),
      { address: 'aws_subnet.private', values: { cidr_block: '10.0.2.0/24', map_public_ip_on_launch: false }, unknown: { id: true, vpc_id: true }, expressions: { vpc_id: ref('aws_vpc.main.id', 'aws_vpc.main') } },
      {
        address: 'aws_lb.nlb',
        values: { name: 'edge', load_balancer_type: 'network', internal: false },
        unknown: { id: true, arn: true, subnets: true },
        expressions: { load_balancer_type: ref('var.lb_type'), subnets: ref('aws_subnet.public.id', 'aws_subnet.public') },
      },
      {
        address: 'aws_lb_listener.tcp',
        values: { port: 80, protocol: 'TCP' },
        unknown: { id: true, load_balancer_arn: true, default_action: [{ target_group_arn: true }] },
        expressions: { load_balancer_arn: ref('aws_lb.nlb.arn', 'aws_lb.nlb'), default_action: [{ target_group_arn: ref('aws_lb_target_group.web.arn', 'aws_lb_target_group.web') }] },
      },
      { address: 'aws_lb_target_group.web', values: { port: 80, protocol: 'TCP' }, unknown: { id: true, arn: true } },
      {
        address: 'aws_lb_target_group_attachment.web',
        values: {},
        unknown: { id: true, target_group_arn: true, target_id: true },
        expressions: { target_group_arn: ref('aws_lb_target_group.web.arn', 'aws_lb_target_group.web'), target_id: ref('aws_instance.web.id', 'aws_instance.web') },
      },
      {
        address: 'aws_instance.web',
        values: { instance_type: 't3.micro', associate_public_ip_address: false, metadata_options: [{ http_tokens: 'required' }] },
        unknown: { id: true, subnet_id: true, vpc_security_group_ids: true },
        expressions: { subnet_id: ref('aws_subnet.private.id', 'aws_subnet.private'), vpc_security_group_ids: ref('aws_security_group.web.id', 'aws_security_group.web') },
      },
    ]);
  }

  it('is not judged by the ALB rules, even when its type comes from a variable', () => {
    const ids = review(modelFromJson(nlbPlan(), 'plan.json')).findings.map((finding) => finding.id);
    expect(ids.filter((id) => id.startsWith('TT-ALB'))).toEqual([]);
  });

  it('without security groups passes its listener ports from anywhere to its targets', () => {
    const result = reachOf(nlbPlan());
    expect(ports(result, INTERNET, 'aws_lb.nlb')).toBe('tcp/80');
    expect(ports(result, 'aws_lb.nlb', 'aws_instance.web')).toBe('tcp/80');
    expect(ports(result, INTERNET, 'aws_instance.web')).toBe('none');
    expect(result.paths).toContain('internet → web EC2: only through edge NLB');
    expect(result.notes).toContain("edge NLB has no security group: it passes its listener ports from anywhere to its targets, which see the clients' addresses");
  });
});
