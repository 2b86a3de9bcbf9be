#!/usr/bin/env bash
# Assembles the npm package in pkg/ from the cargo-built .wasm:
#   wasm-bindgen (CLI pinned to the crate's version) -> wasm-opt (npm binaryen,
#   when installed) -> the hand-written files of npm/.
# Usage: tools/package.sh path/to/bpjs_codec_wasm.wasm [pkg-dir]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
wasm="${1:?usage: tools/package.sh path/to/bpjs_codec_wasm.wasm [pkg-dir]}"
pkg="${2:-$here/pkg}"

want="$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' "$here/Cargo.toml")"
have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have" != "$want" ]; then
  echo "package.sh: wasm-bindgen CLI $want needed, found '${have:-none}' (make bootstrap installs it)" >&2
  exit 1
fi

rm -rf "$pkg"
mkdir -p "$pkg"
# --target nodejs: CommonJS glue that loads the .wasm synchronously with fs;
# the ESM entry (npm/index.mjs) re-exports the same instance.
wasm-bindgen --target nodejs --no-typescript --out-dir "$pkg" --out-name bpjs_codec_wasm "$wasm"

# wasm-opt only from npm binaryen (Debian's breaks the externref table), with
# the features wasm-bindgen's output uses listed explicitly (`--all-features`
# gives broken output too).
wasm_opt="$here/node_modules/.bin/wasm-opt"
if [ "${BPJS_WASM_OPT:-1}" = "1" ] && [ -x "$wasm_opt" ]; then
  "$wasm_opt" "${BPJS_WASM_OPT_LEVEL:--O3}" \
    --enable-bulk-memory --enable-bulk-memory-opt --enable-sign-ext \
    --enable-nontrapping-float-to-int --enable-mutable-globals \
    --enable-reference-types --enable-multivalue \
    -o "$pkg/bpjs_codec_wasm_bg.opt.wasm" "$pkg/bpjs_codec_wasm_bg.wasm"
  mv "$pkg/bpjs_codec_wasm_bg.opt.wasm" "$pkg/bpjs_codec_wasm_bg.wasm"
fi

cp "$here"/npm/{package.json,index.cjs,index.mjs,index.d.ts,index.d.mts,json.cjs,cli.cjs,README.md} "$pkg/"
cp "$here"/../{LICENSE-MIT,LICENSE-APACHE,CHANGELOG.md} "$pkg/"
chmod +x "$pkg/cli.cjs"
# One version for every artifact: the workspace's, from the root Cargo.toml.
version="$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' "$here/../Cargo.toml")"
test -n "$version" || { echo "package.sh: no [workspace.package] version in Cargo.toml" >&2; exit 1; }
node -e '
const fs = require("fs"); const [file, version] = process.argv.slice(1);
const manifest = JSON.parse(fs.readFileSync(file, "utf8"));
manifest.version = version;
fs.writeFileSync(file, JSON.stringify(manifest, null, 2) + "\n");
' "$pkg/package.json" "$version"
raw=$(stat -c %s "$pkg/bpjs_codec_wasm_bg.wasm")
gz=$(gzip -9 -c "$pkg/bpjs_codec_wasm_bg.wasm" | wc -c)
echo "package.sh: $pkg/bpjs_codec_wasm_bg.wasm $raw bytes ($gz gzipped)"
