// Type declarations of the npm package `bpjs-codec` (CommonJS and ESM entries).

/** The BPJS bridging APIs, by the names every host of bpjs-codec uses. */
export type ServiceName =
  | 'vclaim'
  | 'antreanrs'
  | 'antreanfktp'
  | 'pcare'
  | 'icare-fktp'
  | 'icare-fkrtl'
  | 'apotek'
  | 'aplicares';

/** The stable error kinds (SPEC section 3), on `BpjsCodecError.kind`. */
export type ErrorKindName =
  | 'base64'
  | 'cipher_length'
  | 'padding'
  | 'lz_empty'
  | 'lz_invalid_char'
  | 'lz_truncated'
  | 'lz_corrupt'
  | 'output_limit'
  | 'json'
  | 'config';

export declare const ErrorKind: Readonly<{
  Base64: 'base64';
  CipherLength: 'cipher_length';
  Padding: 'padding';
  LzEmpty: 'lz_empty';
  LzInvalidChar: 'lz_invalid_char';
  LzTruncated: 'lz_truncated';
  LzCorrupt: 'lz_corrupt';
  OutputLimit: 'output_limit';
  Json: 'json';
  Config: 'config';
}>;

export declare const ERROR_KINDS: readonly ErrorKindName[];
export declare const SERVICES: readonly ServiceName[];
/** Default output cap of the decoding functions: 32 Mi UTF-16 code units. */
export declare const DEFAULT_MAX_OUTPUT: number;
/** The widest `findTimestamp` window: one week, in seconds. */
export declare const MAX_WINDOW_SECS: number;
/** `https://apijkn.bpjs-kesehatan.go.id`: the host of `request`'s production URLs. */
export declare const PRODUCTION_HOST: string;
/** `https://apijkn-dev.bpjs-kesehatan.go.id`: the host of `request`'s development URLs. */
export declare const DEVELOPMENT_HOST: string;

/**
 * Every failure of this package. The message says what to check and never
 * contains a secret, password, user_key, signature, authorization or key.
 */
export declare class BpjsCodecError extends Error {
  readonly name: 'BpjsCodecError';
  readonly kind: ErrorKindName;
}

/** Seconds since the Unix epoch (UTC): a whole number or a decimal string. */
export type Timestamp = number | bigint | string;

/** A `response` ciphertext or reply body: text, or its UTF-8 bytes. */
export type Payload = string | Uint8Array | ArrayBuffer | ArrayBufferView;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'get' | 'post' | 'put' | 'delete';

/**
 * The consumer id as configured. `undefined` (an environment variable that
 * is not set: `process.env.BPJS_CONS_ID`) type-checks, and is refused at run
 * time with a `config` error naming the field, as an empty value is.
 */
export type ConsId = string | number | undefined;

/** The consumer secret as configured; `undefined` is a `config` error at run time (see `ConsId`). */
export type Secret = string | undefined;

/** One facility's credentials for one service. */
export interface Credentials {
  /** `X-cons-id`, the consumer id. */
  consId: ConsId;
  /** The consumer secret (HMAC key and part of the response key). */
  secret: Secret;
  /** The service's `user_key` (every service except Aplicares). */
  userKey?: string | undefined;
  /** PCare / iCare FKTP login (for `X-authorization`; opt-in for Antrean FKTP). */
  username?: string | undefined;
  password?: string | undefined;
  /** Application code for `X-authorization`; `"095"` when absent. */
  appCode?: string | undefined;
}

export interface HeaderOptions {
  /** Default `GET`; VClaim and Antrean RS writes get BPJS's form Content-Type quirk. */
  method?: HttpMethod;
  /** Replaces the default Content-Type (e.g. `text/plain` for PCare `kunjungan`). */
  contentType?: string;
}

export interface DecodeOptions {
  /** Output cap in UTF-16 code units (default `DEFAULT_MAX_OUTPUT`); over it: `output_limit`. */
  maxOutput?: number;
}

/**
 * The request headers, in the order BPJS documents them: a plain
 * `Record<string, string>`, so it can be passed as `fetch`'s `headers` (or
 * axios', got's) as it is. `user_key` and `X-authorization` are present only
 * for the services that send them.
 */
export type BpjsHeaders = Record<string, string> & {
  'X-cons-id': string;
  /** Decrypt the reply with this same timestamp. */
  'X-timestamp': string;
  'X-signature': string;
  user_key?: string;
  'X-authorization'?: string;
  Accept: string;
  'Content-Type': string;
};

/** The normalised status of an envelope: `ok` means code 200 or 1. */
export interface Metadata {
  code: number | null;
  message: string | null;
  ok: boolean;
}

/** Any JSON value, as `JSON.parse` returns it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** `metaData` / `metadata` of an envelope, as the service sent it. */
export interface EnvelopeStatus {
  code?: string | number;
  message?: string;
  [key: string]: unknown;
}

/**
 * An envelope as `processWrapper` returns it: `response` decoded in place.
 * `R` is what you know `response` to be for the endpoint you called, e.g.
 * `Envelope<{ count: number; list: Dokter[] }>`; by default it is not
 * checked (`any`), as `JSON.parse` returns it. Use `Envelope<JsonValue>` to be
 * made to narrow it.
 */
export interface Envelope<R = any> {
  metaData?: EnvelopeStatus;
  metadata?: EnvelopeStatus;
  response?: R;
  [key: string]: unknown;
}

/** Headers for one request, all from one timestamp (the clock is read once when none is given). */
export declare function buildHeaders(
  service: ServiceName,
  credentials: Credentials,
  timestamp?: Timestamp | null,
  options?: HeaderOptions,
): BpjsHeaders;

/** `X-signature`: base64(HMAC-SHA256(secret, consId + "&" + timestamp)). */
export declare function signature(consId: ConsId, secret: Secret, timestamp: Timestamp): string;

/**
 * `X-authorization`: `"Basic " + base64(username + ":" + password + ":" + appCode)`;
 * `appCode` is `"095"` when absent or empty.
 */
export declare function authorization(username: string, password: string, appCode?: string | null): string;

/**
 * The URL path of a service below the BPJS host: `servicePath('vclaim')` is
 * `vclaim-rest`, `servicePath('antreanrs', { development: true })` is `antreanrs_dev`.
 */
export declare function servicePath(service: ServiceName, options?: { development?: boolean } | null): string;

/**
 * The service a configured base URL points at, by the longest known service
 * path its path ends with (production, development or legacy); null for none.
 */
export declare function serviceFromUrl(url: string): ServiceName | null;

/** AES layer only. `key` is consId + secret + timestamp; returns the lz-string text. */
export declare function decrypt(key: string, ciphertext: Payload): string;

/** `LZString.decompressFromEncodedURIComponent` with the decoding policy's errors. */
export declare function lzDecompress(text: Payload, options?: DecodeOptions): string;

/** `LZString.compressToEncodedURIComponent`: what `lzDecompress` reads. */
export declare function lzCompress(text: string): string;

/** Decrypts and decompresses a `response` string; returns the text, unparsed. */
export declare function decryptAndDecompress(
  consId: ConsId,
  secret: Secret,
  timestamp: Timestamp,
  ciphertext: Payload,
  options?: DecodeOptions,
): string;

/**
 * A whole reply body: the parsed envelope with an encrypted `response`
 * decoded in place (what `JSON.parse` of the decoded text returns), or the
 * body's text when it is not JSON (a gateway error page). A body that is
 * JSON but not an object (`[]`, `7`) comes back parsed, as it is.
 */
export declare function processWrapper<T = Envelope>(
  consId: ConsId,
  secret: Secret,
  timestamp: Timestamp,
  body: Payload,
  options?: DecodeOptions,
): T | string;

/** Normalised status of an envelope (parsed, or its JSON text). */
export declare function metadata(envelope: unknown): Metadata;

/**
 * The timestamp (decimal string) a captured `response` was encrypted with,
 * searched `window` seconds (default 600) around `around`; null when none
 * decrypts it. A response that is not encrypted throws (`base64`, `cipher_length`).
 */
export declare function findTimestamp(
  consId: ConsId,
  secret: Secret,
  ciphertext: Payload,
  around: Timestamp,
  options?: { window?: number },
): string | null;

/** What BPJS does to a response: lz-string, AES-256-CBC, base64. For fixtures. */
export declare function compressAndEncrypt(
  consId: ConsId,
  secret: Secret,
  timestamp: Timestamp,
  text: string,
): string;

/**
 * Whether a `response` string is ciphertext (`processWrapper` decrypts it, and
 * a failure is an error) rather than a plain value (a SEP number, `OK`) that
 * it passes through. The core's rule: a run of at least 22 non-whitespace
 * characters, at most one in 16 outside base64's characters.
 */
export declare function isCiphertext(response: string): boolean;

/** Whether a header's value is a secret or derived from one (never log it). */
export declare function isSensitiveHeader(name: string): boolean;

/** Whole UTC seconds now, the value `buildHeaders` uses when given none. */
export declare function nowTimestamp(): number;

// -- Audit trail (docs/audit.md in the repository). Keys are snake_case, the
// same in every host: they are the column names of `pcare_bpjs_log`. An
// unknown key, a wrong type or a missing required key is a `config` error.
//
// Values (`request_payload`, `decoded`, and what `redact`, `payloadHash` and
// `canonicalJson` take) must be JSON: null, booleans, finite numbers,
// strings, arrays and plain objects. `undefined`, NaN, Infinity, BigInt,
// functions, symbols, cycles, Date, Map, Set, Buffer and class instances are
// `config` errors, never silently changed as JSON.stringify would. In the
// parameter objects themselves, a key set to `undefined` counts as not given.

export type AuditStatus = 'success' | 'failed';

/** One attempt to call BPJS, as `auditRecord` takes it. */
export interface AuditAttempt {
  /** Decides which metadata codes mean success (PCare: 201 too). */
  service?: ServiceName | null;
  method: HttpMethod;
  /** The path after the service's base URL, e.g. `kunjungan`. */
  endpoint: string;
  /** One logical request: its retries and resends share it. */
  correlation_id: string;
  /** The body as sent: a JSON value, or its JSON text (parsed first). */
  request_payload?: unknown;
  /** Absent when no response arrived. */
  http_status?: number | null;
  response_body_raw?: string | null;
  /** What `processWrapper` returned. */
  decoded?: unknown;
  /** `BpjsCodecError.kind` and `.message` when decoding failed. */
  error_kind?: ErrorKindName | null;
  error_message?: string | null;
  /** Timeout or connection error text, when no response came. */
  transport_error?: string | null;
  duration_ms?: number | null;
  triggered_by?: string | null;
  /** Else read from the payload's `noRawat` / `no_rawat`. */
  no_rawat?: string | null;
}

/** Redaction options; absent or null keys keep the defaults. */
export interface RedactOptions {
  /** Replace the default secret fields (`X-signature`, `user_key`, `password`, ...). */
  secret_fields?: readonly string[] | null;
  /** Replace the default identifier fields (`noKartu`, `nik`, ...). */
  identifier_fields?: readonly string[] | null;
  extra_secret_fields?: readonly string[] | null;
  extra_identifier_fields?: readonly string[] | null;
  /** Characters of an identifier left unmasked (default 4). */
  keep_last?: number | null;
  /** Literal secrets (consumer secret, password, user_key) scrubbed from every string and key. */
  secret_values?: readonly string[] | null;
  /**
   * Each stored text (`request_payload`, `response_body_raw`,
   * `response_body_json`) is at most this many UTF-8 bytes, the cut marked
   * (default 65,536; at least 64).
   */
  max_stored_bytes?: number | null;
}

/** `auditRecord`'s options: the redaction options and the key of `payload_hash`. */
export interface AuditOptions extends RedactOptions {
  /**
   * Required: `BPJS_AUDIT_HASH_KEY` (16 bytes or more) or
   * `deriveHashKey(consumer secret)`. Keep it out of the database and logs.
   */
  hash_key: string;
}

/** One `pcare_bpjs_log` row (without `id`, `created_at`, `attempt`), every text column redacted. */
export interface AuditRow {
  service: ServiceName | null;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  endpoint: string;
  status: AuditStatus;
  http_status: number | null;
  meta_code: number | null;
  meta_message: string | null;
  error_kind: ErrorKindName | null;
  duration_ms: number;
  /** JSON text. */
  request_payload: string | null;
  response_body_raw: string | null;
  /** JSON text. */
  response_body_json: string | null;
  /** Keyed hash of the payload as sent, before redaction. */
  payload_hash: string | null;
  correlation_id: string;
  triggered_by: string | null;
  no_rawat: string | null;
  /** What `resultNumber` finds in the decoded reply of a success. */
  result_number: string | null;
}

/** How an attempt ended: exactly one of `http_status` and `transport`. */
export interface RetryAttempt {
  http_status?: number | null;
  transport?: 'timeout' | 'connection' | null;
  /** Attempts made so far, 1 or more. */
  attempt: number;
  method: HttpMethod;
  /** When decoding failed: never retried. */
  error_kind?: ErrorKindName | null;
  /** Set after a duplicate check: lets a POST, PUT or DELETE be retried. */
  marked_safe?: boolean | null;
}

export interface RetryPolicy {
  /** Attempts in all, the first included (default 4). */
  max_attempts?: number | null;
  /** Seconds before retry n (default [60, 300, 900]; the last entry repeats). */
  schedule_secs?: readonly number[] | null;
}

export interface RetryDecision {
  retry: boolean;
  delay_secs: number;
  reason: string;
}

/** The `pcare_bpjs_log` row of one attempt; `options.hash_key` is required. */
export declare function auditRecord(attempt: AuditAttempt, options: AuditOptions): AuditRow;

/** A redacted copy: secret fields replaced by `[redacted]`, identifiers masked, secret values scrubbed. */
export declare function redact(value: unknown, options?: RedactOptions | null): JsonValue;

/**
 * An endpoint (path and query) as the audit row stores it: identifiers in it
 * masked (`peserta/*********7890`), secret query parameters removed, literal
 * secrets scrubbed.
 */
export declare function redactEndpoint(endpoint: string, options?: RedactOptions | null): string;

/**
 * The number an accepted reply names (PCare `noKunjungan`/`noUrut`, VClaim
 * `noSep`), from what `processWrapper` returned; null when it names none.
 */
export declare function resultNumber(decoded: unknown): string | null;

/**
 * Lower-case hex HMAC-SHA256 of `canonicalJson(value)` under `hashKey`
 * (`BPJS_AUDIT_HASH_KEY`, or `deriveHashKey(secret)`): equal for the same
 * payload in every host. No key, or one under 16 bytes: `config`.
 */
export declare function payloadHash(value: unknown, hashKey: string): string;

/**
 * The default `hash_key` of an installation: lower-case hex of
 * HMAC-SHA256(key = consumer secret, message = "bpjs-codec audit payload hash v1").
 */
export declare function deriveHashKey(secret: Secret): string;

/** Keys sorted by UTF-16 code units, no whitespace, integral numbers without a fraction. */
export declare function canonicalJson(value: unknown): string;

/** Whether and when to send an attempt again (only GET on its own; never 4xx or decode errors). */
export declare function retryDecision(attempt: RetryAttempt, policy?: RetryPolicy | null): RetryDecision;

// -- Send state and resend (docs/audit.md, "Send state" and "Resend"). The
// host keeps the SQL, the locks and the HTTP call; these decide.

export type SendStatus = 'failed' | 'sending' | 'sent';
export type WriteMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** The state columns of a `pcare_send_attempts` row; times in Unix seconds (UTC). */
export interface SendRow {
  status: SendStatus;
  method: HttpMethod;
  attempts?: number | null;
  next_attempt_at?: number | null;
  result_number?: string | null;
  last_http_status?: number | null;
  last_meta_code?: number | null;
  last_error?: string | null;
}

/** The audit row of an answered attempt (what `auditRecord` returned; `status` is required). */
export type AttemptRecord = Partial<AuditRow> & {
  status: AuditStatus;
  attempt?: number | null;
  created_at?: string | number | null;
};

/** How an attempt ended: `record` only when answered, `http_status` only when interrupted. */
export interface SendAttempt {
  /** `send`: the application's own send; `resend`: a resend. */
  by: 'send' | 'resend';
  outcome: 'answered' | 'interrupted' | 'not_sent';
  /** As sent. */
  method: HttpMethod;
  record?: AttemptRecord | null;
  http_status?: number | null;
  /** Unix seconds. */
  now: number;
}

/** What `sendState` says to write: `none` has only `write` and `reason`. */
export type SendState =
  | { write: 'none'; reason: string }
  | ({ write: 'insert' | 'update' } & SendStateColumns & { reason: string });

/** The row's new state columns. */
export interface SendStateColumns {
  status: SendStatus;
  method: WriteMethod;
  attempts: number;
  next_attempt_at: number | null;
  result_number: string | null;
  last_http_status: number | null;
  last_meta_code: number | null;
  last_error: string | null;
}

/** A taken row, as `resendPlan` reads it. */
export interface ResendRow {
  service?: ServiceName | null;
  method: HttpMethod;
  /** As stored (identifiers kept): what is sent again. */
  endpoint: string;
  /** The stored JSON text. */
  payload?: string | null;
  result_number?: string | null;
}

/** What the host looked up for a taken row. */
export interface ResendContext {
  /** The services this host can send; absent: any. */
  services?: readonly ServiceName[] | null;
  /** A success logged for the same no_rawat, masked endpoint and payload_hash. */
  logged_success?: { http_status?: number | null; meta_code?: number | null; response_body_json?: string | null } | null;
  /** For a `POST kunjungan`: the noKunjungan already accepted for the visit. */
  accepted_no_kunjungan?: string | null;
  /** Literal secrets scrubbed from `shown_endpoint`. */
  secret_values?: readonly string[] | null;
}

export type ResendResult =
  | 'sent'
  | 'already_sent'
  | 'failed'
  | 'not_sent'
  | 'unsupported_service'
  | 'unresendable'
  | 'refused'
  | 'in_progress'
  | 'deferred';

/** `resendPlan`'s answer; pass it unchanged to `resendOutcome` after sending. */
export interface ResendPlan {
  action: 'already_sent' | 'send' | 'refuse';
  /** The per-row result word; null when the plan sends. */
  result: ResendResult | null;
  method: WriteMethod;
  /** To send, as stored. */
  endpoint: string;
  /** The text to send exactly, or null. */
  body: string | null;
  /** Masked: the one to show in results and output. */
  shown_endpoint: string;
  /** The noKunjungan of a POST switched to PUT, else null. */
  switched_to: string | null;
  /** The row's new columns when nothing is sent, else null. */
  state: Partial<SendStateColumns> | null;
  reason: string;
}

/** How the resend's request ended (as `SendAttempt`, without `by` and `method`). */
export interface ResendAttempt {
  outcome: 'answered' | 'interrupted' | 'not_sent';
  record?: AttemptRecord | null;
  http_status?: number | null;
  now: number;
}

export interface ResendOutcome {
  result: 'sent' | 'failed' | 'not_sent';
  /** The row's `last_error` when not sent, else null. */
  message: string | null;
  shown_endpoint: string | null;
  switched_to: string | null;
  state: SendStateColumns;
  reason: string;
}

export interface StaleSettings {
  /** Total deadline of one upstream call (default 60). */
  deadline_secs?: number | null;
  /** Upstream calls one row's send may make (default 1). */
  attempts?: number | null;
  margin_secs?: number | null;
  window_secs?: number | null;
}

export interface StaleLimits {
  row_stale_secs: number;
  lock_stale_secs: number;
  window_secs: number;
}

/** A `pcare_bpjs_log` row, of which `loggedResultNumber` reads `response_body_json`. */
export type LogRow = Partial<AuditRow> & { attempt?: number | null; created_at?: string | number | null };

/** The row's state after an attempt of a write that names a `no_rawat` (`row` null: no row yet). */
export declare function sendState(row: SendRow | null, attempt: SendAttempt, policy?: RetryPolicy | null): SendState;

/** What a resend does with one taken row. */
export declare function resendPlan(row: ResendRow, context?: ResendContext | null): ResendPlan;

/** The result of a resend that sent, and the row's new state. */
export declare function resendOutcome(
  row: SendRow,
  plan: ResendPlan,
  attempt: ResendAttempt,
  policy?: RetryPolicy | null,
): ResendOutcome;

/** When a `sending` row or a resend lock is stale (longer than any send). */
export declare function staleLimits(settings?: StaleSettings | null): StaleLimits;

/** The number a logged success registered, read from its `response_body_json`; null if none (or cut). */
export declare function loggedResultNumber(logRow: LogRow): string | null;

// -- The endpoint catalogue (docs/catalogue.md in the repository).

/** One parameter of an endpoint's path. */
export interface EndpointParam {
  name: string;
  /** `date`, `date_dmy`, `card`, `nik`, `digits`, `code`, `int`, `month`, `year`, `text`, or `a|b|c`. */
  type: string;
  /** For a choice type: the accepted values. */
  values?: string[];
  optional: boolean;
  /** What a value must be, in words. */
  expected: string;
  /** A valid sample value. */
  example: string;
}

/** One catalogue entry, as `catalogue()` lists it. */
export interface CatalogueEndpoint<S extends ServiceName = ServiceName> {
  service: S;
  name: EndpointNames[S];
  method: WriteMethod;
  /** Template relative to the service path: `Peserta/nik/{nik:nik}/tglSEP/{tgl_sep:date}`. */
  path: string;
  params: EndpointParam[];
  encrypted_reply: boolean;
  content_type: string;
  /** `wrapper`: the keys around the body object; `fields`: the documented fields. */
  body: { wrapper: string[]; fields: JsonValue[] } | null;
  /** The reply's envelope key, its code's JSON type and the code that means success. */
  reply: { envelope: 'metaData' | 'metadata'; code: 'string' | 'number'; ok_code: number };
  production_path: string;
  development_path: string;
}

/** Path parameters by name, and `body` (the object BPJS expects inside the wrapper). */
export type RequestParams = { [name: string]: JsonValue };

export interface RequestOptions {
  /** Adds `headers` (from `buildHeaders`, for the request's method and Content-Type). */
  credentials?: Credentials | null;
  /** The headers' timestamp; absent: the clock, read once. */
  timestamp?: Timestamp | null;
  /** A base URL ending at the service path (`http://127.0.0.1:8080/vclaim-rest-dev`); else the BPJS host. */
  baseUrl?: string | null;
  /** The development host and path (when no `baseUrl`). */
  development?: boolean | null;
}

/** A built request: the core's fields, `url`, and `headers` when credentials were given. */
export interface BpjsRequest<S extends ServiceName = ServiceName> {
  service: S;
  name: EndpointNames[S];
  method: WriteMethod;
  /** Below the service path, with a leading slash and the parameters percent-encoded. */
  path: string;
  content_type: string;
  /** The body text to send, or null. */
  body: string | null;
  /** Whether a successful reply's `response` is ciphertext (decode with `processWrapper`). */
  encrypted_reply: boolean;
  production_path: string;
  development_path: string;
  url: string;
  headers?: BpjsHeaders;
}

/** Every endpoint of the core's catalogue. */
export declare function catalogue(): CatalogueEndpoint[];

/**
 * One request of the catalogue, built by the core: path parameters checked
 * and percent-encoded, the body wrapped; `url` and, with credentials,
 * `headers` added. Decode the reply with `processWrapper` and
 * `headers['X-timestamp']`.
 */
export declare function request<S extends ServiceName>(
  service: S,
  name: EndpointNames[S],
  params: RequestParams | null | undefined,
  options: RequestOptions & { credentials: Credentials },
): BpjsRequest<S> & { headers: BpjsHeaders };
export declare function request<S extends ServiceName>(
  service: S,
  name: EndpointNames[S],
  params?: RequestParams | null,
  options?: RequestOptions | null,
): BpjsRequest<S>;

// -- eRekam Medis (docs/erm.md in the repository).

/** The insert's fields; `bundle` the FHIR Bundle object or its JSON text. */
export interface MedicalRecordFields {
  noSep: string;
  /** `"1"` rawat inap, `"2"` rawat jalan. */
  jnsPelayanan: '1' | '2' | 1 | 2;
  /** Month the SEP was issued, 1 to 12. */
  bulan: string | number;
  tahun: string | number;
  bundle: { resourceType: 'Bundle'; [key: string]: unknown } | string;
}

/** `dataMR`: base64(AES-256-CBC(SHA-256(consId + secret + kodePpk), base64(gzip(bundle text)))). */
export declare function encryptMedicalRecord(
  consId: ConsId,
  secret: Secret,
  kodePpk: string,
  bundleJson: string | { [key: string]: unknown },
): string;

/** The bundle JSON text of a `dataMR` (gzip or zlib); `maxOutput` in bytes (default 32 Mi). */
export declare function decryptMedicalRecord(
  consId: ConsId,
  secret: Secret,
  kodePpk: string,
  dataMr: Payload,
  options?: { maxOutput?: number } | null,
): string;

/** The eRekam Medis insert body to POST (`{"request": {..., "dataMR": ...}}`), fields and bundle checked. */
export declare function buildMedicalRecordRequest(
  consId: ConsId,
  secret: Secret,
  kodePpk: string,
  fields: MedicalRecordFields | string,
): string;

// <endpoint-names:start> written by tests/support/endpoint-names.mjs --write from catalogue()

/** The endpoint names of each service in the catalogue (`request`'s `name`). */
export interface EndpointNames {
  vclaim:
    | 'lpk.insert'
    | 'lpk.update'
    | 'lpk.delete'
    | 'lpk.list'
    | 'monitoring.kunjungan'
    | 'monitoring.klaim'
    | 'monitoring.histori_pelayanan'
    | 'monitoring.jasa_raharja'
    | 'peserta.nokartu'
    | 'peserta.nik'
    | 'prb.insert'
    | 'prb.update'
    | 'prb.delete'
    | 'prb.nomor'
    | 'prb.tanggal'
    | 'prb.potensi'
    | 'referensi.diagnosa'
    | 'referensi.poli'
    | 'referensi.faskes'
    | 'referensi.dokter.dpjp'
    | 'referensi.propinsi'
    | 'referensi.kabupaten'
    | 'referensi.kecamatan'
    | 'referensi.diagnosa_prb'
    | 'referensi.obat_prb'
    | 'referensi.procedure'
    | 'referensi.kelas_rawat'
    | 'referensi.dokter'
    | 'referensi.spesialistik'
    | 'referensi.ruang_rawat'
    | 'referensi.cara_keluar'
    | 'referensi.pasca_pulang'
    | 'rencana_kontrol.insert'
    | 'rencana_kontrol.insert.v2'
    | 'rencana_kontrol.update'
    | 'rencana_kontrol.update.v2'
    | 'rencana_kontrol.delete'
    | 'spri.insert'
    | 'spri.update'
    | 'rencana_kontrol.sep'
    | 'rencana_kontrol.nomor'
    | 'rencana_kontrol.list.nokartu'
    | 'rencana_kontrol.list.tanggal'
    | 'rencana_kontrol.spesialistik'
    | 'rencana_kontrol.jadwal_dokter'
    | 'rujukan.nomor'
    | 'rujukan.rs.nomor'
    | 'rujukan.nokartu'
    | 'rujukan.rs.nokartu'
    | 'rujukan.list.nokartu'
    | 'rujukan.rs.list.nokartu'
    | 'rujukan.insert'
    | 'rujukan.update'
    | 'rujukan.delete'
    | 'rujukan.khusus.insert'
    | 'rujukan.khusus.delete'
    | 'rujukan.khusus.list'
    | 'rujukan.insert.v2'
    | 'rujukan.update.v2'
    | 'rujukan.spesialistik'
    | 'rujukan.sarana'
    | 'rujukan.keluar.list'
    | 'rujukan.keluar.nomor'
    | 'rujukan.jumlah_sep'
    | 'sep.insert.v1'
    | 'sep.update.v1'
    | 'sep.delete.v1'
    | 'sep.cari'
    | 'sep.rujukan_terakhir'
    | 'sep.insert'
    | 'sep.update'
    | 'sep.delete'
    | 'sep.suplesi_jasa_raharja'
    | 'sep.induk_kecelakaan'
    | 'sep.pengajuan'
    | 'sep.approval'
    | 'sep.persetujuan.list'
    | 'sep.tanggal_pulang.update.v1'
    | 'sep.tanggal_pulang.update'
    | 'sep.tanggal_pulang.list'
    | 'sep.inacbg'
    | 'sep.internal.list'
    | 'sep.internal.delete'
    | 'sep.finger_print'
    | 'sep.finger_print.list'
    | 'sep.random_question'
    | 'sep.random_answer'
    | 'rekam_medis.insert';
  antreanrs:
    | 'referensi.poli'
    | 'referensi.dokter'
    | 'referensi.jadwal_dokter'
    | 'referensi.poli_fp'
    | 'referensi.pasien_fp'
    | 'jadwal_dokter.update'
    | 'antrean.insert'
    | 'antrean.farmasi.insert'
    | 'antrean.update_waktu'
    | 'antrean.batal'
    | 'antrean.task_list'
    | 'dashboard.tanggal'
    | 'dashboard.bulan'
    | 'antrean.tanggal'
    | 'antrean.kode_booking'
    | 'antrean.aktif'
    | 'antrean.aktif.poli';
  antreanfktp:
    | 'referensi.poli'
    | 'referensi.dokter'
    | 'antrean.insert'
    | 'antrean.panggil'
    | 'antrean.batal';
  pcare:
    | 'referensi.alergi'
    | 'referensi.diagnosa'
    | 'referensi.dokter'
    | 'referensi.kesadaran'
    | 'referensi.poli'
    | 'referensi.prognosa'
    | 'referensi.status_pulang'
    | 'referensi.provider'
    | 'referensi.faskes'
    | 'spesialis.list'
    | 'spesialis.sub'
    | 'spesialis.sarana'
    | 'spesialis.khusus'
    | 'spesialis.rujuk.sub'
    | 'spesialis.rujuk.khusus'
    | 'spesialis.rujuk.khusus_sub'
    | 'peserta.nokartu'
    | 'peserta.jenis.noka'
    | 'peserta.jenis.nik'
    | 'peserta.tgl_pelayanan'
    | 'pendaftaran.nourut'
    | 'pendaftaran.tanggal'
    | 'pendaftaran.insert'
    | 'pendaftaran.delete'
    | 'kunjungan.rujukan'
    | 'kunjungan.riwayat'
    | 'kunjungan.insert'
    | 'kunjungan.update'
    | 'kunjungan.insert.v3'
    | 'kunjungan.update.v3'
    | 'kunjungan.delete'
    | 'mcu.list'
    | 'mcu.insert'
    | 'mcu.update'
    | 'mcu.delete'
    | 'obat.dpho'
    | 'obat.kunjungan'
    | 'obat.insert'
    | 'obat.delete'
    | 'tindakan.referensi'
    | 'tindakan.kunjungan'
    | 'tindakan.insert'
    | 'tindakan.update'
    | 'tindakan.delete'
    | 'kelompok.club'
    | 'kelompok.kegiatan'
    | 'kelompok.kegiatan.insert'
    | 'kelompok.kegiatan.update'
    | 'kelompok.kegiatan.delete'
    | 'kelompok.peserta'
    | 'kelompok.peserta.insert'
    | 'kelompok.peserta.delete'
    | 'skrinning.peserta'
    | 'skrinning.prolanis.dm'
    | 'skrinning.prolanis.ht'
    | 'skrinning.rekap';
  'icare-fktp':
    | 'riwayat.validate';
  'icare-fkrtl':
    | 'riwayat.validate';
  apotek:
    | 'monitoring.klaim'
    | 'obat.non_racikan.insert'
    | 'obat.racikan.insert'
    | 'obat.stok.update'
    | 'pelayanan_obat.delete'
    | 'pelayanan_obat.list'
    | 'pelayanan_obat.riwayat'
    | 'prb.rekap_peserta'
    | 'referensi.dpho'
    | 'referensi.poli'
    | 'referensi.faskes'
    | 'referensi.setting_apotek'
    | 'referensi.spesialistik'
    | 'referensi.obat'
    | 'resep.insert'
    | 'resep.delete'
    | 'resep.list'
    | 'sep.cari';
  aplicares:
    | 'referensi.kelas'
    | 'bed.update'
    | 'bed.create'
    | 'bed.read'
    | 'bed.delete';
}

/** Every endpoint name of the catalogue, any service. */
export type EndpointName = EndpointNames[ServiceName];
// <endpoint-names:end>
