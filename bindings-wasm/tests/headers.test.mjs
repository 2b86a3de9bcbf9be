// Headers against node:crypto, computed here, independent of the core.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';

import { codec } from './helpers.mjs';

const hmac = (consId, secret, ts) => createHmac('sha256', secret).update(`${consId}&${ts}`, 'utf8').digest('base64');
const basic = (user, pass, app) => 'Basic ' + Buffer.from(`${user}:${pass}:${app}`, 'utf8').toString('base64');

const CREDENTIALS = [
  { consId: '1000', secret: 'S3cr3t', userKey: 'uk-1', username: 'dokter', password: 'p4ss' },
  { consId: '31337', secret: 'Rahasia é€🏥 +/=', userKey: 'kunci user', username: 'pcare.sim', password: 'Sandi:dengan:titik-dua', appCode: '099' },
  { consId: 99999, secret: 'x', userKey: 'y', username: 'u', password: 'p', appCode: '' },
];
const TIMESTAMPS = [0, 1, 1732406400, '1732406401', 4102444800, 2n ** 40n];

test('X-signature and X-authorization equal node:crypto for every service', () => {
  for (const service of codec.SERVICES) {
    for (const cred of CREDENTIALS) {
      for (const ts of TIMESTAMPS) {
        const h = codec.buildHeaders(service, cred, ts);
        const tsText = String(ts);
        assert.equal(h['X-cons-id'], String(cred.consId));
        assert.equal(h['X-timestamp'], tsText);
        assert.equal(h['X-signature'], hmac(String(cred.consId), cred.secret, tsText), `${service} ${tsText}`);
        assert.equal(codec.signature(cred.consId, cred.secret, ts), h['X-signature']);
        assert.equal(h.user_key, service === 'aplicares' ? undefined : cred.userKey);
        const sendsAuth = ['pcare', 'icare-fktp', 'antreanfktp'].includes(service);
        assert.equal(h['X-authorization'], sendsAuth ? basic(cred.username, cred.password, cred.appCode || '095') : undefined, service);
        assert.equal(h.Accept, 'application/json');
      }
    }
  }
});

test('one timestamp for a request: the clock is read once, in whole UTC seconds', () => {
  const before = Math.floor(Date.now() / 1000);
  const h = codec.buildHeaders('vclaim', CREDENTIALS[0]);
  const after = Math.floor(Date.now() / 1000);
  const ts = Number(h['X-timestamp']);
  assert.ok(ts >= before && ts <= after, `${ts} not in [${before}, ${after}]`);
  assert.match(h['X-timestamp'], /^\d+$/);
  assert.equal(h['X-signature'], hmac('1000', 'S3cr3t', h['X-timestamp']));
});

test('Content-Type per service and method, and the override', () => {
  const cred = CREDENTIALS[0];
  for (const method of ['POST', 'PUT', 'DELETE', 'post']) {
    assert.equal(codec.buildHeaders('vclaim', cred, 1, { method })['Content-Type'], 'Application/x-www-form-urlencoded');
    assert.equal(codec.buildHeaders('antreanrs', cred, 1, { method })['Content-Type'], 'Application/x-www-form-urlencoded');
    assert.equal(codec.buildHeaders('pcare', cred, 1, { method })['Content-Type'], 'application/json');
  }
  assert.equal(codec.buildHeaders('vclaim', cred, 1, { method: 'GET' })['Content-Type'], 'application/json');
  assert.equal(codec.buildHeaders('pcare', cred, 1, { method: 'POST', contentType: 'text/plain' })['Content-Type'], 'text/plain');
});

test('header order is the documented one', () => {
  const h = codec.buildHeaders('pcare', CREDENTIALS[0], 1);
  assert.deepEqual(Object.keys(h), ['X-cons-id', 'X-timestamp', 'X-signature', 'user_key', 'X-authorization', 'Accept', 'Content-Type']);
});

test('sensitive headers are the secret-derived ones', () => {
  for (const name of ['X-signature', 'user_key', 'X-authorization', 'x-SIGNATURE']) assert.ok(codec.isSensitiveHeader(name), name);
  for (const name of ['X-cons-id', 'X-timestamp', 'Accept', 'Content-Type']) assert.ok(!codec.isSensitiveHeader(name), name);
});
