import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A file the first boot writes on the instance. */
export interface BootFile {
  /** Absolute path on the instance. */
  readonly path: string;
  /** Octal mode. */
  readonly mode: '0600' | '0644' | '0700';
  readonly content: string;
}

function source(name: string): string {
  return readFileSync(join(__dirname, name), 'utf8');
}

/** Runs the container; `boot` at first boot, `refresh` from the timer (see app.sh). */
export const APP_SCRIPT_PATH = '/usr/local/sbin/three-tier-app';
/** The tier's settings, written by user data and read by the app script. */
export const APP_CONF_PATH = '/etc/three-tier/app.conf';
/** Timer that restarts the container after the DB secret rotated. */
const DB_SECRET_TIMER = 'three-tier-db-secret.timer';

/** The app script, for every tier. */
export function appFiles(): readonly BootFile[] {
  return [{ path: APP_SCRIPT_PATH, mode: '0700', content: source('app.sh') }];
}

/** The DB credential writer and the rotation timer, for a tier with a database; the user setup when it has one. */
export function databaseFiles(userSetup: boolean): readonly BootFile[] {
  return [
    { path: '/usr/local/lib/three-tier/db-env.py', mode: '0600', content: source('db-env.py') },
    ...(userSetup ? [{ path: '/usr/local/lib/three-tier/db-user.py', mode: '0600' as const, content: source('db-user.py') }] : []),
    { path: '/etc/systemd/system/three-tier-db-secret.service', mode: '0644', content: source('three-tier-db-secret.service') },
    { path: `/etc/systemd/system/${DB_SECRET_TIMER}`, mode: '0644', content: source(DB_SECRET_TIMER) },
  ];
}
