import { bool, str, strings } from '../json';
import { displayName, ofType, referencedAddresses, type Resource } from '../model';
import { productionOf } from '../production';
import { isUnknownValue } from '../topology';
import type { Rule, Violation } from './types';

/** Whether an alarm tells anyone when it goes off: an alarm action, with actions enabled. An action list the input does not resolve counts. */
function notifies(alarm: Resource): boolean {
  const actions = alarm.values.alarm_actions;
  return bool(alarm.values.actions_enabled) !== false && (isUnknownValue(actions) || strings(actions).length > 0);
}

export const alarmActions: Rule = {
  id: 'TT-MON-002',
  title: 'Alarms notify someone',
  severity: 'warning',
  fix: 'Give the alarm alarm_actions (the SNS topic that e-mails the team) and leave actions_enabled on; or make it part of a composite alarm that has them.',
  peers: ['CKV_AWS_319', 'NIST.800.53.R5-CloudWatchAlarmAction', 'SecurityHub-CloudWatch.15', 'SecurityHub-CloudWatch.17', 'AWSConfig-cloudwatch-alarm-action-check'],
  check: ({ model }) => {
    const composites = ofType(model, 'aws_cloudwatch_composite_alarm');
    // A child alarm without actions is the usual way to feed a composite alarm that has them.
    const fed = new Set(composites.filter(notifies).flatMap((composite) => referencedAddresses(model, composite.values.alarm_rule)));
    const production = productionOf(model).production === true;
    return [...ofType(model, 'aws_cloudwatch_metric_alarm'), ...composites]
      .filter((alarm) => !notifies(alarm) && !fed.has(alarm.address))
      .map((alarm): Violation => {
        const name = str(alarm.values.alarm_name) ?? displayName(alarm);
        const message =
          bool(alarm.values.actions_enabled) === false
            ? `${name} has its actions disabled (actions_enabled = false): it goes off and tells nobody`
            : `${name} has no alarm action: it goes off in the console and tells nobody`;
        return { address: alarm.address, severity: production ? 'warning' : 'info', message };
      });
  },
};
