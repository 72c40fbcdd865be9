import { expectedDimensions } from '../../support/alarm-wiring';
import { PROD } from '../../support/planned-stacks';
import { resourcesOf, synthEnvironment } from '../../support/stacks';
import { describeWithTerraform, sharedPlan } from '../../support/terraform';

type Json = Record<string, unknown>;
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** The prod the terraform tier already plans (the same configuration, so the same shared plan). */
const synthesized = synthEnvironment('prod', PROD);

/** `${type.name.attr}` as type.name and attr. */
function reference(value: string): { address: string; attribute: string } | undefined {
  const match = /^\$\{([a-z0-9_]+\.[^.}]+)\.([a-z_]+)\}$/.exec(value);
  return match === null ? undefined : { address: match[1], attribute: match[2] };
}

/** Dimension maps in the alarm's planned values, or in its configuration's expressions, one per metric. */
function dimensionMaps(values: Json, pick: (holder: Json) => unknown): unknown[] {
  const own = pick(values);
  if (own !== undefined && own !== null) {
    return [own];
  }
  return list(values.metric_query)
    .filter(isJson)
    .flatMap((query) => list(query.metric).filter(isJson))
    .map(pick);
}

describeWithTerraform('prod plans with its alarms, and terraform resolves their dimensions to the right resources', () => {
  let planned: Json[] = [];
  let configured: Json[] = [];
  let plannedByAddress = new Map<string, Json>();

  beforeAll(async () => {
    const { plan } = await sharedPlan(synthesized);
    const root = isJson(plan) && isJson(plan.planned_values) && isJson(plan.planned_values.root_module) ? plan.planned_values.root_module : {};
    const resources = list(root.resources).filter(isJson);
    plannedByAddress = new Map(resources.map((resource) => [String(resource.address), isJson(resource.values) ? resource.values : {}]));
    planned = resources.filter((resource) => resource.type === 'aws_cloudwatch_metric_alarm');
    const configuration = isJson(plan) && isJson(plan.configuration) && isJson(plan.configuration.root_module) ? plan.configuration.root_module : {};
    configured = list(configuration.resources)
      .filter(isJson)
      .filter((resource) => resource.type === 'aws_cloudwatch_metric_alarm');
  }, 600_000);

  it('plans every alarm the stack synthesizes', () => {
    expect(planned.map((alarm) => alarm.address).sort()).toEqual(
      Object.keys(resourcesOf(synthesized, 'aws_cloudwatch_metric_alarm'))
        .map((name) => `aws_cloudwatch_metric_alarm.${name}`)
        .sort(),
    );
    expect(planned).toHaveLength(19);
  });

  it('a dimension known at plan time (identifier, group name, web ACL metric name) is the planned value of the resource the graph says', () => {
    let checked = 0;
    for (const alarm of planned) {
      const values = isJson(alarm.values) ? alarm.values : {};
      const expected = expectedDimensions(synthesized, 'three-tier-prod', String(values.alarm_name));
      expect(expected).toBeDefined();
      for (const dimensions of dimensionMaps(values, (holder) => holder.dimensions).filter(isJson)) {
        for (const [name, value] of Object.entries(dimensions)) {
          const want = expected?.[name] ?? '';
          const target = reference(want);
          const plannedTarget = target === undefined ? want : plannedByAddress.get(target.address)?.[target.attribute];
          expect([values.alarm_name, name, value]).toEqual([values.alarm_name, name, plannedTarget]);
          checked += 1;
        }
      }
    }
    // Database (4), both in-service alarms (2 metrics each), the web ACL (3 dimensions).
    expect(checked).toBe(4 + 4 + 3);
  });

  it("a dimension known only after apply (arn_suffix, a gateway's id) references the resource the graph says, in terraform's own reading of the configuration", () => {
    const names = new Map(planned.map((alarm) => [String(alarm.address), String(isJson(alarm.values) ? alarm.values.alarm_name : '')]));
    expect(configured).toHaveLength(19);
    for (const alarm of configured) {
      const name = names.get(String(alarm.address)) ?? '';
      const wanted = Object.values(expectedDimensions(synthesized, 'three-tier-prod', name) ?? {})
        .map(reference)
        .filter((target): target is { address: string; attribute: string } => target !== undefined)
        .map((target) => `${target.address}.${target.attribute}`);
      const expressions = isJson(alarm.expressions) ? alarm.expressions : {};
      // Terraform lists each attribute reference (type.name.attr) and the resource it belongs to (type.name).
      const references = dimensionMaps(expressions, (holder) => (isJson(holder.dimensions) ? holder.dimensions.references : undefined))
        .flatMap((refs) => list(refs).map(String))
        .filter((ref) => ref.split('.').length === 3);
      expect([name, [...new Set(references)].sort()]).toEqual([name, [...new Set(wanted)].sort()]);
    }
  });

  it('plans the topic, its policy, the dashboard and the RDS log groups', async () => {
    const { plannedCounts } = await sharedPlan(synthesized);
    expect(plannedCounts).toMatchObject({ aws_sns_topic: 1, aws_sns_topic_policy: 1, aws_cloudwatch_dashboard: 1, aws_cloudwatch_log_group: 6 });
    const dashboard = [...plannedByAddress.entries()].find(([address]) => address.startsWith('aws_cloudwatch_dashboard.'));
    expect(dashboard?.[1].dashboard_name).toBe('three-tier-prod');
  });
});
