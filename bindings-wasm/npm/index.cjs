'use strict';
// bpjs-codec for Node: the public API over the WebAssembly build of the Rust
// core. This file only converts JavaScript values and maps errors; every
// protocol rule (headers, key derivation, decoding policy, envelope handling,
// error kinds) lives in the core (core/ in the repository).

const core = require('./bpjs_codec_wasm.js');
const { jsonArgument } = require('./json.cjs');

/** The stable error kinds of SPEC section 3, from the core. */
const ERROR_KINDS = Object.freeze(core.error_kinds());
/** `ErrorKind.Padding === 'padding'`, etc. */
const ErrorKind = Object.freeze(
  Object.fromEntries(ERROR_KINDS.map((kind) => [kind.replace(/(^|_)([a-z0-9])/g, (_, __, c) => c.toUpperCase()), kind])),
);
/** The service names `buildHeaders` accepts, from the core. */
const SERVICES = Object.freeze(core.services());
/** Default output cap of the decoding functions, in UTF-16 code units. */
const DEFAULT_MAX_OUTPUT = core.default_max_output();
const MAX_WINDOW_SECS = core.max_window_secs();

/**
 * Every failure of this package: `.kind` is one of `ERROR_KINDS`. The message
 * says what to check and never contains a secret, password, user_key,
 * signature, authorization value or derived key.
 */
class BpjsCodecError extends Error {
  constructor(kind, message) {
    super(`${kind}: ${message}`);
    this.name = 'BpjsCodecError';
    this.kind = kind;
  }
}

function configError(message) {
  return new BpjsCodecError(ErrorKind.Config, message);
}

// The core throws "<kind>: <message>" strings; anything else (a bug, a trap)
// passes through unchanged.
function fromCore(thrown) {
  if (typeof thrown === 'string') {
    const colon = thrown.indexOf(': ');
    const kind = colon > 0 ? thrown.slice(0, colon) : '';
    if (ERROR_KINDS.includes(kind)) return new BpjsCodecError(kind, thrown.slice(colon + 2));
    return new Error(thrown);
  }
  return thrown;
}

function call(fn, ...args) {
  try {
    return fn(...args);
  } catch (thrown) {
    throw fromCore(thrown);
  }
}

// A string argument. Missing becomes "" so that the core names the missing
// field in its own words; numbers are accepted because cons ids often are.
function text(value, field) {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw configError(`${field}: expected a string, got ${typeof value}`);
}

function optionalText(value, field) {
  return value === undefined || value === null ? undefined : text(value, field);
}

// Seconds since the epoch as the decimal string the key is built from.
function timestampText(value) {
  if (typeof value === 'string') return value; // checked by the core
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value >= 0) return String(value);
    throw configError(`timestamp: expected whole seconds since the Unix epoch, got ${value}`);
  }
  if (typeof value === 'bigint' && value >= 0n) return value.toString();
  throw configError(`timestamp: expected a number or a decimal string, got ${typeof value}`);
}

/** The current time as the protocol wants it: whole UTC seconds, read once. */
function nowTimestamp() {
  return Math.floor(Date.now() / 1000);
}

// Payloads (ciphertexts, bodies) cross into wasm memory as UTF-8 bytes, in
// one copy. A string is encoded natively first (Buffer.from): measured on the
// 1 MB vector this is 5-10 % faster than wasm-bindgen's own string passing,
// and it gives strings and bytes exactly the same treatment.
function payloadBytes(value, field) {
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value === undefined || value === null) return new Uint8Array(0);
  throw configError(`${field}: expected a string, Uint8Array or ArrayBuffer, got ${typeof value}`);
}

function maxOutputOf(options) {
  if (options === undefined || options === null) return undefined;
  if (typeof options !== 'object') throw configError('options: expected an object such as { maxOutput: 1000000 }');
  const max = options.maxOutput;
  if (max === undefined || max === null) return undefined;
  if (!Number.isSafeInteger(max) || max < 0) {
    throw configError('maxOutput: expected a whole number of UTF-16 code units, 0 or more');
  }
  return Math.min(max, 0xffffffff);
}

// ignoreBOM: a body that is not JSON comes back exactly as it came, mark included.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Request headers for `service`, all from one timestamp (given, or the clock
 * read once). The result includes `X-timestamp`: decrypt the reply with it.
 */
function buildHeaders(service, credentials, timestamp, options) {
  if (credentials === null || typeof credentials !== 'object') {
    throw configError('credentials: expected an object { consId, secret, userKey?, username?, password?, appCode? }');
  }
  if (credentials.consId === undefined && credentials.cons_id !== undefined) {
    throw configError('consId: missing (credentials use camelCase names: consId, userKey, appCode)');
  }
  if (options !== undefined && options !== null && typeof options !== 'object') {
    throw configError('options: expected an object { method?, contentType? }');
  }
  const ts = timestamp === undefined || timestamp === null ? String(nowTimestamp()) : timestampText(timestamp);
  const flat = call(
    core.build_headers,
    text(service, 'service'),
    text(credentials.consId, 'consId'),
    text(credentials.secret, 'secret'),
    optionalText(credentials.userKey, 'userKey'),
    optionalText(credentials.username, 'username'),
    optionalText(credentials.password, 'password'),
    optionalText(credentials.appCode, 'appCode'),
    ts,
    optionalText(options?.method, 'method'),
    optionalText(options?.contentType, 'contentType'),
  );
  const headers = {};
  for (let i = 0; i < flat.length; i += 2) headers[flat[i]] = flat[i + 1];
  return headers;
}

/** `X-signature`: base64(HMAC-SHA256(secret, consId + "&" + timestamp)). */
function signature(consId, secret, timestamp) {
  return call(core.signature, text(consId, 'consId'), text(secret, 'secret'), timestampText(timestamp));
}

/**
 * `X-authorization`: "Basic " + base64(username:password:appCode), with the
 * core's default app code ("095") when `appCode` is absent or empty.
 */
function authorization(username, password, appCode) {
  return call(core.authorization, text(username, 'username'), text(password, 'password'), optionalText(appCode, 'appCode'));
}

/** The URL path of `service` below the BPJS host; `{ development: true }` for the development one. */
function servicePath(service, options) {
  if (options !== undefined && options !== null && typeof options !== 'object') {
    throw configError('options: expected an object { development? }');
  }
  const development = options?.development ?? false;
  if (typeof development !== 'boolean') throw configError(`development: expected a boolean, got ${typeof development}`);
  return call(core.service_path, text(service, 'service'), development);
}

/** The service name a configured base URL points at (by the end of its path), or null. */
function serviceFromUrl(url) {
  return call(core.service_from_url, text(url, 'url')) ?? null;
}

/** The AES layer only; `key` is consId + secret + timestamp. Returns the lz-string text. */
function decrypt(key, ciphertext) {
  return call(core.decrypt_bytes, text(key, 'key'), payloadBytes(ciphertext, 'ciphertext'));
}

/** `LZString.decompressFromEncodedURIComponent`, with the decoding policy's errors. */
function lzDecompress(input, options) {
  return call(core.lz_decompress_bytes, payloadBytes(input, 'text'), maxOutputOf(options));
}

/** `LZString.compressToEncodedURIComponent`. */
function lzCompress(input) {
  if (typeof input !== 'string') throw configError(`text: expected a string, got ${typeof input}`);
  return call(core.lz_compress, input);
}

/** Decrypts and decompresses a `response` string; returns the text, unparsed. */
function decryptAndDecompress(consId, secret, timestamp, ciphertext, options) {
  return call(
    core.decrypt_and_decompress_bytes,
    text(consId, 'consId'),
    text(secret, 'secret'),
    timestampText(timestamp),
    payloadBytes(ciphertext, 'ciphertext'),
    maxOutputOf(options),
  );
}

/**
 * A whole reply body: the envelope with an encrypted `response` decoded in
 * place, as `JSON.parse` returns it; a body that is not JSON (a gateway error
 * page) comes back as its text. Decoding failures throw, never half-decode.
 */
function processWrapper(consId, secret, timestamp, body, options) {
  const bytes = payloadBytes(body, 'body');
  const json = call(
    core.process_wrapper_bytes,
    text(consId, 'consId'),
    text(secret, 'secret'),
    timestampText(timestamp),
    bytes,
    maxOutputOf(options),
  );
  // Not JSON: the body as it came (a string as given, bytes read as text).
  if (json === undefined || json === null) return typeof body === 'string' ? body : utf8.decode(bytes);
  return JSON.parse(json);
}

/** Normalised status `{ code, message, ok }` of an envelope (object or JSON text). */
function metadata(envelope) {
  let source;
  if (typeof envelope === 'string') source = envelope;
  else if (envelope instanceof Uint8Array) source = utf8.decode(envelope);
  else {
    try {
      source = JSON.stringify(envelope) ?? '';
    } catch (err) {
      throw configError(`envelope: cannot be read as JSON (${err.message})`);
    }
  }
  return JSON.parse(core.metadata(source));
}

/** What BPJS does to a response (lz-string, AES, base64): for fixtures and tests. */
function compressAndEncrypt(consId, secret, timestamp, plaintext) {
  if (typeof plaintext !== 'string') throw configError(`text: expected a string, got ${typeof plaintext}`);
  return call(core.compress_and_encrypt, text(consId, 'consId'), text(secret, 'secret'), timestampText(timestamp), plaintext);
}

/**
 * The timestamp (decimal string) a captured `response` was encrypted with,
 * searching `window` seconds (default 600, at most MAX_WINDOW_SECS) around
 * `around`; null when none decrypts it. A response that is not encrypted
 * throws (`base64` or `cipher_length`).
 */
function findTimestamp(consId, secret, ciphertext, around, options) {
  const window = options?.window ?? 600;
  if (!Number.isSafeInteger(window) || window < 0 || window > MAX_WINDOW_SECS) {
    throw configError(`window: expected whole seconds from 0 to ${MAX_WINDOW_SECS}`);
  }
  const found = call(
    core.find_timestamp,
    text(consId, 'consId'),
    text(secret, 'secret'),
    payloadBytes(ciphertext, 'ciphertext'),
    timestampText(around),
    window,
  );
  return found ?? null;
}

// -- Audit trail (docs/audit.md): plain objects with the same snake_case keys
// as every other host (they are the column names). A value crosses as JSON
// text plus its non-integer numbers, written strictly by json.cjs; the core
// checks the keys.

const NO_NUMBERS = new Float64Array(0);

// A parameter object (attempt, options, policy): a key set to undefined is a
// key not given, as TypeScript's optional properties mean.
function parameters(value, what) {
  return jsonArgument(value, what, configError, { parameters: true });
}

function optionalParameters(value, what) {
  return value === undefined || value === null ? { text: undefined, numbers: NO_NUMBERS } : parameters(value, what);
}

function jsonValue(value, what) {
  return jsonArgument(value, what, configError);
}

/**
 * The `pcare_bpjs_log` row of one attempt: every column, redacted and
 * capped; `payload_hash` (keyed by the required `options.hash_key`) of the
 * payload as sent.
 */
function auditRecord(attempt, options) {
  const a = parameters(attempt, 'audit attempt');
  const o = optionalParameters(options, 'audit options');
  return JSON.parse(call(core.audit_record, a.text, a.numbers, o.text, o.numbers));
}

/** A redacted copy of a JSON value: secret fields removed, identifiers masked. */
function redact(value, options) {
  const v = jsonValue(value, 'redact value');
  const o = optionalParameters(options, 'redact options');
  return JSON.parse(call(core.redact, v.text, v.numbers, o.text, o.numbers));
}

/**
 * Lower-case hex HMAC-SHA256 of `canonicalJson(value)` under `hashKey`
 * (`BPJS_AUDIT_HASH_KEY`, or `deriveHashKey(secret)`): the same for the same
 * payload in every host. No key, or one under 16 bytes: `config`.
 */
function payloadHash(value, hashKey) {
  const v = jsonValue(value, 'payloadHash value');
  return call(core.payload_hash, v.text, v.numbers, text(hashKey, 'hashKey'));
}

/** The default `hash_key` of an installation: hex HMAC-SHA256(secret, fixed label). */
function deriveHashKey(secret) {
  return call(core.derive_hash_key, text(secret, 'secret'));
}

/** Keys sorted by UTF-16 code units, no whitespace, integral numbers without a fraction. */
function canonicalJson(value) {
  const v = jsonValue(value, 'canonicalJson value');
  return call(core.canonical_json, v.text, v.numbers);
}

/** An endpoint (path and query) as the audit row stores it: identifiers masked, secret parameters removed. */
function redactEndpoint(endpoint, options) {
  const o = optionalParameters(options, 'redact options');
  return call(core.redact_endpoint, text(endpoint, 'endpoint'), o.text, o.numbers);
}

/** The number an accepted reply names (`noKunjungan`, `noSep`, ...), from what `processWrapper` returned; or null. */
function resultNumber(decoded) {
  const v = jsonValue(decoded, 'resultNumber value');
  return call(core.result_number, v.text, v.numbers) ?? null;
}

/** The number a logged success registered, from its log row (`{ response_body_json, ... }`); or null. */
function loggedResultNumber(logRow) {
  const r = parameters(logRow, 'log row');
  return call(core.logged_result_number, r.text, r.numbers) ?? null;
}

/**
 * The row's state after an attempt of a write that names a `no_rawat`
 * (`row` null when there is none yet): what to write to `pcare_send_attempts`.
 */
function sendState(row, attempt, policy) {
  const r = optionalParameters(row, 'send row');
  const a = parameters(attempt, 'send attempt');
  const p = optionalParameters(policy, 'retry policy');
  return JSON.parse(call(core.send_state, r.text ?? 'null', r.numbers, a.text, a.numbers, p.text, p.numbers));
}

/** What a resend does with one taken row: `already_sent`, `send` (what, exactly) or `refuse`. */
function resendPlan(row, context) {
  const r = parameters(row, 'resend row');
  const c = optionalParameters(context, 'resend context');
  return JSON.parse(call(core.resend_plan, r.text, r.numbers, c.text, c.numbers));
}

/** The result of a resend that sent (`plan` as `resendPlan` returned it) and the row's new state. */
function resendOutcome(row, plan, attempt, policy) {
  const r = parameters(row, 'resend row');
  const pl = parameters(plan, 'resend plan');
  const a = parameters(attempt, 'resend attempt');
  const p = optionalParameters(policy, 'retry policy');
  return JSON.parse(call(core.resend_outcome, r.text, r.numbers, pl.text, pl.numbers, a.text, a.numbers, p.text, p.numbers));
}

/** `{ row_stale_secs, lock_stale_secs, window_secs }`: when a `sending` row or a resend lock is stale. */
function staleLimits(settings) {
  const s = optionalParameters(settings, 'stale settings');
  return JSON.parse(call(core.stale_limits, s.text, s.numbers));
}

/** `{ retry, delay_secs, reason }`: whether and when to send an attempt again. */
function retryDecision(attempt, policy) {
  const a = parameters(attempt, 'retry attempt');
  const p = optionalParameters(policy, 'retry policy');
  return JSON.parse(call(core.retry_decision, a.text, a.numbers, p.text, p.numbers));
}

// -- The endpoint catalogue (docs/catalogue.md): the core's table and request
// builder. The URL and headers of a request are joined here from core values.

const [PRODUCTION_HOST, DEVELOPMENT_HOST] = core.bpjs_hosts();
let catalogueText;

/** Every endpoint of the core's catalogue, as `catalogue_json` gives it (a fresh copy each call). */
function catalogue() {
  catalogueText ??= call(core.catalogue_json);
  return JSON.parse(catalogueText);
}

const REQUEST_OPTIONS = ['credentials', 'timestamp', 'baseUrl', 'development'];

/**
 * One request of the catalogue: the core's `{ service, name, method, path,
 * content_type, body, encrypted_reply, production_path, development_path }`
 * plus `url` (`baseUrl` + path when given, else the BPJS host and the service
 * path) and, with `credentials`, `headers` from `buildHeaders` for the
 * request's method and Content-Type (`timestamp` given, or the clock read
 * once: decode the reply with `headers['X-timestamp']`).
 */
function request(service, name, params, options) {
  if (options !== undefined && options !== null) {
    if (typeof options !== 'object') throw configError(`options: expected an object { ${REQUEST_OPTIONS.join('?, ')}? }`);
    const unknown = Object.keys(options).find((key) => !REQUEST_OPTIONS.includes(key));
    if (unknown !== undefined) throw configError(`options: unknown key (expected ${REQUEST_OPTIONS.join(', ')})`);
  }
  const { credentials, timestamp, baseUrl, development = false } = options ?? {};
  if (typeof development !== 'boolean') throw configError(`development: expected a boolean, got ${typeof development}`);
  if (baseUrl !== undefined && baseUrl !== null && typeof baseUrl !== 'string') {
    throw configError(`baseUrl: expected a string, got ${typeof baseUrl}`);
  }
  const p = params === undefined || params === null ? { text: undefined, numbers: NO_NUMBERS } : jsonValue(params, 'params');
  const built = JSON.parse(call(core.build_request, text(service, 'service'), text(name, 'name'), p.text, p.numbers));
  if (typeof baseUrl === 'string' && baseUrl !== '') {
    built.url = baseUrl.replace(/\/+$/, '') + built.path;
  } else {
    const [host, servicePath] = development ? [DEVELOPMENT_HOST, built.development_path] : [PRODUCTION_HOST, built.production_path];
    built.url = `${host}/${servicePath}${built.path}`;
  }
  if (credentials !== undefined && credentials !== null) {
    built.headers = buildHeaders(built.service, credentials, timestamp, { method: built.method, contentType: built.content_type });
  }
  return built;
}

// -- eRekam Medis (docs/erm.md): the encrypted medical record request.

// A bundle or the insert fields: JSON text as given, or a value written as
// JSON (numbers in their JavaScript form: the core keeps this text verbatim).
function jsonText(value, what) {
  if (typeof value === 'string') return value;
  return jsonArgument(value, what, configError, { inlineNumbers: true }).text;
}

/** `dataMR` of a FHIR Bundle (its JSON text, compressed byte for byte as given; or an object, written as JSON). */
function encryptMedicalRecord(consId, secret, kodePpk, bundleJson) {
  return call(
    core.encrypt_medical_record,
    text(consId, 'consId'),
    text(secret, 'secret'),
    text(kodePpk, 'kodePpk'),
    jsonText(bundleJson, 'bundle'),
  );
}

/** The bundle JSON text of a `dataMR`; `maxOutput` in bytes of bundle text (default 32 Mi). */
function decryptMedicalRecord(consId, secret, kodePpk, dataMr, options) {
  if (options !== undefined && options !== null && typeof options !== 'object') {
    throw configError('options: expected an object such as { maxOutput: 1000000 }');
  }
  const max = options?.maxOutput;
  if (max !== undefined && max !== null && (!Number.isSafeInteger(max) || max < 0)) {
    throw configError('maxOutput: expected a whole number of bytes, 0 or more');
  }
  return call(
    core.decrypt_medical_record,
    text(consId, 'consId'),
    text(secret, 'secret'),
    text(kodePpk, 'kodePpk'),
    payloadBytes(dataMr, 'dataMr'),
    max === undefined || max === null ? undefined : Math.min(max, 0xffffffff),
  );
}

/**
 * The eRekam Medis insert body (text to POST) from `{ noSep, jnsPelayanan,
 * bulan, tahun, bundle }` (an object, or its JSON text); fields and bundle
 * checked by the core.
 */
function buildMedicalRecordRequest(consId, secret, kodePpk, fields) {
  return call(
    core.build_medical_record_request,
    text(consId, 'consId'),
    text(secret, 'secret'),
    text(kodePpk, 'kodePpk'),
    jsonText(fields, 'request fields'),
  );
}

/**
 * Whether a `response` string is ciphertext (`processWrapper` decrypts it, and
 * a failure is an error) rather than a plain value it passes through: a run of
 * at least 22 non-whitespace characters, almost all of base64's alphabet.
 */
function isCiphertext(response) {
  if (typeof response !== 'string') throw configError(`response: expected a string, got ${typeof response}`);
  return core.is_ciphertext(response);
}

/** Whether a header's value is secret or derived from one (never log it). */
function isSensitiveHeader(name) {
  return core.is_sensitive_header(text(name, 'name'));
}

module.exports = {
  buildHeaders,
  signature,
  authorization,
  servicePath,
  serviceFromUrl,
  decrypt,
  lzDecompress,
  lzCompress,
  decryptAndDecompress,
  processWrapper,
  metadata,
  compressAndEncrypt,
  findTimestamp,
  isCiphertext,
  isSensitiveHeader,
  nowTimestamp,
  auditRecord,
  redact,
  redactEndpoint,
  resultNumber,
  payloadHash,
  canonicalJson,
  retryDecision,
  deriveHashKey,
  sendState,
  resendPlan,
  resendOutcome,
  staleLimits,
  loggedResultNumber,
  catalogue,
  request,
  encryptMedicalRecord,
  decryptMedicalRecord,
  buildMedicalRecordRequest,
  BpjsCodecError,
  ErrorKind,
  ERROR_KINDS,
  SERVICES,
  DEFAULT_MAX_OUTPUT,
  MAX_WINDOW_SECS,
  PRODUCTION_HOST,
  DEVELOPMENT_HOST,
};
