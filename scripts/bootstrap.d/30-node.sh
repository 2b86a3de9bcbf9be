#!/usr/bin/env bash
# Node dependencies of the vector generator and the wasm package's tests.
set -euo pipefail
root="${BPJS_ROOT:?}"
for dir in "$root/tests/vectors" "$root/bindings-wasm" "$root/bindings-wasm/lint"; do
  [ -f "$dir/package-lock.json" ] || continue
  stamp="$dir/node_modules/.lock.sha256"
  sum="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$sum" > "$stamp"
  fi
done
