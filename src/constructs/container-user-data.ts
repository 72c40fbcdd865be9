import { gzipSync } from 'node:zlib';
import { APP_CONF_PATH, APP_SCRIPT_PATH, appFiles, databaseFiles, type BootFile } from './boot/files';
import { encodedValue, literalText } from './boot/encoded-value';

/** What the instance runs: one container, published on the instance port. */
export interface ContainerSpec {
  /** Docker Hub name, public ECR or private ECR URI. */
  readonly image: string;
  /** Port published on the instance (the target group port). */
  readonly hostPort: number;
  /** Port the container listens on inside. */
  readonly containerPort: number;
  /**
   * Environment variables, passed byte for byte (any character but NUL); values may hold Terraform
   * references, never secrets. Names match {@link ENVIRONMENT_NAME}.
   */
  readonly environment: Readonly<Record<string, string>>;
  /** CloudWatch Logs group (created with its retention elsewhere) that receives the container's output. */
  readonly logGroupName: string;
  /** Region of the log group and the secret. */
  readonly region: string;
  /**
   * The app user's secret (SecretString `{"username","password"}`), read on the instance at container
   * start and after each new version into {@link DATABASE_SECRET_ENVIRONMENT}.
   * @default no secret
   */
  readonly databaseSecretArn?: string;
  /**
   * Create the app user of `databaseSecretArn` (and its first password) at boot, and bring its password
   * up to date after a new version, as the master user; the master secret never reaches the container.
   * @default no setup (the secret's user exists)
   */
  readonly databaseUser?: DatabaseUserSetup;
  /**
   * The target group the instance serves: a restart after a new secret version drains the instance
   * from it first and registers it again once the container answers its health check.
   * @default no draining
   */
  readonly targetGroupArn?: string;
  /** What a restarted container must answer before it takes traffic again. @default path '/', matcher '200-399', 60 tries 5 s apart */
  readonly healthCheck?: ContainerHealthCheck;
}

/** The app user's setup, done with the RDS-managed master secret. */
export interface DatabaseUserSetup {
  readonly masterSecretArn: string;
  readonly host: string;
  /** A number, or the reference to one, as text. */
  readonly port: string;
  /** The schema the user gets privileges on. */
  readonly dbName: string;
  /** The app user's name, which its secret must hold. */
  readonly username: string;
}

/** The health check a restarted container must pass, the target group's. */
export interface ContainerHealthCheck {
  readonly path: string;
  /** HTTP codes such as `200-399` or `200,204`. */
  readonly matcher: string;
  /** Tries, 5 s apart, before the restart counts as failed. */
  readonly attempts: number;
}

/** What the target group's matcher may hold. */
const HEALTH_MATCHER = /^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/;

/** Docker's buffer for the awslogs driver in non-blocking mode: logs beyond it are dropped, never the app blocked. */
export const LOG_BUFFER = '4m';

/** Environment variable names docker and every shell accept. */
export const ENVIRONMENT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Variables the DB secret fills (through a root-only env file, see boot/db-env.py). */
export const DATABASE_SECRET_ENVIRONMENT: readonly string[] = ['SPRING_DATASOURCE_USERNAME', 'SPRING_DATASOURCE_PASSWORD', 'DB_USER', 'DB_PASSWORD'];

/** EC2 refuses user data over 16 KiB (before base64). */
const MAX_USER_DATA_BYTES = 16384;
/** Room for what Terraform references render to (hosts, ARNs), which synth cannot measure. */
const REFERENCE_ALLOWANCE = 200;
const HEREDOC_END = 'THREE_TIER_EOF';

const ECR_URI = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\//;

/** The private ECR registry and its region, when the image lives in one. */
export function ecrRegistry(image: string): { registry: string; region: string } | undefined {
  const match = ECR_URI.exec(image);
  return match === null ? undefined : { registry: match[0].slice(0, -1), region: match[2] };
}

/** What is wrong with a container spec, one message per problem; empty when it is fine. */
export function containerSpecProblems(spec: ContainerSpec): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(spec.environment)) {
    if (!ENVIRONMENT_NAME.test(name)) {
      problems.push(`environment variable name ${JSON.stringify(name)} is invalid: use letters, digits and _, not starting with a digit (${ENVIRONMENT_NAME.source})`);
    }
    if (literalText(value).includes('\0')) {
      problems.push(`environment variable ${name} holds a NUL character, which no process environment can carry`);
    }
    if (spec.databaseSecretArn !== undefined && DATABASE_SECRET_ENVIRONMENT.includes(name)) {
      problems.push(`environment variable ${name} is filled from the DB secret at container start; remove it from the environment`);
    }
  }
  const ports: Record<string, number> = { hostPort: spec.hostPort, containerPort: spec.containerPort };
  for (const [field, port] of Object.entries(ports)) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      problems.push(`${field} ${port} is not a port (1-65535)`);
    }
  }
  if (spec.image.trim() === '') {
    problems.push('image is empty');
  }
  const health = spec.healthCheck;
  if (health !== undefined) {
    if (!HEALTH_MATCHER.test(health.matcher)) {
      problems.push(`health check matcher ${JSON.stringify(health.matcher)} is not HTTP codes such as 200 or 200-399`);
    }
    if (!health.path.startsWith('/')) {
      problems.push(`health check path ${JSON.stringify(health.path)} must start with /`);
    }
    if (!Number.isInteger(health.attempts) || health.attempts < 1) {
      problems.push(`health check attempts ${health.attempts} must be a positive integer`);
    }
  }
  if (spec.databaseUser !== undefined && spec.databaseSecretArn === undefined) {
    problems.push('a database user setup needs the secret of that user (databaseSecretArn)');
  }
  if (problems.length === 0) {
    const estimated = Buffer.byteLength(script(spec), 'utf8') + REFERENCE_ALLOWANCE;
    if (estimated > MAX_USER_DATA_BYTES) {
      problems.push(`the user data would be about ${estimated} bytes; EC2 allows ${MAX_USER_DATA_BYTES}: shorten the environment`);
    }
  }
  return problems;
}

/** Text for inside an HCL string: Terraform must not read `\`, `"` or a template sequence in it. */
function hclSafe(text: string): string {
  if (text.includes('${') || text.includes('%{')) {
    throw new Error(`boot script text must not contain a Terraform template sequence: ${JSON.stringify(text)}`);
  }
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

function wrapped(base64: string): string {
  return base64.replace(/.{1,76}/g, '$&\n');
}

/** The tier's settings for three-tier-app: names and base64 pieces only, so sourcing it runs nothing. */
function appConf(spec: ContainerSpec): string {
  const ecr = ecrRegistry(spec.image);
  const quoted = (value: string): string => `'${encodedValue(value)}'`;
  const names = Object.keys(spec.environment);
  const user = spec.databaseUser;
  const health = spec.healthCheck ?? { path: '/', matcher: '200-399', attempts: 60 };
  return [
    '# Read by three-tier-app: base64 pieces joined by dots, decoded byte for byte.',
    `image_b64=${quoted(spec.image)}`,
    `region_b64=${quoted(spec.region)}`,
    `log_group_b64=${quoted(spec.logGroupName)}`,
    `secret_arn_b64=${quoted(spec.databaseSecretArn ?? '')}`,
    `master_secret_arn_b64=${quoted(user?.masterSecretArn ?? '')}`,
    `db_host_b64=${quoted(user?.host ?? '')}`,
    `db_port_b64=${quoted(user?.port ?? '')}`,
    `db_name_b64=${quoted(user?.dbName ?? '')}`,
    `db_user_b64=${quoted(user?.username ?? '')}`,
    `ecr_registry_b64=${quoted(ecr?.registry ?? '')}`,
    `ecr_region_b64=${quoted(ecr?.region ?? '')}`,
    `target_group_arn_b64=${quoted(spec.targetGroupArn ?? '')}`,
    `health_path_b64=${quoted(health.path)}`,
    `health_matcher=${health.matcher}`,
    `health_attempts=${health.attempts}`,
    `log_buffer=${LOG_BUFFER}`,
    `host_port=${spec.hostPort}`,
    `container_port=${spec.containerPort}`,
    `env_names=(${names.join(' ')})`,
    `env_values=(${names.map((name) => quoted(spec.environment[name])).join(' ')})`,
    '',
  ].join('\n');
}

/** The user data of a valid spec. */
function script(spec: ContainerSpec): string {
  const files: readonly BootFile[] = [...appFiles(), ...(spec.databaseSecretArn === undefined ? [] : databaseFiles(spec.databaseUser !== undefined))];
  const header = hclSafe(
    [
      '#!/bin/bash',
      '# First boot: writes three-tier-app and its files (source: src/constructs/boot, gzipped: EC2 allows 16 KiB), then runs three-tier-app boot.',
      '# Its log: /var/log/cloud-init-output.log; the container logs to CloudWatch Logs.',
      'set -euo pipefail',
      'umask 077',
      '# THREE_TIER_ROOT: a temporary root in tests, unset on an instance.',
      'root=$(printenv THREE_TIER_ROOT || true)',
      'unpack() {',
      '  mkdir -p -- "$root$(dirname -- "$1")"',
      '  base64 -d | gunzip >"$root$1"',
      '  chmod "$2" "$root$1"',
      '}',
      `mkdir -p -- "$root$(dirname -- ${APP_CONF_PATH})"`,
      `cat >"$root${APP_CONF_PATH}" <<'${HEREDOC_END}'`,
      '',
    ].join('\n'),
  );
  const unpacked = files
    .map((file) => hclSafe(`unpack ${file.path} ${file.mode} <<'${HEREDOC_END}'\n`) + wrapped(gzipSync(Buffer.from(file.content, 'utf8'), { level: 9 }).toString('base64')) + `${HEREDOC_END}\n`)
    .join('');
  return `${header}${appConf(spec)}${HEREDOC_END}\n${unpacked}${hclSafe(`exec "$root${APP_SCRIPT_PATH}" boot\n`)}`;
}

/**
 * A cloud-init shell script for Amazon Linux 2023 that unpacks `three-tier-app` (src/constructs/boot)
 * and runs `three-tier-app boot`: install Docker, log in to a private ECR registry with the instance
 * role, pull the image, read the DB secret into a root-only env file, run the container (restarted on
 * failure and reboot) and start the rotation timer. Meant for `Fn.base64encode`: every value the
 * caller gives travels as base64, so no character in it can break the HCL string or the script.
 */
export function containerUserData(spec: ContainerSpec): string {
  const problems = containerSpecProblems(spec);
  if (problems.length > 0) {
    throw new Error(`invalid container: ${problems.join('; ')}`);
  }
  return script(spec);
}
