import { BudgetsBudget } from '@cdktf/provider-aws/lib/budgets-budget';
import { Construct } from 'constructs';
import { Naming } from './naming';

export interface CostBudgetProps {
  readonly naming: Naming;
  /** Monthly limit in USD. */
  readonly monthlyUsd: number;
  /** Who gets the alerts. */
  readonly email: string;
  /**
   * The cost-allocation tag (activated in the Billing console) and value that scope the budget.
   * @default { key: 'Environment', value: naming.environment }
   */
  readonly scope?: { readonly key: string; readonly value: string };
}

/**
 * An AWS Budgets cost budget of one environment: an e-mail when the month's forecast passes 80 % of
 * the limit, and another when actual spend passes 100 %. Budgets can filter on one tag key only (its
 * values are alternatives), so it is scoped by the environment's tag; costs count from the day the
 * tag is activated as a cost-allocation tag.
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
    const tag = props.scope ?? { key: 'Environment', value: props.naming.environment };
    const alert = (threshold: number, notificationType: 'FORECASTED' | 'ACTUAL') => ({
      comparisonOperator: 'GREATER_THAN',
      threshold,
      thresholdType: 'PERCENTAGE',
      notificationType,
      subscriberEmailAddresses: [props.email],
    });
    this.budget = new BudgetsBudget(this, 'budget', {
      name: props.naming.name('monthly-cost'),
      budgetType: 'COST',
      limitAmount: props.monthlyUsd.toFixed(2),
      limitUnit: 'USD',
      timeUnit: 'MONTHLY',
      costFilter: [{ name: 'TagKeyValue', values: [`user:${tag.key}$${tag.value}`] }],
      notification: [alert(80, 'FORECASTED'), alert(100, 'ACTUAL')],
      tags: props.naming.tags('monthly-cost'),
    });
  }
}
