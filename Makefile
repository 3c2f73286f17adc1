# gossip-preflight. Quick start: `make demo`, `make test`.
SHELL := /bin/bash
MVN ?= mvn
MVN_FLAGS ?= -B -ntp
T ?= vpn-blackhole
PREFLIGHT := bin/preflight

.PHONY: build test demo lab-up lab-down bench clean

## build: compile everything and build the runnable jar (cli/target/preflight.jar)
build:
	$(MVN) $(MVN_FLAGS) -q package -DskipTests

## test: build and run every test; lab tests (network namespaces) need root
test:
	@if [ "$$(id -u)" != 0 ]; then \
	  echo "############################################################"; \
	  echo "## NOT ROOT: lab tests (network namespaces) will be SKIPPED ##"; \
	  echo "## run 'sudo make test' to run them                        ##"; \
	  echo "############################################################"; \
	fi
	$(MVN) $(MVN_FLAGS) verify

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

clean:
	$(MVN) $(MVN_FLAGS) -q clean
