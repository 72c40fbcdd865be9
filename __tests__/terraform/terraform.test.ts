import { offlineConfiguration, terraformAvailability, type OfflinePlanResult } from '../../src/terraform/offline-plan';
import { resourcesOf, synthEnvironment } from '../support/stacks';
import { availability, describeWithTerraform, planOffline, reportTier } from '../support/terraform';

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

describe('the offline plan harness', () => {
  it('reports terraform or the provider mirror missing, with the reason the skip line prints', () => {
    expect(terraformAvailability({ ...process.env, PATH: '/nonexistent' })).toEqual({ available: false, reason: 'terraform is not on PATH' });
    const noMirror = terraformAvailability({ ...process.env, TT_TF_PLUGIN_MIRROR: '/nonexistent/mirror' });
    expect(noMirror).toEqual(
      availability.available
        ? { available: false, reason: 'no hashicorp/aws provider in the mirror /nonexistent/mirror (set TT_TF_PLUGIN_MIRROR)' }
        : expect.objectContaining({ available: false }),
    );
  });

  it('swaps the S3 backend for a local one and tells the provider not to call AWS', () => {
    const rewritten = offlineConfiguration(JSON.parse(synthEnvironment('dev')));
    expect(rewritten.terraform).not.toHaveProperty('backend');
    expect(rewritten.provider).toEqual({
      aws: [expect.objectContaining({ region: 'ap-northeast-2', skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true })],
    });
  });

  it('rejects JSON that is not a synthesized stack', () => {
    expect(() => offlineConfiguration({ planned_values: {} })).toThrow('not a synthesized cdktf stack: the JSON has no "terraform" block');
  });
});
