#!/usr/bin/env bash
# make demo: the seed story in the lab, diagnosed by the probe. Brings up vpn-blackhole (nodes at
# MTU 9001, a 1422-byte tunnel whose gateways drop ICMP "fragmentation needed"), runs the
# responder (a seed with 256 tokens) at a and `preflight probe check` from the joining side b,
# applies the fix the check prints, and checks again. Without root: the same story from the
# bundled captures of real Cassandra 5.0.9, through `preflight analyze`.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pf="$root/bin/preflight"
jar="$root/cli/target/preflight.jar"
export PREFLIGHT_LAB_PREFIX="${PREFLIGHT_LAB_PREFIX:-gpdemo-}"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

if [ "$(id -u)" != 0 ]; then
  say "Not root: the live demo builds a network lab (namespaces, veth, nftables) and needs 'sudo make demo'."
  echo "Meanwhile, the same failure from captures of real Cassandra 5.0.9 (a joining node with 16 tokens on a"
  echo "1422-byte tunnel whose ICMP is dropped; captured at a, ga, gb and b):"
  caps="$root/fixtures/captures/cassandra-5.0.9"
  echo "\$ preflight analyze a=... ga=... gb=... b=... --path a,ga,gb,b"
  "$pf" analyze a="$caps/blackhole-16tokens-a.pcap" ga="$caps/blackhole-16tokens-ga.pcap" \
      gb="$caps/blackhole-16tokens-gb.pcap" b="$caps/blackhole-16tokens-b.pcap" --path a,ga,gb,b
  code=$?
  [ $code -le 1 ] || exit $code   # 1 is the diagnosis itself
  exit 0
fi

responder=""
cleanup() {
  if [ -n "$responder" ]; then
    kill "$responder" 2>/dev/null
    wait "$responder" 2>/dev/null
  fi
  "$pf" lab down --all >/dev/null 2>&1
}
trap cleanup EXIT

say "Lab: a (seed, MTU 9001) - ga - tunnel MTU 1422 - gb - b (joining node, MTU 9001); the gateways drop ICMP frag-needed"
"$pf" lab up vpn-blackhole || exit $?

say "At a: a responder standing in for a seed with 256 tokens (its shadow-round ACK is about 5.2 KB)"
log="$(mktemp)"
# straight into a's namespace (<prefix>a) so that $! is the responder itself; --duration bounds it
ip netns exec "${PREFLIGHT_LAB_PREFIX}a" java -jar "$jar" probe serve --listen 198.18.1.2:7000 --tokens 256 \
    --duration 300 >"$log" 2>/dev/null &
responder=$!
for _ in $(seq 100); do grep -q "listening on" "$log" && break; sleep 0.1; done
cat "$log"
rm -f "$log"

say "From b: preflight probe check 198.18.1.2"
report="$(mktemp)"
"$pf" lab exec b -- java -jar "$jar" probe check 198.18.1.2 -q | tee "$report"
code=${PIPESTATUS[0]}
echo "(exit code $code: a path problem was diagnosed)"
[ "$code" = 1 ] || { echo "expected the check to find the black hole" >&2; exit 1; }

say "Apply the fix the check printed: the interface MTU of each sender"
# the report lists each fix as "on HOST:" followed by the command; run the interface-MTU ones
awk '/^    on .*:$/ { host = $2; sub(":", "", host); next } host != "" && /ip link set dev/ { sub(/^ +/, ""); print host "\t" $0; host = "" }' \
    "$report" | sort -u | while IFS=$'\t' read -r host cmd; do
  case "$host" in 198.18.1.2) ns=a ;; 198.18.2.2) ns=b ;; *) continue ;; esac
  echo "on $ns ($host): $cmd"
  "$pf" lab exec "$ns" -- bash -c "$cmd" || exit 1
done
rm -f "$report"

say "From b again: preflight probe check 198.18.1.2"
"$pf" lab exec b -- java -jar "$jar" probe check 198.18.1.2 -q
code=$?
[ "$code" = 0 ] || { echo "the fix did not help (exit $code)" >&2; exit 1; }

say "Done: every message this cluster needs now crosses both ways. The lab goes down again."
