import type { OfflinePlanResult } from '../../src/terraform/offline-plan';
import { resourcesOf, synthEnvironment } from '../support/stacks';
import { describeWithTerraform, planOffline, reportTier } from '../support/terraform';

const environments = ['dev', 'prod'] as const;

function countSynthesized(synthesized: string): Record<string, number> {
  const parsed: unknown = JSON.parse(synthesized);
  const types = typeof parsed === 'object' && parsed !== null && 'resource' in parsed && typeof parsed.resource === 'object' && parsed.resource !== null ? Object.keys(parsed.resource) : [];
  return Object.fromEntries(types.map((type) => [type, Object.keys(resourcesOf(synthesized, type)).length]));
}

describeWithTerraform('terraform init + validate + plan, offline, for every environment stack', () => {
  const synthesized = Object.fromEntries(environments.map((environment) => [environment, synthEnvironment(environment)]));
  const plans = new Map<string, OfflinePlanResult>();

  beforeAll(async () => {
    const results = await Promise.all(environments.map(async (environment) => [environment, await planOffline(synthesized[environment], 'terraform-tier', environment)] as const));
    for (const [environment, result] of results) {
      plans.set(environment, result);
    }
    reportTier(`terraform tier: ran init + validate + plan for ${environments.join(', ')}`);
  }, 180_000);

  it.each(environments)('%s: plan creates every synthesized resource, and nothing else', (environment) => {
    expect(plans.get(environment)?.plannedCounts).toEqual(countSynthesized(synthesized[environment]));
  });

  it.each([
    [
      'dev',
      {
        ...{ aws_vpc: 1, aws_subnet: 6, aws_internet_gateway: 1, aws_nat_gateway: 1, aws_eip: 2, aws_route_table: 4, aws_default_security_group: 1, aws_vpc_endpoint: 1 },
        ...{ aws_security_group: 6, aws_instance: 1, aws_launch_template: 2, aws_autoscaling_group: 2, aws_lb: 2, aws_lb_listener: 2, aws_db_instance: 1 },
      },
    ],
    [
      'prod',
      {
        ...{ aws_vpc: 1, aws_subnet: 6, aws_nat_gateway: 2, aws_eip: 3, aws_route_table: 4, aws_flow_log: 1, aws_cloudwatch_log_group: 3 },
        ...{ aws_lb: 2, aws_lb_listener: 4, aws_acm_certificate: 1, aws_acm_certificate_validation: 1, aws_route53_zone: 1, aws_route53_record: 4, aws_db_instance: 1 },
      },
    ],
  ] as const)('%s: planned resource counts per type', (environment, expected) => {
    expect(plans.get(environment)?.plannedCounts).toMatchObject(expected);
  });
});
