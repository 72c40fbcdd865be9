import { configFor, synthEnvironment } from '../support/stacks';

type Json = { readonly [key: string]: unknown };
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function terraformBlock(synthesized: string): Json {
  const parsed: unknown = JSON.parse(synthesized);
  return isJson(parsed) && isJson(parsed.terraform) ? parsed.terraform : {};
}

const HCP = { TT__state__backend: 'hcp', TT__state__hcp__organization: 'acme-infra' };

function configError(overrides: Readonly<Record<string, string>>): string {
  try {
    configFor('dev', overrides);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('the configuration was accepted');
}

describe('state backend', () => {
  test('s3 by default: the S3 backend with native locking, no cloud block', () => {
    const terraform = terraformBlock(synthEnvironment('dev'));
    expect(terraform.cloud).toBeUndefined();
    expect(terraform.backend).toEqual({ s3: expect.objectContaining({ bucket: 'three-tier-tfstate-ap-northeast-2', key: 'three-tier/dev/terraform.tfstate', use_lockfile: true }) });
  });

  test('hcp: a cloud block with the organization and the environment workspace, and no S3 backend', () => {
    const dev = terraformBlock(synthEnvironment('dev', HCP));
    expect(dev.backend).toBeUndefined();
    expect(dev.cloud).toEqual({ organization: 'acme-infra', workspaces: { name: 'three-tier-dev' } });
    const prod = terraformBlock(synthEnvironment('prod', { ...HCP, TT_PROD__dns__domain: 'example.org' }));
    expect(prod.cloud).toEqual({ organization: 'acme-infra', workspaces: { name: 'three-tier-prod' } });
  });

  test('hcp: a named workspace and a Terraform Enterprise host', () => {
    const terraform = terraformBlock(synthEnvironment('dev', { ...HCP, TT__state__hcp__workspace: 'web-dev', TT__state__hcp__hostname: 'tfe.example.com' }));
    expect(terraform.cloud).toEqual({ organization: 'acme-infra', hostname: 'tfe.example.com', workspaces: { name: 'web-dev' } });
  });

  test('bad backend settings are refused with the field named', () => {
    expect(configError({ TT__state__backend: 'hcp' })).toMatch(/state\.hcp\.organization.*is required with state\.backend "hcp"/s);
    expect(configError({ TT__state__backend: 'gcs' })).toMatch(/state\.backend.*"gcs" is not a state backend; allowed: s3, hcp/s);
    expect(configError({ TT__state__hcp__organization: 'acme-infra' })).toMatch(/state\.hcp.*is set but state\.backend is "s3"/s);
    expect(configError({ ...HCP, TT__state__hcp__organization: 'a' })).toMatch(/state\.hcp\.organization.*must be an HCP Terraform organization name/s);
  });
});
