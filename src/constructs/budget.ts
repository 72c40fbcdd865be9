import { BudgetsBudget } from '@cdktf/provider-aws/lib/budgets-budget';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { BudgetScope } from '../config/schema';
import { Naming } from './naming';

export interface CostBudgetProps {
  readonly naming: Naming;
  /** Monthly limit in USD. */
  readonly monthlyUsd: number;
  /** Who gets the alerts. */
  readonly email: string;
  /**
   * What the budget counts. `tag`: the charges of resources whose cost-allocation tag `tag` has the
   * environment's value (several environments in one account; charges no tag reaches are missed).
   * `account`: every charge of the account (an account of the environment's own).
   * @default 'tag'
   */
  readonly scope?: BudgetScope;
  /**
   * The cost-allocation tag (activated in the Billing console) and value of scope `tag`.
   * @default { key: 'Environment', value: naming.environment }
   */
  readonly tag?: { readonly key: string; readonly value: string };
  /**
   * An SNS topic that gets the notifications too (its policy and key must let budgets.amazonaws.com publish).
   * @default undefined
   */
  readonly topic?: { readonly arn: string; readonly policy: ITerraformDependable };
}

/**
 * An AWS Budgets cost budget of one environment: an e-mail when the month's forecast passes 80 % of
 * the limit, and another when actual spend passes 100 %. Scoped by the environment's tag (Budgets
 * can filter on one tag key; costs count from the day the tag is activated as a cost-allocation tag,
 * and charges no tag reaches are missed), or unfiltered for an account that holds only this
 * environment.
 */
export class CostBudget extends Construct {
  public readonly budget: BudgetsBudget;

  constructor(scope: Construct, id: string, props: CostBudgetProps) {
    super(scope, id);
    if (!(props.monthlyUsd > 0)) {
      throw new Error(`CostBudget monthlyUsd must be a positive amount, got ${props.monthlyUsd}`);
    }
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(props.email)) {
      throw new Error(`CostBudget email ${JSON.stringify(props.email)} is not an e-mail address`);
    }
    const tag = props.tag ?? { key: 'Environment', value: props.naming.environment };
    const topicArns = props.topic === undefined ? undefined : [props.topic.arn];
    const alert = (threshold: number, notificationType: 'FORECASTED' | 'ACTUAL') => ({
      comparisonOperator: 'GREATER_THAN',
      threshold,
      thresholdType: 'PERCENTAGE',
      notificationType,
      subscriberEmailAddresses: [props.email],
      subscriberSnsTopicArns: topicArns,
    });
    const name = props.naming.name('monthly-cost');
    this.budget = new BudgetsBudget(this, 'budget', {
      name,
      budgetType: 'COST',
      limitAmount: props.monthlyUsd.toFixed(2),
      limitUnit: 'USD',
      timeUnit: 'MONTHLY',
      costFilter: (props.scope ?? 'tag') === 'tag' ? [{ name: 'TagKeyValue', values: [`user:${tag.key}$${tag.value}`] }] : undefined,
      notification: [alert(80, 'FORECASTED'), alert(100, 'ACTUAL')],
      tags: props.naming.tags('monthly-cost'),
      // Budgets checks that it may publish to the topic when the notification is created.
      dependsOn: props.topic === undefined ? undefined : [props.topic.policy],
    });
  }
}
