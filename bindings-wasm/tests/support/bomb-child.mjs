// One decompression bomb (vectors.json `bombs`) through one public function,
// in a fresh Node process so that its peak RSS belongs to this run alone.
// Prints one JSON line; bomb.test.mjs judges it.
//   node bomb-child.mjs <case name> <lzDecompress|decryptAndDecompress|processWrapper>
import { resourceUsage } from 'node:process';

import { backend, codec, vectors } from '../helpers.mjs';

const [name, fn] = process.argv.slice(2);
const c = vectors().bombs.find((b) => b.name === name);
if (!c) throw new Error(`no bomb named ${name}`);
const options = c.max_output === null ? undefined : { maxOutput: c.max_output };
const body = JSON.stringify({ metaData: { code: '200', message: 'OK' }, response: c.ciphertext });
const run = {
  lzDecompress: () => codec.lzDecompress(c.lz, options),
  decryptAndDecompress: () => codec.decryptAndDecompress(c.cons_id, c.secret, c.timestamp, c.ciphertext, options),
  processWrapper: () => codec.processWrapper(c.cons_id, c.secret, c.timestamp, body, options),
}[fn];

// Warm up the same path on a small reply (and its error path), so that the
// baseline holds compiled code and a settled heap, not just a cold start.
const small = codec.compressAndEncrypt(c.cons_id, c.secret, c.timestamp, JSON.stringify({ list: Array.from({ length: 200 }, (_, i) => ({ kode: `A${i}` })) }));
for (let i = 0; i < 50; i++) {
  codec.processWrapper(c.cons_id, c.secret, c.timestamp, JSON.stringify({ metaData: { code: '200' }, response: small }));
  try {
    codec.lzDecompress(c.lz, { maxOutput: 1000 });
  } catch {
    // output_limit, expected
  }
}

const baseline = { maxRssKb: resourceUsage().maxRSS, wasmBytes: backend.memory_bytes() };
let kind = null;
const started = performance.now();
try {
  run();
} catch (err) {
  kind = err.kind ?? String(err);
}
const ms = Math.round(performance.now() - started);
const after = { maxRssKb: resourceUsage().maxRSS, wasmBytes: backend.memory_bytes() };
// The module stays usable afterwards, in the memory it already has.
const decoded = codec.processWrapper(c.cons_id, c.secret, c.timestamp, JSON.stringify({ metaData: { code: '200' }, response: small })).response.list.length;
process.stdout.write(`${JSON.stringify({ name, fn, kind, ms, cap: c.max_output ?? codec.DEFAULT_MAX_OUTPUT, expandsTo: c.expands_to, baseline, after, decoded, wasmAtEnd: backend.memory_bytes() })}\n`);
