#!/usr/bin/env bash
# Writes cli/target/preflight.jsa, the class-data archive bin/preflight's one-off commands load
# their classes from (pre-parsed, pre-verified: a faster start). `make build` runs it; `make install`
# too, for the installed jar: scripts/class-archive.sh [JAR ARCHIVE] (absolute paths).
#
# The archive is a static one, dumped from the list of classes representative runs load:
# `analyze` on the bundled captures (JSON and text), and a `probe check` of a `probe serve` on loopback (127.0.0.0/8
# only; the responder is started here and stopped by its PID). One run's dynamic archive covered
# only that run's command: with analyze's alone, a probe check loaded Netty and the probe from the
# jar, about 0.15 s more of a run and 0.3 s more CPU (docs/probe.md, "Measured").
# A failure only costs start time: without the probe run the archive covers analyze alone; without
# any, there is none, and bin/preflight runs without it.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="${1:-$root/cli/target/preflight.jar}"   # absolute: the archive records the class path, bin/preflight names it so
jsa="${2:-$root/cli/target/preflight.jsa}"
tmp="$(mktemp -d)"
serve=""
cleanup() {
  [ -n "$serve" ] && kill "$serve" 2>/dev/null && wait "$serve" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
rm -f "$jsa"
[ -f "$jar" ] || { echo "class archive: $jar missing (build first)" >&2; exit 0; }
one_off=(-XX:TieredStopAtLevel=1 -Xshare:off)

java "${one_off[@]}" -XX:DumpLoadedClassList="$tmp/analyze.lst" -jar "$jar" analyze --json \
    "$root"/fixtures/captures/cassandra-5.0.9/blackhole-16tokens-*.pcap >/dev/null 2>&1
# and the text report (the default output), on captures with ICMP errors and pings, which the
# black hole's lack: without them their classes and lambdas load from the jar
java "${one_off[@]}" -XX:DumpLoadedClassList="$tmp/analyze-text.lst" -jar "$jar" analyze \
    "$root"/fixtures/captures/cassandra-5.0.9/control-pmtud-icmp-allowed-*.pcap >/dev/null 2>&1
lists=("$tmp/analyze.lst" "$tmp/analyze-text.lst")

# a loopback address and port unlikely to be in use on a build machine
target=127.0.0.211:17011
java -jar "$jar" probe serve --listen "$target" --duration 60 >"$tmp/serve.out" 2>&1 &
serve=$!
for _ in $(seq 100); do
  grep -q "listening on" "$tmp/serve.out" 2>/dev/null && break
  kill -0 "$serve" 2>/dev/null || break
  sleep 0.1
done
if grep -q "listening on" "$tmp/serve.out" 2>/dev/null \
    && java "${one_off[@]}" -XX:DumpLoadedClassList="$tmp/probe.lst" -jar "$jar" probe check "$target" \
         --listen 127.0.0.212:17011 -q >/dev/null 2>&1; then
  lists+=("$tmp/probe.lst")
else
  echo "note: the loopback probe check for the class archive did not run; probe check starts a little slower" >&2
fi

# both lists, each class once, in first-loaded order
awk '!seen[$0]++' "${lists[@]}" >"$tmp/classes.lst"
if ! java -Xshare:dump -XX:SharedClassListFile="$tmp/classes.lst" -XX:SharedArchiveFile="$jsa" -cp "$jar" \
    >"$tmp/dump.out" 2>&1 || [ ! -f "$jsa" ]; then
  rm -f "$jsa"
  echo "note: no class-data archive written ($(tail -1 "$tmp/dump.out")); commands start a little slower" >&2
fi
exit 0
