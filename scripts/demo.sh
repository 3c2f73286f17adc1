#!/usr/bin/env bash
# make demo: the seed story in the lab. Brings up vpn-blackhole (nodes at MTU 9001, a
# 1422-byte tunnel whose gateways drop ICMP "fragmentation needed"), shows that small
# messages cross while a 37 KB one stalls, applies the fix (MTU 1422) and shows it passes.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pf="$root/bin/preflight"
export PREFLIGHT_LAB_PREFIX="${PREFLIGHT_LAB_PREFIX:-gpdemo-}"

if [ "$(id -u)" != 0 ]; then
  echo "make demo builds a network lab (namespaces, veth, nftables) and needs root: run 'sudo make demo'." >&2
  exit 3
fi

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
tcp() { # tcp FROM TO_ADDR BYTES: one TCP message through the lab
  local from=$1 to=$2 bytes=$3 sink
  sink="$(mktemp)"
  "$pf" lab exec b -- java -cp "$root/cli/target/preflight.jar" io.gossippreflight.fixtures.lab.TcpBulk serve 7001 4000 >"$sink" &
  local spid=$!
  for _ in $(seq 50); do grep -q listening "$sink" && break; sleep 0.1; done
  "$pf" lab exec "$from" -- java -cp "$root/cli/target/preflight.jar" io.gossippreflight.fixtures.lab.TcpBulk send "$to" 7001 "$bytes" 3000
  local rc=$?
  wait "$spid" 2>/dev/null
  rm -f "$sink"
  return $rc
}
trap '"$pf" lab down --all >/dev/null 2>&1' EXIT

say "Lab: a (seed, MTU 9001) - ga - tunnel MTU 1422 - gb - b (joining, MTU 9001); gateways drop ICMP frag-needed"
"$pf" lab up vpn-blackhole || exit $?

say "A DF packet that fits the tunnel (1394 + 28 = 1422 bytes) crosses"
"$pf" lab exec a -- ping -c1 -W1 -M do -s 1394 198.18.2.2 | grep -E 'received|bytes from'

say "One byte more (1423) vanishes: no reply and no ICMP error, a silent black hole"
"$pf" lab exec a -- ping -c1 -W1 -M do -s 1395 198.18.2.2 | grep -E 'received|Frag'

say "A 1 KB gossip-sized TCP message from the seed to the joining node"
tcp a 198.18.2.2 1000

say "The ~37 KB GossipDigestAck the joining node needs"
tcp a 198.18.2.2 37000 && echo "unexpected: it crossed"

say "Fix: the node MTU to the tunnel's, on both nodes"
echo "  ip link set dev eth0 mtu 1422"
"$pf" lab exec a -- ip link set dev eth0 mtu 1422
"$pf" lab exec b -- ip link set dev eth0 mtu 1422

say "The 37 KB message again"
tcp a 198.18.2.2 37000 || { echo "the fix did not help" >&2; exit 1; }

say "Done: the lab goes down again."
