//! The audit functions (docs/audit.md) for the wrapper: JSON text in, JSON
//! text out, over the core's JSON API (`bpjs_codec::audit::*_json`), so the
//! keys, the checks and the row are the core's, as in the other hosts.
//!
//! The wrapper (`npm/json.cjs`) turns JavaScript values into JSON text
//! strictly (anything JSON cannot hold is a `config` error there), so one
//! string crosses into wasm memory per argument and one comes back.

use bpjs_codec::audit;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::{thrown, JsResult};

/// JSON text from the wrapper as a value. The wrapper writes valid JSON and
/// refuses nesting the parser cannot read, so this fails only when it is
/// called some other way; the message names the argument, never its content.
fn parse(what: &str, text: &str) -> JsResult<Value> {
    serde_json::from_str(text).map_err(|err| {
        let reason = match err.classify() {
            serde_json::error::Category::Eof => "incomplete",
            _ if err.to_string().starts_with("recursion limit") => "nested too deep",
            _ => "not valid JSON",
        };
        format!("config: {what}: {reason} (at column {})", err.column())
    })
}

fn parse_optional(what: &str, text: Option<String>) -> JsResult<Option<Value>> {
    text.map(|text| parse(what, &text)).transpose()
}

/// The `pcare_bpjs_log` row of one attempt, as JSON text.
#[wasm_bindgen]
pub fn audit_record(attempt: &str, options: Option<String>) -> JsResult<String> {
    let attempt = parse("audit attempt", attempt)?;
    let options = parse_optional("redact options", options)?;
    audit::audit_record_json(&attempt, options.as_ref()).map(|row| row.to_string()).map_err(thrown)
}

/// A redacted copy of a value, as JSON text.
#[wasm_bindgen]
pub fn redact(value: &str, options: Option<String>) -> JsResult<String> {
    let value = parse("redact value", value)?;
    let options = parse_optional("redact options", options)?;
    audit::redact_json(&value, options.as_ref()).map(|value| value.to_string()).map_err(thrown)
}

#[wasm_bindgen]
pub fn payload_hash(value: &str) -> JsResult<String> {
    Ok(audit::payload_hash(&parse("payloadHash value", value)?))
}

#[wasm_bindgen]
pub fn canonical_json(value: &str) -> JsResult<String> {
    Ok(audit::canonical_json(&parse("canonicalJson value", value)?))
}

/// `{retry, delay_secs, reason}` as JSON text.
#[wasm_bindgen]
pub fn retry_decision(attempt: &str, policy: Option<String>) -> JsResult<String> {
    let attempt = parse("retry attempt", attempt)?;
    let policy = parse_optional("retry policy", policy)?;
    audit::retry_decision_json(&attempt, policy.as_ref()).map(|decision| decision.to_string()).map_err(thrown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize) -> String {
        format!("{}{}", "[".repeat(depth), "]".repeat(depth))
    }

    /// The wrapper's depth limit (npm/json.cjs, MAX_DEPTH) must be one the
    /// parser reads: this pins where serde_json stops.
    #[test]
    fn parser_reads_127_levels_and_no_more() {
        assert!(parse("v", &nested(127)).is_ok());
        let err = parse("v", &nested(128)).unwrap_err();
        assert!(err.starts_with("config: v: nested too deep"), "{err}");
    }

    #[test]
    fn bad_text_is_a_config_error_without_its_content() {
        let err = payload_hash("{\"secret\": hunter22}").unwrap_err();
        assert!(err.starts_with("config: payloadHash value: not valid JSON"), "{err}");
        assert!(!err.contains("hunter22"), "{err}");
        assert!(canonical_json("[1,").unwrap_err().contains("incomplete"));
    }

    #[test]
    fn core_errors_keep_their_kind() {
        let err = retry_decision(r#"{"attempt": 1, "method": "GET"}"#, None).unwrap_err();
        assert!(err.starts_with("config: retry attempt"), "{err}");
        let err = redact("{}", Some(r#"{"secretValues": ["x"]}"#.into())).unwrap_err();
        assert!(err.contains("secretValues"), "{err}");
        let row = audit_record(r#"{"method": "GET", "endpoint": "x", "correlation_id": "c"}"#, None).unwrap();
        assert!(row.starts_with(r#"{"service":null,"method":"GET""#), "{row}");
    }
}
