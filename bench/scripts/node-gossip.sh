#!/usr/bin/env bash
# Gossip spread and cost. In simulation: rounds until every node holds a new state for N = 10,
# 100, 1000 against log2(N); bytes each node sends per round against the one-SYN floor (≈8 min).
# On real processes: N = 1, 2, 3, 10, 25 node processes (`preflight node start`, one JVM each)
# on 127.0.0.1, CPU (/proc/<pid>/stat and the JVM's clock) and bytes (admin API /v1/stats) per
# node per round beside the simulation's figures for the same N, and the bytes of real Cassandra
# 5.0.9 nodes from the committed two-node capture (≈5 min). Needs bench/target/benchmarks.jar and
# cli/target/preflight.jar (make build).
#   extra arguments           replace the simulated cluster sizes
#   NODE_BENCH_PARTS          "sim processes" (default both; e.g. NODE_BENCH_PARTS=processes)
#   NODE_BENCH_PROCESSES      the process cluster sizes (default "1 2 3 10 25")
#   NODE_BENCH_WINDOW/WARMUP  seconds measured / settled per process cluster size (default 20/20)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/target/benchmarks.jar"
cli="$here/../cli/target/preflight.jar"
capture="$here/../fixtures/captures/cassandra-5.0.9/two-node-join-a.pcap"
parts="${NODE_BENCH_PARTS:-sim processes}"
for f in "$jar" "$cli"; do
  if [ ! -f "$f" ]; then
    echo "node-gossip: $f missing; run 'make build' first" >&2
    exit 3
  fi
done
mkdir -p "$here/results"
if [[ " $parts " == *" sim "* ]]; then
  java -Xmx6g -cp "$jar" io.gossippreflight.bench.GossipSpreadBench "$@" 2> "$here/results/node-gossip.log" || {
    echo "node-gossip: failed, see $here/results/node-gossip.log" >&2
    exit 1
  }
fi
if [[ " $parts " == *" processes "* ]]; then
  # shellcheck disable=SC2086 # the sizes are a word list
  java -Dwindow="${NODE_BENCH_WINDOW:-20}" -Dwarmup="${NODE_BENCH_WARMUP:-20}" -DcassandraCapture="$capture" \
      -cp "$jar" io.gossippreflight.bench.GossipProcessBench "$cli" ${NODE_BENCH_PROCESSES:-1 2 3 10 25} \
      2> "$here/results/node-processes.log" || {
    echo "node-gossip: the real-process run failed, see $here/results/node-processes.log" >&2
    exit 1
  }
fi
