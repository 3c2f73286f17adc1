#!/usr/bin/env bash
# Decode throughput (MB/s) of real Cassandra 5.0.9 gossip streams through the wire decoders.
# Needs bench/target/benchmarks.jar (make build). Prints one table; raw JMH output goes to
# bench/results/wire-decode.csv.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/target/benchmarks.jar"
if [ ! -f "$jar" ]; then
  echo "wire-decode: $jar missing; run 'make build' first" >&2
  exit 3
fi
mkdir -p "$here/results"
csv="$here/results/wire-decode.csv"
java -jar "$jar" 'io.gossippreflight.bench.WireDecodeBenchmark' -rf csv -rff "$csv" "$@" > "$here/results/wire-decode.log" 2>&1 || {
  echo "wire-decode: JMH failed, see $here/results/wire-decode.log" >&2
  exit 1
}
# The ":bytes" rows carry bytes decoded per second; show them as MB/s (10^6 bytes).
tr -d '\r' < "$csv" | awk -F, '
  NR > 1 && $1 ~ /:bytes"?$/ {
    gsub(/"|\r/, "", $0); split($1, n, "."); bench = n[length(n)]; sub(/:bytes$/, "", bench);
    stream = $NF; rate[bench "," stream] = $5 / 1e6; err[bench "," stream] = $6 / 1e6;
    streams[stream] = 1; benches[bench] = 1
  }
  END {
    printf "%-20s %-20s %12s %10s\n", "decoder", "stream", "MB/s", "+/-";
    for (b in benches) for (s in streams) if ((b "," s) in rate)
      printf "%-20s %-20s %12.1f %10.1f\n", b, s, rate[b "," s], err[b "," s];
    if (("streamDecoder,gossip-256-tokens" in rate) && ("nettyDecoders,gossip-256-tokens" in rate))
      printf "ratio netty/stream (256 tokens): %.2f\n", rate["nettyDecoders,gossip-256-tokens"] / rate["streamDecoder,gossip-256-tokens"];
  }'
