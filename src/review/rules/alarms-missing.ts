import { alarmCoverageOf } from '../alarms';
import { productionOf } from '../production';
import type { Rule, Violation } from './types';

/**
 * AWS Config's cloudwatch-alarm-resource-check asks the same of EC2 instances, RDS clusters, EBS
 * volumes and S3 buckets (one metric per rule instance); Checkov, cdk-nag and Security Hub have no
 * check for missing alarms on load balancers, databases or NAT.
 */
export const alarmsMissing: Rule = {
  id: 'TT-MON-001',
  title: 'Production alarms on what breaks',
  severity: 'warning',
  fix: 'Add an aws_cloudwatch_metric_alarm for each metric named, with dimensions that reference the resource (LoadBalancer and TargetGroup = arn_suffix, DBInstanceIdentifier = identifier, NatGatewayId = id, AutoScalingGroupName = name, WebACL = name), and alarm_actions that notify someone.',
  peers: ['AWSConfig-cloudwatch-alarm-resource-check'],
  check: ({ model, topology }) => {
    // Only a stack that says it is production: a dev stack without alarms is a choice, an unlabelled one unknown.
    if (productionOf(model).production !== true) {
      return [];
    }
    return alarmCoverageOf(model, topology).flatMap((coverage): Violation[] => {
      const has = coverage.present.length === 0 ? '' : ` (has: ${coverage.present.map((entry) => entry.name).join(', ')})`;
      const near = coverage.missing.flatMap((entry) => entry.why);
      const missing: Violation[] =
        coverage.missing.length === 0
          ? []
          : [{ address: coverage.address, message: `${coverage.label} has no alarm on ${coverage.missing.map((entry) => entry.name).join(', ')}${has}${near.length > 0 ? `; ${near.join('; ')}` : ''}` }];
      const unknown: Violation[] =
        coverage.unknown.length === 0
          ? []
          : [
              {
                address: coverage.address,
                severity: 'info',
                message: `unknown whether ${coverage.label} has an alarm on ${coverage.unknown.map((entry) => entry.name).join(', ')}: ${coverage.unknown.flatMap((entry) => entry.why).join('; ')}`,
              },
            ];
      return [...missing, ...unknown];
    });
  },
};
