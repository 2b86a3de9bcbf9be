// Property tests (tests/support/properties.mjs), each in a worker thread
// with a time limit: a call that never returns is reported as a hang
// instead of stalling the suite. Runs per property: BPJS_FC_RUNS (default
// 150, kept modest for make test); BPJS_FC_SEED replays a reported failure.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';

import { codec } from './helpers.mjs';
import { outcome, PROPERTIES, PUBLIC_FUNCTIONS } from './support/properties.mjs';

const RUNS = Number(process.env.BPJS_FC_RUNS ?? 150);
const SEED = process.env.BPJS_FC_SEED === undefined ? undefined : Number(process.env.BPJS_FC_SEED);
const HANG_MS = Number(process.env.BPJS_FC_HANG_MS ?? 120_000);

/** Runs one property in a worker; resolves to { ok, report, ms }. */
function runProperty(name, { runs = RUNS, limitMs = HANG_MS } = {}) {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./support/property-worker.mjs', import.meta.url), { workerData: { name, runs, seed: SEED } });
    let settled = false;
    const settle = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => settle({ ok: false, hang: true, report: `no answer within ${limitMs} ms: a hang` }), limitMs);
    worker.once('message', settle);
    worker.once('error', (err) => settle({ ok: false, report: `the worker failed: ${err?.stack ?? err}` }));
    worker.once('exit', (code) => settle({ ok: false, report: `the worker exited (${code}) without an answer` }));
  });
}

for (const name of Object.keys(PROPERTIES)) {
  test(`property: ${name}`, async () => {
    const result = await runProperty(name);
    assert.ok(result.ok, result.report);
  });
}

test('the properties cover every public function', () => {
  const exported = Object.entries(codec)
    .filter(([name, value]) => typeof value === 'function' && name !== 'BpjsCodecError' && name !== 'nowTimestamp')
    .map(([name]) => name);
  assert.deepEqual([...exported].sort(), [...PUBLIC_FUNCTIONS].sort());
});

test('harness self-test: a hang is stopped and reported', async () => {
  const result = await runProperty('harness self-test: a hang', { limitMs: 1500 });
  assert.equal(result.ok, false);
  assert.ok(result.hang, result.report);
});

test('harness self-test: outcome() rejects what the API must never throw', () => {
  assert.throws(() => outcome(() => { throw new TypeError('x'); }), /not a BpjsCodecError/);
  assert.throws(() => outcome(() => { throw new WebAssembly.RuntimeError('unreachable'); }), /not a BpjsCodecError: RuntimeError: unreachable/);
  const leaky = new codec.BpjsCodecError('config', 'the secret is S3cr3t-Leak');
  assert.throws(() => outcome(() => { throw leaky; }, ['S3cr3t-Leak']), /a secret in the message/);
  assert.throws(() => outcome(() => { throw new codec.BpjsCodecError('timeout', 'x'); }), /undocumented kind/);
  assert.deepEqual(Object.keys(outcome(() => codec.lzDecompress(''))), ['error']);
});
