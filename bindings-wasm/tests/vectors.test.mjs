// Every case of tests/vectors/vectors.json, through the public Node API.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

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

test('the vectors file has every section', () => {
  for (const section of ['decode', 'lz', 'envelopes', 'metadata', 'headers']) {
    assert.ok(Array.isArray(v[section]) && v[section].length > 0, section);
  }
  assert.equal(v.default_max_output, codec.DEFAULT_MAX_OUTPUT);
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
