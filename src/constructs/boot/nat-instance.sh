#!/bin/bash
# First boot of a NAT instance on Amazon Linux 2023 (fck-nat's design): requests from the private-app
# subnets arrive on the slot interface (the private route tables' target) and leave masqueraded by the
# interface that holds the default route, the primary one, which carries the slot's Elastic IP. No
# route is added: amazon-ec2-net-utils gives a hot-plugged interface a routing table of its own and
# systemd-networkd drops routes it did not create, so the script depends on neither. Any failure marks
# the instance Unhealthy, so that the Auto Scaling group replaces it.
# NAT_ROOT prefixes the files written (a temporary root in tests); every command is looked up on PATH.
set -euo pipefail

# --- settings: natInstanceUserData replaces this block ---
eni='eni-00000000000000000'
allocation='eipalloc-00000000000000000'
group='nat-group'
region='ap-northeast-2'
sources='10.0.16.0/20'
attach_attempts=30
# --- end of settings ---

root=$(printenv NAT_ROOT || true)
export AWS_DEFAULT_REGION=$region
instance_id=''

log() { echo "nat-instance: $*"; }

# attempt COUNT COMMAND...: COUNT tries, 5 s apart: a new role is refused (AccessDenied) for a few
# seconds after launch, and a package mirror may hiccup.
attempt() {
  local count=$1 try=1
  shift
  until "$@"; do
    if [ "$try" -ge "$count" ]; then
      return 1
    fi
    log "attempt $try of $count failed: $1 $2" >&2
    try=$((try + 1))
    sleep 5
  done
}

# EC2 health checks never see a failed boot: say it, or stop (a group replaces an instance that is not running).
on_exit() {
  local status=$?
  trap - EXIT
  if [ "$status" -ne 0 ]; then
    log "boot failed (exit $status): marking the instance Unhealthy so that $group replaces it" >&2
    if [ -z "$instance_id" ] || ! attempt 6 aws autoscaling set-instance-health --instance-id "$instance_id" --health-status Unhealthy --no-should-respect-grace-period; then
      systemctl poweroff
    fi
  fi
  exit "$status"
}
trap on_exit EXIT

imds=http://169.254.169.254/latest
token=$(attempt 6 curl -sSf -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 21600' "$imds/api/token")
meta() { curl -sSf -H "X-aws-ec2-metadata-token: $token" "$imds/meta-data/$1"; }
instance_id=$(attempt 6 meta instance-id)
primary_mac=$(attempt 6 meta mac)
primary_eni=$(attempt 6 meta "network/interfaces/macs/$primary_mac/interface-id")

command -v nft >/dev/null || attempt 6 dnf install -y nftables

# Replies to the app subnets leave by the primary interface with their real destination.
attempt 12 aws ec2 modify-network-interface-attribute --network-interface-id "$primary_eni" --no-source-dest-check

# Attach the slot interface; a predecessor that is shutting down or stuck loses it.
attached=no
mac=''
for _ in $(seq 1 "$attach_attempts"); do
  answer=$(attempt 12 aws ec2 describe-network-interfaces --network-interface-ids "$eni" --query 'NetworkInterfaces[0].[Status,Attachment.InstanceId,Attachment.AttachmentId,MacAddress]' --output text)
  read -r status owner attachment mac <<<"$answer"
  if [ "$owner" = "$instance_id" ]; then
    attached=yes
    break
  fi
  if [ "$status" = available ]; then
    if aws ec2 attach-network-interface --network-interface-id "$eni" --instance-id "$instance_id" --device-index 1 >/dev/null; then
      attached=yes
      break
    fi
  elif [ "$attachment" != None ]; then
    aws ec2 detach-network-interface --attachment-id "$attachment" --force || true
  fi
  sleep 10
done
if [ "$attached" != yes ]; then
  log "could not attach $eni to $instance_id" >&2
  exit 1
fi

# The slot's Elastic IP moves to this instance's primary interface, which forwarded traffic leaves by.
attempt 12 aws ec2 associate-address --allocation-id "$allocation" --network-interface-id "$primary_eni" --allow-reassociation >/dev/null

# The kernel names the slot interface; find it by its MAC. It needs to be up, not addressed.
slot=''
for _ in $(seq 1 "$attach_attempts"); do
  slot=$(ip -br link show | awk -v mac="$mac" '$3 == mac { sub(/@.*/, "", $1); print $1; exit }')
  if [ -n "$slot" ]; then
    break
  fi
  sleep 2
done
if [ -z "$slot" ]; then
  log "no interface with MAC $mac appeared" >&2
  exit 1
fi
ip link set dev "$slot" up

mkdir -p "$root/etc/sysctl.d" "$root/etc/nftables" "$root/etc/sysconfig"
cat >"$root/etc/sysctl.d/90-nat-instance.conf" <<'EOF'
net.ipv4.ip_forward = 1
# Requests arrive on the slot interface and leave by the primary one: loose reverse-path checks.
net.ipv4.conf.all.rp_filter = 2
net.ipv4.conf.default.rp_filter = 2
# Replies leave by the interface they arrived on: no redirects to the sender.
net.ipv4.conf.all.send_redirects = 0
EOF
sysctl -q -w net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=2 net.ipv4.conf.default.rp_filter=2 net.ipv4.conf.all.send_redirects=0

# Masquerade out of the interface of the default route (the lowest metric of the main table).
wan=''
for _ in $(seq 1 "$attach_attempts"); do
  wan=$(ip -4 route show default table main | awk '{ for (i = 1; i < NF; i++) { if ($i == "dev") dev = $(i + 1); if ($i == "metric") metric = $(i + 1) } print metric + 0, dev; dev = ""; metric = 0 }' | sort -n | awk 'NR == 1 { print $2 }')
  if [ -n "$wan" ]; then
    break
  fi
  sleep 2
done
if [ -z "$wan" ]; then
  log 'the main routing table has no default route' >&2
  exit 1
fi
cat >"$root/etc/nftables/nat-instance.nft" <<EOF
# The private-app subnets leave masqueraded by $wan, the interface of the default route.
table ip nat_instance
delete table ip nat_instance
table ip nat_instance {
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    ip saddr { $sources } oifname "$wan" masquerade
  }
}
EOF
nft -f "$root/etc/nftables/nat-instance.nft"
# nftables.service loads the same rules at every later boot.
echo 'include "/etc/nftables/nat-instance.nft"' >"$root/etc/sysconfig/nftables.conf"
systemctl enable nftables
log "forwarding $sources from $slot ($eni) out of $wan"
