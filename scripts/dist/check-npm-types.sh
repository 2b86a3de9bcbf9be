#!/usr/bin/env bash
# The packed npm tarball seen by TypeScript users (make test-dist): installed
# into a blank project, then `tsc --strict` over an ES module and a CommonJS
# file under node16 resolution and a file under bundler resolution; and
# @arethetypeswrong/cli over the tarball when target/dist-tools/node has it
# (ESM types must not be CommonJS types "masquerading" as ESM).
#
# Usage: scripts/dist/check-npm-types.sh path/to/bpjs-codec-<version>.tgz
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tarball="$(cd "$(dirname "${1:?usage: check-npm-types.sh TARBALL}")" && pwd)/$(basename "$1")"
tools="$root/target/dist-tools/node/node_modules"
tsc="$tools/typescript/bin/tsc"
[ -f "$tsc" ] || tsc="$root/bindings-wasm/node_modules/typescript/bin/tsc"
[ -f "$tsc" ] || { echo "check-npm-types: no TypeScript (make dist-tools-node, or npm ci in bindings-wasm)" >&2; exit 1; }

project="$root/target/dist-test/types"
rm -rf "$project"
mkdir -p "$project"
cd "$project"
npm init -y >/dev/null
npm install --offline --no-audit --no-fund --loglevel=error "$tarball"

mkdir -p node16 bundler
cat > node16/esm.mts <<'TS'
import codec, { buildHeaders, processWrapper, metadata, BpjsCodecError, type Credentials, type Metadata } from 'bpjs-codec';
const creds: Credentials = { consId: '1', secret: 's', userKey: 'k' };
const headers = buildHeaders('vclaim', creds);
const ts: string = headers['X-timestamp'];
const reply = processWrapper(creds.consId, creds.secret, ts, '{}');
const status: Metadata = metadata(reply);
const same: typeof buildHeaders = codec.buildHeaders;
const err: typeof BpjsCodecError = codec.BpjsCodecError;
void status; void same; void err;
// @ts-expect-error: not a service name
buildHeaders('vklaim', creds);
TS
cat > node16/cjs.cts <<'TS'
import codec = require('bpjs-codec');
const headers = codec.buildHeaders('pcare', { consId: '1', secret: 's', userKey: 'k', username: 'u', password: 'p' });
const ok: boolean = codec.metadata(codec.processWrapper('1', 's', headers['X-timestamp'], '{}')).ok;
void ok;
// @ts-expect-error: not an export
codec.notAnExport();
TS
cp node16/esm.mts bundler/use.ts
printf '%s' '{"compilerOptions":{"strict":true,"noEmit":true,"module":"node16","moduleResolution":"node16","target":"es2022","types":[]},"files":["esm.mts","cjs.cts"]}' > node16/tsconfig.json
printf '%s' '{"compilerOptions":{"strict":true,"noEmit":true,"module":"esnext","moduleResolution":"bundler","target":"es2022","types":[]},"files":["use.ts"]}' > bundler/tsconfig.json
for config in node16 bundler; do
  node "$tsc" -p "$config" || { echo "check-npm-types: tsc --strict failed under $config resolution" >&2; exit 1; }
  echo "npm types: tsc --strict passes under $config resolution ($(node "$tsc" --version))"
done

attw="$tools/@arethetypeswrong/cli/dist/index.js"
if [ -f "$attw" ]; then
  node "$attw" --format ascii "$tarball" >"$project/attw.txt" 2>&1 || {
    cat "$project/attw.txt" >&2; echo "check-npm-types: @arethetypeswrong/cli finds problems (above)" >&2; exit 1; }
  echo "npm types: @arethetypeswrong/cli finds no problem (node10, node16 CJS and ESM, bundler)"
else
  echo "npm types: @arethetypeswrong/cli not installed in target/dist-tools/node; skipped"
fi
