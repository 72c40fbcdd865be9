import { Aspects, S3Backend, TerraformOutput, TerraformStack, Token } from 'cdktf';
import type { Construct } from 'constructs';
import { resolveSubnetLayout } from '../config/network-layout';
import type { AppTierConfig, ThreeTierConfig } from '../config/schema';
import { AccessLogBucket } from '../constructs/access-log-bucket';
import { AppTier, type AppTierProps } from '../constructs/app-tier';
import { BastionHost } from '../constructs/bastion';
import { MySqlDatabase } from '../constructs/database';
import { Domain } from '../constructs/domain';
import { Naming } from '../constructs/naming';
import { Network } from '../constructs/network';
import { PublicLoadBalancer, type RoutingRule } from '../constructs/public-load-balancer';
import { TierSecurityGroups } from '../constructs/security-groups';
import { ReviewAspect } from '../review/aspect';
import { createAwsProvider } from './aws-provider';
import { applyConfiguredSuppressions } from './configured-suppressions';

/** The S3 state key of one environment. */
export function stateKey(project: string, environment: string): string {
  return `${project}/${environment}/terraform.tfstate`;
}

/** Props an app tier takes straight from its config section. */
function tierProps(config: AppTierConfig): Pick<
  AppTierProps,
  'instanceType' | 'minSize' | 'maxSize' | 'desiredCapacity' | 'image' | 'port' | 'containerPort' | 'healthCheck' | 'healthCheckGracePeriodSeconds' | 'cpuTargetPercent' | 'rootVolumeGb'
> {
  return {
    instanceType: config.instanceType,
    minSize: config.minSize,
    maxSize: config.maxSize,
    desiredCapacity: config.desiredCapacity,
    image: config.image,
    port: config.port,
    containerPort: config.containerPort,
    healthCheck: { path: config.healthCheckPath, matcher: config.healthCheckMatcher },
    healthCheckGracePeriodSeconds: config.healthCheckGracePeriodSeconds,
    cpuTargetPercent: config.cpuTargetPercent,
    rootVolumeGb: config.rootVolumeGb,
  };
}

/**
 * One environment of the three-tier architecture: network, security groups, bastion, frontend and
 * backend tiers behind Application Load Balancers, MySQL, and DNS with HTTPS when a domain is set.
 * Its state lives in the bootstrap bucket.
 */
export class EnvironmentStack extends TerraformStack {
  public readonly network: Network;
  public readonly securityGroups: TierSecurityGroups;
  public readonly database: MySqlDatabase;
  public readonly frontend: AppTier;
  public readonly backend: AppTier;
  /** One per tier, or a single shared one under both keys. */
  public readonly loadBalancers: { readonly frontend: PublicLoadBalancer; readonly backend: PublicLoadBalancer };
  public readonly bastion?: BastionHost;
  public readonly domain?: Domain;

  constructor(scope: Construct, id: string, config: ThreeTierConfig) {
    super(scope, id);
    // The review's rules run at synth time too: an unsuppressed error-level finding fails the synth.
    Aspects.of(this).add(new ReviewAspect());
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
    const vpcId = this.network.vpc.id;
    const { domain: apex, frontendSubdomain, backendSubdomain } = config.dns;
    const shared = config.loadBalancing.topology === 'shared';

    this.securityGroups = new TierSecurityGroups(this, 'security-groups', {
      naming,
      vpcId,
      albTopology: config.loadBalancing.topology,
      frontendPort: config.frontend.port,
      backendPort: config.backend.port,
      https: apex !== undefined,
      bastion: config.access.bastion.enabled,
      adminCidrs: config.access.adminCidrs,
    });

    if (apex !== undefined) {
      this.domain = new Domain(this, 'domain', { naming, domain: apex, hostedZoneId: config.dns.hostedZoneId, hostNames: [frontendSubdomain, backendSubdomain] });
    }

    this.database = new MySqlDatabase(this, 'database', {
      naming,
      subnetIds: this.network.subnetIds('db'),
      securityGroup: this.securityGroups.database,
      ...config.database,
    });

    const logs = config.loadBalancing.accessLogs
      ? new AccessLogBucket(this, 'alb-access-logs', { naming, region: config.region, forceDestroy: !config.loadBalancing.deletionProtection })
      : undefined;
    const appSubnets = this.network.subnetIds('app');
    this.backend = new AppTier(this, 'backend-tier', {
      naming,
      role: 'backend',
      region: config.region,
      vpcId,
      subnetIds: appSubnets,
      securityGroup: this.securityGroups.backend,
      ...tierProps(config.backend),
      environment: {
        ...config.backend.environment,
        DB_HOST: this.database.instance.address,
        DB_PORT: Token.asString(this.database.instance.port),
        DB_NAME: config.database.dbName,
        DB_SECRET_ARN: this.database.secretArn,
        AWS_REGION: config.region,
      },
      readableSecretArns: [this.database.secretArn],
    });

    const loadBalancer = (role: string, tier: AppTier, rules: readonly RoutingRule[] = []): PublicLoadBalancer =>
      new PublicLoadBalancer(this, `${role}-load-balancer`, {
        naming,
        role,
        subnetIds: this.network.subnetIds('public'),
        securityGroup: role === 'backend' ? this.securityGroups.backendLoadBalancer : this.securityGroups.frontendLoadBalancer,
        defaultTargetGroup: tier.targetGroup,
        rules,
        certificateArn: this.domain?.validatedCertificateArn,
        deletionProtection: config.loadBalancing.deletionProtection,
        idleTimeoutSeconds: config.loadBalancing.idleTimeoutSeconds,
        accessLogsBucket: logs?.bucket.bucket,
      });
    const backendLoadBalancer = shared ? undefined : loadBalancer('backend', this.backend);
    const scheme = apex === undefined ? 'http' : 'https';
    // Where the browser finds the API: its own name, its own ALB, or the shared ALB's /api path.
    const apiUrl = this.domain !== undefined ? `https://${this.domain.fqdn(backendSubdomain)}` : backendLoadBalancer !== undefined ? `http://${backendLoadBalancer.loadBalancer.dnsName}` : '/api';

    this.frontend = new AppTier(this, 'frontend-tier', {
      naming,
      role: 'frontend',
      region: config.region,
      vpcId,
      subnetIds: appSubnets,
      securityGroup: this.securityGroups.frontend,
      ...tierProps(config.frontend),
      environment: { ...config.frontend.environment, API_BASE_URL: apiUrl },
    });

    if (shared) {
      // One ALB: the backend by host name with a domain, else by path.
      const rule = this.domain !== undefined ? { priority: 10, hostHeaders: [this.domain.fqdn(backendSubdomain)] } : { priority: 10, pathPatterns: ['/api/*'] };
      const sharedLoadBalancer = loadBalancer('alb', this.frontend, [{ ...rule, targetGroup: this.backend.targetGroup }]);
      this.loadBalancers = { frontend: sharedLoadBalancer, backend: sharedLoadBalancer };
    } else {
      this.loadBalancers = { frontend: loadBalancer('frontend', this.frontend), backend: backendLoadBalancer ?? loadBalancer('backend', this.backend) };
    }

    if (this.domain !== undefined) {
      this.domain.aliasToLoadBalancer(frontendSubdomain, this.loadBalancers.frontend.loadBalancer);
      this.domain.aliasToLoadBalancer(backendSubdomain, this.loadBalancers.backend.loadBalancer);
    }

    const bastionGroup = this.securityGroups.bastion;
    if (config.access.bastion.enabled && bastionGroup !== undefined) {
      this.bastion = new BastionHost(this, 'bastion', {
        naming,
        subnetId: this.network.subnetIds('public')[0],
        securityGroup: bastionGroup,
        instanceType: config.access.bastion.instanceType,
        keyName: config.access.bastion.keyName,
      });
    }

    const frontendHost = this.domain?.fqdn(frontendSubdomain) ?? this.loadBalancers.frontend.loadBalancer.dnsName;
    new TerraformOutput(this, 'site_url', { value: `${scheme}://${frontendHost}`, description: 'The frontend' });
    new TerraformOutput(this, 'api_url', {
      value: this.domain !== undefined ? apiUrl : shared ? `http://${this.loadBalancers.backend.loadBalancer.dnsName}/api` : apiUrl,
      description: 'The backend API',
    });
    new TerraformOutput(this, 'frontend_alb_dns_name', { value: this.loadBalancers.frontend.loadBalancer.dnsName });
    new TerraformOutput(this, 'backend_alb_dns_name', { value: this.loadBalancers.backend.loadBalancer.dnsName });
    new TerraformOutput(this, 'db_endpoint', { value: this.database.instance.endpoint, description: 'host:port of MySQL (private)' });
    new TerraformOutput(this, 'db_secret_arn', { value: this.database.secretArn, description: 'Secrets Manager secret with the master credentials' });
    new TerraformOutput(this, 'nat_public_ips', {
      value: this.network.natElasticIps.map((eip) => eip.publicIp),
      description: 'Egress addresses of the private-app subnets: allow-list these at third parties',
    });
    new TerraformOutput(this, 'vpc_id', { value: vpcId });
    if (this.bastion !== undefined) {
      new TerraformOutput(this, 'bastion_public_ip', { value: this.bastion.elasticIp.publicIp });
      new TerraformOutput(this, 'bastion_ssh_command', { value: this.bastion.sshJumpCommand(), description: 'Reach a private instance through the bastion' });
    }
    if (this.domain?.zone !== undefined) {
      new TerraformOutput(this, 'name_servers', { value: this.domain.zone.nameServers, description: 'Delegate the domain to these at your registrar' });
    }
    applyConfiguredSuppressions(this, config.suppressions);
  }
}
