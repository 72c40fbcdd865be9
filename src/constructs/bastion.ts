import { Eip } from '@cdktf/provider-aws/lib/eip';
import { Instance } from '@cdktf/provider-aws/lib/instance';
import type { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { amazonLinux2023 } from './amazon-linux';
import { InstanceRole } from './instance-role';
import { Naming } from './naming';
import { suppress } from '../review/suppress';

export interface BastionHostProps {
  readonly naming: Naming;
  /** A public subnet. */
  readonly subnetId: string;
  readonly securityGroup: SecurityGroup;
  /** The VPC's Internet Gateway: an Elastic IP can be associated only once the VPC has one. */
  readonly internetGateway: InternetGateway;
  /** The region, for the `aws ssm start-session` command. */
  readonly region: string;
  /**
   * @default 't3.micro'
   */
  readonly instanceType?: string;
  /**
   * An existing EC2 key pair for SSH to the bastion itself; without one, use SSM Session Manager.
   * @default undefined
   */
  readonly keyName?: string;
  /**
   * Root volume size in GiB.
   * @default 8
   */
  readonly rootVolumeGb?: number;
  /**
   * Tags for the root volume besides its Name (the provider's `default_tags` do not reach volumes
   * created with the instance).
   * @default {}
   */
  readonly volumeTags?: Readonly<Record<string, string>>;
}

/** The root device of Amazon Linux 2023 AMIs. */
const ROOT_DEVICE = '/dev/xvda';

/**
 * A jump host in a public subnet with an Elastic IP: Amazon Linux 2023, IMDSv2 only, encrypted gp3
 * root volume, and an SSM-managed instance role.
 *
 * The image and the root volume come from a launch template, never from the instance's own `ami`
 * and `root_block_device`: with a `resolve:ssm:` AMI the provider looks up the root device name with
 * DescribeImages on the parameter string and the first apply fails (`InvalidAMIID.Malformed`,
 * terraform-provider-aws#43488, #22912), while EC2 resolves the parameter itself for a template.
 */
export class BastionHost extends Construct {
  public readonly launchTemplate: LaunchTemplate;
  public readonly instance: Instance;
  public readonly elasticIp: Eip;
  private readonly region: string;

  constructor(scope: Construct, id: string, props: BastionHostProps) {
    super(scope, id);
    const instanceType = props.instanceType ?? 't3.micro';
    const rootVolumeGb = props.rootVolumeGb ?? 8;
    if (!Number.isInteger(rootVolumeGb) || rootVolumeGb < 8) {
      throw new Error(`BastionHost rootVolumeGb must be an integer of at least 8 (the AL2023 image's size), got ${rootVolumeGb}`);
    }
    this.region = props.region;
    const role = new InstanceRole(this, 'role', { naming: props.naming, role: 'bastion', managedPolicies: ['ssmCore'] });
    this.launchTemplate = new LaunchTemplate(this, 'launch-template', {
      namePrefix: `${props.naming.name('bastion')}-`,
      description: 'Image (resolved by EC2 from SSM at launch) and encrypted root volume of the bastion',
      imageId: amazonLinux2023(instanceType),
      metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [{ deviceName: ROOT_DEVICE, ebs: { volumeType: 'gp3', volumeSize: rootVolumeGb, encrypted: 'true', deleteOnTermination: 'true' } }],
      tagSpecifications: [{ resourceType: 'volume', tags: { ...props.volumeTags, ...props.naming.tags('bastion') } }],
      updateDefaultVersion: true,
      tags: props.naming.tags('bastion'),
    });
    this.instance = new Instance(this, 'instance', {
      // No `ami` and no `root_block_device` here: see the class comment.
      launchTemplate: { id: this.launchTemplate.id, version: Fn.tostring(this.launchTemplate.latestVersion) },
      instanceType,
      subnetId: props.subnetId,
      vpcSecurityGroupIds: [props.securityGroup.id],
      iamInstanceProfile: role.instanceProfile.name,
      keyName: props.keyName,
      // No `associate_public_ip_address`: set to false beside an Elastic IP, every later plan reads
      // true and replaces the instance (terraform-provider-aws#37318, #47100). The EIP is its address.
      monitoring: true,
      // Also in the template; repeated so that the instance itself shows IMDSv2 to reviewers and Checkov.
      metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
      tags: props.naming.tags('bastion'),
    });
    suppress(this.instance, 'TT-EC2-003', 'The root volume is declared, encrypted gp3, in the launch template the instance starts from; root_block_device here would fail the first apply with a resolve:ssm: AMI');
    this.elasticIp = new Eip(this, 'eip', {
      domain: 'vpc',
      instance: this.instance.id,
      tags: props.naming.tags('bastion-eip'),
      // AWS documents that an EIP may need the Internet Gateway to exist before association.
      dependsOn: [props.internetGateway],
    });
  }

  /** `ssh ec2-user@<Elastic IP>`: SSH to the bastion itself, which needs `keyName`. */
  public sshCommand(): string {
    return `ssh ec2-user@${this.elasticIp.publicIp}`;
  }

  /** An SSM session on the bastion: no key, no open port. */
  public ssmCommand(): string {
    return `aws ssm start-session --region ${this.region} --target ${this.instance.id}`;
  }

  /**
   * Forwards a local port through the bastion to a private host over SSM (such as MySQL):
   * `aws ssm start-session ... --document-name AWS-StartPortForwardingSessionToRemoteHost`.
   */
  public ssmPortForwardCommand(host: string, port: string): string {
    return (
      `aws ssm start-session --region ${this.region} --target ${this.instance.id} --document-name AWS-StartPortForwardingSessionToRemoteHost ` + `--parameters host=${host},portNumber=${port},localPortNumber=${port}`
    );
  }
}
