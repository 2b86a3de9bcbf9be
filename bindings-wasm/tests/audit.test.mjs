// Every section of tests/vectors/audit.json (docs/audit.md), through the
// public Node API, with the values parsed by JSON.parse as an app would.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';

import { auditVectors, codec } from './helpers.mjs';

const { BpjsCodecError } = codec;
const v = auditVectors();

function throwsKind(fn, kind, label) {
  let caught;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof BpjsCodecError, `${label}: expected a BpjsCodecError, got ${caught}`);
  assert.equal(caught.kind, kind, `${label}: ${caught.message}`);
  return caught;
}

// Words the messages may legitimately contain (the documented vocabulary),
// so they do not count as an echoed value.
const VOCABULARY = new Set(['GET', 'POST', 'PUT', 'DELETE', 'timeout', 'connection', ...codec.SERVICES, ...codec.ERROR_KINDS]);

/** Every string value (not key) of a parameter object, at any depth. */
function stringValues(value, out = []) {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((item) => stringValues(item, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((item) => stringValues(item, out));
  return out;
}

/** Messages name keys, never values: a value may be a secret or a patient identifier. */
function assertNoValueEchoed(err, ...inputs) {
  for (const value of inputs.flatMap((input) => stringValues(input))) {
    if (value.length < 4 || VOCABULARY.has(value)) continue;
    assert.ok(!err.message.includes(value), `the message echoes ${JSON.stringify(value)}: ${err.message}`);
  }
}

/** A record case's attempt: `*_json` keys hold JSON text, passed parsed under the plain name. */
function attemptOf(c) {
  const attempt = {};
  for (const [key, value] of Object.entries(c.attempt)) {
    if (key.endsWith('_json')) attempt[key.slice(0, -'_json'.length)] = JSON.parse(value);
    else attempt[key] = value;
  }
  return attempt;
}

test('the audit vectors file has every section', () => {
  for (const section of ['canonical', 'redact', 'redact_errors', 'retry', 'retry_errors', 'record', 'record_errors']) {
    assert.ok(Array.isArray(v[section]) && v[section].length > 0, section);
  }
  assert.ok(Array.isArray(v.columns) && v.columns.length === 17);
});

describe('canonical', () => {
  for (const c of v.canonical) {
    test(c.name, () => {
      const value = JSON.parse(c.json);
      assert.equal(codec.canonicalJson(value), c.canonical);
      assert.equal(codec.payloadHash(value), c.hash);
      // The hash is SHA-256 of the canonical text, checked here with node:crypto.
      assert.equal(createHash('sha256').update(c.canonical, 'utf8').digest('hex'), c.hash);
    });
  }
});

describe('redact', () => {
  for (const c of v.redact) {
    test(c.name, () => {
      const input = JSON.parse(c.json);
      const before = JSON.stringify(input);
      const got = codec.redact(input, c.options);
      assert.deepEqual(got, c.expected);
      // Key order is kept, and the caller's value is left alone.
      assert.equal(JSON.stringify(got), JSON.stringify(c.expected));
      assert.equal(JSON.stringify(input), before);
    });
  }
});

describe('redact_errors', () => {
  for (const c of v.redact_errors) {
    test(c.name, () => {
      for (const value of [{}, { noKartu: '0001234567890' }, 'text', null]) {
        const err = throwsKind(() => codec.redact(value, c.options), c.error, c.name);
        assertNoValueEchoed(err, c.options);
      }
      // The same options, given to auditRecord, fail the same way.
      const attempt = { method: 'GET', endpoint: 'x', correlation_id: 'c' };
      throwsKind(() => codec.auditRecord(attempt, c.options), c.error, `${c.name} (auditRecord)`);
    });
  }
});

describe('retry', () => {
  for (const c of v.retry) {
    test(c.name, () => {
      const got = codec.retryDecision(c.attempt, c.policy);
      assert.deepEqual(Object.keys(got), ['retry', 'delay_secs', 'reason']);
      assert.equal(got.retry, c.expected.retry);
      assert.equal(got.delay_secs, c.expected.delay_secs);
      assert.ok(typeof got.reason === 'string' && got.reason.length > 0, 'reason');
    });
  }
});

describe('retry_errors', () => {
  for (const c of v.retry_errors) {
    test(c.name, () => {
      const err = throwsKind(() => codec.retryDecision(c.attempt), c.error, c.name);
      assertNoValueEchoed(err, c.attempt);
    });
  }
});

describe('record', () => {
  for (const c of v.record) {
    test(c.name, () => {
      const row = codec.auditRecord(attemptOf(c), c.options);
      assert.deepEqual(Object.keys(row), v.columns, 'the row has exactly the columns, in order');
      for (const [column, expected] of Object.entries(c.expected)) {
        if (column === 'request_payload' || column === 'response_body_json') {
          assert.deepEqual(row[column] === null ? null : JSON.parse(row[column]), expected, column);
        } else {
          assert.deepEqual(row[column], expected, column);
        }
      }
    });
  }
});

describe('record_errors', () => {
  for (const c of v.record_errors) {
    test(c.name, () => {
      const err = throwsKind(() => codec.auditRecord(c.attempt), c.error, c.name);
      assertNoValueEchoed(err, c.attempt);
    });
  }
});
