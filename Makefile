# gossip-preflight. Quick start: `make demo`, `make test`.
SHELL := /bin/bash
MVN ?= mvn
MVN_FLAGS ?= -B -ntp
T ?= vpn-blackhole
PREFLIGHT := bin/preflight
# System packages (Debian/Ubuntu) through scripts/deps.sh: installed when root, else the apt-get line is
# printed and make stops. SKIP_DEPS=1 skips the check (a machine set up some other way).
SKIP_DEPS ?=
DEPS = $(if $(SKIP_DEPS),@true,@bash scripts/deps.sh)

.PHONY: build test properties probe-matrix interop chaos demo lab-up lab-down bench fuzz clean deps deps-build deps-lab install uninstall dist deb
PREFIX ?= /usr/local
DESTDIR ?=
VERSION := $(shell sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
DIST := gossip-preflight-$(VERSION)

## deps: install the system packages a fresh Debian/Ubuntu machine lacks (everything make test and make demo use)
deps:
	$(DEPS) build lab test
deps-build:
	$(DEPS) build
deps-lab:
	$(DEPS) build lab

## build: compile everything and build the runnable jar (cli/target/preflight.jar)
build: deps-build
	$(MVN) $(MVN_FLAGS) -q package -DskipTests
	@# class-data archive for bin/preflight's one-off commands (faster start); a failure only costs that
	@bash scripts/class-archive.sh
	@# man pages and completion scripts, from the command tree (make install puts them in place)
	@java -jar cli/target/preflight.jar man --dir cli/target/man >/dev/null
	@mkdir -p cli/target/completion
	@java -jar cli/target/preflight.jar completion bash > cli/target/completion/preflight.bash
	@java -jar cli/target/preflight.jar completion zsh > cli/target/completion/preflight.zsh

## install: PREFIX (default /usr/local)/bin/preflight, its jar, man pages, bash/zsh completion, docs; DESTDIR for staging
install: build
	@bash scripts/install.sh "$(PREFIX)" "$(DESTDIR)"

uninstall:
	rm -rf "$(DESTDIR)$(PREFIX)/share/gossip-preflight" "$(DESTDIR)$(PREFIX)/share/doc/gossip-preflight"
	rm -f "$(DESTDIR)$(PREFIX)/bin/preflight" "$(DESTDIR)$(PREFIX)"/share/man/man1/preflight*.1 \
	  "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/preflight"

## dist: cli/target/$(DIST).tar.gz, the install layout in one directory: unpack anywhere, run bin/preflight
dist: build
	@rm -rf cli/target/dist && NO_CDS=1 bash scripts/install.sh / "$(CURDIR)/cli/target/dist/$(DIST)" >/dev/null
	tar -C cli/target/dist -czf cli/target/$(DIST).tar.gz $(DIST)
	@echo "cli/target/$(DIST).tar.gz"

## deb: cli/target/gossip-preflight_VERSION_all.deb (dpkg-deb; needs a Java 17 runtime and libpcap at install)
deb: build
	@bash scripts/deb.sh "$(VERSION)"

## test: build and run every test; lab tests (network namespaces) need root
test: deps
	@if [ "$$(id -u)" != 0 ]; then \
	  echo "############################################################"; \
	  echo "## NOT ROOT: lab tests (network namespaces) will be SKIPPED ##"; \
	  echo "## run 'sudo make test' to run them                        ##"; \
	  echo "############################################################"; \
	fi
	$(MVN) $(MVN_FLAGS) verify

## probe-matrix: issue 10's whole matrix on the real kernel (root): every topology, tunnel MTU and round trip,
## five runs of each (make test runs a sample once)
probe-matrix:
	$(MVN) $(MVN_FLAGS) verify -pl cli -am -Dgp.probe.matrix=full -Dtest='ProbeWanLabTest' \
	  -Dsurefire.failIfNoSpecifiedTests=false

## properties: the analyzer's verdict properties over every shared and lab capture, whole cross-product
## (make test samples them). Lab topologies need root; without it only the shared captures run.
properties:
	$(MVN) $(MVN_FLAGS) verify -pl analyzer -am -Dgp.properties.full=true \
	  -Dtest='CapturePropertiesTest,AnalyzerLabTest' -Dsurefire.failIfNoSpecifiedTests=false

## interop: tests against real Apache Cassandra 5.0.9 nodes in the lab (root; see docs/interop.md).
## Fetches Cassandra once into $PREFLIGHT_CACHE (default ~/.cache/gossip-preflight); runs only tests tagged "interop".
interop: deps-lab build
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

## chaos: five of our nodes in the lab under partitions, kill -9, SIGSTOP and clock jumps for CHAOS_MINUTES
## (default 20) across a WAN tunnel (CHAOS_RTT ms, CHAOS_LOSS %) with the invariants checked throughout
## (root; docs/node.md). make test runs a sample of it at 80 ms and 1 %.
CHAOS_MINUTES ?= 20
CHAOS_RTT ?= 150
CHAOS_LOSS ?= 2
chaos:
	@if [ "$$(id -u)" != 0 ]; then echo "chaos needs root (network namespaces): run 'sudo make chaos'"; exit 2; fi
	$(MVN) $(MVN_FLAGS) verify -pl node -am -Dtest=NodeChaosLabTest -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dgp.chaos.minutes=$(CHAOS_MINUTES) -Dgp.chaos.rtt=$(CHAOS_RTT) -Dgp.chaos.loss=$(CHAOS_LOSS) \
	  $(if $(CHAOS_SEED),-Dgp.chaos.seed=$(CHAOS_SEED))
	@grep -h "chaos: " node/target/surefire-reports/*NodeChaosLabTest-output.txt | sed 's/^chaos: //'

## demo: the main job on a built-in default (see README)
demo: deps-lab build
	@bash scripts/demo.sh

## lab-up T=topology: bring up a lab topology (default vpn-blackhole)
lab-up: deps-lab build
	$(PREFLIGHT) lab up $(T)

## lab-down: remove every lab namespace this project created
lab-down: build
	$(PREFLIGHT) lab down --all

## bench: benchmarks against peer tools, printed as ratio tables (not part of make test)
bench: build
	$(if $(SKIP_DEPS),@true,@bash scripts/deps.sh build lab test bench)
	@bash bench/run.sh

## fuzz: every Jazzer fuzz target for FUZZ_TIME each (default 10m; FUZZ_RUNS=N for a count), with a table of runs
fuzz:
	@bash scripts/fuzz.sh

clean:
	$(MVN) $(MVN_FLAGS) -q clean
