import type { EnvironmentName, ThreeTierConfig } from './schema';

/** A configuration before it has been validated: every field may still be overridden. */
export type ConfigDraft = Omit<ThreeTierConfig, 'environment'>;

const SEOUL = 'ap-northeast-2';

/** Settings shared by every environment: Seoul, two AZs, 10.0.0.0/16, least privilege. */
const base: ConfigDraft = {
  project: 'three-tier',
  region: SEOUL,
  availabilityZones: [`${SEOUL}a`, `${SEOUL}c`],
  state: {
    bucket: 'three-tier-tfstate-ap-northeast-2',
    dynamodbLockTable: false,
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
    flowLogs: { enabled: false, retentionDays: 14, trafficType: 'ALL' },
    s3GatewayEndpoint: true,
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
  },
  database: {
    instanceClass: 'db.t4g.micro',
    // 8.0 is in paid Extended Support since 2026-08 ($0.12 per vCPU-hour in Seoul).
    engineVersion: '8.4',
    allocatedStorageGb: 20,
    maxAllocatedStorageGb: 100,
    dbName: 'app',
    username: 'app_admin',
    multiAz: false,
    deletionProtection: false,
    backupRetentionDays: 1,
    backupWindow: '17:00-18:00',
    maintenanceWindow: 'sun:18:00-sun:19:00',
    timeZone: 'Asia/Seoul',
    performanceInsights: false,
    preventDestroy: false,
  },
  tags: {},
  suppressions: [],
};


const prod: ConfigDraft = {
  ...base,
  network: {
    ...base.network,
    natMode: 'per-az',
    flowLogs: { enabled: true, retentionDays: 90, trafficType: 'ALL' },
  },
  dns: { ...base.dns, domain: 'example.com' },
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
  },
};

/** Dev is cheap (one NAT, small burstable instances, single-AZ DB); prod is resilient and protected. */
export const PRESETS: Readonly<Record<EnvironmentName, ConfigDraft>> = { dev: base, prod };
