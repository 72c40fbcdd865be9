#!/bin/bash
# A public subnet, an app subnet and the internet in network namespaces, with real packets, for the
# NAT instance's boot script (src/constructs/boot/nat-instance.sh):
#   $NAT_NET-nat   the NAT instance: ens5 (primary, 10.0.0.10, default route from "DHCP"); ens6, the
#                  slot interface, appears only after attach-network-interface, and its address later
#   $NAT_NET-vpc   the VPC router (10.0.0.1 on the public subnet's bridge) and the internet gateway:
#                  the app route table sends 0.0.0.0/0 to the slot interface's MAC; the gateway maps
#                  private addresses to public ones 1:1 and drops what has none; ens5's
#                  source/destination check drops what is neither from nor to 10.0.0.10 until turned off
#   $NAT_NET-app   an app instance, 10.0.16.10/20
#   $NAT_NET-inet  a host on the internet, 203.0.113.5
# Called as `nat-network.sh up|reload|down`, or under the names of the commands the boot script calls
# (aws, curl, dnf, systemctl, sleep), as their stand-ins; state and the call log live in $NAT_STATE.
set -euo pipefail

readonly SLOT_MAC=0a:1b:2c:3d:4e:5f PRIMARY_MAC=0a:00:00:00:00:01
readonly INSTANCE=i-0fedcba9876543210 PRIMARY_ENI=eni-0primary000000000
readonly AUTO_PUBLIC=192.0.2.77 ELASTIC_IP=198.51.100.7
vpc=$NAT_NET-vpc nat=$NAT_NET-nat app=$NAT_NET-app inet=$NAT_NET-inet

up() {
  for ns in "$vpc" "$nat" "$app" "$inet"; do
    ip netns add "$ns"
    ip -n "$ns" link set lo up
  done
  ip -n "$vpc" link add br0 type bridge
  ip -n "$vpc" addr add 10.0.0.1/24 dev br0
  ip -n "$vpc" link set br0 up
  ip link add ens5 address "$PRIMARY_MAC" netns "$nat" type veth peer name p-ens5 netns "$vpc"
  ip -n "$vpc" link set p-ens5 master br0 up
  ip -n "$nat" addr add 10.0.0.10/24 dev ens5
  ip -n "$nat" link set ens5 up
  ip -n "$nat" route add default via 10.0.0.1 dev ens5 proto dhcp metric 512
  ip link add eth0 netns "$app" type veth peer name p-app netns "$vpc"
  ip -n "$app" addr add 10.0.16.10/20 dev eth0
  ip -n "$app" link set eth0 up
  ip -n "$app" route add default via 10.0.16.1
  ip -n "$vpc" addr add 10.0.16.1/20 dev p-app
  ip -n "$vpc" link set p-app up
  ip link add eth0 netns "$inet" type veth peer name p-inet netns "$vpc"
  ip -n "$inet" addr add 203.0.113.5/24 dev eth0
  ip -n "$inet" link set eth0 up
  ip -n "$inet" route add default via 203.0.113.1
  ip -n "$vpc" addr add 203.0.113.1/24 dev p-inet
  ip -n "$vpc" link set p-inet up
  ip netns exec "$vpc" sysctl -q -w net.ipv4.ip_forward=1
  # The app subnet's route table: 0.0.0.0/0 -> the slot interface, whose MAC the VPC knows from the start.
  ip -n "$vpc" rule add iif p-app lookup 100 pref 100
  ip -n "$vpc" route add default via 10.0.0.20 dev br0 table 100
  ip -n "$vpc" neigh replace 10.0.0.20 lladdr "$SLOT_MAC" dev br0 nud permanent
  ip netns exec "$vpc" nft -f - <<EOF
table bridge source_dest_check {
  chain input { type filter hook input priority 0; policy accept; iifname "p-ens5" ip saddr != 10.0.0.10 drop; }
  chain forward { type filter hook forward priority 0; policy accept; iifname "p-ens5" ip saddr != 10.0.0.10 drop; oifname "p-ens5" ip daddr != 10.0.0.10 drop; }
  chain output { type filter hook output priority 0; policy accept; oifname "p-ens5" ip daddr != 10.0.0.10 drop; }
}
table ip internet_gateway {
  set mapped { type ipv4_addr; elements = { 10.0.0.10 } }
  map to_public { type ipv4_addr : ipv4_addr; elements = { 10.0.0.10 : $AUTO_PUBLIC } }
  map to_private { type ipv4_addr : ipv4_addr; elements = { $AUTO_PUBLIC : 10.0.0.10 } }
  chain prerouting { type nat hook prerouting priority dstnat; policy accept; iifname "p-inet" dnat to ip daddr map @to_private; }
  chain forward { type filter hook forward priority 0; policy accept; oifname "p-inet" ip saddr != @mapped drop; }
  chain postrouting { type nat hook postrouting priority srcnat; policy accept; oifname "p-inet" snat to ip saddr map @to_public; }
}
EOF
}

# systemd-networkd's reload: every route and rule it did not create goes (ManageForeignRoutes and
# ManageForeignRoutingPolicyRules default to yes); its own (proto dhcp, kernel) stay.
reload() {
  ip -n "$nat" -4 route flush table all proto boot
  ip -n "$nat" -4 route flush table all proto static
  local pref rest
  ip -n "$nat" -4 rule show | while read -r pref rest; do
    pref=${pref%:}
    case $pref in
      0 | 10001 | 32766 | 32767) ;;
      *) ip -n "$nat" -4 rule del pref "$pref" ;;
    esac
  done
  echo "reload $(date +%s.%N)" >>"$NAT_STATE/events"
}

# The slot interface after attach: the device appears half a second later, "DHCP" addresses it a
# second after that, amazon-ec2-net-utils puts its routes in a table of its own, and networkd reloads.
hotplug() {
  /bin/sleep 0.5
  ip link add ens6 address "$SLOT_MAC" netns "$nat" type veth peer name p-ens6 netns "$vpc"
  ip -n "$vpc" link set p-ens6 master br0 up
  echo "ens6 appeared $(date +%s.%N)" >>"$NAT_STATE/events"
  /bin/sleep 1
  ip -n "$nat" link set ens6 up
  ip -n "$nat" addr add 10.0.0.20/24 dev ens6 noprefixroute
  ip -n "$nat" route add 10.0.0.0/24 dev ens6 table 10001 proto dhcp scope link src 10.0.0.20
  ip -n "$nat" route add default via 10.0.0.1 dev ens6 table 10001 proto dhcp
  ip -n "$nat" rule add from 10.0.0.20 lookup 10001 pref 10001
  echo "ens6 addressed $(date +%s.%N)" >>"$NAT_STATE/events"
  reload
  touch "$NAT_STATE/hotplug-done"
}

down() {
  for ns in "$vpc" "$nat" "$app" "$inet"; do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
  done
}

stub_aws() {
  local state=available owner=None attachment=None
  if [[ -f $NAT_STATE/attached ]]; then
    state=in-use owner=$INSTANCE attachment=eni-attach-1
  fi
  if [[ -f $NAT_STATE/deny-first && ! -f $NAT_STATE/denied ]]; then
    touch "$NAT_STATE/denied"
    echo 'An error occurred (UnauthorizedOperation) when calling the operation: You are not authorized to perform this operation.' >&2
    return 254
  fi
  case "$1 $2" in
    'ec2 describe-network-interfaces') printf '%s\t%s\t%s\t%s\n' "$state" "$owner" "$attachment" "$SLOT_MAC" ;;
    'ec2 attach-network-interface')
      touch "$NAT_STATE/attached"
      hotplug >"$NAT_STATE/hotplug.log" 2>&1 </dev/null &
      echo '{"AttachmentId": "eni-attach-1"}'
      ;;
    'ec2 modify-network-interface-attribute')
      [[ " $* " == *" --network-interface-id $PRIMARY_ENI --no-source-dest-check "* ]]
      ip netns exec "$vpc" nft delete table bridge source_dest_check
      ;;
    'ec2 associate-address')
      [[ " $* " == *" --network-interface-id $PRIMARY_ENI "* ]]
      ip netns exec "$vpc" nft -f - <<EOF
flush map ip internet_gateway to_public
flush map ip internet_gateway to_private
add element ip internet_gateway to_public { 10.0.0.10 : $ELASTIC_IP }
add element ip internet_gateway to_private { $ELASTIC_IP : 10.0.0.10 }
EOF
      echo '{"AssociationId": "eipassoc-1"}'
      ;;
    'autoscaling set-instance-health') ;;
    *) echo "stub aws: unexpected $*" >&2 && return 1 ;;
  esac
}

stub_curl() {
  case "$*" in
    *api/token*) echo token-1 ;;
    */meta-data/instance-id) echo "$INSTANCE" ;;
    */meta-data/mac) echo "$PRIMARY_MAC" ;;
    */meta-data/network/interfaces/macs/$PRIMARY_MAC/interface-id) echo "$PRIMARY_ENI" ;;
    *) return 22 ;;
  esac
}

name=$(basename "$0")
if [[ $name != nat-network.sh ]]; then
  printf '%s %s\n' "$name" "$*" >>"$NAT_STATE/calls"
fi
case $name in
  aws) stub_aws "$@" ;;
  curl) stub_curl "$@" ;;
  dnf | systemctl) ;;
  # The script's waits, shortened; the hot-plug's own timing is real.
  sleep) exec /bin/sleep 0.2 ;;
  nat-network.sh) "$1" ;;
  *) echo "nat-network: unknown command $name" >&2 && exit 1 ;;
esac
