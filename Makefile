# gossip-preflight. Quick start: `make demo`, `make test`.
SHELL := /bin/bash
MVN ?= mvn
MVN_FLAGS ?= -B -ntp
T ?= vpn-blackhole
PREFLIGHT := bin/preflight

.PHONY: build test interop demo lab-up lab-down bench fuzz clean

## build: compile everything and build the runnable jar (cli/target/preflight.jar)
build:
	$(MVN) $(MVN_FLAGS) -q package -DskipTests
	@# class-data archive for bin/preflight's one-off commands (faster start); a failure only costs that. The jar's
	@# absolute path goes into the archive: bin/preflight must name the jar the same way to use it.
	@rm -f cli/target/preflight.jsa; java -XX:ArchiveClassesAtExit=cli/target/preflight.jsa -Xlog:cds=off \
	  -Xlog:cds+dynamic=off -XX:TieredStopAtLevel=1 -jar "$(CURDIR)/cli/target/preflight.jar" analyze --json \
	  fixtures/captures/cassandra-5.0.9/blackhole-16tokens-*.pcap >/dev/null 2>&1; \
	  [ -f cli/target/preflight.jsa ] || echo "note: no class-data archive written; analyze starts a little slower"

## test: build and run every test; lab tests (network namespaces) need root
test:
	@if [ "$$(id -u)" != 0 ]; then \
	  echo "############################################################"; \
	  echo "## NOT ROOT: lab tests (network namespaces) will be SKIPPED ##"; \
	  echo "## run 'sudo make test' to run them                        ##"; \
	  echo "############################################################"; \
	fi
	$(MVN) $(MVN_FLAGS) verify

## interop: tests against real Apache Cassandra 5.0.9 nodes in the lab (root; see docs/interop.md).
## Fetches Cassandra once into $PREFLIGHT_CACHE (default ~/.cache/gossip-preflight); runs only tests tagged "interop".
interop: build
	@if [ "$$(id -u)" != 0 ]; then \
	  echo "###############################################################"; \
	  echo "## NOT ROOT: interop tests (real Cassandra in network        ##"; \
	  echo "## namespaces) will be SKIPPED; run 'sudo make interop'      ##"; \
	  echo "###############################################################"; \
	fi
	java -cp fixtures/target/classes io.gossippreflight.fixtures.cassandra.CassandraDistribution fetch
	@rm -f */target/interop/timings.txt
	@required=false; [ "$$(id -u)" = 0 ] && required=true; \
	$(MVN) $(MVN_FLAGS) verify -Pinterop -Dgp.interop.required=$$required; status=$$?; \
	echo "== interop timings (also in */target/interop/timings.txt; node logs in */target/interop/<TestClass>/<node>/)"; \
	cat */target/interop/timings.txt 2>/dev/null; exit $$status

## demo: the main job on a built-in default (see README)
demo: build
	@bash scripts/demo.sh

## lab-up T=topology: bring up a lab topology (default vpn-blackhole)
lab-up: build
	$(PREFLIGHT) lab up $(T)

## lab-down: remove every lab namespace this project created
lab-down: build
	$(PREFLIGHT) lab down --all

## bench: benchmarks against peer tools, printed as ratio tables (not part of make test)
bench: build
	@bash bench/run.sh

## fuzz: every Jazzer fuzz target for FUZZ_TIME each (default 10m; FUZZ_RUNS=N for a count), with a table of runs
fuzz:
	@bash scripts/fuzz.sh

clean:
	$(MVN) $(MVN_FLAGS) -q clean
