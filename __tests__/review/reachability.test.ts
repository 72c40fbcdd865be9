import { modelFromJson } from '../../src/review/load';
import { formatPorts } from '../../src/review/ports';
import { ADMIN, INTERNET, portsBetween, reachabilityOf, type Reachability } from '../../src/review/reachability';
import { topologyOf } from '../../src/review/topology';
import { patch, ref, threeTier, type Stack } from './fixtures/stack';

function reach(stack: Stack): Reachability {
  return reachabilityOf(topologyOf(modelFromJson(stack, 'fixture')));
}

function ports(reachability: Reachability, from: string, to: string): string {
  return formatPorts(portsBetween(reachability, from, to));
}

const ALB = 'aws_lb.web';
const APP = 'aws_autoscaling_group.app';
const DB = 'aws_db_instance.db';
const BASTION = 'aws_instance.bastion';

/** The database made public on purpose: flag on, subnets routed to the IGW, MySQL open to the world. */
function publicDatabase(): Stack {
  let stack = patch(threeTier(), 'aws_db_instance', 'db', { publicly_accessible: true });
  for (const subnet of ['db_a', 'db_c']) {
    stack = patch(stack, 'aws_route_table_association', subnet, { subnet_id: ref('aws_subnet', subnet), route_table_id: ref('aws_route_table', 'public') });
  }
  return patch(stack, 'aws_vpc_security_group_ingress_rule', 'db_world', {
    security_group_id: ref('aws_security_group', 'db'),
    ip_protocol: 'tcp',
    from_port: 3306,
    to_port: 3306,
    cidr_ipv4: '0.0.0.0/0',
    description: 'on purpose',
  });
}

describe('reachability of the clean three-tier fixture', () => {
  const result = reach(threeTier());

  it('lets the internet reach the ALB on 80/443 only', () => {
    expect(ports(result, INTERNET, ALB)).toBe('tcp/80,443');
    expect(ports(result, INTERNET, APP)).toBe('none');
    expect(ports(result, INTERNET, DB)).toBe('none');
    expect(ports(result, INTERNET, BASTION)).toBe('none');
  });

  it('follows group-to-group references between tiers, needing both ingress and egress', () => {
    expect(ports(result, ALB, APP)).toBe('tcp/8080');
    expect(ports(result, APP, DB)).toBe('tcp/3306');
    expect(ports(result, ALB, DB)).toBe('none');
    expect(ports(result, DB, APP)).toBe('none');
  });

  it('finds the admin CIDR from the bastion group and lets it reach the bastion only on SSH', () => {
    expect(result.adminCidrs).toEqual(['203.0.113.0/24']);
    expect(ports(result, ADMIN, BASTION)).toBe('tcp/22');
    expect(ports(result, BASTION, APP)).toBe('tcp/22');
    expect(ports(result, BASTION, DB)).toBe('none');
  });

  it('derives the paths a reviewer asks about', () => {
    expect(result.paths).toEqual(
      expect.arrayContaining([
        'internet → web ALB: direct on tcp/80,443',
        'internet → app ASG: only through web ALB',
        'internet → mysql RDS: unreachable',
        'internet → bastion EC2: unreachable',
        'SSH (tcp/22): admin (203.0.113.0/24) → bastion EC2; bastion EC2 → app ASG',
      ]),
    );
  });
});

describe('reachability when things go wrong', () => {
  it('reports a database made public on purpose as reachable from the internet', () => {
    const result = reach(publicDatabase());
    expect(ports(result, INTERNET, DB)).toBe('tcp/3306');
    expect(result.paths).toContain('internet → mysql RDS: direct on tcp/3306');
  });

  it('keeps the database unreachable when only its group is open (no public IP, no IGW route)', () => {
    const openGroupOnly = patch(threeTier(), 'aws_vpc_security_group_ingress_rule', 'db_world', {
      security_group_id: ref('aws_security_group', 'db'),
      ip_protocol: 'tcp',
      from_port: 3306,
      to_port: 3306,
      cidr_ipv4: '0.0.0.0/0',
      description: 'open group, private database',
    });
    expect(ports(reach(openGroupOnly), INTERNET, DB)).toBe('none');
  });

  it('exposes app instances that get public IPs in a public subnet with an open group', () => {
    let stack = patch(threeTier(), 'aws_subnet', 'public_a', { map_public_ip_on_launch: true });
    stack = patch(stack, 'aws_autoscaling_group', 'app', { vpc_zone_identifier: [ref('aws_subnet', 'public_a')] });
    stack = patch(stack, 'aws_vpc_security_group_ingress_rule', 'app_world', {
      security_group_id: ref('aws_security_group', 'app'),
      ip_protocol: 'tcp',
      from_port: 8080,
      to_port: 8080,
      cidr_ipv4: '0.0.0.0/0',
      description: 'x',
    });
    const result = reach(stack);
    expect(ports(result, INTERNET, APP)).toBe('tcp/8080');
    expect(result.paths).toContain('internet → app ASG: direct on tcp/8080');
  });

  it('cuts a flow when the source group has no egress for it', () => {
    const stack = threeTier();
    delete stack.resource.aws_vpc_security_group_egress_rule.app_3306;
    expect(ports(reach(stack), APP, DB)).toBe('none');
  });

  it('admits a VPC-CIDR rule from every component in the VPC', () => {
    const stack = patch(threeTier(), 'aws_vpc_security_group_ingress_rule', 'db_vpc', {
      security_group_id: ref('aws_security_group', 'db'),
      ip_protocol: 'tcp',
      from_port: 3306,
      to_port: 3306,
      cidr_ipv4: '10.0.0.0/16',
      description: 'whole VPC',
    });
    const result = reach(patch(stack, 'aws_vpc_security_group_egress_rule', 'bastion_all', { security_group_id: ref('aws_security_group', 'bastion'), ip_protocol: '-1', cidr_ipv4: '10.0.0.0/16', description: 'x' }));
    expect(ports(result, BASTION, DB)).toBe('tcp/3306');
  });

  it('opens SSH from the internet to the bastion when its rule says 0.0.0.0/0', () => {
    const result = reach(patch(threeTier(), 'aws_vpc_security_group_ingress_rule', 'bastion_22', { cidr_ipv4: '0.0.0.0/0' }));
    expect(ports(result, INTERNET, BASTION)).toBe('tcp/22');
    expect(result.paths).toContain('SSH (tcp/22): internet → bastion EC2; bastion EC2 → app ASG');
  });

  it('treats a subnet without a route-table association as local-only (the VPC main table)', () => {
    const stack = threeTier();
    delete stack.resource.aws_route_table_association.public_a;
    delete stack.resource.aws_route_table_association.public_c;
    expect(ports(reach(stack), INTERNET, ALB)).toBe('none');
  });

  it('says so when a component names no security group', () => {
    const result = reach(patch(threeTier(), 'aws_instance', 'bastion', { vpc_security_group_ids: undefined }));
    expect(result.notes).toEqual([expect.stringContaining('bastion EC2 names no security group')]);
  });
});
