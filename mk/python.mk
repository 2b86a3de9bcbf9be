# The Python binding (bindings-python): abi3 wheel built with maturin and
# installed into .venv, its pytest suite (vectors, errors, headers, threads,
# the simulator end to end, the Flask service), the demo, the benchmark and
# the soak (load, memory, valgrind; not part of make test), and the lint of
# the Python code.

.PHONY: build-python test-python lint-python demo-python bench-python soak-python

BUILD_TARGETS += build-python
TEST_TARGETS += test-python
LINT_TARGETS += lint-python
DEMO_TARGETS += demo-python
BENCH_TARGETS += bench-python
SOAK_TARGETS += soak-python

PY_DIR := $(ROOT)/bindings-python
PY_WHEEL_DIR := $(TARGET_DIR)/wheels
# Rebuilt only when the binding, its Python package or the core changes (the
# stamp lives in .venv, so a new virtualenv gets the module again).
PY_STAMP := $(VENV)/.bpjs-codec-python.installed
PY_SOURCES := $(shell find $(PY_DIR)/src $(PY_DIR)/python $(ROOT)/core/src -type f -not -name '*.pyc' 2>/dev/null) \
	$(PY_DIR)/Cargo.toml $(PY_DIR)/pyproject.toml $(ROOT)/core/Cargo.toml

build-python: $(PY_STAMP)

$(PY_STAMP): $(PY_SOURCES)
	@[ -x "$(VENV)/bin/maturin" ] || { echo "build-python: $(VENV)/bin/maturin missing (make bootstrap)" >&2; exit 1; }
	rm -f $(PY_WHEEL_DIR)/bpjs_codec-*.whl
	VIRTUAL_ENV=$(VENV) $(VENV)/bin/maturin build --release --quiet -m $(PY_DIR)/Cargo.toml --out $(PY_WHEEL_DIR)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps --force-reinstall $(PY_WHEEL_DIR)/bpjs_codec-*.whl
	$(PYTHON) -c 'import bpjs_codec; print("bpjs_codec", bpjs_codec.__version__, "installed in .venv")'
	@touch $@

# The suite starts the simulator itself (BPJS_SIM_BIN) on port 0.
test-python: build-python build-sim
	cd $(PY_DIR) && $(PYTHON) -m pytest -q -p no:cacheprovider tests

# ruff (pinned in requirements-dev.txt), its rules in pyproject.toml
# [tool.ruff]: the package, its tests, bench, soak and examples, and the
# repository's scripts/*.py. Needs no build.
lint-python:
	@[ -x "$(VENV)/bin/ruff" ] || { echo "lint-python: $(VENV)/bin/ruff missing (make bootstrap)" >&2; exit 1; }
	cd $(PY_DIR) && $(VENV)/bin/ruff check --no-cache --config pyproject.toml . $(wildcard $(ROOT)/scripts/*.py)

demo-python: build-python
	$(PYTHON) $(PY_DIR)/examples/demo.py

# Numbers, not pass/fail: the binding against flask-bpjs's lzstring +
# pycryptodome stack and against the native core, on the ~1 MB vector.
bench-python: build-python
	$(PYTHON) $(PY_DIR)/bench/bench_decode.py

# Figures, written to $(SOAK_DIR)/python-*.txt: 100,000 decodes in one process
# (flat memory), the Flask service under gunicorn (4 workers, its proxy token,
# total deadline and size limits on) with 2 x 20,000 requests, the second run
# with 20 % injected faults, the workers' RSS, valgrind's leak check,
# and the property tests with many more examples than make test runs.
PY_SOAK_EXAMPLES ?= 2000
# Requests per phase of the service soak (a smaller run on a shared machine:
# make soak-python PY_SOAK_REQUESTS=4000).
PY_SOAK_REQUESTS ?= 20000
soak-python: build-python build-sim
	@mkdir -p $(SOAK_DIR)
	$(PYTHON) $(PY_DIR)/soak/soak_decode.py --out $(SOAK_DIR)/python-decode.txt
	$(PYTHON) $(PY_DIR)/soak/soak_service.py --out $(SOAK_DIR)/python-service.txt --requests $(PY_SOAK_REQUESTS)
	$(PYTHON) $(PY_DIR)/soak/soak_valgrind.py --out $(SOAK_DIR)/python-valgrind.txt
	cd $(PY_DIR) && BPJS_HYPOTHESIS_EXAMPLES=$(PY_SOAK_EXAMPLES) $(PYTHON) -m pytest -q -p no:cacheprovider \
		tests/test_properties.py tests/test_bomb.py | tee $(SOAK_DIR)/python-properties.txt
