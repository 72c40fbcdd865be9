import { Eip } from '@cdktf/provider-aws/lib/eip';
import { Instance } from '@cdktf/provider-aws/lib/instance';
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Construct } from 'constructs';
import { amazonLinux2023 } from './amazon-linux';
import { InstanceRole } from './instance-role';
import { Naming } from './naming';

export interface BastionHostProps {
  readonly naming: Naming;
  /** A public subnet. */
  readonly subnetId: string;
  readonly securityGroup: SecurityGroup;
  /**
   * @default 't3.micro'
   */
  readonly instanceType?: string;
  /**
   * An existing EC2 key pair for SSH; without one, use SSM Session Manager (or EC2 Instance Connect).
   * @default undefined
   */
  readonly keyName?: string;
  /**
   * Root volume size in GiB.
   * @default 8
   */
  readonly rootVolumeGb?: number;
}

/**
 * A jump host in a public subnet with an Elastic IP: Amazon Linux 2023, IMDSv2 only, encrypted gp3
 * root volume, and an SSM-managed instance role.
 */
export class BastionHost extends Construct {
  public readonly instance: Instance;
  public readonly elasticIp: Eip;

  constructor(scope: Construct, id: string, props: BastionHostProps) {
    super(scope, id);
    const instanceType = props.instanceType ?? 't3.micro';
    const role = new InstanceRole(this, 'role', { naming: props.naming, role: 'bastion', managedPolicies: ['ssmCore'] });
    this.instance = new Instance(this, 'instance', {
      ami: amazonLinux2023(instanceType),
      instanceType,
      subnetId: props.subnetId,
      vpcSecurityGroupIds: [props.securityGroup.id],
      iamInstanceProfile: role.instanceProfile.name,
      keyName: props.keyName,
      // The Elastic IP is its address; no second, auto-assigned one.
      associatePublicIpAddress: false,
      monitoring: true,
      metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
      rootBlockDevice: { volumeType: 'gp3', volumeSize: props.rootVolumeGb ?? 8, encrypted: true, deleteOnTermination: true },
      tags: props.naming.tags('bastion'),
      volumeTags: props.naming.tags('bastion'),
      // EC2 resolves the SSM parameter to an AMI id at launch; reading it back must not force a replacement.
      lifecycle: { ignoreChanges: ['ami'] },
    });
    this.elasticIp = new Eip(this, 'eip', { domain: 'vpc', instance: this.instance.id, tags: props.naming.tags('bastion-eip') });
  }

  /** `ssh -J ec2-user@<bastion> ec2-user@<private address>`, ready to paste. */
  public sshJumpCommand(target = '<private-instance-ip>'): string {
    return `ssh -J ec2-user@${this.elasticIp.publicIp} ec2-user@${target}`;
  }
}
