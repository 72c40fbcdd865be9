import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { Naming } from './naming';

/** The AWS services that publish to the alert topic: CloudWatch alarms and AWS Budgets notifications. */
export const ALERT_PUBLISHERS = ['cloudwatch.amazonaws.com', 'budgets.amazonaws.com'] as const;

export interface AlertTopicProps {
  readonly naming: Naming;
  /**
   * The customer managed key that encrypts the topic; its policy must let every ALERT_PUBLISHERS
   * service use it (kms:GenerateDataKey*, kms:Decrypt), or their messages are dropped silently.
   */
  readonly kmsKeyArn: string;
  /** The account whose alarms and budgets may publish (a reference such as a VPC's owner_id). */
  readonly accountId: string;
  /** Each address gets an e-mail subscription, pending until its owner confirms it. @default [] */
  readonly emails?: readonly string[];
}

/**
 * The environment's one SNS topic for alerts, encrypted with the stack's KMS key: CloudWatch alarms
 * and AWS Budgets of this account may publish to it, and it e-mails every configured address that
 * has confirmed its subscription.
 */
export class AlertTopic extends Construct {
  public readonly topic: SnsTopic;
  /** Publishers need it in place before they are created (Budgets checks that it may publish). */
  public readonly policy: SnsTopicPolicy;
  public readonly subscriptions: readonly SnsTopicSubscription[];

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    const emails = props.emails ?? [];
    const invalid = emails.filter((email) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email));
    if (invalid.length > 0) {
      throw new Error(`AlertTopic: ${invalid.map((email) => JSON.stringify(email)).join(', ')} is not an e-mail address`);
    }
    const { naming } = props;
    this.topic = new SnsTopic(this, 'topic', {
      name: naming.name('alerts'),
      displayName: `${naming.prefix} alerts`,
      kmsMasterKeyId: props.kmsKeyArn,
      tags: naming.tags('alerts'),
    });
    // A standalone policy, never the topic's own `policy` argument as well: the two overwrite each other on every apply.
    this.policy = new SnsTopicPolicy(this, 'policy', {
      arn: this.topic.arn,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: ALERT_PUBLISHERS.map((service) => ({
          Sid: `Publish${service.split('.')[0]}OfThisAccount`,
          Effect: 'Allow',
          Principal: { Service: service },
          Action: 'sns:Publish',
          Resource: this.topic.arn,
          Condition: { StringEquals: { 'aws:SourceAccount': props.accountId } },
        })),
      }),
    });
    // Named by address, so reordering the list replaces no subscription (each would need confirming again).
    this.subscriptions = emails.map(
      (email) =>
        new SnsTopicSubscription(this, `email-${email.toLowerCase()}`, {
          topicArn: this.topic.arn,
          protocol: 'email',
          endpoint: email,
        }),
    );
  }
}
