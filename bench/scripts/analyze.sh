#!/usr/bin/env bash
# analyze benchmark: preflight analyze on a generated capture of >= 1 M packets (bulk TCP,
# port-7000 gossip, pings, ICMP frag-needed) against tshark's ICMP filter, tshark's TCP
# analysis pass and tcpdump's ICMP filter, in the same run; memory under small heaps for a
# small and a 1.5 GB capture; capture readers (mapped vs pcap4j). Prints ratio tables.
# Knobs: ANALYZE_BENCH_PACKETS (default 1500000, ~1.5 GB), ANALYZE_BENCH_DIR (default /tmp/gp-bench-analyze),
# ANALYZE_BENCH_READERS=0 to skip the JMH reader comparison.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/cli/target/preflight.jar"
bjar="$root/bench/target/benchmarks.jar"
for f in "$jar" "$bjar"; do
  [ -f "$f" ] || { echo "analyze bench: $f missing; run 'make build' first" >&2; exit 3; }
done
for t in tshark tcpdump editcap /usr/bin/time; do
  command -v "$t" >/dev/null || { echo "analyze bench: $t not installed" >&2; exit 3; }
done
dir="${ANALYZE_BENCH_DIR:-/tmp/gp-bench-analyze}"
packets="${ANALYZE_BENCH_PACKETS:-1500000}"
mkdir -p "$dir"
big="$dir/big-$packets.pcap"
small="$dir/small-300000.pcap"
[ -f "$big" ] || java -cp "$bjar" io.gossippreflight.bench.CaptureGenerator "$big" "$packets"
[ -f "$small" ] || java -cp "$bjar" io.gossippreflight.bench.CaptureGenerator "$small" 300000
count=$(( $(stat -c %s "$big") ))
npk="$packets"
# a generated capture holds the requested packets plus the handshakes written first
npk=$(java -Xmx256m -jar "$jar" analyze --json --stats "$big" 2>&1 >/dev/null | sed -n 's/^stats: \([0-9]*\) packets.*/\1/p')
echo "capture: $big ($npk packets, $(( count / 1000000 )) MB); machine: $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"

# wall seconds of a command, stdout discarded; median of N runs
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timeit() {
  local runs="$1"; shift
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e" "$@" 2>&1 >/dev/null | tail -1
  done | median
}

declare -a names secs
run() { names+=("$1"); shift; secs+=("$(timeit "$@")"); }
run "preflight analyze (whole process)" 3 java -Xmx512m -jar "$jar" analyze "$big"
# a one-off run spends as much CPU in the C2 compiler as in the analysis; C1 alone finishes sooner on 2 cores
run "preflight analyze (whole process, C1 only)" 3 java -Xmx512m -XX:TieredStopAtLevel=1 -jar "$jar" analyze "$big"
run "tshark -Y 'icmp.type==3 && icmp.code==4'" 1 tshark -r "$big" -Y 'icmp.type==3 && icmp.code==4'
run "tshark TCP analysis (-Y tcp.analysis.flags)" 1 tshark -r "$big" -Y 'tcp.analysis.flags'
run "tcpdump 'icmp[icmptype]==3 and icmp[icmpcode]==4'" 3 tcpdump -nr "$big" 'icmp[icmptype]==3 and icmp[icmpcode]==4'

stats=$(for _ in 1 2 3; do java -Xmx512m -XX:TieredStopAtLevel=1 -jar "$jar" analyze --stats "$big" 2>&1 >/dev/null | grep '^stats:'; done)
inproc=$(sed -n 's/.*s: \([0-9]*\) packets\/s;.*/\1/p' <<<"$stats" | sort -n | tail -1)
percpu=$(sed -n 's/.*: \([0-9]*\) packets per CPU-second/\1/p' <<<"$stats" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')

echo
echo "## analyze: $npk packets, median wall time (same run)"
printf "%-52s %9s %13s %14s\n" "tool" "seconds" "packets/s" "vs preflight"
base="${secs[0]}"
for i in "${!names[@]}"; do
  s="${secs[$i]}"
  awk -v n="${names[$i]}" -v s="$s" -v p="$npk" -v b="$base" 'BEGIN {
    pps = (s > 0) ? p / s : 0; r = (b > 0) ? s / b : 0;
    printf "%-52s %9.2f %13.0f %13.2fx\n", n, s, pps, r }'
done
echo "preflight analysis alone (in process, C1 only, excludes JVM start): best of 3 $inproc packets/s wall;"
echo "  median $percpu packets per CPU-second of the analysing thread (target >= 2000000; wall time depends on load)"

echo
echo "## analyze: memory (heap cap that still works; max heap after GC at -Xmx512m)"
maxgc() { grep -o '[0-9]*M->[0-9]*M' "$1" | sed 's/.*->\([0-9]*\)M/\1/' | sort -n | tail -1; }
printf "%-22s %10s %14s %18s\n" "capture" "size MB" "-Xmx that works" "max heap after GC"
for f in "$small" "$big"; do
  works="none"
  for h in 512m 128m 64m 32m; do
    if java -Xmx$h -jar "$jar" analyze "$f" >/dev/null 2>&1 || [ $? -eq 1 ]; then works="$h"; else break; fi
  done
  java -Xmx512m -Xlog:gc:file="$dir/gc.log" -jar "$jar" analyze "$f" >/dev/null 2>&1 || true
  printf "%-22s %10d %14s %17sM\n" "$(basename "$f")" $(( $(stat -c %s "$f") / 1000000 )) "$works" "$(maxgc "$dir/gc.log")"
done

if [ "${ANALYZE_BENCH_READERS:-1}" != 0 ]; then
  ng="${big%.pcap}.pcapng"
  [ -f "$ng" ] || editcap -F pcapng "$big" "$ng"
  echo
  echo "## capture readers: whole-file read of $npk packets (JMH single shot, mean of 3)"
  java -jar "$bjar" CaptureReaderBenchmark -p pcap="$big" -p pcapng="$ng" -rf csv -rff "$dir/readers.csv" >"$dir/readers.log" 2>&1
  printf "%-22s %9s %13s %12s\n" "reader" "seconds" "packets/s" "time vs buffered-pcap"
  awk -F, -v p="$npk" 'NR > 1 { sub(/\r$/, ""); gsub(/"/, ""); r = $NF; s = $5 + 0; if (!(r in best) || s < best[r]) best[r] = s }
    END { m = ("buffered-pcap" in best) ? best["buffered-pcap"] : 0;
      n = split("buffered-pcap buffered-pcapng mapped-pcap mapped-pcapng pcap4j-loop-raw pcap4j-pull-raw pcap4j-pull-packet", order, " ");
      for (i = 1; i <= n; i++) { r = order[i]; if ((r in best) && best[r] > 0 && m > 0) printf "%-22s %9.3f %13.0f %11.1fx\n", r, best[r], p / best[r], best[r] / m } }' \
    "$dir/readers.csv"
fi
