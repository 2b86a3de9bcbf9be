#!/usr/bin/env bash
# Rust side: the wasm target (not guaranteed on a fresh machine) and
# wasm-bindgen-cli at exactly the version of the wasm-bindgen crate.
set -euo pipefail
root="${BPJS_ROOT:?}"
rustup target list --installed | grep -qx wasm32-unknown-unknown \
  || rustup target add wasm32-unknown-unknown
want="$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' "$root/bindings-wasm/Cargo.toml" 2>/dev/null || true)"
if [ -n "$want" ]; then
  have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
  if [ "$have" != "$want" ]; then
    echo "bootstrap: cargo install wasm-bindgen-cli $want"
    # No --locked: one locked dependency is not in the reachable index.
    cargo install -q wasm-bindgen-cli --version "$want"
  fi
fi
