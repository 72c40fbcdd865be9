import { Annotations, Aspects, dependable, Lazy, S3Backend, TerraformOutput, TerraformStack, Token } from 'cdktf';
import type { Construct } from 'constructs';
import { resolveSubnetLayout } from '../config/network-layout';
import { resolveDatabaseWindows } from '../config/office-hours-windows';
import { databaseConnectionsThreshold } from '../config/rds-classes';
import { stateLocation } from '../config/load';
import { withRetirement } from '../config/retirement';
import type { AppTierConfig, ThreeTierConfig } from '../config/schema';
import { AccessLogBucket } from '../constructs/access-log-bucket';
import { ALERT_PUBLISHERS, AlertTopic } from '../constructs/alert-topic';
import { EnvironmentAlarms, type WatchedLoadBalancer, type WatchedTier } from '../constructs/alarms';
import { AppTier, type AppTierProps } from '../constructs/app-tier';
import { BastionHost } from '../constructs/bastion';
import { ClosedPage } from '../constructs/closed-page';
import { CostBudget } from '../constructs/budget';
import { EnvironmentDashboard } from '../constructs/dashboard';
import { MySqlDatabase, RDS_EXPORTED_LOGS } from '../constructs/database';
import { Domain } from '../constructs/domain';
import { InterfaceEndpoints } from '../constructs/interface-endpoints';
import { Naming } from '../constructs/naming';
import { LogEncryptionKey } from '../constructs/log-encryption-key';
import { Network } from '../constructs/network';
import { OfficeHours } from '../constructs/office-hours';
import { PublicLoadBalancer, type RoutingRule } from '../constructs/public-load-balancer';
import { RdsLogGroups } from '../constructs/rds-log-groups';
import { TierSecurityGroups } from '../constructs/security-groups';
import { WebAcl } from '../constructs/web-acl';
import { ReviewAspect } from '../review/aspect';
import { applyCheckovExceptions, declareEnvironmentExceptions } from '../review/checkov/stack-exceptions';
import { writeCheckovBaselineOnSynth } from '../review/checkov/write-baseline';
import { createAwsProvider } from './aws-provider';
import { hcpBackend } from './state-backend';
import { applyConfiguredSuppressions } from './configured-suppressions';

/** KMS key of the state objects: the AWS managed key of S3, which needs no key policy of ours. */
export const STATE_KMS_KEY = 'alias/aws/s3';

/** The oldest Terraform that knows `use_lockfile` (S3 native locking). */
export const REQUIRED_TERRAFORM = '>= 1.10';

/** `aws ssm start-session` on the first running instance of an Auto Scaling group. */
export function ssmToAutoScalingGroup(region: string, groupName: string): string {
  const lookup =
    `aws ec2 describe-instances --region ${region} --filters Name=tag:aws:autoscaling:groupName,Values=${groupName} Name=instance-state-name,Values=running ` +
    `--query 'Reservations[0].Instances[0].InstanceId' --output text`;
  return `aws ssm start-session --region ${region} --target "$(${lookup})"`;
}

/** A bastion when enabled, or when admin CIDRs are set: they exist only to reach it (issue 12's lean dev has none otherwise). */
function bastionWanted(config: ThreeTierConfig): boolean {
  return config.access.bastion.enabled || config.access.adminCidrs.length > 0;
}

/** Props an app tier takes straight from its config section. */
function tierProps(
  config: AppTierConfig,
): Pick<
  AppTierProps,
  'instanceType' | 'minSize' | 'maxSize' | 'desiredCapacity' | 'image' | 'port' | 'containerPort' | 'healthCheck' | 'healthCheckGracePeriodSeconds' | 'cpuTargetPercent' | 'rootVolumeGb' | 'imdsHopLimit'
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
    imdsHopLimit: config.imdsHopLimit,
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
  /** The AWS service endpoints, with natMode `none`. */
  public readonly endpoints?: InterfaceEndpoints;

  constructor(scope: Construct, id: string, requested: ThreeTierConfig) {
    super(scope, id);
    // An environment being retired is built without the protections that would stop its destroy.
    const config = withRetirement(requested);
    // The review's rules run at synth time too: an unsuppressed error-level finding fails the synth.
    Aspects.of(this).add(new ReviewAspect());
    const naming = new Naming(config.project, config.environment);

    const state = stateLocation(config);
    const backend =
      hcpBackend(this, config) ??
      new S3Backend(this, {
        bucket: state.bucket,
        key: state.key,
        // The bucket's region, which a second-region environment does not share.
        region: state.region,
        encrypt: true,
        // Without a key id, `encrypt` means SSE-S3; the AWS managed key keeps state under KMS, as the bucket's default does.
        kmsKeyId: STATE_KMS_KEY,
        dynamodbTable: config.state.dynamodbLockTable ? `${config.state.bucket}-lock` : undefined,
      });
    // cdktf 0.21 predates S3 native locking (Terraform >= 1.10).
    if (backend instanceof S3Backend) {
      backend.addOverride('use_lockfile', true);
    }
    // use_lockfile is an unknown argument before 1.10: say so before init, not in the middle of it.
    this.addOverride('terraform.required_version', REQUIRED_TERRAFORM);

    // Production tells the review which rules are errors, whatever the environment is called.
    const defaultTags = { Project: config.project, Environment: config.environment, Production: String(config.production), ManagedBy: 'cdktf', ...config.tags };
    createAwsProvider(this, config.region, defaultTags);

    const { layout } = resolveSubnetLayout(config.network, config.availabilityZones.length);
    if (layout === undefined) {
      throw new Error('the subnet layout was validated with the config and must resolve');
    }
    // The key policy names the account; the VPC's owner_id says it without a data source (offline plans).
    const logKey = config.encryption.customerKey
      ? new LogEncryptionKey(this, 'log-encryption-key', {
          naming,
          region: config.region,
          accountId: Lazy.stringValue({ produce: () => this.network.vpc.ownerId }),
          // CloudWatch and Budgets encrypt what they publish to the alert topic with this key.
          topicPublishers: config.alerts.enabled ? ALERT_PUBLISHERS : undefined,
        })
      : undefined;
    this.network = new Network(this, 'network', {
      naming,
      region: config.region,
      availabilityZones: config.availabilityZones,
      vpcCidr: config.network.vpcCidr,
      subnetLayout: layout,
      natMode: config.network.natMode,
      flowLogs: config.network.flowLogs.enabled ? { ...config.network.flowLogs, kmsKeyArn: logKey?.key.arn } : undefined,
      s3GatewayEndpoint: config.network.s3GatewayEndpoint,
      natInstance: { instanceType: config.network.natInstanceType, perAz: config.network.natInstancePerAz, extraTags: defaultTags },
    });
    const vpcId = this.network.vpc.id;
    const { domain: apex, frontendSubdomain, backendSubdomain } = config.dns;
    const shared = config.loadBalancing.topology === 'shared';
    // The API under /api/* on the site's host: always for one ALB without a domain, on request with one.
    const sameOrigin = shared && (config.loadBalancing.sameOriginApi || apex === undefined);

    this.securityGroups = new TierSecurityGroups(this, 'security-groups', {
      naming,
      vpcId,
      albTopology: config.loadBalancing.topology,
      frontendPort: config.frontend.port,
      backendPort: config.backend.port,
      https: apex !== undefined,
      bastion: bastionWanted(config),
      adminCidrs: config.access.adminCidrs,
      bastionSsh: config.access.bastion.keyName !== undefined,
    });
    if (config.access.adminCidrs.length > 0 && config.access.bastion.keyName === undefined) {
      Annotations.of(this).addWarning('access.adminCidrs opens no SSH without access.bastion.keyName: the bastion is reached through SSM Session Manager (bastion_ssm_command)');
    }

    if (apex !== undefined) {
      this.domain = new Domain(this, 'domain', {
        naming,
        domain: apex,
        hostedZoneId: config.dns.hostedZoneId,
        hostNames: sameOrigin ? [frontendSubdomain] : [frontendSubdomain, backendSubdomain],
      });
    }

    if (config.network.natMode === 'none') {
      // No NAT: the AWS APIs the instances need come through interface endpoints in the app subnets.
      // Private DNS answers VPC-wide, so the bastion (public subnet) calls them too.
      const bastionGroup = this.securityGroups.bastion;
      this.endpoints = new InterfaceEndpoints(this, 'endpoints', {
        naming,
        region: config.region,
        vpcId,
        subnetIds: this.network.subnetIds('app'),
        clientGroups: [this.securityGroups.frontend, this.securityGroups.backend, ...(bastionGroup === undefined ? [] : [bastionGroup])],
      });
    }

    this.database = new MySqlDatabase(this, 'database', {
      naming,
      subnetIds: this.network.subnetIds('db'),
      securityGroup: this.securityGroups.database,
      ...config.database,
      // Unset windows fall inside office hours when the database stops outside them.
      ...resolveDatabaseWindows(config.database, config.schedule),
      performanceInsightsKmsKeyArn: logKey?.key.arn,
      secretRecoveryDays: config.production ? 30 : 7,
      accountId: this.network.vpc.ownerId,
    });
    // The exported logs' groups exist before the instance, so RDS never creates them without retention or key.
    const databaseLogs = new RdsLogGroups(this, 'database-logs', {
      naming,
      instanceIdentifier: this.database.identifier,
      logs: RDS_EXPORTED_LOGS,
      retentionDays: config.database.logRetentionDays,
      kmsKeyArn: logKey?.key.arn,
    });
    this.database.instance.dependsOn = [...(this.database.instance.dependsOn ?? []), ...databaseLogs.logGroups.map((group) => dependable(group))];

    const appSubnets = this.network.subnetIds('app');
    const scheme = apex === undefined ? 'http' : 'https';
    // The site's host: its name, or its ALB's, which exists only after the backend tier (the frontend
    // tier is built after the backend's URL); Terraform's graph has no cycle, so a lazy reference.
    let frontendAlbDnsName: string | undefined;
    const siteHost = this.domain?.fqdn(frontendSubdomain) ?? Lazy.stringValue({ produce: () => frontendAlbDnsName });
    const siteOrigin = `${scheme}://${siteHost}`;
    this.backend = new AppTier(this, 'backend-tier', {
      naming,
      role: 'backend',
      region: config.region,
      vpcId,
      subnetIds: appSubnets,
      securityGroup: this.securityGroups.backend,
      ...tierProps(config.backend),
      // The provider's default_tags do not reach the instances and volumes a launch template starts.
      extraTags: defaultTags,
      environment: {
        ...config.backend.environment,
        AWS_REGION: config.region,
        // The browser's origin, for the API's CORS allow-list; known once the frontend's ALB or name is.
        CORS_ALLOWED_ORIGINS: siteOrigin,
      },
      // SPRING_DATASOURCE_* and DB_* for the container as the app's own user, whose password is read
      // from its secret on the instance; the master secret only creates that user.
      database: {
        secretArn: this.database.appUserSecret.arn,
        masterSecretArn: this.database.secretArn,
        username: this.database.appUsername,
        host: this.database.instance.address,
        port: this.database.instance.port,
        dbName: config.database.dbName,
        timeZone: config.database.timeZone,
      },
      // The database's time zone: the app, its logs and MySQL read times alike.
      timeZone: config.database.timeZone,
    });

    const logs = config.loadBalancing.accessLogs
      ? new AccessLogBucket(this, 'alb-access-logs', {
          naming,
          region: config.region,
          // No data source (plans stay offline): the VPC's owner is the account.
          accountId: this.network.vpc.ownerId,
          prefixes: shared ? [naming.name('alb')] : [naming.name('frontend'), naming.name('backend')],
          // ELB writes a test object at once: outside production, or when retiring, destroy must be able to empty the bucket.
          forceDestroy: !config.production || config.retiring,
        })
      : undefined;

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
        accessLogs: logs,
      });
    const backendLoadBalancer = shared ? undefined : loadBalancer('backend', this.backend);
    // Where the browser finds the API: the site's own /api path, the API's name, or its own ALB.
    const apiHost = this.domain?.fqdn(backendSubdomain) ?? backendLoadBalancer?.loadBalancer.dnsName;
    const apiUrl = sameOrigin || apiHost === undefined ? '/api' : `${scheme}://${apiHost}`;

    this.frontend = new AppTier(this, 'frontend-tier', {
      naming,
      role: 'frontend',
      region: config.region,
      vpcId,
      subnetIds: appSubnets,
      securityGroup: this.securityGroups.frontend,
      ...tierProps(config.frontend),
      extraTags: defaultTags,
      environment: { ...config.frontend.environment, API_BASE_URL: apiUrl },
      timeZone: config.database.timeZone,
    });

    // Instances go straight to dnf and docker pull at boot: their groups wait for the egress path
    // (NAT gateways, NAT instances, or the endpoints) rather than burn their retries before it exists.
    const egress = [...this.network.natGateways, ...this.network.natInstances.map((nat) => nat.autoScalingGroup), ...Object.values(this.endpoints?.endpoints ?? {})];
    for (const tier of [this.frontend, this.backend]) {
      tier.autoScalingGroup.dependsOn = [...(tier.autoScalingGroup.dependsOn ?? []), ...egress.map((resource) => dependable(resource))];
    }

    if (shared) {
      // One ALB: the backend by path on the site's host, or by its own host name.
      // `/api/*` alone misses `/api` itself, which would reach the frontend.
      const rule = sameOrigin || this.domain === undefined ? { priority: 10, pathPatterns: ['/api', '/api/*'] } : { priority: 10, hostHeaders: [this.domain.fqdn(backendSubdomain)] };
      const sharedLoadBalancer = loadBalancer('alb', this.frontend, [{ ...rule, targetGroup: this.backend.targetGroup }]);
      this.loadBalancers = { frontend: sharedLoadBalancer, backend: sharedLoadBalancer };
    } else {
      this.loadBalancers = { frontend: loadBalancer('frontend', this.frontend), backend: backendLoadBalancer ?? loadBalancer('backend', this.backend) };
    }

    if (this.domain !== undefined) {
      this.domain.aliasToLoadBalancer(frontendSubdomain, this.loadBalancers.frontend.loadBalancer);
      if (!sameOrigin) {
        this.domain.aliasToLoadBalancer(backendSubdomain, this.loadBalancers.backend.loadBalancer);
      }
    }

    const bastionGroup = this.securityGroups.bastion;
    if (bastionWanted(config) && bastionGroup !== undefined) {
      this.bastion = new BastionHost(this, 'bastion', {
        naming,
        subnetId: this.network.subnetIds('public')[0],
        securityGroup: bastionGroup,
        instanceType: config.access.bastion.instanceType,
        keyName: config.access.bastion.keyName,
        internetGateway: this.network.internetGateway,
        region: config.region,
        volumeTags: defaultTags,
      });
    }

    frontendAlbDnsName = this.loadBalancers.frontend.loadBalancer.dnsName;
    new TerraformOutput(this, 'site_url', { value: siteOrigin, description: 'The frontend' });
    new TerraformOutput(this, 'api_url', { value: sameOrigin ? `${siteOrigin}/api` : apiUrl, description: 'The backend API' });
    new TerraformOutput(this, 'frontend_alb_dns_name', { value: this.loadBalancers.frontend.loadBalancer.dnsName });
    new TerraformOutput(this, 'backend_alb_dns_name', { value: this.loadBalancers.backend.loadBalancer.dnsName });
    new TerraformOutput(this, 'db_endpoint', { value: this.database.instance.endpoint, description: 'host:port of MySQL (private)' });
    new TerraformOutput(this, 'db_secret_arn', { value: this.database.secretArn, description: 'Secrets Manager secret with the master credentials' });
    new TerraformOutput(this, 'db_app_secret_arn', {
      value: this.database.appUserSecret.arn,
      description: `Secrets Manager secret of the app's own MySQL user (${config.database.appUsername}), stored by the first backend boot`,
    });
    new TerraformOutput(this, 'nat_public_ips', {
      value: this.network.natElasticIps.map((eip) => eip.publicIp),
      description: 'Egress addresses of the private-app subnets: allow-list these at third parties',
    });
    new TerraformOutput(this, 'vpc_id', { value: vpcId });
    for (const [role, tier] of [
      ['frontend', this.frontend],
      ['backend', this.backend],
    ] as const) {
      new TerraformOutput(this, `${role}_ssm_command`, {
        value: ssmToAutoScalingGroup(config.region, tier.autoScalingGroup.name),
        description: `A shell on a running ${role} instance through SSM Session Manager (AWS CLI + session-manager-plugin; no key, no open port)`,
      });
    }
    if (this.bastion !== undefined) {
      new TerraformOutput(this, 'bastion_public_ip', { value: this.bastion.elasticIp.publicIp });
      new TerraformOutput(this, 'bastion_ssm_command', { value: this.bastion.ssmCommand(), description: 'A shell on the bastion through SSM Session Manager' });
      new TerraformOutput(this, 'db_tunnel_command', {
        value: this.bastion.ssmPortForwardCommand(this.database.instance.address, Token.asString(this.database.instance.port)),
        description: 'MySQL on localhost through the bastion, over SSM (no SSH key)',
      });
      if (config.access.bastion.keyName !== undefined) {
        new TerraformOutput(this, 'bastion_ssh_command', {
          value: this.bastion.sshCommand(),
          description: `SSH to the bastion itself with the key pair ${config.access.bastion.keyName}, from an admin CIDR; the app instances have no key: use the SSM commands`,
        });
      }
    }
    if (this.domain?.zone !== undefined) {
      new TerraformOutput(this, 'name_servers', { value: this.domain.zone.nameServers, description: 'Delegate the domain to these at your registrar' });
    }
    // Armour (issue 12): the customer key on the app tiers' log groups, WAF on the internet-facing ALBs.
    if (logKey !== undefined) {
      this.frontend.logGroup.kmsKeyId = logKey.key.arn;
      this.backend.logGroup.kmsKeyId = logKey.key.arn;
    }
    let webAcl: WebAcl | undefined;
    if (config.waf.enabled) {
      // Both PublicLoadBalancers face the internet; a shared one is protected once.
      const albs = [...new Set([this.loadBalancers.frontend, this.loadBalancers.backend])];
      webAcl = new WebAcl(this, 'web-acl', {
        naming,
        loadBalancerArns: albs.map((alb) => alb.loadBalancer.arn),
        rateLimitPer5Minutes: config.waf.rateLimitPer5Minutes,
        logRetentionDays: config.waf.logRetentionDays,
        logKmsKeyArn: logKey?.key.arn,
        mode: config.waf.mode,
        commonRuleOverrides: config.waf.commonRuleOverrides,
        blockHostingProviders: config.waf.blockHostingProviders,
      });
    }
    // Cost controls (issue 12): office hours and the budget alarm.
    let officeHours: OfficeHours | undefined;
    if (config.schedule.enabled) {
      const sizes = (tier: AppTierConfig) => ({ minSize: tier.minSize, maxSize: tier.maxSize, desiredCapacity: tier.desiredCapacity });
      // At night the ALBs answer a page that says when the app is back, not a bare 503.
      const servingLoadBalancers = [...new Set([this.loadBalancers.frontend, this.loadBalancers.backend])];
      const closedPages = servingLoadBalancers.map(
        (alb) =>
          new ClosedPage(this, `closed-page-${alb.node.id}`, {
            naming,
            role: alb.node.id.replace(/-load-balancer$/, ''),
            listenerArn: alb.servingListener.arn,
            ...config.schedule,
          }),
      );
      officeHours = new OfficeHours(this, 'office-hours', {
        naming,
        ...config.schedule,
        groups: [
          { role: 'frontend', group: this.frontend.autoScalingGroup, ...sizes(config.frontend) },
          { role: 'backend', group: this.backend.autoScalingGroup, ...sizes(config.backend) },
        ],
        database: this.database.instance,
        kmsKeyArn: logKey?.key.arn,
        accountId: this.network.vpc.ownerId,
        closedPages,
      });
    }
    // Issue 19: who is told when something breaks, and a dashboard of the golden signals.
    const alertTopic = config.alerts.enabled && logKey !== undefined ? new AlertTopic(this, 'alerts', { naming, kmsKeyArn: logKey.key.arn, accountId: this.network.vpc.ownerId, emails: config.alerts.emails }) : undefined;
    if (config.alerts.enabled && alertTopic === undefined) {
      throw new Error('alerts.enabled needs encryption.customerKey (the configuration was validated and must have it)');
    }
    if (config.budget.monthlyUsd !== undefined && config.budget.email !== undefined) {
      new CostBudget(this, 'budget', {
        naming,
        monthlyUsd: config.budget.monthlyUsd,
        email: config.budget.email,
        scope: config.budget.scope,
        topic: alertTopic === undefined ? undefined : { arn: alertTopic.topic.arn, policy: alertTopic.policy },
      });
    }
    const watched = this.watchedResources();
    const natGateways = this.network.natGateways.map((gateway, index) => ({ availabilityZone: this.network.natGatewayZones[index], gateway }));
    const natInstances = this.network.natInstances.map((nat, index) => ({ availabilityZone: this.network.natInstanceZones[index], group: nat.autoScalingGroup }));
    const alarms =
      alertTopic === undefined
        ? undefined
        : new EnvironmentAlarms(this, 'alarms', {
            naming,
            topicArn: alertTopic.topic.arn,
            thresholds: { ...config.alerts.thresholds, databaseConnections: this.connectionsThreshold(config) },
            ...watched,
            database: this.database.instance,
            natGateways,
            natInstances,
            webAcl: webAcl === undefined ? undefined : { metricName: webAcl.metricName, region: config.region, mode: webAcl.mode },
            scheduleGroupName: officeHours?.scheduleGroup?.name,
          });
    if (config.alerts.dashboard) {
      new EnvironmentDashboard(this, 'dashboard', {
        naming,
        region: config.region,
        ...watched,
        database: this.database.instance,
        natGateways,
        natInstances,
        webAclMetricName: webAcl?.metricName,
        alarmArns: [...(alarms?.alarms.values() ?? [])].map((alarm) => alarm.arn),
      });
    }
    // One suppression mechanism for the review and Checkov (issue 12): the deliberate exceptions of
    // this configuration, and a Checkov baseline generated from all suppressions at synth.
    declareEnvironmentExceptions(this, {
      environment: config.environment,
      production: config.production,
      albDeletionProtection: config.loadBalancing.deletionProtection,
      albAccessLogs: config.loadBalancing.accessLogs,
      waf: config.waf.enabled,
      https: apex !== undefined,
      dbMultiAz: config.database.multiAz,
      dbDeletionProtection: config.database.deletionProtection,
      retiring: config.retiring,
      dbPerformanceInsights: config.database.performanceInsights,
      customerKey: config.encryption.customerKey,
      flowLogs: config.network.flowLogs.enabled,
      accessLogBucket: logs?.bucket,
    });
    for (const unmatched of applyCheckovExceptions(this, config.checkovExceptions)) {
      Annotations.of(this).addWarning(`Checkov exception of ${unmatched.checks.join(', ')} at ${JSON.stringify(unmatched.address)} matches no resource of stack ${this.node.id}`);
    }
    writeCheckovBaselineOnSynth(this);
    applyConfiguredSuppressions(this, config.suppressions);
  }
  /** Each internet-facing load balancer once, and each tier with the load balancer that forwards to its target group. */
  private watchedResources(): { loadBalancers: WatchedLoadBalancer[]; tiers: WatchedTier[] } {
    const { frontend, backend } = this.loadBalancers;
    const loadBalancers =
      frontend === backend
        ? [{ role: 'alb', loadBalancer: frontend.loadBalancer }]
        : [
            { role: 'frontend', loadBalancer: frontend.loadBalancer },
            { role: 'backend', loadBalancer: backend.loadBalancer },
          ];
    const tiers = (['frontend', 'backend'] as const).map((role) => ({
      role,
      loadBalancer: this.loadBalancers[role].loadBalancer,
      targetGroup: this[role].targetGroup,
      group: this[role].autoScalingGroup,
    }));
    return { loadBalancers, tiers };
  }

  private connectionsThreshold(config: ThreeTierConfig): number {
    const threshold = databaseConnectionsThreshold(config.database.instanceClass, config.alerts.thresholds.databaseConnections);
    if (threshold === undefined) {
      throw new Error(`alerts.thresholds.databaseConnections is required for ${config.database.instanceClass} (the configuration was validated and must have it)`);
    }
    return threshold;
  }
}
