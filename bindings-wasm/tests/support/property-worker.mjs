// One property of properties.mjs, run in a worker thread so that
// properties.test.mjs can stop it if it hangs. Posts { ok, report, ms }.
import { parentPort, workerData } from 'node:worker_threads';

import fc from 'fast-check';

import { PROPERTIES, stillDecodes } from './properties.mjs';

const { name, runs, seed } = workerData;
const started = performance.now();
let report = '';
const make = PROPERTIES[name];
if (name === 'harness self-test: a hang') {
  // properties.test.mjs checks that it stops this and says so.
  for (;;);
} else if (!make) {
  report = `no property named ${JSON.stringify(name)}`;
} else {
  try {
    const details = fc.check(make(), { numRuns: runs, ...(seed === undefined ? {} : { seed }) });
    if (details.failed) {
      const cause = details.errorInstance;
      report = `${fc.defaultReportMessage(details)}\n${cause instanceof Error ? cause.stack : String(cause)}`;
    } else {
      // A wasm trap can leave the module unusable; the next decode would show it.
      stillDecodes();
    }
  } catch (err) {
    report = err instanceof Error ? err.stack : String(err);
  }
}
parentPort.postMessage({ ok: report === '', report, ms: Math.round(performance.now() - started) });
