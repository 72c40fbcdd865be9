import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Lazy, Testing } from 'cdktf';
import { recordTier } from '../support/tiers';
import { resourcesOf, synthEnvironment } from '../support/stacks';
import { BootSandbox, flagValues, MASTER_PASSWORD, MASTER_USER, type Call, type FailingStep } from './support/boot-sandbox';
import { describeWithTerraformBinary, launchTemplateUserData, PLACEHOLDERS, renderWithTerraform } from './support/render-user-data';
import { tierStack } from './support/tier-stack';

const placeholder = (attribute: string): string => PLACEHOLDERS.find((candidate) => candidate.attribute.test(attribute))?.value ?? '';
const DB_HOST = placeholder('aws_db_instance.x.address');
const MASTER_SECRET_ARN = placeholder('aws_db_instance.x.master_user_secret[0].secret_arn');
const APP_SECRET_ARN = placeholder('aws_secretsmanager_secret.x.arn');
const LOG_GROUP = placeholder('aws_cloudwatch_log_group.x.name');
const ALB = placeholder('aws_lb.x.dns_name');
const ECR_IMAGE = '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/api:1.4.2';
/** Every character an RDS-generated password may hold, and then some. */
const PASSWORD = `Pw1!#$%^&*()_+-=[]{}|;:,.<>?~\`x`;

/** Values that broke the old script or a naive escape: each must reach the container byte for byte. */
const TRICKY: Readonly<Record<string, string>> = {
  SINGLE_QUOTE: "it's",
  DOUBLE_QUOTE: 'say "hi"',
  BACKSLASHES: 'C:\\temp\\n\\t \\\\ \\',
  DOLLARS: '$HOME $(id) `id` $1 $',
  TEMPLATE: '${x} $${y} ${aws_db_instance.x.address}',
  DIRECTIVE: '%{ if true }yes%{ endif } %%{z} %',
  SPACES: '  two  spaces  ',
  NEWLINES: 'line1\nline2\r\n\n',
  EMPTY: '',
  UNICODE: '서울 ✓',
  GLOB: '* ? [a-z] ~',
  HEREDOC_END: 'THREE_TIER_EOF\nTHREE_TIER_EOF',
  INJECTION: '\'; touch pwned; echo \' "$(touch pwned)" `touch pwned`',
};

function dockerRuns(calls: readonly Call[]): Call[] {
  return calls.filter((call) => call.command === 'docker' && call.args[0] === 'run');
}

/** `--env NAME=value` arguments as a map, in order. */
function envOf(run: Call): Record<string, string> {
  return Object.fromEntries(flagValues(run.args, '--env').map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
}

function summary(calls: readonly Call[]): string[] {
  return calls.map((call) => {
    // db-user.py puts the region first.
    const args = call.command === 'aws' && call.args[0] === '--region' ? call.args.slice(2) : call.args;
    return [call.command, ...args.slice(0, call.command === 'docker' && args[0] === 'run' ? 1 : call.command === 'aws' ? 2 : call.command === 'mysql' ? 0 : 5)].join(' ');
  });
}

/** The secret a get-secret-value call asked for. */
function secretIdOf(call: Call): string | undefined {
  return flagValues(call.args, '--secret-id')[0];
}

const trickyStack = tierStack({
  environment: TRICKY,
  environmentFrom: (alb) => ({
    MIXED: `http://${alb.dnsName}/it's "q" \\ \${x} %{y}`,
    LAZY: Lazy.stringValue({ produce: () => `https://${alb.dnsName}/lazy` }),
  }),
});
const tricky = Testing.synth(trickyStack.stack);
const dev = synthEnvironment('dev');
const ecr = synthEnvironment('dev', { TT__backend__image: ECR_IMAGE });

const SCRIPTS: Readonly<Record<string, string>> = {
  backend: launchTemplateUserData(dev, 'three-tier-dev-backend'),
  frontend: launchTemplateUserData(dev, 'three-tier-dev-frontend'),
  ecr: launchTemplateUserData(ecr, 'three-tier-dev-backend'),
  tricky: launchTemplateUserData(tricky, 'tt-test-backend'),
};

// Each test boots a script under bash, and the first renders with terraform: slow on a shared CPU.
jest.setTimeout(60_000);

describeWithTerraformBinary('behaviour', 'user data, rendered by Terraform and run under bash with stub commands', () => {
  let rendered: Record<string, Buffer> = {};
  const sandboxes: BootSandbox[] = [];
  beforeAll(() => {
    rendered = renderWithTerraform(SCRIPTS);
  });
  afterAll(() => sandboxes.forEach((sandbox) => sandbox.remove()));

  function boot(name: string, fail?: FailingStep): { sandbox: BootSandbox; status: number | null; stdout: string; stderr: string } {
    const sandbox = new BootSandbox();
    sandboxes.push(sandbox);
    sandbox.setSecret('v1-6f0e4b1c', 'app', PASSWORD);
    return { sandbox, ...sandbox.run(sandbox.write(`${name}.sh`, rendered[name]), [], fail) };
  }

  it('backend: installs Docker and the mysql client, brings the app user up to date as the master user, runs the container as the app user and starts the rotation timer', () => {
    const { sandbox, status, stderr } = boot('backend');
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    const calls = sandbox.calls();
    expect(summary(calls)).toEqual([
      'dnf install -y docker mariadb105',
      'systemctl enable --now docker',
      'docker pull public.ecr.aws/nginx/nginx:1.27',
      'aws secretsmanager get-secret-value',
      'aws secretsmanager get-secret-value',
      'mysql',
      'aws secretsmanager get-secret-value',
      'docker container inspect app',
      'docker run',
      'systemctl daemon-reload',
      'systemctl enable --now three-tier-db-secret.timer',
    ]);
    // The app user's secret, then the master's (for the setup only), then the app user's for the container.
    expect(calls.filter((call) => call.command === 'aws').map(secretIdOf)).toEqual([APP_SECRET_ARN, MASTER_SECRET_ARN, APP_SECRET_ARN]);
    expect(calls[6].args).toEqual(['secretsmanager', 'get-secret-value', '--region', 'ap-northeast-2', '--secret-id', APP_SECRET_ARN, '--version-stage', 'AWSCURRENT', '--output', 'json']);
    expect(calls[5].args).toEqual(['--protocol=TCP', `--host=${DB_HOST}`, '--port=3306', `--user=${MASTER_USER}`, '--ssl', '--batch', '--connect-timeout=10']);
    const [run] = dockerRuns(calls);
    const cors = flagValues(run.args, '--env').find((pair) => pair.startsWith('CORS_ALLOWED_ORIGINS='));
    expect(run.args).toEqual([
      'run',
      '--detach',
      '--name',
      'app',
      '--restart',
      'unless-stopped',
      '--publish',
      '8080:80',
      '--log-driver',
      'awslogs',
      '--log-opt',
      'awslogs-region=ap-northeast-2',
      '--log-opt',
      `awslogs-group=${LOG_GROUP}`,
      // CloudWatch Logs unreachable (the NAT instance being replaced) must not block the app's writes.
      '--log-opt',
      'mode=non-blocking',
      '--log-opt',
      'max-buffer-size=4m',
      '--env-file',
      join(sandbox.root, 'var/lib/three-tier/db.env'),
      '--env',
      'SPRING_PROFILES_ACTIVE=default',
      '--env',
      'AWS_REGION=ap-northeast-2',
      // The site origin is A2's wiring; here only that it arrives.
      '--env',
      cors,
      '--env',
      'TZ=Asia/Seoul',
      '--env',
      `SPRING_DATASOURCE_URL=jdbc:mysql://${DB_HOST}:3306/app?sslMode=REQUIRED&connectionTimeZone=Asia/Seoul&forceConnectionTimeZoneToSession=true`,
      '--env',
      `DB_HOST=${DB_HOST}`,
      '--env',
      'DB_PORT=3306',
      '--env',
      'DB_NAME=app',
      'public.ecr.aws/nginx/nginx:1.27',
    ]);
    expect(cors).toMatch(/^CORS_ALLOWED_ORIGINS=https?:\/\/\S+$/);
    expect(run.envFile).toBe(`SPRING_DATASOURCE_USERNAME=app\nDB_USER=app\nSPRING_DATASOURCE_PASSWORD=${PASSWORD}\nDB_PASSWORD=${PASSWORD}\n`);
  });

  it('the time zone agrees everywhere: the parameter group, the container TZ and the JDBC session all use database.timeZone', () => {
    const tokyo = synthEnvironment('dev', { TT__database__timeZone: 'Asia/Tokyo' });
    const group = Object.values(resourcesOf(tokyo, 'aws_db_parameter_group'))[0];
    const zone = (group.parameter as { name: string; value: string }[]).find((parameter) => parameter.name === 'time_zone')?.value;
    expect(zone).toBe('Asia/Tokyo');
    const expression = launchTemplateUserData(tokyo, 'three-tier-dev-backend');
    const { tokyoBackend } = renderWithTerraform({ tokyoBackend: expression });
    const sandbox = new BootSandbox();
    sandboxes.push(sandbox);
    sandbox.setSecret('v1', 'app', PASSWORD);
    expect(sandbox.run(sandbox.write('tokyo.sh', tokyoBackend)).status).toBe(0);
    const env = envOf(dockerRuns(sandbox.calls())[0]);
    expect(env.TZ).toBe(zone);
    const url = new URL(env.SPRING_DATASOURCE_URL.replace(/^jdbc:/, ''));
    expect(url.searchParams.get('connectionTimeZone')).toBe(zone);
    expect(url.searchParams.get('forceConnectionTimeZoneToSession')).toBe('true');
    expect(url.searchParams.get('sslMode')).toBe('REQUIRED');
  });

  it('first deploy: the app secret has no value yet, so the first boot generates one, stores it and creates the user with it, with privileges on its schema only', () => {
    const sandbox = new BootSandbox();
    sandboxes.push(sandbox);
    const { status, stdout, stderr } = sandbox.run(sandbox.write('backend.sh', rendered.backend));
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    const stored = sandbox.storedSecret();
    expect(stored?.username).toBe('app');
    expect(stored?.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const put = sandbox.calls().find((call) => call.args.includes('put-secret-value'));
    expect(flagValues(put?.args ?? [], '--client-request-token')).toEqual(['three-tier-app-user-initial-password-v1']);
    // The value went through a file that is gone, never through argv.
    expect(flagValues(put?.args ?? [], '--secret-string')[0]).toMatch(/^file:\/\//);
    expect(sandbox.calls().some((call) => call.args.some((arg) => arg.includes(stored?.password ?? '?')))).toBe(false);
    const [session] = sandbox.mysqlSessions();
    expect(session.password).toBe(MASTER_PASSWORD);
    const password = stored?.password ?? '';
    expect(session.sql).toBe(
      `CREATE USER IF NOT EXISTS 'app'@'%' IDENTIFIED BY '${password}' REQUIRE SSL;\n` +
        `ALTER USER 'app'@'%' IDENTIFIED BY '${password}' REQUIRE SSL;\n` +
        "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES, CREATE TEMPORARY TABLES, LOCK TABLES, CREATE VIEW, SHOW VIEW, TRIGGER, EXECUTE, CREATE ROUTINE, ALTER ROUTINE, EVENT ON `app`.* TO 'app'@'%';\n",
    );
    expect(stdout).toContain('db-user: app may use `app` (privileges on that schema only)');
    // The container is the app user; the master password is nowhere but where Secrets Manager keeps it.
    expect(dockerRuns(sandbox.calls())[0].envFile).toBe(`SPRING_DATASOURCE_USERNAME=app\nDB_USER=app\nSPRING_DATASOURCE_PASSWORD=${password}\nDB_PASSWORD=${password}\n`);
    expect(sandbox.filesContaining(MASTER_PASSWORD)).toEqual([]);
    expect(stdout + stderr).not.toContain(MASTER_PASSWORD);
    expect(sandbox.calls().some((call) => call.args.some((arg) => arg.includes(MASTER_PASSWORD)))).toBe(false);
  });

  it('a second instance booting after the first reuses the stored password: no new value, the same ALTER USER', () => {
    const { sandbox, status } = boot('backend');
    expect(status).toBe(0);
    expect(sandbox.calls().some((call) => call.args.includes('put-secret-value'))).toBe(false);
    expect(sandbox.mysqlSessions()[0].sql).toContain(`ALTER USER 'app'@'%' IDENTIFIED BY '${PASSWORD.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}' REQUIRE SSL;`);
  });

  it('a database that refuses the setup (not yet available) is retried five times, then fails the boot before any container', () => {
    const { sandbox, status, stdout } = boot('backend', 'mysql');
    expect(status).not.toBe(0);
    expect(sandbox.mysqlSessions()).toHaveLength(5);
    expect(stdout).toContain('three-tier-app: attempt 5 of 5 failed: ensure_db_user');
    expect(dockerRuns(sandbox.calls())).toEqual([]);
  });

  it('backend: the DB password lands only in a root-only env file, never in argv, stdout, stderr or another file', () => {
    const { sandbox, stdout, stderr } = boot('backend');
    expect(sandbox.filesContaining(PASSWORD)).toEqual(['root/var/lib/three-tier/db.env']);
    expect(sandbox.mode('var/lib/three-tier/db.env')).toBe('0600');
    expect(sandbox.mode('var/lib/three-tier')).toBe('0700');
    expect(sandbox.calls().filter((call) => call.args.some((arg) => arg.includes(PASSWORD)))).toEqual([]);
    expect(stdout + stderr).not.toContain(PASSWORD);
    expect(rendered.backend.includes(PASSWORD)).toBe(false);
  });

  it('frontend: no secret, no env file, no timer; the API URL arrives as API_BASE_URL', () => {
    const { sandbox, status } = boot('frontend');
    expect(status).toBe(0);
    const calls = sandbox.calls();
    expect(calls.filter((call) => call.command === 'aws')).toEqual([]);
    expect(calls.some((call) => call.args.includes('three-tier-db-secret.timer'))).toBe(false);
    const [run] = dockerRuns(calls);
    expect(flagValues(run.args, '--env-file')).toEqual([]);
    expect(flagValues(run.args, '--publish')).toEqual(['80:80']);
    expect(envOf(run).API_BASE_URL).toMatch(/^(https?:\/\/\S+|\/api)$/);
  });

  it('private ECR image: logs in with the instance role before pulling', () => {
    const { sandbox, status } = boot('ecr');
    expect(status).toBe(0);
    const calls = sandbox.calls();
    // `aws ecr get-login-password | docker login`: the two ends run at once, in either order.
    const token = calls.findIndex((call) => call.command === 'aws' && call.args[0] === 'ecr');
    const login = calls.findIndex((call) => call.command === 'docker' && call.args[0] === 'login');
    const pull = calls.findIndex((call) => call.command === 'docker' && call.args[0] === 'pull');
    expect(calls[token].args).toEqual(['ecr', 'get-login-password', '--region', 'ap-northeast-2']);
    expect(calls[login].args).toEqual(['login', '--username', 'AWS', '--password-stdin', '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com']);
    expect(Math.max(token, login)).toBeLessThan(pull);
    expect(calls[pull].args).toEqual(['pull', ECR_IMAGE]);
    expect(dockerRuns(calls)[0].args.at(-1)).toBe(ECR_IMAGE);
  });

  it('environment values with \', ", \\, $, ${}, %{, spaces, newlines and lazy references reach the container byte for byte', () => {
    const { sandbox, status, stderr } = boot('tricky');
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(envOf(dockerRuns(sandbox.calls())[0])).toEqual({
      ...TRICKY,
      MIXED: `http://${ALB}/it's "q" \\ \${x} %{y}`,
      LAZY: `https://${ALB}/lazy`,
    });
    expect(existsSync(join(sandbox.dir, 'pwned'))).toBe(false);
  });

  it.each<[FailingStep, string]>([
    ['dnf', 'dnf install'],
    ['pull', 'docker pull'],
    ['secret', 'the DB secret read'],
    ['run', 'docker run'],
  ])('a failing %s (%s) fails the boot, so the instance never turns healthy', (step) => {
    const { sandbox, status } = boot('backend', step);
    expect(status).not.toBe(0);
    const calls = sandbox.calls();
    expect(calls.some((call) => call.args.includes('three-tier-db-secret.timer'))).toBe(false);
    if (step !== 'run') {
      expect(dockerRuns(calls)).toEqual([]);
    }
  });

  it('an AccessDenied from a role still propagating is retried, not fatal', () => {
    const { sandbox, status, stdout } = boot('backend', 'secret-once');
    expect(status).toBe(0);
    expect(stdout).toContain('three-tier-app: attempt 1 of 5 failed: ensure_db_user');
    expect(dockerRuns(sandbox.calls())).toHaveLength(1);
  });

  it('retries a failing pull five times, 5 to 20 seconds apart, before failing the boot', () => {
    const { sandbox, status, stdout } = boot('backend', 'pull');
    expect(status).not.toBe(0);
    const calls = sandbox.calls();
    expect(calls.filter((call) => call.command === 'docker' && call.args[0] === 'pull')).toHaveLength(5);
    expect(calls.filter((call) => call.command === 'sleep').map((call) => call.args)).toEqual([['5'], ['10'], ['15'], ['20']]);
    expect(stdout).toContain('three-tier-app: attempt 5 of 5 failed: docker pull');
  });

  it('a failing ECR login fails the boot before any pull', () => {
    const { sandbox, status } = boot('ecr', 'ecr');
    expect(status).not.toBe(0);
    expect(sandbox.calls().some((call) => call.command === 'docker' && call.args[0] === 'pull')).toBe(false);
  });

  it("stays under EC2's 16 KiB user-data limit", () => {
    for (const script of Object.values(rendered)) {
      expect(script.length).toBeLessThan(16384);
    }
  });

  it('every rendered script and the boot files it unpacks pass bash -n and shellcheck', () => {
    const sandbox = new BootSandbox();
    sandboxes.push(sandbox);
    const paths = Object.entries(rendered).map(([name, script]) => sandbox.write(`${name}.sh`, script));
    for (const path of paths) {
      const syntax = spawnSync('bash', ['-n', path], { encoding: 'utf8' });
      expect({ path, status: syntax.status, stderr: syntax.stderr }).toEqual({ path, status: 0, stderr: '' });
    }
    const app = join(__dirname, '../../src/constructs/boot/app.sh');
    paths.push(app);
    const shellcheck = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' });
    if (shellcheck.status !== 0) {
      const line = 'SHELLCHECK SKIPPED (user data): shellcheck is not installed (apt-get install shellcheck)';
      process.stderr.write(`\n${line}\n`);
      recordTier('behaviour', 'partial', line);
      return;
    }
    const checked = spawnSync('shellcheck', ['--severity=style', ...paths], { encoding: 'utf8' });
    expect(checked.stdout).toBe('');
    expect(checked.status).toBe(0);
    expect(readFileSync(app, 'utf8')).not.toMatch(/^\s*set -[a-z]*x|^\s*set -o xtrace/m);
  });
});
