//! The audit trail every host writes to `pcare_bpjs_log`: pure functions,
//! no I/O. The hosts' drop-ins store what these return, so a row means the
//! same thing whichever language wrote it. The bindings call the `*_json`
//! forms (JSON objects in and out, same keys in every host).

mod json;
mod payload_hash;
mod record;
mod redact;
mod retry;
mod stored;

pub use json::{audit_record_json, redact_json, redact_options_from_json, retry_decision_json, retry_policy_from_json};
pub use payload_hash::{
    canonical_json, derive_hash_key, payload_hash, payload_hash_json, HashKey, HASH_KEY_LABEL, MIN_HASH_KEY_BYTES,
};
pub use record::{audit_record, meta_code_success, result_number, AuditInput, AuditRecord, AuditStatus, DecodeFailure};
pub use redact::{
    redact, redact_endpoint, redact_text, RedactOptions, DEFAULT_MAX_STORED_BYTES, MIN_SECRET_CHARS, REDACTED,
};
pub use retry::{retry_decision, Outcome, RetryDecision, RetryPolicy};
pub use stored::{
    cap, parse_for_redaction, stored_json, stored_reply, unredactable, Unredactable, MAX_DEPTH, MIN_STORED_BYTES,
};
