# The simulator (bpjs-sim): a local BPJS server every end-to-end suite starts
# on port 0 ($(BPJS_SIM_BIN)).

.PHONY: build-sim test-sim demo-sim bench-sim

BUILD_TARGETS += build-sim
TEST_TARGETS += test-sim
DEMO_TARGETS += demo-sim
BENCH_TARGETS += bench-sim

build-sim:
	$(CARGO) build --release -p bpjs-sim

# Release mode: the integration tests start the release binary on port 0 and
# share the release build of the core.
test-sim: build-sim
	$(CARGO) test --release -p bpjs-sim

# Needs BPJS_SIM_URL (scripts/demo.sh starts the simulator and sets it).
demo-sim:
	@test -n "$${BPJS_SIM_URL:-}" || { echo "demo-sim: BPJS_SIM_URL is not set (run make demo)" >&2; exit 1; }
	$(BPJS_SIM_BIN) demo --url "$$BPJS_SIM_URL"

# Signed round trips through an in-process simulator, small and 1 MB answers.
bench-sim: build-sim
	$(BPJS_SIM_BIN) bench
