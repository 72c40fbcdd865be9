import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import type { AlbTopology } from '../config/schema';
import { Naming } from './naming';

/** Where a rule lets traffic come from (ingress) or go to (egress). */
export type Peer = { readonly cidrIpv4: string } | { readonly cidrIpv6: string } | { readonly group: SecurityGroup };

export interface TierSecurityGroupsProps {
  readonly naming: Naming;
  readonly vpcId: string;
  /**
   * `per-tier`: a group per load balancer; `shared`: one load balancer, one group.
   * @default 'per-tier'
   */
  readonly albTopology?: AlbTopology;
  /** Port the frontend instances listen on. */
  readonly frontendPort: number;
  /** Port the backend instances listen on. */
  readonly backendPort: number;
  /**
   * Open 443 on the load balancers (only when they have an HTTPS listener).
   * @default false
   */
  readonly https?: boolean;
  /**
   * Create the bastion's group and let it reach the database (the app instances are reached through
   * Session Manager: they have no key pair, so no SSH rule leads to them).
   * @default true
   */
  readonly bastion?: boolean;
  /**
   * CIDRs allowed to SSH to the bastion; none means the bastion is reachable through SSM only.
   * @default []
   */
  readonly adminCidrs?: readonly string[];
  /**
   * The bastion has a key pair: only then do the admin CIDRs get SSH (a rule to a host no key opens is noise).
   * @default true
   */
  readonly bastionSsh?: boolean;
  /**
   * The database port.
   * @default 3306
   */
  readonly databasePort?: number;
}

const ANY_IPV4 = '0.0.0.0/0';
const ANY_IPV6 = '::/0';

/**
 * Least-privilege security groups for the three tiers, chained by group references: internet to
 * the load balancers only, each load balancer to its own tier's port, the backend and the bastion
 * to the database, and SSH from the admin CIDRs to the bastion only when it has a key pair (the app
 * instances are reached through Session Manager). One resource per rule, each described.
 */
export class TierSecurityGroups extends Construct {
  public readonly frontendLoadBalancer: SecurityGroup;
  /** The same group as `frontendLoadBalancer` when the topology is `shared`. */
  public readonly backendLoadBalancer: SecurityGroup;
  public readonly frontend: SecurityGroup;
  public readonly backend: SecurityGroup;
  public readonly database: SecurityGroup;
  public readonly bastion?: SecurityGroup;
  private readonly naming: Naming;

  constructor(scope: Construct, id: string, props: TierSecurityGroupsProps) {
    super(scope, id);
    this.naming = props.naming;
    const adminCidrs = props.adminCidrs ?? [];
    const databasePort = props.databasePort ?? 3306;
    for (const cidr of adminCidrs) {
      if (cidr === ANY_IPV4 || cidr === ANY_IPV6) {
        throw new Error(`TierSecurityGroups adminCidrs may not contain ${cidr}: SSH would be open to the internet`);
      }
    }
    const shared = (props.albTopology ?? 'per-tier') === 'shared';
    const bastion = props.bastion ?? true;
    // A prefix and create_before_destroy: a changed description or name replaces a group, and a
    // group still attached to instances and load balancers can neither be deleted first nor share its name.
    const group = (role: string, description: string): SecurityGroup =>
      new SecurityGroup(this, role, {
        namePrefix: `${this.naming.name(role)}-`,
        description,
        vpcId: props.vpcId,
        tags: this.naming.tags(role),
        lifecycle: { createBeforeDestroy: true },
      });

    this.frontendLoadBalancer = group(shared ? 'alb' : 'frontend-alb', shared ? 'Internet-facing ALB for both tiers' : 'Internet-facing ALB of the frontend');
    this.backendLoadBalancer = shared ? this.frontendLoadBalancer : group('backend-alb', 'Internet-facing ALB of the backend API');
    this.frontend = group('frontend', 'Frontend instances: their port from the frontend ALB only');
    this.backend = group('backend', 'Backend instances: their port from the backend ALB only');
    this.database = group('db', 'MySQL: from the backend (and the bastion) only');
    if (bastion) {
      this.bastion = group('bastion', 'Bastion host: SSH from the admin CIDRs only');
    }

    const loadBalancers = shared ? [this.frontendLoadBalancer] : [this.frontendLoadBalancer, this.backendLoadBalancer];
    const listenerPorts = props.https ? [80, 443] : [80];
    for (const loadBalancer of loadBalancers) {
      for (const port of listenerPorts) {
        // IPv4 only: the load balancers are `ipv4`, so a ::/0 rule would admit nothing and only widen the review's view.
        this.ingress(loadBalancer, port, { cidrIpv4: ANY_IPV4 }, `HTTP${port === 443 ? 'S' : ''} from the internet (IPv4)`);
      }
    }
    this.connect(this.frontendLoadBalancer, this.frontend, props.frontendPort, 'frontend ALB to the frontend instances');
    this.connect(this.backendLoadBalancer, this.backend, props.backendPort, 'backend ALB to the backend instances');
    this.connect(this.backend, this.database, databasePort, 'backend to MySQL');

    for (const instances of [this.frontend, this.backend]) {
      // Image pulls, ECR, SSM and CloudWatch all speak HTTPS.
      this.egress(instances, 443, { cidrIpv4: ANY_IPV4 }, 'HTTPS to image registries and AWS APIs');
    }

    const bastionGroup = this.bastion;
    if (bastionGroup !== undefined) {
      for (const cidr of props.bastionSsh === false ? [] : adminCidrs) {
        this.ingress(bastionGroup, 22, cidr.includes(':') ? { cidrIpv6: cidr } : { cidrIpv4: cidr }, `SSH from admin ${cidr}`);
      }
      this.connect(bastionGroup, this.database, databasePort, 'MySQL admin tunnel from the bastion');
      this.egress(bastionGroup, 443, { cidrIpv4: ANY_IPV4 }, 'HTTPS to package repositories and SSM');
    }
  }

  /** Lets `source` reach `target` on `port`: an egress rule on the source and an ingress rule on the target. */
  private connect(source: SecurityGroup, target: SecurityGroup, port: number, what: string): void {
    this.egress(source, port, { group: target }, what);
    this.ingress(target, port, { group: source }, what);
  }

  private ingress(group: SecurityGroup, port: number, peer: Peer, description: string): void {
    this.rule('in', group, port, peer, description);
  }

  private egress(group: SecurityGroup, port: number, peer: Peer, description: string): void {
    this.rule('out', group, port, peer, description);
  }

  /** One TCP port to or from one peer, as its own resource. */
  private rule(direction: 'in' | 'out', group: SecurityGroup, port: number, peer: Peer, description: string): void {
    const Rule = direction === 'in' ? VpcSecurityGroupIngressRule : VpcSecurityGroupEgressRule;
    new Rule(this, this.ruleId(direction, group, port, peer), {
      securityGroupId: group.id,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      description,
      ...peerArguments(peer),
      tags: { Name: this.naming.name(`${group.node.id}-${direction}-${port}`) },
    });
  }

  private ruleId(direction: string, group: SecurityGroup, port: number, peer: Peer): string {
    const peerName = 'group' in peer ? peer.group.node.id : 'cidrIpv4' in peer ? peer.cidrIpv4 : peer.cidrIpv6;
    return `${group.node.id}-${direction}-${port}-${peerName}`;
  }
}

function peerArguments(peer: Peer): { cidrIpv4?: string; cidrIpv6?: string; referencedSecurityGroupId?: string } {
  if ('group' in peer) {
    return { referencedSecurityGroupId: peer.group.id };
  }
  return 'cidrIpv4' in peer ? { cidrIpv4: peer.cidrIpv4 } : { cidrIpv6: peer.cidrIpv6 };
}
