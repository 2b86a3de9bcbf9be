// `make bench-wasm`: numbers, not pass/fail. On the ~1 MB vector
// (diagnosa_list_1mb), in one process:
//   * the package (WebAssembly) against npm lz-string 1.5.0 + node:crypto doing
//     the same job (the stack Node BPJS tools use today);
//   * the package against the native core (core/examples/native_decode.rs, run as a
//     subprocess when its path is given);
//   * the routes into and out of wasm for a large body (the wrapper's: UTF-8
//     bytes in, encoded natively when given a string; wasm-bindgen's own string
//     passing; the decoded text out, one JSON.parse), to show where the time goes.
// Usage: node bench/decode.mjs [path/to/native_decode]
import { spawnSync } from 'node:child_process';
import { createDecipheriv, createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const require = createRequire(import.meta.url);
const pkgDir = process.env.BPJS_WASM_PKG ? resolve(process.env.BPJS_WASM_PKG) : join(here, '..', 'pkg');
const codec = require(pkgDir);
const raw = require(join(pkgDir, 'bpjs_codec_wasm.js'));
let LZString;
try {
  LZString = require('lz-string');
} catch {
  console.error("bench: npm lz-string is missing: run 'npm ci' in bindings-wasm (make bootstrap)");
  process.exit(1);
}

const vectorsPath = process.env.BPJS_VECTORS || join(root, 'tests', 'vectors', 'vectors.json');
const vectors = JSON.parse(readFileSync(vectorsPath, 'utf8'));
const c = vectors.decode.find((v) => v.name === 'diagnosa_list_1mb');
const { cons_id: consId, secret, timestamp: ts, ciphertext } = c;
const body = JSON.stringify({ metaData: { code: '200', message: 'OK' }, response: ciphertext });
const bodyBytes = Buffer.from(body);
const ciphertextBytes = Buffer.from(ciphertext);

// The JavaScript stack: node:crypto (OpenSSL) for AES, npm lz-string for the rest.
function jsDecryptAndDecompress(cid, sec, t, ct) {
  const k = createHash('sha256').update(cid + sec + t).digest();
  const decipher = createDecipheriv('aes-256-cbc', k, k.subarray(0, 16));
  const plain = Buffer.concat([decipher.update(ct, 'base64'), decipher.final()]).toString('utf8');
  return LZString.decompressFromEncodedURIComponent(plain);
}
function jsProcessWrapper(cid, sec, t, text) {
  const envelope = JSON.parse(text);
  envelope.response = JSON.parse(jsDecryptAndDecompress(cid, sec, t, envelope.response));
  return envelope;
}

// Same results before timing anything.
const expected = JSON.parse(c.text);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
if (jsDecryptAndDecompress(consId, secret, ts, ciphertext) !== c.text) throw new Error('JS stack disagrees with the vector');
if (codec.decryptAndDecompress(consId, secret, ts, ciphertext) !== c.text) throw new Error('wasm disagrees with the vector');
if (!same(codec.processWrapper(consId, secret, ts, body).response, expected)) throw new Error('wasm processWrapper disagrees');
if (!same(jsProcessWrapper(consId, secret, ts, body).response, expected)) throw new Error('JS processWrapper disagrees');

// core/examples/native_decode prints [min, median] ms per function; the
// medians are compared, like the medians measured here.
function nativeMedians(stdout) {
  const run = JSON.parse(stdout);
  return {
    decrypt_and_decompress_ms: run.decrypt_and_decompress[1],
    process_wrapper_ms: run.process_wrapper[1],
    decrypt_ms: run.decrypt[1],
    lz_decompress_ms: run.lz_decompress[1],
  };
}
const nativeArgs = () => [vectorsPath, c.name, '30'];
const nativeBefore = process.argv[2] ? (() => {
  const out = spawnSync(process.argv[2], nativeArgs(), { encoding: 'utf8' });
  return out.status === 0 ? nativeMedians(out.stdout) : undefined;
})() : undefined;

const WARMUP = 5;
const RUNS = 30;
// Interleaved: every round runs each variant once, so a busy machine (other
// builds on the same cores) slows all of them alike; the median per variant
// is reported.
function measure(variants) {
  const names = Object.keys(variants);
  const times = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < WARMUP + RUNS; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length];
      const start = process.hrtime.bigint();
      variants[name]();
      const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
      if (round >= WARMUP) times[name].push(elapsed);
    }
  }
  const result = {};
  for (const name of names) {
    const t = times[name].sort((a, b) => a - b);
    result[name] = t[t.length >> 1];
  }
  return result;
}

const spliced = raw.process_wrapper_str(consId, secret, ts, body, undefined);
const keyMaterial = consId + secret + ts;
const lzText = Buffer.from(codec.decrypt(keyMaterial, ciphertext), 'latin1');
const r = measure({
  jsDecrypt: () => jsDecryptAndDecompress(consId, secret, ts, ciphertext),
  wasmDecrypt: () => codec.decryptAndDecompress(consId, secret, ts, ciphertext),
  wasmDecryptBytes: () => codec.decryptAndDecompress(consId, secret, ts, ciphertextBytes),
  wasmDecryptBindgenStr: () => raw.decrypt_and_decompress_str(consId, secret, ts, ciphertext, undefined),
  jsWrapper: () => jsProcessWrapper(consId, secret, ts, body),
  wasmWrapper: () => codec.processWrapper(consId, secret, ts, body),
  wasmWrapperBytes: () => codec.processWrapper(consId, secret, ts, bodyBytes),
  wasmWrapperBindgenStr: () => JSON.parse(raw.process_wrapper_str(consId, secret, ts, body, undefined)),
  // Breakdown: the core call alone (spliced JSON text out), and the parse.
  coreWrapperStr: () => raw.process_wrapper_str(consId, secret, ts, body, undefined),
  coreWrapperBytes: () => raw.process_wrapper_bytes(consId, secret, ts, bodyBytes, undefined),
  jsonParse: () => JSON.parse(spliced),
  // The two layers alone.
  wasmAes: () => codec.decrypt(keyMaterial, ciphertext),
  wasmLz: () => codec.lzDecompress(lzText),
});

// The native core runs in a subprocess, before and after the measurements
// above; the faster of the two runs counts (another build on the machine
// slows one of them, not the code).
let native;
const nativeBin = process.argv[2];
function runNative() {
  const out = spawnSync(nativeBin, nativeArgs(), { encoding: 'utf8' });
  if (out.status === 0) return nativeMedians(out.stdout);
  console.error(`bench: native_decode failed: ${out.stderr}`);
  return undefined;
}
if (nativeBin) {
  const runs = [nativeBefore, runNative()].filter(Boolean);
  if (runs.length) {
    native = {};
    for (const key of ['decrypt_and_decompress_ms', 'process_wrapper_ms', 'decrypt_ms', 'lz_decompress_ms']) {
      native[key] = Math.min(...runs.map((run) => run[key]));
    }
  }
}

const wasmPath = join(pkgDir, 'bpjs_codec_wasm_bg.wasm');
const wasmSize = statSync(wasmPath).size;
const wasmGz = gzipSync(readFileSync(wasmPath), { level: 9 }).length;
const ms = (x) => `${x.toFixed(2)} ms`;
const ratio = (a, b) => `${(a / b).toFixed(2)}x`;

console.log(`bpjs-codec wasm bench: ${c.name}, ${ciphertext.length} base64 chars -> ${c.text.length} UTF-16 units; median of ${RUNS} after ${WARMUP} warm-up runs`);
console.log(`node ${process.version}; .wasm ${wasmSize} bytes (${wasmGz} gzipped)`);
console.log('');
console.log('decryptAndDecompress (text out)');
console.log(`  lz-string + node:crypto   ${ms(r.jsDecrypt)}`);
console.log(`  wasm, string in           ${ms(r.wasmDecrypt)}   ${ratio(r.jsDecrypt, r.wasmDecrypt)} faster than JS`);
console.log(`  wasm, bytes in            ${ms(r.wasmDecryptBytes)}   ${ratio(r.jsDecrypt, r.wasmDecryptBytes)} faster than JS`);
console.log(`  (route not taken: wasm-bindgen string passing ${ms(r.wasmDecryptBindgenStr)})`);
if (native) console.log(`  native core               ${ms(native.decrypt_and_decompress_ms)}   wasm/native ${ratio(r.wasmDecrypt, native.decrypt_and_decompress_ms)}`);
console.log('  of which:');
console.log(`    AES layer (decrypt)     wasm ${ms(r.wasmAes)}${native ? `   native ${ms(native.decrypt_ms)} (AES-NI)` : ''}`);
console.log(`    lz layer (lzDecompress) wasm ${ms(r.wasmLz)}${native ? `   native ${ms(native.lz_decompress_ms)}   wasm/native ${ratio(r.wasmLz, native.lz_decompress_ms)}` : ''}`);
console.log('');
console.log('processWrapper (whole body -> parsed envelope)');
console.log(`  JSON.parse + JS stack + JSON.parse  ${ms(r.jsWrapper)}`);
console.log(`  wasm, string in           ${ms(r.wasmWrapper)}   ${ratio(r.jsWrapper, r.wasmWrapper)} faster than JS`);
console.log(`  wasm, bytes in            ${ms(r.wasmWrapperBytes)}   ${ratio(r.jsWrapper, r.wasmWrapperBytes)} faster than JS`);
console.log(`  (route not taken: wasm-bindgen string passing ${ms(r.wasmWrapperBindgenStr)})`);
console.log('  of which:');
console.log(`    core call, string in -> JSON text   ${ms(r.coreWrapperStr)}`);
console.log(`    core call, bytes in -> JSON text    ${ms(r.coreWrapperBytes)}`);
console.log(`    one JSON.parse of that text         ${ms(r.jsonParse)}`);
if (native) {
  console.log(`  native core process_wrapper (JSON text out)  ${ms(native.process_wrapper_ms)}   wasm core call/native ${ratio(r.coreWrapperStr, native.process_wrapper_ms)}`);
}
