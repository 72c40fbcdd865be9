/**
 * RDS's backup and maintenance windows of an environment whose database stops outside office hours:
 * RDS runs neither while the instance is stopped, so the windows must fall inside the hours it runs.
 * The windows are in UTC and fixed; the office hours are local and move with daylight saving time,
 * so a window must fit the hours under every UTC offset the zone uses.
 */
import { parseBackupWindow, parseMaintenanceWindow, type Window } from './rds-windows';

/** How long before the app tiers the database is started (it takes minutes to become available). */
export const DATABASE_LEAD_MINUTES = 15;
/** How long after the database's start call the first window opens: starting takes up to ten minutes. */
const WINDOW_MARGIN_MINUTES = 30;
/** The length of each computed window: the shortest RDS accepts. */
const COMPUTED_WINDOW_MINUTES = 30;

const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
const CRON_DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
const RDS_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** Years whose UTC offsets a zone's windows must fit: fixed, so that a synth does not depend on the date. */
const OFFSET_YEARS = [2026, 2027] as const;

/** Office hours as configured: an IANA zone, cron day names and local `hh:mm` times. */
export interface OfficeSchedule {
  readonly timeZone: string;
  readonly days: string;
  readonly start: string;
  readonly stop: string;
}

/** The two windows in RDS's formats. */
export interface DatabaseWindows {
  readonly backupWindow: string;
  readonly maintenanceWindow: string;
}

const pad = (value: number): string => String(value).padStart(2, '0');
const modulo = (value: number, period: number): number => ((value % period) + period) % period;
const clock = (minutes: number): string => `${pad(Math.floor(modulo(minutes, MINUTES_PER_DAY) / 60))}:${pad(modulo(minutes, 60))}`;
const weekClock = (minutes: number): string => {
  const at = modulo(minutes, MINUTES_PER_WEEK);
  return `${RDS_DAYS[Math.floor(at / MINUTES_PER_DAY)]}:${clock(at)}`;
};

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

/** Indexes (0 = Monday) of the days a cron day list names: `MON-FRI`, `MON,WED,FRI`, `SAT-SUN`. */
function runningDays(days: string): number[] {
  const result = new Set<number>();
  for (const part of days.split(',')) {
    const [from, to] = part.split('-').map((name) => CRON_DAYS.findIndex((day) => day === name));
    const last = to ?? from;
    if (from < 0 || last < 0) {
      throw new Error(`${JSON.stringify(days)} is not a list of cron day names such as MON-FRI or MON,WED,FRI`);
    }
    for (let day = from; ; day = (day + 1) % 7) {
      result.add(day);
      if (day === last) {
        break;
      }
    }
  }
  return [...result].sort((a, b) => a - b);
}

const offsetsByZone = new Map<string, readonly number[]>();

/** The distinct UTC offsets (local minus UTC, in minutes) a zone uses in the reference years. */
export function utcOffsets(timeZone: string): readonly number[] {
  const known = offsetsByZone.get(timeZone);
  if (known !== undefined) {
    return known;
  }
  const format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
  const offsets = new Set<number>();
  for (const year of OFFSET_YEARS) {
    for (let day = 0; day < 366; day += 1) {
      const instant = Date.UTC(year, 0, 1 + day, 12);
      const parts = format.formatToParts(instant);
      const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((candidate) => candidate.type === type)?.value);
      const local = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'));
      offsets.add(Math.round((local - instant) / 60_000));
    }
  }
  const sorted = [...offsets].sort((a, b) => a - b);
  offsetsByZone.set(timeZone, sorted);
  return sorted;
}

/** The local minutes of the day the database runs: from its start call to the stop. */
function databaseRunningHours(schedule: OfficeSchedule): { readonly from: number; readonly to: number } {
  const start = minutesOf(schedule.start);
  return { from: start - Math.min(DATABASE_LEAD_MINUTES, start), to: minutesOf(schedule.stop) };
}

function describeHours(schedule: OfficeSchedule): string {
  const { from, to } = databaseRunningHours(schedule);
  return `${clock(from)}-${clock(to)} ${schedule.timeZone}, ${schedule.days}`;
}

/**
 * Windows inside office hours: the backup window opens WINDOW_MARGIN_MINUTES after the database is
 * started, under the zone's smallest UTC offset, and the maintenance window follows it on the first
 * running day of the week. Both stay inside the hours under the largest offset too. Returns the
 * problem instead when the hours are too short for that.
 */
export function officeHoursWindows(schedule: OfficeSchedule): DatabaseWindows | { readonly problem: string } {
  const offsets = utcOffsets(schedule.timeZone);
  const shift = offsets[offsets.length - 1] - offsets[0];
  const { from, to } = databaseRunningHours(schedule);
  const opens = from + WINDOW_MARGIN_MINUTES;
  const needed = WINDOW_MARGIN_MINUTES + 2 * COMPUTED_WINDOW_MINUTES + shift;
  if (opens + shift + 2 * COMPUTED_WINDOW_MINUTES > to) {
    return {
      problem: `the database runs ${to - from} minutes a day (${describeHours(schedule)}); the backup and maintenance windows need ${needed} (${WINDOW_MARGIN_MINUTES} to start it, 30 each${shift > 0 ? `, ${shift} for daylight saving time` : ''}): make the office hours longer, or set database.backupWindow and database.maintenanceWindow inside them`,
    };
  }
  const backup = opens - offsets[0];
  const firstDay = runningDays(schedule.days)[0];
  const maintenance = firstDay * MINUTES_PER_DAY + opens + COMPUTED_WINDOW_MINUTES - offsets[0];
  return {
    backupWindow: `${clock(backup)}-${clock(backup + COMPUTED_WINDOW_MINUTES)}`,
    maintenanceWindow: `${weekClock(maintenance)}-${weekClock(maintenance + COMPUTED_WINDOW_MINUTES)}`,
  };
}

/** True when every local occurrence of a window (start and length in local minutes) lies inside the running hours. */
function inside(localStart: number, length: number, hours: { readonly from: number; readonly to: number }): boolean {
  const start = modulo(localStart, MINUTES_PER_DAY);
  return start >= hours.from && start + length <= hours.to;
}

/** What is wrong with an explicit backup window in an office-hours environment, if anything. */
export function backupWindowProblem(value: string, schedule: OfficeSchedule): string | undefined {
  const parsed = parseBackupWindow(value);
  if (!('window' in parsed)) {
    return undefined;
  }
  const hours = databaseRunningHours(schedule);
  const outside = utcOffsets(schedule.timeZone).filter((offset) => !inside(parsed.window.start + offset, parsed.window.length, hours));
  return outside.length === 0 ? undefined : outsideMessage(value, parsed.window, outside[0], schedule, 'backupWindow');
}

/** What is wrong with an explicit maintenance window in an office-hours environment, if anything. */
export function maintenanceWindowProblem(value: string, schedule: OfficeSchedule): string | undefined {
  const parsed = parseMaintenanceWindow(value);
  if (!('window' in parsed)) {
    return undefined;
  }
  const hours = databaseRunningHours(schedule);
  const days = runningDays(schedule.days);
  const outside = utcOffsets(schedule.timeZone).filter((offset) => {
    const local = modulo(parsed.window.start + offset, MINUTES_PER_WEEK);
    return !days.includes(Math.floor(local / MINUTES_PER_DAY)) || !inside(local, parsed.window.length, hours);
  });
  return outside.length === 0 ? undefined : outsideMessage(value, parsed.window, outside[0], schedule, 'maintenanceWindow');
}

function outsideMessage(value: string, window: Window, offset: number, schedule: OfficeSchedule, field: keyof DatabaseWindows): string {
  const weekly = field === 'maintenanceWindow';
  const local = (minutes: number): string => (weekly ? weekClock(minutes) : clock(minutes));
  const computed = officeHoursWindows(schedule);
  const instead = 'problem' in computed ? 'move it into those hours' : `remove it to use ${computed[field]} (computed inside the hours), or move it into them`;
  return `${JSON.stringify(value)} is ${local(window.start + offset)}-${local(window.start + window.length + offset)} in ${schedule.timeZone}, outside the hours the database runs (${describeHours(schedule)}): RDS skips it while the instance is stopped; ${instead}`;
}

/** The windows an environment's database gets: as configured, else inside office hours when it stops outside them, else at night. */
export function resolveDatabaseWindows(database: { readonly backupWindow?: string; readonly maintenanceWindow?: string }, schedule: OfficeSchedule & { readonly enabled: boolean }): DatabaseWindows {
  const computed = schedule.enabled ? officeHoursWindows(schedule) : NIGHT_WINDOWS;
  const fallback = 'problem' in computed ? NIGHT_WINDOWS : computed;
  return { backupWindow: database.backupWindow ?? fallback.backupWindow, maintenanceWindow: database.maintenanceWindow ?? fallback.maintenanceWindow };
}

/** Without office hours: 02:00-03:00 and Monday 03:00-04:00 in Seoul, when traffic is lowest. */
export const NIGHT_WINDOWS: DatabaseWindows = { backupWindow: '17:00-18:00', maintenanceWindow: 'sun:18:00-sun:19:00' };
