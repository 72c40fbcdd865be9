import { Testing } from 'cdktf';
import { ConfigError } from '../../src/config';
import { CostBudget } from '../../src/constructs/budget';
import { Naming } from '../../src/constructs/naming';
import { OfficeHours } from '../../src/constructs/office-hours';
import { weeklyFirings } from '../../src/review/office-hours';
import { configFor, resourcesOf, synthEnvironment } from '../support/stacks';
import { obj, parseObject } from './support/json';
import { reviewEnvironment } from './support/review-stack';

const officeHours = { TT__schedule__enabled: 'true', TT__frontend__instanceType: 't3.micro', TT__backend__instanceType: 't3.small' };
const budget = { TT__budget__monthlyUsd: '70', TT__budget__email: 'learner@example.com' };

function problemsOf(overrides: Record<string, string>): string {
  try {
    configFor('dev', overrides);
  } catch (error) {
    if (error instanceof ConfigError) {
      return error.message;
    }
    throw error;
  }
  return 'no problem';
}

describe('weekly cron reading (the review prices office hours from it)', () => {
  const monday = 1440;
  it('reads Unix cron (Auto Scaling) with 0 = Sunday, and EventBridge cron with 1 = Sunday, by name or number', () => {
    const unix = [monday + 19 * 60, 2 * monday + 19 * 60, 3 * monday + 19 * 60, 4 * monday + 19 * 60, 5 * monday + 19 * 60];
    expect(weeklyFirings('0 19 * * MON-FRI')).toEqual(unix);
    expect(weeklyFirings('0 19 * * 1-5')).toEqual(unix);
    expect(weeklyFirings('cron(0 19 ? * MON-FRI *)')).toEqual(unix);
    expect(weeklyFirings('cron(0 19 ? * 2-6 *)')).toEqual(unix);
    expect(weeklyFirings('30 8 * * SAT,SUN')).toEqual([6 * monday + 8 * 60 + 30, 8 * 60 + 30]);
  });

  it('declines what it does not model, so the resource is priced as always on', () => {
    expect(weeklyFirings('0 9 1 * *')).toBeUndefined();
    expect(weeklyFirings('*/5 9 * * MON')).toBeUndefined();
    expect(weeklyFirings('rate(1 hour)')).toBeUndefined();
  });
});

describe('office hours (schedule)', () => {
  const dev = synthEnvironment('dev', officeHours);

  it('scales both tiers to zero at 19:00 Seoul time on weekdays and back to their sizes at 09:00', () => {
    const actions = Object.values(resourcesOf(dev, 'aws_autoscaling_schedule'));
    expect(actions).toHaveLength(4);
    const summary = actions.map((action) => [String(action.scheduled_action_name), action.recurrence, action.time_zone, action.min_size, action.max_size, action.desired_capacity]).sort();
    expect(summary).toEqual([
      ['three-tier-dev-backend-office-hours-start', '0 9 * * MON-FRI', 'Asia/Seoul', 1, 2, 1],
      ['three-tier-dev-backend-office-hours-stop', '0 19 * * MON-FRI', 'Asia/Seoul', 0, 0, 0],
      ['three-tier-dev-frontend-office-hours-start', '0 9 * * MON-FRI', 'Asia/Seoul', 1, 2, 1],
      ['three-tier-dev-frontend-office-hours-stop', '0 19 * * MON-FRI', 'Asia/Seoul', 0, 0, 0],
    ]);
  });

  it('stops and starts the database through the Scheduler universal RDS targets, 15 minutes ahead of the tiers', () => {
    // The closed page's schedules are tested with the ALB (__tests__/behaviour/alb-routing.test.ts).
    const schedules = Object.values(resourcesOf(dev, 'aws_scheduler_schedule')).filter((schedule) => String(obj(schedule.target).arn).includes(':rds:'));
    const [dbName] = Object.keys(resourcesOf(dev, 'aws_db_instance'));
    const byArn = Object.fromEntries(schedules.map((schedule) => [String(obj(schedule.target).arn), schedule]));
    expect(Object.keys(byArn).sort()).toEqual(['arn:aws:scheduler:::aws-sdk:rds:startDBInstance', 'arn:aws:scheduler:::aws-sdk:rds:stopDBInstance']);
    expect(byArn['arn:aws:scheduler:::aws-sdk:rds:stopDBInstance'].schedule_expression).toBe('cron(0 19 ? * MON-FRI *)');
    expect(byArn['arn:aws:scheduler:::aws-sdk:rds:startDBInstance'].schedule_expression).toBe('cron(45 8 ? * MON-FRI *)');
    for (const schedule of schedules) {
      expect(schedule.schedule_expression_timezone).toBe('Asia/Seoul');
      expect(parseObject(String(obj(schedule.target).input))).toEqual({ DbInstanceIdentifier: `\${aws_db_instance.${dbName}.identifier}` });
    }
    const policy = Object.values(resourcesOf(dev, 'aws_iam_role_policy')).find((candidate) => candidate.name === 'stop-start-database');
    expect(parseObject(String(policy?.policy)).Statement).toEqual([{ Effect: 'Allow', Action: ['rds:StopDBInstance', 'rds:StartDBInstance'], Resource: `\${aws_db_instance.${dbName}.arn}` }]);
  });

  it('is on in dev, off in prod, and schedules nothing when off', () => {
    expect(configFor('dev').schedule.enabled).toBe(true);
    expect(Object.keys(resourcesOf(synthEnvironment('dev', { TT__schedule__enabled: 'false' }), 'aws_autoscaling_schedule'))).toHaveLength(0);
    expect(configFor('prod').schedule.enabled).toBe(false);
  });

  it('is priced by the review: instance and DB hours from the schedule, storage as always', () => {
    const scheduled = reviewEnvironment('dev', officeHours);
    const always = reviewEnvironment('dev', { ...officeHours, TT__schedule__enabled: 'false' });
    // The bastion is not scheduled; only the app tiers' groups and the database are.
    const hoursOf = (review: typeof scheduled, key: string) => review.cost.lines.filter((line) => line.priceKey === key && !line.address.startsWith('aws_instance.')).map((line) => line.quantity);
    // 10 h on 5 days of 168 h; the DB runs 10 h 15 min.
    expect(hoursOf(scheduled, 'ec2:t3.micro')).toEqual([expect.closeTo((730 * 50) / 168, 6)]);
    expect(hoursOf(scheduled, 'rds:mysql:db.t4g.micro:single-az')).toEqual([expect.closeTo((730 * 51.25) / 168, 6)]);
    expect(hoursOf(scheduled, 'rds:storage:gp3:single-az')).toEqual(hoursOf(always, 'rds:storage:gp3:single-az'));
    expect(scheduled.cost.lines.find((line) => line.priceKey === 'ec2:t3.micro' && line.address.startsWith('aws_autoscaling_group.'))?.item).toBe('EC2 t3.micro × 1 (office hours: 50 of 168 h a week)');
    expect(always.cost.total - scheduled.cost.total).toBeCloseTo(730 * (1 - 50 / 168) * (0.013 + 0.026) + 730 * (1 - 51.25 / 168) * 0.025, 6);
  });

  it('refuses bad hours, days and zones with the field named', () => {
    expect(problemsOf({ ...officeHours, TT__schedule__stop: '08:00' })).toMatch(/schedule\.stop: must be later than start on the same day/);
    expect(problemsOf({ TT__schedule__start: '9am' })).toMatch(/schedule\.start: must be hh:mm \(24 h\)/);
    expect(problemsOf({ TT__schedule__days: 'weekdays' })).toMatch(/schedule\.days: must be cron day names such as MON-FRI/);
    expect(problemsOf({ TT__schedule__timeZone: 'Seoul' })).toMatch(/schedule\.timeZone: "Seoul" is not an IANA time zone such as Asia\/Seoul/);
    const base = { naming: new Naming('t', 'dev'), timeZone: 'Asia/Seoul', days: 'MON-FRI', groups: [] };
    expect(() => new OfficeHours(Testing.app(), 'a', { ...base, start: '19:00', stop: '09:00' })).toThrow('OfficeHours stop 09:00 must be later than start 19:00 on the same day');
    expect(() => new OfficeHours(Testing.app(), 'b', { ...base, start: '9:00', stop: '19:00' })).toThrow('OfficeHours start must be hh:mm (24 h), got "9:00"');
  });
});

describe('budget alarm (budget)', () => {
  it('creates a monthly cost budget scoped to the environment tag, alerting at 80 % forecast and 100 % actual', () => {
    const [budgetResource] = Object.values(resourcesOf(synthEnvironment('dev', { ...budget }), 'aws_budgets_budget'));
    expect(budgetResource).toMatchObject({ budget_type: 'COST', limit_amount: '70.00', limit_unit: 'USD', time_unit: 'MONTHLY', cost_filter: [{ name: 'TagKeyValue', values: ['user:Environment$dev'] }] });
    expect(budgetResource.notification).toEqual([
      { comparison_operator: 'GREATER_THAN', threshold: 80, threshold_type: 'PERCENTAGE', notification_type: 'FORECASTED', subscriber_email_addresses: ['learner@example.com'] },
      { comparison_operator: 'GREATER_THAN', threshold: 100, threshold_type: 'PERCENTAGE', notification_type: 'ACTUAL', subscriber_email_addresses: ['learner@example.com'] },
    ]);
  });

  it('is absent unless both fields are set, and half a budget is refused', () => {
    expect(Object.keys(resourcesOf(synthEnvironment('dev', {}), 'aws_budgets_budget'))).toHaveLength(0);
    expect(problemsOf({ TT__budget__monthlyUsd: '70' })).toMatch(/budget\.email: budget\.monthlyUsd and budget\.email go together/);
    expect(problemsOf({ ...budget, TT__budget__monthlyUsd: '-5' })).toMatch(/budget\.monthlyUsd: must be a positive amount of USD/);
    expect(problemsOf({ ...budget, TT__budget__email: 'not-an-address' })).toMatch(/budget\.email: must be an e-mail address/);
    expect(() => new CostBudget(Testing.app(), 'b', { naming: new Naming('t', 'dev'), monthlyUsd: 0, email: 'a@example.com' })).toThrow('CostBudget monthlyUsd must be a positive amount, got 0');
  });
});
