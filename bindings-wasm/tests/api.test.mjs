// The same API in every host: the README's table (core function x host) is
// the list, and each Node name in it must be a function of the package, in
// both entries and in the type declarations. Then the behaviour of the
// functions that joined the table, against the shared vectors where they
// have cases.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import LZString from 'lz-string';

import { PKG_DIR, ROOT, auditVectors, codec, startSimulator, vectors } from './helpers.mjs';

/** The rows of the README's api-table, each as its cells (backticks kept). */
function apiTable() {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const match = readme.match(/<!-- api-table:start -->\n([\s\S]*?)<!-- api-table:end -->/);
  assert.ok(match, 'README.md has no <!-- api-table:start --> ... <!-- api-table:end --> section');
  const rows = match[1]
    .trim()
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('|'))
    .map((line) => line.slice(1, line.endsWith('|') ? -1 : undefined).split('|').map((cell) => cell.trim()));
  const [header, separator, ...body] = rows;
  assert.match(header.at(-1), /Node/, `the last column is Node's: ${header.join(' | ')}`);
  assert.ok(separator.every((cell) => /^:?-+:?$/.test(cell)), 'the second row separates the header');
  return body;
}

/** The Node names of the table: the last cell of each row, one `name` in backticks. */
function nodeNames() {
  return apiTable().map((cells) => {
    const names = [...cells.at(-1).matchAll(/`([A-Za-z_$][\w$]*)`/g)].map((m) => m[1]);
    assert.equal(names.length, 1, `one Node name per row, got "${cells.at(-1)}" for ${cells[0]}`);
    return names[0];
  });
}

describe('the README API table', () => {
  const names = nodeNames();

  test('lists the core functions', () => {
    assert.ok(names.length >= 20, `only ${names.length} rows`);
    assert.equal(new Set(names).size, names.length, 'a Node name appears twice');
  });

  test('every Node name is a function of require("bpjs-codec")', () => {
    const missing = names.filter((name) => typeof codec[name] !== 'function');
    assert.deepEqual(missing, [], `not exported as functions: ${missing.join(', ')}`);
  });

  test('every Node name is a function of the ESM entry, the same one', async () => {
    const esm = await import(join(PKG_DIR, 'index.mjs'));
    for (const name of names) {
      assert.equal(typeof esm[name], 'function', name);
      assert.equal(esm[name], codec[name], `${name}: another instance`);
    }
  });

  test('every Node name is declared in index.d.ts', () => {
    const dts = readFileSync(join(PKG_DIR, 'index.d.ts'), 'utf8');
    const missing = names.filter((name) => !new RegExp(`^export declare function ${name}\\b`, 'm').test(dts));
    assert.deepEqual(missing, [], `not declared: ${missing.join(', ')}`);
  });

  test('the ESM entry names every function of the CommonJS one', async () => {
    const esm = await import(join(PKG_DIR, 'index.mjs'));
    const functions = Object.keys(codec).filter((name) => typeof codec[name] === 'function');
    for (const name of functions) assert.equal(esm[name], codec[name], name);
  });
});

describe('authorization', () => {
  test('is the X-authorization of the header vectors', () => {
    const cases = vectors().headers.filter((v) => v.expected?.['X-authorization']);
    assert.ok(cases.length > 0);
    for (const v of cases) {
      const c = v.credentials;
      assert.equal(codec.authorization(c.username, c.password, c.app_code), v.expected['X-authorization'], v.name);
    }
  });

  test('app code "095" when absent, null or empty; the parts joined by colons', () => {
    const expected = `Basic ${Buffer.from('dokter:rahasia:095').toString('base64')}`;
    for (const appCode of [undefined, null, '']) assert.equal(codec.authorization('dokter', 'rahasia', appCode), expected);
    assert.equal(codec.authorization('a', 'b:c', '123'), `Basic ${Buffer.from('a:b:c:123').toString('base64')}`);
    assert.throws(() => codec.authorization({}, 'p'), (err) => err.kind === 'config' && /username/.test(err.message));
  });

  test('equals the header buildHeaders sends', () => {
    const credentials = { consId: '1', secret: 's', userKey: 'k', username: 'u', password: 'p', appCode: '777' };
    const headers = codec.buildHeaders('pcare', credentials, 1732406400);
    assert.equal(codec.authorization('u', 'p', '777'), headers['X-authorization']);
  });
});

describe('servicePath and serviceFromUrl', () => {
  test('each service path leads back to its service, production and development', () => {
    for (const service of codec.SERVICES) {
      const production = codec.servicePath(service);
      const development = codec.servicePath(service, { development: true });
      assert.match(production, /^[a-z][a-z0-9_\-/.]*[a-z]$/, service);
      assert.equal(codec.serviceFromUrl(`https://apijkn.bpjs-kesehatan.go.id/${production}/`), service, production);
      assert.equal(codec.serviceFromUrl(`https://apijkn-dev.bpjs-kesehatan.go.id/${development}`), service, development);
      assert.equal(codec.servicePath(service, { development: false }), production);
    }
    assert.equal(codec.servicePath('vclaim'), 'vclaim-rest');
    assert.equal(codec.servicePath('antreanrs', { development: true }), 'antreanrs_dev');
  });

  test('serviceFromUrl: the longest known path wins; nothing known is null', () => {
    assert.equal(codec.serviceFromUrl('https://apijkn.bpjs-kesehatan.go.id/wsihs/api/pcare'), 'icare-fktp');
    assert.equal(codec.serviceFromUrl('http://127.0.0.1:8080/pcare-rest-v3.0/'), 'pcare');
    for (const url of ['https://example.org/', 'https://apijkn.bpjs-kesehatan.go.id/', '', 'https://pcare-rest/']) {
      assert.equal(codec.serviceFromUrl(url), null, url);
    }
  });

  test('wrong arguments are config errors', () => {
    assert.throws(() => codec.servicePath('sep'), (err) => err.kind === 'config' && /service/.test(err.message));
    assert.throws(() => codec.servicePath('vclaim', true), (err) => err.kind === 'config');
    assert.throws(() => codec.servicePath('vclaim', { development: 'yes' }), (err) => err.kind === 'config');
    assert.throws(() => codec.serviceFromUrl(new URL('https://example.org')), (err) => err.kind === 'config');
  });

  test('the simulator serves each service below its path', async () => {
    const sim = await startSimulator();
    try {
      // The simulator answers an unsigned request to a known path with a
      // BPJS envelope, and an unknown path with something else.
      const status = async (path) => (await fetch(`${sim.url}/${path}`)).status;
      const unknown = await status('no-such-service/referensi/poli/INT');
      for (const service of ['vclaim', 'pcare', 'antreanrs']) {
        const url = `${sim.url}/${codec.servicePath(service)}`;
        assert.equal(codec.serviceFromUrl(url), service, url);
        assert.notEqual(await status(`${codec.servicePath(service)}/referensi/poli/INT`), unknown, service);
      }
    } finally {
      await sim.stop();
    }
  });
});

describe('lzCompress', () => {
  test('compresses every decode vector to its lz-string text', () => {
    // Some vectors' lz-string text is made by hand (a '+' read as a space,
    // characters after the end code): only those the reference wrote count.
    const cases = vectors().decode.filter(
      (v) => typeof v.text === 'string' && v.plaintext === LZString.compressToEncodedURIComponent(v.text),
    );
    assert.ok(cases.length >= 20, `${cases.length} vectors`);
    assert.ok(cases.some((v) => v.name === 'diagnosa_list_1mb'));
    const differ = cases.filter((v) => codec.lzCompress(v.text) !== v.plaintext).map((v) => v.name);
    assert.deepEqual(differ, []);
  });

  test('agrees with the reference lz-string and round-trips through lzDecompress', () => {
    const texts = ['', 'a', 'hello', '🏥 𝕏 𠀀 Puskesmas', 'ababababab'.repeat(500), JSON.stringify({ poli: ['INT', 'ANA'], n: 1 })];
    for (const v of vectors().lz) if (typeof v.text === 'string') texts.push(v.text);
    for (const text of texts) {
      const compressed = codec.lzCompress(text);
      assert.equal(compressed, LZString.compressToEncodedURIComponent(text), JSON.stringify(text.slice(0, 40)));
      if (text !== '') assert.equal(codec.lzDecompress(compressed), text);
    }
    assert.throws(() => codec.lzCompress(Buffer.from('x')), (err) => err.kind === 'config');
  });
});

// A stored text column's cap (docs/audit.md): at most `max` UTF-8 bytes, the
// marker included, cut on a character boundary.
function capped(text, max) {
  const size = Buffer.byteLength(text);
  if (size <= max) return text;
  const marker = `...[truncated: ${size} bytes in all]`;
  let kept = '';
  for (const ch of text) {
    if (Buffer.byteLength(kept + ch) + marker.length > max) break;
    kept += ch;
  }
  return kept + marker;
}

describe('redactEndpoint and resultNumber', () => {
  const records = auditVectors().record;

  test('redactEndpoint stores the endpoint of every audit vector as its row does', () => {
    let compared = 0;
    for (const v of records) {
      const row = codec.auditRecord(auditAttempt(v.attempt), v.options ?? null);
      // The record's options less hash_key, which only auditRecord takes.
      const { hash_key: _key, ...redactOptions } = v.options ?? {};
      const endpoint = codec.redactEndpoint(v.attempt.endpoint, redactOptions);
      // The log row caps its endpoint column (255 bytes, marker included);
      // redactEndpoint never cuts (a resend sends what it returns).
      assert.equal(capped(endpoint, 255), row.endpoint, v.name);
      if ('endpoint' in v.expected) {
        assert.equal(capped(endpoint, 255), v.expected.endpoint, v.name);
        compared += 1;
      }
    }
    assert.ok(compared >= 2, 'the vectors mask identifiers in endpoints');
  });

  test('redactEndpoint: identifiers masked, secret parameters removed, secret values scrubbed', () => {
    assert.equal(codec.redactEndpoint('peserta/0001234567890'), 'peserta/*********7890');
    const scrubbed = codec.redactEndpoint('x?note=Rahasia-Value-99', { secret_values: ['Rahasia-Value-99'] });
    assert.ok(!scrubbed.includes('Rahasia-Value-99'), scrubbed);
    assert.throws(() => codec.redactEndpoint('x', { keepLast: 2 }), (err) => err.kind === 'config');
  });

  test('resultNumber finds what every audit vector row names', () => {
    let named = 0;
    for (const v of records) {
      if (v.attempt.decoded_json === undefined) continue;
      const decoded = JSON.parse(v.attempt.decoded_json);
      const row = codec.auditRecord(auditAttempt(v.attempt), v.options ?? null);
      if (row.status === 'success') assert.equal(codec.resultNumber(decoded), row.result_number, v.name);
      if (typeof v.expected.result_number === 'string') {
        assert.equal(codec.resultNumber(decoded), v.expected.result_number, v.name);
        named += 1;
      }
    }
    assert.ok(named >= 2, 'the vectors name PCare and VClaim numbers');
  });

  test('resultNumber: null when the reply names none, or is not an envelope', () => {
    for (const decoded of [{}, { response: null }, { response: { list: [] } }, 'plain text', [], null, { response: 'OK' }]) {
      assert.equal(codec.resultNumber(decoded), null, JSON.stringify(decoded));
    }
    assert.equal(codec.resultNumber({ response: { field: 'noUrut', message: 'A-012' } }), 'A-012');
    assert.throws(() => codec.resultNumber({ response: new Date(0) }), (err) => err.kind === 'config');
  });
});

// audit.json writes payload and decoded reply as JSON text (`*_json`), as the
// other hosts read them; auditRecord takes them as values.
function auditAttempt(attempt) {
  const out = {};
  for (const [key, value] of Object.entries(attempt)) {
    if (key.endsWith('_json')) out[key.slice(0, -'_json'.length)] = JSON.parse(value);
    else out[key] = value;
  }
  return out;
}
