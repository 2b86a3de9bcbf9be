// Every error kind reaches JavaScript as a BpjsCodecError with `.kind`, and no
// message carries a secret. Argument conversion errors are `config`.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { codec, vectors } from './helpers.mjs';

const { BpjsCodecError, ErrorKind } = codec;
const CONS = '1000';
const SECRET = 'Rahasia-Sekali-123';
const TS = '1732406400';
const USER_KEY = 'userkey-rahasia-456';
const PASSWORD = 'Sandi-Rahasia-789';

function expectKind(kind, fn) {
  let caught;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught, `expected a ${kind} error`);
  assert.ok(caught instanceof BpjsCodecError, String(caught));
  assert.ok(caught instanceof Error);
  assert.equal(caught.name, 'BpjsCodecError');
  assert.equal(caught.kind, kind, caught.message);
  assert.ok(caught.message.startsWith(`${kind}: `), caught.message);
  return caught;
}

const encrypted = (text, ts = TS) => codec.compressAndEncrypt(CONS, SECRET, ts, text);
const envelope = (response) => JSON.stringify({ metaData: { code: '200', message: 'OK' }, response });
const corruptLz = () => vectors().lz.find((c) => c.error === 'lz_corrupt').input;

// One way to get each kind; the test below checks that every kind is covered.
const PRODUCERS = {
  base64: () => codec.decryptAndDecompress(CONS, SECRET, TS, 'bukan base64!'),
  cipher_length: () => codec.decryptAndDecompress(CONS, SECRET, TS, 'AAAA'),
  padding: () => codec.processWrapper(CONS, SECRET, '1732406401', envelope(encrypted('{"a":1}'))),
  lz_empty: () => codec.lzDecompress(''),
  lz_invalid_char: () => codec.lzDecompress('abc!'),
  lz_truncated: () => codec.lzDecompress('A'),
  lz_corrupt: () => codec.lzDecompress(corruptLz()),
  output_limit: () => codec.decryptAndDecompress(CONS, SECRET, TS, encrypted('a'.repeat(100000)), { maxOutput: 1000 }),
  json: () => codec.processWrapper(CONS, SECRET, TS, envelope(encrypted('Sukses, bukan JSON'))),
  config: () => codec.decryptAndDecompress(CONS, '', TS, 'AAAA'),
};

test('the exported kinds are the core kinds of SPEC section 3', () => {
  assert.deepEqual([...codec.ERROR_KINDS].sort(), Object.keys(PRODUCERS).sort());
  assert.deepEqual(Object.values(ErrorKind).sort(), [...codec.ERROR_KINDS].sort());
  assert.ok(Object.isFrozen(codec.ERROR_KINDS) && Object.isFrozen(ErrorKind));
});

for (const [kind, produce] of Object.entries(PRODUCERS)) {
  test(`kind ${kind}`, () => {
    expectKind(kind, produce);
  });
}

test('padding says what to check', () => {
  const err = expectKind('padding', PRODUCERS.padding);
  assert.match(err.message, /wrong cons_id, secret or timestamp/);
});

test('config errors name the missing field', () => {
  assert.match(expectKind('config', () => codec.decryptAndDecompress('', SECRET, TS, 'AAAA')).message, /cons_id/);
  assert.match(expectKind('config', () => codec.decryptAndDecompress(CONS, SECRET, '', 'AAAA')).message, /timestamp/);
  assert.match(expectKind('config', () => codec.signature(CONS, '', TS)).message, /secret/);
  assert.match(expectKind('config', () => codec.compressAndEncrypt('', SECRET, TS, '{}')).message, /cons_id/);
  assert.match(expectKind('config', () => codec.decrypt('', 'AAAA')).message, /key/);
  assert.match(expectKind('config', () => codec.buildHeaders('vclaim', { consId: CONS, secret: SECRET }, 1)).message, /user_key/);
  assert.match(expectKind('config', () => codec.buildHeaders('pcare', { consId: CONS, secret: SECRET, userKey: USER_KEY }, 1)).message, /username/);
  assert.match(expectKind('config', () => codec.buildHeaders('bpjs', { consId: CONS, secret: SECRET }, 1)).message, /service/);
  assert.match(expectKind('config', () => codec.buildHeaders('vclaim', { consId: CONS, secret: SECRET, userKey: USER_KEY }, 1, { method: 'PATCH' })).message, /method/);
});

test('arguments of the wrong type are config errors, not crashes', () => {
  const cases = [
    () => codec.decryptAndDecompress(CONS, SECRET, 1.5, 'AAAA'),
    () => codec.decryptAndDecompress(CONS, SECRET, -1, 'AAAA'),
    () => codec.decryptAndDecompress(CONS, SECRET, Number.NaN, 'AAAA'),
    () => codec.decryptAndDecompress(CONS, SECRET, 2 ** 60, 'AAAA'),
    () => codec.decryptAndDecompress(CONS, SECRET, '17324064.5', 'AAAA'),
    () => codec.decryptAndDecompress(CONS, SECRET, ' 1732406400', 'AAAA'),
    () => codec.decryptAndDecompress(CONS, SECRET, {}, 'AAAA'),
    () => codec.decryptAndDecompress(CONS, SECRET, TS, 12345),
    () => codec.decryptAndDecompress(CONS, SECRET, TS, 'AAAA', 5),
    () => codec.decryptAndDecompress(CONS, SECRET, TS, 'AAAA', { maxOutput: -1 }),
    () => codec.decryptAndDecompress(CONS, SECRET, TS, 'AAAA', { maxOutput: 1.5 }),
    () => codec.decryptAndDecompress(CONS, SECRET, TS, 'AAAA', { maxOutput: '10' }),
    () => codec.decryptAndDecompress({}, SECRET, TS, 'AAAA'),
    () => codec.processWrapper(CONS, SECRET, TS, { response: 'x' }),
    () => codec.lzDecompress(42),
    () => codec.buildHeaders('vclaim', null),
    () => codec.buildHeaders('vclaim', 'credentials'),
    () => codec.buildHeaders('vclaim', { consId: CONS, secret: SECRET, userKey: USER_KEY }, 1, 'POST'),
    () => codec.buildHeaders(42, { consId: CONS, secret: SECRET, userKey: USER_KEY }, 1),
    () => codec.compressAndEncrypt(CONS, SECRET, TS, { a: 1 }),
    () => codec.metadata({ big: 1n }),
  ];
  for (const fn of cases) expectKind('config', fn);
});

test('a missing payload reads as empty text, with the kind of empty input', () => {
  expectKind('lz_empty', () => codec.lzDecompress(null));
  expectKind('cipher_length', () => codec.decryptAndDecompress(CONS, SECRET, TS, undefined));
});

test('snake_case credentials get a hint instead of a bare "missing"', () => {
  const err = expectKind('config', () => codec.buildHeaders('vclaim', { cons_id: CONS, secret: SECRET, user_key: USER_KEY }, 1));
  assert.match(err.message, /camelCase/);
});

test('bytes, ArrayBuffer and typed-array views are accepted where text is', () => {
  const ct = encrypted('{"ok":true}');
  const bytes = new TextEncoder().encode(ct);
  const padded = new Uint8Array(bytes.length + 8);
  padded.set(bytes, 4);
  for (const input of [ct, bytes, bytes.buffer, Buffer.from(ct), new DataView(padded.buffer, 4, bytes.length)]) {
    assert.equal(codec.decryptAndDecompress(CONS, SECRET, TS, input), '{"ok":true}');
  }
  assert.deepEqual(codec.processWrapper(CONS, SECRET, TS, Buffer.from(envelope(ct))).response, { ok: true });
  // The core's body rule: a leading byte order mark does not stop JSON from
  // being JSON, and a body that is not JSON comes back exactly as it came.
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(envelope(ct))]);
  assert.deepEqual(codec.processWrapper(CONS, SECRET, TS, bom).response, { ok: true });
  assert.equal(codec.processWrapper(CONS, SECRET, TS, Buffer.from('\ufeffService Unavailable')), '\ufeffService Unavailable');
  // A non-JSON body comes back as its text, from a string or from bytes.
  assert.equal(codec.processWrapper(CONS, SECRET, TS, Buffer.from('<html>502</html>')), '<html>502</html>');
});

test('no error message, in any kind, contains a secret or a derived value', () => {
  const sig = codec.signature(CONS, SECRET, TS);
  const forbidden = [SECRET, USER_KEY, PASSWORD, sig, CONS + SECRET + TS, Buffer.from(`u:${PASSWORD}:095`).toString('base64')];
  const messages = [];
  const collect = (fn) => {
    try {
      fn();
    } catch (err) {
      messages.push(err.message, String(err), err.stack ?? '', JSON.stringify(err));
    }
  };
  for (const produce of Object.values(PRODUCERS)) collect(produce);
  collect(() => codec.decrypt(CONS + SECRET + TS, 'AAAAAAAAAAAAAAAAAAAAAA=='));
  collect(() => codec.buildHeaders('pcare', { consId: CONS, secret: SECRET, userKey: USER_KEY, password: PASSWORD }, TS));
  collect(() => codec.buildHeaders('pcare', { consId: CONS, secret: SECRET, userKey: USER_KEY, username: 'u', password: PASSWORD }, 'x'));
  collect(() => codec.processWrapper(CONS, SECRET, '1', envelope(encrypted(`{"secret":"${SECRET}"}`))));
  assert.ok(messages.length >= 10);
  for (const message of messages) {
    for (const secret of forbidden) assert.ok(!message.includes(secret), `leaked in: ${message}`);
  }
});

test('the ES module entry shares the class and the instance', async () => {
  const esm = await import(new URL('../pkg/index.mjs', import.meta.url));
  assert.equal(esm.BpjsCodecError, BpjsCodecError);
  assert.deepEqual(Object.keys(esm).filter((k) => k !== 'default').sort(), Object.keys(codec).sort());
  assert.equal(esm.default.processWrapper, codec.processWrapper);
  try {
    esm.lzDecompress('');
    assert.fail('no error');
  } catch (err) {
    assert.ok(err instanceof BpjsCodecError);
    assert.equal(err.kind, ErrorKind.LzEmpty);
  }
});

test('the module stays usable after many errors (no leaked state in wasm)', () => {
  for (let i = 0; i < 2000; i++) {
    try {
      codec.processWrapper(CONS, SECRET, '1', envelope(encrypted('{"i":1}')));
    } catch {
      // padding, expected
    }
  }
  assert.deepEqual(codec.processWrapper(CONS, SECRET, TS, envelope(encrypted('{"i":2}'))).response, { i: 2 });
});
