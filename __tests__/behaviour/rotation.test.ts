import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordTier } from '../support/tiers';
import { synthEnvironment } from '../support/stacks';
import { BootSandbox, flagValues, type Call } from './support/boot-sandbox';
import { describeWithTerraformBinary, launchTemplateUserData, renderWithTerraform } from './support/render-user-data';

jest.setTimeout(60_000);

const OLD_PASSWORD = 'Old-pw!1;$x';
const NEW_PASSWORD = 'New-pw!2;`y';
const APP = 'usr/local/sbin/three-tier-app';

function dockerCalls(calls: readonly Call[]): Call[] {
  return calls.filter((call) => call.command === 'docker');
}

describeWithTerraformBinary('DB secret rotation: three-tier-app refresh, simulated with a stub Secrets Manager', () => {
  let script: Buffer = Buffer.alloc(0);
  const sandboxes: BootSandbox[] = [];
  beforeAll(() => {
    script = renderWithTerraform({ backend: launchTemplateUserData(synthEnvironment('dev'), 'three-tier-dev-backend') }).backend;
  });
  afterAll(() => sandboxes.forEach((sandbox) => sandbox.remove()));

  /** A backend instance after its first boot with secret version v1, calls cleared. */
  function booted(): BootSandbox {
    const sandbox = new BootSandbox();
    sandboxes.push(sandbox);
    sandbox.setSecret('v1', 'app_admin', OLD_PASSWORD);
    expect(sandbox.run(sandbox.write('user-data.sh', script)).status).toBe(0);
    sandbox.clearCalls();
    return sandbox;
  }

  it('a new secret version restarts the container exactly once, with the new password', () => {
    const sandbox = booted();
    sandbox.setSecret('v2', 'app_admin', NEW_PASSWORD);
    const refresh = sandbox.run(join(sandbox.root, APP), ['refresh']);
    expect(refresh.status).toBe(0);
    expect(refresh.stdout).toContain('DB secret version changed from v1 to v2: restarting the container');
    const docker = dockerCalls(sandbox.calls());
    expect(docker.map((call) => call.args[0])).toEqual(['container', 'rm', 'run']);
    expect(docker[1].args).toEqual(['rm', '--force', 'app']);
    const run = docker[2];
    expect(run.envFile).toBe(`SPRING_DATASOURCE_USERNAME=app_admin\nDB_USER=app_admin\nSPRING_DATASOURCE_PASSWORD=${NEW_PASSWORD}\nDB_PASSWORD=${NEW_PASSWORD}\n`);
    expect(run.args.some((arg) => arg.includes(NEW_PASSWORD) || arg.includes(OLD_PASSWORD))).toBe(false);
    expect(refresh.stdout + refresh.stderr).not.toContain(NEW_PASSWORD);
    expect(readFileSync(join(sandbox.root, 'var/lib/three-tier/db.version'), 'utf8')).toBe('v2\n');
    expect(sandbox.mode('var/lib/three-tier/db.env')).toBe('0600');
    expect(sandbox.filesContaining(OLD_PASSWORD)).toEqual([]);

    // The next check sees v2 as the version the container started with.
    sandbox.clearCalls();
    expect(sandbox.run(join(sandbox.root, APP), ['refresh']).status).toBe(0);
    expect(dockerCalls(sandbox.calls())).toEqual([]);
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
    sandbox.setSecret('v2', 'app_admin', NEW_PASSWORD);
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
      recordTier('unit', 'partial', line);
      return;
    }
    // systemd-analyze verify needs the system's own units and the docker.service it depends on.
    mkdirSync(join(sandbox.root, 'usr/lib/systemd'), { recursive: true });
    cpSync('/lib/systemd/system', join(sandbox.root, 'usr/lib/systemd/system'), { recursive: true });
    writeFileSync(join(units, 'docker.service'), '[Unit]\nDescription=stand-in\n[Service]\nExecStart=/usr/local/sbin/three-tier-app refresh\n');
    const verified = spawnSync(
      'systemd-analyze',
      ['verify', `--root=${sandbox.root}`, '--man=no', '/etc/systemd/system/three-tier-db-secret.timer', '/etc/systemd/system/three-tier-db-secret.service'],
      { encoding: 'utf8' },
    );
    expect({ status: verified.status, output: verified.stdout + verified.stderr }).toEqual({ status: 0, output: '' });
  });

  it('the refresh passes the same environment as the first boot, plus the new env file', () => {
    const sandbox = new BootSandbox();
    sandboxes.push(sandbox);
    sandbox.setSecret('v1', 'app_admin', OLD_PASSWORD);
    sandbox.run(sandbox.write('user-data.sh', script));
    const first = sandbox.calls().filter((call) => call.command === 'docker' && call.args[0] === 'run')[0];
    sandbox.clearCalls();
    sandbox.setSecret('v2', 'app_admin', NEW_PASSWORD);
    sandbox.run(join(sandbox.root, APP), ['refresh']);
    const second = sandbox.calls().filter((call) => call.command === 'docker' && call.args[0] === 'run')[0];
    expect(second.args).toEqual(first.args);
    expect(flagValues(second.args, '--env-file')).toEqual([join(sandbox.root, 'var/lib/three-tier/db.env')]);
  });
});
