# bpjs-codec: one Rust core, three hosts.
#
# The README's two commands:
#   make demo   simulator + one decoded round trip through each host
#   make test   every suite (installs what is missing first)
#
# Each component owns a fragment in mk/ that appends its own targets to the
# lists below, so the core, the simulator and each binding can be changed
# without touching this file.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
CARGO ?= cargo
# Honour a caller's CARGO_TARGET_DIR (parallel work trees); default target/.
export CARGO_TARGET_DIR ?= $(ROOT)/target
TARGET_DIR := $(CARGO_TARGET_DIR)
# The simulator binary every end-to-end suite starts on port 0.
export BPJS_SIM_BIN := $(TARGET_DIR)/release/bpjs-sim
# The shared conformance vectors every host's suite loads.
export BPJS_VECTORS := $(ROOT)/tests/vectors/vectors.json
export BPJS_AUDIT_VECTORS := $(ROOT)/tests/vectors/audit.json
export BPJS_ERM_VECTORS := $(ROOT)/tests/vectors/erm.json
VENV := $(ROOT)/.venv
PYTHON := $(VENV)/bin/python
export CARGO_TERM_COLOR ?= never

BUILD_TARGETS :=
TEST_TARGETS :=
DEMO_TARGETS :=
BENCH_TARGETS :=
# Linters, one per language (mk/lint.mk and each host's fragment); `make test` runs them first.
LINT_TARGETS :=
# Long runs (load, 100k-decode memory, valgrind): numbers for docs/reliability.md,
# not part of `make test`. Each writes its figures under $(SOAK_DIR).
SOAK_TARGETS :=
export SOAK_DIR ?= $(ROOT)/target/soak

include $(sort $(wildcard $(ROOT)/mk/*.mk))

.PHONY: help bootstrap build lint test demo bench soak fuzz clean

help:
	@echo "make demo    start the simulator and decode one reply through each host"
	@echo "make test    install what is missing, build, run every suite"
	@echo "make build   build the core, the simulator and every binding"
	@echo "make lint    rustfmt, clippy and each host's linter (part of make test)"
	@echo "make dist    prebuilt artifacts (wheels, npm tarball, PHP extension) in dist/ with SHA256SUMS"
	@echo "make test-dist  install them in a Debian root without Rust and run them (root; minutes)"
	@echo "make bench   benchmarks (numbers, not pass/fail)"
	@echo "make soak    load, memory and valgrind runs (minutes; not part of CI)"
	@echo "make fuzz    bounded cargo-fuzz run (nightly; not part of CI)"

# Idempotent: every step checks before it installs.
bootstrap:
	@bash $(ROOT)/scripts/bootstrap.sh

build: bootstrap $(BUILD_TARGETS)

# Every linter; `make test` runs them before the suites.
lint: $(LINT_TARGETS)
	@echo "make lint: clean"

# Every suite once, its output and files kept and scanned for the canary
# credentials (scripts/test-run.sh); `make test-<component>` runs one suite bare.
test: build
	@$(MAKE) --no-print-directory lint
	@bash $(ROOT)/scripts/test-run.sh $(TEST_TARGETS)
	@echo "make test: all suites passed, no credential in their output"

demo: build
	@bash $(ROOT)/scripts/demo.sh $(DEMO_TARGETS)

bench: build $(BENCH_TARGETS)

soak: build
	@mkdir -p $(SOAK_DIR)
	@$(MAKE) --no-print-directory $(SOAK_TARGETS)
	@echo "make soak: figures in $(SOAK_DIR)"

clean:
	$(CARGO) clean
	rm -rf $(ROOT)/bindings-wasm/pkg $(ROOT)/dist
