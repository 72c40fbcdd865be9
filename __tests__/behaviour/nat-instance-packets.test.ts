import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resourcesOf, synthEnvironment } from '../support/stacks';
import { recordTier } from '../support/tiers';
import { ELASTIC_IP, NatNetwork, namespacesUnavailable } from './support/nat-network';
import { describeWithTerraformBinary, renderWithTerraform } from './support/render-user-data';

// A boot with a late interface, then real packets: a few seconds, more on a shared CPU.
jest.setTimeout(90_000);

const ENI = 'eni-0123456789abcdef0';
const ALLOCATION = 'eipalloc-0a1b2c3d4e5f60718';

/** The dev NAT instance's user data as Terraform renders it, with the slot's interface and Elastic IP known. */
function renderedNatScript(): Buffer {
  const template = Object.values(resourcesOf(synthEnvironment('dev'), 'aws_launch_template')).find((lt) => lt.instance_type === 't4g.nano');
  const expression = String(template?.user_data)
    .replace(/aws_network_interface\.[A-Za-z0-9_-]+\.id/g, JSON.stringify(ENI))
    .replace(/aws_eip\.[A-Za-z0-9_-]+\.allocation_id/g, JSON.stringify(ALLOCATION));
  return renderWithTerraform({ nat: expression }).nat;
}

const unavailable = namespacesUnavailable();
const describePackets = (name: string, body: () => void): void => {
  if (unavailable === undefined) {
    describeWithTerraformBinary('behaviour', name, body);
    return;
  }
  const line = `NETWORK NAMESPACE TESTS SKIPPED (${name}): ${unavailable}`;
  process.stderr.write(`\n${'!'.repeat(line.length)}\n${line}\n${'!'.repeat(line.length)}\n`);
  recordTier('behaviour', 'partial', line);
  describe.skip(name, body);
};

describePackets('NAT instance boot in network namespaces: real packets from an app subnet to the internet', () => {
  let script: Buffer = Buffer.alloc(0);
  let network: NatNetwork | undefined;
  beforeAll(() => {
    script = renderedNatScript();
  });
  afterEach(() => {
    network?.remove();
    network = undefined;
  });

  function fresh(): NatNetwork {
    network = new NatNetwork();
    network.model('up');
    return network;
  }

  it('before any boot, the app subnet reaches nothing: the route points at a slot interface no instance holds', () => {
    expect(fresh().exchange()).toMatch(/^no answer/);
  });

  it('the slot interface appears late, gets its address after the script started and networkd flushes foreign routes: packets still leave behind the Elastic IP and replies come back', async () => {
    const net = fresh();
    const boot = await net.boot(script);
    expect({ status: boot.status, stderr: boot.stderr }).toEqual({ status: 0, stderr: '' });
    expect(boot.stdout).toContain('nat-instance: forwarding 10.0.16.0/20, 10.0.32.0/20 from ens6 (eni-0123456789abcdef0) out of ens5');
    expect(await net.hotplugDone()).toBe(true);
    // The interface appeared and was addressed while the script ran; networkd reloaded, and reloads again.
    expect(net.events()).toEqual(['ens6 appeared', 'ens6 addressed', 'reload']);
    net.model('reload');
    expect(net.exchange()).toBe(`seen ${ELASTIC_IP}`);
    // Nothing the script needs lives in a route: the only default route is networkd's.
    expect(net.show('nat', 'ip', '-4', 'route', 'show', 'default', 'table', 'main').trim()).toBe('default via 10.0.0.1 dev ens5 proto dhcp metric 512');
    expect(net.show('nat', 'nft', 'list', 'table', 'ip', 'nat_instance')).toContain('ip saddr { 10.0.16.0-10.0.47.255 } oifname "ens5" masquerade');
    expect(readFileSync(join(net.root, 'etc/sysconfig/nftables.conf'), 'utf8')).toBe('include "/etc/nftables/nat-instance.nft"\n');
    expect(net.calls()).toEqual(
      expect.arrayContaining([
        'aws ec2 modify-network-interface-attribute --network-interface-id eni-0primary000000000 --no-source-dest-check',
        `aws ec2 associate-address --allocation-id ${ALLOCATION} --network-interface-id eni-0primary000000000 --allow-reassociation`,
        'systemctl enable nftables',
      ]),
    );
    expect(net.calls().some((call) => call.startsWith('aws autoscaling set-instance-health'))).toBe(false);
  });

  it('the rules survive a second networkd reload and a re-run of the same rules file (nftables.service at the next boot)', async () => {
    const net = fresh();
    expect((await net.boot(script)).status).toBe(0);
    expect(await net.hotplugDone()).toBe(true);
    net.model('reload');
    net.show('nat', 'nft', '-f', join(net.root, 'etc/nftables/nat-instance.nft'));
    expect(net.show('nat', 'nft', 'list', 'table', 'ip', 'nat_instance').match(/masquerade/g)).toHaveLength(1);
    expect(net.exchange()).toBe(`seen ${ELASTIC_IP}`);
  });

  it('a role not yet usable (the first AWS call refused) delays the boot, it does not fail it', async () => {
    const net = fresh();
    net.denyFirstAwsCall();
    const boot = await net.boot(script);
    expect(boot.status).toBe(0);
    expect(boot.stderr).toContain('nat-instance: attempt 1 of 12 failed: aws ec2');
    expect(await net.hotplugDone()).toBe(true);
    expect(net.exchange()).toBe(`seen ${ELASTIC_IP}`);
  });

  it('sanity of the model: without the script, a forwarding NAT that keeps the primary check on and masquerades out of the slot gets nothing through', async () => {
    // What the old script did: forward, masquerade out of the slot, add a route that networkd then drops.
    const net = fresh();
    const old = Buffer.from(
      [
        '#!/bin/bash',
        'set -eu',
        'aws ec2 attach-network-interface --network-interface-id x --instance-id i-0fedcba9876543210 --device-index 1 >/dev/null',
        'until ip link show ens6 >/dev/null 2>&1; do /bin/sleep 0.1; done',
        'sysctl -q -w net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=2',
        "nft -f - <<'EOF'",
        'table ip old_nat { chain postrouting { type nat hook postrouting priority srcnat; ip saddr 10.0.16.0/20 oifname "ens6" masquerade; }; }',
        'EOF',
        // Refused until ens6 has a connected route in the main table, which net-utils never gives it.
        'for _ in $(seq 30); do ip route replace default via 10.0.0.1 dev ens6 metric 10 2>/dev/null && break; /bin/sleep 0.1; done',
        '',
      ].join('\n'),
    );
    const oldBoot = await net.boot(old);
    expect({ status: oldBoot.status, stderr: oldBoot.stderr }).toEqual({ status: 0, stderr: '' });
    expect(await net.hotplugDone()).toBe(true);
    net.model('reload');
    // Dropped, not leaked behind the primary's auto-assigned address.
    expect(net.exchange()).toMatch(/^no answer/);
  });
});
