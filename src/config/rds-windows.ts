/** RDS's backup (`hh24:mi-hh24:mi`) and maintenance (`ddd:hh24:mi-ddd:hh24:mi`) windows, in UTC. */

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
/** AWS rejects shorter windows. */
export const MIN_WINDOW_MINUTES = 30;

/** A window as minutes from its start and a length; daily windows repeat every day. */
export interface Window {
  readonly start: number;
  readonly length: number;
}

type Parsed = { readonly window: Window } | { readonly problem: string };

function clock(text: string): number | string {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (match === null) {
    return `${JSON.stringify(text)} is not hh:mm`;
  }
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  if (hours > 23 || minutes > 59) {
    return `${text} is not a time of day (hours 00-23, minutes 00-59)`;
  }
  return hours * 60 + minutes;
}

function weekTime(text: string): number | string {
  const match = /^([a-z]{3}):(.*)$/.exec(text);
  const day = match === null ? -1 : DAYS.findIndex((name) => name === match[1]);
  if (match === null || day < 0) {
    return `${JSON.stringify(text.split(':')[0])} is not a day; expected one of ${DAYS.join(', ')}`;
  }
  const time = clock(match[2]);
  return typeof time === 'string' ? time : day * MINUTES_PER_DAY + time;
}

function span(start: number, end: number, period: number, quoted: string): Parsed {
  // A window may wrap past midnight (or the end of the week): 23:30-00:30 is an hour.
  const length = (end - start + period) % period;
  if (length < MIN_WINDOW_MINUTES) {
    return { problem: `${quoted} is ${length} minutes long; RDS needs at least ${MIN_WINDOW_MINUTES}` };
  }
  return { window: { start, length } };
}

function parse(value: string, separator: RegExp, part: (text: string) => number | string, period: number, format: string): Parsed {
  const parts = value.split(separator);
  if (parts.length !== 2) {
    return { problem: `${JSON.stringify(value)} is not ${format} in UTC` };
  }
  const [start, end] = parts.map(part);
  if (typeof start === 'string' || typeof end === 'string') {
    return { problem: `${JSON.stringify(value)} is not a valid window: ${typeof start === 'string' ? start : end}` };
  }
  return span(start, end, period, JSON.stringify(value));
}

/** The daily backup window, or what is wrong with it. */
export function parseBackupWindow(value: string): Parsed {
  return parse(value, /-/, clock, MINUTES_PER_DAY, 'hh:mm-hh:mm');
}

/** The weekly maintenance window, or what is wrong with it. */
export function parseMaintenanceWindow(value: string): Parsed {
  return parse(value, /-(?=[a-z])/, weekTime, MINUTES_PER_WEEK, 'ddd:hh:mm-ddd:hh:mm');
}

function overlaps(a: Window, b: Window, period: number): boolean {
  const offset = (b.start - a.start + period) % period;
  return offset < a.length || (period - offset) % period < b.length;
}

/** True when the weekly maintenance window shares a minute with the backup window of any day. */
export function windowsOverlap(backup: Window, maintenance: Window): boolean {
  return DAYS.some((_day, index) => overlaps({ start: index * MINUTES_PER_DAY + backup.start, length: backup.length }, maintenance, MINUTES_PER_WEEK));
}
