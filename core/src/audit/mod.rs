//! The audit trail every host writes to `pcare_bpjs_log`: pure functions,
//! no I/O. The hosts' drop-ins store what these return, so a row means the
//! same thing whichever language wrote it. The bindings call the `*_json`
//! forms (JSON objects in and out, same keys in every host).

mod json;
mod payload_hash;
mod record;
mod redact;
mod resend;
mod resend_json;
mod retry;
mod send_state;
mod stored;

pub use json::{audit_record_json, redact_json, redact_options_from_json, retry_decision_json, retry_policy_from_json};
pub use payload_hash::{
    canonical_json, derive_hash_key, payload_hash, payload_hash_json, HashKey, HASH_KEY_LABEL, MIN_HASH_KEY_BYTES,
};
pub use record::{
    audit_record, logged_result_number, meta_code_success, result_number, AuditInput, AuditRecord, AuditStatus,
    DecodeFailure, MAX_ENDPOINT_BYTES, MAX_ID_BYTES, MAX_MESSAGE_BYTES, MAX_NO_RAWAT_BYTES, NO_ENVELOPE_MESSAGE,
};
pub use redact::{
    redact, redact_endpoint, redact_text, scrub_identifiers, RedactOptions, DEFAULT_MAX_STORED_BYTES,
    FREE_TEXT_IDENTIFIER_DIGITS, MIN_SECRET_CHARS, REDACTED,
};
pub use resend::{
    may_take, resend_plan, shown_endpoint, stale_limits, LoggedSuccess, ResendContext, ResendPlan, ResendRow,
    StaleLimits, StaleSettings, MIN_DEADLINE_SECS, MIN_MARGIN_SECS, MIN_ROW_STALE_SECS, MIN_WINDOW_SECS,
    RESULT_ALREADY_SENT, RESULT_DEFERRED, RESULT_FAILED, RESULT_IN_PROGRESS, RESULT_NOT_SENT, RESULT_REFUSED,
    RESULT_SENT, RESULT_UNRESENDABLE, RESULT_UNSUPPORTED_SERVICE,
};
pub use resend_json::{
    logged_result_number_json, resend_outcome_json, resend_plan_json, send_state_json, stale_limits_json,
};
pub use retry::{retry_decision, Outcome, RetryDecision, RetryPolicy, MAX_DELAY_SECS};
pub use send_state::{
    last_error, send_state, AttemptOutcome, AttemptRecord, SendState, SendStatus, SentBy, CREATE_NOT_SCHEDULED,
    INTERRUPTED_ERROR, MAX_UNIX_SECS, UNREADABLE_2XX_ERROR,
};
pub use stored::{
    cap, parse_for_redaction, stored_json, stored_reply, unredactable, Unredactable, MAX_DEPTH, MIN_STORED_BYTES,
};
