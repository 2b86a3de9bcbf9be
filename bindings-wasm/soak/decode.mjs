// `make soak-wasm`: 100,000 decodes of one realistic reply in one Node
// process, memory sampled every 10,000, to show that it stays flat. The reply
// is fetched once from the simulator (PCare diagnosa, one page of 25, as a
// clinic's lookup while coding a visit), then decoded with processWrapper, as
// an app does with `await res.text()`.
//
//   node --expose-gc soak/decode.mjs OUT.txt [decodes] [every]
//
// Writes the figures to OUT.txt (and stdout). Exits 1 if a decode differs
// from the first, if the wasm memory grows after the first sample, or if
// RSS after garbage collection ends more than 16 MiB above the first sample.
import { writeFileSync } from 'node:fs';
import { resourceUsage } from 'node:process';

import { backend, codec, SIM, startSimulator } from '../tests/helpers.mjs';

const [out, decodesArg, everyArg] = process.argv.slice(2);
if (!out) {
  console.error('usage: node --expose-gc soak/decode.mjs OUT.txt [decodes] [every]');
  process.exit(2);
}
const DECODES = Number(decodesArg ?? 100_000);
const EVERY = Number(everyArg ?? 10_000);
const RSS_GROWTH_LIMIT = 16 * 1024 * 1024;
const PATH = 'pcare-rest/diagnosa/A/0/25';

const sim = await startSimulator();
let headers;
let body;
try {
  headers = codec.buildHeaders('pcare', SIM);
  const res = await fetch(`${sim.url}/${PATH}`, { headers });
  body = await res.text();
  if (res.status !== 200) throw new Error(`simulator answered ${res.status}: ${body.slice(0, 200)}`);
} finally {
  await sim.stop();
}
const ts = headers['X-timestamp'];
const reference = JSON.stringify(codec.processWrapper(SIM.consId, SIM.secret, ts, body));

const MiB = (bytes) => (bytes / 1024 / 1024).toFixed(1);
const gc = globalThis.gc ?? (() => {});
function sample(decodes, started) {
  gc();
  const m = process.memoryUsage();
  return {
    decodes,
    seconds: (performance.now() - started) / 1000,
    rss: m.rss,
    heapUsed: m.heapUsed,
    external: m.external,
    wasm: backend.memory_bytes(),
    maxRss: resourceUsage().maxRSS * 1024,
  };
}

const lines = [
  `bpjs-codec (wasm) soak: ${DECODES} x processWrapper of one reply, memory every ${EVERY} (after ${globalThis.gc ? 'gc()' : 'no gc: run with --expose-gc'})`,
  `node ${process.version}; reply: GET ${PATH} from bpjs-sim, body ${body.length} characters, decoded ${reference.length} characters`,
  '',
  'decodes    seconds   rss MiB  heapUsed MiB  external MiB  wasm MiB  maxRSS MiB',
];
const row = (s) =>
  `${String(s.decodes).padStart(7)} ${s.seconds.toFixed(2).padStart(10)} ${MiB(s.rss).padStart(9)} ${MiB(s.heapUsed).padStart(13)} ${MiB(s.external).padStart(13)} ${MiB(s.wasm).padStart(9)} ${MiB(s.maxRss).padStart(11)}`;

const started = performance.now();
const samples = [sample(0, started)];
console.log(lines.join('\n'));
console.log(row(samples[0]));
let differing = 0;
for (let i = 1; i <= DECODES; i++) {
  const reply = codec.processWrapper(SIM.consId, SIM.secret, ts, body);
  // Compare a cheap fingerprint every time and the whole text now and then.
  if (reply.response.list.length !== 25 || (i % 997 === 0 && JSON.stringify(reply) !== reference)) differing += 1;
  if (i % EVERY === 0) {
    samples.push(sample(i, started));
    console.log(row(samples.at(-1)));
  }
}

const first = samples[1] ?? samples[0];
const last = samples.at(-1);
const perDecodeUs = ((last.seconds - samples[0].seconds) / DECODES) * 1e6;
const problems = [];
if (differing > 0) problems.push(`${differing} decodes differed from the first`);
if (last.wasm > first.wasm) problems.push(`wasm memory grew after the first sample: ${MiB(first.wasm)} -> ${MiB(last.wasm)} MiB`);
if (last.rss - first.rss > RSS_GROWTH_LIMIT) problems.push(`RSS grew ${MiB(last.rss - first.rss)} MiB after the first sample`);
const summary = [
  '',
  `${perDecodeUs.toFixed(1)} us per decode; from the first sample to the last: rss ${MiB(last.rss - first.rss)} MiB, ` +
    `heapUsed ${MiB(last.heapUsed - first.heapUsed)} MiB, wasm ${MiB(last.wasm - first.wasm)} MiB`,
  problems.length === 0 ? 'flat: no growth after the first sample' : `NOT FLAT: ${problems.join('; ')}`,
];
console.log(summary.join('\n'));
writeFileSync(out, `${[...lines, ...samples.map(row), ...summary].join('\n')}\n`);
process.exit(problems.length === 0 ? 0 : 1);
