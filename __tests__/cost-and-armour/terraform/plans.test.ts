import { DEV_EVERYTHING, PROD } from '../../support/planned-stacks';
import { synthEnvironment } from '../../support/stacks';
import { describeWithTerraform, sharedPlan } from '../../support/terraform';

describeWithTerraform('issue 12 features plan offline (terraform validate + plan against provider 5.100)', () => {
  it('dev with NAT instances per AZ, office hours, a budget and alerts', async () => {
    const result = await sharedPlan(synthEnvironment('dev', DEV_EVERYTHING));
    expect(result.plannedCounts).toMatchObject({
      aws_network_interface: 2,
      aws_eip: 2,
      aws_autoscaling_group: 4,
      aws_autoscaling_schedule: 4,
      // The database's two and the closed page's two.
      aws_scheduler_schedule: 4,
      aws_budgets_budget: 1,
      // One shared ALB, two tiers, the database, two NAT slots (status, in service) and office hours: 1 + 8 + 4 + 4 + 1.
      aws_cloudwatch_metric_alarm: 18,
      aws_sns_topic: 1,
      aws_sns_topic_subscription: 1,
      aws_sqs_queue: 1,
      aws_scheduler_schedule_group: 1,
      aws_cloudwatch_dashboard: 1,
    });
    expect(result.plannedCounts.aws_nat_gateway).toBeUndefined();
  }, 180_000);

  it('prod with WAF, the customer key, enhanced monitoring and IAM DB authentication', async () => {
    const result = await sharedPlan(synthEnvironment('prod', PROD));
    expect(result.plannedCounts).toMatchObject({
      aws_wafv2_web_acl: 1,
      aws_wafv2_web_acl_association: 2,
      aws_wafv2_web_acl_logging_configuration: 1,
      aws_kms_key: 1,
      aws_kms_alias: 1,
      aws_cloudwatch_log_group: 6,
      aws_flow_log: 1,
    });
  }, 180_000);
});
