#!/usr/bin/env bash
# make bench: whole-process time until the exact path MTU is known, `preflight probe check`
# against peer tools, on the same lab path in the same run (b -> a; the peers measure that one
# direction, preflight both), at WAN round trips of 0, 50, 150 and 300 ms (the lab's link emulator,
# 10 % jitter). Targets: both directions exact within 2 s + 10 RTT on vpn-blackhole, 1 s + 4 RTT on vpn.
# PROBE_BENCH_RTTS="0 50 150 300" (ms) and PROBE_BENCH_RUNS=5 choose the matrix.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
pf="$root/bin/preflight"
jar="$root/cli/target/preflight.jar"
export PREFLIGHT_LAB_PREFIX="${PREFLIGHT_LAB_PREFIX:-gpbench-}"
runs="${PROBE_BENCH_RUNS:-5}"
rtts="${PROBE_BENCH_RTTS:-0 50 150 300}"
target=198.18.1.2

if [ "$(id -u)" != 0 ]; then
  echo "probe bench: SKIPPED — it builds a network lab and needs root (sudo make bench)"
  exit 0
fi
for tool in scamper nmap tracepath; do
  command -v "$tool" >/dev/null || echo "probe bench: $tool is not installed (apt-get install -y ${tool/tracepath/iputils-tracepath}); its row is left out"
done

responder=""
cleanup() {
  [ -n "$responder" ] && kill "$responder" 2>/dev/null && wait "$responder" 2>/dev/null
  "$pf" lab down --all >/dev/null 2>&1
}
trap cleanup EXIT

now() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# straight into the namespace (<prefix><host>, docs/lab.md): `preflight lab exec` would add its own JVM to the time
in_b() { ip netns exec "${PREFLIGHT_LAB_PREFIX}b" "$@"; }

rows=()
row() { rows+=("$(printf '%-20s %-28s %-26s %-8s %8s' "$1" "$2" "$3" "$4" "$5")"); }

bench_topology() {
  local topo=$1 want=$2 goal=$3 rtt=$4
  local wan=()
  [ "$rtt" != 0 ] && wan=(--rtt "${rtt}ms" --jitter "$((rtt / 10))ms")
  "$pf" lab up "$topo" "${wan[@]}" >/dev/null || exit 3
  local key="$topo@${rtt}ms"
  [ -n "$responder" ] && kill "$responder" 2>/dev/null && wait "$responder" 2>/dev/null
  out="$(mktemp)"
  # straight into a's namespace so that $! is the responder itself; --duration bounds it whatever happens
  ip netns exec "${PREFLIGHT_LAB_PREFIX}a" java -jar "$jar" probe serve --listen "$target" --tokens 256 --duration 900 \
      >"$out" 2>/dev/null &
  responder=$!
  for _ in $(seq 100); do grep -q "listening on" "$out" && break; sleep 0.1; done
  rm -f "$out"
  in_b "$pf" probe check "$target" -q >/dev/null 2>&1   # warm the responder's JVM, as a long-running one is

  # as users run it (bin/preflight: first JIT tier only, class-data archive), and with the full JIT
  local opts label
  local variants=("")
  [ "$rtt" = 0 ] && variants+=("-XX:TieredStopAtLevel=4")   # the JIT's share only matters on a fast path
  for opts in "${variants[@]}"; do
    local times=() result=""
    for _ in $(seq "$runs"); do
      ip netns exec "${PREFLIGHT_LAB_PREFIX}a" ip route flush cache >/dev/null 2>&1
      ip netns exec "${PREFLIGHT_LAB_PREFIX}b" ip route flush cache >/dev/null 2>&1
      local t0 t1 json
      t0=$(now); json="$(PREFLIGHT_JAVA_OPTS="$opts" in_b "$pf" probe check "$target" --json -q 2>/dev/null)"; t1=$(now)
      times+=("$(secs "$t0" "$t1")")
      result="$(grep -o '"exact" : [0-9a-z]*' <<<"$json" | head -2 | awk '{print $3}' | paste -sd/ -)"
    done
    local med; med="$(printf '%s\n' "${times[@]}" | median)"
    local ok="no"; [ "$result" = "$want/$want" ] && ok="yes"
    label="preflight probe check"; [ -n "$opts" ] && label="  same, full JIT (*)"
    [ -z "$opts" ] && pf_time[$key]=$med
    row "$key" "$label" "out/in $result" "$ok" "$med"
    local verdict; verdict=$(awk -v m="$med" -v g="$goal" 'BEGIN { print (m <= g ? "MET" : "MISSED") }')
    goals+=("$(printf '%-20s %-22s both directions exact within %s s: median %s s of %s runs (%s)' "$key" \
        "${opts:-bin/preflight}" "$goal" "$med" "$runs" "$verdict")")
  done

  flush() {   # every tool starts from a kernel that has learned nothing
    ip netns exec "${PREFLIGHT_LAB_PREFIX}a" ip route flush cache >/dev/null 2>&1
    ip netns exec "${PREFLIGHT_LAB_PREFIX}b" ip route flush cache >/dev/null 2>&1
  }
  flush
  if command -v scamper >/dev/null; then
    local t0 t1 o mtu
    t0=$(now); o="$(in_b scamper -c "trace -M" -i "$target" 2>&1)"; t1=$(now)
    mtu="$(grep -o 'mtu: [0-9]*' <<<"$o" | tail -1 | awk '{print $2}')"
    row "$key" 'scamper -c "trace -M"' "b->a ${mtu:-?}" "$([ "${mtu:-}" = "$want" ] && echo yes || echo no)" "$(secs "$t0" "$t1")"
  fi
  flush
  if command -v nmap >/dev/null; then
    local t0 t1 o res
    t0=$(now); o="$(in_b nmap -Pn -p 7000 --script path-mtu "$target" 2>&1)"; t1=$(now)
    res="$(grep -o 'path-mtu: .*' <<<"$o" | sed 's/path-mtu: //')"
    row "$key" "nmap --script path-mtu" "b->a ${res:-?}" "$([ "${res:-}" = "PMTU == $want" ] && echo yes || echo no)" "$(secs "$t0" "$t1")"
  fi
  flush
  if command -v tracepath >/dev/null; then
    local t0 t1 o mtu
    t0=$(now); o="$(in_b tracepath -n "$target" 2>&1)"; t1=$(now)
    mtu="$(grep -o 'pmtu [0-9]*' <<<"$o" | tail -1 | awk '{print $2}')"
    row "$key" "tracepath" "b->a ${mtu:-?}" "$([ "${mtu:-}" = "$want" ] && echo yes || echo no)" "$(secs "$t0" "$t1")"
  fi
}

declare -A pf_time
goals=()
for rtt in $rtts; do
  bench_topology vpn-blackhole 1422 "$(awk -v r="$rtt" 'BEGIN { print 2 + 10 * r / 1000 }')" "$rtt"
  bench_topology vpn 1422 "$(awk -v r="$rtt" 'BEGIN { print 1 + 4 * r / 1000 }')" "$rtt"
done

echo
echo "Whole-process time to the path MTU, lab path b -> a (tunnel MTU 1422, node MTU 9001; @RTT, 10 % jitter)"
printf '%-20s %-28s %-26s %-8s %8s %9s\n' path tool result correct seconds "x preflight"
for r in "${rows[@]}"; do
  topo="${r%% *}"
  s="$(awk '{print $NF}' <<<"$r")"
  printf '%s %9s\n' "$r" "$(awk -v s="$s" -v p="${pf_time[$topo]}" 'BEGIN { printf "%.1f", s / p }')"
done
echo "(*) PREFLIGHT_JAVA_OPTS=-XX:TieredStopAtLevel=4: C2 compiles too, which costs more than it saves in a short run"
echo
printf '%s\n' "${goals[@]}"
echo "load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
