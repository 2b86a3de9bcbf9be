#!/usr/bin/env node
// Writes tests/vectors/audit.json, the conformance vectors of the audit
// functions (canonical JSON and payload_hash, redact, retry_decision,
// audit_record) that the Rust, Python, PHP and Node suites all load.
//
//   node audit.mjs           regenerate audit.json
//   node audit.mjs --check   regenerate in memory; exit 1 if the committed file differs
//
// The canonical form and the keyed hash (HMAC-SHA256, node:crypto) are
// computed here, independently of the core, by the few lines below (RFC 8785 key order: UTF-16 code units, which
// is what Array.prototype.sort does with strings). Every other expectation is
// written out by hand from the rules in docs/audit.md.
//
// Inputs that are JSON documents are stored as JSON *text* (`json`,
// `request_payload_json`, ...): each host parses them with its own parser
// (so 1.0 stays a float in Python and PHP) and hands the parsed value to the
// binding, which is how a hospital app calls it.

import { createHmac } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, "audit.json");

function fail(message) {
  process.stderr.write(`audit.mjs: ${message}\n`);
  process.exit(1);
}

// ---------------------------------------------------------------------------
// Canonical JSON, written independently of the core.

function canonicalNumber(n) {
  // Exponent forms differ between JavaScript and Rust; the vectors stay in
  // the range where both write plain decimals.
  const text = String(n);
  if (/e/i.test(text)) fail(`number ${text} is outside the range the vectors use`);
  return text;
}

function canonical(value) {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return canonicalNumber(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
}

// payload_hash is HMAC-SHA256(key = the hash_key's UTF-8 bytes, canonical JSON),
// lower-case hex. Every record case passes this key in its options.
const HASH_KEY = "audit-vectors-hash-key-2026";
const hmac = (key, text) => createHmac("sha256", Buffer.from(key, "utf8")).update(text, "utf8").digest("hex");
const keyed = (text) => hmac(HASH_KEY, text);
// The default key of an installation: HMAC-SHA256(key = consumer secret, this label), hex.
const HASH_KEY_LABEL = "bpjs-codec audit payload hash v1";

// UTF-8 size, and the cap of a stored text: at most `max` bytes, the marker
// "...[truncated: <n> bytes in all]" included (the test texts are ASCII).
const bytes = (text) => Buffer.byteLength(text, "utf8");
function cap(text, max) {
  if (!/^[\x00-\x7f]*$/.test(text)) fail("cap() in the vectors handles ASCII only");
  if (text.length <= max) return text;
  const marker = `...[truncated: ${text.length} bytes in all]`;
  return text.slice(0, max - marker.length) + marker;
}
// ---------------------------------------------------------------------------
// canonical + payload_hash

const canonicalCases = [
  ["key_order_and_spacing", `{ "b": 1, "a": 2 }`],
  ["same_payload_other_order", `{"a":2,"b":1}`],
  ["integral_floats_lose_fraction", `{"tinggiBadan": 170.0, "beratBadan": 65.50, "suhu": 36.5, "n": 1e2}`],
  ["nested_arrays_keep_order", `{"list": [3, 1, 2, {"z": true, "y": null}], "empty": {}, "none": []}`],
  ["unicode_and_escapes", `{"nama": "Ñoño \\"Ahmad\\"\\n\\t/", "é": 1, "e": 2, "Z": 3}`],
  ["utf16_order_not_code_point_order", `{"\uff61": 1, "\u{1F600}": 2, "a": 3}`],
  ["big_integers_and_negatives", `{"nik": 3171234567890001, "neg": -42, "frac": -0.25}`],
  [
    "pcare_kunjungan_payload",
    `{"noKunjungan": null, "noKartu": "0001234567890", "tglDaftar": "24-11-2026", "kdPoli": "001",
      "keluhan": "demam", "kdSadar": "01", "sistole": 120, "diastole": 80, "beratBadan": 65.0,
      "tinggiBadan": 170, "respRate": 20, "heartRate": 80, "lingkarPerut": 0, "kdStatusPulang": "4",
      "tglPulang": "24-11-2026", "kdDokter": "123456", "kdDiag1": "A09", "kdDiag2": null, "kdDiag3": null,
      "kdPoliRujukInternal": null, "rujukLanjut": null, "kdTacc": -1, "alasanTacc": null}`,
  ],
  ["scalar_string", `"0301R0011124V000123"`],
  ["scalar_number", `12.0`],
].map(([name, json]) => {
  const text = canonical(JSON.parse(json));
  return { name, json, canonical: text, hash: keyed(text) };
});
if (canonicalCases[0].hash !== canonicalCases[1].hash) fail("key order changed the hash");

// derive_hash_key(secret): the default hash_key of an installation.
const hashKeyCases = [
  ["sim_secret", "simSecret2026"],
  ["unicode_secret", "rahasia-Ñ-é"],
].map(([name, secret]) => ({ name, secret, hash_key: hmac(secret, HASH_KEY_LABEL) }));
// payload_hash / derive_hash_key with a key (or secret) that cannot be used.
const hashKeyErrors = [
  { name: "empty_hash_key", hash_key: "", error: "config" },
  { name: "short_hash_key", hash_key: "0123456789abcde", error: "config" },
  { name: "empty_secret", secret: "", error: "config" },
];

// ---------------------------------------------------------------------------
// redact: expectations by hand (docs/audit.md, "Redaction").

const redactCases = [
  {
    name: "secret_headers_any_casing_any_depth",
    json: `{"headers": {"X-signature": "c2lnbmF0dXJl", "x_authorization": "Basic dXNlcg==", "user_key": "uk123",
            "X-cons-id": "31337", "X-timestamp": "1732406400"}, "request": {"password": "p@ss", "kdPoli": "001"}}`,
    expected: {
      headers: {
        "X-signature": "[redacted]",
        x_authorization: "[redacted]",
        user_key: "[redacted]",
        "X-cons-id": "31337",
        "X-timestamp": "1732406400",
      },
      request: { password: "[redacted]", kdPoli: "001" },
    },
  },
  {
    name: "identifiers_masked_keep_last_4",
    json: `{"noKartu": "0001234567890", "peserta": [{"nik": "3171234567890001", "noka": "0009"}],
            "noKTP": 3171234567890001, "nomorKartu": "", "nama": "Budi"}`,
    expected: {
      noKartu: "*********7890",
      peserta: [{ nik: "************0001", noka: "0009" }],
      noKTP: "************0001",
      nomorKartu: "",
      nama: "Budi",
    },
  },
  {
    name: "null_secret_stays_null",
    json: `{"Authorization": null, "secret": ""}`,
    expected: { Authorization: null, secret: "[redacted]" },
  },
  {
    name: "literal_secret_values_scrubbed_from_strings_and_keys",
    json: `{"note": "sent with simSecret2026 by mistake", "simSecret2026": "k", "short": "abc stays"}`,
    options: { secret_values: ["simSecret2026", "abc"] },
    expected: { note: "sent with [redacted] by mistake", "[redacted]": "k", short: "abc stays" },
  },
  {
    name: "secret_pasted_into_an_identifier_is_scrubbed_before_masking",
    json: `{"noKartu": "simSecret2026", "nik": "x-simSecret2026"}`,
    options: { secret_values: ["simSecret2026"], keep_last: 64 },
    expected: { noKartu: "[redacted]", nik: "x-[redacted]" },
  },
  {
    name: "extra_fields_and_keep_last",
    json: `{"noRM": "RM-000123", "alamat": "Jl. Merdeka 1", "noKartu": "0001234567890"}`,
    options: { extra_identifier_fields: ["noRM"], extra_secret_fields: ["alamat"], keep_last: 2 },
    expected: { noRM: "*******23", alamat: "[redacted]", noKartu: "***********90" },
  },
  {
    name: "replaced_field_lists",
    json: `{"user_key": "uk", "noKartu": "0001234567890", "kdDokter": "123456"}`,
    options: { secret_fields: ["kdDokter"], identifier_fields: [] },
    expected: { user_key: "uk", noKartu: "0001234567890", kdDokter: "[redacted]" },
  },
  // Card numbers (13 digits) and NIKs (16) in free text are masked like identifiers (last 4 kept);
  // other digit runs stay. identifier_fields [] (the resend payload) keeps them.
  {
    name: "identifiers_in_free_text_masked",
    json: `{"keluhan": "pasien NIK 3171234567890001 kartu 0001234567890", "noSep": "0301R0011124V000123",
            "tgl": "2026-11-24", "id": "support 1234567890123456789", "ts": "1732406400"}`,
    expected: { keluhan: "pasien NIK ************0001 kartu *********7890", noSep: "0301R0011124V000123",
                tgl: "2026-11-24", id: "support 1234567890123456789", ts: "1732406400" },
  },
  {
    name: "identifiers_in_free_text_kept_when_identifier_fields_is_empty",
    json: `{"keluhan": "pasien NIK 3171234567890001", "noKartu": "0001234567890"}`,
    options: { identifier_fields: [] },
    expected: { keluhan: "pasien NIK 3171234567890001", noKartu: "0001234567890" },
  },
  {
    name: "new_identifier_fields",
    json: `{"param": "3171234567890001", "noMR": "RM000123", "norm": "000123", "nohp": "081234567890", "noTelp": "0211234567"}`,
    expected: { param: "************0001", noMR: "****0123", norm: "**0123", nohp: "********7890", noTelp: "******4567" },
  },
  {
    name: "json_encoded_twice_is_redacted_inside",
    json: JSON.stringify({ body: JSON.stringify({ nik: "3171234567890001", password: "p@ss" }) }),
    expected: { body: JSON.stringify({ nik: "************0001", password: "[redacted]" }) },
  },
  {
    name: "text_that_only_starts_like_json_is_free_text",
    json: `{"terapiObat": "[R/] paracetamol, kartu 0001234567890", "catatan": "{cut"}`,
    expected: { terapiObat: "[R/] paracetamol, kartu *********7890", catatan: "{cut" },
  },
  {
    name: "json_encoded_twice_kept_as_sent_when_identifier_fields_is_empty",
    json: JSON.stringify({ body: JSON.stringify({ nik: "3171234567890001" }, null, 1) }),
    options: { identifier_fields: [] },
    expected: { body: JSON.stringify({ nik: "3171234567890001" }, null, 1) },
  },
  {
    name: "ciphertext_string_keeps_its_digits",
    json: `{"response": "q1w2E3r4T5y6U7i8O9p0+/Zx0001234567890mN3kL1jH7gF2dS4aA=="}`,
    expected: { response: "q1w2E3r4T5y6U7i8O9p0+/Zx0001234567890mN3kL1jH7gF2dS4aA==" },
  },
  {
    name: "scalars_and_arrays_pass_through",
    json: `[1, "two", null, true, {"nik": 12345}]`,
    expected: [1, "two", null, true, { nik: "*2345" }],
  },
  {
    // Fails closed: deeper than 64 levels, the whole value becomes the
    // placeholder (n: bytes of its compact JSON), never itself.
    name: "nested_deeper_than_64_levels_is_a_placeholder",
    json: `{"password": "p@ss-2026", "x": ${"[".repeat(64)}${"]".repeat(64)}}`,
    expected: `[unredactable: nested deeper than 64 levels, ${bytes(`{"password":"p@ss-2026","x":${"[".repeat(64)}${"]".repeat(64)}}`)} bytes]`,
  },
  {
    name: "nested_64_levels_is_redacted",
    json: `{"password": "p@ss-2026", "x": ${"[".repeat(63)}${"]".repeat(63)}}`,
    expected: { password: "[redacted]", x: JSON.parse(`${"[".repeat(63)}${"]".repeat(63)}`) },
  },
];

const redactErrors = [
  { name: "unknown_option_key", options: { secretValues: ["x"] }, error: "config" },
  { name: "secret_values_not_a_list", options: { secret_values: "hunter22" }, error: "config" },
  { name: "keep_last_negative", options: { keep_last: -1 }, error: "config" },
  { name: "max_stored_bytes_below_64", options: { max_stored_bytes: 63 }, error: "config" },
  { name: "hash_key_is_not_a_redact_option", options: { hash_key: HASH_KEY }, error: "config" },
];

// ---------------------------------------------------------------------------
// retry_decision: GET alone is retried unless marked safe; only timeouts,
// connection errors and 5xx; 1 min, 5 min, 15 min; 4 attempts in all.

const R = (retry, delay_secs) => ({ retry, delay_secs });
const retryCases = [
  ["get_timeout_first", { transport: "timeout", attempt: 1, method: "GET" }, null, R(true, 60)],
  ["get_503_second", { http_status: 503, attempt: 2, method: "GET" }, null, R(true, 300)],
  ["get_connection_third", { transport: "connection", attempt: 3, method: "get" }, null, R(true, 900)],
  ["get_500_exhausted", { http_status: 500, attempt: 4, method: "GET" }, null, R(false, 0)],
  ["get_404_never", { http_status: 404, attempt: 1, method: "GET" }, null, R(false, 0)],
  ["get_412_never", { http_status: 412, attempt: 1, method: "GET", marked_safe: true }, null, R(false, 0)],
  ["get_200_nothing_to_retry", { http_status: 200, attempt: 1, method: "GET" }, null, R(false, 0)],
  ["decode_error_never", { http_status: 200, error_kind: "padding", attempt: 1, method: "GET" }, null, R(false, 0)],
  ["decode_error_on_5xx_never", { http_status: 502, error_kind: "json", attempt: 1, method: "GET" }, null, R(false, 0)],
  ["post_timeout_not_retried", { transport: "timeout", attempt: 1, method: "POST" }, null, R(false, 0)],
  ["put_503_not_retried", { http_status: 503, attempt: 1, method: "PUT" }, null, R(false, 0)],
  ["delete_connection_not_retried", { transport: "connection", attempt: 1, method: "DELETE" }, null, R(false, 0)],
  ["post_marked_safe", { transport: "timeout", attempt: 1, method: "POST", marked_safe: true }, null, R(true, 60)],
  ["custom_policy_last_delay_repeats", { http_status: 500, attempt: 4, method: "GET" },
    { max_attempts: 6, schedule_secs: [10, 20] }, R(true, 20)],
  ["custom_policy_exhausted", { http_status: 500, attempt: 2, method: "GET" }, { max_attempts: 2 }, R(false, 0)],
].map(([name, attempt, policy, expected]) => ({ name, attempt, ...(policy ? { policy } : {}), expected }));

const retryErrors = [
  ["neither_status_nor_transport", { attempt: 1, method: "GET" }],
  ["both_status_and_transport", { http_status: 500, transport: "timeout", attempt: 1, method: "GET" }],
  ["unknown_transport", { transport: "dns", attempt: 1, method: "GET" }],
  ["attempt_zero", { http_status: 500, attempt: 0, method: "GET" }],
  ["unknown_method", { http_status: 500, attempt: 1, method: "PATCH" }],
  ["unknown_error_kind", { http_status: 500, attempt: 1, method: "GET", error_kind: "oops" }],
  ["unknown_key", { http_status: 500, attempt: 1, method: "GET", retries: 3 }],
].map(([name, attempt]) => ({ name, attempt, error: "config" }));

// ---------------------------------------------------------------------------
// audit_record: one row per attempt. `attempt` is passed as is, except the
// `*_json` keys, which the host parses first and passes without the suffix.
// In `expected`, request_payload and response_body_json are the values the
// row's JSON text must parse to.

const KUNJUNGAN = `{"noRawat": "2026/11/24/000001", "noKartu": "0001234567890", "tglDaftar": "24-11-2026",
                   "kdPoli": "001", "beratBadan": 65.0, "kdTacc": -1}`;
const KUNJUNGAN_MASKED = {
  noRawat: "2026/11/24/000001",
  noKartu: "*********7890",
  tglDaftar: "24-11-2026",
  kdPoli: "001",
  beratBadan: 65.0,
  kdTacc: -1,
};
const kunjunganHash = keyed(canonical(JSON.parse(KUNJUNGAN)));

const NAN_PAYLOAD = `{"password": "p@ss-2026", "nik": "3171234567890001", "suhu": NaN}`;
const DEEP_PAYLOAD = `{"nik": "3171234567890001", "x": ${"[".repeat(65)}${"]".repeat(65)}}`;
const FORM_PAYLOAD = "nik=3171234567890001&password=p@ss-2026";
const PLAIN_REPLY = `{"metaData": {"code": 200, "message": "OK"},
  "response": {"nik": "3171234567890001", "noKartu": "0001234567890", "nama": "Budi"}}`;
const CUT_REPLY = `{"metaData":{"code":200,"message":"OK"},"response":{"nik":"3171234567890001","nama":"Bu`;
const PHP_NOTICE_REPLY = "<br />\n<b>Notice</b>: Undefined index<br />\n" +
  `{"metaData":{"code":"200","message":"OK"},"response":{"nik":"3171234567890001"}}`;
const LONG_ENDPOINT = `referensi/diagnosa/${"a".repeat(300)}`;
const LONG_MESSAGE = "Gagal ".repeat(1000);
const LONG_ID = "x".repeat(100);
const CUT_REFUSAL = `{"metaData":{"code":201,"message":"Gagal"},"response":"q1w2E3r4T5y6U7i8O9p0+/Zx5mN3k`;
const WAF_PAGE = "<html><head><title>Request Rejected</title></head><body>The requested URL was rejected. " +
  "Please consult with your administrator.<br><br>Your support ID is: 1234567890123456789</body></html>";
const CIPHER_REPLY = `{"metaData":{"code":"200","message":"OK"},"response":"q1w2E3r4T5y6U7i8O9p0+/Zx5mN3kL1jH7gF2dS4aA=="}`;
const LONG_TEXT = "0123456789".repeat(10);
const LONG_PAYLOAD = `{"noRawat": "2026/11/24/000009", "keluhan": "${"demam ".repeat(30)}"}`;

const recordCases = [
  {
    name: "pcare_201_created_is_success",
    attempt: {
      service: "pcare", method: "POST", endpoint: "kunjungan", request_payload_json: KUNJUNGAN,
      http_status: 201, response_body_raw: `{"metaData":{"message":"CREATED","code":201},"response":"<ciphertext>"}`,
      decoded_json: `{"response": {"field": "noKunjungan", "message": "0301U0011126Y000123"},
                      "metaData": {"message": "CREATED", "code": 201}}`,
      duration_ms: 245, correlation_id: "9b1f0c3e-0001", triggered_by: "perawat01",
    },
    expected: {
      service: "pcare", method: "POST", endpoint: "kunjungan", status: "success", http_status: 201,
      meta_code: 201, meta_message: "CREATED", error_kind: null, duration_ms: 245,
      request_payload: KUNJUNGAN_MASKED, payload_hash: kunjunganHash, correlation_id: "9b1f0c3e-0001",
      triggered_by: "perawat01", no_rawat: "2026/11/24/000001", result_number: "0301U0011126Y000123",
      response_body_json: { response: { field: "noKunjungan", message: "0301U0011126Y000123" },
                            metaData: { message: "CREATED", code: 201 } },
    },
  },
  {
    name: "payload_as_json_text_hashes_like_the_object",
    attempt: {
      service: "pcare", method: "POST", endpoint: "kunjungan", request_payload: KUNJUNGAN,
      http_status: 412, decoded_json: `{"metaData": {"message": "PRECONDITION_FAILED", "code": 412},
                                        "response": [{"field": "kdPoli", "message": "Poli tidak ditemukan"}]}`,
      correlation_id: "c-2",
    },
    expected: {
      status: "failed", http_status: 412, meta_code: 412, meta_message: "PRECONDITION_FAILED",
      request_payload: KUNJUNGAN_MASKED, payload_hash: kunjunganHash, no_rawat: "2026/11/24/000001",
      duration_ms: 0, triggered_by: null, result_number: null,
    },
  },
  {
    name: "vclaim_201_is_a_refusal",
    attempt: {
      service: "vclaim", method: "POST", endpoint: "SEP/2.0/insert",
      request_payload_json: `{"request": {"t_sep": {"noKartu": "0009999999999", "tglSep": "2026-11-24"}}}`,
      http_status: 200, decoded_json: `{"metaData": {"code": "201", "message": "Peserta tidak ditemukan"}, "response": null}`,
      correlation_id: "c-3", no_rawat: "2026/11/24/000002",
    },
    expected: {
      status: "failed", meta_code: 201, meta_message: "Peserta tidak ditemukan", no_rawat: "2026/11/24/000002",
      result_number: null,
      request_payload: { request: { t_sep: { noKartu: "*********9999", tglSep: "2026-11-24" } } },
    },
  },
  {
    name: "vclaim_sep_insert_names_its_number",
    attempt: {
      service: "vclaim", method: "POST", endpoint: "SEP/2.0/insert", http_status: 200, no_rawat: "2026/11/24/000004",
      decoded_json: `{"metaData": {"code": "200", "message": "Sukses"},
                      "response": {"sep": {"noSep": "0301R0011124V000123", "peserta": {"noKartu": "0001234567890"}}}}`,
      correlation_id: "c-13",
    },
    expected: {
      status: "success", result_number: "0301R0011124V000123",
      response_body_json: { metaData: { code: "200", message: "Sukses" },
                            response: { sep: { noSep: "0301R0011124V000123", peserta: { noKartu: "*********7890" } } } },
    },
  },
  {
    name: "failed_write_names_no_number",
    attempt: {
      service: "pcare", method: "POST", endpoint: "pendaftaran", http_status: 200,
      decoded_json: `{"metaData": {"code": 412, "message": "PRECONDITION_FAILED"},
                      "response": {"field": "noUrut", "message": "A001"}}`,
      correlation_id: "c-14",
    },
    expected: { status: "failed", result_number: null },
  },
  {
    name: "antrean_200_success_code_as_string",
    attempt: {
      service: "antreanrs", method: "POST", endpoint: "antrean/add", http_status: 200,
      decoded_json: `{"metadata": {"code": 200, "message": "Ok."}, "response": null}`, correlation_id: "c-4",
    },
    expected: { status: "success", meta_code: 200, meta_message: "Ok.", request_payload: null, payload_hash: null },
  },
  {
    name: "aplicares_code_1_success",
    attempt: {
      service: "aplicares", method: "GET", endpoint: "rest/bed/read/0301R001/1/10", http_status: 200,
      response_body_raw: `{"metadata":{"code":1,"message":"OK"},"response":{"list":[]}}`,
      decoded_json: `{"metadata": {"code": 1, "message": "OK"}, "response": {"list": []}}`, correlation_id: "c-5",
    },
    expected: { status: "success", meta_code: 1, method: "GET" },
  },
  {
    name: "decode_error_is_failure_with_kind_and_scrubbed_body",
    attempt: {
      service: "vclaim", method: "GET", endpoint: "Peserta/nokartu/0001234567890/tglSEP/2026-11-24",
      http_status: 200, response_body_raw: `{"metaData":{"code":"200","message":"OK"},"response":"simSecret2026AAAA"}`,
      error_kind: "padding", error_message: "bad padding: check the consumer secret and the timestamp",
      duration_ms: 12, correlation_id: "c-6",
    },
    options: { secret_values: ["simSecret2026"] },
    expected: {
      endpoint: "Peserta/nokartu/*********7890/tglSEP/2026-11-24",
      status: "failed", error_kind: "padding", meta_code: null,
      meta_message: "padding: bad padding: check the consumer secret and the timestamp",
      response_body_raw: `{"metaData":{"code":"200","message":"OK"},"response":"[redacted]AAAA"}`,
      response_body_json: null,
    },
  },
  {
    name: "timeout_has_no_status",
    attempt: {
      service: "pcare", method: "GET", endpoint: "peserta/0001234567890", transport_error: "timeout after 30 s",
      duration_ms: 30000, correlation_id: "c-7",
    },
    expected: {
      endpoint: "peserta/*********7890",
      status: "failed", http_status: null, meta_code: null, meta_message: "timeout after 30 s",
      error_kind: null, response_body_raw: null, duration_ms: 30000,
    },
  },
  {
    name: "gateway_html_503",
    attempt: {
      service: "vclaim", method: "GET", endpoint: "referensi/poli/INT", http_status: 503,
      response_body_raw: "<html><body>Service Unavailable</body></html>", correlation_id: "c-8",
    },
    expected: {
      status: "failed", http_status: 503, meta_code: null, meta_message: null,
      response_body_raw: "<html><body>Service Unavailable</body></html>",
    },
  },
  // A 2xx without a readable envelope is never a success (docs/audit.md): BPJS answers every
  // call with one (a plain SEP number is its `response`); a cut, empty or HTML reply may hide
  // an accepted write or a refusal. error_kind "json", the message says size and shape only.
  {
    name: "bare_text_2xx_reply_is_not_a_success",
    attempt: {
      service: "vclaim", method: "DELETE", endpoint: "SEP/2.0/delete", http_status: 200,
      response_body_raw: "0301R0011124V000123", correlation_id: "c-9",
    },
    expected: { status: "failed", meta_code: null, method: "DELETE", error_kind: "json",
                meta_message: "reply has no BPJS envelope (19 bytes, not JSON)", result_number: null },
  },
  {
    name: "plain_sep_number_in_its_envelope_is_a_success",
    attempt: {
      service: "vclaim", method: "DELETE", endpoint: "SEP/2.0/delete", http_status: 200,
      response_body_raw: `{"metaData":{"code":"200","message":"Sukses"},"response":"0301R0011124V000123"}`,
      decoded_json: `{"metaData":{"code":"200","message":"Sukses"},"response":"0301R0011124V000123"}`, correlation_id: "c-9b",
    },
    expected: { status: "success", meta_code: 200, error_kind: null },
  },
  {
    name: "cut_refusal_2xx_is_not_a_success",
    attempt: {
      service: "pcare", method: "POST", endpoint: "kunjungan/v1", http_status: 200,
      response_body_raw: CUT_REFUSAL, correlation_id: "c-9c",
    },
    expected: { status: "failed", meta_code: null, error_kind: "json", result_number: null,
                meta_message: `reply has no BPJS envelope (${bytes(CUT_REFUSAL)} bytes, cut or damaged JSON)`,
                response_body_raw_text: `[unredactable: not JSON, ${bytes(CUT_REFUSAL)} bytes]` },
  },
  {
    name: "cut_success_2xx_is_not_a_success",
    attempt: {
      service: "pcare", method: "POST", endpoint: "kunjungan/v1", http_status: 201,
      response_body_raw: CUT_REPLY, correlation_id: "c-9d",
    },
    expected: { status: "failed", meta_code: null, error_kind: "json",
                meta_message: `reply has no BPJS envelope (${bytes(CUT_REPLY)} bytes, cut or damaged JSON)` },
  },
  {
    name: "waf_page_2xx_is_not_a_success",
    attempt: {
      service: "pcare", method: "POST", endpoint: "kunjungan/v1", http_status: 200,
      response_body_raw: WAF_PAGE, correlation_id: "c-9e",
    },
    expected: { status: "failed", error_kind: "json",
                meta_message: `reply has no BPJS envelope (${bytes(WAF_PAGE)} bytes, not JSON)` },
  },
  {
    name: "empty_2xx_is_not_a_success",
    attempt: { service: "pcare", method: "PUT", endpoint: "kunjungan/v1", http_status: 200, response_body_raw: "",
               correlation_id: "c-9f" },
    expected: { status: "failed", error_kind: "json", meta_message: "reply has no BPJS envelope (0 bytes, empty body)" },
  },
  {
    name: "no_body_2xx_is_not_a_success",
    attempt: { service: "vclaim", method: "GET", endpoint: "referensi/propinsi", http_status: 200, correlation_id: "c-9g" },
    expected: { status: "failed", error_kind: "json", meta_message: "reply has no BPJS envelope (0 bytes, empty body)" },
  },
  {
    name: "json_without_metadata_2xx_is_not_a_success",
    attempt: { service: "antreanrs", method: "GET", endpoint: "ref/poli", http_status: 200,
               response_body_raw: `{"response":[]}`, decoded_json: `{"response":[]}`, correlation_id: "c-9h" },
    expected: { status: "failed", error_kind: "json", meta_message: "reply has no BPJS envelope (15 bytes, JSON without metaData)" },
  },
  {
    name: "secrets_in_the_payload_removed_hash_of_what_was_sent",
    attempt: {
      service: "icare-fktp", method: "POST", endpoint: "api/pcare/validate",
      request_payload_json: `{"param": "0001234567890", "kodedokter": 123456, "X-signature": "sig=", "user_key": "uk"}`,
      http_status: 200, correlation_id: "c-11", no_rawat: "2026/11/24/000003",
      decoded_json: `{"metaData": {"code": 200, "message": "OK"}, "response": null}`,
    },
    expected: {
      request_payload: { param: "*********7890", kodedokter: 123456, "X-signature": "[redacted]", user_key: "[redacted]" },
      payload_hash: keyed(canonical({ param: "0001234567890", kodedokter: 123456, "X-signature": "sig=", user_key: "uk" })),
      no_rawat: "2026/11/24/000003", status: "success",
    },
  },
  {
    name: "identifiers_in_the_endpoint_masked",
    attempt: {
      service: "vclaim", method: "GET",
      endpoint: "Peserta/nik/3171234567890001/tglSEP/2026-11-24?noKartu=0001234567890&user_key=uk123&page=1",
      http_status: 200, correlation_id: "c-15",
    },
    expected: {
      endpoint: "Peserta/nik/************0001/tglSEP/2026-11-24?noKartu=*********7890&user_key=[redacted]&page=1",
    },
  },
  // Free text of a row: card numbers and NIKs masked, wherever they are.
  {
    name: "identifiers_in_meta_message_masked",
    attempt: { service: "vclaim", method: "GET", endpoint: "Peserta/nokartu/0001234567890/tglSEP/2026-11-24",
               http_status: 200, decoded_json: `{"metaData": {"code": "201", "message": "Peserta dengan NoKartu 0001234567890 tidak ditemukan"}, "response": null}`,
               correlation_id: "c-30" },
    expected: { meta_message: "Peserta dengan NoKartu *********7890 tidak ditemukan", status: "failed" },
  },
  {
    name: "identifiers_in_a_transport_error_masked",
    attempt: { service: "vclaim", method: "GET", endpoint: "Peserta/nik/3171234567890001/tglSEP/2026-11-24",
               transport_error: "HTTPSConnectionPool: Max retries exceeded with url: /vclaim-rest/Peserta/nik/3171234567890001/tglSEP/2026-11-24",
               correlation_id: "c-31" },
    expected: { meta_message: "HTTPSConnectionPool: Max retries exceeded with url: /vclaim-rest/Peserta/nik/************0001/tglSEP/2026-11-24" },
  },
  {
    name: "identifiers_in_an_html_page_masked",
    attempt: { service: "vclaim", method: "GET", endpoint: "x", http_status: 404,
               response_body_raw: "<p>The requested URL /vclaim-rest/Peserta/nik/3171234567890001/tglSEP/2026-11-24 was not found</p>",
               correlation_id: "c-32" },
    expected: { response_body_raw_text: "<p>The requested URL /vclaim-rest/Peserta/nik/************0001/tglSEP/2026-11-24 was not found</p>" },
  },
  {
    name: "json_reply_with_a_byte_order_mark_is_redacted",
    attempt: { service: "vclaim", method: "GET", endpoint: "x", http_status: 200,
               response_body_raw: "\ufeff" + `{"metaData":{"code":"200","message":"OK"},"response":{"peserta":{"nik":"3171234567890001"}}}`,
               correlation_id: "c-33" },
    expected: { response_body_raw_text: `{"metaData":{"code":"200","message":"OK"},"response":{"peserta":{"nik":"************0001"}}}` },
  },
  {
    name: "json_after_a_php_notice_is_a_placeholder",
    attempt: { service: "vclaim", method: "GET", endpoint: "x", http_status: 200, response_body_raw: PHP_NOTICE_REPLY,
               correlation_id: "c-34" },
    expected: { response_body_raw_text: `[unredactable: not JSON, ${bytes(PHP_NOTICE_REPLY)} bytes]` },
  },
  {
    name: "payload_encoded_twice_is_redacted_inside",
    attempt: { service: "pcare", method: "POST", endpoint: "kunjungan/v1", request_payload: JSON.stringify(JSON.stringify({ nik: "3171234567890001" })),
               correlation_id: "c-35" },
    expected: { request_payload_text: JSON.stringify(JSON.stringify({ nik: "************0001" })) },
  },
  {
    name: "antrean_add_phone_and_record_number_masked",
    attempt: { service: "antreanrs", method: "POST", endpoint: "antrean/add",
               request_payload_json: `{"kodebooking": "B1", "nohp": "081234567890", "norm": "000123", "nik": "3171234567890001"}`,
               correlation_id: "c-36" },
    expected: { request_payload: { kodebooking: "B1", nohp: "********7890", norm: "**0123", nik: "************0001" } },
  },
  // Caps (docs/audit.md, "What a row stores"): every text column has one, the cut marked.
  {
    name: "long_columns_are_capped",
    attempt: { service: "vclaim", method: "GET", endpoint: LONG_ENDPOINT, http_status: 200,
               decoded_json: JSON.stringify({ metaData: { code: "201", message: LONG_MESSAGE }, response: null }),
               correlation_id: LONG_ID, triggered_by: LONG_ID, no_rawat: LONG_ID },
    expected: { endpoint: cap(LONG_ENDPOINT, 255), meta_message: cap(LONG_MESSAGE, 4096), correlation_id: cap(LONG_ID, 64),
                triggered_by: cap(LONG_ID, 64), no_rawat: cap(LONG_ID, 40) },
  },
  {
    name: "no_service_means_200_or_1_only",
    attempt: {
      method: "POST", endpoint: "kunjungan", http_status: 201,
      decoded_json: `{"metaData": {"message": "CREATED", "code": 201}}`, correlation_id: "c-12",
    },
    expected: { service: null, status: "failed", meta_code: 201 },
  },
  // --- Fail closed (docs/audit.md, "What a row stores"): what cannot be
  // redacted is stored as "[unredactable: <reason>, <n> bytes]" (n: UTF-8
  // bytes of the text), never as itself; the hash is of the text as a JSON
  // string. `*_text` expectations compare a column's stored text exactly.
  {
    name: "payload_text_with_nan_is_a_placeholder",
    attempt: { service: "pcare", method: "POST", endpoint: "kunjungan", request_payload: NAN_PAYLOAD, http_status: 200,
               correlation_id: "c-20" },
    expected: {
      request_payload: `[unredactable: NaN or infinity, ${bytes(NAN_PAYLOAD)} bytes]`,
      payload_hash: keyed(JSON.stringify(NAN_PAYLOAD)), no_rawat: null,
    },
  },
  {
    name: "payload_text_nested_too_deep_is_a_placeholder",
    attempt: { method: "POST", endpoint: "kunjungan", request_payload: DEEP_PAYLOAD, correlation_id: "c-21" },
    expected: { request_payload: `[unredactable: nested deeper than 64 levels, ${bytes(DEEP_PAYLOAD)} bytes]` },
  },
  {
    name: "payload_text_not_json_is_a_placeholder",
    attempt: { method: "POST", endpoint: "kunjungan", request_payload: FORM_PAYLOAD, correlation_id: "c-22" },
    expected: {
      request_payload_text: JSON.stringify(`[unredactable: not JSON, ${bytes(FORM_PAYLOAD)} bytes]`),
      payload_hash: keyed(JSON.stringify(FORM_PAYLOAD)),
    },
  },
  {
    name: "blank_payload_text_is_no_payload",
    attempt: { method: "DELETE", endpoint: "kunjungan/0301U0011126Y000123", request_payload: "  ", correlation_id: "c-23" },
    expected: { request_payload: null, payload_hash: null },
  },
  {
    name: "plain_json_reply_is_redacted",
    attempt: { service: "pcare", method: "GET", endpoint: "peserta/0001234567890", http_status: 200,
               response_body_raw: PLAIN_REPLY, correlation_id: "c-24" },
    expected: {
      response_body_raw_text: JSON.stringify({ metaData: { code: 200, message: "OK" },
        response: { nik: "************0001", noKartu: "*********7890", nama: "Budi" } }),
    },
  },
  {
    name: "cut_json_reply_is_a_placeholder",
    attempt: { service: "pcare", method: "GET", endpoint: "peserta/0001234567890", http_status: 200,
               response_body_raw: CUT_REPLY, correlation_id: "c-25" },
    expected: { response_body_raw_text: `[unredactable: not JSON, ${bytes(CUT_REPLY)} bytes]` },
  },
  {
    name: "json_reply_with_nan_is_a_placeholder",
    attempt: { service: "pcare", method: "GET", endpoint: "x", http_status: 200, response_body_raw: NAN_PAYLOAD,
               correlation_id: "c-26" },
    expected: { response_body_raw_text: `[unredactable: NaN or infinity, ${bytes(NAN_PAYLOAD)} bytes]` },
  },
  {
    name: "ciphertext_envelope_stored_as_is",
    attempt: { service: "vclaim", method: "GET", endpoint: "referensi/poli/INT", http_status: 200,
               response_body_raw: CIPHER_REPLY, decoded_json: `{"metaData":{"code":"200","message":"OK"},"response":{"poli":[]}}`,
               correlation_id: "c-27" },
    expected: { response_body_raw_text: CIPHER_REPLY, status: "success" },
  },
  {
    name: "long_text_reply_is_cut_with_a_marker",
    attempt: { service: "pcare", method: "GET", endpoint: "diagnosa/A0/0/100", http_status: 200,
               response_body_raw: LONG_TEXT, correlation_id: "c-10" },
    options: { max_stored_bytes: 64 },
    expected: { response_body_raw_text: cap(LONG_TEXT, 64) },
  },
  {
    name: "long_payload_is_cut_hash_of_the_whole",
    attempt: { service: "pcare", method: "POST", endpoint: "kunjungan", request_payload_json: LONG_PAYLOAD,
               correlation_id: "c-28" },
    options: { max_stored_bytes: 64 },
    expected: {
      request_payload_text: cap(JSON.stringify(JSON.parse(LONG_PAYLOAD)), 64),
      payload_hash: keyed(canonical(JSON.parse(LONG_PAYLOAD))),
    },
  },
  {
    name: "long_decoded_reply_is_cut",
    attempt: { service: "pcare", method: "GET", endpoint: "diagnosa/A0/0/100", http_status: 200,
               decoded_json: LONG_PAYLOAD, correlation_id: "c-29" },
    options: { max_stored_bytes: 100 },
    expected: { response_body_json_text: cap(JSON.stringify(JSON.parse(LONG_PAYLOAD)), 100) },
  },
];
// Every record case passes the vectors' key (the host's BPJS_AUDIT_HASH_KEY).
for (const c of recordCases) c.options = { ...(c.options ?? {}), hash_key: HASH_KEY };

const recordErrors = [
  ["missing_correlation_id", { method: "GET", endpoint: "x" }],
  ["missing_method", { endpoint: "x", correlation_id: "c" }],
  ["unknown_service", { service: "sep", method: "GET", endpoint: "x", correlation_id: "c" }],
  ["http_status_not_a_number", { method: "GET", endpoint: "x", correlation_id: "c", http_status: "200" }],
  ["message_without_kind", { method: "GET", endpoint: "x", correlation_id: "c", error_message: "bad" }],
  ["camel_case_key", { method: "GET", endpoint: "x", correlationId: "c" }],
].map(([name, attempt]) => ({ name, attempt, options: { hash_key: HASH_KEY }, error: "config" }));
// No key, an empty key, a short key: `config`, whatever the attempt.
for (const [name, options] of [
  ["no_hash_key", {}],
  ["no_options_at_all", null],
  ["empty_hash_key", { hash_key: "" }],
  ["hash_key_shorter_than_16_bytes", { hash_key: "0123456789abcde" }],
]) recordErrors.push({ name, attempt: { method: "GET", endpoint: "x", correlation_id: "c" }, options, error: "config" });

// ---------------------------------------------------------------------------
// Send state and resend (docs/audit.md, "Send state" and "Resend"): written
// by hand. Times are Unix seconds; NOW is the attempt's end.

const NOW = 1795000000;
const ROW = (over = {}) => ({
  status: "sending", method: "PUT", attempts: 1, next_attempt_at: null, result_number: null,
  last_http_status: 503, last_meta_code: null, last_error: "HTTP 503", ...over,
});
// Audit rows as audit_record returns them (only the columns read here).
const OK = (number = null) => ({ status: "success", http_status: 200, meta_code: 201, meta_message: "CREATED",
                                 error_kind: null, result_number: number });
const FAIL = (http_status, meta_message = null, over = {}) => ({ status: "failed", http_status, meta_code: null,
                                                               meta_message, error_kind: null, result_number: null, ...over });
const UNREADABLE = "a 2xx reply whose outcome cannot be read: it may have been accepted; check at BPJS before resending";
const sendStateCases = [
  // The application's own send.
  ["first_send_accepted_inserts_sent", null, { by: "send", outcome: "answered", method: "POST", record: OK("0301U001") },
    { write: "insert", status: "sent", method: "POST", attempts: 1, next_attempt_at: null, result_number: "0301U001",
      last_http_status: 200, last_meta_code: 201, last_error: null }],
  // A failed first send is never scheduled, whatever the failure: it may be registered.
  ["first_send_5xx_not_scheduled", null, { by: "send", outcome: "answered", method: "PUT", record: FAIL(503) },
    { write: "insert", status: "failed", attempts: 1, next_attempt_at: null, last_error: "HTTP 503" }],
  // The same write failing again from the application clears an earlier schedule.
  ["identical_write_failing_again_clears_schedule", ROW({ status: "failed", next_attempt_at: NOW - 10 }),
    { by: "send", outcome: "answered", method: "PUT", record: FAIL(500, "Internal error") },
    { write: "update", status: "failed", attempts: 2, next_attempt_at: null, last_error: "Internal error" }],
  // An accepted write stays sent when BPJS refuses its duplicate.
  ["sent_stays_sent_when_the_duplicate_is_refused",
    ROW({ status: "sent", result_number: "0301U001", last_http_status: 200, last_meta_code: 201, last_error: null }),
    { by: "send", outcome: "answered", method: "POST", record: FAIL(200, "Data sudah ada", { meta_code: 412 }) },
    { write: "update", status: "sent", attempts: 2, result_number: "0301U001", last_meta_code: 201, last_error: null }],
  ["not_sent_without_row_writes_nothing", null, { by: "send", outcome: "not_sent", method: "POST" }, { write: "none" }],
  // Resends.
  ["resend_put_5xx_scheduled_by_retry_decision", ROW(),
    { by: "resend", outcome: "answered", method: "PUT", record: FAIL(503) },
    { write: "update", status: "failed", attempts: 2, next_attempt_at: NOW + 300, last_http_status: 503 }],
  ["resend_delete_timeout_scheduled", ROW({ method: "DELETE" }),
    { by: "resend", outcome: "answered", method: "DELETE", record: FAIL(null, "timeout after 60 s") },
    { write: "update", status: "failed", attempts: 2, next_attempt_at: NOW + 300, last_http_status: null,
      last_error: "timeout after 60 s" }],
  ["resend_put_4xx_not_scheduled", ROW(),
    { by: "resend", outcome: "answered", method: "PUT", record: FAIL(400, "Bad request") },
    { write: "update", status: "failed", attempts: 2, next_attempt_at: null, last_error: "Bad request" }],
  // A 2xx whose outcome cannot be read (a decode error, or no envelope): it went out and may be
  // registered. Failed, unscheduled, "check at BPJS", never sent.
  ["resend_decode_error_not_scheduled", ROW(),
    { by: "resend", outcome: "answered", method: "PUT", record: FAIL(200, null, { error_kind: "padding" }) },
    { write: "update", status: "failed", next_attempt_at: null, last_error: `padding: ${UNREADABLE}` }],
  ["first_send_2xx_without_envelope_is_outcome_unknown", null,
    { by: "send", outcome: "answered", method: "POST",
      record: FAIL(200, "reply has no BPJS envelope (0 bytes, empty body)", { error_kind: "json" }) },
    { write: "insert", status: "failed", attempts: 1, next_attempt_at: null, result_number: null, last_http_status: 200,
      last_meta_code: null, last_error: `reply has no BPJS envelope (0 bytes, empty body): ${UNREADABLE}` }],
  ["resend_put_2xx_without_envelope_not_scheduled", ROW({ next_attempt_at: NOW - 5 }),
    { by: "resend", outcome: "answered", method: "PUT",
      record: FAIL(200, "reply has no BPJS envelope (40 bytes, not JSON)", { error_kind: "json" }) },
    { write: "update", status: "failed", attempts: 2, next_attempt_at: null,
      last_error: `reply has no BPJS envelope (40 bytes, not JSON): ${UNREADABLE}` }],
  ["resend_attempts_exhausted", ROW({ attempts: 3 }),
    { by: "resend", outcome: "answered", method: "PUT", record: FAIL(502) },
    { write: "update", status: "failed", attempts: 4, next_attempt_at: null }],
  // A create is never scheduled, including a POST switched to a PUT (its row is still the create).
  ["resend_post_5xx_not_scheduled", ROW({ method: "POST" }),
    { by: "resend", outcome: "answered", method: "POST", record: FAIL(503) },
    { write: "update", status: "failed", next_attempt_at: null }],
  ["resend_switched_put_not_scheduled", ROW({ method: "POST" }),
    { by: "resend", outcome: "answered", method: "PUT", record: FAIL(503) },
    { write: "update", status: "failed", method: "POST", next_attempt_at: null }],
  // The request went out, no outcome can be read: failed, unscheduled, check at BPJS.
  ["resend_interrupted_after_sending", ROW({ next_attempt_at: NOW - 5 }),
    { by: "resend", outcome: "interrupted", method: "PUT", http_status: 200 },
    { write: "update", status: "failed", attempts: 2, next_attempt_at: null, last_http_status: 200, last_meta_code: null,
      last_error: "no readable outcome after the request went out: check at BPJS before resending" }],
  // last_error masks card numbers and NIKs whoever wrote the record, and is capped at 4096 bytes.
  ["last_error_masks_identifiers", null,
    { by: "send", outcome: "answered", method: "PUT",
      record: FAIL(400, "Peserta dengan NoKartu 0001234567890 / NIK 3171234567890001 tidak ditemukan", { meta_code: 201 }) },
    { write: "insert", status: "failed", next_attempt_at: null,
      last_error: "Peserta dengan NoKartu *********7890 / NIK ************0001 tidak ditemukan" }],
  // Nothing went out: the row as it was, sending back to failed.
  ["resend_not_sent_restores_the_row", ROW({ next_attempt_at: NOW - 5 }),
    { by: "resend", outcome: "not_sent", method: "PUT" },
    { write: "update", status: "failed", attempts: 1, next_attempt_at: NOW - 5, last_error: "HTTP 503" }],
].map(([name, row, attempt, expected]) => ({ name, row, attempt: { ...attempt, now: NOW }, expected }));
// next_attempt_at saturates at 9999-12-31 23:59:59 UTC (253402300799), the last second every
// host's datetime holds, instead of running past it.
sendStateCases.push({
  name: "next_attempt_at_saturates_at_year_9999", row: ROW(),
  attempt: { by: "resend", outcome: "answered", method: "PUT", record: FAIL(503), now: 253402300799 },
  expected: { write: "update", status: "failed", attempts: 2, next_attempt_at: 253402300799 },
});

const sendStateErrors = [
  ["unknown_by", null, { by: "cron", outcome: "answered", method: "GET", record: OK(), now: NOW }],
  ["answered_without_record", null, { by: "send", outcome: "answered", method: "POST", now: NOW }],
  ["record_with_not_sent", null, { by: "send", outcome: "not_sent", method: "POST", record: OK(), now: NOW }],
  ["missing_now", null, { by: "send", outcome: "not_sent", method: "POST" }],
  ["row_status_unknown", ROW({ status: "queued" }), { by: "send", outcome: "not_sent", method: "POST", now: NOW }],
].map(([name, row, attempt]) => ({ name, row, attempt, error: "config" }));

// resend_plan: the row as stored, what the host found, the plan.
const KJ = `{"noKunjungan":null,"noKartu":"0001234567890","kdPoli":"001","keluhan":"demam"}`;
const KJ_ROW = { service: "pcare", method: "POST", endpoint: "kunjungan", payload: KJ, result_number: null };
const LOGGED = { http_status: 201, meta_code: 201,
                 response_body_json: `{"metaData":{"code":201,"message":"CREATED"},"response":{"field":"noKunjungan","message":"0301U0011126Y000123"}}` };
const planCases = [
  ["send_as_stored", KJ_ROW, {},
    { action: "send", result: null, method: "POST", endpoint: "kunjungan", body: KJ, switched_to: null, state: null }],
  ["already_sent_when_a_success_is_logged", { ...KJ_ROW, result_number: "old" }, { logged_success: LOGGED },
    { action: "already_sent", result: "already_sent", body: null,
      state: { status: "sent", next_attempt_at: null, last_error: null, result_number: "0301U0011126Y000123",
               last_http_status: 201, last_meta_code: 201 } }],
  ["already_sent_keeps_the_rows_number_when_the_log_is_cut", { ...KJ_ROW, result_number: "0301U0011126Y000999" },
    { logged_success: { http_status: 200, meta_code: 200, response_body_json: `{"metaData":{"code":200...[truncated: 90000 bytes in all]` } },
    { action: "already_sent", state: { status: "sent", next_attempt_at: null, last_error: null,
      result_number: "0301U0011126Y000999", last_http_status: 200, last_meta_code: 200 } }],
  ["second_visit_create_becomes_its_update", KJ_ROW, { accepted_no_kunjungan: "0301U0011126Y000123" },
    { action: "send", method: "PUT", switched_to: "0301U0011126Y000123",
      body: `{"noKunjungan":"0301U0011126Y000123","noKartu":"0001234567890","kdPoli":"001","keluhan":"demam"}` }],
  // Service unknown (null): kunjungan is a PCare endpoint; never risk a second visit.
  ["switch_also_when_the_service_is_unknown", { ...KJ_ROW, service: null }, { accepted_no_kunjungan: "0301U0011126Y000123" },
    { action: "send", method: "PUT", switched_to: "0301U0011126Y000123" }],
  // The catalogue's visit create is POST kunjungan/v1 (kunjungan.insert); legacy POST kunjungan
  // is kunjungan.insert.v3. Both are marked `visit_update` in the catalogue: each switches to
  // the PUT of its own path. A leading service path, slashes, case and a query are ignored.
  ["v1_visit_create_becomes_its_update", { ...KJ_ROW, endpoint: "kunjungan/v1" }, { accepted_no_kunjungan: "0301U0011126Y000123" },
    { action: "send", method: "PUT", endpoint: "kunjungan/v1", switched_to: "0301U0011126Y000123",
      body: `{"noKunjungan":"0301U0011126Y000123","noKartu":"0001234567890","kdPoli":"001","keluhan":"demam"}` }],
  ["v1_visit_create_with_slashes_and_case", { ...KJ_ROW, endpoint: "/Kunjungan/V1/" }, { accepted_no_kunjungan: "0301U0011126Y000123" },
    { action: "send", method: "PUT", endpoint: "kunjungan/v1", switched_to: "0301U0011126Y000123" }],
  ["v1_visit_create_stored_with_the_service_path", { ...KJ_ROW, endpoint: "pcare-rest/kunjungan/v1" },
    { accepted_no_kunjungan: "0301U0011126Y000123" },
    { action: "send", method: "PUT", endpoint: "pcare-rest/kunjungan/v1", switched_to: "0301U0011126Y000123" }],
  ["legacy_visit_create_stored_with_the_legacy_path", { ...KJ_ROW, endpoint: "/pcare-rest-v3.0/kunjungan" },
    { accepted_no_kunjungan: "0301U0011126Y000123" },
    { action: "send", method: "PUT", endpoint: "pcare-rest-v3.0/kunjungan", switched_to: "0301U0011126Y000123" }],
  ["v1_visit_create_unknown_service", { ...KJ_ROW, service: null, endpoint: "kunjungan/v1" },
    { accepted_no_kunjungan: "0301U0011126Y000123" },
    { action: "send", method: "PUT", endpoint: "kunjungan/v1", switched_to: "0301U0011126Y000123" }],
  ["no_switch_for_another_path_below_kunjungan", { ...KJ_ROW, endpoint: "kunjungan/v1/extra" },
    { accepted_no_kunjungan: "0301U0011126Y000123" },
    { action: "send", method: "POST", endpoint: "kunjungan/v1/extra", switched_to: null, body: KJ }],
  ["no_switch_for_a_pendaftaran", { ...KJ_ROW, endpoint: "pendaftaran" }, { accepted_no_kunjungan: "0301U0011126Y000123" },
    { action: "send", method: "POST", switched_to: null, body: KJ }],
  ["no_switch_for_another_service", { ...KJ_ROW, service: "antreanfktp" }, { accepted_no_kunjungan: "0301U0011126Y000123" },
    { action: "send", method: "POST", switched_to: null, body: KJ }],
  ["no_switch_for_a_put", { ...KJ_ROW, method: "PUT" }, { accepted_no_kunjungan: "0301U0011126Y000123" },
    { action: "send", method: "PUT", switched_to: null }],
  ["switch_refused_when_the_payload_is_not_an_object", { ...KJ_ROW, payload: "[1]" },
    { accepted_no_kunjungan: "0301U0011126Y000123" },
    { action: "refuse", result: "refused", state: { status: "failed", next_attempt_at: null } }],
  ["unredactable_payload_is_not_resent", { ...KJ_ROW, payload: JSON.stringify("[unredactable: not JSON, 39 bytes]") }, {},
    { action: "refuse", result: "unresendable", body: null }],
  ["cut_payload_is_not_resent", { ...KJ_ROW, payload: `{"noKartu":"0001...[truncated: 70000 bytes in all]` }, {},
    { action: "refuse", result: "unresendable" }],
  ["write_without_body", { service: "pcare", method: "DELETE", endpoint: "kunjungan/0301U0011126Y000123", payload: "null" }, {},
    { action: "send", method: "DELETE", body: null }],
  ["legacy_text_body_sent_as_its_text", { service: "vclaim", method: "POST", endpoint: "SEP/2.0/insert", payload: `"a=1&b=2"` }, {},
    { action: "send", body: "a=1&b=2" }],
  ["unsupported_service", { ...KJ_ROW, service: "vclaim" }, { services: ["pcare", "antreanfktp", "icare-fktp", "icare-fkrtl"] },
    { action: "refuse", result: "unsupported_service" }],
  ["unknown_service_with_one_host_service", { ...KJ_ROW, service: null }, { services: ["pcare"] },
    { action: "send", method: "POST" }],
  ["unknown_service_with_several_host_services", { ...KJ_ROW, service: null }, { services: ["pcare", "icare-fktp"] },
    { action: "refuse", result: "unsupported_service" }],
  // Results and output always show the endpoint masked, never the card number.
  ["shown_endpoint_is_masked", { service: "vclaim", method: "DELETE", endpoint: "Peserta/nokartu/0001234567890?user_key=simSecret2026",
                                 payload: null },
    { secret_values: ["simSecret2026"] },
    { action: "send", endpoint: "Peserta/nokartu/0001234567890?user_key=simSecret2026",
      shown_endpoint: "Peserta/nokartu/*********7890?user_key=[redacted]" }],
].map(([name, row, context, expected]) => ({ name, row, context, expected }));

const planErrors = [
  ["unknown_row_key", { ...KJ_ROW, id: 7 }, {}],
  ["unknown_service_name", KJ_ROW, { services: ["sep"] }],
  ["unknown_logged_key", KJ_ROW, { logged_success: { ...LOGGED, created_at: "2026-11-26" } }],
].map(([name, row, context]) => ({ name, row, context, error: "config" }));

// resend_outcome: the row as taken, the plan as returned, the attempt.
const PLAN_PUT = { action: "send", result: null, method: "PUT", endpoint: "kunjungan", body: "{}",
                   shown_endpoint: "kunjungan", switched_to: "0301U0011126Y000123", state: null, reason: "switched" };
const PLAN_DEL = { ...PLAN_PUT, method: "DELETE", endpoint: "kunjungan/0301U0011126Y000123",
                   shown_endpoint: "kunjungan/0301U0011126Y000123", switched_to: null, body: null };
const outcomeCases = [
  // An accepted switched PUT whose reply names no number records the noKunjungan it edited.
  ["switched_put_accepted_records_the_number", ROW({ method: "POST" }), PLAN_PUT,
    { outcome: "answered", record: { ...OK(), meta_code: 200 } },
    { result: "sent", message: null, switched_to: "0301U0011126Y000123",
      state: { status: "sent", attempts: 2, result_number: "0301U0011126Y000123", next_attempt_at: null } }],
  ["switched_put_failing_is_not_scheduled", ROW({ method: "POST" }), PLAN_PUT,
    { outcome: "answered", record: FAIL(503) },
    { result: "failed", message: "HTTP 503", state: { status: "failed", method: "POST", next_attempt_at: null } }],
  ["delete_failing_is_scheduled", ROW({ method: "DELETE" }), PLAN_DEL,
    { outcome: "answered", record: FAIL(504) },
    { result: "failed", message: "HTTP 504", shown_endpoint: "kunjungan/0301U0011126Y000123",
      state: { status: "failed", attempts: 2, next_attempt_at: NOW + 300 } }],
  ["interrupted_is_failed_unscheduled", ROW({ method: "DELETE" }), PLAN_DEL, { outcome: "interrupted" },
    { result: "failed", state: { status: "failed", next_attempt_at: null, last_http_status: null } }],
  ["not_sent_leaves_the_row", ROW({ method: "DELETE", next_attempt_at: NOW - 1 }), PLAN_DEL, { outcome: "not_sent" },
    { result: "not_sent", state: { status: "failed", attempts: 1, next_attempt_at: NOW - 1 } }],
].map(([name, row, plan, attempt, expected]) => ({ name, row, plan, attempt: { ...attempt, now: NOW }, expected }));

const outcomeErrors = [
  ["plan_that_does_not_send", ROW(), { ...PLAN_PUT, action: "refuse" }, { outcome: "not_sent", now: NOW }],
  ["no_row", null, PLAN_PUT, { outcome: "not_sent", now: NOW }],
].map(([name, row, plan, attempt]) => ({ name, row, plan, attempt, error: "config" }));

// Stale limits: a `sending` row is taken again only after the longest send
// (deadline x attempts) plus a margin; a visit lock after the row window plus that.
const staleCases = [
  ["defaults", null, { row_stale_secs: 120, lock_stale_secs: 720, window_secs: 600 }],
  ["proxy_retries_count", { deadline_secs: 60, attempts: 3 }, { row_stale_secs: 240, lock_stale_secs: 840, window_secs: 600 }],
  ["all_given", { deadline_secs: 30, attempts: 2, margin_secs: 30, window_secs: 300 },
    { row_stale_secs: 90, lock_stale_secs: 390, window_secs: 300 }],
  // Minimums: deadline 1, margin 30, window 1; row_stale_secs never below 60.
  ["row_stale_floor_of_60", { deadline_secs: 1, margin_secs: 30, window_secs: 1 },
    { row_stale_secs: 60, lock_stale_secs: 61, window_secs: 1 }],
].map(([name, settings, expected]) => ({ name, settings, expected }));
for (const c of staleCases) {
  const d = { deadline_secs: 60, attempts: 1, margin_secs: 60, ...(c.settings ?? {}) };
  if (c.expected.row_stale_secs <= d.deadline_secs * d.attempts) fail(`${c.name}: stale limit not above the longest send`);
}
const staleErrors = [
  ["zero_attempts", { attempts: 0 }],
  ["unknown_key", { timeout: 60 }],
  // A zero limit would let a second worker take a row in flight (a double send).
  ["zero_deadline_and_margin", { deadline_secs: 0, margin_secs: 0 }],
  ["zero_deadline", { deadline_secs: 0 }],
  ["margin_below_30", { margin_secs: 29 }],
  ["zero_window", { window_secs: 0 }],
  ["deadline_over_a_day", { deadline_secs: 86401 }],
].map(([name, settings]) => ({ name, settings, error: "config" }));

// Hand-written expectations could name a column that does not exist.
const COLUMNS = new Set([
  "service", "method", "endpoint", "status", "http_status", "meta_code", "meta_message", "error_kind",
  "duration_ms", "request_payload", "response_body_raw", "response_body_json", "payload_hash",
  "correlation_id", "triggered_by", "no_rawat", "result_number",
]);
for (const c of recordCases) {
  for (const key of Object.keys(c.expected)) {
    if (!COLUMNS.has(key.replace(/_text$/, ""))) fail(`${c.name}: unknown column ${key}`);
  }
  for (const key of Object.keys(c.attempt)) if (key.endsWith("_json")) JSON.parse(c.attempt[key]);
}

const doc = {
  about:
    "Audit conformance vectors (docs/audit.md), generated by tests/vectors/audit.mjs; see tests/vectors/README.md",
  columns: [...COLUMNS],
  hash_key: HASH_KEY,
  hash_key_label: HASH_KEY_LABEL,
  canonical: canonicalCases,
  hash_keys: hashKeyCases,
  hash_key_errors: hashKeyErrors,
  redact: redactCases,
  redact_errors: redactErrors,
  retry: retryCases,
  retry_errors: retryErrors,
  record: recordCases,
  record_errors: recordErrors,
  send_state: sendStateCases,
  send_state_errors: sendStateErrors,
  resend_plan: planCases,
  resend_plan_errors: planErrors,
  resend_outcome: outcomeCases,
  resend_outcome_errors: outcomeErrors,
  stale_limits: staleCases,
  stale_limits_errors: staleErrors,
};
const text = `${JSON.stringify(doc, null, 1)}\n`;

if (process.argv.includes("--check")) {
  let committed = "";
  try {
    committed = readFileSync(OUT, "utf8");
  } catch {
    fail(`${OUT} is missing: run 'make vectors'`);
  }
  if (committed !== text) fail("audit.json differs from what audit.mjs generates: run 'make vectors' and commit");
  process.stdout.write("audit.json matches audit.mjs\n");
} else {
  writeFileSync(OUT, text);
  process.stdout.write(`wrote ${OUT}\n`);
}
