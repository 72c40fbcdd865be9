import { CloudBackend, NamedCloudWorkspace } from 'cdktf';
import type { Construct } from 'constructs';
import type { ThreeTierConfig } from '../config/schema';

/** The HCP Terraform workspace of an environment when the config names none: `<project>-<environment>`. */
export function defaultWorkspace(project: string, environment: string): string {
  return `${project}-${environment}`;
}

/**
 * The `cloud` block of an environment stack when `state.backend` is `hcp`: state, locking and runs in
 * HCP Terraform (or Terraform Enterprise), one named workspace per environment. Undefined for `s3`,
 * where the stack keeps its S3 backend.
 */
export function hcpBackend(scope: Construct, config: Pick<ThreeTierConfig, 'project' | 'environment' | 'state'>): CloudBackend | undefined {
  const { backend, hcp } = config.state;
  if (backend !== 'hcp') {
    return undefined;
  }
  if (hcp === undefined) {
    throw new Error(`state.backend is "hcp" but state.hcp.organization is not set (environment ${config.environment})`);
  }
  return new CloudBackend(scope, {
    organization: hcp.organization,
    workspaces: new NamedCloudWorkspace(hcp.workspace ?? defaultWorkspace(config.project, config.environment)),
    hostname: hcp.hostname,
  });
}
