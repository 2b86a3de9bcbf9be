// Every section of tests/vectors/audit.json (docs/audit.md), through the
// public Node API, with the values parsed by JSON.parse as an app would.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
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
const VOCABULARY = new Set([
  'GET', 'POST', 'PUT', 'DELETE', 'timeout', 'connection', ...codec.SERVICES, ...codec.ERROR_KINDS,
  'send', 'resend', 'answered', 'interrupted', 'not_sent', 'success', 'failed', 'sending', 'sent', 'refuse',
]);

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

// Every list section of audit.json is run below: a new section fails here
// until it is.
const SECTIONS = [
  'canonical',
  'hash_keys',
  'hash_key_errors',
  'redact',
  'redact_errors',
  'retry',
  'retry_errors',
  'record',
  'record_errors',
  'send_state',
  'send_state_errors',
  'resend_plan',
  'resend_plan_errors',
  'resend_outcome',
  'resend_outcome_errors',
  'stale_limits',
  'stale_limits_errors',
];

test('the audit vectors file has every section, and each is run here', () => {
  for (const section of SECTIONS) assert.ok(Array.isArray(v[section]) && v[section].length > 0, section);
  const lists = Object.keys(v).filter((key) => Array.isArray(v[key]) && key !== 'columns');
  assert.deepEqual(lists.sort(), [...SECTIONS].sort(), 'a new audit.json section needs a test here');
  assert.ok(Array.isArray(v.columns) && v.columns.length === 17);
  assert.ok(typeof v.hash_key === 'string' && v.hash_key.length >= 16, 'hash_key');
});

/**
 * `expected` names some keys (nested objects too): each must be equal, as in
 * core/tests/audit_vectors.rs.
 */
function assertSubset(got, expected, path) {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    assert.ok(got !== null && typeof got === 'object', `${path}: expected an object, got ${JSON.stringify(got)}`);
    for (const [key, value] of Object.entries(expected)) {
      assert.ok(key in got, `${path}.${key} is missing in ${JSON.stringify(got)}`);
      assertSubset(got[key], value, `${path}.${key}`);
    }
  } else {
    assert.deepEqual(got, expected, path);
  }
}

describe('canonical', () => {
  for (const c of v.canonical) {
    test(c.name, () => {
      const value = JSON.parse(c.json);
      assert.equal(codec.canonicalJson(value), c.canonical);
      assert.equal(codec.payloadHash(value, v.hash_key), c.hash);
      // The hash is HMAC-SHA256 of the canonical text under the key, checked here with node:crypto.
      assert.equal(createHmac('sha256', v.hash_key).update(c.canonical, 'utf8').digest('hex'), c.hash);
    });
  }
});

describe('hash_keys', () => {
  for (const c of v.hash_keys) {
    test(c.name, () => {
      const key = codec.deriveHashKey(c.secret);
      assert.equal(key, c.hash_key);
      assert.equal(createHmac('sha256', c.secret).update(v.hash_key_label, 'utf8').digest('hex'), key);
      // A derived key is a key payloadHash and auditRecord take.
      assert.match(codec.payloadHash({ a: 1 }, key), /^[0-9a-f]{64}$/);
    });
  }
});

describe('hash_key_errors', () => {
  for (const c of v.hash_key_errors) {
    test(c.name, () => {
      if ('hash_key' in c) {
        const err = throwsKind(() => codec.payloadHash({ noKartu: '0001234567890' }, c.hash_key), c.error, c.name);
        assert.match(err.message, /hash_key/);
        assertNoValueEchoed(err, c.hash_key);
        const attempt = { method: 'GET', endpoint: 'x', correlation_id: 'c' };
        throwsKind(() => codec.auditRecord(attempt, { hash_key: c.hash_key }), c.error, `${c.name} (auditRecord)`);
      } else {
        const err = throwsKind(() => codec.deriveHashKey(c.secret), c.error, c.name);
        assert.match(err.message, /secret/);
      }
    });
  }

  test('no key at all is a config error naming hash_key', () => {
    for (const missing of [undefined, null]) {
      const err = throwsKind(() => codec.payloadHash({ a: 1 }, missing), 'config', String(missing));
      assert.match(err.message, /hash_key/);
    }
    const attempt = { method: 'GET', endpoint: 'x', correlation_id: 'c' };
    for (const options of [undefined, null, {}, { keep_last: 2 }]) {
      const err = throwsKind(() => codec.auditRecord(attempt, options), 'config', JSON.stringify(options));
      assert.match(err.message, /hash_key/);
    }
  });
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
      // The same options, given to auditRecord with a key, fail the same way
      // (hash_key itself is an option of auditRecord only).
      if (!('hash_key' in c.options)) {
        const attempt = { method: 'GET', endpoint: 'x', correlation_id: 'c' };
        const options = { ...c.options, hash_key: v.hash_key };
        throwsKind(() => codec.auditRecord(attempt, options), c.error, `${c.name} (auditRecord)`);
      }
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
        if (column.endsWith('_text')) {
          // The stored text exactly, as a host reads it back.
          assert.equal(row[column.slice(0, -'_text'.length)], expected, column);
        } else if (column === 'request_payload' || column === 'response_body_json') {
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
      const err = throwsKind(() => codec.auditRecord(c.attempt, c.options), c.error, c.name);
      assertNoValueEchoed(err, c.attempt);
    });
  }
});

describe('send_state', () => {
  for (const c of v.send_state) {
    test(c.name, () => {
      const got = codec.sendState(c.row, c.attempt, c.policy);
      assertSubset(got, c.expected, c.name);
      assert.ok(typeof got.reason === 'string' && got.reason.length > 0, 'reason');
      if (got.write !== 'none') {
        assert.deepEqual(Object.keys(got), [
          'write', 'status', 'method', 'attempts', 'next_attempt_at', 'result_number',
          'last_http_status', 'last_meta_code', 'last_error', 'reason',
        ]);
      }
    });
  }
});

describe('send_state_errors', () => {
  for (const c of v.send_state_errors) {
    test(c.name, () => {
      const err = throwsKind(() => codec.sendState(c.row, c.attempt, c.policy), c.error, c.name);
      assertNoValueEchoed(err, c.row, c.attempt);
    });
  }
});

describe('resend_plan', () => {
  for (const c of v.resend_plan) {
    test(c.name, () => {
      const got = codec.resendPlan(c.row, c.context);
      assertSubset(got, c.expected, c.name);
      assert.deepEqual(Object.keys(got), [
        'action', 'result', 'method', 'endpoint', 'body', 'shown_endpoint', 'switched_to', 'state', 'reason',
      ]);
      // What is shown is masked: never a card number of the stored endpoint.
      assert.ok(!/\d{13}/.test(got.shown_endpoint), got.shown_endpoint);
    });
  }
});

describe('resend_plan_errors', () => {
  for (const c of v.resend_plan_errors) {
    test(c.name, () => {
      const err = throwsKind(() => codec.resendPlan(c.row, c.context), c.error, c.name);
      assertNoValueEchoed(err, c.row, c.context);
    });
  }
});

describe('resend_outcome', () => {
  for (const c of v.resend_outcome) {
    test(c.name, () => {
      const got = codec.resendOutcome(c.row, c.plan, c.attempt, c.policy);
      assertSubset(got, c.expected, c.name);
      assert.ok(['sent', 'failed', 'not_sent'].includes(got.result), got.result);
    });
  }

  test('a plan resendPlan made goes into resendOutcome as it came', () => {
    const c = v.resend_plan.find((p) => p.expected.action === 'send');
    const plan = codec.resendPlan(c.row, c.context);
    const row = { status: 'sending', method: c.row.method, attempts: 1 };
    const record = { status: 'success', http_status: 200, meta_code: 201, meta_message: 'CREATED', result_number: '0301U0011126Y000999' };
    const got = codec.resendOutcome(row, plan, { outcome: 'answered', record, now: 1795000000 });
    assert.equal(got.result, 'sent');
    assert.equal(got.state.status, 'sent');
    assert.equal(got.state.result_number, '0301U0011126Y000999');
    assert.equal(got.shown_endpoint, plan.shown_endpoint);
  });
});

describe('resend_outcome_errors', () => {
  for (const c of v.resend_outcome_errors) {
    test(c.name, () => {
      const err = throwsKind(() => codec.resendOutcome(c.row, c.plan, c.attempt, c.policy), c.error, c.name);
      assertNoValueEchoed(err, c.row, c.attempt);
    });
  }
});

describe('stale_limits', () => {
  for (const c of v.stale_limits) {
    test(c.name, () => {
      assert.deepEqual(codec.staleLimits(c.settings), c.expected);
      if (c.settings === null) assert.deepEqual(codec.staleLimits(), c.expected);
    });
  }
});

describe('stale_limits_errors', () => {
  for (const c of v.stale_limits_errors) {
    test(c.name, () => {
      throwsKind(() => codec.staleLimits(c.settings), c.error, c.name);
    });
  }
});

describe('loggedResultNumber', () => {
  // The rows the record vectors build, read back as the resend reads a logged success.
  test('reads back the number of every stored success row', () => {
    let named = 0;
    for (const c of v.record) {
      const row = codec.auditRecord(attemptOf(c), c.options);
      const got = codec.loggedResultNumber(row);
      if (row.status === 'success' && row.result_number !== null && row.response_body_json !== null && !row.response_body_json.includes('[truncated:')) {
        assert.equal(got, row.result_number, c.name);
        named += 1;
      }
      if (row.response_body_json === null) assert.equal(got, null, c.name);
    }
    assert.ok(named >= 2, `${named} rows name a number`);
  });

  test('a cut or placeholder text names no number; unknown keys are config errors', () => {
    const text = JSON.stringify({ response: { noSep: '0301R0011124V000123' } });
    assert.equal(codec.loggedResultNumber({ response_body_json: text }), '0301R0011124V000123');
    assert.equal(codec.loggedResultNumber({ response_body_json: `${text.slice(0, 20)}...[truncated: 99 bytes in all]` }), null);
    assert.equal(codec.loggedResultNumber({ response_body_json: null }), null);
    assert.equal(codec.loggedResultNumber({}), null);
    throwsKind(() => codec.loggedResultNumber({ body: text }), 'config', 'unknown key');
    throwsKind(() => codec.loggedResultNumber({ response_body_json: 7 }), 'config', 'a number');
  });
});
