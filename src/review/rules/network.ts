import { displayName, ofType, referrers } from '../model';
import type { Rule, Violation } from './types';

export const privateSubnetsNoPublicIp: Rule = {
  id: 'TT-VPC-001',
  title: 'Only public-tier subnets assign public IPs',
  severity: 'error',
  fix: 'Set map_public_ip_on_launch = false on app and db subnets; only the public tier (ALB, NAT, bastion) needs public addresses.',
  peers: ['CKV_AWS_130', 'NIST.800.53.R5-VPCSubnetAutoAssignPublicIpDisabled'],
  check: ({ topology }) =>
    topology.subnets
      .filter((subnet) => subnet.tier !== 'public' && subnet.mapPublicIp)
      .map((subnet) => ({ address: subnet.address, message: `${subnet.name} (tier ${subnet.tier}) gives every instance launched in it a public IP` })),
};

export const flowLogs: Rule = {
  id: 'TT-VPC-002',
  title: 'VPC flow logs',
  severity: 'error',
  fix: 'Add an aws_flow_log for the VPC (traffic_type ALL) to CloudWatch Logs or S3.',
  peers: ['CKV2_AWS_11', 'AwsSolutions-VPC7'],
  check: ({ model, production }) =>
    ofType(model, 'aws_vpc')
      .filter((vpc) => referrers(model, vpc, 'vpc_id', 'aws_flow_log').length === 0)
      .map((vpc): Violation => ({ address: vpc.address, severity: production ? 'error' : 'warning', message: `${displayName(vpc)} has no flow log: accepted and rejected connections leave no trace` })),
};
