import { S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { resolveSubnetLayout } from '../config/network-layout';
import type { ThreeTierConfig } from '../config/schema';
import { Naming } from '../constructs/naming';
import { Network } from '../constructs/network';
import { createAwsProvider } from './aws-provider';

/** The S3 state key of one environment. */
export function stateKey(project: string, environment: string): string {
  return `${project}/${environment}/terraform.tfstate`;
}

/** One environment of the three-tier architecture, with its state in the bootstrap bucket. */
export class EnvironmentStack extends TerraformStack {
  public readonly network: Network;

  constructor(scope: Construct, id: string, config: ThreeTierConfig) {
    super(scope, id);
    const naming = new Naming(config.project, config.environment);

    const backend = new S3Backend(this, {
      bucket: config.state.bucket,
      key: stateKey(config.project, config.environment),
      region: config.region,
      encrypt: true,
      dynamodbTable: config.state.dynamodbLockTable ? `${config.state.bucket}-lock` : undefined,
    });
    // cdktf 0.21 predates S3 native locking (Terraform >= 1.10).
    backend.addOverride('use_lockfile', true);

    createAwsProvider(this, config.region, { Project: config.project, Environment: config.environment, ManagedBy: 'cdktf', ...config.tags });

    const { layout } = resolveSubnetLayout(config.network, config.availabilityZones.length);
    if (layout === undefined) {
      throw new Error('the subnet layout was validated with the config and must resolve');
    }
    this.network = new Network(this, 'network', {
      naming,
      region: config.region,
      availabilityZones: config.availabilityZones,
      vpcCidr: config.network.vpcCidr,
      subnetLayout: layout,
      natMode: config.network.natMode,
      flowLogs: config.network.flowLogs.enabled ? config.network.flowLogs : undefined,
      s3GatewayEndpoint: config.network.s3GatewayEndpoint,
    });

    new TerraformOutput(this, 'vpc_id', { value: this.network.vpc.id });
    new TerraformOutput(this, 'nat_public_ips', {
      value: this.network.natElasticIps.map((eip) => eip.publicIp),
      description: 'Egress addresses of the private-app subnets: allow-list these at third parties',
    });
  }
}
