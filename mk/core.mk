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

# Bounded fuzzing (nightly + cargo-fuzz; not part of CI). Seeds are committed
# in core/fuzz/seeds/<target>; the working corpus stays untracked.
FUZZ_SECONDS ?= 60
fuzz:
	command -v cargo-fuzz >/dev/null || $(CARGO) install -q cargo-fuzz
	cd $(ROOT)/core/fuzz && for t in $$($(CARGO) +nightly fuzz list); do \
	  mkdir -p corpus/$$t && cp -n seeds/$$t/* corpus/$$t/ 2>/dev/null || true; \
	  $(CARGO) +nightly fuzz run $$t corpus/$$t -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 || exit 1; done
