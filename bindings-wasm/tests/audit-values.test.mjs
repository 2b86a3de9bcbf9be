// JavaScript values into the audit functions: what JSON.stringify would
// silently change is a `config` error here, and the few deliberate choices
// (npm/json.cjs, npm/README.md "Audit trail") hold.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import vm from 'node:vm';

import { codec } from './helpers.mjs';

const { BpjsCodecError } = codec;

function configError(fn, pattern) {
  let caught;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof BpjsCodecError, `expected a BpjsCodecError, got ${caught?.stack ?? caught}`);
  assert.equal(caught.kind, 'config', caught.message);
  if (pattern) assert.match(caught.message, pattern);
  return caught;
}

// Every hash is keyed (docs/audit.md): one key for the whole file.
const KEY = 'node-audit-values-key-2026';
const OPTIONS = Object.freeze({ hash_key: KEY });
const ATTEMPT = Object.freeze({ method: 'POST', endpoint: 'kunjungan', correlation_id: 'c-1', service: 'pcare', http_status: 201 });
const cyclic = () => {
  const visit = { noRawat: '2026/11/24/000001' };
  visit.self = { parent: visit };
  return visit;
};

// Values JSON cannot hold, each refused by every function that takes a value.
const NOT_JSON = [
  ['undefined in an object', { a: undefined }, /undefined is not a JSON value/],
  ['undefined in an array', [1, undefined], /undefined \(or a hole\) in an array/],
  ['an array hole', [1, , 3], /hole/], // eslint-disable-line no-sparse-arrays
  ['NaN', { suhu: Number.NaN }, /NaN is not a JSON number/],
  ['Infinity', [Number.POSITIVE_INFINITY], /Infinity is not a JSON number/],
  ['-Infinity', -Infinity, /-Infinity is not a JSON number/],
  ['a BigInt', { nik: 3171234567890001n }, /BigInt/],
  ['a small BigInt', 1n, /BigInt/],
  ['a function', { toJSON: () => 'x' }, /function/],
  ['a symbol', [Symbol('s')], /symbol/],
  ['symbol keys', { [Symbol('k')]: 1 }, /symbol keys/],
  ['a cycle', cyclic(), /cyclic/],
  ['a Date', { tglDaftar: new Date(0) }, /a Date is not a JSON value.*toISOString/],
  ['a Map', new Map([['a', 1]]), /a Map is not a JSON value.*Object\.fromEntries/],
  ['a Set', { s: new Set([1]) }, /a Set/],
  ['a Buffer', { body: Buffer.from('{}') }, /Uint8Array.*toString/],
  ['a RegExp', /x/, /RegExp/],
  ['a boxed string', new String('x'), /String/], // eslint-disable-line no-new-wrappers
  ['a class instance', new (class Kunjungan {})(), /Kunjungan instance/],
];

for (const [label, value, pattern] of NOT_JSON) {
  test(`not JSON, a config error everywhere: ${label}`, () => {
    configError(() => codec.payloadHash(value, KEY), pattern);
    configError(() => codec.canonicalJson(value), pattern);
    configError(() => codec.redact(value), pattern);
    configError(() => codec.auditRecord({ ...ATTEMPT, request_payload: value }, OPTIONS), pattern);
    configError(() => codec.auditRecord({ ...ATTEMPT, decoded: value }, OPTIONS), pattern);
  });
}

test('undefined as the whole value is refused; as an attempt key it means not given', () => {
  configError(() => codec.payloadHash(undefined, KEY), /^config: payloadHash value: undefined is not a JSON value$/);
  configError(() => codec.canonicalJson(), /^config: canonicalJson value: undefined is not a JSON value$/);
  configError(() => codec.redact(undefined), /^config: redact value: undefined is not a JSON value$/);
  const row = codec.auditRecord({ ...ATTEMPT, request_payload: undefined, decoded: undefined }, OPTIONS);
  assert.deepEqual([row.request_payload, row.payload_hash, row.response_body_json], [null, null, null]);
});

test('a message names the argument and the top-level key, never a deeper key or a value', () => {
  const secretKey = 'simSecret2026';
  let err = configError(() => codec.auditRecord({ ...ATTEMPT, request_payload: { [secretKey]: { v: [Number.NaN] } } }, OPTIONS));
  assert.match(err.message, /^config: audit attempt: request_payload: NaN is not a JSON number .*\(at depth 4\)$/);
  assert.ok(!err.message.includes(secretKey), err.message);
  err = configError(() => codec.redact({ noKartu: '0001234567890', [secretKey]: undefined }));
  assert.match(err.message, /^config: redact value: undefined is not a JSON value .*\(at depth 1\)$/);
  assert.ok(!err.message.includes(secretKey) && !err.message.includes('0001234567890'), err.message);
  err = configError(() => codec.redact({}, { secret_values: ['hunter22', undefined] }));
  assert.match(err.message, /^config: redact options: secret_values: undefined \(or a hole\)/);
  assert.ok(!err.message.includes('hunter22'), err.message);
  configError(() => codec.retryDecision({ http_status: 500, attempt: 1, method: 'GET' }, { schedule_secs: [60, Infinity] }), /retry policy: schedule_secs: Infinity/);
});

test('in attempt, options and policy objects, a key set to undefined is a key not given', () => {
  const row = codec.auditRecord({ ...ATTEMPT, triggered_by: undefined, no_rawat: undefined, duration_ms: undefined }, { keep_last: undefined, hash_key: KEY });
  assert.equal(row.triggered_by, null);
  assert.equal(row.duration_ms, 0);
  const decision = codec.retryDecision({ http_status: 503, transport: undefined, attempt: 1, method: 'GET', marked_safe: undefined }, { max_attempts: undefined });
  assert.deepEqual([decision.retry, decision.delay_secs], [true, 60]);
  assert.equal(codec.redact({ nik: '3171234567890001' }, { keep_last: undefined }).nik, '************0001');
  // ... but it is still a key: an unknown one is still refused.
  configError(() => codec.auditRecord({ ...ATTEMPT, correlationId: undefined }, OPTIONS), /unknown key "correlationId"/);
  configError(() => codec.retryDecision({ http_status: 500, attempt: 1, method: 'GET', retries: undefined }), /unknown key "retries"/);
  configError(() => codec.redact({}, { secretValues: undefined }), /unknown key "secretValues"/);
  // A missing required key is named.
  configError(() => codec.auditRecord({ ...ATTEMPT, correlation_id: undefined }, OPTIONS), /correlation_id is required/);
});

test('camelCase keys are refused: the keys are the column names, as in every host', () => {
  configError(() => codec.auditRecord({ method: 'GET', endpoint: 'x', correlationId: 'c' }, OPTIONS), /correlationId/);
  configError(() => codec.redact({}, { keepLast: 2 }), /keepLast/);
  configError(() => codec.retryDecision({ httpStatus: 500, attempt: 1, method: 'GET' }), /httpStatus/);
});

test('arguments of the wrong shape are config errors, never a TypeError or a trap', () => {
  for (const attempt of [undefined, null, 'GET kunjungan', 42, [], [ATTEMPT]]) {
    configError(() => codec.auditRecord(attempt, OPTIONS));
    configError(() => codec.retryDecision(attempt));
  }
  for (const options of ['secret', 4, [], true]) {
    configError(() => codec.redact({}, options), /redact options must be an object/);
    configError(() => codec.auditRecord(ATTEMPT, options), /audit options must be an object/);
  }
  configError(() => codec.retryDecision({ http_status: 500, attempt: 1, method: 'GET' }, 'fast'), /retry policy must be an object/);
  // Not-given options are the defaults.
  for (const options of [undefined, null, {}]) assert.equal(codec.redact({ user_key: 'k' }, options).user_key, '[redacted]');
});

test('a cycle is an error, but the same object twice (not a cycle) is fine', () => {
  const poli = { kdPoli: '001' };
  assert.equal(codec.canonicalJson({ a: poli, b: [poli, poli] }), '{"a":{"kdPoli":"001"},"b":[{"kdPoli":"001"},{"kdPoli":"001"}]}');
  const list = [];
  list.push(list);
  configError(() => codec.payloadHash(list, KEY), /cyclic/);
});

test('nesting: 127 levels (what the core reads back) pass, deeper is a config error, not a stack overflow', () => {
  const nest = (depth) => {
    let value = 'x';
    for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { k: value };
    return value;
  };
  assert.equal(codec.payloadHash(nest(127), KEY).length, 64);
  configError(() => codec.payloadHash(nest(128), KEY), /nested deeper than 127 levels/);
  configError(() => codec.redact(nest(100_000)), /nested deeper than 127 levels/);
  // Inside an attempt the attempt object itself is the first level.
  codec.auditRecord({ ...ATTEMPT, request_payload: nest(126) }, OPTIONS);
  configError(() => codec.auditRecord({ ...ATTEMPT, request_payload: nest(127) }, OPTIONS), /request_payload: nested deeper/);
  // JSON text deeper than redaction goes is stored as the placeholder that
  // says why (fails closed), never as itself; a value too (its row is the placeholder too).
  const deepText = `${'['.repeat(200)}${']'.repeat(200)}`;
  const placeholder = JSON.stringify('[unredactable: nested deeper than 64 levels, 400 bytes]');
  assert.equal(codec.auditRecord({ ...ATTEMPT, request_payload: deepText }, OPTIONS).request_payload, placeholder);
  const stored = codec.auditRecord({ ...ATTEMPT, request_payload: nest(100) }, OPTIONS).request_payload;
  assert.match(JSON.parse(stored), /^\[unredactable: nested deeper than 64 levels, \d+ bytes\]$/);
});

test('lone surrogates in values and keys become U+FFFD, as in the decoders and every UTF-8 encoder', () => {
  assert.equal(codec.canonicalJson({ 'k\ud800': 'Budi\udc00' }), '{"k\ufffd":"Budi\ufffd"}');
  assert.equal(codec.payloadHash(['a\ud83d'], KEY), codec.payloadHash(['a\ufffd'], KEY));
  // A well-formed pair is kept.
  assert.equal(codec.canonicalJson('\ud83c\udfe5'), '"\ud83c\udfe5"');
});

test('numbers: JavaScript has one number type, so 65 and 65.0 are one value; -0 is 0', () => {
  assert.equal(codec.canonicalJson({ beratBadan: 65.0, suhu: 36.5, neg: -0, big: 2 ** 53 - 1 }), '{"beratBadan":65,"big":9007199254740991,"neg":0,"suhu":36.5}');
  assert.equal(codec.payloadHash(JSON.parse('{"a": 1.0}'), KEY), codec.payloadHash({ a: 1 }, KEY));
  // Numbers past 2^53 are not exact in JavaScript; they cross as JavaScript wrote them.
  assert.equal(codec.canonicalJson(1e21), codec.canonicalJson(JSON.parse('1e21')));
  assert.deepEqual(codec.redact({ n: 1e300, m: 5e-324, i: 12345678901234567000 }), { n: 1e300, m: 5e-324, i: 12345678901234567000 });
});

test('every double comes back exact, even where a JSON float reader rounds wrong', () => {
  // serde_json's default reader turns these digits into the neighbouring
  // double; the values cross beside the text instead (npm/json.cjs).
  for (const n of [1.0163890783499605e153, 3.0574271009632426e134, 0.1, -2.5e-300, 2 ** 64, -(2 ** 63) - 4096, 1.7976931348623157e308]) {
    assert.equal(codec.redact([n])[0], n, String(n));
    assert.equal(JSON.parse(codec.canonicalJson({ n })).n, n, String(n));
    assert.equal(JSON.parse(codec.auditRecord({ ...ATTEMPT, request_payload: { n } }, OPTIONS).request_payload).n, n, String(n));
  }
  // Integers are stored as JSON.stringify sends them, so the hash is the one
  // another host computes from the same request text.
  const payload = { a: 2 ** 60, c: 65, d: 0.5 };
  const row = codec.auditRecord({ ...ATTEMPT, request_payload: payload }, OPTIONS);
  assert.equal(row.request_payload, JSON.stringify(payload));
  assert.equal(row.payload_hash, codec.auditRecord({ ...ATTEMPT, request_payload: JSON.stringify(payload) }, OPTIONS).payload_hash);
  // Options and policies take the same path: 2.5 is not a whole number there.
  assert.throws(() => codec.redact({}, { keep_last: 2.5 }), /keep_last must be a whole number/);
});

test('plain objects: null prototype, another realm, JSON.parse\'s __proto__ key, getters read once', () => {
  const bare = Object.create(null);
  bare.kdPoli = '001';
  assert.equal(codec.canonicalJson(bare), '{"kdPoli":"001"}');
  const foreign = vm.runInNewContext('({ list: [1, { a: true }] })');
  assert.equal(codec.canonicalJson(foreign), '{"list":[1,{"a":true}]}');
  const proto = JSON.parse('{"__proto__": {"x": 1}, "a": 2}');
  assert.equal(codec.canonicalJson(proto), '{"__proto__":{"x":1},"a":2}');
  assert.deepEqual(Object.keys(codec.redact(proto)), ['__proto__', 'a']);
  let reads = 0;
  const counted = {
    get noKartu() {
      reads += 1;
      return '0001234567890';
    },
  };
  assert.equal(codec.redact(counted).noKartu, '*********7890');
  assert.equal(reads, 1);
  // A proxy of a plain object is read like the object.
  assert.equal(codec.canonicalJson(new Proxy({ b: 1, a: 2 }, {})), '{"a":2,"b":1}');
});

test('a getter or proxy that throws gives a config error with the original as cause, and no message of its own', () => {
  const failure = new TypeError('database password is hunter22');
  const err = configError(() =>
    codec.auditRecord({
      ...ATTEMPT,
      get request_payload() {
        throw failure;
      },
    }, OPTIONS),
  );
  assert.match(err.message, /audit attempt: could not be read \(a getter or proxy threw a TypeError\)/);
  assert.ok(!err.message.includes('hunter22'));
  assert.equal(err.cause, failure);
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  configError(() => codec.payloadHash({ a: proxy }, KEY), /could not be read/);
  configError(() => codec.payloadHash(proxy, KEY), /could not be read/);
  // Thrown non-errors too.
  configError(() => codec.canonicalJson({ get a() { throw 'plain string'; } }), /threw a string/); // eslint-disable-line no-throw-literal
});

test('results are fresh plain objects and texts', () => {
  const input = { headers: { user_key: 'uk', 'X-cons-id': '31337' } };
  const out = codec.redact(input);
  assert.notEqual(out, input);
  assert.equal(input.headers.user_key, 'uk');
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
  // Scalars pass through redaction.
  for (const scalar of [null, true, 0, 'teks']) assert.deepEqual(codec.redact(scalar), scalar);
  const row = codec.auditRecord(ATTEMPT, OPTIONS);
  assert.equal(row.payload_hash, null); // no payload
  // A 2xx without a readable envelope is never a success (docs/audit.md).
  assert.equal(row.status, 'failed');
  assert.equal(row.error_kind, 'json');
  const answered = codec.auditRecord({ ...ATTEMPT, decoded: { metaData: { code: 201, message: 'CREATED' }, response: null } }, OPTIONS);
  assert.equal(answered.status, 'success');
});

test('the ES module entry exports the audit functions of the same instance', async () => {
  const esm = await import(new URL('../pkg/index.mjs', import.meta.url));
  for (const name of ['auditRecord', 'redact', 'payloadHash', 'canonicalJson', 'retryDecision']) {
    assert.equal(esm[name], codec[name], name);
    assert.equal(esm.default[name], codec[name], name);
  }
});

test('a payload given as JSON text hashes like the value, for every double', () => {
  const payload = { beratBadan: 1.0163890783499605e153 };
  const asValue = codec.auditRecord({ ...ATTEMPT, request_payload: payload }, OPTIONS);
  const asText = codec.auditRecord({ ...ATTEMPT, request_payload: JSON.stringify(payload) }, OPTIONS);
  assert.equal(asText.payload_hash, asValue.payload_hash);
});
