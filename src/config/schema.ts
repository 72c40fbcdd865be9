import { z } from 'zod';
import { checkNetworkLayout } from './network-layout';
import { isOpenToWorld, isValidCidr } from './cidr';
import { RULE_IDS } from '../review/rules';

/** Environments this project knows how to build; each has a preset in `presets.ts`. */
export const ENVIRONMENT_NAMES = ['dev', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

export const NAT_MODES = ['none', 'single', 'per-az'] as const;
export type NatMode = (typeof NAT_MODES)[number];

export const ALB_TOPOLOGIES = ['per-tier', 'shared'] as const;
export type AlbTopology = (typeof ALB_TOPOLOGIES)[number];

const quote = (value: unknown): string => JSON.stringify(value) ?? String(value);

const cidr = z.string().refine(isValidCidr, {
  abort: true,
  error: (issue) => `${quote(issue.input)} is not a valid CIDR; expected a.b.c.d/n (IPv4) or an IPv6 prefix such as 2001:db8::/32`,
});

const ipv4Cidr = cidr.refine((value) => !value.includes(':'), {
  error: (issue) => `${quote(issue.input)} is not an IPv4 CIDR; expected a.b.c.d/n`,
});

const prefixLength = (min: number, max: number) =>
  z.number().int().min(min, { error: `must be an integer from ${min} to ${max}` }).max(max, { error: `must be an integer from ${min} to ${max}` });

const positiveInt = z.number().int().min(1);

const dnsLabel = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const domainName = z.string().refine((value) => {
  const labels = value.split('.');
  return value.length <= 253 && labels.length >= 2 && labels.every((label) => dnsLabel.test(label)) && /[a-z]/.test(labels[labels.length - 1]);
}, { error: (issue) => `${quote(issue.input)} is not a valid domain name; expected lower-case labels separated by dots, such as example.com` });

/** One tier's subnets: either a prefix length carved from the VPC CIDR, or explicit CIDRs, one per AZ. */
const subnetTier = z.strictObject({
  /** Prefix length of each subnet when the CIDRs are carved automatically from the VPC CIDR. */
  prefixLength: prefixLength(16, 28),
  /** Explicit CIDRs, one per availability zone, in AZ order; overrides `prefixLength`. */
  cidrs: z.array(ipv4Cidr).optional(),
});

const appTier = z.strictObject({
  instanceType: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, { error: 'must be an EC2 instance type such as t3.small' }),
  minSize: z.number().int().min(0),
  maxSize: positiveInt,
  desiredCapacity: z.number().int().min(0),
  /** Container image (Docker Hub name or ECR URI) run by user data. */
  image: z.string().min(1),
  /** Port the instances listen on: the target group port and the security-group rule. */
  port: z.number().int().min(1).max(65535),
  /** Port the container listens on inside; Docker publishes it on `port`. */
  containerPort: z.number().int().min(1).max(65535),
  healthCheckPath: z.string().startsWith('/', { error: 'must start with /' }),
  // An environment variable such as TT__backend__healthCheckMatcher=200 arrives as a JSON number.
  healthCheckMatcher: z.preprocess((value) => (typeof value === 'number' ? String(value) : value), z.string().regex(/^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/, { error: 'must be HTTP codes such as 200 or 200-399' })),
  /** Extra environment variables for the container; never put secrets here. */
  environment: z.record(z.string(), z.string()),
  rootVolumeGb: z.number().int().min(8).max(16384),
  cpuTargetPercent: z.number().min(10).max(90),
  healthCheckGracePeriodSeconds: z.number().int().min(0),
});

const database = z.strictObject({
  instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, { error: 'must be an RDS instance class such as db.t4g.micro' }),
  engineVersion: z.string().regex(/^\d+\.\d+(\.\d+)?$/, { error: 'must be a MySQL version such as 8.4 or 8.4.6' }),
  allocatedStorageGb: z.number().int().min(20).max(65536),
  maxAllocatedStorageGb: z.number().int().min(20).max(65536),
  dbName: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, { error: 'must start with a letter and hold only letters, digits and _ (max 64)' }),
  username: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,15}$/, { error: 'must start with a letter and hold only letters, digits and _ (max 16)' }),
  multiAz: z.boolean(),
  deletionProtection: z.boolean(),
  backupRetentionDays: z.number().int().min(0).max(35),
  backupWindow: z.string().regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, { error: 'must be hh:mm-hh:mm in UTC' }),
  maintenanceWindow: z.string().regex(/^[a-z]{3}:\d{2}:\d{2}-[a-z]{3}:\d{2}:\d{2}$/, { error: 'must be ddd:hh:mm-ddd:hh:mm in UTC' }),
  timeZone: z.string().min(1),
  performanceInsights: z.boolean(),
  /** Keep Terraform from destroying the instance at all (`lifecycle.prevent_destroy`). */
  preventDestroy: z.boolean(),
});

/** Every field, before the cross-field checks. */
export const configFields = z.strictObject({
  /** Lower-case project name, used in every resource name and the state key (16 characters at most, so `<project>-prod-frontend` fits AWS's 32-character ALB and target-group names). */
  project: z.string().regex(/^[a-z][a-z0-9-]{1,14}[a-z0-9]$/, { error: 'must be 3-16 lower-case letters, digits or -, starting with a letter' }),
  environment: z.enum(ENVIRONMENT_NAMES),
  region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { error: 'must be an AWS region such as ap-northeast-2' }),
  availabilityZones: z.array(z.string()),
  state: z.strictObject({
    /** Globally unique S3 bucket that holds Terraform state; created by the `state` stack. */
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'must be a valid S3 bucket name (3-63 lower-case letters, digits, . or -)' }),
    /** Create a DynamoDB lock table too (S3 native locking, `use_lockfile`, is used either way). */
    dynamodbLockTable: z.boolean(),
    noncurrentVersionExpirationDays: positiveInt,
  }),
  network: z.strictObject({
    vpcCidr: ipv4Cidr.refine((value) => Number(value.split('/')[1]) >= 16 && Number(value.split('/')[1]) <= 24, {
      error: 'the VPC prefix length must be from /16 to /24 (the AWS limits)',
    }),
    subnets: z.strictObject({ public: subnetTier, app: subnetTier, db: subnetTier }),
    natMode: z.enum(NAT_MODES, { error: (issue) => `${quote(issue.input)} is not a NAT mode; allowed: ${NAT_MODES.join(', ')}` }),
    flowLogs: z.strictObject({
      enabled: z.boolean(),
      retentionDays: z.union([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653].map((days) => z.literal(days)), {
        error: (issue) => `${quote(issue.input)} is not a CloudWatch Logs retention; allowed: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ... 3653`,
      }),
      trafficType: z.enum(['ALL', 'ACCEPT', 'REJECT']),
    }),
    s3GatewayEndpoint: z.boolean(),
  }),
  access: z.strictObject({
    /** CIDRs allowed to SSH to the bastion; never 0.0.0.0/0 or ::/0. */
    adminCidrs: z.array(cidr),
    bastion: z.strictObject({
      enabled: z.boolean(),
      instanceType: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, { error: 'must be an EC2 instance type such as t3.micro' }),
      keyName: z.string().min(1).optional(),
    }),
  }),
  dns: z.strictObject({
    /** Apex domain; when set, HTTPS with an ACM certificate and Route 53 alias records. */
    domain: domainName.optional(),
    /** Existing hosted zone id; when unset and a domain is given, the zone is created. */
    hostedZoneId: z.string().regex(/^Z[A-Z0-9]{1,31}$/, { error: 'must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ' }).optional(),
    frontendSubdomain: z.string().regex(dnsLabel, { error: 'must be one DNS label' }),
    backendSubdomain: z.string().regex(dnsLabel, { error: 'must be one DNS label' }),
  }),
  loadBalancing: z.strictObject({
    topology: z.enum(ALB_TOPOLOGIES, { error: (issue) => `${quote(issue.input)} is not an ALB topology; allowed: ${ALB_TOPOLOGIES.join(', ')}` }),
    deletionProtection: z.boolean(),
    idleTimeoutSeconds: z.number().int().min(1).max(4000),
    /** Write ALB access logs to a bucket this stack creates. */
    accessLogs: z.boolean(),
  }),
  frontend: appTier,
  backend: appTier,
  database,
  /** Extra tags on every resource (through the provider's default_tags). */
  tags: z.record(z.string(), z.string()),
  /** Review findings accepted on purpose, each with its reason; reported as suppressed, never hidden. */
  suppressions: z.array(
    z.strictObject({
      id: z.string().refine((id) => RULE_IDS.has(id), { error: (issue) => `${quote(issue.input)} is not a review rule; known: ${[...RULE_IDS].join(', ')}` }),
      /** A resource address, or a prefix such as `aws_lb.` for every load balancer. */
      address: z.string().min(1),
      reason: z.string().trim().min(10, { error: 'must say in at least 10 characters why the finding is acceptable' }),
    }),
  ),
});

/** The project-wide fields the `state` bootstrap stack needs. */
export const projectSchema = configFields.pick({ project: true, region: true, state: true, tags: true, suppressions: true });
export type ProjectConfig = z.infer<typeof projectSchema>;

export const configSchema = configFields.superRefine((config, ctx) => {
  checkAvailabilityZones(config.region, config.availabilityZones, ctx);
  for (const [index, adminCidr] of config.access.adminCidrs.entries()) {
    if (isValidCidr(adminCidr) && isOpenToWorld(adminCidr)) {
      ctx.addIssue({
        code: 'custom',
        path: ['access', 'adminCidrs', index],
        message: `${quote(adminCidr)} would open SSH to the whole internet; give your own address, such as 203.0.113.10/32`,
      });
    }
  }
  for (const tier of ['frontend', 'backend'] as const) {
    const { minSize, maxSize, desiredCapacity } = config[tier];
    if (minSize > maxSize) {
      ctx.addIssue({ code: 'custom', path: [tier, 'minSize'], message: `${minSize} is greater than maxSize ${maxSize}; minSize must be <= maxSize` });
    } else if (desiredCapacity < minSize || desiredCapacity > maxSize) {
      ctx.addIssue({
        code: 'custom',
        path: [tier, 'desiredCapacity'],
        message: `${desiredCapacity} is outside [minSize, maxSize] = [${minSize}, ${maxSize}]`,
      });
    }
  }
  if (config.database.maxAllocatedStorageGb < config.database.allocatedStorageGb) {
    ctx.addIssue({
      code: 'custom',
      path: ['database', 'maxAllocatedStorageGb'],
      message: `${config.database.maxAllocatedStorageGb} is below allocatedStorageGb ${config.database.allocatedStorageGb}`,
    });
  }
  if (config.database.performanceInsights && /\.(micro|small)$/.test(config.database.instanceClass)) {
    ctx.addIssue({
      code: 'custom',
      path: ['database', 'performanceInsights'],
      message: `is not available on ${config.database.instanceClass}; use a medium or larger class, or turn it off`,
    });
  }
  if (config.environment === 'prod' && config.dns.domain === undefined) {
    ctx.addIssue({ code: 'custom', path: ['dns', 'domain'], message: 'is required in prod: production traffic must be served over HTTPS' });
  }
  if (config.dns.hostedZoneId !== undefined && config.dns.domain === undefined) {
    ctx.addIssue({ code: 'custom', path: ['dns', 'hostedZoneId'], message: `${quote(config.dns.hostedZoneId)} is set without dns.domain` });
  }
  if (config.dns.frontendSubdomain === config.dns.backendSubdomain) {
    ctx.addIssue({ code: 'custom', path: ['dns', 'backendSubdomain'], message: `${quote(config.dns.backendSubdomain)} equals frontendSubdomain; the two tiers need different names` });
  }
  checkNetworkLayout(config.network, config.availabilityZones.length, ctx);
});

/** The fully resolved configuration of one environment. */
export type ThreeTierConfig = z.infer<typeof configSchema>;
export type AppTierConfig = ThreeTierConfig['frontend'];
export type DatabaseConfig = ThreeTierConfig['database'];
export type NetworkConfig = ThreeTierConfig['network'];

function checkAvailabilityZones(region: string, zones: readonly string[], ctx: z.RefinementCtx): void {
  if (zones.length < 2) {
    ctx.addIssue({
      code: 'custom',
      path: ['availabilityZones'],
      message: `${quote(zones)} has ${zones.length} zone(s); at least two are needed for the ALB and Multi-AZ RDS`,
    });
  }
  const seen = new Set<string>();
  zones.forEach((zone, index) => {
    if (seen.has(zone)) {
      ctx.addIssue({ code: 'custom', path: ['availabilityZones', index], message: `${quote(zone)} is listed twice; each AZ may appear once` });
    }
    seen.add(zone);
    if (!new RegExp(`^${region}[a-z]$`).test(zone)) {
      ctx.addIssue({
        code: 'custom',
        path: ['availabilityZones', index],
        message: `${quote(zone)} is not an AZ of region ${region}; expected ${region} followed by one letter, such as ${region}a`,
      });
    }
  });
}
