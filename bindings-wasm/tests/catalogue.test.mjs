// The endpoint catalogue (docs/catalogue.md) through the Node API: every
// entry builds through request() as the core builds it, the declared names
// are the catalogue's, and the whole catalogue is walked against the
// simulator over real HTTP: request() + fetch + processWrapper.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { PKG_DIR, ROOT, SIM, backend, codec, startSimulator } from './helpers.mjs';
import { declaredBlock, endpointNamesBlock } from './support/endpoint-names.mjs';

const ENDPOINTS = codec.catalogue();
const CREDENTIALS = { consId: '1000', secret: 'S3cr3tK3y', userKey: 'uk-1', username: 'u', password: 'p' };

/** A plausible value for a documented body field, by its BPJS name. */
function fieldValue(name) {
  const lower = name.toLowerCase();
  if (['nokartu', 'nomorkartu', 'param'].includes(lower)) return '0001234567890';
  if (lower.startsWith('tgl') || lower.startsWith('tanggal')) return '2026-12-05';
  if (lower === 'kodepoli' || lower === 'kdpoli') return 'INT';
  if (['status', 'taskid', 'waktu', 'kodedokter', 'jenisresep'].includes(lower)) return 1;
  return '1';
}

/** An object with every documented field, nested objects as objects. */
function sampleBody(fields) {
  const body = {};
  for (const field of fields) {
    if (typeof field === 'string') body[field] = fieldValue(field);
    else for (const [name, inner] of Object.entries(field)) body[name] = sampleBody(inner);
  }
  return body;
}

/** Every parameter's example (the catalogue's own), and a body for endpoints that take one. */
function sampleParams(endpoint) {
  const params = Object.fromEntries(endpoint.params.map((p) => [p.name, p.example]));
  if (endpoint.body !== null) params.body = sampleBody(endpoint.body.fields);
  return params;
}

/** RFC 3986 unreserved characters kept, every other UTF-8 byte %XX (docs/catalogue.md). */
function percentEncode(text) {
  return [...Buffer.from(text, 'utf8')].map((b) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

/** The path a template gives with these parameters, written from the documented format. */
function expectedPath(endpoint, params) {
  const path = endpoint.path.replace(/\{([a-z_0-9]+)(\?)?:[^}]+\}/g, (_, name) => percentEncode(String(params[name])));
  return `/${path}`;
}

describe('the catalogue', () => {
  test('has the documented size, and unique names within each service', () => {
    assert.equal(ENDPOINTS.length, 191);
    const seen = new Set();
    for (const e of ENDPOINTS) {
      const key = `${e.service} ${e.name}`;
      assert.ok(!seen.has(key), key);
      seen.add(key);
      assert.ok(codec.SERVICES.includes(e.service), e.service);
      assert.match(e.name, /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/, e.name);
    }
  });

  test('is a fresh copy each call', () => {
    const a = codec.catalogue();
    a[0].name = 'changed';
    assert.notEqual(codec.catalogue()[0].name, 'changed');
  });

  test('the docs/catalogue.md example, exactly', () => {
    const built = codec.request('vclaim', 'peserta.nik', { nik: '3201011705800001', tgl_sep: '2026-12-05' });
    const { url, ...core } = built;
    assert.deepEqual(core, {
      service: 'vclaim', name: 'peserta.nik', method: 'GET', path: '/Peserta/nik/3201011705800001/tglSEP/2026-12-05',
      content_type: 'application/json', body: null, encrypted_reply: true,
      production_path: 'vclaim-rest', development_path: 'vclaim-rest-dev',
    });
    assert.equal(url, 'https://apijkn.bpjs-kesehatan.go.id/vclaim-rest/Peserta/nik/3201011705800001/tglSEP/2026-12-05');
    const entry = ENDPOINTS.find((e) => e.service === 'vclaim' && e.name === 'peserta.nik');
    assert.deepEqual(entry.reply, { envelope: 'metaData', code: 'string', ok_code: 200 });
    assert.deepEqual(entry.params.map((p) => [p.name, p.type, p.optional, p.example]), [
      ['nik', 'nik', false, '3201011705800001'],
      ['tgl_sep', 'date', false, '2026-12-05'],
    ]);
  });
});

describe('every entry builds through request() from its own examples', () => {
  for (const endpoint of ENDPOINTS) {
    test(`${endpoint.service} ${endpoint.name}`, () => {
      const params = sampleParams(endpoint);
      const built = codec.request(endpoint.service, endpoint.name, params);
      // Exactly the core's JSON form, plus url.
      const core = JSON.parse(backend.build_request(endpoint.service, endpoint.name, JSON.stringify(params), new Float64Array(0)));
      const { url, ...rest } = built;
      assert.deepEqual(rest, core);
      // And what the catalogue says, checked independently of the builder.
      assert.equal(built.method, endpoint.method);
      assert.equal(built.content_type, endpoint.content_type);
      assert.equal(built.encrypted_reply, endpoint.encrypted_reply);
      assert.equal(built.path, expectedPath(endpoint, params));
      assert.equal(url, `${codec.PRODUCTION_HOST}/${endpoint.production_path}${built.path}`);
      if (endpoint.body === null) {
        assert.equal(built.body, null);
      } else {
        let wrapped = params.body;
        for (const key of [...endpoint.body.wrapper].reverse()) wrapped = { [key]: wrapped };
        assert.deepEqual(JSON.parse(built.body), wrapped);
      }
    });
  }
});

describe('request(): url and headers', () => {
  const params = { kode_poli: 'INT', tanggal: '2026-12-05' };

  test('baseUrl (a trailing slash tolerated), production, development', () => {
    const path = '/jadwaldokter/kodepoli/INT/tanggal/2026-12-05';
    for (const baseUrl of ['http://127.0.0.1:8080/antreanrs', 'http://127.0.0.1:8080/antreanrs/', 'http://127.0.0.1:8080/antreanrs//']) {
      assert.equal(codec.request('antreanrs', 'referensi.jadwal_dokter', params, { baseUrl }).url, `http://127.0.0.1:8080/antreanrs${path}`);
    }
    assert.equal(codec.request('antreanrs', 'referensi.jadwal_dokter', params).url, `https://apijkn.bpjs-kesehatan.go.id/antreanrs${path}`);
    assert.equal(codec.request('antreanrs', 'referensi.jadwal_dokter', params, { development: true }).url, `https://apijkn-dev.bpjs-kesehatan.go.id/antreanrs_dev${path}`);
    assert.equal(codec.DEVELOPMENT_HOST, 'https://apijkn-dev.bpjs-kesehatan.go.id');
  });

  test('headers: buildHeaders with the request\'s method and Content-Type, from the timestamp given', () => {
    for (const [service, name, p] of [['vclaim', 'sep.insert', { body: { noKartu: '0001234567890' } }], ['pcare', 'kunjungan.delete', { no_kunjungan: '0114U0011126Y000001' }], ['antreanrs', 'antrean.insert', { body: {} }]]) {
      const built = codec.request(service, name, p, { credentials: CREDENTIALS, timestamp: 1732406400 });
      const expected = codec.buildHeaders(service, CREDENTIALS, 1732406400, { method: built.method, contentType: built.content_type });
      assert.deepEqual(built.headers, expected, `${service} ${name}`);
      assert.equal(built.headers['Content-Type'], built.content_type);
      assert.equal(built.headers['X-timestamp'], '1732406400');
    }
    const now = codec.request('vclaim', 'referensi.poli', { keyword: 'INT' }, { credentials: CREDENTIALS });
    assert.ok(Math.abs(Number(now.headers['X-timestamp']) - codec.nowTimestamp()) < 5);
    assert.equal(codec.request('vclaim', 'referensi.poli', { keyword: 'INT' }).headers, undefined);
  });

  test('wrong arguments are config errors that name the parameter, never its value', () => {
    const config = (fn, pattern) => assert.throws(fn, (err) => err instanceof codec.BpjsCodecError && err.kind === 'config' && pattern.test(err.message) && !err.message.includes('320101170580000'));
    config(() => codec.request('vclaim', 'peserta.nik', { nik: '320101170580000', tgl_sep: '2026-12-05' }), /nik/);
    config(() => codec.request('vclaim', 'peserta.nikk', {}), /peserta\.nikk|name|endpoint/);
    config(() => codec.request('sep', 'peserta.nik', {}), /service/);
    config(() => codec.request('vclaim', 'peserta.nik', [1]), /params/);
    config(() => codec.request('vclaim', 'peserta.nik', { nik: 3201011705800001n }), /BigInt/);
    config(() => codec.request('vclaim', 'peserta.nik', {}, { base_url: 'x' }), /unknown key/);
    config(() => codec.request('vclaim', 'peserta.nik', {}, { development: 'yes' }), /development/);
    config(() => codec.request('vclaim', 'peserta.nik', {}, 'dev'), /options/);
    config(() => codec.request('vclaim', 'referensi.poli', { keyword: 'INT' }, { credentials: { cons_id: '1' } }), /consId/);
  });
});

describe('index.d.ts', () => {
  test('EndpointNames lists exactly the catalogue\'s names, per service, in its order', () => {
    const dts = readFileSync(join(PKG_DIR, 'index.d.ts'), 'utf8');
    const block = declaredBlock(dts);
    assert.ok(block !== null, 'index.d.ts has no endpoint-names markers');
    assert.equal(block, endpointNamesBlock(ENDPOINTS, codec.SERVICES), 'run: node tests/support/endpoint-names.mjs --write');
    const declared = [...block.matchAll(/\| '([^']+)'/g)].map((m) => m[1]);
    const byService = codec.SERVICES.flatMap((service) => ENDPOINTS.filter((e) => e.service === service).map((e) => e.name));
    assert.deepEqual(declared, byService);
    // The source of the package holds the same block as the build.
    assert.equal(declaredBlock(readFileSync(join(ROOT, 'bindings-wasm', 'npm', 'index.d.ts'), 'utf8')), block);
  });
});

describe('the whole catalogue against the simulator', () => {
  test('request() + fetch + processWrapper: every endpoint answers in its envelope', async (t) => {
    const sim = await startSimulator();
    let ok = 0;
    let walked = 0;
    const businessErrors = [];
    const skipped = [];
    try {
      for (const endpoint of ENDPOINTS) {
        const label = `${endpoint.service} ${endpoint.name}`;
        let params = sampleParams(endpoint);
        if (endpoint.production_path.startsWith('erekammedis')) {
          // eRekam Medis: the body is the encrypted medical record.
          const bundle = { resourceType: 'Bundle', type: 'document', entry: [] };
          const fields = { noSep: '0301R0011124V000123', jnsPelayanan: '2', bulan: 12, tahun: 2026, bundle };
          params = { body: JSON.parse(codec.buildMedicalRecordRequest(SIM.consId, SIM.secret, '0301R001', fields)) };
        }
        const req = codec.request(endpoint.service, endpoint.name, params, { credentials: SIM, baseUrl: `${sim.url}/${endpoint.production_path}` });
        const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body ?? undefined });
        const raw = await res.text();
        if (res.status === 404 && raw.startsWith('no BPJS service at')) {
          // A route the simulator does not serve yet (eRekam Medis): say so.
          skipped.push(label);
          continue;
        }
        walked += 1;
        assert.equal(res.status, 200, `${label}: ${res.status} ${raw.slice(0, 200)}`);
        const decoded = codec.processWrapper(SIM.consId, SIM.secret, req.headers['X-timestamp'], raw);
        assert.equal(typeof decoded, 'object', `${label}: not JSON: ${raw.slice(0, 200)}`);
        const meta = decoded[endpoint.reply.envelope];
        assert.ok(meta, `${label}: no ${endpoint.reply.envelope} in ${raw.slice(0, 200)}`);
        assert.equal(typeof meta.code, endpoint.reply.code, `${label}: code ${JSON.stringify(meta.code)}`);
        const code = Number(meta.code);
        // Antrean RS references: BPJS answers 1 (ok_code); the simulator answered 200 before it did.
        const reference = endpoint.service === 'antreanrs' && endpoint.reply.ok_code === 1 && code === 200;
        if (code === endpoint.reply.ok_code || reference) {
          ok += 1;
          // metadata().ok is the generic reading (200 or 1); PCare's 201 CREATED is the endpoint's own.
          assert.equal(codec.metadata(decoded).ok, code === 200 || code === 1, `${label}: ${JSON.stringify(meta)}`);
          const rawResponse = JSON.parse(raw).response ?? null;
          if (endpoint.encrypted_reply && decoded.response !== null && decoded.response !== undefined) {
            assert.ok(typeof rawResponse === 'string' && rawResponse !== decoded.response, `${label}: reply not encrypted`);
          }
          if (!endpoint.encrypted_reply) assert.deepEqual(rawResponse, decoded.response ?? null, `${label}: a plain endpoint answered ciphertext`);
        } else {
          // Sample parameters name no stored record: BPJS's "not found", in the service's shape.
          assert.equal(codec.metadata(decoded).ok, false, `${label}: code ${code} read as ok where ${endpoint.reply.ok_code} is`);
          businessErrors.push(`${label}: ${code} ${meta.message}`);
        }
      }
    } finally {
      await sim.stop();
    }
    t.diagnostic(`walked ${walked}, ${ok} OK, ${businessErrors.length} business errors, not served: ${skipped.join(', ') || 'none'}`);
    assert.equal(walked + skipped.length, ENDPOINTS.length);
    // The simulator serves every route now, eRekam Medis (its encrypted body) included.
    assert.deepEqual(skipped, [], `not served: ${skipped.join(', ')}`);
    assert.ok(ok >= 170, `only ${ok} of ${walked} answered OK: ${businessErrors.join('; ')}`);
    assert.ok(businessErrors.length <= 20, businessErrors.join('; '));
  });
});
