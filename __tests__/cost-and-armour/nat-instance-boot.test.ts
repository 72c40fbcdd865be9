import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { natInstanceUserData } from '../../src/constructs/nat-instance-boot';
import { AVAILABLE, ENI, INSTANCE, MAC, OURS, runNatBoot, type Describe } from './support/nat-boot-harness';

const boot = (describe: Describe, interfaces?: Readonly<Record<string, string>>) =>
  runNatBoot(natInstanceUserData({ networkInterfaceId: ENI, region: 'ap-northeast-2', sourceCidrs: ['10.0.16.0/20', '10.0.32.0/20'], attachAttempts: 3 }), describe, interfaces);


describe('NAT instance boot script, executed under bash with stub commands', () => {
  it('attaches the slot interface, forwards, masquerades the app subnets out of it and routes through it', () => {
    const run = boot([AVAILABLE, OURS]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.calls).toContain(`aws ec2 attach-network-interface --network-interface-id ${ENI} --instance-id ${INSTANCE} --device-index 1`);
    expect(readFileSync(join(run.root, 'etc/sysctl.d/90-nat-instance.conf'), 'utf8')).toMatch(/^net\.ipv4\.ip_forward = 1$/m);
    const rules = readFileSync(join(run.root, 'etc/nftables/nat-instance.nft'), 'utf8');
    // ens6 carries the slot interface's MAC; ens5 is the primary interface.
    expect(rules).toContain('ip saddr { 10.0.16.0/20, 10.0.32.0/20 } oifname "ens6" masquerade');
    expect(readFileSync(join(run.root, 'etc/sysconfig/nftables.conf'), 'utf8')).toContain('include "/etc/nftables/nat-instance.nft"');
    expect(run.calls).toContain('systemctl enable --now nftables');
    expect(run.calls).toContain('ip route replace default via 10.0.0.1 dev ens6 metric 10');
    expect(readFileSync(join(run.root, 'var/lib/cloud/scripts/per-boot/nat-instance-route.sh'), 'utf8')).toContain('ip route replace default via 10.0.0.1 dev ens6 metric 10');
    expect(run.calls.some((call) => call.startsWith('aws ec2 detach-network-interface'))).toBe(false);
  });

  it('takes the interface over from a predecessor that still holds it', () => {
    const run = boot([`in-use\ti-0old\teni-attach-old\t${MAC}`, AVAILABLE, OURS]);
    expect(run.status).toBe(0);
    const detach = run.calls.indexOf('aws ec2 detach-network-interface --attachment-id eni-attach-old --force');
    const attach = run.calls.findIndex((call) => call.startsWith('aws ec2 attach-network-interface'));
    expect(detach).toBeGreaterThanOrEqual(0);
    expect(attach).toBeGreaterThan(detach);
  });

  it('treats an interface already attached to this instance as done (a re-run)', () => {
    const run = boot([OURS]);
    expect(run.status).toBe(0);
    expect(run.calls.some((call) => call.startsWith('aws ec2 attach-network-interface'))).toBe(false);
  });

  it('fails the boot with a message when the interface never becomes attachable, so the ASG replaces the instance', () => {
    const run = boot([`in-use\ti-0old\tNone\t${MAC}`]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`nat-instance: could not attach ${ENI} to ${INSTANCE}`);
    expect(existsSync(join(run.root, 'etc/nftables/nat-instance.nft'))).toBe(false);
  });

  it('fails with a message when no interface with the MAC appears', () => {
    const run = boot([AVAILABLE, OURS], { ens5: '0a:00:00:00:00:01' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`nat-instance: no interface with MAC ${MAC} appeared`);
  });

  it('contains no ${ other than the Terraform reference it was given, so Terraform interpolates nothing else', () => {
    const script = natInstanceUserData({ networkInterfaceId: '${aws_network_interface.nat.id}', region: 'ap-northeast-2', sourceCidrs: ['10.0.16.0/20'] });
    expect(script.match(/\$\{/g)).toHaveLength(1);
    expect(script.match(/%\{/g)).toBeNull();
  });

  it('rejects arguments the shell would interpret, and an empty source list', () => {
    expect(() => natInstanceUserData({ networkInterfaceId: 'eni-1; rm -rf /', region: 'ap-northeast-2', sourceCidrs: ['10.0.16.0/20'] })).toThrow(
      'NAT instance boot script: "eni-1; rm -rf /" is not a plain identifier, region or CIDR',
    );
    expect(() => natInstanceUserData({ networkInterfaceId: ENI, region: 'ap-northeast-2', sourceCidrs: [] })).toThrow('needs at least one source CIDR');
  });

  const shellcheck = spawnSync('shellcheck', ['--version']).status === 0;
  (shellcheck ? it : it.skip)('passes shellcheck', () => {
    const result = spawnSync('shellcheck', ['-s', 'bash', '-'], { input: natInstanceUserData({ networkInterfaceId: ENI, region: 'ap-northeast-2', sourceCidrs: ['10.0.16.0/20'] }), encoding: 'utf8' });
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });
  if (!shellcheck) {
    process.stderr.write('\nSHELLCHECK SKIPPED (NAT instance boot script): shellcheck is not installed\n');
  }
});
