import type { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { AutoscalingSchedule } from '@cdktf/provider-aws/lib/autoscaling-schedule';
import type { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import { SchedulerScheduleGroup } from '@cdktf/provider-aws/lib/scheduler-schedule-group';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { Construct } from 'constructs';
import { DATABASE_LEAD_MINUTES } from '../config/office-hours-windows';
import { suppressCheckov } from '../review/checkov/suppress-checkov';
import { CLOSED_CONDITIONS, OPEN_CONDITIONS, type ClosedPage } from './closed-page';
import { Naming } from './naming';
import { sourceAccount } from './source-account';

/** An Auto Scaling group and the capacity it returns to each morning. */
export interface ScheduledGroup {
  /** Short name for the actions, such as `frontend`. */
  readonly role: string;
  readonly group: AutoscalingGroup;
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredCapacity: number;
}

export interface OfficeHoursProps {
  readonly naming: Naming;
  /** IANA zone of `start` and `stop`, such as `Asia/Seoul`. */
  readonly timeZone: string;
  /** Cron day names the stack runs on, such as `MON-FRI`. */
  readonly days: string;
  /** `hh:mm`, local. */
  readonly start: string;
  /** `hh:mm`, local, later than `start` the same day. */
  readonly stop: string;
  /** Scaled to zero at `stop` and back at `start`. */
  readonly groups: readonly ScheduledGroup[];
  /**
   * Stopped at `stop` and started `databaseLeadMinutes` before `start`.
   * @default undefined (no database schedule)
   */
  readonly database?: DbInstance;
  /**
   * How long before the app tiers the database starts (it takes minutes to become available).
   * @default 15
   */
  readonly databaseLeadMinutes?: number;
  /**
   * Customer managed KMS key of the dead-letter queue.
   * @default undefined (SQS-managed encryption)
   */
  readonly kmsKeyArn?: string;
  /**
   * The account, for the scheduler role's trust policy (`aws:SourceAccount`).
   * @default no condition
   */
  readonly accountId?: string;
  /**
   * Pages shown by the load balancers while the app sleeps: closed at `stop`, opened
   * `closedPageLagMinutes` after `start` (the instances need a few minutes to boot).
   * @default []
   */
  readonly closedPages?: readonly ClosedPage[];
  /** @default 5 */
  readonly closedPageLagMinutes?: number;
}

/** Days SQS keeps a failed stop or start in the dead-letter queue: its longest retention. */
export const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 60 * 60;

/** EventBridge Scheduler's universal targets for the RDS API (the input uses the SDK's casing, `DbInstanceIdentifier`). */
export const RDS_STOP_TARGET = 'arn:aws:scheduler:::aws-sdk:rds:stopDBInstance';
export const RDS_START_TARGET = 'arn:aws:scheduler:::aws-sdk:rds:startDBInstance';
/** The universal target for ELB's ModifyRule (input: `RuleArn`, `Conditions`). */
export const MODIFY_RULE_TARGET = 'arn:aws:scheduler:::aws-sdk:elasticloadbalancingv2:modifyRule';

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minutesOf(time: string, field: string): number {
  const match = HH_MM.exec(time);
  if (match === null) {
    throw new Error(`OfficeHours ${field} must be hh:mm (24 h), got ${JSON.stringify(time)}`);
  }
  return Number(match[1]) * 60 + Number(match[2]);
}

const pad = (value: number): string => String(value).padStart(2, '0');

/**
 * Office hours for a non-production environment: outside them the app tiers' Auto Scaling groups
 * scale to zero and the database stops, through EventBridge Scheduler's universal RDS target. RDS
 * starts a stopped instance by itself after seven days; a schedule that runs at least once a week
 * stops it again, so a weekday schedule never meets that limit. Storage, backups, addresses and load
 * balancers keep billing while stopped.
 */
export class OfficeHours extends Construct {
  public readonly scalingActions: readonly AutoscalingSchedule[];
  public readonly databaseSchedules: readonly SchedulerSchedule[];
  /** The group of these schedules (database stop and start, closed pages): Scheduler's metrics are per group, so the alarm sees only these. */
  public readonly scheduleGroup?: SchedulerScheduleGroup;
  /** Where a stop or start that failed after its retries goes, with the error. */
  public readonly deadLetterQueue?: SqsQueue;
  /** Per closed page: the schedule that closes it, then the one that opens it. */
  public readonly pageSchedules: readonly SchedulerSchedule[];

  constructor(scope: Construct, id: string, props: OfficeHoursProps) {
    super(scope, id);
    const start = minutesOf(props.start, 'start');
    const stop = minutesOf(props.stop, 'stop');
    if (stop <= start) {
      throw new Error(`OfficeHours stop ${props.stop} must be later than start ${props.start} on the same day`);
    }
    if (!/^[A-Z]{3}([-,][A-Z]{3})*$/.test(props.days)) {
      throw new Error(`OfficeHours days must be cron day names such as MON-FRI, got ${JSON.stringify(props.days)}`);
    }
    const { naming } = props;
    // Auto Scaling recurrence is Unix cron: minute hour day-of-month month day-of-week.
    const unixCron = (minutes: number): string => `${minutes % 60} ${Math.floor(minutes / 60)} * * ${props.days}`;

    this.scalingActions = props.groups.flatMap(({ role, group, minSize, maxSize, desiredCapacity }) => [
      new AutoscalingSchedule(this, `${role}-stop`, {
        scheduledActionName: naming.name(`${role}-office-hours-stop`),
        autoscalingGroupName: group.name,
        recurrence: unixCron(stop),
        timeZone: props.timeZone,
        minSize: 0,
        maxSize: 0,
        desiredCapacity: 0,
      }),
      new AutoscalingSchedule(this, `${role}-start`, {
        scheduledActionName: naming.name(`${role}-office-hours-start`),
        autoscalingGroupName: group.name,
        recurrence: unixCron(start),
        timeZone: props.timeZone,
        minSize,
        maxSize,
        desiredCapacity,
      }),
    ]);

    const database = props.database;
    const pages = props.closedPages ?? [];
    if (database === undefined && pages.length === 0) {
      this.databaseSchedules = [];
      this.pageSchedules = [];
      return;
    }
    const role = new IamRole(this, 'scheduler-role', {
      name: naming.name('office-hours'),
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'scheduler.amazonaws.com' }, Action: 'sts:AssumeRole', ...sourceAccount(props.accountId) }],
      }),
      tags: naming.tags('office-hours'),
    });
    const group = new SchedulerScheduleGroup(this, 'schedule-group', { name: naming.name('office-hours'), tags: naming.tags('office-hours') });
    // A standard queue: Scheduler refuses a FIFO queue as a dead-letter queue.
    const queue = new SqsQueue(this, 'dead-letter-queue', {
      name: naming.name('office-hours-dlq'),
      messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
      kmsMasterKeyId: props.kmsKeyArn,
      sqsManagedSseEnabled: props.kmsKeyArn === undefined ? true : undefined,
      tags: naming.tags('office-hours-dlq'),
    });
    // Scheduler delivers dead letters with the schedule's own role.
    new IamRolePolicy(this, 'send-dead-letters', {
      name: 'send-dead-letters',
      role: role.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: queue.arn },
          ...(props.kmsKeyArn === undefined ? [] : [{ Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: props.kmsKeyArn }]),
        ],
      }),
    });
    this.scheduleGroup = group;
    this.deadLetterQueue = queue;
    // EventBridge Scheduler cron: minute hour day-of-month month day-of-week year.
    const awsCron = (minutes: number): string => `cron(${minutes % 60} ${Math.floor(minutes / 60)} ? * ${props.days} *)`;
    const at = (minutes: number): string => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

    if (pages.length > 0) {
      new IamRolePolicy(this, 'switch-closed-pages', {
        name: 'switch-closed-pages',
        role: role.id,
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'elasticloadbalancing:ModifyRule', Resource: pages.map((page) => page.rule.arn) }],
        }),
      });
    }
    const reopen = Math.min(start + (props.closedPageLagMinutes ?? 5), stop);
    this.pageSchedules = pages.flatMap((page, index) =>
      (['close', 'open'] as const).map((action) => {
        const minutes = action === 'close' ? stop : reopen;
        const pageSchedule = new SchedulerSchedule(this, `page-${index}-${action}`, {
          name: naming.name(`page-${index}-${action}`),
          groupName: group.name,
          description: `${action === 'close' ? 'Show' : 'Lift'} the closed page at ${at(minutes)} ${props.timeZone} on ${props.days}`,
          scheduleExpression: awsCron(minutes),
          scheduleExpressionTimezone: props.timeZone,
          flexibleTimeWindow: { mode: 'OFF' },
          target: {
            arn: MODIFY_RULE_TARGET,
            roleArn: role.arn,
            input: JSON.stringify({ RuleArn: page.rule.arn, Conditions: action === 'close' ? CLOSED_CONDITIONS : OPEN_CONDITIONS }),
            retryPolicy: { maximumRetryAttempts: 5, maximumEventAgeInSeconds: 3600 },
            deadLetterConfig: { arn: queue.arn },
          },
        });
        suppressCheckov(pageSchedule, ['CKV_AWS_297'], 'The schedule input holds only a listener rule ARN and its conditions, nothing a customer key would protect');
        return pageSchedule;
      }),
    );

    if (database === undefined) {
      this.databaseSchedules = [];
      return;
    }
    new IamRolePolicy(this, 'stop-start-database', {
      name: 'stop-start-database',
      role: role.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['rds:StopDBInstance', 'rds:StartDBInstance'], Resource: database.arn }],
      }),
    });
    const lead = Math.min(props.databaseLeadMinutes ?? DATABASE_LEAD_MINUTES, start);
    const schedule = (action: 'stop' | 'start', minutes: number, target: string): SchedulerSchedule =>
      new SchedulerSchedule(this, `database-${action}`, {
        name: naming.name(`db-${action}`),
        groupName: group.name,
        description: `${action === 'stop' ? 'Stop' : 'Start'} the database at ${at(minutes)} ${props.timeZone} on ${props.days}`,
        scheduleExpression: awsCron(minutes),
        scheduleExpressionTimezone: props.timeZone,
        flexibleTimeWindow: { mode: 'OFF' },
        target: {
          arn: target,
          roleArn: role.arn,
          input: JSON.stringify({ DbInstanceIdentifier: database.identifier }),
          // A stop during a backup or a start during maintenance is refused; try again for an hour.
          retryPolicy: { maximumRetryAttempts: 5, maximumEventAgeInSeconds: 3600 },
          deadLetterConfig: { arn: queue.arn },
        },
      });
    this.databaseSchedules = [schedule('stop', stop, RDS_STOP_TARGET), schedule('start', start - lead, RDS_START_TARGET)];
    for (const databaseSchedule of this.databaseSchedules) {
      suppressCheckov(databaseSchedule, ['CKV_AWS_297'], 'The schedule input holds only the database identifier, nothing a customer key would protect');
    }
  }
}
