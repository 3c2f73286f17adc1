#!/usr/bin/env bash
# The probe check on the simulated network (fake clock; probe's SimProbeNetwork): issue 10's whole
# matrix — 16 paths x round trips 0/50/150/300 ms (10 % jitter) x 3 seeds — with the verdict both
# ways, whether the seeds agree, and the simulated time until each direction's MTU was pinned,
# beside the goal (black hole 2 s + 10 RTT, ICMP path 1 s + 4 RTT). Against our responder with
# --udp, then against a Cassandra-like node. Simulated times do not depend on this machine's load
# (≈5 min of CPU). Needs bench/target/benchmarks.jar (make build).
#   extra arguments   replace the round trips (ms)
#   PROBE_SIM_SEEDS   seeds per row (default 3)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/target/benchmarks.jar"
if [ ! -f "$jar" ]; then
  echo "probe-sim: $jar missing; run 'make build' first" >&2
  exit 3
fi
for target in responder cassandra; do
  java -Dseeds="${PROBE_SIM_SEEDS:-3}" -Dtarget="$target" -cp "$jar" io.gossippreflight.bench.ProbeSimMatrix "$@"
  echo
done
