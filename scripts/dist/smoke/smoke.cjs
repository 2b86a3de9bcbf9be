// Smoke test of the installed npm tarball from CommonJS (make test-dist): one
// signed PCare request to bpjs-sim with fetch, its reply decoded; the wrong
// secret must fail. Usage: node smoke.cjs SIM_URL EXPECTED_VERSION
'use strict';
const assert = require('node:assert');
const codec = require('bpjs-codec');

const [base, version] = process.argv.slice(2);
const credentials = { consId: '31337', secret: 'simSecret2026', userKey: 'simUserKey0123456789',
  username: 'pcare.sim', password: 'SimPass!2026' };

(async () => {
  assert.equal(require('bpjs-codec/package.json').version, version);
  const headers = codec.buildHeaders('pcare', credentials);
  const res = await fetch(`${base}/pcare-rest/dokter/0/3`, { headers });
  const body = await res.text();
  const reply = codec.processWrapper(credentials.consId, credentials.secret, headers['X-timestamp'], body);
  assert.ok(codec.metadata(reply).ok);
  assert.equal(reply.response.list[0].nmDokter, 'dr. ANDI SIMULASI');
  assert.throws(() => codec.processWrapper(credentials.consId, 'not-the-secret', headers['X-timestamp'], body),
    (e) => e instanceof codec.BpjsCodecError);
  console.log(`node (CommonJS): bpjs-codec ${version} on Node ${process.version}: PCare dokter decoded`);
})().catch((e) => { console.error(e); process.exit(1); });
