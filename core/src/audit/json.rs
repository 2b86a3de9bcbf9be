//! The audit functions with JSON objects in and out: what the Python, PHP and
//! Node bindings call, so every host accepts the same keys, rejects the same
//! mistakes and returns the same row. Keys are the column names (snake_case)
//! in every host; an unknown key is a `config` error, never silently ignored.
//!
//! Error messages name the key and the expected type, never the value: the
//! value may be a secret (`secret_values`) or a patient identifier.

use serde_json::{Map, Value};

use super::payload_hash::HashKey;
use super::record::{audit_record, AuditInput, DecodeFailure};
use super::redact::{redact, RedactOptions};
use super::retry::{retry_decision, Outcome, RetryPolicy, MAX_DELAY_SECS};
use super::stored::MIN_STORED_BYTES;
use crate::error::{Error, ErrorKind, Result};
use crate::service::{Method, Service};

/// Reads the keys of one JSON object, remembering which were used.
pub(super) struct Fields<'a> {
    what: &'static str,
    object: &'a Map<String, Value>,
    known: &'static [&'static str],
}

impl<'a> Fields<'a> {
    pub(super) fn new(what: &'static str, value: Option<&'a Value>, known: &'static [&'static str]) -> Result<Self> {
        static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
        let object = match value {
            None | Some(Value::Null) => EMPTY.get_or_init(Map::new),
            Some(Value::Object(object)) => object,
            Some(_) => return Err(Error::config(format!("{what} must be an object of named fields"))),
        };
        if let Some(unknown) = object.keys().find(|key| !known.contains(&key.as_str())) {
            return Err(Error::config(format!("{what}: unknown key {unknown:?}; known keys: {}", known.join(", "))));
        }
        Ok(Fields { what, object, known })
    }

    /// The value of `key`, `None` when absent or null.
    pub(super) fn get(&self, key: &'static str) -> Option<&'a Value> {
        debug_assert!(self.known.contains(&key));
        self.object.get(key).filter(|v| !v.is_null())
    }

    pub(super) fn wrong(&self, key: &str, expected: &str) -> Error {
        Error::config(format!("{}: {key} must be {expected}", self.what))
    }

    pub(super) fn str(&self, key: &'static str) -> Result<Option<&'a str>> {
        self.get(key).map(|v| v.as_str().ok_or_else(|| self.wrong(key, "a string"))).transpose()
    }

    pub(super) fn required_str(&self, key: &'static str) -> Result<&'a str> {
        self.str(key)?.ok_or_else(|| Error::config(format!("{}: {key} is required", self.what)))
    }

    pub(super) fn uint(&self, key: &'static str, max: u64) -> Result<Option<u64>> {
        self.get(key)
            .map(|v| {
                v.as_u64()
                    .or_else(|| {
                        v.as_f64().filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= max as f64).map(|f| f as u64)
                    })
                    .filter(|n| *n <= max)
                    .ok_or_else(|| self.wrong(key, &format!("a whole number from 0 to {max}")))
            })
            .transpose()
    }

    pub(super) fn bool(&self, key: &'static str) -> Result<Option<bool>> {
        self.get(key).map(|v| v.as_bool().ok_or_else(|| self.wrong(key, "true or false"))).transpose()
    }

    pub(super) fn strings(&self, key: &'static str) -> Result<Option<Vec<String>>> {
        self.get(key)
            .map(|v| {
                v.as_array()
                    .and_then(|items| items.iter().map(|i| i.as_str().map(str::to_owned)).collect::<Option<Vec<_>>>())
                    .ok_or_else(|| self.wrong(key, "a list of strings"))
            })
            .transpose()
    }

    pub(super) fn method(&self) -> Result<Method> {
        self.required_str("method")?.parse().map_err(|_| self.wrong("method", "GET, POST, PUT or DELETE"))
    }

    pub(super) fn error_kind(&self) -> Result<Option<ErrorKind>> {
        self.str("error_kind")?
            .map(|kind| kind.parse().map_err(|_| self.wrong("error_kind", "one of the documented error kinds")))
            .transpose()
    }
}

const OPTION_KEYS: &[&str] = &[
    "secret_fields",
    "identifier_fields",
    "extra_secret_fields",
    "extra_identifier_fields",
    "keep_last",
    "secret_values",
    "max_stored_bytes",
];

/// The options of [`audit_record_json`]: the redaction options and `hash_key`.
const RECORD_OPTION_KEYS: &[&str] = &[
    "secret_fields",
    "identifier_fields",
    "extra_secret_fields",
    "extra_identifier_fields",
    "keep_last",
    "secret_values",
    "max_stored_bytes",
    "hash_key",
];

/// Redaction options from `{secret_fields, identifier_fields (each replacing
/// the defaults), extra_secret_fields, extra_identifier_fields (each adding
/// to them), keep_last, secret_values, max_stored_bytes}`; null or absent
/// keys keep the defaults.
pub fn redact_options_from_json(options: Option<&Value>) -> Result<RedactOptions> {
    read_redact_options(&Fields::new("redact options", options, OPTION_KEYS)?)
}

/// The redaction options and the hash key of [`audit_record_json`]:
/// `{...redact options, hash_key}`; `hash_key` is required.
pub fn record_options_from_json(options: Option<&Value>) -> Result<(RedactOptions, HashKey)> {
    let fields = Fields::new("audit options", options, RECORD_OPTION_KEYS)?;
    let key = fields.str("hash_key")?.unwrap_or("");
    Ok((read_redact_options(&fields)?, HashKey::new(key)?))
}

fn read_redact_options(fields: &Fields<'_>) -> Result<RedactOptions> {
    let mut out = RedactOptions::default();
    if let Some(list) = fields.strings("secret_fields")? {
        out.secret_fields = list;
    }
    if let Some(list) = fields.strings("identifier_fields")? {
        out.identifier_fields = list;
    }
    out.secret_fields.extend(fields.strings("extra_secret_fields")?.unwrap_or_default());
    out.identifier_fields.extend(fields.strings("extra_identifier_fields")?.unwrap_or_default());
    if let Some(keep) = fields.uint("keep_last", 64)? {
        out.keep_last = keep as usize;
    }
    if let Some(max) = fields.uint("max_stored_bytes", u32::MAX.into())? {
        if (max as usize) < MIN_STORED_BYTES {
            return Err(fields.wrong("max_stored_bytes", &format!("at least {MIN_STORED_BYTES}")));
        }
        out.max_stored_bytes = max as usize;
    }
    Ok(out.with_secret_values(fields.strings("secret_values")?.unwrap_or_default()))
}

/// [`redact`] with options given as JSON.
pub fn redact_json(value: &Value, options: Option<&Value>) -> Result<Value> {
    Ok(redact(value, &redact_options_from_json(options)?))
}

const ATTEMPT_KEYS: &[&str] = &[
    "service",
    "method",
    "endpoint",
    "request_payload",
    "http_status",
    "response_body_raw",
    "decoded",
    "error_kind",
    "error_message",
    "transport_error",
    "duration_ms",
    "correlation_id",
    "triggered_by",
    "no_rawat",
];

/// [`audit_record`] from `{service?, method, endpoint, request_payload?,
/// http_status?, response_body_raw?, decoded?, error_kind?, error_message?,
/// transport_error?, duration_ms?, correlation_id, triggered_by?, no_rawat?}`
/// to the row as a JSON object (column name -> value). `options`: the
/// redaction options and `hash_key` (required: see [`HashKey`]).
pub fn audit_record_json(attempt: &Value, options: Option<&Value>) -> Result<Value> {
    let (options, key) = record_options_from_json(options)?;
    let fields = Fields::new("audit attempt", Some(attempt), ATTEMPT_KEYS)?;
    let service = fields
        .str("service")?
        .map(|name| name.parse::<Service>().map_err(|_| fields.wrong("service", "one of the service names")))
        .transpose()?;
    let error_kind = fields.error_kind()?;
    let error_message = fields.str("error_message")?;
    if error_message.is_some() && error_kind.is_none() {
        return Err(Error::config("audit attempt: error_message needs error_kind"));
    }
    let input = AuditInput {
        service,
        method: fields.method()?,
        endpoint: fields.required_str("endpoint")?,
        request_payload: fields.get("request_payload"),
        http_status: fields.uint("http_status", 999)?.map(|s| s as u16),
        response_body_raw: fields.str("response_body_raw")?,
        decoded: fields.get("decoded"),
        decode_error: error_kind.map(|kind| DecodeFailure { kind, message: error_message.unwrap_or("") }),
        transport_error: fields.str("transport_error")?,
        duration_ms: fields.uint("duration_ms", u64::from(u32::MAX))?.unwrap_or(0),
        correlation_id: fields.required_str("correlation_id")?,
        triggered_by: fields.str("triggered_by")?,
        no_rawat: fields.str("no_rawat")?,
    };
    Ok(audit_record(&input, &options, &key).to_json())
}

const RETRY_KEYS: &[&str] = &["http_status", "transport", "error_kind", "attempt", "method", "marked_safe"];
const POLICY_KEYS: &[&str] = &["max_attempts", "schedule_secs"];

/// A retry policy from `{max_attempts, schedule_secs}`; absent keys keep the
/// default (4 attempts, 60/300/900 s).
pub fn retry_policy_from_json(policy: Option<&Value>) -> Result<RetryPolicy> {
    let fields = Fields::new("retry policy", policy, POLICY_KEYS)?;
    let mut out = RetryPolicy::default();
    if let Some(max) = fields.uint("max_attempts", 100)? {
        out.max_attempts = max as u32;
    }
    if let Some(schedule) = fields.get("schedule_secs") {
        let list = schedule
            .as_array()
            .and_then(|items| items.iter().map(Value::as_u64).collect::<Option<Vec<_>>>())
            .filter(|list| !list.is_empty() && list.iter().all(|s| *s <= MAX_DELAY_SECS))
            .ok_or_else(|| fields.wrong("schedule_secs", "a non-empty list of whole seconds, each at most 30 days"))?;
        out.schedule_secs = list;
    }
    Ok(out)
}

/// [`retry_decision`] from `{http_status | transport: "timeout"|"connection",
/// error_kind?, attempt, method, marked_safe?}` to `{retry, delay_secs, reason}`.
pub fn retry_decision_json(attempt: &Value, policy: Option<&Value>) -> Result<Value> {
    let policy = retry_policy_from_json(policy)?;
    let fields = Fields::new("retry attempt", Some(attempt), RETRY_KEYS)?;
    let http_status = fields.uint("http_status", 999)?;
    let transport = fields.str("transport")?;
    let outcome = match (http_status, transport) {
        (Some(status), None) => Outcome::Http(status as u16),
        (None, Some("timeout")) => Outcome::Timeout,
        (None, Some("connection")) => Outcome::Connection,
        (None, Some(_)) => return Err(fields.wrong("transport", "\"timeout\" or \"connection\"")),
        _ => return Err(Error::config("retry attempt: give exactly one of http_status and transport")),
    };
    let number = fields.uint("attempt", u64::from(u32::MAX))?.filter(|n| *n >= 1);
    let number = number.ok_or_else(|| fields.wrong("attempt", "the number of attempts made, 1 or more"))?;
    let decision = retry_decision(
        outcome,
        fields.error_kind()?,
        number as u32,
        fields.method()?,
        fields.bool("marked_safe")?.unwrap_or(false),
        &policy,
    );
    Ok(serde_json::json!({"retry": decision.retry, "delay_secs": decision.delay_secs, "reason": decision.reason}))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const KEY: &str = "unit-test-hash-key";

    #[test]
    fn missing_or_short_hash_key_is_a_config_error_naming_it() {
        let attempt = json!({"method": "GET", "endpoint": "x", "correlation_id": "c"});
        for options in [None, Some(json!({})), Some(json!({"hash_key": ""})), Some(json!({"hash_key": "short"}))] {
            let err = audit_record_json(&attempt, options.as_ref()).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Config);
            assert!(err.message().contains("hash_key"), "{err}");
            assert!(!err.message().contains("short"), "{err}");
        }
        assert!(redact_json(&json!({}), Some(&json!({"hash_key": KEY}))).is_err());
    }

    #[test]
    fn unknown_keys_and_wrong_types_are_config_errors_without_values() {
        let err = redact_json(&json!({}), Some(&json!({"secretValues": ["hunter22"]}))).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Config);
        assert!(err.message().contains("secretValues"), "{err}");
        let err = redact_json(&json!({}), Some(&json!({"secret_values": "hunter22"}))).unwrap_err();
        assert!(!err.to_string().contains("hunter22"), "{err}");
        let err =
            audit_record_json(&json!({"method": "GET", "endpoint": "x"}), Some(&json!({"hash_key": KEY}))).unwrap_err();
        assert!(err.message().contains("correlation_id"), "{err}");
        let err = retry_decision_json(&json!({"attempt": 1, "method": "GET"}), None).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Config);
        let err = retry_decision_json(&json!({"http_status": 500, "attempt": 0, "method": "GET"}), None).unwrap_err();
        assert!(err.message().contains("attempt"), "{err}");
    }

    #[test]
    fn pcare_created_is_success_and_text_payloads_hash_as_values() {
        let row = audit_record_json(
            &json!({
                "service": "pcare", "method": "POST", "endpoint": "kunjungan", "http_status": 201,
                "request_payload": "{\"noKartu\": \"0001234567890\", \"b\": 1.0}",
                "decoded": {"metaData": {"code": 201, "message": "CREATED"}, "response": {"field": "noKunjungan"}},
                "correlation_id": "c", "duration_ms": 5
            }),
            Some(&json!({"max_stored_bytes": 64, "hash_key": KEY})),
        )
        .unwrap();
        assert_eq!(row["status"], "success");
        let hash = super::super::payload_hash_json(&json!({"b": 1, "noKartu": "0001234567890"}), KEY).unwrap();
        assert_eq!(row["payload_hash"], hash);
        assert!(row["response_body_json"].as_str().unwrap().ends_with("bytes in all]"));
        let vclaim = audit_record_json(
            &json!({"service": "vclaim", "method": "POST", "endpoint": "SEP/2.0/insert", "http_status": 200,
                    "decoded": {"metaData": {"code": "201", "message": "Peserta tidak ditemukan"}},
                    "correlation_id": "c"}),
            Some(&json!({"hash_key": KEY})),
        )
        .unwrap();
        assert_eq!(vclaim["status"], "failed");
    }

    #[test]
    fn payload_text_parses_floats_exactly() {
        // The shortest round-trip form of a double must parse back to the same
        // double, or a payload sent as text hashes unlike the same value.
        for text in ["1.0163890783499605e+153", "2.2250738585072014e-308", "0.30000000000000004"] {
            let value: f64 = text.parse().unwrap();
            let row = audit_record_json(
                &json!({"method": "POST", "endpoint": "x", "correlation_id": "c", "request_payload": format!("[{text}]")}),
                Some(&json!({"hash_key": KEY})),
            )
            .unwrap();
            assert_eq!(row["payload_hash"], super::super::payload_hash_json(&json!([value]), KEY).unwrap(), "{text}");
        }
    }
}

#[cfg(test)]
mod policy_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn schedule_is_bounded() {
        let ok = retry_policy_from_json(Some(&json!({"schedule_secs": [MAX_DELAY_SECS]}))).unwrap();
        assert_eq!(ok.schedule_secs, [MAX_DELAY_SECS]);
        for bad in [json!([MAX_DELAY_SECS + 1]), json!([u64::MAX]), json!([]), json!([-1])] {
            let err = retry_policy_from_json(Some(&json!({ "schedule_secs": bad }))).unwrap_err();
            assert!(err.message().contains("schedule_secs"), "{err}");
        }
        let policy = RetryPolicy { max_attempts: 4, schedule_secs: vec![u64::MAX] };
        let decision = retry_decision(Outcome::Http(503), None, 1, crate::Method::Get, false, &policy);
        assert_eq!(decision.delay_secs, MAX_DELAY_SECS);
    }
}
