import { block, num, str } from './json';
import { ofType, referenced, type Model, type Resource } from './model';

const MINUTES_PER_WEEK = 7 * 24 * 60;
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** Values of one cron field: `*`, `?`, numbers, names, ranges and lists (no steps). */
function cronField(field: string, min: number, max: number, names: readonly string[] = [], nameOffset = 0): readonly number[] | undefined {
  if (field === '*' || field === '?') {
    return Array.from({ length: max - min + 1 }, (_, index) => min + index);
  }
  const value = (token: string): number | undefined => {
    const named = names.indexOf(token.toUpperCase());
    if (named >= 0) {
      return named + nameOffset;
    }
    return /^\d+$/.test(token) ? Number(token) : undefined;
  };
  const result: number[] = [];
  for (const part of field.split(',')) {
    const [from, to] = part.split('-').map(value);
    if (from === undefined || (part.includes('-') && to === undefined)) {
      return undefined;
    }
    for (let item = from; item <= (to ?? from); item += 1) {
      result.push(item);
    }
  }
  return result;
}

/**
 * Minutes of the week (0 = Sunday 00:00) a weekly cron fires at, or undefined for what this reading
 * does not model (steps, day-of-month or month restrictions). `aws` is EventBridge's six-field form
 * in `cron(...)`, whose day-of-week counts 1 = Sunday; otherwise Unix cron, 0 = Sunday.
 */
export function weeklyFirings(expression: string): readonly number[] | undefined {
  const aws = /^cron\((.*)\)$/.exec(expression.trim());
  const fields = (aws?.[1] ?? expression).trim().split(/\s+/);
  const everyDayOfMonth = fields[2] === '*' || fields[2] === '?';
  if (fields.length !== (aws === null ? 5 : 6) || !everyDayOfMonth || fields[3] !== '*' || (aws !== null && fields[5] !== '*')) {
    return undefined;
  }
  const minutes = cronField(fields[0], 0, 59);
  const hours = cronField(fields[1], 0, 23);
  const offset = aws === null ? 0 : 1;
  const days = cronField(fields[4], offset, 6 + offset, DAY_NAMES, offset)?.map((day) => (day - offset) % 7);
  if (minutes === undefined || hours === undefined || days === undefined) {
    return undefined;
  }
  return days.flatMap((day) => hours.flatMap((hour) => minutes.map((minute) => day * 1440 + hour * 60 + minute)));
}

/** One scheduled change: from this minute of the week on, the level is `value`. */
interface Change {
  readonly minute: number;
  readonly value: number;
}

/** Average level over a week of repeating changes (0 when none, `full` between them). */
function averageLevel(changes: readonly Change[]): number {
  const sorted = [...changes].sort((a, b) => a.minute - b.minute);
  let total = 0;
  sorted.forEach((change, index) => {
    const next = index + 1 < sorted.length ? sorted[index + 1].minute : sorted[0].minute + MINUTES_PER_WEEK;
    total += change.value * (next - change.minute);
  });
  return total / MINUTES_PER_WEEK;
}

/** How much of the month a resource runs under its schedules, and why. */
export interface RunningShare {
  /** Average running capacity as a share of the full one (0..1). */
  readonly share: number;
  /** `office hours: 50 of 168 h a week`, for the cost line. */
  readonly note: string;
}

function describe(share: number): string {
  return `office hours: ${Math.round(share * 168)} of 168 h a week`;
}

/**
 * The share of the week an Auto Scaling group runs its full capacity under `aws_autoscaling_schedule`
 * actions, or undefined when it has none (or ones this reading cannot model: then it is priced as
 * always on, the safe side).
 */
export function asgRunningShare(model: Model, asg: Resource, capacity: number): RunningShare | undefined {
  // A reference in synthesized JSON; in a plan, the group name the reference resolved to.
  const name = str(asg.values.name);
  const actions = ofType(model, 'aws_autoscaling_schedule').filter(
    (action) => referenced(model, action.values.autoscaling_group_name).some((target) => target.address === asg.address) || (name !== undefined && action.values.autoscaling_group_name === name),
  );
  if (actions.length === 0 || capacity <= 0) {
    return undefined;
  }
  const changes: Change[] = [];
  for (const action of actions) {
    const firings = weeklyFirings(str(action.values.recurrence) ?? '');
    const level = num(action.values.desired_capacity) ?? num(action.values.min_size);
    if (firings === undefined || level === undefined) {
      return undefined;
    }
    changes.push(...firings.map((minute) => ({ minute, value: Math.min(level, capacity) / capacity })));
  }
  const share = averageLevel(changes);
  return { share, note: describe(share) };
}

/**
 * The share of the week a DB instance runs under EventBridge Scheduler's RDS stop/start targets, or
 * undefined without both.
 */
export function databaseRunningShare(model: Model, db: Resource): RunningShare | undefined {
  const changes: Change[] = [];
  for (const schedule of ofType(model, 'aws_scheduler_schedule')) {
    const target = block(schedule.values, 'target');
    const arn = str(target?.arn);
    const input = str(target?.input) ?? '';
    const value = arn?.endsWith(':rds:stopDBInstance') ? 0 : arn?.endsWith(':rds:startDBInstance') ? 1 : undefined;
    // A reference in synthesized JSON; in a plan, the identifier the reference resolved to.
    const identifier = str(db.values.identifier);
    const aimsAtDb = referenced(model, input).some((resource) => resource.address === db.address) || (identifier !== undefined && input.includes(JSON.stringify(identifier)));
    if (value === undefined || !aimsAtDb) {
      continue;
    }
    const firings = weeklyFirings(str(schedule.values.schedule_expression) ?? '');
    if (firings === undefined) {
      return undefined;
    }
    changes.push(...firings.map((minute) => ({ minute, value })));
  }
  if (!changes.some((change) => change.value === 0) || !changes.some((change) => change.value === 1)) {
    return undefined;
  }
  const share = averageLevel(changes);
  return { share, note: describe(share) };
}
