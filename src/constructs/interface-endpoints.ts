import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { NO_NAT_SERVICES } from '../review/no-nat-endpoints';
import { Naming } from './naming';

// One list for the stacks and for the review, which prices these endpoints as what natMode none adds.
export { NO_NAT_SERVICES } from '../review/no-nat-endpoints';

export interface InterfaceEndpointsProps {
  readonly naming: Naming;
  readonly region: string;
  readonly vpcId: string;
  /** One subnet per AZ (the private-app subnets): each endpoint gets a network interface in each. */
  readonly subnetIds: readonly string[];
  /** The groups whose members call the endpoints: each may reach them on 443. */
  readonly clientGroups: readonly SecurityGroup[];
  /**
   * Service names after `com.amazonaws.<region>.`.
   * @default NO_NAT_SERVICES
   */
  readonly services?: readonly string[];
}

/**
 * Interface VPC endpoints with private DNS, so the AWS SDK and CLI reach the services at their usual
 * names without a NAT gateway, behind a security group that admits HTTPS from the client groups only.
 * Private DNS answers for the whole VPC, so every group that calls these services must be a client.
 */
export class InterfaceEndpoints extends Construct {
  public readonly securityGroup: SecurityGroup;
  /** By service name, such as `ecr.api`. */
  public readonly endpoints: Readonly<Record<string, VpcEndpoint>>;

  constructor(scope: Construct, id: string, props: InterfaceEndpointsProps) {
    super(scope, id);
    const services = props.services ?? NO_NAT_SERVICES;
    if (services.length === 0) {
      throw new Error('InterfaceEndpoints needs at least one service');
    }
    if (new Set(services).size !== services.length) {
      throw new Error(`InterfaceEndpoints services must be unique, got ${services.join(', ')}`);
    }
    if (props.subnetIds.length === 0) {
      throw new Error('InterfaceEndpoints needs at least one subnet');
    }
    if (props.clientGroups.length === 0) {
      throw new Error('InterfaceEndpoints needs at least one client group, or nothing may reach the endpoints');
    }
    const { naming } = props;
    this.securityGroup = new SecurityGroup(this, 'security-group', {
      namePrefix: `${naming.name('endpoints')}-`,
      description: 'Interface endpoints: HTTPS from the instances only',
      vpcId: props.vpcId,
      tags: naming.tags('endpoints'),
      lifecycle: { createBeforeDestroy: true },
    });
    for (const client of props.clientGroups) {
      new VpcSecurityGroupIngressRule(this, `in-443-${client.node.id}`, {
        securityGroupId: this.securityGroup.id,
        referencedSecurityGroupId: client.id,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        description: `HTTPS from the ${client.node.id} group to the AWS service endpoints`,
        tags: { Name: naming.name(`endpoints-in-443-${client.node.id}`) },
      });
    }
    const endpoints: Record<string, VpcEndpoint> = {};
    for (const service of services) {
      endpoints[service] = new VpcEndpoint(this, service.replace('.', '-'), {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: [...props.subnetIds],
        securityGroupIds: [this.securityGroup.id],
        tags: naming.tags(`${service.replace('.', '-')}-endpoint`),
      });
    }
    this.endpoints = endpoints;
  }
}
