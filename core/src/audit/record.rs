//! One `pcare_bpjs_log` row per attempt.

use serde_json::{json, Value};

use super::payload_hash::{payload_hash, HashKey};
use super::redact::{redact_endpoint, redact_text, RedactOptions};
use super::stored::{cap, payload_value, stored_json, stored_reply, unredactable};
use crate::error::{Error, ErrorKind};
use crate::metadata::{metadata, metadata_from_str};
use crate::service::{Method, Service};

/// The `status` column of a log row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditStatus {
    /// Accepted: HTTP 2xx, decoded, and a success code for the service.
    Success,
    /// Anything else.
    Failed,
}

impl AuditStatus {
    /// The column value (`success`, `failed`).
    pub const fn as_str(self) -> &'static str {
        match self {
            AuditStatus::Success => "success",
            AuditStatus::Failed => "failed",
        }
    }
}

/// A decoding failure as the host saw it: the kind and message of the
/// exception the binding raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeFailure<'a> {
    /// The error kind.
    pub kind: ErrorKind,
    /// The error message (the core's: it names no value).
    pub message: &'a str,
}

impl<'a> From<&'a Error> for DecodeFailure<'a> {
    fn from(error: &'a Error) -> Self {
        DecodeFailure { kind: error.kind(), message: error.message() }
    }
}

/// What one attempt was and how it ended. Its `Debug` shows kinds and
/// sizes only (the endpoint, payload and replies hold patient data).
#[derive(Clone)]
pub struct AuditInput<'a> {
    /// Which BPJS service answered; decides which metadata codes mean success.
    pub service: Option<Service>,
    /// The request method.
    pub method: Method,
    /// The endpoint as sent (path after the service's base, and query).
    pub endpoint: &'a str,
    /// The request body as sent (redacted before it is stored).
    pub request_payload: Option<&'a Value>,
    /// `None` when no response arrived (timeout, connection error).
    pub http_status: Option<u16>,
    /// The reply body as received (redacted or replaced before it is stored).
    pub response_body_raw: Option<&'a str>,
    /// The decoded envelope (`process_wrapper`'s result), when decoding succeeded.
    pub decoded: Option<&'a Value>,
    /// Why decoding failed, when it did.
    pub decode_error: Option<DecodeFailure<'a>>,
    /// A transport failure ("timeout", "connection refused"), when no response arrived.
    pub transport_error: Option<&'a str>,
    /// How long the attempt took.
    pub duration_ms: u64,
    /// Links the attempts (retries, resends) of one logical request.
    pub correlation_id: &'a str,
    /// Who started it (a user, or `scheduler`).
    pub triggered_by: Option<&'a str>,
    /// The visit (`no_rawat`), when the caller knows it; else read from the payload.
    pub no_rawat: Option<&'a str>,
}

/// The row, every column already redacted. Its `Debug` shows the status
/// columns and the sizes of the text columns.
#[derive(Clone, PartialEq)]
pub struct AuditRecord {
    /// `service`.
    pub service: Option<&'static str>,
    /// `method`.
    pub method: &'static str,
    /// `endpoint`, identifiers masked.
    pub endpoint: String,
    /// `status`.
    pub status: AuditStatus,
    /// `http_status`.
    pub http_status: Option<u16>,
    /// `meta_code`.
    pub meta_code: Option<i64>,
    /// `meta_message` (redacted).
    pub meta_message: Option<String>,
    /// `error_kind`.
    pub error_kind: Option<&'static str>,
    /// `duration_ms`.
    pub duration_ms: u64,
    /// Redacted request payload, as JSON text.
    pub request_payload: Option<String>,
    /// Redacted raw reply (JSON re-written redacted, placeholder, or text), capped.
    pub response_body_raw: Option<String>,
    /// Redacted decoded envelope, as JSON text.
    pub response_body_json: Option<String>,
    /// Keyed [`payload_hash`] of the payload as sent (before redaction), for dedup.
    pub payload_hash: Option<String>,
    /// `correlation_id`.
    pub correlation_id: String,
    /// `triggered_by`.
    pub triggered_by: Option<String>,
    /// `no_rawat`.
    pub no_rawat: Option<String>,
    /// What an accepted write registered ([`result_number`]); `None` on failure.
    pub result_number: Option<String>,
}

/// `<n bytes>` or `None`, for `Debug` output that must not show the text.
pub(crate) fn size_of(text: Option<&str>) -> String {
    text.map_or("None".to_owned(), |t| format!("<{} bytes>", t.len()))
}

impl std::fmt::Debug for AuditInput<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditInput")
            .field("service", &self.service)
            .field("method", &self.method)
            .field("endpoint", &format_args!("{}", size_of(Some(self.endpoint))))
            .field(
                "request_payload",
                &format_args!("{}", self.request_payload.map_or("None".to_owned(), |p| format!("<{}>", value_kind(p)))),
            )
            .field("http_status", &self.http_status)
            .field("response_body_raw", &format_args!("{}", size_of(self.response_body_raw)))
            .field(
                "decoded",
                &format_args!("{}", self.decoded.map_or("None".to_owned(), |d| format!("<{}>", value_kind(d)))),
            )
            .field("decode_error", &self.decode_error.map(|e| e.kind))
            .field("transport_error", &format_args!("{}", size_of(self.transport_error)))
            .field("duration_ms", &self.duration_ms)
            .field("correlation_id", &format_args!("{}", size_of(Some(self.correlation_id))))
            .field("triggered_by", &format_args!("{}", size_of(self.triggered_by)))
            .field("no_rawat", &format_args!("{}", size_of(self.no_rawat)))
            .finish()
    }
}

/// The kind of a JSON value, for `Debug` output.
pub(crate) fn value_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

impl std::fmt::Debug for AuditRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditRecord")
            .field("service", &self.service)
            .field("method", &self.method)
            .field("endpoint", &format_args!("{}", size_of(Some(&self.endpoint))))
            .field("status", &self.status)
            .field("http_status", &self.http_status)
            .field("meta_code", &self.meta_code)
            .field("meta_message", &format_args!("{}", size_of(self.meta_message.as_deref())))
            .field("error_kind", &self.error_kind)
            .field("duration_ms", &self.duration_ms)
            .field("request_payload", &format_args!("{}", size_of(self.request_payload.as_deref())))
            .field("response_body_raw", &format_args!("{}", size_of(self.response_body_raw.as_deref())))
            .field("response_body_json", &format_args!("{}", size_of(self.response_body_json.as_deref())))
            .field("payload_hash", &self.payload_hash.is_some())
            .field("correlation_id", &format_args!("{}", size_of(Some(&self.correlation_id))))
            .field("no_rawat", &format_args!("{}", size_of(self.no_rawat.as_deref())))
            .field("result_number", &format_args!("{}", size_of(self.result_number.as_deref())))
            .finish()
    }
}

impl AuditRecord {
    /// The row as a JSON object (column name -> value), for hosts to insert.
    pub fn to_json(&self) -> Value {
        json!({
            "service": self.service,
            "method": self.method,
            "endpoint": self.endpoint,
            "status": self.status.as_str(),
            "http_status": self.http_status,
            "meta_code": self.meta_code,
            "meta_message": self.meta_message,
            "error_kind": self.error_kind,
            "duration_ms": self.duration_ms,
            "request_payload": self.request_payload,
            "response_body_raw": self.response_body_raw,
            "response_body_json": self.response_body_json,
            "payload_hash": self.payload_hash,
            "correlation_id": self.correlation_id,
            "triggered_by": self.triggered_by,
            "no_rawat": self.no_rawat,
            "result_number": self.result_number,
        })
    }
}

fn find_no_rawat(value: &Value) -> Option<String> {
    let object = value.as_object()?;
    object.iter().find_map(|(key, item)| {
        let key = key.replace('_', "").to_ascii_lowercase();
        match (key == "norawat", item) {
            (true, Value::String(s)) if !s.is_empty() => Some(s.clone()),
            _ => None,
        }
    })
}

/// Fields in which an accepted write names what BPJS registered.
const NUMBER_FIELDS: [&str; 3] = ["noKunjungan", "noUrut", "noSep"];

/// The number an accepted reply names: PCare's `{"field": "noKunjungan",
/// "message": "<no>"}` (also `noUrut`), VClaim's `{"sep": {"noSep": ...}}`,
/// or any `noKunjungan` / `noUrut` / `noSep` string within a few levels of
/// `response` (the first 16 items of a list). The resend rules use it to
/// turn a second create of a visit into an update.
pub fn result_number(decoded: &Value) -> Option<String> {
    find_number(decoded.get("response")?, 0)
}

/// The number a logged success registered, read back from its stored
/// `response_body_json` (redaction keeps these numbers). `None` when the
/// text is cut at the size cap, is a placeholder, or names no number.
pub fn logged_result_number(response_body_json: &str) -> Option<String> {
    let decoded: Value = serde_json::from_str(response_body_json).ok()?;
    result_number(&decoded)
}

fn find_number(value: &Value, depth: usize) -> Option<String> {
    if depth > 4 {
        return None;
    }
    let items: Vec<&Value> = match value {
        Value::Object(object) => {
            let field = object.get("field").and_then(Value::as_str);
            if field.is_some_and(|f| NUMBER_FIELDS.contains(&f)) {
                match object.get("message") {
                    Some(Value::String(s)) if !s.is_empty() => return Some(s.clone()),
                    Some(Value::Number(n)) if n.is_i64() || n.is_u64() => return Some(n.to_string()),
                    _ => {}
                }
            }
            let named = NUMBER_FIELDS.iter().find_map(|name| object.get(*name).and_then(Value::as_str));
            if let Some(number) = named.filter(|s| !s.is_empty()) {
                return Some(number.to_owned());
            }
            object.values().collect()
        }
        Value::Array(list) => list.iter().take(16).collect(),
        _ => return None,
    };
    items.into_iter().find_map(|item| find_number(item, depth + 1))
}

/// Whether a metadata code means the call did what was asked. 200 and 1
/// everywhere; PCare also answers a successful write with 201 CREATED,
/// which VClaim and Antrean use for a refusal.
pub fn meta_code_success(service: Option<Service>, code: i64) -> bool {
    matches!(code, 200 | 1) || (service == Some(Service::Pcare) && code == 201)
}

/// The `meta_message` of a 2xx reply without a readable envelope: its size
/// and shape, never its text.
fn no_envelope_message(input: &AuditInput<'_>) -> String {
    let raw = input.response_body_raw.unwrap_or("");
    let body = raw.strip_prefix('\u{feff}').unwrap_or(raw).trim();
    let shape = if input.decoded.is_some() {
        "JSON without metaData"
    } else if body.is_empty() {
        "empty body"
    } else if serde_json::from_str::<serde::de::IgnoredAny>(body).is_ok() {
        "JSON without metaData"
    } else if body.starts_with(['{', '[']) {
        "cut or damaged JSON"
    } else {
        "not JSON"
    };
    format!("{NO_ENVELOPE_MESSAGE} ({} bytes, {shape})", raw.len())
}

/// The most the log's `endpoint` column (varchar(255)) stores of the masked
/// endpoint, the cut marker included. The send-attempts `endpoint` (what a
/// resend sends) is never cut: hosts refuse or flag a longer one.
pub const MAX_ENDPOINT_BYTES: usize = 255;
/// The most `meta_message` (and `pcare_send_attempts.last_error`) stores.
pub const MAX_MESSAGE_BYTES: usize = 4096;
/// The most `correlation_id` and `triggered_by` (varchar(64)) store.
pub const MAX_ID_BYTES: usize = 64;
/// The most `no_rawat` (varchar(40)) stores.
pub const MAX_NO_RAWAT_BYTES: usize = 40;

/// How `meta_message` of a 2xx reply without a readable envelope starts.
pub const NO_ENVELOPE_MESSAGE: &str = "reply has no BPJS envelope";

/// Builds the row for one attempt. Success means an HTTP 2xx whose envelope
/// decoded and whose metadata code is a success for that service
/// ([`meta_code_success`]). A 2xx reply without a readable envelope (empty,
/// an HTML page, cut JSON, JSON without `metaData`) is `failed`, with
/// `error_kind` `json` and a `meta_message` "reply has no BPJS envelope (<n>
/// bytes, <shape>)": a damaged reply is never a success, and BPJS answers
/// every call with an envelope (a plain SEP number is its `response`).
///
/// Every stored text is redacted or, when it cannot be, a placeholder
/// (`[unredactable: <reason>, <n> bytes]`), and capped at
/// [`RedactOptions::max_stored_bytes`]. `payload_hash` is keyed with `key`.
pub fn audit_record(input: &AuditInput<'_>, options: &RedactOptions, key: &HashKey) -> AuditRecord {
    let meta = match (input.decoded, input.response_body_raw) {
        (Some(decoded), _) => Some(metadata(decoded)),
        (None, Some(raw)) if input.decode_error.is_none() => Some(metadata_from_str(raw)),
        _ => None,
    };
    let http_ok = input.http_status.is_some_and(|s| (200..300).contains(&s));
    let meta_code = meta.as_ref().and_then(|m| m.code);
    let meta_ok = meta_code.is_some_and(|code| meta_code_success(input.service, code));
    // A 2xx without a readable envelope (empty, an HTML page, cut JSON, JSON
    // without metaData) is never a success: BPJS always answers with one.
    let no_envelope =
        (http_ok && input.decode_error.is_none() && input.transport_error.is_none() && meta_code.is_none())
            .then(|| no_envelope_message(input));
    let success = http_ok && input.decode_error.is_none() && input.transport_error.is_none() && meta_ok;
    let meta_message = meta.as_ref().and_then(|m| m.message.clone()).or_else(|| {
        input
            .decode_error
            .map(|e| format!("{}: {}", e.kind.as_str(), e.message))
            .or_else(|| input.transport_error.map(str::to_owned))
            .or_else(|| no_envelope.clone())
    });
    let error_kind =
        input.decode_error.map(|e| e.kind.as_str()).or(no_envelope.as_ref().map(|_| ErrorKind::Json.as_str()));
    let payload = input.request_payload.and_then(|p| payload_value(p).map(|parsed| (p, parsed)));
    let (stored_payload, hash, payload_no_rawat) = match &payload {
        None => (None, None, None),
        Some((_, Ok(value))) => {
            (Some(stored_json(value, options)), Some(payload_hash(value, key)), find_no_rawat(value))
        }
        Some((raw, Err(reason))) => {
            // Text that cannot be redacted: a placeholder is stored; the hash
            // (keyed, so it reveals nothing) is of the text as a JSON string.
            let size = raw.as_str().map_or(0, str::len);
            let placeholder = Value::String(unredactable(*reason, size)).to_string();
            (Some(cap(placeholder, options.max_stored_bytes)), Some(payload_hash(raw, key)), None)
        }
    };
    AuditRecord {
        service: input.service.map(Service::name),
        method: input.method.as_str(),
        endpoint: cap(redact_endpoint(input.endpoint, options), MAX_ENDPOINT_BYTES),
        status: if success { AuditStatus::Success } else { AuditStatus::Failed },
        http_status: input.http_status,
        meta_code,
        meta_message: meta_message.map(|m| cap(redact_text(&m, options), MAX_MESSAGE_BYTES)),
        error_kind,
        duration_ms: input.duration_ms,
        request_payload: stored_payload,
        response_body_raw: input.response_body_raw.map(|raw| stored_reply(raw, options)),
        response_body_json: input.decoded.map(|d| stored_json(d, options)),
        payload_hash: hash,
        correlation_id: cap(input.correlation_id.to_owned(), MAX_ID_BYTES),
        triggered_by: input.triggered_by.map(|t| cap(redact_text(t, options), MAX_ID_BYTES)),
        no_rawat: input.no_rawat.map(str::to_owned).or(payload_no_rawat).map(|n| cap(n, MAX_NO_RAWAT_BYTES)),
        result_number: input.decoded.filter(|_| success).and_then(result_number),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{process_wrapper, ErrorKind};

    fn key() -> HashKey {
        HashKey::new("test-hash-key-0123").unwrap()
    }

    fn input<'a>(payload: &'a Value) -> AuditInput<'a> {
        AuditInput {
            service: Some(Service::Vclaim),
            method: Method::Post,
            endpoint: "kunjungan",
            request_payload: Some(payload),
            http_status: Some(201),
            response_body_raw: None,
            decoded: None,
            decode_error: None,
            transport_error: None,
            duration_ms: 12,
            correlation_id: "c-1",
            triggered_by: Some("admin"),
            no_rawat: None,
        }
    }

    #[test]
    fn success_failure_and_redaction() {
        let payload = json!({"noRawat": "2026/11/24/000001", "noKartu": "0001234567890", "kdPoli": "001"});
        let decoded = json!({"metaData": {"code": 201, "message": "Data sudah ada"}, "response": null});
        let options = RedactOptions::default().with_secret_values(["topsecret"]);
        let mut attempt = input(&payload);
        attempt.decoded = Some(&decoded);
        let row = audit_record(&attempt, &options, &key());
        assert_eq!(row.status, AuditStatus::Failed);
        assert_eq!(row.meta_code, Some(201));
        assert_eq!(row.no_rawat.as_deref(), Some("2026/11/24/000001"));
        assert!(row.request_payload.as_deref().unwrap().contains("*********7890"));
        assert_eq!(row.payload_hash.as_deref().unwrap().len(), 64);

        let ok = json!({"metaData": {"code": 201, "message": "OK"}, "response": {"message": "0301R0011124V000123"}});
        let processed = process_wrapper("1", "s", "1", ok.to_string()).unwrap().to_value().unwrap();
        let mut attempt = input(&payload);
        attempt.decoded = Some(&processed);
        assert_eq!(audit_record(&attempt, &options, &key()).status, AuditStatus::Failed);

        let fine = json!({"metaData": {"code": "200", "message": "OK"}, "response": null});
        attempt.decoded = Some(&fine);
        assert_eq!(audit_record(&attempt, &options, &key()).status, AuditStatus::Success);

        let err = crate::decrypt_and_decompress("1", "s", "1", "AAAA").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::CipherLength);
        let mut attempt = input(&payload);
        attempt.response_body_raw = Some(r#"{"response":"AAAA"} topsecret"#);
        attempt.decode_error = Some((&err).into());
        let row = audit_record(&attempt, &options, &key());
        assert_eq!((row.status, row.error_kind), (AuditStatus::Failed, Some("cipher_length")));
        assert!(!row.response_body_raw.unwrap().contains("topsecret"));

        let mut attempt = input(&payload);
        attempt.http_status = None;
        attempt.transport_error = Some("timeout after 30 s");
        let row = audit_record(&attempt, &options, &key());
        assert_eq!(row.meta_message.as_deref(), Some("timeout after 30 s"));
        assert_eq!(row.to_json()["status"], "failed");
    }
}
