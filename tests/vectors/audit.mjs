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
  {
    name: "plain_text_reply_counts_on_http_status",
    attempt: {
      service: "vclaim", method: "DELETE", endpoint: "SEP/2.0/delete", http_status: 200,
      response_body_raw: "0301R0011124V000123", correlation_id: "c-9",
    },
    expected: { status: "success", meta_code: null, method: "DELETE" },
  },
  {
    name: "secrets_in_the_payload_removed_hash_of_what_was_sent",
    attempt: {
      service: "icare-fktp", method: "POST", endpoint: "api/pcare/validate",
      request_payload_json: `{"param": "0001234567890", "kodedokter": 123456, "X-signature": "sig=", "user_key": "uk"}`,
      http_status: 200, correlation_id: "c-11", no_rawat: "2026/11/24/000003",
    },
    expected: {
      request_payload: { param: "0001234567890", kodedokter: 123456, "X-signature": "[redacted]", user_key: "[redacted]" },
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
