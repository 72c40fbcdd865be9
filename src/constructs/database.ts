import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { suppressCheckov } from '../review/checkov/suppress-checkov';
import { Naming } from './naming';
import { RdsMonitoringRole } from './rds-monitoring-role';

/** The MySQL logs exported to CloudWatch Logs, each into `/aws/rds/instance/<identifier>/<log>`. */
export const RDS_EXPORTED_LOGS = ['error', 'slowquery'] as const;

/** The CA every new connection should verify against; rds-ca-2019 has expired. */
export const RDS_CA = 'rds-ca-rsa2048-g1';

export interface MySqlDatabaseProps {
  readonly naming: Naming;
  /** The private-db subnets, one per AZ. */
  readonly subnetIds: readonly string[];
  readonly securityGroup: SecurityGroup;
  /** @default 'db.t4g.micro' */
  readonly instanceClass?: string;
  /** MySQL 8.0 is in paid Extended Support since 2026-08. @default '8.4' */
  readonly engineVersion?: string;
  /** @default 20 */
  readonly allocatedStorageGb?: number;
  /** Storage autoscaling ceiling. @default 100 */
  readonly maxAllocatedStorageGb?: number;
  /** @default 'app' */
  readonly dbName?: string;
  /** The master user; its password is generated and kept in Secrets Manager. @default 'app_admin' */
  readonly username?: string;
  /**
   * The application's own user: privileges on `dbName` only, its password in a secret of its own,
   * created by the first backend boot (see boot/db-user.py). @default 'app'
   */
  readonly appUsername?: string;
  /** Days a deleted app-user secret can still be restored (7 to 30). @default 30 */
  readonly secretRecoveryDays?: number;
  /**
   * The account, for the trust policy of the monitoring role (`aws:SourceAccount`).
   * @default no condition
   */
  readonly accountId?: string;
  /** @default false */
  readonly multiAz?: boolean;
  /** @default true */
  readonly deletionProtection?: boolean;
  /** @default 7 */
  readonly backupRetentionDays?: number;
  /** UTC. @default '17:00-18:00' (02:00 in Seoul) */
  readonly backupWindow?: string;
  /** UTC. @default 'sun:18:00-sun:19:00' */
  readonly maintenanceWindow?: string;
  /** @default 'Asia/Seoul' */
  readonly timeZone?: string;
  /** @default false */
  readonly performanceInsights?: boolean;
  /** Keep Terraform from ever destroying the instance. @default false */
  readonly preventDestroy?: boolean;
  /** @default 3306 */
  readonly port?: number;
  /** Queries slower than this many seconds go to the slow query log (exported to CloudWatch Logs). @default 2 */
  readonly longQueryTimeSeconds?: number;
  /** Enhanced monitoring (OS metrics) interval in seconds; 0 turns it off. @default 60 */
  readonly enhancedMonitoringSeconds?: 0 | 1 | 5 | 10 | 15 | 30 | 60;
  /** Let IAM users and roles connect with `rds-db:connect` tokens besides passwords. @default true */
  readonly iamAuthentication?: boolean;
  /** Customer managed KMS key for Performance Insights. @default undefined (the AWS managed key) */
  readonly performanceInsightsKmsKeyArn?: string;
  /**
   * Take a final snapshot on destroy and keep automated backups; without, destroy leaves nothing billable.
   * @default true
   */
  readonly finalSnapshot?: boolean;
}

/**
 * RDS for MySQL in the private-db subnets: never public, encrypted gp3 storage with autoscaling,
 * utf8mb4 and TLS-only connections, the master password generated into Secrets Manager (never in
 * code, config or state), backups, log exports and a named final snapshot.
 */
export class MySqlDatabase extends Construct {
  public readonly instance: DbInstance;
  public readonly parameterGroup: DbParameterGroup;
  public readonly subnetGroup: DbSubnetGroup;
  /** ARN of the Secrets Manager secret RDS manages for the master user. */
  public readonly secretArn: string;
  /** The instance identifier as a literal (the exported log groups' names need it before the instance exists). */
  public readonly identifier: string;
  /** The app user's secret: no value until the first backend boot stores a generated one. */
  public readonly appUserSecret: SecretsmanagerSecret;
  public readonly appUsername: string;

  constructor(scope: Construct, id: string, props: MySqlDatabaseProps) {
    super(scope, id);
    const { naming } = props;
    const engineVersion = props.engineVersion ?? '8.4';
    const family = /^(\d+\.\d+)/.exec(engineVersion);
    if (family === null) {
      throw new Error(`MySqlDatabase engineVersion must look like 8.4 or 8.4.6, got ${JSON.stringify(engineVersion)}`);
    }
    const allocated = props.allocatedStorageGb ?? 20;
    const maxAllocated = props.maxAllocatedStorageGb ?? 100;
    if (maxAllocated < allocated) {
      throw new Error(`MySqlDatabase maxAllocatedStorageGb ${maxAllocated} is below allocatedStorageGb ${allocated}`);
    }
    if (props.subnetIds.length < 2) {
      throw new Error(`MySqlDatabase needs subnets in at least two AZs, got ${props.subnetIds.length}`);
    }
    this.appUsername = props.appUsername ?? 'app';
    if (this.appUsername === (props.username ?? 'app_admin')) {
      throw new Error(`MySqlDatabase appUsername ${JSON.stringify(this.appUsername)} is the master user's name; the app needs a user of its own`);
    }
    const recoveryDays = props.secretRecoveryDays ?? 30;
    if (!Number.isInteger(recoveryDays) || recoveryDays < 7 || recoveryDays > 30) {
      throw new Error(`MySqlDatabase secretRecoveryDays must be an integer from 7 to 30, got ${recoveryDays}`);
    }

    this.subnetGroup = new DbSubnetGroup(this, 'subnet-group', {
      name: naming.name('db'),
      description: 'Private-db subnets: no route to the internet',
      subnetIds: [...props.subnetIds],
      tags: naming.tags('db'),
    });
    const longQueryTime = props.longQueryTimeSeconds ?? 2;
    if (!(longQueryTime >= 0 && longQueryTime <= 31536000)) {
      throw new Error(`MySqlDatabase longQueryTimeSeconds must be from 0 to 31536000, got ${longQueryTime}`);
    }
    this.parameterGroup = new DbParameterGroup(this, 'parameter-group', {
      // A prefix, not a name: a family change replaces the group while the instance still uses the
      // old one, and create_before_destroy with a fixed name would collide (DBParameterGroupAlreadyExists).
      namePrefix: `${naming.name(`mysql${family[1].replace('.', '')}`)}-`,
      family: `mysql${family[1]}`,
      description: 'utf8mb4, local time zone, TLS-only connections, slow query log',
      parameter: [
        { name: 'character_set_server', value: 'utf8mb4' },
        { name: 'collation_server', value: 'utf8mb4_0900_ai_ci' },
        { name: 'time_zone', value: props.timeZone ?? 'Asia/Seoul' },
        { name: 'require_secure_transport', value: '1' },
        // The slowquery log is exported to CloudWatch Logs; MySQL writes it only when it is on, to a file.
        { name: 'slow_query_log', value: '1' },
        { name: 'long_query_time', value: String(longQueryTime) },
        { name: 'log_output', value: 'FILE' },
      ],
      tags: naming.tags('db'),
      lifecycle: { createBeforeDestroy: true },
    });

    const identifier = naming.name('mysql');
    this.identifier = identifier;
    const performanceInsights = props.performanceInsights ?? false;
    const monitoringSeconds = props.enhancedMonitoringSeconds ?? 60;
    const monitoringRole = monitoringSeconds > 0 ? new RdsMonitoringRole(this, 'monitoring', { naming, accountId: props.accountId }) : undefined;
    const finalSnapshot = props.finalSnapshot ?? true;
    this.instance = new DbInstance(this, 'instance', {
      identifier,
      engine: 'mysql',
      engineVersion,
      instanceClass: props.instanceClass ?? 'db.t4g.micro',
      port: props.port ?? 3306,
      allocatedStorage: allocated,
      maxAllocatedStorage: maxAllocated,
      storageType: 'gp3',
      storageEncrypted: true,
      dbName: props.dbName ?? 'app',
      username: props.username ?? 'app_admin',
      manageMasterUserPassword: true,
      dbSubnetGroupName: this.subnetGroup.name,
      vpcSecurityGroupIds: [props.securityGroup.id],
      parameterGroupName: this.parameterGroup.name,
      publiclyAccessible: false,
      multiAz: props.multiAz ?? false,
      deletionProtection: props.deletionProtection ?? true,
      backupRetentionPeriod: props.backupRetentionDays ?? 7,
      backupWindow: props.backupWindow ?? '17:00-18:00',
      maintenanceWindow: props.maintenanceWindow ?? 'sun:18:00-sun:19:00',
      copyTagsToSnapshot: true,
      skipFinalSnapshot: !finalSnapshot,
      // Stamped with the creation time, so destroying a second incarnation does not collide with the
      // first one's snapshot; ignore_changes keeps the stamp from moving on every plan. Named even when
      // skip_final_snapshot makes RDS take none: ignore_changes would keep a later finalSnapshot: true
      // from ever writing it, and the destroy would fail ("FinalSnapshotIdentifier is required when a
      // final snapshot is required").
      finalSnapshotIdentifier: `${identifier}-final-${Fn.formatdate('YYYYMMDDhhmm', Fn.timestamp())}`,
      deleteAutomatedBackups: !finalSnapshot,
      monitoringInterval: monitoringSeconds,
      monitoringRoleArn: monitoringRole?.role.arn,
      iamDatabaseAuthenticationEnabled: props.iamAuthentication ?? true,
      enabledCloudwatchLogsExports: [...RDS_EXPORTED_LOGS],
      autoMinorVersionUpgrade: true,
      caCertIdentifier: RDS_CA,
      performanceInsightsEnabled: performanceInsights,
      performanceInsightsRetentionPeriod: performanceInsights ? 7 : undefined,
      performanceInsightsKmsKeyId: performanceInsights ? props.performanceInsightsKmsKeyArn : undefined,
      applyImmediately: false,
      tags: naming.tags('mysql'),
      lifecycle: { preventDestroy: props.preventDestroy ?? false, ignoreChanges: ['final_snapshot_identifier'] },
    });
    this.secretArn = this.instance.masterUserSecret.get(0).secretArn;

    // No version here: the password is generated on the instance, so it is never in Terraform state.
    this.appUserSecret = new SecretsmanagerSecret(this, 'app-user-secret', {
      // A prefix: a deleted secret keeps its name for the recovery window.
      namePrefix: `${naming.name('db-app-user')}-`,
      description: `Credentials of the app's MySQL user ${this.appUsername} (privileges on ${props.dbName ?? 'app'} only); the first backend boot stores them`,
      recoveryWindowInDays: recoveryDays,
      tags: naming.tags('db-app-user'),
    });
    suppressCheckov(
      this.appUserSecret,
      ['CKV_AWS_149', 'CKV2_AWS_57'],
      "The AWS managed key of Secrets Manager, like RDS's own master secret; a new password takes a new version (put-secret-value), which the instances apply within minutes",
    );
  }
}
