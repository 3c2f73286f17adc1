#!/usr/bin/env bash
# The seed story captured at six points: a ─ sga ─ ga ═(1422)═ gb ─ sgb ─ b, where sga and sgb
# stand for the nodes' security groups (stateful firewalls in front of each node) and drop ICMP
# frag-needed on its way back to the node. ga and gb send their ICMP; it dies at the security
# group, so the capture shows it leave the gateway and never reach the sender. Two
# 'preflight node start' processes gossip across it (a the seed, b joining, num_tokens 256, so
# the shadow-round ACK is ~5 KB and cannot cross). Captures land in OUT (default
# /tmp/gp-six-point): a.pcap sga.pcap ga.pcap gb.pcap sgb.pcap b.pcap.
#
# 'preflight lab' has no security-group hosts; this builds its own namespaces, named with
# PREFLIGHT_LAB_PREFIX (default gp6-) so it never touches a lab of 'preflight lab'.
# usage: scripts/six-point-capture.sh [up|capture|down]   (root; default: up, capture, down)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
P="${PREFLIGHT_LAB_PREFIX:-gp6-}"
OUT="${OUT:-/tmp/gp-six-point}"
SECONDS_TO_RUN="${SECONDS_TO_RUN:-25}"
hosts=(a sga ga gb sgb b)
ns() { echo "${P}$1"; }
x() { ip netns exec "$(ns "$1")" "${@:2}"; }

down() {
  for h in "${hosts[@]}"; do ip netns del "$(ns "$h")" 2>/dev/null || true; done
}

# link HOST1 IF1 HOST2 IF2 MTU
link() {
  ip link add "$2" netns "$(ns "$1")" type veth peer name "$4" netns "$(ns "$3")"
  x "$1" ip link set "$2" mtu "$5" up
  x "$3" ip link set "$4" mtu "$5" up
  x "$1" ethtool -K "$2" tso off gso off gro off >/dev/null 2>&1 || true
  x "$3" ethtool -K "$4" tso off gso off gro off >/dev/null 2>&1 || true
}

up() {
  down
  for h in "${hosts[@]}"; do ip netns add "$(ns "$h")"; x "$h" ip link set lo up; done
  link a eth0 sga eth0 9001
  link sga eth1 ga eth0 9001
  link ga vpn0 gb vpn0 1422
  link gb eth0 sgb eth1 9001
  link sgb eth0 b eth0 9001
  x a ip addr add 198.18.1.2/24 dev eth0;   x a ip route add default via 198.18.1.1
  x sga ip addr add 198.18.1.1/24 dev eth0; x sga ip addr add 198.18.3.1/30 dev eth1
  x sga ip route add default via 198.18.3.2
  x ga ip addr add 198.18.3.2/30 dev eth0;  x ga ip addr add 198.18.0.1/30 dev vpn0
  x ga ip route add 198.18.1.0/24 via 198.18.3.1; x ga ip route add default via 198.18.0.2
  x gb ip addr add 198.18.0.2/30 dev vpn0;  x gb ip addr add 198.18.4.2/30 dev eth0
  x gb ip route add 198.18.2.0/24 via 198.18.4.1; x gb ip route add default via 198.18.0.1
  x sgb ip addr add 198.18.4.1/30 dev eth1; x sgb ip addr add 198.18.2.1/24 dev eth0
  x sgb ip route add default via 198.18.4.2
  x b ip addr add 198.18.2.2/24 dev eth0;   x b ip route add default via 198.18.2.1
  for r in sga ga gb sgb; do x "$r" sysctl -qw net.ipv4.ip_forward=1; done
  # the security groups: everything passes except ICMP frag-needed (a common AWS/GCP mistake)
  for r in sga sgb; do
    x "$r" nft -f - <<'NFT'
table inet gossip_six_point {
  chain forward {
    type filter hook forward priority 0;
    icmp type destination-unreachable icmp code frag-needed counter drop
  }
}
NFT
  done
  x b ping -c1 -W2 198.18.1.2 >/dev/null
}

capture() {
  rm -rf "$OUT"; mkdir -p "$OUT"
  local pids=() h
  for h in "${hosts[@]}"; do
    local iface=any
    case "$h" in a|b) iface=eth0 ;; esac
    x "$h" tcpdump -q -i "$iface" -B 65536 --immediate-mode -s 0 -w "$OUT/$h.pcap" 'tcp port 7000 or icmp' \
      2>"$OUT/$h.tcpdump.log" &
    pids+=($!)
  done
  sleep 1
  for h in a b; do
    local ip=198.18.1.2
    [ "$h" = b ] && ip=198.18.2.2
    mkdir -p "$OUT/$h"
    cat >"$OUT/$h/node.yaml" <<YAML
cluster_name: Six Point
num_tokens: 256
listen_address: $ip
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "198.18.1.2:7000"
data_directory: $OUT/$h/data
ring_delay_ms: 5000
YAML
  done
  x a "$here/bin/preflight" node start --no-preflight --config "$OUT/a/node.yaml" >"$OUT/a/stdout" 2>&1 &
  local node_a=$!
  sleep 3
  x b "$here/bin/preflight" node start --no-preflight --config "$OUT/b/node.yaml" >"$OUT/b/stdout" 2>&1 &
  local node_b=$!
  sleep "$SECONDS_TO_RUN"
  kill "$node_b" "$node_a" 2>/dev/null || true
  wait "$node_b" "$node_a" 2>/dev/null || true
  sleep 1
  kill -INT "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
  ls -l "$OUT"/*.pcap
}

case "${1:-all}" in
  up) up ;;
  capture) capture ;;
  down) down ;;
  all) up; trap down EXIT; capture ;;
  *) echo "usage: $0 [up|capture|down]" >&2; exit 2 ;;
esac
