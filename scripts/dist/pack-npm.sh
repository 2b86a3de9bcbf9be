#!/usr/bin/env bash
# The npm artifact for make dist: `npm pack` of the built package
# (bindings-wasm/pkg, assembled by tools/package.sh from bindings-wasm/npm).
# bindings-wasm/ itself is the private development package (tests, bench):
# never install or publish that directory.
#
# Usage: scripts/dist/pack-npm.sh OUT_DIR
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:?usage: pack-npm.sh OUT_DIR}"
pkg="$root/bindings-wasm/pkg"
[ -f "$pkg/package.json" ] || { echo "pack-npm: $pkg missing (make build-wasm)" >&2; exit 1; }
mkdir -p "$out"
rm -f "$out"/bpjs-codec-*.tgz
(cd "$pkg" && npm pack --silent --pack-destination "$out" >/dev/null)
tarball="$(ls "$out"/bpjs-codec-*.tgz)"
# What the tarball must hold: both entries, both declaration files, the
# wasm, the CLI, the licenses; nothing from the development package.
listing="$(tar -tzf "$tarball")"
for f in index.cjs index.mjs index.d.ts index.d.mts json.cjs cli.cjs bpjs_codec_wasm.js \
         bpjs_codec_wasm_bg.wasm LICENSE-MIT LICENSE-APACHE README.md package.json; do
  grep -qx "package/$f" <<<"$listing" || { echo "pack-npm: $f missing from $(basename "$tarball")" >&2; exit 1; }
done
if grep -Eq 'package/(tests|bench|soak|node_modules)/' <<<"$listing"; then
  echo "pack-npm: development files in $(basename "$tarball")" >&2; exit 1
fi
echo "pack-npm: $(basename "$tarball") $(stat -c %s "$tarball") bytes, $(wc -l <<<"$listing") files"
