// eRekam Medis (docs/erm.md): every section of tests/vectors/erm.json
// through the public Node API, as the Rust, Python and PHP suites run them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { codec, ermVectors } from './helpers.mjs';

const { BpjsCodecError } = codec;
const v = ermVectors();
const REQUEST_KEYS = ['noSep', 'jnsPelayanan', 'bulan', 'tahun', 'dataMR'];

function throwsKind(fn, kind, label) {
  let caught;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof BpjsCodecError, `${label}: expected a BpjsCodecError, got ${caught?.stack ?? caught}`);
  assert.equal(caught.kind, kind, `${label}: ${caught.message}`);
  return caught;
}

/** No key part, SEP number or bundle content in a message: sizes and field names only. */
function assertNothingEchoed(err, c) {
  const values = [c.secret, c.kode_ppk, c.request?.noSep, '0301R0011124V000123', 'Patient'].filter((x) => typeof x === 'string' && x.trim().length >= 4);
  for (const value of values) assert.ok(!err.message.includes(value.trim()), `the message echoes a value: ${err.message}`);
}

test('the eRM vectors file has every section, and each is run here', () => {
  assert.equal(v.format, 1);
  const lists = Object.keys(v).filter((key) => Array.isArray(v[key]));
  assert.deepEqual(lists.sort(), ['bodies', 'bundles', 'decrypt', 'requests']);
  for (const section of lists) assert.ok(v[section].length > 0, section);
});

describe('decrypt', () => {
  for (const c of v.decrypt) {
    test(c.name, () => {
      const options = c.max_output === undefined ? undefined : { maxOutput: c.max_output };
      if (c.error) {
        const err = throwsKind(() => codec.decryptMedicalRecord(c.cons_id, c.secret, c.kode_ppk, c.data_mr, options), c.error, c.name);
        assertNothingEchoed(err, c);
        return;
      }
      const bundle = codec.decryptMedicalRecord(c.cons_id, c.secret, c.kode_ppk, c.data_mr, options);
      assert.equal(bundle, c.bundle);
      // Bytes in, the same text out.
      assert.equal(codec.decryptMedicalRecord(c.cons_id, c.secret, c.kode_ppk, Buffer.from(c.data_mr), options), c.bundle);
      // The bundle check is the one building a request runs.
      const fields = { noSep: '0301R0011124V000123', jnsPelayanan: '2', bulan: 1, tahun: 2024, bundle: c.bundle };
      if (c.bundle_check === 'ok') codec.buildMedicalRecordRequest(c.cons_id, c.secret, c.kode_ppk, fields);
      else throwsKind(() => codec.buildMedicalRecordRequest(c.cons_id, c.secret, c.kode_ppk, fields), c.bundle_check, `${c.name} (check)`);
    });
  }

  test('the default cap is the documented one', () => {
    assert.equal(v.default_max_output, 32 * 1024 * 1024);
    assert.ok(v.decrypt.some((c) => c.error === 'output_limit' && c.max_output === undefined), 'a bomb against the default cap');
  });
});

describe('bundles (the check of buildMedicalRecordRequest)', () => {
  for (const c of v.bundles) {
    test(c.name, () => {
      const fields = { noSep: '0301R0011124V000123', jnsPelayanan: '2', bulan: 1, tahun: 2024, bundle: c.bundle_json };
      if (c.error) {
        throwsKind(() => codec.buildMedicalRecordRequest('1000', 'S3cr3tK3y', '0301R001', fields), c.error, c.name);
      } else {
        const body = JSON.parse(codec.buildMedicalRecordRequest('1000', 'S3cr3tK3y', '0301R001', fields));
        // The text as given, byte for byte: never parsed and written again.
        assert.equal(codec.decryptMedicalRecord('1000', 'S3cr3tK3y', '0301R001', body.request.dataMR), c.bundle_json);
      }
    });
  }
});

describe('requests', () => {
  for (const c of v.requests) {
    test(c.name, () => {
      const build = (fields) => codec.buildMedicalRecordRequest(c.cons_id, c.secret, c.kode_ppk, fields);
      if (c.error) {
        const err = throwsKind(() => build(c.fields_json), c.error, c.name);
        assert.ok(err.message.startsWith(`${c.error}: ${c.error_field}`), err.message);
        assertNothingEchoed(err, c);
        // The same fields as a JavaScript object fail the same way.
        throwsKind(() => build(JSON.parse(c.fields_json)), c.error, `${c.name} (object)`);
        return;
      }
      const body = JSON.parse(build(c.fields_json));
      assert.deepEqual(Object.keys(body), ['request']);
      assert.deepEqual(Object.keys(body.request), REQUEST_KEYS);
      const { dataMR, ...request } = body.request;
      assert.deepEqual(request, c.request);
      assert.equal(codec.decryptMedicalRecord(c.cons_id, c.secret, c.kode_ppk, dataMR), c.bundle);
      // As an object: the same fields; the bundle object is written as JSON
      // (its text as JSON.stringify writes it), a bundle string verbatim.
      const fields = JSON.parse(c.fields_json);
      const fromObject = JSON.parse(build(fields)).request;
      assert.deepEqual({ ...fromObject, dataMR: undefined }, { ...c.request, dataMR: undefined });
      const expected = typeof fields.bundle === 'string' ? fields.bundle : JSON.stringify(fields.bundle);
      assert.equal(codec.decryptMedicalRecord(c.cons_id, c.secret, c.kode_ppk, fromObject.dataMR), expected);
    });
  }
});

describe('bodies (a received insert body opens to its bundle)', () => {
  // parse_medical_record_request is the simulator's side and not part of the
  // Node API: the bodies that hold a dataMR are opened here, with the fields
  // read by JSON.parse.
  for (const c of v.bodies.filter((b) => !b.error)) {
    test(c.name, () => {
      const { request } = JSON.parse(c.body);
      assert.equal(request.noSep, c.request.noSep);
      assert.equal(codec.decryptMedicalRecord(c.cons_id, c.secret, c.kode_ppk, request.dataMR), c.bundle);
    });
  }
  test('the bodies that the receiving side refuses are not bodies buildMedicalRecordRequest writes', () => {
    const refused = v.bodies.filter((b) => b.error);
    assert.ok(refused.length > 0);
    for (const c of refused) {
      let parsed;
      try {
        parsed = JSON.parse(c.body);
      } catch {
        continue;
      }
      assert.ok(!parsed.request || typeof parsed.request.dataMR !== 'string', c.name);
    }
  });
});

describe('encryptMedicalRecord', () => {
  test('deterministic, opens to the same text, for text and for an object', () => {
    const bundle = { resourceType: 'Bundle', type: 'document', entry: [{ resource: { resourceType: 'Patient', name: 'Siti é 🏥', berat: 65.5 } }] };
    const a = codec.encryptMedicalRecord('1000', 'S3cr3tK3y', '0301R001', bundle);
    assert.equal(a, codec.encryptMedicalRecord('1000', 'S3cr3tK3y', '0301R001', JSON.stringify(bundle)));
    assert.equal(codec.decryptMedicalRecord('1000', 'S3cr3tK3y', '0301R001', a), JSON.stringify(bundle));
    assert.notEqual(a, codec.encryptMedicalRecord('1000', 'S3cr3tK3y', '0301R002', bundle));
  });

  test('key parts are checked; values that are not JSON are config errors', () => {
    for (const [consId, secret, kodePpk] of [['', 's', '0301R001'], ['1', '', '0301R001'], ['1', 's', ''], ['1', 's', '0301R001\n']]) {
      const err = throwsKind(() => codec.encryptMedicalRecord(consId, secret, kodePpk, '{}'), 'config', JSON.stringify(kodePpk));
      assert.ok(!err.message.includes('0301R001'), err.message);
    }
    throwsKind(() => codec.encryptMedicalRecord('1', 's', '0301R001', { n: Number.NaN }), 'config', 'NaN');
    throwsKind(() => codec.buildMedicalRecordRequest('1', 's', '0301R001', { bundle: new Date(0) }), 'config', 'Date');
    throwsKind(() => codec.decryptMedicalRecord('1', 's', '0301R001', 'AAAA', { maxOutput: -1 }), 'config', 'maxOutput');
  });
});
