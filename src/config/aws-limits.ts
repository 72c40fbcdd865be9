import type { z } from 'zod';
import { parseBackupWindow, parseMaintenanceWindow, windowsOverlap } from './rds-windows';
import type { configFields } from './schema';

type Fields = z.infer<typeof configFields>;

/** AWS name limits of resources named `<project>-<env>-<role>` (roles from the stacks). */
const NAME_LIMITS: readonly { readonly what: string; readonly suffix: string; readonly max: number; readonly applies: (config: Fields) => boolean }[] = [
  // One ALB per tier (the longer is -frontend), or one shared ALB named -alb.
  { what: 'the ALB name', suffix: '-frontend', max: 32, applies: (config) => config.loadBalancing.topology === 'per-tier' },
  { what: 'the ALB name', suffix: '-alb', max: 32, applies: (config) => config.loadBalancing.topology === 'shared' },
  { what: 'the ALB access-log bucket prefix', suffix: '-alb-logs-', max: 37, applies: (config) => config.loadBalancing.accessLogs },
  { what: 'the RDS instance identifier', suffix: '-mysql', max: 63, applies: () => true },
];

/** Adds an issue for every name AWS would refuse because `<project>-<env>` makes it too long. */
export function checkNameLengths(config: Fields, ctx: z.RefinementCtx): void {
  const prefix = `${config.project}-${config.environment}`;
  for (const limit of NAME_LIMITS.filter((candidate) => candidate.applies(config))) {
    const name = `${prefix}${limit.suffix}`;
    if (name.length > limit.max) {
      const room = limit.max - config.project.length - 1 - limit.suffix.length;
      ctx.addIssue({
        code: 'custom',
        path: ['environment'],
        message: `${JSON.stringify(config.environment)} makes ${limit.what} ${JSON.stringify(name)} ${name.length} characters; AWS allows ${limit.max}: use an environment name of at most ${Math.max(room, 0)} characters with project ${JSON.stringify(config.project)}, or a shorter project`,
      });
    }
  }
}

/** Adds issues for impossible backup and maintenance windows, and for the two overlapping (RDS refuses both). */
export function checkDatabaseWindows(windows: { readonly backupWindow: string; readonly maintenanceWindow: string }, ctx: z.RefinementCtx): void {
  const backup = parseBackupWindow(windows.backupWindow);
  const maintenance = parseMaintenanceWindow(windows.maintenanceWindow);
  if ('problem' in backup) {
    ctx.addIssue({ code: 'custom', path: ['database', 'backupWindow'], message: backup.problem });
  }
  if ('problem' in maintenance) {
    ctx.addIssue({ code: 'custom', path: ['database', 'maintenanceWindow'], message: maintenance.problem });
  }
  if ('window' in backup && 'window' in maintenance && windowsOverlap(backup.window, maintenance.window)) {
    ctx.addIssue({
      code: 'custom',
      path: ['database', 'maintenanceWindow'],
      message: `${JSON.stringify(windows.maintenanceWindow)} overlaps the daily backup window ${windows.backupWindow}; RDS needs them apart`,
    });
  }
}
