// End to end over real HTTP on loopback: the simulator (bpjs-sim) is started
// on port 0, requests are signed with buildHeaders and sent with fetch, and
// every service's reply is decoded with processWrapper and the same timestamp.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { CLI, SIM, codec, startSimulator } from './helpers.mjs';

let sim;
before(async () => {
  sim = await startSimulator();
});
after(async () => {
  await sim?.stop();
});

const TODAY = new Date().toISOString().slice(0, 10);

/** One signed request; returns the decoded reply and what was sent. */
async function call(service, path, { method = 'GET', body, fault, credentials = SIM, bytes = false } = {}) {
  const headers = codec.buildHeaders(service, credentials, undefined, { method });
  if (fault) headers['X-Sim-Fault'] = fault;
  const res = await fetch(`${sim.url}/${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const raw = bytes ? new Uint8Array(await res.arrayBuffer()) : await res.text();
  const decode = () => codec.processWrapper(credentials.consId, credentials.secret, headers['X-timestamp'], raw);
  return { status: res.status, raw, timestamp: headers['X-timestamp'], decode };
}

// [service, prod path, dev path, endpoint, request options, check(decoded)]
const HAPPY = [
  ['vclaim', 'vclaim-rest', 'vclaim-rest-dev', 'referensi/poli/INT', {}, (d) => {
    assert.equal(d.metaData.code, '200');
    assert.equal(d.response.poli[0].nama, 'PENYAKIT DALAM');
  }],
  ['vclaim', 'vclaim-rest', 'vclaim-rest-dev', `Peserta/nokartu/0001234567890/tglSEP/${TODAY}`, {}, (d) => {
    assert.equal(d.response.peserta.nama, 'BUDI SIMULASI');
  }],
  ['pcare', 'pcare-rest', 'pcare-rest-dev', 'dokter/0/10', {}, (d) => {
    assert.equal(d.response.count, 8);
    assert.equal(d.response.list[0].nmDokter, 'dr. ANDI SIMULASI');
  }],
  ['antreanrs', 'antreanrs', 'antreanrs_dev', 'ref/poli', {}, (d) => {
    // The catalogue's success code (BPJS answers Antrean RS references with
    // 1); 200 from simulators that predate it.
    const { reply } = codec.catalogue().find((e) => e.service === 'antreanrs' && e.name === 'referensi.poli');
    assert.ok([reply.ok_code, 200].includes(d.metadata.code), `code ${d.metadata.code}`);
    assert.equal(d.response[0].kdpoli, 'INT');
  }],
  ['antreanfktp', 'antreanfktp', 'antreanfktp_dev', `ref/poli/tanggal/${TODAY}`, {}, (d) => {
    assert.equal(d.response[0].namapoli, 'POLI UMUM');
  }],
  ['icare-fktp', 'wsihs/api/pcare', 'ihs_dev/api/pcare', 'validate', { method: 'POST', body: { param: '0001234567890', kodedokter: 100001 } }, (d) => {
    assert.ok(d.response.url.startsWith('https://icare.sim.invalid/'), d.response.url);
  }],
  ['icare-fkrtl', 'wsihs/api/rs', 'ihs_dev/api/rs', 'validate', { method: 'POST', body: { param: '0001234567890', kodedokter: 100001 } }, (d) => {
    assert.ok(d.response.url.startsWith('https://icare.sim.invalid/'), d.response.url);
  }],
  ['apotek', 'apotek-rest', 'apotek-rest-dev', 'referensi/dpho', {}, (d) => {
    assert.equal(d.response.list[0].namaobat, 'Amlodipin 5 mg tab');
  }],
  ['aplicares', 'aplicaresws/rest', 'aplicaresws/rest', 'bed/read/0301R001/1/10', {}, (d) => {
    assert.equal(d.metadata.totalitems, 6);
    assert.equal(d.response.list.length, 6);
  }],
];

describe('every service, production and development paths', () => {
  for (const [service, prod, dev, endpoint, options, check] of HAPPY) {
    for (const path of new Set([prod, dev])) {
      test(`${service} ${options.method ?? 'GET'} /${path}/${endpoint}`, async () => {
        const reply = await call(service, `${path}/${endpoint}`, options);
        assert.equal(reply.status, 200, reply.raw);
        const decoded = reply.decode();
        check(decoded);
        assert.ok(codec.metadata(decoded).ok, JSON.stringify(codec.metadata(decoded)));
        // The status reads the same from the raw body.
        assert.deepEqual(codec.metadata(reply.raw), codec.metadata(decoded));
      });
    }
  }
  test('every service of the package is covered', () => {
    assert.deepEqual(new Set(HAPPY.map(([service]) => service)), new Set(codec.SERVICES));
  });
});

describe('replies that need no decoding', () => {
  test('VClaim SEP delete answers a plain SEP number', async () => {
    const sep = await call('vclaim', 'vclaim-rest/SEP/2.0/insert', {
      method: 'POST',
      body: { request: { t_sep: { noKartu: '0001234567890', tglSep: TODAY, ppkPelayanan: '0301R001' } } },
    });
    const noSep = sep.decode().response.sep.noSep;
    assert.match(noSep, /^0301R001\d{4}V\d{6}$/);
    const del = await call('vclaim', 'vclaim-rest/SEP/2.0/delete', { method: 'DELETE', body: { request: { t_sep: { noSep, user: 'tester' } } } });
    assert.equal(del.decode().response, noSep);
  });

  test('the older PCare path answers plain JSON', async () => {
    const reply = await call('pcare', 'pcare-rest-v3.0/dokter/0/10');
    assert.equal(reply.decode().response.count, 8);
  });

  test('Antrean RS dashboard is plain', async () => {
    const reply = await call('antreanrs', `antreanrs/dashboard/waktutunggu/tanggal/${TODAY}/waktu/rs`);
    assert.ok(Array.isArray(reply.decode().response.list));
  });

  test('a rejected signature: 401 envelope, returned as parsed, not ok', async () => {
    const reply = await call('vclaim', 'vclaim-rest/referensi/poli/INT', { credentials: { ...SIM, secret: 'not-the-secret' } });
    assert.equal(reply.status, 401);
    const decoded = reply.decode();
    assert.equal(decoded.response, null);
    assert.deepEqual(codec.metadata(decoded), { code: 401, message: 'Invalid signature', ok: false });
  });
});

describe('the large payload (about 1 MB)', () => {
  test('PCare diagnosa full list, as bytes and as text', async () => {
    for (const bytes of [true, false]) {
      const reply = await call('pcare', 'pcare-rest/diagnosa/-/0/100000', { bytes });
      const decoded = reply.decode();
      const { count, list } = decoded.response;
      assert.ok(count > 1000, `count ${count}`);
      assert.equal(list.length, count);
      assert.match(list[0].kdDiag, /^[A-Z][0-9]{2}\.[0-9]$/);
      const text = codec.decryptAndDecompress(SIM.consId, SIM.secret, reply.timestamp, JSON.parse(Buffer.from(reply.raw).toString('utf8')).response);
      assert.ok(text.length > 500_000, `${text.length} characters`);
      assert.deepEqual(JSON.parse(text), decoded.response);
    }
  });
});

describe('faults', () => {
  const path = 'vclaim-rest/referensi/poli/INT';
  test('wrong-key: padding', async () => {
    const reply = await call('vclaim', path, { fault: 'wrong-key' });
    assert.throws(reply.decode, (err) => err instanceof codec.BpjsCodecError && err.kind === 'padding');
  });
  test('truncate-block: padding', async () => {
    const reply = await call('vclaim', path, { fault: 'truncate-block' });
    assert.throws(reply.decode, (err) => err.kind === 'padding');
  });
  test('lz-truncate: lz_truncated', async () => {
    const reply = await call('vclaim', path, { fault: 'lz-truncate' });
    assert.throws(reply.decode, (err) => err.kind === 'lz_truncated');
  });
  test('not-json: json', async () => {
    const reply = await call('vclaim', path, { fault: 'not-json' });
    assert.throws(reply.decode, (err) => err.kind === 'json');
  });
  test('truncate: a cut ciphertext is an error (cipher_length), never a success', async () => {
    const reply = await call('vclaim', path, { fault: 'truncate' });
    const cut = JSON.parse(reply.raw).response;
    assert.ok(codec.isCiphertext(cut), 'the core calls the cut response ciphertext');
    assert.throws(reply.decode, (err) => err instanceof codec.BpjsCodecError && err.kind === 'cipher_length');
    assert.throws(() => codec.decryptAndDecompress(SIM.consId, SIM.secret, reply.timestamp, cut), (err) => err.kind === 'cipher_length');
  });
  test('plain: the envelope as parsed', async () => {
    const reply = await call('vclaim', path, { fault: 'plain' });
    assert.equal(reply.decode().response.poli[0].kode, 'INT');
  });
  test('503: the HTML page comes back as text', async () => {
    const reply = await call('vclaim', path, { fault: '503' });
    assert.equal(reply.status, 503);
    assert.equal(reply.decode(), reply.raw);
    assert.equal(codec.metadata(reply.raw).ok, false);
  });
  test('500: the envelope, with code 500', async () => {
    const reply = await call('pcare', 'pcare-rest/dokter/0/10', { fault: '500' });
    assert.equal(reply.status, 500);
    assert.equal(codec.metadata(reply.decode()).code, 500);
  });
});

describe('the CLI on captured traffic', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'bpjs-codec-e2e-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));
  const env = {
    PATH: process.env.PATH,
    BPJS_CONS_ID: SIM.consId,
    BPJS_SECRET: SIM.secret,
    BPJS_USER_KEY: SIM.userKey,
    BPJS_USERNAME: SIM.username,
    BPJS_PASSWORD: SIM.password,
  };
  const cli = (args) => spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8' });

  test('headers from the CLI are accepted by the simulator, and decode decodes the reply', async () => {
    const h = cli(['headers', '--service', 'pcare', '--json']);
    assert.equal(h.status, 0, h.stderr);
    const headers = JSON.parse(h.stdout);
    const res = await fetch(`${sim.url}/pcare-rest/dokter/0/10`, { headers });
    assert.equal(res.status, 200);
    const capture = join(tmp, 'reply.json');
    writeFileSync(capture, await res.text());
    const d = cli(['decode', '--timestamp', headers['X-timestamp'], capture]);
    assert.equal(d.status, 0, d.stderr);
    assert.equal(JSON.parse(d.stdout).response.list[0].nmDokter, 'dr. ANDI SIMULASI');
  });

  test('--find-timestamp recovers an unrecorded timestamp of a real reply', async () => {
    const reply = await call('apotek', 'apotek-rest/referensi/dpho');
    const capture = join(tmp, 'dpho.json');
    writeFileSync(capture, reply.raw);
    const around = Number(reply.timestamp) - 137;
    const d = cli(['decode', '--find-timestamp', String(around), capture]);
    assert.equal(d.status, 0, d.stderr);
    assert.match(d.stderr, new RegExp(`timestamp ${reply.timestamp} decrypts \\(\\+137 s`));
    assert.equal(JSON.parse(d.stdout).response.list[0].namaobat, 'Amlodipin 5 mg tab');
  });
});

describe('the audit trail of real exchanges (docs/audit.md)', () => {
  const secrets = [SIM.secret, SIM.password, SIM.userKey];
  // The drop-ins' default key: derived from the consumer secret.
  const hashKey = codec.deriveHashKey(SIM.secret);
  /** What the drop-ins store: the attempt as it happened, the facility's own secrets scrubbed. */
  async function logged(service, path, { method = 'GET', body, fault, credentials } = {}) {
    const started = Date.now();
    const reply = await call(service, path, { method, body, fault, credentials });
    const attempt = {
      service,
      method,
      endpoint: path.split('/').slice(1).join('/'),
      correlation_id: 'e2e-1',
      request_payload: body,
      http_status: reply.status,
      response_body_raw: reply.raw,
      duration_ms: Date.now() - started,
      triggered_by: 'perawat01',
    };
    try {
      attempt.decoded = reply.decode();
    } catch (err) {
      attempt.error_kind = err.kind;
      attempt.error_message = err.message.slice(err.kind.length + 2);
    }
    const row = codec.auditRecord(attempt, { secret_values: secrets, hash_key: hashKey });
    const text = JSON.stringify(row);
    for (const secret of [...secrets, hashKey, codec.signature(SIM.consId, SIM.secret, reply.timestamp)]) {
      assert.ok(!text.includes(secret), `the row holds a secret: ${text.slice(0, 300)}`);
    }
    return { row, reply };
  }

  test('PCare POST kunjungan: 201 CREATED is a success, identifiers masked, hash of what was sent', async () => {
    const body = { noRawat: '2026/11/24/000001', noKartu: '0001234567890', tglDaftar: '24-11-2026', kdPoli: '001', beratBadan: 65.5 };
    const { row } = await logged('pcare', 'pcare-rest/kunjungan', { method: 'POST', body });
    assert.equal(row.status, 'success');
    assert.deepEqual([row.http_status, row.meta_code, row.meta_message], [200, 201, 'CREATED']);
    assert.equal(row.payload_hash, codec.payloadHash(body, hashKey));
    assert.equal(JSON.parse(row.request_payload).noKartu, '*********7890');
    assert.equal(row.no_rawat, '2026/11/24/000001');
    assert.match(JSON.parse(row.response_body_json).response.message, /^0114U0011126Y/);
    // The send state of the visit's write: sent, with the number BPJS gave,
    // which a later resend reads back from the log row.
    const state = codec.sendState(null, { by: 'send', outcome: 'answered', method: 'POST', record: row, now: 1795000000 });
    assert.deepEqual([state.write, state.status, state.next_attempt_at], ['insert', 'sent', null]);
    assert.equal(state.result_number, row.result_number);
    assert.equal(codec.loggedResultNumber(row), row.result_number);
    const plan = codec.resendPlan(
      { service: 'pcare', method: 'POST', endpoint: 'kunjungan', payload: JSON.stringify(body), result_number: null },
      { logged_success: { http_status: row.http_status, meta_code: row.meta_code, response_body_json: row.response_body_json } },
    );
    assert.deepEqual([plan.action, plan.result, plan.state.result_number], ['already_sent', 'already_sent', row.result_number]);
  });

  test('a failed send of the application is never scheduled, whatever the failure', async () => {
    const body = { noRawat: '2026/11/24/000002', noKartu: '0001234567890', kdPoli: '001' };
    const { row } = await logged('pcare', 'pcare-rest/kunjungan', { method: 'POST', body, fault: '503' });
    assert.equal(row.status, 'failed');
    const state = codec.sendState(null, { by: 'send', outcome: 'answered', method: 'POST', record: row, now: 1795000000 });
    assert.deepEqual([state.status, state.next_attempt_at, state.last_error], ['failed', null, 'HTTP 503']);
  });

  test('a wrong key: failed with kind padding, and never retried', async () => {
    const { row } = await logged('vclaim', 'vclaim-rest/referensi/poli/INT', { fault: 'wrong-key' });
    assert.deepEqual([row.status, row.error_kind, row.response_body_json], ['failed', 'padding', null]);
    assert.match(row.meta_message, /^padding: /);
    const decision = codec.retryDecision({ http_status: 200, error_kind: row.error_kind, attempt: 1, method: 'GET' });
    assert.equal(decision.retry, false);
  });

  test('a rejected signature and a 503 page: failed; only the 503 of a GET is retried', async () => {
    const rejected = await logged('vclaim', 'vclaim-rest/referensi/poli/INT', { credentials: { ...SIM, secret: 'not-the-secret' } });
    assert.deepEqual([rejected.row.status, rejected.row.meta_code], ['failed', 401]);
    assert.equal(codec.retryDecision({ http_status: 401, attempt: 1, method: 'GET' }).retry, false);
    const page = await logged('pcare', 'pcare-rest/dokter/0/10', { fault: '503' });
    assert.deepEqual([page.row.status, page.row.http_status, page.row.meta_code], ['failed', 503, null]);
    const retry = codec.retryDecision({ http_status: 503, attempt: 1, method: 'GET' });
    assert.deepEqual([retry.retry, retry.delay_secs], [true, 60]);
    assert.equal(codec.retryDecision({ http_status: 503, attempt: 1, method: 'POST' }).retry, false);
  });
});
