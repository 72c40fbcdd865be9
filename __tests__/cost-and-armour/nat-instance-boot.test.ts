import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { natInstanceUserData, type NatBootSpec } from '../../src/constructs/nat-instance-boot';
import { ALLOCATION, AVAILABLE, ENI, GROUP, INSTANCE, MAC, OURS, PRIMARY_ENI, runNatBoot, type Describe, type NatBootOptions } from './support/nat-boot-harness';
import { recordTier } from '../support/tiers';

const SPEC: NatBootSpec = { networkInterfaceId: ENI, allocationId: ALLOCATION, autoScalingGroupName: GROUP, region: 'ap-northeast-2', sourceCidrs: ['10.0.16.0/20', '10.0.32.0/20'], attachAttempts: 3 };
const boot = (describe: Describe, options?: NatBootOptions) => runNatBoot(natInstanceUserData(SPEC), describe, options);
const UNHEALTHY = `aws autoscaling set-instance-health --instance-id ${INSTANCE} --health-status Unhealthy --no-should-respect-grace-period`;

// The same script runs with real packets in network namespaces: __tests__/behaviour/nat-instance-packets.test.ts.
describe('NAT instance boot script, executed under bash with stub commands', () => {
  it('turns the primary check off, attaches the slot interface, takes the Elastic IP and masquerades out of the default route', () => {
    const run = boot([AVAILABLE, OURS]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const order = [
      `aws ec2 modify-network-interface-attribute --network-interface-id ${PRIMARY_ENI} --no-source-dest-check`,
      `aws ec2 attach-network-interface --network-interface-id ${ENI} --instance-id ${INSTANCE} --device-index 1`,
      `aws ec2 associate-address --allocation-id ${ALLOCATION} --network-interface-id ${PRIMARY_ENI} --allow-reassociation`,
      'ip link set dev ens6 up',
      `nft -f ${join(run.root, 'etc/nftables/nat-instance.nft')}`,
      'systemctl enable nftables',
    ].map((call) => run.calls.indexOf(call));
    expect(order.every((index, position) => index >= 0 && (position === 0 || index > order[position - 1]))).toBe(true);
    expect(readFileSync(join(run.root, 'etc/sysctl.d/90-nat-instance.conf'), 'utf8')).toMatch(/^net\.ipv4\.ip_forward = 1$/m);
    // ens5 holds the default route; ens6 (the slot's MAC) is only where requests arrive.
    expect(readFileSync(join(run.root, 'etc/nftables/nat-instance.nft'), 'utf8')).toContain('ip saddr { 10.0.16.0/20, 10.0.32.0/20 } oifname "ens5" masquerade');
    expect(readFileSync(join(run.root, 'etc/sysconfig/nftables.conf'), 'utf8')).toContain('include "/etc/nftables/nat-instance.nft"');
    // No route is added: networkd would drop it at its next reload.
    expect(run.calls.filter((call) => /^ip (-4 )?route (add|replace)/.test(call))).toEqual([]);
    expect(run.calls.some((call) => call.startsWith('aws ec2 detach-network-interface'))).toBe(false);
    expect(run.calls).not.toContain(UNHEALTHY);
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

  it('a boot that fails marks the instance Unhealthy, so the group replaces it (EC2 health checks never see user data)', () => {
    const run = boot([`in-use\ti-0old\tNone\t${MAC}`]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`nat-instance: could not attach ${ENI} to ${INSTANCE}`);
    expect(run.stderr).toContain(`nat-instance: boot failed (exit 1): marking the instance Unhealthy so that ${GROUP} replaces it`);
    expect(run.calls.at(-1)).toBe(UNHEALTHY);
    expect(existsSync(join(run.root, 'etc/nftables/nat-instance.nft'))).toBe(false);
  });

  it('fails, and marks itself Unhealthy, when no interface with the MAC appears', () => {
    const run = boot([AVAILABLE, OURS], { interfaces: { ens5: '0a:00:00:00:00:01' } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`nat-instance: no interface with MAC ${MAC} appeared`);
    expect(run.calls).toContain(UNHEALTHY);
  });

  it('stops the instance when it cannot even report itself Unhealthy (the group replaces a stopped instance)', () => {
    const run = boot([`in-use\ti-0old\tNone\t${MAC}`], { failures: { 'aws autoscaling set-instance-health': 99 } });
    expect(run.status).toBe(1);
    expect(run.calls.filter((call) => call === UNHEALTHY)).toHaveLength(6);
    expect(run.calls.at(-1)).toBe('systemctl poweroff');
  });

  it('retries AccessDenied while the new role propagates, and a failing dnf install of nftables', () => {
    const run = boot([AVAILABLE, OURS], { withoutNft: true, failures: { 'aws ec2 modify-network-interface-attribute': 3, 'aws ec2 associate-address': 1, 'dnf install': 2 } });
    expect(run.status).toBe(0);
    expect(run.calls.filter((call) => call.startsWith('aws ec2 modify-network-interface-attribute'))).toHaveLength(4);
    expect(run.calls.filter((call) => call.startsWith('aws ec2 associate-address'))).toHaveLength(2);
    expect(run.calls.filter((call) => call === 'dnf install -y nftables')).toHaveLength(3);
    expect(run.stderr).toContain('nat-instance: attempt 3 of 12 failed: aws ec2');
    expect(run.calls).not.toContain(UNHEALTHY);
  });

  it('gives up on a role that stays refused and marks the instance Unhealthy', () => {
    const run = boot([AVAILABLE, OURS], { failures: { 'aws ec2 modify-network-interface-attribute': 99 } });
    expect(run.status).toBe(1);
    expect(run.calls.filter((call) => call.startsWith('aws ec2 modify-network-interface-attribute'))).toHaveLength(12);
    expect(run.calls).toContain(UNHEALTHY);
  });

  it('contains no ${ other than the Terraform references it was given, so Terraform interpolates nothing else', () => {
    const script = natInstanceUserData({ ...SPEC, networkInterfaceId: '${aws_network_interface.nat.id}', allocationId: '${aws_eip.nat.allocation_id}' });
    expect(script.match(/\$\{/g)).toHaveLength(2);
    expect(script.match(/%\{/g)).toBeNull();
  });

  it('rejects arguments the shell would interpret, an empty source list and a non-positive attempt count', () => {
    expect(() => natInstanceUserData({ ...SPEC, networkInterfaceId: 'eni-1; rm -rf /' })).toThrow('NAT instance boot script: "eni-1; rm -rf /" is not a plain identifier, region or CIDR');
    expect(() => natInstanceUserData({ ...SPEC, autoScalingGroupName: "g'" })).toThrow('"g\'" is not a plain identifier');
    expect(() => natInstanceUserData({ ...SPEC, sourceCidrs: [] })).toThrow('needs at least one source CIDR');
    expect(() => natInstanceUserData({ ...SPEC, attachAttempts: 0 })).toThrow('attachAttempts must be a positive integer, got 0');
  });

  const shellcheck = spawnSync('shellcheck', ['--version']).status === 0;
  (shellcheck ? it : it.skip)('passes shellcheck', () => {
    const result = spawnSync('shellcheck', ['-s', 'bash', '-'], { input: natInstanceUserData(SPEC), encoding: 'utf8' });
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });
  if (!shellcheck) {
    const line = 'SHELLCHECK SKIPPED (NAT instance boot script): shellcheck is not installed';
    process.stderr.write(`\n${line}\n`);
    recordTier('unit', 'partial', line);
  }
});
