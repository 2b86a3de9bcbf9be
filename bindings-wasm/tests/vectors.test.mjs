// Every case of tests/vectors/vectors.json, through the public Node API.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { format, inspect } from 'node:util';

import { camelCredentials, codec, vectors } from './helpers.mjs';

const { BpjsCodecError } = codec;
const v = vectors();

function options(c) {
  return c.max_output === undefined ? undefined : { maxOutput: c.max_output };
}

function throwsKind(fn, kind, label) {
  assert.throws(fn, (err) => {
    assert.ok(err instanceof BpjsCodecError, `${label}: ${err}`);
    assert.equal(err.kind, kind, `${label}: ${err.message}`);
    return true;
  });
}

test('the vectors file has every section, and each is run (bombs: bomb.test.mjs)', () => {
  const run = ['decode', 'lz', 'envelopes', 'metadata', 'headers', 'bombs', 'ciphertext_rule', 'requests'];
  for (const section of run) assert.ok(Array.isArray(v[section]) && v[section].length > 0, section);
  const lists = Object.keys(v).filter((key) => Array.isArray(v[key]));
  assert.deepEqual(lists.sort(), [...run].sort(), 'a new vectors.json section needs a test');
  assert.ok(Array.isArray(v.canary?.forbidden) && v.canary.cases.length > 0, 'canary');
  assert.equal(v.default_max_output, codec.DEFAULT_MAX_OUTPUT);
});

describe('ciphertext_rule', () => {
  for (const c of v.ciphertext_rule) {
    test(c.name, () => {
      assert.equal(codec.isCiphertext(c.response), c.ciphertext);
      // processWrapper follows the same rule: a plain string passes through,
      // a ciphertext is decrypted (decoded, or an error), never passed through.
      const envelope = { metaData: { code: '200', message: 'OK' }, response: c.response };
      const got = (() => {
        try {
          return { value: codec.processWrapper('1000', 'S3cr3tSim', '1732406400', JSON.stringify(envelope)) };
        } catch (err) {
          return { error: err };
        }
      })();
      if (c.ciphertext) {
        if (got.error === undefined) assert.notDeepEqual(got.value, envelope, `${c.name}: ciphertext passed through`);
        else assert.ok(got.error instanceof BpjsCodecError, String(got.error));
      } else {
        assert.deepEqual(got.value, envelope);
      }
    });
  }
  test('wrong arguments are config errors', () => {
    throwsKind(() => codec.isCiphertext(Buffer.from('x')), 'config', 'bytes');
    throwsKind(() => codec.isCiphertext(undefined), 'config', 'undefined');
  });
});

// No patient data in any error: each case fails with its kind, and no
// forbidden string is in the message, the stack, what util.inspect or
// console.error print, the JSON of the error, or the audit row stored for it.
describe('canary', () => {
  const { forbidden, cases } = v.canary;
  const hashKey = codec.deriveHashKey('S3cr3tSim');

  function callOf(c) {
    const opts = options(c);
    switch (c.call) {
      case 'process_wrapper':
        return () => codec.processWrapper(c.cons_id, c.secret, c.timestamp, c.input, opts);
      case 'decrypt_and_decompress':
        return () => codec.decryptAndDecompress(c.cons_id, c.secret, c.timestamp, c.input, opts);
      case 'decrypt':
        return () => codec.decrypt(c.cons_id + c.secret + c.timestamp, c.input);
      case 'lz_decompress':
        return () => codec.lzDecompress(c.input, opts);
      case 'build_headers':
        return () => codec.buildHeaders(c.input, { consId: c.cons_id, secret: c.secret, userKey: c.user_key }, c.timestamp);
      default:
        throw new Error(`unknown call ${c.call}: add it here`);
    }
  }

  function assertClean(text, where) {
    for (const word of forbidden) assert.ok(!text.includes(word), `${where} holds ${JSON.stringify(word)}: ${text.slice(0, 300)}`);
  }

  test('the canary is in the inputs', () => {
    assert.ok(forbidden.length > 0);
    const carried = cases.filter((c) => forbidden.some((word) => c.input.includes(word)));
    assert.ok(carried.length >= 2, 'the canary is written into inputs');
  });

  for (const c of cases) {
    test(c.name, () => {
      let caught;
      try {
        callOf(c)();
      } catch (err) {
        caught = err;
      }
      assert.ok(caught instanceof BpjsCodecError, `${c.name}: expected a BpjsCodecError, got ${caught}`);
      assert.equal(caught.kind, c.error, caught.message);
      assertClean(caught.message, 'the message');
      assertClean(String(caught), 'String(error)');
      assertClean(caught.stack ?? '', 'the stack');
      assertClean(inspect(caught, { depth: 5, showHidden: true }), 'util.inspect');
      assertClean(JSON.stringify(caught), 'JSON.stringify');
      assertClean(format('%o', caught), "console.error's %o");
      if (c.call === 'process_wrapper') {
        // The audit row of the failed attempt (docs/audit.md), stored as the drop-ins store it.
        const row = codec.auditRecord(
          {
            service: 'vclaim', method: 'GET', endpoint: 'referensi/poli/INT', correlation_id: 'canary',
            http_status: 200, error_kind: caught.kind, error_message: caught.message.slice(caught.kind.length + 2),
          },
          { hash_key: hashKey, secret_values: [c.secret] },
        );
        assert.equal(row.status, 'failed');
        assertClean(JSON.stringify(row), 'the audit row');
      }
    });
  }
});

describe('decode', () => {
  for (const c of v.decode) {
    test(c.name, () => {
      const args = [c.cons_id, c.secret, c.timestamp];
      // A string and its UTF-8 bytes are the two routes into wasm memory.
      for (const ciphertext of [c.ciphertext, Buffer.from(c.ciphertext, 'utf8')]) {
        const label = `${c.name} (${typeof ciphertext === 'string' ? 'string' : 'bytes'})`;
        if (c.error) throwsKind(() => codec.decryptAndDecompress(...args, ciphertext, options(c)), c.error, label);
        else assert.equal(codec.decryptAndDecompress(...args, ciphertext, options(c)), c.text, label);
      }

      // The AES layer alone.
      const key = c.cons_id + c.secret + c.timestamp;
      if (c.plaintext !== undefined) assert.equal(codec.decrypt(key, c.ciphertext), c.plaintext);
      else if (c.decrypt_error) throwsKind(() => codec.decrypt(key, c.ciphertext), c.decrypt_error, `${c.name} decrypt`);
      else if (['base64', 'cipher_length', 'padding'].includes(c.error)) throwsKind(() => codec.decrypt(key, c.ciphertext), c.error, c.name);

      // The same ciphertext as the `response` of an envelope.
      const envelope = { metaData: { code: '200', message: 'OK' }, response: c.ciphertext };
      const body = JSON.stringify(envelope);
      if (c.envelope === 'decoded') {
        const got = codec.processWrapper(...args, body, options(c));
        assert.deepEqual(got, { ...envelope, response: JSON.parse(c.text) });
      } else if (c.envelope === 'passthrough') {
        assert.deepEqual(codec.processWrapper(...args, body, options(c)), envelope);
      } else {
        throwsKind(() => codec.processWrapper(...args, body, options(c)), c.envelope, `${c.name} envelope`);
      }
    });
  }
});

describe('lz', () => {
  for (const c of v.lz) {
    test(c.name, () => {
      if (c.error) throwsKind(() => codec.lzDecompress(c.input, options(c)), c.error, c.name);
      else assert.equal(codec.lzDecompress(c.input, options(c)), c.text);
    });
  }
});

describe('envelopes', () => {
  for (const c of v.envelopes) {
    test(c.name, () => {
      const args = [c.cons_id, c.secret, c.timestamp];
      for (const body of [c.body, Buffer.from(c.body, 'utf8')]) {
        if ('error' in c.result) {
          throwsKind(() => codec.processWrapper(...args, body), c.result.error, c.name);
        } else if ('text' in c.result) {
          assert.equal(codec.processWrapper(...args, body), c.result.text);
        } else {
          const got = codec.processWrapper(...args, body);
          assert.deepEqual(got, c.result.json);
          // Key order and the envelope's own casing are preserved.
          assert.equal(JSON.stringify(got), JSON.stringify(c.result.json));
        }
      }
    });
  }
});

describe('metadata', () => {
  for (const c of v.metadata) {
    test(c.name, () => {
      assert.deepEqual(codec.metadata(c.input), c.expected);
      // Parsed object and JSON text agree.
      if (typeof c.input !== 'string') assert.deepEqual(codec.metadata(JSON.stringify(c.input)), c.expected);
    });
  }
});

describe('headers', () => {
  for (const c of v.headers) {
    test(c.name, () => {
      const build = () =>
        codec.buildHeaders(c.service, camelCredentials(c.credentials), c.timestamp, c.method ? { method: c.method } : undefined);
      if (c.error) {
        throwsKind(build, c.error, c.name);
        assert.throws(build, (err) => err.message.includes(c.error_field));
        return;
      }
      const got = build();
      assert.deepEqual(got, c.expected);
      assert.deepEqual(Object.keys(got), Object.keys(c.expected), 'header order');
    });
  }
});

// Catalogue requests (docs/catalogue.md): the method and path built, or a
// config error that names the parameter and repeats neither the canary nor
// any value the caller gave (a value made only of dots may be quoted).
describe('requests', () => {
  const { forbidden } = v.canary;

  for (const c of v.requests) {
    test(c.name, () => {
      const call = () => codec.request(c.service, c.endpoint, c.params);
      if (c.expected) {
        const built = call();
        assert.equal(built.method, c.expected.method, c.name);
        assert.equal(built.path, c.expected.path, c.name);
        return;
      }
      let caught;
      try {
        call();
      } catch (err) {
        caught = err;
      }
      assert.ok(caught instanceof BpjsCodecError, `${c.name}: expected a BpjsCodecError, got ${caught}`);
      assert.equal(caught.kind, c.error, caught.message);
      if (c.error_names !== undefined) assert.ok(caught.message.includes(`\`${c.error_names}\``), `${c.name}: does not name ${c.error_names}: ${caught.message}`);
      const values = Object.values(c.params).filter((value) => typeof value === 'string' && value.length >= 3 && !/^\.+$/.test(value));
      const shown = [caught.message, String(caught), caught.stack ?? '', inspect(caught, { depth: 5, showHidden: true }), JSON.stringify(caught)];
      for (const text of shown) {
        for (const word of [...forbidden, ...values]) assert.ok(!text.includes(word), `${c.name}: the error repeats ${JSON.stringify(word)}: ${text.slice(0, 300)}`);
      }
    });
  }
});
