//! The audit functions (docs/audit.md) for the wrapper: JSON in, JSON text
//! out, over the core's JSON API (`bpjs_codec::audit::*_json`), so the keys,
//! the checks and the row are the core's, as in the other hosts.
//!
//! The wrapper (`npm/json.cjs`) turns a JavaScript value into JSON text
//! strictly (anything JSON cannot hold is a `config` error there) plus the
//! doubles that are not 64-bit integers, which cross beside the text, each
//! written `-0` in it. They are put back here, exact: serde_json's default
//! float reader can be one unit in the last place off, and its exact mode
//! costs 50 KB of .wasm. One string and one array cross per argument.

use bpjs_codec::audit;
use serde_json::{Number, Value};
use wasm_bindgen::prelude::*;

use crate::{thrown, JsResult};

/// A value from the wrapper: `text` with each `-0` replaced, in document
/// order, by the next of `numbers`. The wrapper writes valid JSON within the
/// parser's depth, so this fails only when called some other way; the
/// message names the argument, never its content.
pub(crate) fn parse(what: &str, text: &str, numbers: &[f64]) -> JsResult<Value> {
    let mut value = serde_json::from_str(text).map_err(|err| {
        let reason = match err.classify() {
            serde_json::error::Category::Eof => "incomplete",
            _ if err.to_string().starts_with("recursion limit") => "nested too deep",
            _ => "not valid JSON",
        };
        format!("config: {what}: {reason} (at column {})", err.column())
    })?;
    let mut rest = numbers.iter();
    if !put_back(&mut value, &mut rest) || rest.next().is_some() {
        return Err(format!("config: {what}: the numbers sent beside the text do not match it"));
    }
    Ok(value)
}

/// The wrapper never writes a real -0 (it is the integer 0), so a negative
/// zero double in the parsed text is a placeholder.
fn is_placeholder(number: &Number) -> bool {
    number.is_f64() && number.as_f64().is_some_and(|f| f == 0.0 && f.is_sign_negative())
}

/// False when a placeholder has no finite number left to take.
fn put_back(value: &mut Value, numbers: &mut std::slice::Iter<'_, f64>) -> bool {
    match value {
        Value::Number(number) if is_placeholder(number) => match numbers.next().and_then(|f| Number::from_f64(*f)) {
            Some(exact) => {
                *number = exact;
                true
            }
            None => false,
        },
        Value::Array(items) => items.iter_mut().all(|item| put_back(item, numbers)),
        Value::Object(members) => members.values_mut().all(|item| put_back(item, numbers)),
        _ => true,
    }
}

fn parse_optional(what: &str, text: Option<String>, numbers: &[f64]) -> JsResult<Option<Value>> {
    text.map(|text| parse(what, &text, numbers)).transpose()
}

/// A JSON result of the core as text (the wrapper parses it once).
fn text_of(result: bpjs_codec::Result<Value>) -> JsResult<String> {
    result.map(|value| value.to_string()).map_err(thrown)
}

/// The `pcare_bpjs_log` row of one attempt, as JSON text. `options` carries
/// the required `hash_key` with the redaction options.
#[wasm_bindgen]
pub fn audit_record(
    attempt: &str,
    attempt_numbers: &[f64],
    options: Option<String>,
    options_numbers: &[f64],
) -> JsResult<String> {
    let attempt = parse("audit attempt", attempt, attempt_numbers)?;
    let options = parse_optional("audit options", options, options_numbers)?;
    text_of(audit::audit_record_json(&attempt, options.as_ref()))
}

/// A redacted copy of a value, as JSON text.
#[wasm_bindgen]
pub fn redact(
    value: &str,
    value_numbers: &[f64],
    options: Option<String>,
    options_numbers: &[f64],
) -> JsResult<String> {
    let value = parse("redact value", value, value_numbers)?;
    let options = parse_optional("redact options", options, options_numbers)?;
    text_of(audit::redact_json(&value, options.as_ref()))
}

/// Keyed hash (HMAC-SHA256, lower-case hex) of the canonical JSON of a value.
#[wasm_bindgen]
pub fn payload_hash(value: &str, numbers: &[f64], hash_key: &str) -> JsResult<String> {
    audit::payload_hash_json(&parse("payloadHash value", value, numbers)?, hash_key).map_err(thrown)
}

/// The default `hash_key` of an installation, from its consumer secret.
#[wasm_bindgen]
pub fn derive_hash_key(secret: &str) -> JsResult<String> {
    audit::derive_hash_key(secret).map_err(thrown)
}

#[wasm_bindgen]
pub fn canonical_json(value: &str, numbers: &[f64]) -> JsResult<String> {
    Ok(audit::canonical_json(&parse("canonicalJson value", value, numbers)?))
}

/// An endpoint (path and query) as the audit row stores it.
#[wasm_bindgen]
pub fn redact_endpoint(endpoint: &str, options: Option<String>, options_numbers: &[f64]) -> JsResult<String> {
    let options = parse_optional("redact options", options, options_numbers)?;
    let options = audit::redact_options_from_json(options.as_ref()).map_err(thrown)?;
    Ok(audit::redact_endpoint(endpoint, &options))
}

/// The number an accepted reply names (a decoded envelope), or `None`.
#[wasm_bindgen]
pub fn result_number(decoded: &str, numbers: &[f64]) -> JsResult<Option<String>> {
    Ok(audit::result_number(&parse("resultNumber value", decoded, numbers)?))
}

/// The number a logged success registered, from its log row
/// (`{response_body_json, ...}`), or `None`.
#[wasm_bindgen]
pub fn logged_result_number(log_row: &str, numbers: &[f64]) -> JsResult<Option<String>> {
    let found = audit::logged_result_number_json(&parse("log row", log_row, numbers)?).map_err(thrown)?;
    Ok(found.as_str().map(str::to_owned))
}

/// `{retry, delay_secs, reason}` as JSON text.
#[wasm_bindgen]
pub fn retry_decision(
    attempt: &str,
    attempt_numbers: &[f64],
    policy: Option<String>,
    policy_numbers: &[f64],
) -> JsResult<String> {
    let attempt = parse("retry attempt", attempt, attempt_numbers)?;
    let policy = parse_optional("retry policy", policy, policy_numbers)?;
    text_of(audit::retry_decision_json(&attempt, policy.as_ref()))
}

/// The send state of a row after an attempt, as JSON text. `row` is `null`
/// when there is no row yet.
#[wasm_bindgen]
pub fn send_state(
    row: &str,
    row_numbers: &[f64],
    attempt: &str,
    attempt_numbers: &[f64],
    policy: Option<String>,
    policy_numbers: &[f64],
) -> JsResult<String> {
    let row = parse("send row", row, row_numbers)?;
    let attempt = parse("send attempt", attempt, attempt_numbers)?;
    let policy = parse_optional("retry policy", policy, policy_numbers)?;
    text_of(audit::send_state_json(&row, &attempt, policy.as_ref()))
}

/// What a resend does with one taken row, as JSON text.
#[wasm_bindgen]
pub fn resend_plan(
    row: &str,
    row_numbers: &[f64],
    context: Option<String>,
    context_numbers: &[f64],
) -> JsResult<String> {
    let row = parse("resend row", row, row_numbers)?;
    let context = parse_optional("resend context", context, context_numbers)?;
    text_of(audit::resend_plan_json(&row, context.as_ref()))
}

/// The outcome of a resend that sent, as JSON text. Each value crosses as
/// its text and its numbers (see `parse`).
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen]
pub fn resend_outcome(
    row: &str,
    row_numbers: &[f64],
    plan: &str,
    plan_numbers: &[f64],
    attempt: &str,
    attempt_numbers: &[f64],
    policy: Option<String>,
    policy_numbers: &[f64],
) -> JsResult<String> {
    let row = parse("resend row", row, row_numbers)?;
    let plan = parse("resend plan", plan, plan_numbers)?;
    let attempt = parse("resend attempt", attempt, attempt_numbers)?;
    let policy = parse_optional("retry policy", policy, policy_numbers)?;
    text_of(audit::resend_outcome_json(&row, &plan, &attempt, policy.as_ref()))
}

/// `{row_stale_secs, lock_stale_secs, window_secs}` as JSON text.
#[wasm_bindgen]
pub fn stale_limits(settings: Option<String>, settings_numbers: &[f64]) -> JsResult<String> {
    let settings = parse_optional("stale settings", settings, settings_numbers)?;
    text_of(audit::stale_limits_json(settings.as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "node-binding-test-key";

    fn nested(depth: usize) -> String {
        format!("{}{}", "[".repeat(depth), "]".repeat(depth))
    }

    /// The wrapper's depth limit (npm/json.cjs, MAX_DEPTH) must be one the
    /// parser reads: this pins where serde_json stops.
    #[test]
    fn parser_reads_127_levels_and_no_more() {
        assert!(parse("v", &nested(127), &[]).is_ok());
        let err = parse("v", &nested(128), &[]).unwrap_err();
        assert!(err.starts_with("config: v: nested too deep"), "{err}");
    }

    #[test]
    fn bad_text_is_a_config_error_without_its_content() {
        let err = payload_hash("{\"secret\": hunter22}", &[], KEY).unwrap_err();
        assert!(err.starts_with("config: payloadHash value: not valid JSON"), "{err}");
        assert!(!err.contains("hunter22"), "{err}");
        assert!(canonical_json("[1,", &[]).unwrap_err().contains("incomplete"));
    }

    #[test]
    fn placeholders_take_the_numbers_in_document_order() {
        let exact = 1.016_389_078_349_960_5e153;
        let value =
            parse("v", r#"{"b": -0, "a": [1, -0, {"c": -0}], "d": 0, "e": -0.0}"#, &[0.5, exact, -2.25, 7.0]).unwrap();
        assert_eq!(value["b"].as_f64(), Some(0.5));
        assert_eq!(value["a"][1].as_f64(), Some(exact));
        assert_eq!(value["a"][2]["c"].as_f64(), Some(-2.25));
        assert!(value["d"].is_u64());
        assert_eq!(value["e"].as_f64(), Some(7.0));
        // The core now builds serde_json with `float_roundtrip`, so its own
        // reading of the digits is exact too; the doubles still cross beside
        // the text, and both routes must agree.
        let read: Value = serde_json::from_str("1.0163890783499605e153").unwrap();
        assert_eq!(read.as_f64(), Some(exact));
    }

    #[test]
    fn numbers_that_do_not_match_the_text_are_refused() {
        for (text, numbers) in
            [("[-0, -0]", &[1.5][..]), ("[-0]", &[1.5, 2.5][..]), ("[1]", &[1.5][..]), ("[-0]", &[f64::NAN][..])]
        {
            let err = parse("v", text, numbers).unwrap_err();
            assert!(err.starts_with("config: v: the numbers sent beside the text"), "{text}: {err}");
        }
    }

    #[test]
    fn endpoint_and_result_number() {
        let masked = redact_endpoint("peserta/0001234567890", None, &[]).unwrap();
        assert_eq!(masked, "peserta/*********7890");
        let err = redact_endpoint("x", Some(r#"{"keepLast": 2}"#.into()), &[]).unwrap_err();
        assert!(err.starts_with("config: "), "{err}");
        let decoded = r#"{"response": {"field": "noKunjungan", "message": "0301U0011126Y000123"}}"#;
        assert_eq!(result_number(decoded, &[]).unwrap().as_deref(), Some("0301U0011126Y000123"));
        assert_eq!(result_number("[]", &[]).unwrap(), None);
    }

    #[test]
    fn core_errors_keep_their_kind() {
        let err = retry_decision(r#"{"attempt": 1, "method": "GET"}"#, &[], None, &[]).unwrap_err();
        assert!(err.starts_with("config: retry attempt"), "{err}");
        let err = redact("{}", &[], Some(r#"{"secretValues": ["x"]}"#.into()), &[]).unwrap_err();
        assert!(err.contains("secretValues"), "{err}");
        let attempt = r#"{"method": "GET", "endpoint": "x", "correlation_id": "c"}"#;
        let err = audit_record(attempt, &[], None, &[]).unwrap_err();
        assert!(err.starts_with("config: hash_key"), "{err}");
        let options = format!(r#"{{"hash_key": "{KEY}"}}"#);
        let row = audit_record(attempt, &[], Some(options), &[]).unwrap();
        assert!(row.starts_with(r#"{"service":null,"method":"GET""#), "{row}");
    }
}

#[cfg(test)]
mod resend_tests {
    use super::*;

    #[test]
    fn hash_keys_cross_as_text() {
        let key = derive_hash_key("simSecret2026").unwrap();
        assert_eq!(key.len(), 64);
        assert!(derive_hash_key("").unwrap_err().starts_with("config: secret"));
        let hash = payload_hash("{\"a\": -0}", &[1.5], &key).unwrap();
        assert_eq!(hash, audit::payload_hash_json(&serde_json::json!({"a": 1.5}), &key).unwrap());
        let err = payload_hash("{}", &[], "short").unwrap_err();
        assert!(err.starts_with("config: hash_key") && !err.contains("short"), "{err}");
    }

    #[test]
    fn send_state_takes_a_null_row() {
        let attempt = r#"{"by": "send", "outcome": "not_sent", "method": "POST", "now": 1795000000}"#;
        let state = send_state("null", &[], attempt, &[], None, &[]).unwrap();
        assert!(state.starts_with(r#"{"write":"none""#), "{state}");
        let err = send_state("null", &[], r#"{"by": "cron"}"#, &[], None, &[]).unwrap_err();
        assert!(err.starts_with("config: "), "{err}");
    }

    #[test]
    fn limits_and_logged_numbers() {
        let limits = stale_limits(None, &[]).unwrap();
        assert_eq!(limits, r#"{"row_stale_secs":120,"lock_stale_secs":720,"window_secs":600}"#);
        let row = r#"{"response_body_json": "{\"response\": {\"noSep\": \"0301R0011124V000123\"}}"}"#;
        assert_eq!(logged_result_number(row, &[]).unwrap().as_deref(), Some("0301R0011124V000123"));
        assert_eq!(logged_result_number(r#"{"response_body_json": null}"#, &[]).unwrap(), None);
        assert!(stale_limits(Some(r#"{"attempts": 0}"#.into()), &[]).unwrap_err().starts_with("config: "));
    }
}
