//! The audit trail every host writes to `pcare_bpjs_log`: pure functions,
//! no I/O. The hosts' drop-ins store what these return, so a row means the
//! same thing whichever language wrote it.

mod payload_hash;
mod record;
mod redact;
mod retry;

pub use payload_hash::{canonical_json, payload_hash};
pub use record::{audit_record, AuditInput, AuditRecord, AuditStatus};
pub use redact::{redact, redact_text, RedactOptions, REDACTED};
pub use retry::{retry_decision, Outcome, RetryDecision, RetryPolicy};
