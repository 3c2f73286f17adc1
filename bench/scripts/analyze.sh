#!/usr/bin/env bash
# analyze benchmark: preflight analyze on a generated capture of >= 1 M packets (bulk TCP,
# port-7000 gossip, pings, ICMP frag-needed) against tshark's ICMP filter, tshark's TCP
# analysis pass and tcpdump's ICMP filter, in the same run; the same against two captures shaped
# like other people's (port-7000 flows of random bytes; of TLS); two captures at once; memory
# under small heaps for a small and a 1.5 GB capture and for captures built to make reassembly
# hold memory (1-byte segments behind holes, incomplete 63 MiB messages) at -Xmx64m; capture
# readers (buffered, mapped, pcap4j).
# Every row gives wall time and CPU time (user + sys, all threads) and the 1-minute load average
# when it ran: on a shared machine wall time depends on the load, CPU time much less.
# Knobs: ANALYZE_BENCH_PACKETS (default 1500000, ~1.5 GB), ANALYZE_BENCH_DIR (default /tmp/gp-bench-analyze),
# ANALYZE_BENCH_RUNS (default 3), ANALYZE_BENCH_READERS=0 to skip the JMH reader comparison,
# ANALYZE_BENCH_INSTRUCTIONS=0 to skip the steady-state instruction counts.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/cli/target/preflight.jar"
bjar="$root/bench/target/benchmarks.jar"
pf="$root/bin/preflight"
for f in "$jar" "$bjar"; do
  [ -f "$f" ] || { echo "analyze bench: $f missing; run 'make build' first" >&2; exit 3; }
done
for t in tshark tcpdump editcap /usr/bin/time; do
  command -v "$t" >/dev/null || { echo "analyze bench: $t not installed" >&2; exit 3; }
done
dir="${ANALYZE_BENCH_DIR:-/tmp/gp-bench-analyze}"
packets="${ANALYZE_BENCH_PACKETS:-1500000}"
runs="${ANALYZE_BENCH_RUNS:-3}"
mkdir -p "$dir"
big="$dir/big-$packets.pcap"
half="$dir/half-$((packets / 2)).pcap"
small="$dir/small-300000.pcap"
random7000="$dir/random7000-$packets.pcap"
tls7000="$dir/tls7000-$packets.pcap"
for spec in "$big:$packets:gossip" "$half:$((packets / 2)):gossip" "$small:300000:gossip" \
    "$random7000:$packets:random7000" "$tls7000:$packets:tls7000"; do
  IFS=: read -r f n shape <<<"$spec"
  [ -f "$f" ] || java -cp "$bjar" io.gossippreflight.bench.CaptureGenerator "$f" "$n" "$shape"
done
load() { cut -d' ' -f1 /proc/loadavg; }
# a generated capture holds the requested packets plus the handshakes written first
npk=$("$pf" analyze --stats "$big" 2>&1 >/dev/null | sed -n 's/^stats: \([0-9]*\) packets.*/\1/p')
npair=$("$pf" analyze --stats "a=$half" "b=$half" 2>&1 >/dev/null | sed -n 's/^stats: \([0-9]*\) packets.*/\1/p')
nrandom=$("$pf" analyze --stats "$random7000" 2>&1 >/dev/null | sed -n 's/^stats: \([0-9]*\) packets.*/\1/p')
ntls=$("$pf" analyze --stats "$tls7000" 2>&1 >/dev/null | sed -n 's/^stats: \([0-9]*\) packets.*/\1/p')
jsa="no class-data archive"
[ -f "$root/cli/target/preflight.jsa" ] && jsa="class-data archive cli/target/preflight.jsa"
echo "capture: $big ($npk packets, $(( $(stat -c %s "$big") / 1000000 )) MB); machine: $(nproc) cores, load $(load)"
echo "preflight = bin/preflight analyze: first JIT tier only, $jsa, --threads $(nproc) (the defaults)"

tmp="$dir/time.$$"
trap 'rm -f "$tmp" "$tmp.err"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# N runs of a command (stdout discarded): "median-wall median-cpu load-range"
measure() {
  local n="$1"; shift
  local walls=() cpus=() loads=()
  for _ in $(seq "$n"); do
    loads+=("$(load)")
    /usr/bin/time -o "$tmp" -f "%e %U %S" "$@" >/dev/null 2>"$tmp.err" || true
    read -r w u s < <(tail -1 "$tmp")
    walls+=("$w"); cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')")
  done
  local lo hi
  lo=$(printf '%s\n' "${loads[@]}" | sort -n | head -1); hi=$(printf '%s\n' "${loads[@]}" | sort -n | tail -1)
  echo "$(printf '%s\n' "${walls[@]}" | median) $(printf '%s\n' "${cpus[@]}" | median) $lo-$hi"
}

declare -a names counts results
row() { names+=("$1"); counts+=("$2"); shift 2; results+=("$(measure "$@")"); }
row "preflight analyze" "$npk" "$runs" "$pf" analyze "$big"
row "preflight analyze --threads 1" "$npk" "$runs" "$pf" analyze --threads 1 "$big"
row "java -jar preflight.jar analyze (JVM defaults)" "$npk" "$runs" java -jar "$jar" analyze "$big"
row "tshark -Y 'icmp.type==3 && icmp.code==4'" "$npk" 1 tshark -r "$big" -Y 'icmp.type==3 && icmp.code==4'
row "tshark TCP analysis (-Y tcp.analysis.flags)" "$npk" 1 tshark -r "$big" -Y 'tcp.analysis.flags'
row "tcpdump 'icmp[icmptype]==3 and icmp[icmpcode]==4'" "$npk" "$runs" tcpdump -nr "$big" 'icmp[icmptype]==3 and icmp[icmpcode]==4'
row "preflight analyze RANDOM7000" "$nrandom" "$runs" "$pf" analyze "$random7000"
row "tshark -Y 'icmp.type==3 && icmp.code==4' RANDOM7000" "$nrandom" 1 tshark -r "$random7000" -Y 'icmp.type==3 && icmp.code==4'
row "preflight analyze TLS7000" "$ntls" "$runs" "$pf" analyze "$tls7000"
row "tshark -Y 'icmp.type==3 && icmp.code==4' TLS7000" "$ntls" 1 tshark -r "$tls7000" -Y 'icmp.type==3 && icmp.code==4'
row "preflight analyze a=HALF b=HALF (2 captures)" "$npair" "$runs" "$pf" analyze "a=$half" "b=$half"
row "preflight analyze a=HALF b=HALF --threads 1" "$npair" "$runs" "$pf" analyze --threads 1 "a=$half" "b=$half"

echo
echo "## analyze: whole process (JVM start included), median of the runs; HALF = $half"
echo "## RANDOM7000 = $random7000 (2 port-7000 flows of random bytes), TLS7000 = $tls7000 (2 of TLS)"
printf "%-50s %9s %8s %12s %8s %12s %11s\n" "tool" "packets" "wall s" "packets/s" "CPU s" "time vs pf" "load"
base="${results[0]%% *}"
for i in "${!names[@]}"; do
  read -r w c l <<<"${results[$i]}"
  awk -v n="${names[$i]}" -v p="${counts[$i]}" -v w="$w" -v c="$c" -v b="$base" -v l="$l" 'BEGIN {
    printf "%-50s %9d %8.2f %12.0f %8.2f %11.2fx %11s\n", n, p, w, (w > 0 ? p / w : 0), c, (b > 0 ? w / b : 0), l }'
done
echo "(time vs pf: this row's wall time over preflight analyze's; > 1 means preflight is that many times faster)"
# preflight against tshark on each input, from the rows above (same run)
for pair in "0:3:own capture" "6:7:RANDOM7000" "8:9:TLS7000"; do
  IFS=: read -r a b what <<<"$pair"
  read -r wa _ _ <<<"${results[$a]}"; read -r wb _ _ <<<"${results[$b]}"
  awk -v a="$wa" -v b="$wb" -v w="$what" -v p="${counts[$a]}" 'BEGIN {
    printf "%-14s preflight %.2f s (%.0f packets/s whole process; target >= 3000000), tshark ICMP filter %.2f s: %.1fx\n",
      w, a, (a > 0 ? p / a : 0), b, (a > 0 ? b / a : 0) }'
done

# the analysis alone, from --stats: wall and CPU of the analysis threads, excluding JVM start and the report
echo
echo "## analyze: in process (--stats, $((runs + 2)) runs of bin/preflight analyze)"
printf "%-4s %10s %12s %14s %16s %12s %6s\n" "run" "wall s" "packets/s" "analysis CPU s" "pkts per CPU-s" "process CPU s" "load"
pps=()
for r in $(seq $((runs + 2))); do
  l=$(load)
  s=$("$pf" analyze --stats "$big" 2>&1 >/dev/null | grep '^stats:' || true)
  w=$(sed -n 's/.* analysed in \([0-9.]*\) s:.*/\1/p' <<<"$s")
  p=$(sed -n 's/.* s: \([0-9]*\) packets\/s;.*/\1/p' <<<"$s")
  c=$(sed -n 's/.*; \([0-9.]*\) s on the analysis.*/\1/p' <<<"$s")
  q=$(sed -n 's/.*: \([0-9]*\) packets per CPU-second.*/\1/p' <<<"$s")
  t=$(sed -n 's/.*process CPU so far \([0-9.]*\) s.*/\1/p' <<<"$s")
  pps+=("$p")
  printf "%-4s %10s %12s %14s %16s %12s %6s\n" "$r" "$w" "$p" "$c" "$q" "$t" "$l"
done
best=$(printf '%s\n' "${pps[@]}" | sort -n | tail -1)
med=$(printf '%s\n' "${pps[@]}" | median)
read -r w0 _ _ <<<"${results[0]}"
whole=$(awk -v p="$npk" -v w="$w0" 'BEGIN {printf "%.0f", p / w}')
echo "target >= 2000000 packets/s for the full analysis: in process best $best, median $med; whole process (median wall) $whole"

if [ "${ANALYZE_BENCH_INSTRUCTIONS:-1}" != 0 ]; then
  # instructions barely move with the machine's load: they judge changes to the hot loop
  echo
  echo "## analyze: steady state on $small (JIT warm; AnalyzeInstructions, perf stat instructions:u)"
  printf "%-44s %-10s %s\n" "what" "JIT" "result (per operation = one whole capture)"
  for jit in "C1:-XX:TieredStopAtLevel=1" "C2:-XX:TieredStopAtLevel=4"; do
    for st in "decode:read + decode (one thread)" "pass:the pass (one thread)" "piped:the pass, pipelined (both threads)"; do
      out=$(java -Xmx256m "${jit#*:}" -cp "$bjar" io.gossippreflight.bench.AnalyzeInstructions "$small" "${st%%:*}" 6 5 \
        | sed 's/^[^:]*: [0-9]* packets; //')
      printf "%-44s %-10s %s (load %s)\n" "${st#*:}" "${jit%%:*}" "$out" "$(load)"
    done
  done
fi

echo
echo "## analyze: memory (smallest heap tried that works; max heap after GC at -Xmx512m)"
maxgc() { grep -o '[0-9]*M->[0-9]*M' "$1" | sed 's/.*->\([0-9]*\)M/\1/' | sort -n | tail -1; }
printf "%-34s %10s %14s %18s\n" "capture" "size MB" "-Xmx that works" "max heap after GC"
for spec in "$small" "$big" "a=$half b=$half"; do
  read -r -a files <<<"$spec"
  works="none"
  for h in 512m 128m 64m 32m; do
    code=0; PREFLIGHT_JAVA_OPTS="-Xmx$h" "$pf" analyze "${files[@]}" >/dev/null 2>&1 || code=$?
    if [ "$code" -le 1 ]; then works="$h"; else break; fi
  done
  PREFLIGHT_JAVA_OPTS="-Xmx512m -Xlog:gc:file=$dir/gc.log" "$pf" analyze "${files[@]}" >/dev/null 2>&1 || true
  mb=0; for f in "${files[@]}"; do mb=$(( mb + $(stat -c %s "${f#*=}") / 1000000 )); done
  printf "%-34s %10d %14s %17sM\n" "$(sed "s|$dir/||g" <<<"$spec")" "$mb" "$works" "$(maxgc "$dir/gc.log")"
done

# captures built to make reassembly hold memory (HostileCaptures, analyzer test support; make build compiles it):
# every one must pass at -Xmx64m, in about the time any capture of that size takes
tcp="$root/analyzer/target/test-classes:$jar"
echo
echo "## analyze: hostile captures at PREFLIGHT_JAVA_OPTS=-Xmx64m (exit 0/1 = passed)"
printf "%-44s %10s %10s %8s %10s\n" "capture" "packets" "size MB" "wall s" "exit"
for spec in "holes-500k:holes 1 500000" "holes-2m:holes 1 2000000" "holes-16x250k:holes 16 250000" \
    "large-4x63MiB:large 4 66060288 8500000"; do
  name="${spec%%:*}"; f="$dir/hostile-$name.pcap"
  read -r kind rest <<<"${spec#*:}"
  # shellcheck disable=SC2086 # rest: the generator's numbers
  [ -f "$f" ] || java -cp "$tcp" io.gossippreflight.analyzer.testing.HostileCaptures "$kind" "$f" $rest
  code=0
  /usr/bin/time -o "$tmp" -f "%e" env PREFLIGHT_JAVA_OPTS=-Xmx64m "$pf" analyze --stats "$f" >/dev/null 2>"$tmp.err" || code=$?
  n=$(sed -n 's/^stats: \([0-9]*\) packets.*/\1/p' "$tmp.err")
  printf "%-44s %10s %10d %8s %10s\n" "$name" "${n:-?}" "$(( $(stat -c %s "$f") / 1000000 ))" "$(tail -1 "$tmp")" "$code"
done

if [ "${ANALYZE_BENCH_READERS:-1}" != 0 ]; then
  ng="${big%.pcap}.pcapng"
  [ -f "$ng" ] || editcap -F pcapng "$big" "$ng"
  echo
  echo "## capture readers: whole-file read of $npk packets (JMH single shot, mean of 3; load $(load))"
  java -jar "$bjar" CaptureReaderBenchmark -p pcap="$big" -p pcapng="$ng" -rf csv -rff "$dir/readers.csv" >"$dir/readers.log" 2>&1
  printf "%-22s %9s %13s %12s\n" "reader" "seconds" "packets/s" "time vs buffered-pcap"
  awk -F, -v p="$npk" 'NR > 1 { sub(/\r$/, ""); gsub(/"/, ""); r = $NF; s = $5 + 0; if (!(r in best) || s < best[r]) best[r] = s }
    END { m = ("buffered-pcap" in best) ? best["buffered-pcap"] : 0;
      n = split("buffered-pcap buffered-pcapng mapped-pcap mapped-pcapng pcap4j-loop-raw pcap4j-pull-raw pcap4j-pull-packet", order, " ");
      for (i = 1; i <= n; i++) { r = order[i]; if ((r in best) && best[r] > 0 && m > 0) printf "%-22s %9.3f %13.0f %11.1fx\n", r, best[r], p / best[r], best[r] / m } }' \
    "$dir/readers.csv"
fi
