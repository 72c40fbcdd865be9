// Plans for `npm run bench:review`, grown from a real one: the corpus plan of a web tier in a module
// (Terraform 1.11, hashicorp/aws 5.100.0; 23 resources: VPC, subnets, route tables, three groups with
// inline rules, an instance, an ALB, RDS, an endpoint) called once per key of a for_each, as a team
// with hundreds of services would. Each copy gets its own /20 and names, so copies do not overlap.
// The rules plan adds security-group rules to one copy, half `aws_security_group_rule` and half
// `aws_vpc_security_group_ingress_rule`, in the shapes `terraform show -json` gives them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Json = { [key: string]: unknown };
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export const TEMPLATE_PLAN = join(__dirname, '..', '__tests__', 'fixtures', 'real-plans', 'generated', 'module-web-us-east-1', 'plan.json');
/** The module call the template plans: `module.web`. */
const CALL = 'web';
const RESOURCES_PER_COPY = 23;

function template(): Json {
  const parsed: unknown = JSON.parse(readFileSync(TEMPLATE_PLAN, 'utf8'));
  if (!isJson(parsed)) {
    throw new Error(`${TEMPLATE_PLAN} is not a plan`);
  }
  return parsed;
}

/** `10.20.K.0/n` of the template in copy `index`: its own /20 of 10.0.0.0/8 (4,096 copies at most). */
function cidrFor(index: number): (match: string, third: string, bits: string) => string {
  const second = 20 + Math.floor(index / 16);
  const base = (index % 16) * 16;
  return (_match, third, bits) => (bits === '16' ? `10.${second}.${base}.0/20` : `10.${second}.${base + Number(third)}.0/${bits}`);
}

/** The JSON text of a part of the plan, rewritten for one copy: addresses under `module.web["key"]`, its CIDRs, its names. */
function copyText(text: string, index: number): string {
  const key = `svc${String(index).padStart(4, '0')}`;
  return text
    .replace(/module\.web(?=[."])/g, `module.${CALL}[\\"${key}\\"]`)
    .replace(/10\.20\.(\d+)\.0\/(\d+)/g, cidrFor(index))
    .replace(/corpus/g, `corpus-${key}`);
}

/** The items of a list, once per copy. */
function copies(list: unknown, count: number): unknown[] {
  const text = JSON.stringify(Array.isArray(list) ? list : []);
  return Array.from({ length: count }, (_, index): unknown => JSON.parse(copyText(text, index))).flatMap((copy) => (Array.isArray(copy) ? copy : []));
}

/** A plan of about `resources` resources: the template's module called for `ceil(resources / 23)` keys. */
export function servicesPlan(resources: number): Json {
  const plan = template();
  const count = Math.max(1, Math.ceil(resources / RESOURCES_PER_COPY));
  const planned = isJson(plan.planned_values) && isJson(plan.planned_values.root_module) ? plan.planned_values.root_module : {};
  const configuration = isJson(plan.configuration) ? plan.configuration : {};
  const root = isJson(configuration.root_module) ? configuration.root_module : {};
  const calls = isJson(root.module_calls) ? root.module_calls : {};
  const call = isJson(calls[CALL]) ? calls[CALL] : {};
  return {
    ...plan,
    planned_values: { root_module: { ...planned, child_modules: copies(planned.child_modules, count) } },
    resource_changes: copies(plan.resource_changes, count),
    relevant_attributes: copies(plan.relevant_attributes, count),
    configuration: { ...configuration, root_module: { ...root, module_calls: { ...calls, [CALL]: { ...call, for_each_expression: { references: ['local.services'] } } } } },
  };
}

interface Rule {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly index: number;
  readonly after: Json;
  readonly unknown: Json;
}

/** Rule `index` of `count`: ports and sources spread the way a grown group's are (office /32s, the VPC, a few to the world). */
function rule(index: number): Rule {
  const port = 1024 + ((index * 7) % 30000);
  const group = index % 8 < 4 ? 'web' : 'db';
  const source = index % 10 === 0 ? '0.0.0.0/0' : index % 10 < 6 ? `${index % 3 === 0 ? '198.51.100' : '203.0.113'}.${index % 250}/32` : '10.20.0.0/16';
  const description = `rule ${index} for team ${index % 40}`;
  if (index % 4 < 2) {
    return {
      address: `aws_security_group_rule.${group}_grown[${index}]`,
      type: 'aws_security_group_rule',
      name: `${group}_grown`,
      index,
      after: { cidr_blocks: [source], description, from_port: port, ipv6_cidr_blocks: null, prefix_list_ids: null, protocol: 'tcp', self: false, timeouts: null, to_port: port + (index % 3), type: 'ingress' },
      unknown: { cidr_blocks: [false], id: true, security_group_id: true, security_group_rule_id: true, source_security_group_id: true },
    };
  }
  return {
    address: `aws_vpc_security_group_ingress_rule.${group}_grown[${index}]`,
    type: 'aws_vpc_security_group_ingress_rule',
    name: `${group}_grown`,
    index,
    after: { cidr_ipv4: source, cidr_ipv6: null, description, from_port: port, ip_protocol: 'tcp', prefix_list_id: null, referenced_security_group_id: null, tags: null, to_port: port },
    unknown: { arn: true, id: true, security_group_id: true, security_group_rule_id: true, tags_all: true },
  };
}

/** The services plan of one copy plus `count` rules on its web and database groups. */
export function rulesPlan(count: number): Json {
  const plan = servicesPlan(RESOURCES_PER_COPY);
  const prefix = `module.${CALL}["svc0000"]`;
  const rules = Array.from({ length: count }, (_, index) => rule(index));
  const planned = isJson(plan.planned_values) && isJson(plan.planned_values.root_module) ? plan.planned_values.root_module : {};
  const [child] = Array.isArray(planned.child_modules) ? planned.child_modules.filter(isJson) : [];
  const ownResources = Array.isArray(child?.resources) ? child.resources : [];
  const resources = [
    ...ownResources,
    ...rules.map((entry) => ({
      address: `${prefix}.${entry.address}`,
      mode: 'managed',
      type: entry.type,
      name: entry.name,
      index: entry.index,
      provider_name: 'registry.terraform.io/hashicorp/aws',
      schema_version: entry.type === 'aws_security_group_rule' ? 2 : 0,
      values: entry.after,
      sensitive_values: {},
    })),
  ];
  const changes = rules.map((entry) => ({
    address: `${prefix}.${entry.address}`,
    module_address: prefix,
    mode: 'managed',
    type: entry.type,
    name: entry.name,
    index: entry.index,
    provider_name: 'registry.terraform.io/hashicorp/aws',
    change: { actions: ['create'], before: null, after: entry.after, after_unknown: entry.unknown, before_sensitive: false, after_sensitive: {} },
  }));
  const configuration = isJson(plan.configuration) ? plan.configuration : {};
  const root = isJson(configuration.root_module) ? configuration.root_module : {};
  const calls = isJson(root.module_calls) ? root.module_calls : {};
  const call = isJson(calls[CALL]) ? calls[CALL] : {};
  const module = isJson(call.module) ? call.module : {};
  const configured = ['aws_security_group_rule', 'aws_vpc_security_group_ingress_rule'].flatMap((type) =>
    ['web', 'db'].map((group) => ({
      address: `${type}.${group}_grown`,
      mode: 'managed',
      type,
      name: `${group}_grown`,
      provider_config_key: 'aws',
      expressions: { security_group_id: { references: [`aws_security_group.${group}.id`, `aws_security_group.${group}`] } },
      count_expression: { references: [`local.${group}_rules`] },
    })),
  );
  return {
    ...plan,
    planned_values: { root_module: { ...planned, child_modules: [{ ...child, resources }] } },
    resource_changes: [...(Array.isArray(plan.resource_changes) ? plan.resource_changes : []), ...changes],
    configuration: {
      ...configuration,
      root_module: { ...root, module_calls: { ...calls, [CALL]: { ...call, module: { ...module, resources: [...(Array.isArray(module.resources) ? module.resources : []), ...configured] } } } },
    },
  };
}
