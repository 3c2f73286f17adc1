#!/usr/bin/env bash
# make fuzz: runs every Jazzer fuzz target (wire's decoders, the analyzer's capture readers, packet
# decoder and reassembly) for FUZZ_TIME each (default 10m), or FUZZ_RUNS executions each when set,
# at nice FUZZ_NICE (default 19: the cores are shared), and prints a table of runs, seconds and
# findings. A finding fails the target; Jazzer writes the input under the target's ...Inputs/
# directory in src/test/resources, where plain `mvn verify` replays it from then on (commit it as
# the regression test).
# Knobs: FUZZ_TIME (10m), FUZZ_RUNS (unset), FUZZ_TARGETS ("Class#method ..."; default all), FUZZ_HEAP (512m),
# FUZZ_NICE (19).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
time="${FUZZ_TIME:-10m}"
heap="${FUZZ_HEAP:-512m}"
niceness="${FUZZ_NICE:-19}"
all="analyzer:CaptureFuzzTest#pcapReader analyzer:CaptureFuzzTest#pcapngReader analyzer:CaptureFuzzTest#packetDecoder
  analyzer:CaptureFuzzTest#tcpReassembler wire:WireFuzzTest#crcFrameAndMessageDecoders
  wire:WireFuzzTest#lz4FrameAndMessageDecoders wire:WireFuzzTest#messageSerializer wire:WireFuzzTest#streamDecoder
  wire:WireFuzzTest#handshakeAcceptor"
targets=()
for t in $all; do
  if [ -z "${FUZZ_TARGETS:-}" ] || [[ " $FUZZ_TARGETS " == *" ${t#*:} "* ]]; then targets+=("$t"); fi
done
[ ${#targets[@]} -gt 0 ] || { echo "fuzz: no target matches FUZZ_TARGETS='${FUZZ_TARGETS:-}'" >&2; exit 2; }
logs="$root/target/fuzz"
mkdir -p "$logs"
status=0
rows=()
for t in "${targets[@]}"; do
  module="${t%%:*}"; test="${t#*:}"; log="$logs/${test/\#/-}.log"
  echo "fuzz: $test for ${FUZZ_RUNS:+$FUZZ_RUNS runs or }$time (log: $log)" >&2
  env JAZZER_FUZZ=1 JAZZER_MAX_DURATION="$time" ${FUZZ_RUNS:+JAZZER_MAX_EXECUTIONS=$FUZZ_RUNS} \
    nice -n "$niceness" mvn -B -ntp -o verify -pl "$module" -am -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
    -DargLine="-Xmx$heap" -Djacoco.skip=true >"$log" 2>&1
  code=$?
  # libFuzzer's last words: "Done N runs in S second(s)"
  done_line=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | tail -1)
  runs=$(sed 's/Done \([0-9]*\) runs.*/\1/' <<<"$done_line")
  secs=$(sed 's/.* in \([0-9]*\) second/\1/' <<<"$done_line")
  if [ "$code" -eq 0 ]; then finding="none"; else finding="FINDING (see log)"; status=1; fi
  [ -n "$done_line" ] || { runs="?"; secs="?"; }
  rows+=("$(printf "%-52s %14s %8s  %s" "$test" "$runs" "$secs" "$finding")")
done
echo
printf "%-52s %14s %8s  %s\n" "target" "runs" "seconds" "finding"
printf '%s\n' "${rows[@]}"
exit $status
