import fc from 'fast-check';
import { officeHoursWindows, utcOffsets, type OfficeSchedule } from '../../src/config/office-hours-windows';
import { configErrorOf } from '../config/helpers';
import { configFor, resourcesOf, synthEnvironment, type Overrides } from '../support/stacks';

const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
const WEEKDAY_INDEX: Readonly<Record<string, number>> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };
const minutes = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
const clock = (value: number): string => `${String(Math.floor(value / 60)).padStart(2, '0')}:${String(value % 60).padStart(2, '0')}`;

/** Local weekday (0 = Monday) and minute of the day of an instant, as Intl renders it in the zone: independent of the code under test. */
const formats = new Map<string, Intl.DateTimeFormat>();
function local(instant: number, timeZone: string): { day: number; minute: number; date: string } {
  const format = formats.get(timeZone) ?? new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  formats.set(timeZone, format);
  const parts = format.formatToParts(instant);
  const part = (type: string): string => parts.find((candidate) => candidate.type === type)?.value ?? '';
  return { day: WEEKDAY_INDEX[part('weekday')], minute: Number(part('hour')) * 60 + Number(part('minute')), date: `${part('year')}-${part('month')}-${part('day')}` };
}

/**
 * Every time RDS would open either window during 2026-2028, in local time: each must fall inside the
 * hours the database runs (from 15 minutes before the tiers start to the stop) on a running day, and
 * every running day must get its backup. Returns what is wrong.
 */
function windowProblems(schedule: OfficeSchedule, running: readonly number[], windows: { backupWindow: string; maintenanceWindow: string }): string[] {
  const from = minutes(schedule.start) - Math.min(15, minutes(schedule.start));
  const to = minutes(schedule.stop);
  const problems: string[] = [];
  const inside = (start: number, length: number, what: string, mustRun: boolean): boolean => {
    const opens = local(start, schedule.timeZone);
    const closes = local(start + length * 60_000 - 60_000, schedule.timeZone);
    if (!running.includes(opens.day)) {
      if (mustRun) {
        problems.push(`${what} opens on a stopped day (${opens.date})`);
      }
      return false;
    }
    if (opens.minute < from || closes.minute + 1 > to || opens.date !== closes.date) {
      problems.push(`${what} is ${opens.date} ${clock(opens.minute)}-${clock(closes.minute + 1)}, outside ${clock(from)}-${clock(to)}`);
      return false;
    }
    return true;
  };
  const [backupStart, backupEnd] = windows.backupWindow.split('-').map(minutes);
  const backedUpDays = new Set<number>();
  for (let day = Date.UTC(2026, 0, 1); day < Date.UTC(2029, 0, 1); day += 86_400_000) {
    if (inside(day + backupStart * 60_000, (backupEnd - backupStart + 1440) % 1440, 'backup window', false)) {
      backedUpDays.add(local(day + backupStart * 60_000, schedule.timeZone).day);
    }
  }
  const missing = running.filter((day) => !backedUpDays.has(day));
  if (missing.length > 0) {
    problems.push(`no backup inside the hours on ${missing.map((day) => DAYS[day]).join(', ')}`);
  }
  const [, dayName, hh, mm, endDay, endHh, endMm] = /^([a-z]{3}):(\d\d):(\d\d)-([a-z]{3}):(\d\d):(\d\d)$/.exec(windows.maintenanceWindow) ?? [];
  const weekMinute = (name: string, h: string, m: string): number => DAYS.findIndex((candidate) => candidate.toLowerCase() === name) * 1440 + Number(h) * 60 + Number(m);
  const maintenanceStart = weekMinute(dayName, hh, mm);
  const length = (weekMinute(endDay, endHh, endMm) - maintenanceStart + 10080) % 10080;
  // 2026-01-05 is a Monday.
  for (let week = Date.UTC(2026, 0, 5); week < Date.UTC(2029, 0, 1); week += 7 * 86_400_000) {
    inside(week + maintenanceStart * 60_000, length, 'maintenance window', true);
  }
  return problems;
}

const ZONES = ['Asia/Seoul', 'UTC', 'Europe/Berlin', 'America/New_York', 'America/St_Johns', 'Australia/Sydney', 'Pacific/Auckland', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/Los_Angeles'];

const schedules = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    days: fc.oneof(fc.constant<number[]>([0, 1, 2, 3, 4]), fc.subarray([0, 1, 2, 3, 4, 5, 6], { minLength: 1 })),
    start: fc.integer({ min: 0, max: 80 }).map((quarter) => quarter * 15),
    length: fc.integer({ min: 1, max: 96 }).map((quarter) => quarter * 15),
  })
  .filter(({ start, length }) => start + length <= 23 * 60 + 45)
  .map(({ timeZone, days, start, length }) => ({ running: days, schedule: { timeZone, days: days.map((day) => DAYS[day]).join(','), start: clock(start), stop: clock(start + length) } }));

describe("dev's RDS windows fall inside office hours", () => {
  it('the dev preset: backup 09:15-09:45 and maintenance Monday 09:45-10:15 in Seoul, when the database runs (08:45-19:00, MON-FRI)', () => {
    const database = Object.values(resourcesOf(synthEnvironment('dev'), 'aws_db_instance'))[0];
    expect([database.backup_window, database.maintenance_window]).toEqual(['00:15-00:45', 'mon:00:45-mon:01:15']);
    const schedule = configFor('dev').schedule;
    expect(windowProblems(schedule, [0, 1, 2, 3, 4], { backupWindow: String(database.backup_window), maintenanceWindow: String(database.maintenance_window) })).toEqual([]);
    // The old fixed windows (02:00 and Monday 03:00 in Seoul) were inside the stopped hours, so they never ran.
    expect(windowProblems(schedule, [0, 1, 2, 3, 4], { backupWindow: '17:00-18:00', maintenanceWindow: 'sun:18:00-sun:19:00' }).length).toBeGreaterThan(100);
  });

  it('prod (no office hours) keeps the night windows, 02:00 and Monday 03:00 in Seoul', () => {
    const database = Object.values(resourcesOf(synthEnvironment('prod'), 'aws_db_instance'))[0];
    expect([database.backup_window, database.maintenance_window]).toEqual(['17:00-18:00', 'sun:18:00-sun:19:00']);
  });

  it('property: for any zone (daylight saving included), days and hours, the computed windows open only inside the running hours, every running day gets a backup; or the hours are refused as too short', () => {
    fc.assert(
      fc.property(schedules, ({ running, schedule }) => {
        const computed = officeHoursWindows(schedule);
        const from = minutes(schedule.start) - Math.min(15, minutes(schedule.start));
        if ('problem' in computed) {
          // Too short only when 30 minutes to start, two 30-minute windows and the zone's DST shift do not fit.
          const offsets = utcOffsets(schedule.timeZone);
          expect(minutes(schedule.stop) - from).toBeLessThan(90 + offsets[offsets.length - 1] - offsets[0]);
          return;
        }
        expect(windowProblems(schedule, running, computed)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('the same windows reach the DB instance of a synthesized stack with configured office hours', () => {
    const overrides: Overrides = { TT__schedule__timeZone: 'Europe/Berlin', TT__schedule__days: 'TUE,THU', TT__schedule__start: '13:00', TT__schedule__stop: '17:00' };
    const database = Object.values(resourcesOf(synthEnvironment('dev', overrides), 'aws_db_instance'))[0];
    // Winter (UTC+1): 13:15 local is 12:15 UTC; in summer the same windows open at 14:15, still inside.
    expect([database.backup_window, database.maintenance_window]).toEqual(['12:15-12:45', 'tue:12:45-tue:13:15']);
    const schedule = configFor('dev', overrides).schedule;
    expect(windowProblems(schedule, [1, 3], { backupWindow: String(database.backup_window), maintenanceWindow: String(database.maintenance_window) })).toEqual([]);
  });
});

describe('windows configured by hand in an office-hours environment', () => {
  const problemsOf = (overrides: Overrides): string => configErrorOf(() => configFor('dev', overrides));

  it('a backup window in the stopped hours is refused, with the local time and the computed window to use', () => {
    expect(problemsOf({ TT__database__backupWindow: '17:00-18:00' })).toContain(
      'database.backupWindow: "17:00-18:00" is 02:00-03:00 in Asia/Seoul, outside the hours the database runs (08:45-19:00 Asia/Seoul, MON-FRI): RDS skips it while the instance is stopped; remove it to use 00:15-00:45 (computed inside the hours), or move it into them',
    );
  });

  it('a maintenance window on a day the database is stopped is refused', () => {
    expect(problemsOf({ TT__database__maintenanceWindow: 'sat:01:00-sat:01:30' })).toContain(
      'database.maintenanceWindow: "sat:01:00-sat:01:30" is sat:10:00-sat:10:30 in Asia/Seoul, outside the hours the database runs (08:45-19:00 Asia/Seoul, MON-FRI): RDS skips it while the instance is stopped; remove it to use mon:00:45-mon:01:15 (computed inside the hours), or move it into them',
    );
  });

  it('a window inside the hours in summer but not in winter is refused (RDS windows are UTC; office hours move with DST)', () => {
    expect(problemsOf({ TT__schedule__timeZone: 'Europe/Berlin', TT__schedule__start: '09:00', TT__schedule__stop: '12:00', TT__database__backupWindow: '07:30-08:00' })).toContain(
      'database.backupWindow: "07:30-08:00" is 08:30-09:00 in Europe/Berlin, outside the hours the database runs (08:45-12:00 Europe/Berlin, MON-FRI)',
    );
  });

  it('windows inside the hours are kept as given', () => {
    const config = configFor('dev', { TT__database__backupWindow: '03:00-03:30', TT__database__maintenanceWindow: 'wed:05:00-wed:05:30' });
    expect([config.database.backupWindow, config.database.maintenanceWindow]).toEqual(['03:00-03:30', 'wed:05:00-wed:05:30']);
  });

  it('office hours too short for the windows are refused on schedule.stop', () => {
    expect(problemsOf({ TT__schedule__start: '09:00', TT__schedule__stop: '10:00' })).toContain(
      'schedule.stop: the database runs 75 minutes a day (08:45-10:00 Asia/Seoul, MON-FRI); the backup and maintenance windows need 90 (30 to start it, 30 each): make the office hours longer, or set database.backupWindow and database.maintenanceWindow inside them',
    );
  });
});
