/**
 * A production plan in the idiom of a hand-written HCL stack (`__tests__/fixtures/production-plans`),
 * planned by real Terraform: its truths are read from its main.tf, not from the review's output.
 */
import { join } from 'node:path';
import { loadInput } from '../../src/review/load';
import { review } from '../../src/review/review';

const result = review(loadInput(join('__tests__', 'fixtures', 'production-plans', 'single-nat-us-east-1', 'plan.json')));
const byRule = (id: string): readonly string[] => result.findings.filter((finding) => finding.id === id).map((finding) => `${finding.address}: ${finding.message}`);

describe('single-nat-us-east-1: production by its default tags, one NAT gateway in us-east-1a, RDS pinned to us-east-1b', () => {
  it("is production because its provider's default tags say Environment = production", () => {
    expect(result.resilience.production).toEqual({ production: true, basis: 'Environment tag = production' });
  });

  it('loses the egress of both private subnets with us-east-1a, and the database with us-east-1b', () => {
    expect(result.resilience.losses.map((loss) => loss.summary)).toEqual([
      'losing us-east-1a: internet → app ASG survives; app ASG → db RDS survives; app ASG egress lost (NAT gateway corpus-nat is in us-east-1a)',
      'losing us-east-1b: internet → app ASG survives; app ASG → db RDS lost (db RDS is single-AZ, in us-east-1b); app ASG egress survives',
    ]);
  });

  it('flags both with TT-AZ-001, on the NAT gateway and on the database', () => {
    expect(byRule('TT-AZ-001')).toEqual([
      'aws_db_instance.main: losing us-east-1b cuts app ASG → db RDS: db RDS is single-AZ, in us-east-1b',
      'aws_nat_gateway.main: losing us-east-1a cuts app ASG egress: NAT gateway corpus-nat is in us-east-1a',
    ]);
  });

  it('ties each alarm to its resource through the references a plan keeps of an unknown dimension map, and finds the alarms that watch no data', () => {
    const missing = byRule('TT-MON-001');
    expect(missing).toHaveLength(4);
    expect(missing).toContain(
      'aws_db_instance.main: corpus-db (RDS) has no alarm on CPUUtilization, FreeableMemory, DatabaseConnections (has: FreeStorageSpace); aws_cloudwatch_metric_alarm.db_cpu watches no data (DBInstanceIdentifier: it names the database by id, which is the DbiResourceId (db-...) since AWS provider 5.0; DBInstanceIdentifier takes identifier)',
    );
    expect(missing).toContain(
      'aws_lb_target_group.app: corpus-app (target group of corpus-web) has no alarm on unhealthy targets (UnHealthyHostCount); aws_cloudwatch_metric_alarm.unhealthy has dimensions {TargetGroup}, but CloudWatch publishes UnHealthyHostCount with {LoadBalancer, TargetGroup}: it watches no data',
    );
    expect(missing).toContain('aws_lb.web: corpus-web (load balancer) has no alarm on target 5xx (HTTPCode_Target_5XX_Count), response time (TargetResponseTime) (has: ELB 5xx (HTTPCode_ELB_5XX_Count))');
    expect(missing).toContain('aws_nat_gateway.main: corpus-nat (NAT gateway) has no alarm on port allocation errors (ErrorPortAllocation), dropped packets (PacketsDropCount)');
    // The Auto Scaling group's in-service alarm counts (its enabled_metrics publish the metric), though it tells nobody.
    expect(result.alarms?.find((entry) => entry.address === 'aws_autoscaling_group.app')?.present).toEqual([
      { name: 'instances in service (GroupInServiceInstances)', alarms: ['aws_cloudwatch_metric_alarm.in_service'] },
    ]);
    expect(byRule('TT-MON-002')).toEqual(['aws_cloudwatch_metric_alarm.in_service: corpus-in-service has no alarm action: it goes off in the console and tells nobody']);
  });
});
