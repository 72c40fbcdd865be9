import { z } from 'zod';
import { checkDatabaseWindows, checkNameLengths } from './aws-limits';
import { checkNetworkLayout } from './network-layout';
import { cidrProblem, isValidCidr } from './cidr';
import { environmentKeyProblem } from './environment-variables';
import { environmentNameProblem } from './environments';
import { ec2InstanceTypeProblem, rdsInstanceClassProblem } from './instance-types';
import rdsTimeZones from './rds-mysql-time-zones.json';
import { availabilityZonesOf, SUPPORTED_REGIONS } from './regions';
import { backupWindowProblem, maintenanceWindowProblem, officeHoursWindows, resolveDatabaseWindows } from './office-hours-windows';
import { databaseConnectionsThreshold } from './rds-classes';
import { bucketNameProblem } from './s3-bucket-name';
import { COMMON_RULE_SET_RULES, RULE_OVERRIDE_ACTIONS, WAF_MODES } from './waf';
import { nearest } from './suggest';
import { isOverlyWide, opensToWorld } from '../review/internet-coverage';
import { RULE_IDS } from '../review/rules';

/** `instance`: a small NAT instance per slot instead of a NAT gateway (see `natInstancePerAz`). */
export const NAT_MODES = ['none', 'single', 'per-az', 'instance'] as const;
export type NatMode = (typeof NAT_MODES)[number];

export const ALB_TOPOLOGIES = ['per-tier', 'shared'] as const;

/** What a budget counts: the environment's tagged resources, or its whole AWS account. */
export const BUDGET_SCOPES = ['tag', 'account'] as const;
export type BudgetScope = (typeof BUDGET_SCOPES)[number];
export type AlbTopology = (typeof ALB_TOPOLOGIES)[number];

const quote = (value: unknown): string => JSON.stringify(value) ?? String(value);

const cidrOf = (kind: 'addresses' | 'network') =>
  z.string().superRefine((value, ctx) => {
    const problem = cidrProblem(value, kind);
    if (problem !== undefined) {
      ctx.addIssue({ code: 'custom', message: problem, continue: false });
    }
  });

/** Addresses that may connect (admin CIDRs). */
const cidr = cidrOf('addresses');

/** A VPC or subnet block. */
const ipv4Cidr = cidrOf('network').refine((value) => !value.includes(':'), {
  error: (issue) => `${quote(issue.input)} is not an IPv4 CIDR; expected a.b.c.d/n`,
});

const prefixLength = (min: number, max: number) =>
  z
    .number()
    .int()
    .min(min, { error: `must be an integer from ${min} to ${max}` })
    .max(max, { error: `must be an integer from ${min} to ${max}` });

const positiveInt = z.number().int().min(1);
const positiveCount = z.number().int({ error: 'must be a whole number, at least 1' }).min(1, { error: 'must be a whole number, at least 1' });

/** The retentions CloudWatch Logs accepts, in days. */
const logRetentionDays = z.union(
  [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653].map((days) => z.literal(days)),
  {
    error: (issue) => `${quote(issue.input)} is not a CloudWatch Logs retention; allowed: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ... 3653`,
  },
);

/** A superRefine that reports what `problem` finds wrong with the value. */
const refuseWith = (problem: (value: string) => string | undefined) => (value: string, ctx: z.RefinementCtx) => {
  const found = problem(value);
  if (found !== undefined) {
    ctx.addIssue({ code: 'custom', message: found });
  }
};

/** An instance type of the right shape that EC2 knows (`ec2-instance-types.json`). */
const ec2InstanceType = (example: string) =>
  z
    .string()
    .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, { error: `must be an EC2 instance type such as ${example}`, abort: true })
    .superRefine(refuseWith(ec2InstanceTypeProblem));

const dnsLabel = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const domainName = z.string().refine(
  (value) => {
    const labels = value.split('.');
    return value.length <= 253 && labels.length >= 2 && labels.every((label) => dnsLabel.test(label)) && /[a-z]/.test(labels[labels.length - 1]);
  },
  { error: (issue) => `${quote(issue.input)} is not a valid domain name; expected lower-case labels separated by dots, such as example.com` },
);

/** One tier's subnets: either a prefix length carved from the VPC CIDR, or explicit CIDRs, one per AZ. */
const subnetTier = z.strictObject({
  /** Prefix length of each subnet when the CIDRs are carved automatically from the VPC CIDR. */
  prefixLength: prefixLength(16, 28),
  /** Explicit CIDRs, one per availability zone, in AZ order; overrides `prefixLength`. */
  cidrs: z.array(ipv4Cidr).optional(),
});

const appTier = z.strictObject({
  instanceType: ec2InstanceType('t3.small'),
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
  healthCheckMatcher: z.string().regex(/^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/, { error: 'must be HTTP codes such as 200 or 200-399' }),
  /** Extra environment variables for the container: valid variable names, and never secrets (names such as DB_PASS, *_TOKEN, *SECRET* are refused). */
  environment: z.record(
    z.string().superRefine((name, ctx) => {
      const problem = environmentKeyProblem(name);
      if (problem !== undefined) {
        ctx.addIssue({ code: 'custom', message: problem });
      }
    }),
    z.string(),
  ),
  rootVolumeGb: z.number().int().min(8).max(16384),
  cpuTargetPercent: z.number().min(10).max(90),
  healthCheckGracePeriodSeconds: z.number().int().min(0),
  /** IMDSv2 hop limit of the instances: 1 keeps the instance role away from the containers; 2 lets an AWS SDK in a container use it. */
  imdsHopLimit: z.number().int().min(1, { error: 'must be 1 (containers get no instance role) or 2 (they do)' }).max(2, { error: 'must be 1 (containers get no instance role) or 2 (they do)' }),
});

const database = z.strictObject({
  instanceClass: z
    .string()
    .regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, { error: 'must be an RDS instance class such as db.t4g.micro', abort: true })
    .superRefine(refuseWith(rdsInstanceClassProblem)),
  engineVersion: z.string().superRefine((version, ctx) => {
    if (/^(8\.0|5\.7)(\.\d+)?$/.test(version)) {
      ctx.addIssue({
        code: 'custom',
        message: `${quote(version)} is refused: MySQL ${version.slice(0, 3)} is past RDS standard support and runs in paid RDS Extended Support (billed per vCPU-hour on top of the instance); use 8.4 or 8.4.x`,
      });
    } else if (!/^8\.4(\.\d+)?$/.test(version)) {
      ctx.addIssue({ code: 'custom', message: `${quote(version)} is not supported; use 8.4 or an 8.4 minor version such as 8.4.6 (MySQL's long-term-support release)` });
    }
  }),
  allocatedStorageGb: z.number().int().min(20).max(65536),
  maxAllocatedStorageGb: z.number().int().min(20).max(65536),
  dbName: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, { error: 'must start with a letter and hold only letters, digits and _ (max 64)' }),
  username: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,15}$/, { error: 'must start with a letter and hold only letters, digits and _ (max 16)' }),
  /** The app's own MySQL user (privileges on dbName only, its password in a secret of its own, created by the first backend boot); not the master user. */
  appUsername: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, { error: 'must start with a letter and hold only letters, digits and _ (max 32)' }),
  multiAz: z.boolean(),
  deletionProtection: z.boolean(),
  backupRetentionDays: z.number().int().min(0).max(35),
  /** Daily, in UTC, at least 30 minutes, apart from the maintenance window; unset: inside office hours when the database stops outside them, else 17:00-18:00. */
  backupWindow: z
    .string()
    .regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, { error: 'must be hh:mm-hh:mm in UTC' })
    .optional(),
  /** Weekly, in UTC, at least 30 minutes; unset: inside office hours when the database stops outside them, else sun:18:00-sun:19:00. */
  maintenanceWindow: z
    .string()
    .regex(/^[a-z]{3}:\d{2}:\d{2}-[a-z]{3}:\d{2}:\d{2}$/, { error: 'must be ddd:hh:mm-ddd:hh:mm in UTC' })
    .optional(),
  /** Days CloudWatch keeps the exported MySQL logs (`/aws/rds/instance/<id>/error` and `/slowquery`), which the stack creates. */
  logRetentionDays,
  /** One of the values RDS for MySQL accepts for `time_zone` (`rds-mysql-time-zones.json`). */
  timeZone: z.string().superRefine((zone, ctx) => {
    if (!rdsTimeZones.timeZones.includes(zone)) {
      const suggestion = nearest(zone, rdsTimeZones.timeZones);
      const known = isIanaTimeZone(zone) ? ' (a real IANA zone, but not one RDS offers)' : '';
      ctx.addIssue({
        code: 'custom',
        message: `${quote(zone)} is not a time zone RDS for MySQL accepts${known}${suggestion === undefined ? '' : `; did you mean ${quote(suggestion)}?`} The list: src/config/rds-mysql-time-zones.json`,
      });
    }
  }),
  performanceInsights: z.boolean(),
  /** Keep Terraform from destroying the instance at all (`lifecycle.prevent_destroy`). */
  preventDestroy: z.boolean(),
  /** Take a final snapshot on destroy and keep automated backups; off, `cdktf destroy` leaves nothing billable. */
  finalSnapshot: z.boolean(),
});

const awsRegion = z.string().refine((region) => SUPPORTED_REGIONS.includes(region), {
  error: (issue) => `${quote(issue.input)} is not a supported region; supported (their AZs are in src/config/availability-zones.json): ${SUPPORTED_REGIONS.join(', ')}`,
});

/** Every field, before the cross-field checks. */
export const configFields = z.strictObject({
  /** Lower-case project name, used in every resource name and the state key (16 characters at most, so `<project>-prod-frontend` fits AWS's 32-character ALB and target-group names). */
  project: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,14}[a-z0-9]$/, { error: 'must be 3-16 lower-case letters, digits or -, starting with a letter' })
    .refine((name) => !name.includes('--'), { error: (issue) => `${quote(issue.input)} contains "--", which RDS instance identifiers (<project>-<env>-mysql) cannot` }),
  /** The environment's name: `dev`, `prod`, or the `<name>` of a `config/<name>.json` that extends another. */
  environment: z.string().superRefine((name, ctx) => {
    const problem = environmentNameProblem(name);
    if (problem !== undefined) {
      ctx.addIssue({ code: 'custom', message: problem });
    }
  }),
  /** Production environments get the strict review rules and must serve HTTPS; file-defined environments inherit it from what they extend. */
  production: z.boolean(),
  region: awsRegion,
  availabilityZones: z.array(z.string()),
  state: z.strictObject({
    /** Globally unique S3 bucket that holds Terraform state; created by the `state` stack. */
    bucket: z.string().superRefine((bucket, ctx) => {
      const problem = bucketNameProblem(bucket);
      if (problem !== undefined) {
        ctx.addIssue({ code: 'custom', message: `${quote(bucket)} is not a valid S3 bucket name: it ${problem}` });
      }
    }),
    /** The S3 key of this environment's state; unset means `<project>/<environment>/terraform.tfstate`. Two environments never share one. */
    key: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9!_.*'()/-]{0,1023}$/, { error: "must be an S3 key such as team/app/staging.tfstate (letters, digits and !_.*'()/-, not starting with /)" })
      .optional(),
    /** Region of the state bucket; environments in another region still keep their state there. Unset means the project's region (`common.json`). */
    region: awsRegion.optional(),
    /** Create a DynamoDB lock table too (S3 native locking, `use_lockfile`, is used either way). */
    dynamodbLockTable: z.boolean(),
    /** Where the environment stacks keep state: `s3` (the bucket above) or `hcp` (HCP Terraform, settings in `state.hcp`); the `state` stack keeps local state either way. */
    backend: z.enum(['s3', 'hcp'], { error: (issue) => `${quote(issue.input)} is not a state backend; allowed: s3, hcp` }),
    /** HCP Terraform (or Terraform Enterprise) settings, required with backend `hcp`. */
    hcp: z
      .strictObject({
        /** The HCP Terraform organization. */
        organization: z.string().regex(/^[A-Za-z0-9_-]{3,40}$/, { error: 'must be an HCP Terraform organization name (3-40 letters, digits, _ or -)' }),
        /** This environment's workspace; unset means `<project>-<environment>`. */
        workspace: z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,90}$/, { error: 'must be a workspace name (1-90 letters, digits, _ or -)' })
          .optional(),
        /** Terraform Enterprise host; unset means app.terraform.io. */
        hostname: z
          .string()
          .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/, { error: 'must be a host name such as tfe.example.com' })
          .optional(),
      })
      .optional(),
    noncurrentVersionExpirationDays: positiveInt,
  }),
  network: z.strictObject({
    vpcCidr: ipv4Cidr.refine((value) => value.includes(':') || (Number(value.split('/')[1]) >= 16 && Number(value.split('/')[1]) <= 24), {
      error: 'the VPC prefix length must be from /16 to /24 (the AWS limits)',
    }),
    subnets: z.strictObject({ public: subnetTier, app: subnetTier, db: subnetTier }),
    natMode: z.enum(NAT_MODES, { error: (issue) => `${quote(issue.input)} is not a NAT mode; allowed: ${NAT_MODES.join(', ')}` }),
    flowLogs: z.strictObject({
      enabled: z.boolean(),
      retentionDays: logRetentionDays,
      trafficType: z.enum(['ALL', 'ACCEPT', 'REJECT']),
    }),
    s3GatewayEndpoint: z.boolean(),
    /** EC2 type of the NAT instances when natMode is `instance` (Graviton types get the arm64 AMI). */
    natInstanceType: ec2InstanceType('t4g.nano'),
    /** With natMode `instance`: one NAT instance per AZ instead of one for all. */
    natInstancePerAz: z.boolean(),
  }),
  access: z.strictObject({
    /** IPv4 CIDRs allowed to SSH to the bastion (the VPC has no IPv6); never a set that opens SSH to the world (`0.0.0.0/1` + `128.0.0.0/1`, a public range wider than /8). */
    adminCidrs: z.array(
      // The VPC has no IPv6 block, so nothing in it has an IPv6 address to reach.
      cidr.refine((value) => !value.includes(':'), {
        error: (issue) =>
          `${quote(issue.input)} is an IPv6 CIDR, but the VPC is IPv4-only (no IPv6 CIDR block), so SSH to the bastion comes over IPv4 only; give the IPv4 address you connect from, such as 203.0.113.10/32`,
      }),
    ),
    bastion: z.strictObject({
      enabled: z.boolean(),
      instanceType: ec2InstanceType('t3.micro'),
      keyName: z.string().min(1).optional(),
    }),
  }),
  dns: z.strictObject({
    /** Apex domain; when set, HTTPS with an ACM certificate and Route 53 alias records. */
    domain: domainName.optional(),
    /** Existing hosted zone id; when unset and a domain is given, the zone is created. */
    hostedZoneId: z
      .string()
      .regex(/^Z[A-Z0-9]{1,31}$/, { error: 'must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ' })
      .optional(),
    frontendSubdomain: z.string().regex(dnsLabel, { error: 'must be one DNS label' }),
    backendSubdomain: z.string().regex(dnsLabel, { error: 'must be one DNS label' }),
  }),
  loadBalancing: z.strictObject({
    topology: z.enum(ALB_TOPOLOGIES, { error: (issue) => `${quote(issue.input)} is not an ALB topology; allowed: ${ALB_TOPOLOGIES.join(', ')}` }),
    deletionProtection: z.boolean(),
    idleTimeoutSeconds: z.number().int().min(1).max(4000),
    /** Write ALB access logs to a bucket this stack creates. */
    accessLogs: z.boolean(),
    /** Serve the API under `/api/*` on the site's own host name (same origin, no CORS); needs the shared topology. */
    sameOriginApi: z.boolean(),
  }),
  frontend: appTier,
  backend: appTier,
  database,
  /** Office hours: outside them both app tiers scale to zero and the database stops; off in prod. */
  schedule: z
    .strictObject({
      enabled: z.boolean(),
      /** IANA time zone of `start` and `stop`. */
      timeZone: z.string().refine((zone) => zone === 'UTC' || Intl.supportedValuesOf('timeZone').includes(zone), {
        error: (issue) => `${quote(issue.input)} is not an IANA time zone such as Asia/Seoul`,
      }),
      /** Days the stack runs, as cron day names: a range or a list such as MON-FRI or MON,WED,FRI. */
      days: z.string().regex(/^(MON|TUE|WED|THU|FRI|SAT|SUN)(-(MON|TUE|WED|THU|FRI|SAT|SUN))?(,(MON|TUE|WED|THU|FRI|SAT|SUN)(-(MON|TUE|WED|THU|FRI|SAT|SUN))?)*$/, {
        error: 'must be cron day names such as MON-FRI or MON,WED,FRI',
      }),
      /** Local time the stack starts on those days. */
      start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be hh:mm (24 h)' }),
      /** Local time it stops, later the same day. */
      stop: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be hh:mm (24 h)' }),
    })
    .refine((schedule) => schedule.stop > schedule.start, { path: ['stop'], error: 'must be later than start on the same day (hours across midnight are not supported)' }),
  /** An AWS Budgets cost budget of the environment with e-mail alerts (80 % forecast, 100 % actual); off when unset. */
  budget: z
    .strictObject({
      /** Monthly limit in USD. */
      monthlyUsd: z.number().positive({ error: 'must be a positive amount of USD' }).optional(),
      /** Who gets the alerts. */
      email: z.email({ error: 'must be an e-mail address' }).optional(),
      /**
       * What the budget counts: `tag`, the charges of resources tagged Environment=<environment> (one
       * account for several environments; misses charges no tag reaches), or `account`, every charge
       * of the account (an account per environment).
       */
      scope: z.enum(BUDGET_SCOPES, { error: (issue) => `${quote(issue.input)} is not a budget scope; allowed: ${BUDGET_SCOPES.join(', ')}` }),
    })
    .refine((budget) => (budget.monthlyUsd === undefined) === (budget.email === undefined), {
      path: ['email'],
      error: 'budget.monthlyUsd and budget.email go together: set both for a budget alarm, or neither',
    }),
  /** AWS WAF on every internet-facing ALB: managed common, known-bad-input and IP-reputation rules and a per-IP rate limit. */
  waf: z.strictObject({
    enabled: z.boolean(),
    /** Requests one client IP may send in any 5 minutes before it is blocked. */
    rateLimitPer5Minutes: z.number().int().min(100, { error: 'must be an integer from 100 to 2000000000' }).max(2_000_000_000, { error: 'must be an integer from 100 to 2000000000' }),
    /** Days CloudWatch keeps the WAF log (log group `aws-waf-logs-<project>-<env>`). */
    logRetentionDays,
    /** `block` blocks what the rules match; `count` only counts and logs it (a new application's first week, to see what would be blocked). */
    mode: z.enum(WAF_MODES, { error: (issue) => `${quote(issue.input)} is not a WAF mode; allowed: ${WAF_MODES.join(', ')}` }),
    /** Whether requests from cloud and hosting providers' addresses (AWSManagedRulesAnonymousIpList's HostingProviderIPList) are blocked rather than counted. */
    blockHostingProviders: z.boolean(),
    /** Per-rule actions inside the common rule set in block mode, such as SizeRestrictions_BODY: count for an API that takes bodies over 8 KB. */
    commonRuleOverrides: z.record(
      z.string().superRefine((rule, ctx) => {
        if (!COMMON_RULE_SET_RULES.some((known) => known === rule)) {
          const suggestion = nearest(rule, COMMON_RULE_SET_RULES);
          ctx.addIssue({
            code: 'custom',
            message: `${quote(rule)} is not a rule of AWSManagedRulesCommonRuleSet${suggestion === undefined ? '' : `; did you mean ${quote(suggestion)}?`} Its rules: ${COMMON_RULE_SET_RULES.join(', ')}`,
          });
        }
      }),
      z.enum(RULE_OVERRIDE_ACTIONS, { error: (issue) => `${quote(issue.input)} is not a rule action here; allowed: ${RULE_OVERRIDE_ACTIONS.join(', ')}` }),
    ),
  }),
  /** CloudWatch alarms on every tier and an encrypted SNS topic that e-mails them; and a dashboard. */
  alerts: z.strictObject({
    enabled: z.boolean(),
    /** Who is told: each address gets an SNS e-mail subscription, which it must confirm. */
    emails: z.array(z.email({ error: 'must be an e-mail address' })),
    /** A CloudWatch dashboard of the environment's golden signals, alarms or not ($3 a month beyond an account's first three). */
    dashboard: z.boolean(),
    thresholds: z.strictObject({
      /** 5xx answers the load balancer itself gives (no healthy target, timeouts) in 5 minutes. */
      loadBalancer5xxPer5Minutes: positiveCount,
      /** 5xx answers a tier's targets give in 5 minutes. */
      target5xxPer5Minutes: positiveCount,
      /** Minutes a target group may have an unhealthy target before the alarm. */
      unhealthyHostMinutes: z.number().int().min(1, { error: 'must be whole minutes from 1 to 60' }).max(60, { error: 'must be whole minutes from 1 to 60' }),
      /** The 99th percentile of target response time, over 5 minutes, in seconds. */
      targetResponseTimeP99Seconds: z.number().positive({ error: 'must be a positive number of seconds' }).max(4000, { error: 'must be at most 4000 seconds (the longest ALB idle timeout)' }),
      /** Average database CPU over 15 minutes. */
      databaseCpuPercent: z.number().min(1, { error: 'must be a percentage from 1 to 100' }).max(100, { error: 'must be a percentage from 1 to 100' }),
      /** Free storage below this many GiB; must be below database.allocatedStorageGb. */
      databaseFreeStorageGb: z.number().positive({ error: 'must be a positive number of GiB' }),
      /** Freeable memory below this many MiB. */
      databaseFreeableMemoryMb: positiveCount,
      /** Connections above this; unset: 70 % of the class's estimated default max_connections. */
      databaseConnections: positiveCount.optional(),
      /** NAT gateway packets dropped, as a percentage of the packets it received (AWS recommends 0.01). */
      natPacketsDropPercent: z.number().positive({ error: 'must be a positive percentage, at most 100' }).max(100, { error: 'must be a positive percentage, at most 100' }),
      /** Requests the web ACL blocks (or counts, in count mode) in 5 minutes. */
      wafBlockedRequestsPer5Minutes: positiveCount,
    }),
  }),
  encryption: z.strictObject({
    /** A customer managed KMS key ($1 a month) for the log groups and Performance Insights, instead of AWS's own keys. */
    customerKey: z.boolean(),
  }),
  /** Extra tags on every resource (through the provider's default_tags). */
  tags: z.record(z.string(), z.string()),
  /** Checkov checks accepted on purpose that no review rule mirrors (false positives among them): into the stack's Checkov baseline. */
  checkovExceptions: z.array(
    z.strictObject({
      checks: z.array(z.string().regex(/^CKV2?_AWS_\d+$/, { error: 'must be Checkov ids such as CKV_AWS_23 or CKV2_AWS_5' })).min(1, { error: 'must name at least one Checkov id' }),
      /** A resource address, or a prefix such as `aws_lb.` for every load balancer. */
      address: z.string().min(1),
      reason: z.string().trim().min(10, { error: 'must say in at least 10 characters why the check does not apply' }),
    }),
  ),
  /** Review findings accepted on purpose, each with its reason; reported as suppressed, never hidden. */
  suppressions: z.array(
    z.strictObject({
      id: z.string().refine((id) => RULE_IDS.has(id), { error: (issue) => `${quote(issue.input)} is not a review rule; known: ${[...RULE_IDS].join(', ')}` }),
      /** A resource address, or a prefix such as `aws_lb.` for every load balancer. */
      address: z.string().min(1),
      reason: z.string().trim().min(10, { error: 'must say in at least 10 characters why the finding is acceptable' }),
    }),
  ) /** Retire this environment: its deletion protections off so that `cdktf destroy` can remove it, a final RDS snapshot kept (src/config/retirement.ts). */,
  retiring: z.boolean(),
});

/** The project-wide fields the `state` bootstrap stack needs. */
export const projectSchema = configFields.pick({ project: true, region: true, state: true, tags: true, suppressions: true });
export type ProjectConfig = z.infer<typeof projectSchema>;

export const configSchema = configFields.superRefine((config, ctx) => {
  checkAvailabilityZones(config.region, config.availabilityZones, ctx);
  checkAdminCidrs(config.access.adminCidrs, ctx);
  checkNameLengths(config, ctx);
  // Wrong office hours are reported on their own fields; no window is computed from or judged against them.
  const schedule = configFields.shape.schedule.safeParse(config.schedule).success ? config.schedule : { ...config.schedule, enabled: false };
  checkDatabaseWindows(resolveDatabaseWindows(config.database, schedule), ctx);
  checkOfficeHoursWindows(config.database, schedule, ctx);
  checkAlerts(config, ctx);
  if (config.state.backend === 'hcp' && config.state.hcp === undefined) {
    ctx.addIssue({ code: 'custom', path: ['state', 'hcp', 'organization'], message: 'is required with state.backend "hcp" (the HCP Terraform organization)' });
  }
  if (config.state.backend === 's3' && config.state.hcp !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['state', 'hcp'], message: 'is set but state.backend is "s3": set state.backend to "hcp" or remove state.hcp' });
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
  if (config.database.appUsername === config.database.username) {
    ctx.addIssue({ code: 'custom', path: ['database', 'appUsername'], message: `${quote(config.database.appUsername)} is the master user (database.username); the app needs a user of its own` });
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
  if (config.production && config.dns.domain === undefined) {
    ctx.addIssue({ code: 'custom', path: ['dns', 'domain'], message: `is required in production (${config.environment}): production traffic must be served over HTTPS` });
  }
  if (config.dns.hostedZoneId !== undefined && config.dns.domain === undefined) {
    ctx.addIssue({ code: 'custom', path: ['dns', 'hostedZoneId'], message: `${quote(config.dns.hostedZoneId)} is set without dns.domain` });
  }
  if (config.dns.frontendSubdomain === config.dns.backendSubdomain) {
    ctx.addIssue({ code: 'custom', path: ['dns', 'backendSubdomain'], message: `${quote(config.dns.backendSubdomain)} equals frontendSubdomain; the two tiers need different names` });
  }
  if (config.loadBalancing.sameOriginApi && config.loadBalancing.topology !== 'shared') {
    ctx.addIssue({
      code: 'custom',
      path: ['loadBalancing', 'sameOriginApi'],
      message: 'needs loadBalancing.topology "shared": an ALB target group can serve one load balancer only, so /api/* must be on the one ALB',
    });
  }
  if (config.network.natMode === 'none') {
    // Without NAT only the VPC endpoints are reachable: private ECR (its layers through the S3 gateway endpoint).
    if (!config.network.s3GatewayEndpoint) {
      ctx.addIssue({ code: 'custom', path: ['network', 's3GatewayEndpoint'], message: 'must be true with natMode "none": ECR image layers and the AL2023 package repositories are in S3' });
    }
    for (const tier of ['frontend', 'backend'] as const) {
      if (!new RegExp(`^\\d{12}\\.dkr\\.ecr\\.${config.region}\\.amazonaws\\.com/`).test(config[tier].image)) {
        ctx.addIssue({
          code: 'custom',
          path: [tier, 'image'],
          message: `${quote(config[tier].image)} cannot be pulled with natMode "none": only private ECR of ${config.region} is reachable through the VPC endpoints (such as 123456789012.dkr.ecr.${config.region}.amazonaws.com/app:1)`,
        });
      }
    }
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
    // An unsupported region is reported on `region`; its zones cannot be checked.
    const known = availabilityZonesOf(region);
    if (known !== undefined && !known.includes(zone)) {
      ctx.addIssue({
        code: 'custom',
        path: ['availabilityZones', index],
        message: `${quote(zone)} is not an AZ of region ${region}; its AZs are ${known.join(', ')}`,
      });
    }
  });
}

function isIanaTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Refuses admin CIDRs that, alone or together, open SSH to the world or to a range no one organisation owns. */
function checkAdminCidrs(cidrs: readonly string[], ctx: z.RefinementCtx): void {
  const valid = cidrs.filter(isValidCidr);
  cidrs.forEach((adminCidr, index) => {
    if (isValidCidr(adminCidr) && isOverlyWide([adminCidr])) {
      ctx.addIssue({
        code: 'custom',
        path: ['access', 'adminCidrs', index],
        message: `${quote(adminCidr)} would open SSH to ${opensToWorld([adminCidr]) ? 'the whole internet' : 'a public range wider than any one organisation owns'}; give your own address, such as 203.0.113.10/32`,
      });
    }
  });
  if (!valid.some((adminCidr) => isOverlyWide([adminCidr])) && opensToWorld(valid)) {
    ctx.addIssue({
      code: 'custom',
      path: ['access', 'adminCidrs'],
      message: `${quote(cidrs)} together cover at least half of the public internet and so open SSH to the world; give your own addresses, such as 203.0.113.10/32`,
    });
  }
}

type Fields = z.infer<typeof configFields>;

/** With office hours, the database runs only in them: explicit windows must fall inside, and computed ones must fit. */
function checkOfficeHoursWindows(database: Fields['database'], schedule: Fields['schedule'], ctx: z.RefinementCtx): void {
  if (!schedule.enabled) {
    return;
  }
  const computed = officeHoursWindows(schedule);
  if ((database.backupWindow === undefined || database.maintenanceWindow === undefined) && 'problem' in computed) {
    ctx.addIssue({ code: 'custom', path: ['schedule', 'stop'], message: computed.problem });
  }
  const backup = database.backupWindow === undefined ? undefined : backupWindowProblem(database.backupWindow, schedule);
  if (backup !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['database', 'backupWindow'], message: backup });
  }
  const maintenance = database.maintenanceWindow === undefined ? undefined : maintenanceWindowProblem(database.maintenanceWindow, schedule);
  if (maintenance !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['database', 'maintenanceWindow'], message: maintenance });
  }
}

function checkAlerts(config: Fields, ctx: z.RefinementCtx): void {
  const { alerts, database } = config;
  const seen = new Set<string>();
  alerts.emails.forEach((email, index) => {
    if (seen.has(email.toLowerCase())) {
      ctx.addIssue({ code: 'custom', path: ['alerts', 'emails', index], message: `${quote(email)} is listed twice; each address is subscribed once` });
    }
    seen.add(email.toLowerCase());
  });
  if (!alerts.enabled) {
    return;
  }
  if (!config.encryption.customerKey) {
    ctx.addIssue({
      code: 'custom',
      path: ['alerts', 'enabled'],
      message:
        "needs encryption.customerKey: true: the alert topic is encrypted with the stack's KMS key, and CloudWatch cannot publish to a topic under the AWS managed key alias/aws/sns (the alarms would fire and nobody would be told)",
    });
  }
  if (alerts.thresholds.databaseFreeStorageGb >= database.allocatedStorageGb) {
    ctx.addIssue({
      code: 'custom',
      path: ['alerts', 'thresholds', 'databaseFreeStorageGb'],
      message: `${alerts.thresholds.databaseFreeStorageGb} is not below database.allocatedStorageGb ${database.allocatedStorageGb}: the free-storage alarm would fire from the start`,
    });
  }
  if (databaseConnectionsThreshold(database.instanceClass, alerts.thresholds.databaseConnections) === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['alerts', 'thresholds', 'databaseConnections'],
      message: `is required for ${database.instanceClass}: its memory, and so MySQL's default max_connections, is not in src/config/rds-classes.ts; set the connection count the alarm fires at`,
    });
  }
}
