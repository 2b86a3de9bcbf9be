// Smoke test of the installed npm tarball as an ES module (make test-dist):
// named and default imports, one signed VClaim request decoded.
// Usage: node smoke.mjs SIM_URL
import assert from 'node:assert';
import codec, { buildHeaders, processWrapper, metadata, BpjsCodecError } from 'bpjs-codec';

const [base] = process.argv.slice(2);
const consId = '31337', secret = 'simSecret2026';
const headers = buildHeaders('vclaim', { consId, secret, userKey: 'simUserKey0123456789' });
const res = await fetch(`${base}/vclaim-rest/referensi/poli/INT`, { headers });
const reply = processWrapper(consId, secret, headers['X-timestamp'], await res.text());
assert.ok(metadata(reply).ok);
assert.equal(reply.response.poli[0].kode, 'INT');
// One instance behind both entries: the default export is the CommonJS API.
assert.equal(codec.BpjsCodecError, BpjsCodecError);
console.log(`node (ESM): VClaim poli decoded`);
