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
  /** Stored response bodies are cut after this many characters (default 65,536; 0: never). */
  max_body_chars?: number | null;
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
  /** Hash of the payload as sent, before redaction. */
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

/** The `pcare_bpjs_log` row of one attempt. */
export declare function auditRecord(attempt: AuditAttempt, options?: RedactOptions | null): AuditRow;

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

/** Lower-case hex SHA-256 of `canonicalJson(value)`: equal for the same payload in every host. */
export declare function payloadHash(value: unknown): string;

/** Keys sorted by UTF-16 code units, no whitespace, integral numbers without a fraction. */
export declare function canonicalJson(value: unknown): string;

/** Whether and when to send an attempt again (only GET on its own; never 4xx or decode errors). */
export declare function retryDecision(attempt: RetryAttempt, policy?: RetryPolicy | null): RetryDecision;
