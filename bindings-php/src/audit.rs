//! The audit functions (docs/audit.md): PHP values in, the core's `*_json`
//! functions, PHP arrays out. Keys, rules and errors are the core's, the same
//! in every host; this file only converts (see `json_value.rs`).

use bpjs_codec::audit;
use ext_php_rs::binary_slice::BinarySlice;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendHashTable, Zval};

use crate::exception::from_core;
use crate::json_value::{from_zval, object_from_array, to_zval};

/// One `pcare_bpjs_log` row (column name => value) for one attempt.
///
/// `$attempt` keys: `method` (GET, POST, PUT, DELETE), `endpoint` and
/// `correlation_id` (required); `service`, `request_payload` (a value, or JSON
/// text), `http_status`, `response_body_raw`, `decoded` (what
/// `bpjs_process_wrapper` returned), `error_kind` + `error_message` (the
/// BpjsCodecException), `transport_error`, `duration_ms`, `triggered_by`,
/// `no_rawat` (else read from the payload's `noRawat`). `$options`: `hash_key`
/// (required: the key of `payload_hash`, see `bpjs_derive_hash_key`) and the
/// redaction options of `bpjs_redact` (`max_stored_bytes` caps each stored
/// text); pass the facility's secret, password and user_key as `secret_values`.
#[php_function]
pub fn bpjs_audit_record(attempt: &ZendHashTable, options: Option<&ZendHashTable>) -> PhpResult<Zval> {
    let attempt = object_from_array(Some(attempt), "audit attempt")?.unwrap_or_default();
    let options = object_from_array(options, "audit options")?;
    let row = audit::audit_record_json(&attempt, options.as_ref()).map_err(from_core)?;
    to_zval(&row)
}

/// A redacted copy: secret fields replaced by "[redacted]", patient
/// identifiers masked to their last `keep_last` characters, literal
/// `secret_values` scrubbed from every string and key. Objects come back as
/// arrays (as `json_decode($json, true)` gives them).
#[php_function]
pub fn bpjs_redact(value: &Zval, options: Option<&ZendHashTable>) -> PhpResult<Zval> {
    let value = from_zval(value, "redact value")?;
    let options = object_from_array(options, "redact options")?;
    let redacted = audit::redact_json(&value, options.as_ref()).map_err(from_core)?;
    to_zval(&redacted)
}

/// An endpoint (path and query) as an audit row stores it: identifiers in it
/// masked, secret query parameters removed, `secret_values` scrubbed.
/// `$options`: as for `bpjs_redact`. Bytes that are not UTF-8 become U+FFFD,
/// as in `bpjs_audit_record`, so the result is the row's `endpoint`.
#[php_function]
pub fn bpjs_redact_endpoint(endpoint: BinarySlice<u8>, options: Option<&ZendHashTable>) -> PhpResult<String> {
    let options = object_from_array(options, "redact options")?;
    let options = audit::redact_options_from_json(options.as_ref()).map_err(from_core)?;
    Ok(audit::redact_endpoint(&String::from_utf8_lossy(&endpoint), &options))
}

/// The number an accepted write registered, read from the decoded reply
/// (what `bpjs_process_wrapper` returned), or null: PCare's
/// `{"field": "noKunjungan", "message": "<no>"}` (also `noUrut`), VClaim's
/// `{"sep": {"noSep": ...}}`, or a `noKunjungan` / `noUrut` / `noSep` string
/// a few levels inside `response`. It does not look at the status: an audit
/// row's `result_number` is this value for a successful attempt only.
#[php_function]
pub fn bpjs_result_number(decoded: &Zval) -> PhpResult<Option<String>> {
    Ok(audit::result_number(&from_zval(decoded, "result_number decoded")?))
}

/// Lower-case hex HMAC-SHA256 of `bpjs_canonical_json($value)` with
/// `$hash_key` (at least 16 bytes): the same payload hashes the same in every
/// host, whatever its key order or 65.0 versus 65, and cannot be brute-forced
/// from a masked copy without the key.
#[php_function]
pub fn bpjs_payload_hash(value: &Zval, hash_key: &str) -> PhpResult<String> {
    audit::payload_hash_json(&from_zval(value, "payload_hash value")?, hash_key).map_err(from_core)
}

/// The default audit `hash_key` of an installation: lower-case hex of
/// HMAC-SHA256(consumer secret, a fixed label), stable as long as the secret is.
#[php_function]
pub fn bpjs_derive_hash_key(secret: &str) -> PhpResult<String> {
    audit::derive_hash_key(secret).map_err(from_core)
}

/// Canonical JSON: keys sorted by UTF-16 code units (RFC 8785 order), no
/// whitespace, integral numbers without a fraction.
#[php_function]
pub fn bpjs_canonical_json(value: &Zval) -> PhpResult<String> {
    Ok(audit::canonical_json(&from_zval(value, "canonical_json value")?))
}

/// `['retry' => bool, 'delay_secs' => int, 'reason' => string]`.
///
/// `$attempt`: exactly one of `http_status` or `transport` ("timeout" |
/// "connection"), `attempt` (attempts made, >= 1), `method`, `error_kind`,
/// `marked_safe`. `$policy`: `max_attempts` (default 4), `schedule_secs`
/// (default [60, 300, 900]).
#[php_function]
pub fn bpjs_retry_decision(attempt: &ZendHashTable, policy: Option<&ZendHashTable>) -> PhpResult<Zval> {
    let attempt = object_from_array(Some(attempt), "retry attempt")?.unwrap_or_default();
    let policy = object_from_array(policy, "retry policy")?;
    let decision = audit::retry_decision_json(&attempt, policy.as_ref()).map_err(from_core)?;
    to_zval(&decision)
}

/// Adds the functions above (`wrap_function!` needs their generated types,
/// which are private to this module).
pub fn register(module: ModuleBuilder) -> ModuleBuilder {
    module
        .function(wrap_function!(bpjs_audit_record))
        .function(wrap_function!(bpjs_redact))
        .function(wrap_function!(bpjs_redact_endpoint))
        .function(wrap_function!(bpjs_result_number))
        .function(wrap_function!(bpjs_payload_hash))
        .function(wrap_function!(bpjs_derive_hash_key))
        .function(wrap_function!(bpjs_canonical_json))
        .function(wrap_function!(bpjs_retry_decision))
}
