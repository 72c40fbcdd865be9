import { displayName, ofType, possibleReferrers, referrers } from '../model';
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
      .map((subnet): Violation =>
        subnet.tier === 'unknown' && subnet.defaultRoute.via === 'unknown'
          ? { address: subnet.address, severity: 'warning', message: `unknown whether ${subnet.name} is a public subnet (${subnet.defaultRoute.why}); it gives every instance launched in it a public IP` }
          : { address: subnet.address, message: `${subnet.name} (tier ${subnet.tier}) gives every instance launched in it a public IP` },
      ),
};

export const flowLogs: Rule = {
  id: 'TT-VPC-002',
  title: 'VPC flow logs',
  severity: 'error',
  fix: 'Add an aws_flow_log for the VPC (traffic_type ALL) to CloudWatch Logs or S3.',
  peers: ['CKV2_AWS_11', 'AwsSolutions-VPC7'],
  check: ({ model, production }) => {
    // A flow log naming a VPC the input does not resolve (`vpc_id = local.vpc_id`) may be this VPC's.
    const unresolved = possibleReferrers(model, 'vpc_id', 'aws_flow_log');
    return ofType(model, 'aws_vpc')
      .filter((vpc) => referrers(model, vpc, 'vpc_id', 'aws_flow_log').length === 0)
      .map((vpc): Violation =>
        unresolved.length > 0
          ? {
              address: vpc.address,
              severity: 'warning',
              message: `unknown whether ${displayName(vpc)} has a flow log: ${unresolved.map(({ resource, unresolved: tokens }) => `${resource.address} names VPC ${tokens.join(', ')}`).join('; ')}, which the input does not resolve`,
            }
          : { address: vpc.address, severity: production ? 'error' : 'warning', message: `${displayName(vpc)} has no flow log: accepted and rejected connections leave no trace` },
      );
  },
};
