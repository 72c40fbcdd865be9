import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordTier } from '../support/tiers';
import { synthEnvironment } from '../support/stacks';
import { BootSandbox, flagValues, type Call } from './support/boot-sandbox';
import { describeWithTerraformBinary, launchTemplateUserData, PLACEHOLDERS, renderWithTerraform } from './support/render-user-data';

// Each test boots a backend under stubs first: slow on a shared CPU.
jest.setTimeout(120_000);

const OLD_PASSWORD = 'Old-pw!1;$x';
const NEW_PASSWORD = 'New-pw!2;`y';
const APP = 'usr/local/sbin/three-tier-app';
const TARGET_GROUP = PLACEHOLDERS.find((candidate) => candidate.attribute.test('aws_lb_target_group.x.arn'))?.value ?? '';

function dockerCalls(calls: readonly Call[]): Call[] {
  return calls.filter((call) => call.command === 'docker');
}

describeWithTerraformBinary('behaviour', 'DB secret rotation: three-tier-app refresh, simulated with a stub Secrets Manager', () => {
  let script: Buffer = Buffer.alloc(0);
  const sandboxes: BootSandbox[] = [];
  beforeAll(() => {
    script = renderWithTerraform({ backend: launchTemplateUserData(synthEnvironment('dev'), 'three-tier-dev-backend') }).backend;
  });
  afterAll(() => sandboxes.forEach((sandbox) => sandbox.remove()));

  /** A backend instance after its first boot with secret version v1, calls cleared. */
  let first: BootSandbox | undefined;
  function booted(): BootSandbox {
    if (first === undefined) {
      first = new BootSandbox();
      sandboxes.push(first);
      first.setSecret('v1', 'app', OLD_PASSWORD);
      expect(first.run(first.write('user-data.sh', script)).status).toBe(0);
    }
    // Each test starts from a copy of that one boot.
    const sandbox = first.copy();
    sandboxes.push(sandbox);
    return sandbox;
  }

  it('a new secret version: drains the instance, stops the container gracefully, starts the new one, waits for its health path, takes traffic again, and only then records the version', () => {
    const sandbox = booted();
    sandbox.setSecret('v2', 'app', NEW_PASSWORD);
    sandbox.setHealth(['000', '503', '200']);
    const refresh = sandbox.run(join(sandbox.root, APP), ['refresh']);
    expect({ status: refresh.status, stderr: refresh.stderr }).toEqual({ status: 0, stderr: '' });
    expect(refresh.stdout).toContain('DB secret version changed from v1 to v2: draining, then restarting the container');
    const calls = sandbox.calls();
    const steps = calls
      .map((call) =>
        call.command === 'aws' && call.args[0] === 'elbv2'
          ? `elbv2 ${call.args[1]}`
          : call.command === 'docker'
            ? `docker ${call.args[0]}`
            : call.command === 'curl' && call.args.join(' ').includes('127.0.0.1')
              ? 'health'
              : '',
      )
      .filter((step) => step !== '');
    expect(steps).toEqual(['elbv2 deregister-targets', 'elbv2 wait', 'docker container', 'docker stop', 'docker rm', 'docker run', 'health', 'health', 'health', 'elbv2 register-targets']);
    const target = ['--target-group-arn', TARGET_GROUP, '--targets', 'Id=i-0123456789abcdef0,Port=8080'];
    const elb = calls.filter((call) => call.command === 'aws' && call.args[0] === 'elbv2');
    expect(elb.map((call) => call.args)).toEqual([
      ['elbv2', 'deregister-targets', '--region', 'ap-northeast-2', ...target],
      ['elbv2', 'wait', 'target-deregistered', '--region', 'ap-northeast-2', ...target],
      ['elbv2', 'register-targets', '--region', 'ap-northeast-2', ...target],
    ]);
    expect(dockerCalls(calls).find((call) => call.args[0] === 'stop')?.args).toEqual(['stop', '--time', '30', 'app']);
    const run = dockerCalls(calls).find((call) => call.args[0] === 'run');
    expect(run?.envFile).toBe(`SPRING_DATASOURCE_USERNAME=app\nDB_USER=app\nSPRING_DATASOURCE_PASSWORD=${NEW_PASSWORD}\nDB_PASSWORD=${NEW_PASSWORD}\n`);
    expect(run?.args.some((arg) => arg.includes(NEW_PASSWORD) || arg.includes(OLD_PASSWORD))).toBe(false);
    expect(refresh.stdout + refresh.stderr).not.toContain(NEW_PASSWORD);
    // The new password reached the app user before the container restarted with it.
    expect(sandbox.mysqlSessions()[0].sql).toContain(`ALTER USER 'app'@'%' IDENTIFIED BY '${NEW_PASSWORD.replace(/'/g, "\\'")}' REQUIRE SSL;`);
    expect(readFileSync(join(sandbox.root, 'var/lib/three-tier/db.version'), 'utf8')).toBe('v2\n');
    expect(sandbox.mode('var/lib/three-tier/db.env')).toBe('0600');
    expect(sandbox.filesContaining(OLD_PASSWORD)).toEqual([]);

    // The next check sees v2 as the version the container started with.
    sandbox.clearCalls();
    expect(sandbox.run(join(sandbox.root, APP), ['refresh']).status).toBe(0);
    expect(dockerCalls(sandbox.calls())).toEqual([]);
  });

  it('a first restart that fails takes the instance back into its group, keeps the old version recorded, and the next tick tries again and succeeds', () => {
    const sandbox = booted();
    sandbox.setSecret('v2', 'app', NEW_PASSWORD);
    const failed = sandbox.run(join(sandbox.root, APP), ['refresh'], 'run');
    expect(failed.status).not.toBe(0);
    const calls = sandbox.calls();
    // Registered again: the ELB health check, not a silent absence, decides what happens to the instance.
    expect(calls.filter((call) => call.command === 'aws' && call.args[0] === 'elbv2').map((call) => call.args[1])).toEqual(['deregister-targets', 'wait', 'register-targets']);
    expect(readFileSync(join(sandbox.root, 'var/lib/three-tier/db.version'), 'utf8')).toBe('v1\n');

    sandbox.clearCalls();
    const retried = sandbox.run(join(sandbox.root, APP), ['refresh']);
    expect(retried.status).toBe(0);
    expect(retried.stdout).toContain('DB secret version changed from v1 to v2');
    expect(dockerCalls(sandbox.calls()).filter((call) => call.args[0] === 'run')).toHaveLength(1);
    expect(readFileSync(join(sandbox.root, 'var/lib/three-tier/db.version'), 'utf8')).toBe('v2\n');
  });

  it('a container that never answers its health path fails the restart after its tries: registered again, version not recorded', () => {
    const sandbox = booted();
    // The backend's grace period (300 s) at 5 s a try; this instance's settings say 3 to keep the test short.
    const conf = join(sandbox.root, 'etc/three-tier/app.conf');
    expect(readFileSync(conf, 'utf8')).toMatch(/^health_attempts=60$/m);
    writeFileSync(conf, readFileSync(conf, 'utf8').replace(/^health_attempts=60$/m, 'health_attempts=3'));
    sandbox.setSecret('v2', 'app', NEW_PASSWORD);
    const refresh = sandbox.run(join(sandbox.root, APP), ['refresh'], 'health');
    expect(refresh.status).not.toBe(0);
    expect(sandbox.calls().filter((call) => call.command === 'curl' && call.args.join(' ').includes('127.0.0.1'))).toHaveLength(3);
    expect(refresh.stdout).toContain('three-tier-app: the container did not answer / with 200-399 after 3 tries');
    expect(sandbox.calls().at(-1)?.args.slice(0, 2)).toEqual(['elbv2', 'register-targets']);
    expect(readFileSync(join(sandbox.root, 'var/lib/three-tier/db.version'), 'utf8')).toBe('v1\n');
  });

  it('without a route to the ELB API (natMode none has no endpoint for it) the restart goes on in place rather than never', () => {
    const sandbox = booted();
    sandbox.setSecret('v2', 'app', NEW_PASSWORD);
    const refresh = sandbox.run(join(sandbox.root, APP), ['refresh'], 'elbv2');
    expect(refresh.status).toBe(0);
    expect(refresh.stdout).toContain('three-tier-app: could not leave the target group: restarting in place, without draining');
    expect(
      sandbox
        .calls()
        .filter((call) => call.command === 'aws' && call.args[0] === 'elbv2')
        .map((call) => call.args[1]),
    ).toEqual(['deregister-targets']);
    expect(dockerCalls(sandbox.calls()).filter((call) => call.args[0] === 'run')).toHaveLength(1);
    expect(readFileSync(join(sandbox.root, 'var/lib/three-tier/db.version'), 'utf8')).toBe('v2\n');
  });

  it('an unchanged secret version restarts nothing and reads no password', () => {
    const sandbox = booted();
    const refresh = sandbox.run(join(sandbox.root, APP), ['refresh']);
    expect(refresh.status).toBe(0);
    expect(refresh.stdout).toContain('DB secret unchanged (version v1)');
    const calls = sandbox.calls();
    expect(dockerCalls(calls)).toEqual([]);
    expect(calls.map((call) => call.args)).toEqual([
      ['secretsmanager', 'get-secret-value', '--region', 'ap-northeast-2', '--secret-id', expect.stringMatching(/^arn:aws:secretsmanager:/), '--version-stage', 'AWSCURRENT', '--query', 'VersionId', '--output', 'text'],
    ]);
  });

  it('a failed version check fails the unit and leaves the running container alone', () => {
    const sandbox = booted();
    sandbox.setSecret('v2', 'app', NEW_PASSWORD);
    const refresh = sandbox.run(join(sandbox.root, APP), ['refresh'], 'secret');
    expect(refresh.status).not.toBe(0);
    expect(dockerCalls(sandbox.calls())).toEqual([]);
    expect(readFileSync(join(sandbox.root, 'var/lib/three-tier/db.version'), 'utf8')).toBe('v1\n');
  });

  it('the timer re-draws a random delay at every check, so instances that saw one rotation restart apart', () => {
    const sandbox = booted();
    const units = join(sandbox.root, 'etc/systemd/system');
    const timer = readFileSync(join(units, 'three-tier-db-secret.timer'), 'utf8');
    expect(timer).toMatch(/^OnUnitActiveSec=5min$/m);
    expect(timer).toMatch(/^RandomizedDelaySec=4min$/m);
    // FixedRandomDelay=true would give each instance the same offset every time; it must stay off.
    expect(timer).not.toMatch(/FixedRandomDelay=(yes|true|1)/);
    expect(readFileSync(join(units, 'three-tier-db-secret.service'), 'utf8')).toMatch(/^ExecStart=\/usr\/local\/sbin\/three-tier-app refresh$/m);
    expect(sandbox.mode('etc/systemd/system/three-tier-db-secret.timer')).toBe('0644');

    const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
    if (analyze.status !== 0 || !existsSync('/lib/systemd/system/sysinit.target')) {
      const line = 'SYSTEMD-ANALYZE SKIPPED (rotation units): systemd-analyze or the system units are not installed';
      process.stderr.write(`\n${line}\n`);
      recordTier('behaviour', 'partial', line);
      return;
    }
    // systemd-analyze verify needs the system's own units and the docker.service it depends on.
    mkdirSync(join(sandbox.root, 'usr/lib/systemd'), { recursive: true });
    cpSync('/lib/systemd/system', join(sandbox.root, 'usr/lib/systemd/system'), { recursive: true });
    writeFileSync(join(units, 'docker.service'), '[Unit]\nDescription=stand-in\n[Service]\nExecStart=/usr/local/sbin/three-tier-app refresh\n');
    const verified = spawnSync('systemd-analyze', ['verify', `--root=${sandbox.root}`, '--man=no', '/etc/systemd/system/three-tier-db-secret.timer', '/etc/systemd/system/three-tier-db-secret.service'], {
      encoding: 'utf8',
    });
    expect({ status: verified.status, output: verified.stdout + verified.stderr }).toEqual({ status: 0, output: '' });
  });

  it('the refresh passes the same environment as the first boot, plus the new env file', () => {
    const sandbox = new BootSandbox();
    sandboxes.push(sandbox);
    sandbox.setSecret('v1', 'app', OLD_PASSWORD);
    sandbox.run(sandbox.write('user-data.sh', script));
    const first = sandbox.calls().filter((call) => call.command === 'docker' && call.args[0] === 'run')[0];
    sandbox.clearCalls();
    sandbox.setSecret('v2', 'app', NEW_PASSWORD);
    sandbox.run(join(sandbox.root, APP), ['refresh']);
    const second = sandbox.calls().filter((call) => call.command === 'docker' && call.args[0] === 'run')[0];
    expect(second.args).toEqual(first.args);
    expect(flagValues(second.args, '--env-file')).toEqual([join(sandbox.root, 'var/lib/three-tier/db.env')]);
  });
});
