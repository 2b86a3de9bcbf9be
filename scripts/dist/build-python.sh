#!/usr/bin/env bash
# Python artifacts for make dist: abi3 wheels (CPython 3.9+) for x86_64 and
# aarch64 linked against glibc 2.17 (manylinux2014) with zig as the linker,
# and the sdist; each wheel checked with auditwheel.
#
# Usage: scripts/dist/build-python.sh OUT_DIR TOOLS_VENV
#   TOOLS_VENV has maturin, ziglang and auditwheel (mk/dist.mk makes it).
#   BPJS_WHEEL_TARGETS: the Rust target triples (default x86_64 and aarch64).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:?usage: build-python.sh OUT_DIR TOOLS_VENV}"
venv="${2:?usage: build-python.sh OUT_DIR TOOLS_VENV}"
targets="${BPJS_WHEEL_TARGETS:-x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu}"
# maturin finds zig through the venv's python (python -m ziglang).
export PATH="$venv/bin:$PATH"
export VIRTUAL_ENV="$venv"
mkdir -p "$out"
rm -f "$out"/bpjs_codec-*.tar.gz

installed="$(rustup target list --installed)"
for target in $targets; do
  grep -qx "$target" <<<"$installed" || rustup target add "$target"
  rm -f "$out"/bpjs_codec-*_"${target%%-*}".whl
  start=$SECONDS
  maturin build --release --quiet --zig --compatibility manylinux2014 --target "$target" \
    -m "$root/bindings-python/Cargo.toml" --out "$out"
  echo "build-python: $target wheel in $((SECONDS - start)) s"
done
maturin sdist -m "$root/bindings-python/Cargo.toml" --out "$out"

# auditwheel: the platform tag each wheel is really entitled to (its glibc
# symbols and linked libraries), recorded next to the artifacts.
report="$out/python-auditwheel.txt"
: >"$report"
for wheel in "$out"/bpjs_codec-*.whl; do
  auditwheel show "$wheel" >>"$report" 2>&1
  echo >>"$report"
  # Fails unless the wheel is consistent with its manylinux2014 tag.
  if ! auditwheel show "$wheel" 2>&1 | tr '\n' ' ' | grep -E 'consistent with the following platform tag: "manylinux_2_17_(x86_64|aarch64)"' >/dev/null; then
    echo "build-python: auditwheel does not find $(basename "$wheel") manylinux_2_17 compatible:" >&2
    auditwheel show "$wheel" >&2
    exit 1
  fi
done
ls -l "$out"/bpjs_codec-*
