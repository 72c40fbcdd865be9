/** What one NAT instance's boot script needs to know. */
export interface NatBootSpec {
  /** The slot's dedicated network interface (a Terraform reference at synth, a literal in tests). */
  readonly networkInterfaceId: string;
  /** Region of the EC2 API the script calls. */
  readonly region: string;
  /** The private-app subnets' CIDRs: the only sources that get masqueraded. */
  readonly sourceCidrs: readonly string[];
  /**
   * Attempts to attach the interface (10 s apart) before the boot fails and the ASG replaces the instance.
   * @default 30
   */
  readonly attachAttempts?: number;
}

/** Identifiers, regions, CIDRs and cdktf tokens (`${TfToken[TOKEN.1]}`); nothing the shell would expand. */
const SAFE_ARGUMENT = /^[A-Za-z0-9${}[\]._:/-]+$/;

/**
 * The user data of a NAT instance on Amazon Linux 2023: it attaches the slot's dedicated interface
 * (taking it over from a predecessor still holding it), turns on IP forwarding, masquerades the
 * private-app subnets out of that interface with nftables, and makes it the default route (again
 * at every boot). Files live under `$NAT_ROOT` (empty on an instance) and every command is looked up
 * on PATH, so tests run it under bash with stub commands. No `${` appears outside the Terraform
 * references, so Terraform interpolates nothing else.
 */
export function natInstanceUserData(spec: NatBootSpec): string {
  for (const value of [spec.networkInterfaceId, spec.region, ...spec.sourceCidrs]) {
    if (!SAFE_ARGUMENT.test(value)) {
      throw new Error(`NAT instance boot script: ${JSON.stringify(value)} is not a plain identifier, region or CIDR`);
    }
  }
  if (spec.sourceCidrs.length === 0) {
    throw new Error('NAT instance boot script: needs at least one source CIDR to masquerade');
  }
  const attempts = spec.attachAttempts ?? 30;
  return [
    '#!/bin/bash',
    'set -euo pipefail',
    // Not ${NAT_ROOT:-}: Terraform would read that as an interpolation.
    'root=$(printenv NAT_ROOT || true)',
    `eni='${spec.networkInterfaceId}'`,
    `export AWS_DEFAULT_REGION='${spec.region}'`,
    'imds=http://169.254.169.254/latest',
    "token=$(curl -sSf -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' \"$imds/api/token\")",
    'instance_id=$(curl -sSf -H "X-aws-ec2-metadata-token: $token" "$imds/meta-data/instance-id")',
    'command -v nft >/dev/null || dnf install -y nftables',
    '',
    '# Attach the slot interface; a predecessor that is shutting down or stuck loses it.',
    'attached=no',
    `for _ in $(seq 1 ${attempts}); do`,
    "  read -r status owner attachment mac <<<\"$(aws ec2 describe-network-interfaces --network-interface-ids \"$eni\" --query 'NetworkInterfaces[0].[Status,Attachment.InstanceId,Attachment.AttachmentId,MacAddress]' --output text)\"",
    '  if [ "$owner" = "$instance_id" ]; then attached=yes; break; fi',
    '  if [ "$status" = available ]; then',
    '    if aws ec2 attach-network-interface --network-interface-id "$eni" --instance-id "$instance_id" --device-index 1 >/dev/null; then attached=yes; break; fi',
    '  elif [ "$attachment" != None ]; then',
    '    aws ec2 detach-network-interface --attachment-id "$attachment" --force || true',
    '  fi',
    '  sleep 10',
    'done',
    'if [ "$attached" != yes ]; then echo "nat-instance: could not attach $eni to $instance_id" >&2; exit 1; fi',
    '',
    '# The kernel names the interface; find it by its MAC address.',
    'iface=',
    `for _ in $(seq 1 ${attempts}); do`,
    '  for device in "$root"/sys/class/net/*; do',
    '    if [ "$(cat "$device/address" 2>/dev/null)" = "$mac" ]; then iface=$(basename "$device"); fi',
    '  done',
    '  if [ -n "$iface" ]; then break; fi',
    '  sleep 2',
    'done',
    'if [ -z "$iface" ]; then echo "nat-instance: no interface with MAC $mac appeared" >&2; exit 1; fi',
    "gateway=$(ip -4 route show default | awk '{print $3; exit}')",
    '',
    'mkdir -p "$root/etc/sysctl.d" "$root/etc/nftables" "$root/etc/sysconfig" "$root/var/lib/cloud/scripts/per-boot"',
    'cat > "$root/etc/sysctl.d/90-nat-instance.conf" <<EOF',
    'net.ipv4.ip_forward = 1',
    '# Replies may arrive on the other interface of the same subnet.',
    'net.ipv4.conf.all.rp_filter = 2',
    'EOF',
    'sysctl --system >/dev/null',
    'cat > "$root/etc/nftables/nat-instance.nft" <<EOF',
    'table ip nat_instance {',
    '  chain postrouting {',
    '    type nat hook postrouting priority srcnat; policy accept;',
    `    ip saddr { ${spec.sourceCidrs.join(', ')} } oifname "$iface" masquerade`,
    '  }',
    '}',
    'EOF',
    'echo \'include "/etc/nftables/nat-instance.nft"\' > "$root/etc/sysconfig/nftables.conf"',
    'systemctl enable --now nftables',
    '',
    '# Forwarded traffic leaves through the slot interface and its Elastic IP, at this and every later boot.',
    'printf \'#!/bin/bash\\nip route replace default via %s dev %s metric 10\\n\' "$gateway" "$iface" > "$root/var/lib/cloud/scripts/per-boot/nat-instance-route.sh"',
    'chmod 755 "$root/var/lib/cloud/scripts/per-boot/nat-instance-route.sh"',
    'ip route replace default via "$gateway" dev "$iface" metric 10',
    `echo "nat-instance: forwarding ${spec.sourceCidrs.join(' ')} through $iface ($eni)"`,
    '',
  ].join('\n');
}
