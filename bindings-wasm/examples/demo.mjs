// `make demo-wasm`: one signed request to the simulator (BPJS_SIM_URL) with
// fetch, its reply decoded with the same timestamp. Run from a checkout after
// `make build-wasm`; in an app, import from 'bpjs-codec' instead.
import { buildHeaders, isSensitiveHeader, metadata, processWrapper } from '../pkg/index.mjs';

const base = process.env.BPJS_SIM_URL;
if (!base) {
  console.error('demo: set BPJS_SIM_URL (make demo starts the simulator)');
  process.exit(1);
}
// The simulator's made-up default credentials (sim/README.md).
const credentials = {
  consId: process.env.BPJS_CONS_ID ?? '31337',
  secret: process.env.BPJS_SECRET ?? 'simSecret2026',
  userKey: process.env.BPJS_USER_KEY ?? 'simUserKey0123456789',
  username: process.env.BPJS_USERNAME ?? 'pcare.sim',
  password: process.env.BPJS_PASSWORD ?? 'SimPass!2026',
};

const url = `${base}/pcare-rest/dokter/0/3`;
const headers = buildHeaders('pcare', credentials);
const shown = Object.entries(headers).map(([k, v]) => `${k}: ${isSensitiveHeader(k) ? '<redacted>' : v}`);
console.log(`GET ${url}\n  ${shown.join('\n  ')}`);

const res = await fetch(url, { headers });
const body = await res.text();
const reply = processWrapper(credentials.consId, credentials.secret, headers['X-timestamp'], body);
const status = metadata(reply);
console.log(`HTTP ${res.status}, metaData code ${status.code} (${status.message}), ok=${status.ok}`);
console.log(`encrypted response: ${body.length} bytes -> decoded:`);
console.log(JSON.stringify(reply.response, null, 2));
