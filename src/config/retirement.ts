import type { ThreeTierConfig } from './schema';

/**
 * The configuration a stack is built from: as given, or, for an environment being retired
 * (`retiring: true`), with the protections that make `cdktf destroy` fail turned off (RDS deletion
 * protection and `prevent_destroy`, ALB deletion protection, an access-log bucket that must be emptied
 * by hand). `database.finalSnapshot` stays as configured (prod's keeps one): turning it on only now
 * would not take, since the snapshot's name is set at creation and then ignored (`ignore_changes`).
 * Deletion protection is an attribute in AWS: an apply must turn it off before a destroy can succeed.
 */
export function withRetirement(config: ThreeTierConfig): ThreeTierConfig {
  if (!config.retiring) {
    return config;
  }
  return {
    ...config,
    database: { ...config.database, deletionProtection: false, preventDestroy: false },
    loadBalancing: { ...config.loadBalancing, deletionProtection: false },
  };
}
