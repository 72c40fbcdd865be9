import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { OFFLINE_ENV, offlineConfiguration, terraformAvailability, terraformOnPath, withOwnProvider, type OfflinePlanResult } from '../../src/terraform/offline-plan';
import { resourceSchemas, stateFromPlan } from '../change/plan-state';
import { DEV_SHARED_ALB_NO_NAT, PROD, PROD_EXISTING_ZONE } from '../support/planned-stacks';
import { resourcesOf, synthEnvironment, type Overrides } from '../support/stacks';
import { availability, describeWithTerraform, reportTier, sharedPlan } from '../support/terraform';

/** Every stack the tier plans: both presets and the variants whose wiring differs (planned-stacks.ts). */
const variants: Readonly<Record<string, { readonly environment: string; readonly overrides: Overrides }>> = {
  dev: { environment: 'dev', overrides: {} },
  prod: { environment: 'prod', overrides: PROD },
  'dev-shared-alb-no-nat': { environment: 'dev', overrides: DEV_SHARED_ALB_NO_NAT },
  // Also the README's retirement of prod (`retiring: true`), whose destroy is planned below.
  'prod-existing-zone': { environment: 'prod', overrides: PROD_EXISTING_ZONE },
};
const names = Object.keys(variants);

type Json = { readonly [key: string]: unknown };
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `terraform plan -destroy` of a planned stack's database, against a state that holds only it, as
 * planned (unknowns made up: __tests__/change/plan-state.ts): what `cdktf destroy` would plan for it.
 * Resolves to the plan's text, or rejects with Terraform's error.
 */
async function planDatabaseDestroy(planned: OfflinePlanResult, schemas: Awaited<ReturnType<typeof resourceSchemas>>, name: string): Promise<string> {
  const state = stateFromPlan(planned.plan, schemas);
  const resources = Array.isArray(state.resources) ? state.resources.filter((resource) => isJson(resource) && resource.type === 'aws_db_instance') : [];
  const dir = resolve('.tmp', 'retire');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.tfstate`), JSON.stringify({ ...state, resources }));
  const env = { ...process.env, ...OFFLINE_ENV, TF_CLI_CONFIG_FILE: join(planned.workDir, 'terraform.rc') };
  const args = ['plan', '-destroy', '-refresh=false', '-lock=false', '-input=false', '-no-color', `-state=${join(dir, `${name}.tfstate`)}`];
  // The stack configures the provider once: the plan attaches to a provider of its own, started once.
  return withOwnProvider(planned.workDir, env, async (attached) => (await promisify(execFile)('terraform', args, { cwd: planned.workDir, env: attached ?? env, maxBuffer: 64 * 1024 * 1024 })).stdout);
}

function countSynthesized(synthesized: string): Record<string, number> {
  const parsed: unknown = JSON.parse(synthesized);
  const types = typeof parsed === 'object' && parsed !== null && 'resource' in parsed && typeof parsed.resource === 'object' && parsed.resource !== null ? Object.keys(parsed.resource) : [];
  return Object.fromEntries(types.map((type) => [type, Object.keys(resourcesOf(synthesized, type)).length]));
}

describeWithTerraform('terraform init + plan (which validates), offline, for every environment stack and variant', () => {
  const synthesized = Object.fromEntries(names.map((name) => [name, synthEnvironment(variants[name].environment, variants[name].overrides)]));
  const plans = new Map<string, OfflinePlanResult>();

  // Prod with its placeholder domain (must fail to plan): scripts/terraform/plan-offline.test.ts, through npm run plan:offline.
  beforeAll(async () => {
    for (const [name, result] of await Promise.all(names.map(async (name) => [name, await sharedPlan(synthesized[name])] as const))) {
      plans.set(name, result);
    }
    reportTier(`terraform tier: ran init + plan for ${names.join(', ')}`);
  }, 600_000);

  it.each(names)('%s: plan creates every synthesized resource, and nothing else', (name) => {
    expect(plans.get(name)?.plannedCounts).toEqual(countSynthesized(synthesized[name]));
  });

  it.each([
    [
      'dev',
      {
        // The lean preset: a NAT instance (its ASG, ENI and EIP), one shared ALB, no bastion, office hours
        // (the database's two schedules and the closed page's two, the page's rule beside the /api rule).
        ...{ aws_vpc: 1, aws_subnet: 6, aws_internet_gateway: 1, aws_nat_gateway: 0, aws_network_interface: 1, aws_eip: 1, aws_route_table: 4, aws_default_security_group: 1, aws_vpc_endpoint: 1 },
        ...{ aws_security_group: 5, aws_instance: 0, aws_launch_template: 3, aws_autoscaling_group: 3, aws_lb: 1, aws_lb_listener: 1, aws_lb_listener_rule: 2, aws_db_instance: 1 },
        ...{ aws_autoscaling_schedule: 4, aws_scheduler_schedule: 4, aws_flow_log: 1, aws_secretsmanager_secret: 1 },
      },
    ],
    [
      'prod',
      {
        ...{ aws_vpc: 1, aws_subnet: 6, aws_nat_gateway: 2, aws_eip: 3, aws_route_table: 4, aws_flow_log: 1, aws_cloudwatch_log_group: 6 },
        // Issue 19: its alarms, their encrypted topic (no subscription without alerts.emails) and the dashboard.
        ...{ aws_cloudwatch_metric_alarm: 19, aws_sns_topic: 1, aws_sns_topic_policy: 1, aws_sns_topic_subscription: 0, aws_cloudwatch_dashboard: 1 },
        ...{ aws_instance: 1, aws_lb: 2, aws_lb_listener: 4, aws_acm_certificate: 1, aws_acm_certificate_validation: 1, aws_route53_zone: 1, aws_route53_record: 4, aws_db_instance: 1 },
      },
    ],
    [
      'dev-shared-alb-no-nat',
      // The /api rule and the closed page's.
      { aws_lb: 1, aws_lb_listener: 1, aws_lb_listener_rule: 2, aws_s3_bucket: 1, aws_s3_bucket_policy: 1, aws_nat_gateway: 0, aws_eip: 0, aws_vpc_endpoint: 8, aws_security_group: 5 },
    ],
    ['prod-existing-zone', { aws_route53_zone: 0, aws_route53_record: 2, aws_acm_certificate: 1, aws_lb: 1, aws_lb_listener_rule: 1 }],
  ] as const)('%s: planned resource counts per type', (name, expected) => {
    const counts = plans.get(name)?.plannedCounts ?? {};
    expect(Object.fromEntries(Object.keys(expected).map((type) => [type, counts[type] ?? 0]))).toEqual(expected);
  });

  it('retiring prod (README, "Destroy, and retiring prod"): plans without protections, and its database\'s destroy plans with a final snapshot; protected prod\'s is refused', async () => {
    const retiring = plans.get('prod-existing-zone');
    const protectedProd = plans.get('prod');
    if (retiring === undefined || protectedProd === undefined) {
      throw new Error('the prod plans are missing');
    }
    const planned = (result: OfflinePlanResult, type: string): Json[] => {
      const changes = isJson(result.plan) && Array.isArray(result.plan.resource_changes) ? result.plan.resource_changes.filter(isJson) : [];
      return changes.filter((change) => change.type === type).map((change) => (isJson(change.change) && isJson(change.change.after) ? change.change.after : {}));
    };
    expect(planned(retiring, 'aws_db_instance').map((db) => [db.deletion_protection, db.skip_final_snapshot])).toEqual([[false, false]]);
    expect(planned(retiring, 'aws_lb').map((lb) => lb.enable_deletion_protection)).toEqual([false]);
    expect(planned(protectedProd, 'aws_db_instance').map((db) => db.deletion_protection)).toEqual([true]);

    const schemas = await resourceSchemas(retiring.workDir);
    // The state holds the database as the retiring prod plans it: deletion protection off, a final snapshot.
    const [destroyed, refused] = await Promise.allSettled([planDatabaseDestroy(retiring, schemas, 'prod-retiring'), planDatabaseDestroy(protectedProd, schemas, 'prod-protected')]);
    const destroy = destroyed.status === 'fulfilled' ? destroyed.value : String(destroyed.reason);
    expect(destroy).toMatch(/# aws_db_instance\.\S+ will be destroyed/);
    expect(destroy).toMatch(/- skip_final_snapshot\s+= false/);
    expect(destroy).toMatch(/- final_snapshot_identifier\s+= "\S+"/);
    expect(destroy).toMatch(/Plan: 0 to add, 0 to change, 1 to destroy\./);
    // The error comes from another realm (child_process): read its text, not its class.
    expect(refused.status === 'rejected' ? String(refused.reason) : 'planned').toMatch(/Instance cannot be destroyed[\s\S]*prevent_destroy/);
  }, 600_000);
});

describe('the offline plan harness', () => {
  it('reports terraform or the provider mirror missing, with the reason the skip line prints', () => {
    expect(terraformAvailability({ ...process.env, PATH: '/nonexistent' })).toEqual({ available: false, reason: 'terraform is not on PATH' });
    const noMirror = terraformAvailability({ ...process.env, TT_TF_PLUGIN_MIRROR: '/nonexistent/mirror' });
    expect(noMirror).toEqual(
      availability.available ? { available: false, reason: 'no hashicorp/aws provider in the mirror /nonexistent/mirror (set TT_TF_PLUGIN_MIRROR)' } : expect.objectContaining({ available: false }),
    );
  });

  it('finds terraform on PATH as a shell would, without running it: an executable file, not a plain file or a folder', () => {
    const folders = ['plain', 'folder', 'executable'].map((name) => mkdtempSync(join(tmpdir(), `tt-path-${name}-`)));
    writeFileSync(join(folders[0], 'terraform'), '');
    mkdirSync(join(folders[1], 'terraform'));
    writeFileSync(join(folders[2], 'terraform'), '#!/bin/sh\n');
    chmodSync(join(folders[2], 'terraform'), 0o755);
    const onPath = (...entries: readonly string[]): boolean => terraformOnPath({ PATH: entries.join(delimiter) });
    expect([onPath(folders[0], folders[1]), onPath('', folders[0], folders[2]), onPath(), terraformOnPath({})]).toEqual([false, true, false, false]);
  });

  it('swaps the S3 backend for a local one and tells the provider not to call AWS', () => {
    const rewritten = offlineConfiguration(JSON.parse(synthEnvironment('dev')));
    expect(rewritten.terraform).not.toHaveProperty('backend');
    expect(rewritten.provider).toEqual({
      aws: [expect.objectContaining({ region: 'ap-northeast-2', skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true })],
    });
  });

  it("keeps a provider block written as an object (Terraform's JSON allows one block without a list), with the same flags", () => {
    const rewritten = offlineConfiguration({ terraform: {}, provider: { aws: { region: 'ap-northeast-2' } } });
    expect(rewritten.provider).toEqual({ aws: [{ region: 'ap-northeast-2', skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true }] });
  });

  it('rejects JSON that is not a synthesized stack', () => {
    expect(() => offlineConfiguration({ planned_values: {} })).toThrow('not a synthesized cdktf stack: the JSON has no "terraform" block');
  });
});
