#!/usr/bin/env bash
# Gossip spread and cost in simulation: rounds until every node holds a new state for N = 10,
# 100, 1000 against log2(N); bytes each node sends per round against the one-SYN floor.
# Needs bench/target/benchmarks.jar (make build). Extra arguments replace the cluster sizes.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/target/benchmarks.jar"
if [ ! -f "$jar" ]; then
  echo "node-gossip: $jar missing; run 'make build' first" >&2
  exit 3
fi
mkdir -p "$here/results"
java -Xmx6g -cp "$jar" io.gossippreflight.bench.GossipSpreadBench "$@" 2> "$here/results/node-gossip.log" || {
  echo "node-gossip: failed, see $here/results/node-gossip.log" >&2
  exit 1
}
