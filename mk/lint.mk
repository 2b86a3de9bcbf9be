# The Rust half of the lint gate (`make lint`, run first by `make test`):
# rustfmt, and clippy over the whole workspace with warnings as errors. The
# core's crate attributes add `missing_docs`. Each host's fragment appends its
# own linter to LINT_TARGETS (lint-python, lint-php, lint-wasm).

.PHONY: lint-rust

LINT_TARGETS += lint-rust

# The bindings are not default members (they need PHP, Python and clang);
# bootstrap has installed those by the time `make test` lints.
lint-rust:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
