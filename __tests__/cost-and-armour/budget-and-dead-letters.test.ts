import { nameOfRef, ref, resourcesOf, synthEnvironment } from '../support/stacks';

const budget = { TT__budget__monthlyUsd: '70', TT__budget__email: 'learner@example.com' };
const only = <T>(values: T[]): T => {
  expect(values).toHaveLength(1);
  return values[0];
};

describe('what the budget counts (budget.scope)', () => {
  it('tag (the default): the charges of resources tagged Environment=<env>, for environments that share an account', () => {
    const resource = only(Object.values(resourcesOf(synthEnvironment('dev', budget), 'aws_budgets_budget')));
    expect(resource.cost_filter).toEqual([{ name: 'TagKeyValue', values: ['user:Environment$dev'] }]);
  });

  it('account: every charge of the account, untaggable ones included (public IPv4, the RDS-managed secret), for an account of its own', () => {
    const resource = only(Object.values(resourcesOf(synthEnvironment('dev', { ...budget, TT__budget__scope: 'account' }), 'aws_budgets_budget')));
    expect(resource).not.toHaveProperty('cost_filter');
    expect(resource).toMatchObject({ budget_type: 'COST', limit_amount: '70.00', time_unit: 'MONTHLY' });
  });

  it('the stack creates the RDS log groups, so their charges carry the tag too (RDS-created ones would not)', () => {
    const groups = Object.values(resourcesOf(synthEnvironment('dev'), 'aws_cloudwatch_log_group')).filter((group) => String(group.name).startsWith('/aws/rds/'));
    expect(groups).toHaveLength(2);
    // The provider's default_tags put Environment on every resource of the stack.
    const parsed = JSON.parse(synthEnvironment('dev')) as { provider: { aws: { default_tags: { tags: Record<string, string> }[] }[] } };
    expect(parsed.provider.aws[0].default_tags[0].tags).toMatchObject({ Environment: 'dev' });
  });
});

describe('failed office-hours calls go to a dead-letter queue', () => {
  const dev = synthEnvironment('dev');
  const queueName = only(Object.keys(resourcesOf(dev, 'aws_sqs_queue')));
  const queue = resourcesOf(dev, 'aws_sqs_queue')[queueName];

  it('each office-hours schedule (database stop and start, closed page shown and lifted) sends what failed after its retries to the queue, and sits in its own schedule group', () => {
    const group = only(Object.keys(resourcesOf(dev, 'aws_scheduler_schedule_group')));
    const schedules = Object.values(resourcesOf(dev, 'aws_scheduler_schedule'));
    expect(schedules.map((schedule) => schedule.name).sort()).toEqual(['three-tier-dev-db-start', 'three-tier-dev-db-stop', 'three-tier-dev-page-0-close', 'three-tier-dev-page-0-open']);
    for (const schedule of schedules) {
      expect(schedule.group_name).toBe(ref('aws_scheduler_schedule_group', group, 'name'));
      expect(schedule.target).toMatchObject({ dead_letter_config: { arn: ref('aws_sqs_queue', queueName, 'arn') }, retry_policy: { maximum_retry_attempts: 5, maximum_event_age_in_seconds: 3600 } });
    }
  });

  it('the queue is a standard queue (Scheduler refuses FIFO), encrypted, keeping messages 14 days', () => {
    expect(queue).not.toHaveProperty('fifo_queue');
    expect(queue).toMatchObject({ name: 'three-tier-dev-office-hours-dlq', sqs_managed_sse_enabled: true, message_retention_seconds: 1209600 });
    const keyed = synthEnvironment('dev', { TT__encryption__customerKey: 'true' });
    const keyedQueue = only(Object.values(resourcesOf(keyed, 'aws_sqs_queue')));
    expect(keyedQueue.kms_master_key_id).toBe(ref('aws_kms_key', only(Object.keys(resourcesOf(keyed, 'aws_kms_key'))), 'arn'));
    expect(keyedQueue).not.toHaveProperty('sqs_managed_sse_enabled');
  });

  it("the schedules' own role may send to that queue only (Scheduler delivers dead letters with it), and use the key when there is one", () => {
    const role = only(Object.keys(resourcesOf(dev, 'aws_iam_role')).filter((name) => JSON.stringify(resourcesOf(dev, 'aws_iam_role')[name].assume_role_policy).includes('scheduler.amazonaws.com')));
    const policies = Object.values(resourcesOf(dev, 'aws_iam_role_policy')).filter((policy) => nameOfRef(policy.role) === role);
    const statements = policies.flatMap((policy) => (JSON.parse(String(policy.policy)) as { Statement: { Action: string | string[]; Resource: string }[] }).Statement);
    expect(statements).toContainEqual({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: ref('aws_sqs_queue', queueName, 'arn') });
    const keyed = synthEnvironment('dev', { TT__encryption__customerKey: 'true' });
    const keyedStatements = Object.values(resourcesOf(keyed, 'aws_iam_role_policy')).flatMap((policy) => (JSON.parse(String(policy.policy)) as { Statement: unknown[] }).Statement);
    expect(keyedStatements).toContainEqual({ Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: ref('aws_kms_key', only(Object.keys(resourcesOf(keyed, 'aws_kms_key'))), 'arn') });
  });

  it('is absent without office hours', () => {
    expect(resourcesOf(synthEnvironment('prod'), 'aws_sqs_queue')).toEqual({});
  });
});
