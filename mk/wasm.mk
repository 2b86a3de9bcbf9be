# The WebAssembly binding (bindings-wasm): npm package `bpjs-codec` in
# bindings-wasm/pkg (wasm-bindgen, CLI pinned to the crate's version; no
# wasm-pack), its node --test suite (vectors, audit vectors, errors, headers
# against node:crypto, property tests, decompression bombs, package/types,
# CLI, the API table of the README, the simulator end to end), its ESLint
# run (lint-wasm), demo, benchmark, soak.

.PHONY: build-wasm test-wasm lint-wasm demo-wasm bench-wasm soak-wasm

BUILD_TARGETS += build-wasm
TEST_TARGETS += test-wasm
LINT_TARGETS += lint-wasm
DEMO_TARGETS += demo-wasm
BENCH_TARGETS += bench-wasm
SOAK_TARGETS += soak-wasm

WASM_DIR := $(ROOT)/bindings-wasm
WASM_PKG := $(WASM_DIR)/pkg
WASM_CARGO_OUT := $(TARGET_DIR)/wasm32-unknown-unknown/wasm-release/bpjs_codec_wasm.wasm
# Rebuilt only when the binding, its npm files or the core changes.
WASM_SOURCES := $(shell find $(WASM_DIR)/src $(WASM_DIR)/npm $(ROOT)/core/src -type f 2>/dev/null) \
	$(WASM_DIR)/Cargo.toml $(WASM_DIR)/tools/package.sh $(ROOT)/core/Cargo.toml \
	$(ROOT)/Cargo.toml $(ROOT)/LICENSE-MIT $(ROOT)/LICENSE-APACHE $(ROOT)/CHANGELOG.md \
	$(wildcard $(WASM_DIR)/node_modules/binaryen/package.json)

build-wasm: $(WASM_PKG)/bpjs_codec_wasm_bg.wasm

# The root Cargo.toml's wasm-release profile (opt-level 3, fat LTO);
# wasm-opt -O3 (package.sh) then takes 45 KB off at no cost in speed.
$(WASM_PKG)/bpjs_codec_wasm_bg.wasm: $(WASM_SOURCES)
	$(CARGO) build -p bpjs-codec-wasm --target wasm32-unknown-unknown --profile wasm-release
	bash $(WASM_DIR)/tools/package.sh $(WASM_CARGO_OUT) $(WASM_PKG)

# The suite starts the simulator itself (BPJS_SIM_BIN) on port 0.
test-wasm: build-wasm build-sim
	cd $(WASM_DIR) && node --test tests/*.test.mjs

# ESLint (bindings-wasm/lint: its own package.json, lock file and flat
# config) over the package's JavaScript, its tests and tools. Installs the
# locked linter first when the lock file changed (as scripts/bootstrap.d does).
WASM_LINT_DIR := $(WASM_DIR)/lint
lint-wasm:
	@sum="$$(sha256sum $(WASM_LINT_DIR)/package-lock.json | cut -d' ' -f1)"; \
	if [ "$$(cat $(WASM_LINT_DIR)/node_modules/.lock.sha256 2>/dev/null)" != "$$sum" ]; then \
	  (cd $(WASM_LINT_DIR) && npm ci --no-audit --no-fund --loglevel=error) && echo "$$sum" > $(WASM_LINT_DIR)/node_modules/.lock.sha256; \
	fi
	cd $(WASM_LINT_DIR) && npm run --silent lint

# Needs BPJS_SIM_URL (scripts/demo.sh starts the simulator and sets it).
demo-wasm: build-wasm
	@test -n "$${BPJS_SIM_URL:-}" || { echo "demo-wasm: BPJS_SIM_URL is not set (run make demo)" >&2; exit 1; }
	node $(WASM_DIR)/examples/demo.mjs

# Numbers, not pass/fail: the package against npm lz-string + node:crypto and
# against the native core, on the ~1 MB vector.
bench-wasm: build-wasm
	$(CARGO) build -q --release -p bpjs-codec --example native_decode
	node $(WASM_DIR)/bench/decode.mjs $(TARGET_DIR)/release/examples/native_decode

# 100,000 decodes of one simulator reply in one Node process, memory sampled
# every 10,000; fails unless flat. Figures: $(SOAK_DIR)/wasm-decode.txt.
soak-wasm: build-wasm build-sim
	@mkdir -p $(SOAK_DIR)
	node --expose-gc $(WASM_DIR)/soak/decode.mjs $(SOAK_DIR)/wasm-decode.txt
