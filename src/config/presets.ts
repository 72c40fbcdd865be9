import type { BuiltInEnvironment } from './environments';
import type { ThreeTierConfig } from './schema';

/** A configuration before it has been validated: every field may still be overridden. */
export type ConfigDraft = Omit<ThreeTierConfig, 'environment'>;

const SEOUL = 'ap-northeast-2';

/** Settings shared by every environment: Seoul, two AZs, 10.0.0.0/16, least privilege. */
const base: ConfigDraft = {
  project: 'three-tier',
  production: false,
  region: SEOUL,
  availabilityZones: [`${SEOUL}a`, `${SEOUL}c`],
  state: {
    bucket: 'three-tier-tfstate-ap-northeast-2',
    dynamodbLockTable: false,
    backend: 's3',
    noncurrentVersionExpirationDays: 90,
  },
  network: {
    vpcCidr: '10.0.0.0/16',
    subnets: {
      public: { prefixLength: 24 },
      app: { prefixLength: 20 },
      db: { prefixLength: 24 },
    },
    natMode: 'single',
    // Every environment keeps a record of its traffic (CKV2_AWS_11); about $4 a month in dev.
    flowLogs: { enabled: true, retentionDays: 14, trafficType: 'ALL' },
    s3GatewayEndpoint: true,
    natInstanceType: 't4g.nano',
    natInstancePerAz: false,
  },
  access: {
    adminCidrs: [],
    bastion: { enabled: true, instanceType: 't3.micro' },
  },
  dns: {
    frontendSubdomain: 'app',
    backendSubdomain: 'api',
  },
  loadBalancing: {
    topology: 'per-tier',
    deletionProtection: false,
    idleTimeoutSeconds: 60,
    accessLogs: false,
    sameOriginApi: false,
  },
  frontend: {
    instanceType: 't3.micro',
    minSize: 1,
    maxSize: 2,
    desiredCapacity: 1,
    image: 'public.ecr.aws/nginx/nginx:1.27',
    port: 80,
    containerPort: 80,
    healthCheckPath: '/',
    healthCheckMatcher: '200-399',
    environment: {},
    rootVolumeGb: 8,
    cpuTargetPercent: 60,
    healthCheckGracePeriodSeconds: 120,
    imdsHopLimit: 1,
  },
  backend: {
    // A Spring Boot JVM with Docker does not fit in 1 GiB (the reference post had to move off t2.micro).
    instanceType: 't3.small',
    minSize: 1,
    maxSize: 2,
    desiredCapacity: 1,
    // A placeholder that answers HTTP until you set your Spring Boot image (containerPort 8080,
    // healthCheckPath /actuator/health).
    image: 'public.ecr.aws/nginx/nginx:1.27',
    port: 8080,
    containerPort: 80,
    healthCheckPath: '/',
    healthCheckMatcher: '200-399',
    environment: { SPRING_PROFILES_ACTIVE: 'default' },
    rootVolumeGb: 16,
    cpuTargetPercent: 60,
    healthCheckGracePeriodSeconds: 300,
    imdsHopLimit: 1,
  },
  database: {
    instanceClass: 'db.t4g.micro',
    // 8.0 is in paid Extended Support since 2026-08 ($0.12 per vCPU-hour in Seoul).
    engineVersion: '8.4',
    allocatedStorageGb: 20,
    maxAllocatedStorageGb: 100,
    dbName: 'app',
    username: 'app_admin',
    appUsername: 'app',
    multiAz: false,
    deletionProtection: false,
    backupRetentionDays: 1,
    // Backup and maintenance windows unset: inside office hours when the database stops outside them,
    // else 02:00 and Monday 03:00 in Seoul (src/config/office-hours-windows.ts).
    logRetentionDays: 30,
    timeZone: 'Asia/Seoul',
    performanceInsights: false,
    preventDestroy: false,
    finalSnapshot: true,
  },
  schedule: { enabled: false, timeZone: 'Asia/Seoul', days: 'MON-FRI', start: '09:00', stop: '19:00' },
  budget: { scope: 'tag' },
  // Body-size and no-User-Agent rules block real APIs (uploads, JSON over 8 KB, SDK clients without
  // a User-Agent): counted, not blocked, until set to block.
  waf: { enabled: false, rateLimitPer5Minutes: 2000, logRetentionDays: 30, mode: 'block', commonRuleOverrides: { SizeRestrictions_BODY: 'count', NoUserAgent_HEADER: 'count' }, blockHostingProviders: false },
  alerts: {
    enabled: false,
    emails: [],
    dashboard: true,
    thresholds: {
      loadBalancer5xxPer5Minutes: 10,
      target5xxPer5Minutes: 10,
      unhealthyHostMinutes: 5,
      targetResponseTimeP99Seconds: 2,
      databaseCpuPercent: 80,
      databaseFreeStorageGb: 5,
      databaseFreeableMemoryMb: 128,
      natPacketsDropPercent: 0.01,
      wafBlockedRequestsPer5Minutes: 100,
    },
  },
  encryption: { customerKey: false },
  tags: {},
  checkovExceptions: [],
  suppressions: [],
  retiring: false,
};

const prod: ConfigDraft = {
  ...base,
  production: true,
  network: {
    ...base.network,
    natMode: 'per-az',
    flowLogs: { enabled: true, retentionDays: 90, trafficType: 'ALL' },
  },
  dns: { ...base.dns, domain: 'example.com' },
  waf: { ...base.waf, enabled: true, logRetentionDays: 90 },
  encryption: { customerKey: true },
  // Alarms on every tier to an encrypted SNS topic; alerts.emails says who is told.
  alerts: { ...base.alerts, enabled: true },
  loadBalancing: { ...base.loadBalancing, deletionProtection: true, accessLogs: true },
  frontend: { ...base.frontend, instanceType: 't3.small', minSize: 2, maxSize: 4, desiredCapacity: 2 },
  backend: { ...base.backend, instanceType: 't3.medium', minSize: 2, maxSize: 6, desiredCapacity: 2 },
  database: {
    ...base.database,
    instanceClass: 'db.t4g.medium',
    allocatedStorageGb: 50,
    maxAllocatedStorageGb: 500,
    multiAz: true,
    deletionProtection: true,
    backupRetentionDays: 14,
    performanceInsights: true,
    preventDestroy: true,
    logRetentionDays: 90,
  },
};

/**
 * A learner's bill: at most 40 % of what the console walk-throughs build (README, "What dev costs"),
 * with the same shape: two AZs, three subnet tiers, both app tiers behind an ALB, RDS, and private
 * instances with internet egress.
 */
const dev: ConfigDraft = {
  ...base,
  // A NAT instance (t4g.nano, about $12 with its addresses) instead of a NAT gateway ($53 with data).
  network: { ...base.network, natMode: 'instance' },
  // No bastion unless access.adminCidrs is set: SSM Session Manager reaches the instances, no idle EIP.
  access: { ...base.access, bastion: { ...base.access.bastion, enabled: false, instanceType: 't4g.micro' } },
  // One ALB for both tiers: the API under /api on the same host.
  loadBalancing: { ...base.loadBalancing, topology: 'shared' },
  // Graviton: about 20 % below the t3 sizes of the same memory; the images must be multi-arch (arm64).
  frontend: { ...base.frontend, instanceType: 't4g.micro' },
  backend: { ...base.backend, instanceType: 't4g.small' },
  // db.t4g.micro is already the smallest class; destroy leaves no snapshot behind.
  database: { ...base.database, finalSnapshot: false },
  // Weekdays 09:00-19:00 Seoul: the tiers scale to zero and the database stops outside them.
  schedule: { ...base.schedule, enabled: true },
};

/** Dev is lean (see above); prod is resilient and protected. */
export const PRESETS: Readonly<Record<BuiltInEnvironment, ConfigDraft>> = { dev, prod };
