# The core crate (bpjs-codec): unit, vector, property and doc tests; benches; fuzzing.

.PHONY: build-core test-core bench-core fuzz

BUILD_TARGETS += build-core
TEST_TARGETS += test-core
BENCH_TARGETS += bench-core
DEMO_TARGETS += demo-core

build-core:
	$(CARGO) build --release -p bpjs-codec

# Release mode: the 1 MB vectors and property tests run faster, and the
# dependencies are shared with the simulator's release build.
test-core:
	$(CARGO) test --release -p bpjs-codec

bench-core:
	$(CARGO) bench -p bpjs-codec --bench decode

demo-core:
	$(CARGO) run -q --release -p bpjs-codec --example demo

# Fuzzing (nightly + cargo-fuzz; not part of CI): every target for FUZZ_SECONDS
# (default 600, the hardening bar; FUZZ_SECONDS=60 for a quick look), with a
# per-input timeout and a memory ceiling, so a hang or an out-of-memory fails
# the run like a crash does. Seeds are committed in core/fuzz/seeds/<target>;
# the working corpus stays untracked; libFuzzer's summary of each run goes to
# $(SOAK_DIR)/fuzz-<target>.log. A failing input lands in
# core/fuzz/artifacts/<target>/: copy it to core/fuzz/regressions/<target>/
# (replayed by `make test`) before fixing.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= lz_decompress decrypt_and_decompress process_wrapper metadata audit
fuzz:
	command -v cargo-fuzz >/dev/null || $(CARGO) install -q cargo-fuzz
	@mkdir -p $(SOAK_DIR)
	cd $(ROOT)/core/fuzz && for t in $(FUZZ_TARGETS); do \
	  mkdir -p corpus/$$t && cp -n seeds/$$t/* corpus/$$t/ 2>/dev/null || true; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s (log: $(SOAK_DIR)/fuzz-$$t.log)"; \
	  $(CARGO) +nightly fuzz run $$t corpus/$$t -- -max_total_time=$(FUZZ_SECONDS) \
	    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >$(SOAK_DIR)/fuzz-$$t.log 2>&1 \
	    || { tail -40 $(SOAK_DIR)/fuzz-$$t.log; exit 1; }; \
	  grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb|stat::new_units_added)' $(SOAK_DIR)/fuzz-$$t.log; \
	done
