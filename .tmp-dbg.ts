import { loadInput } from './src/review/load';
const m = loadInput('.tmp/try-monitored/plan.json');
for (const a of ['aws_cloudwatch_metric_alarm.elb_5xx', 'aws_cloudwatch_metric_alarm.unhealthy', 'aws_cloudwatch_metric_alarm.nat_a_ports']) console.log(a, JSON.stringify(m.byAddress.get(a)?.values.dimensions));
