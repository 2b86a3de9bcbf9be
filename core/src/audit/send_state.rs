//! The state of one write in `pcare_send_attempts` after an attempt: the one
//! rule every host applies, whether the application sent the write or a
//! resend did. The host keeps the SQL (insert or update, and the
//! compare-and-set that makes a row `sending`).
//!
//! Rules (docs/audit.md, "Send state"):
//! - an accepted attempt makes the row `sent`, unscheduled, with the number
//!   BPJS registered;
//! - a `sent` row stays `sent` whatever a later identical send answers (BPJS
//!   refuses the duplicate); only `attempts` counts it;
//! - a failed send by the application is never scheduled: a write that timed
//!   out or got a 5xx may be registered at BPJS, which the log cannot see, so
//!   a person decides to resend (and an earlier schedule is cleared);
//! - a failed resend is scheduled by [`retry_decision`] (marked safe: the
//!   duplicate check is done) unless it is a create: a row stored as POST, or
//!   a request sent as POST, is never scheduled, a POST switched to a PUT
//!   included (its row is still the visit's create);
//! - when the request went out but no outcome can be read (the host failed
//!   after sending, or could not build the attempt's record; or a 2xx reply
//!   had no readable envelope or failed to decode), the row is `failed`,
//!   unscheduled, with a message to check at BPJS;
//! - when nothing went out (a configuration error before sending), the row
//!   is as it was, `sending` back to `failed`.

use super::record::MAX_MESSAGE_BYTES;
use super::redact::scrub_identifiers;
use super::retry::{retry_decision, Outcome, RetryPolicy};
use super::stored::cap;
use crate::error::ErrorKind;
use crate::service::Method;

/// `pcare_send_attempts.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendStatus {
    /// Not accepted (yet); resent by a person or when `next_attempt_at` passes.
    Failed,
    /// Taken by a resend that is sending it now.
    Sending,
    /// Accepted by BPJS.
    Sent,
}

impl SendStatus {
    /// The column value.
    pub const fn as_str(self) -> &'static str {
        match self {
            SendStatus::Failed => "failed",
            SendStatus::Sending => "sending",
            SendStatus::Sent => "sent",
        }
    }

    /// The status from its column value.
    pub fn parse(text: &str) -> Option<Self> {
        [SendStatus::Failed, SendStatus::Sending, SendStatus::Sent].into_iter().find(|s| s.as_str() == text)
    }
}

/// The columns of a `pcare_send_attempts` row that an attempt changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendState {
    /// `status`.
    pub status: SendStatus,
    /// The method stored with the row (what the write was first sent as).
    pub method: Method,
    /// `attempts`: attempts made so far.
    pub attempts: u32,
    /// `next_attempt_at` as Unix seconds; `None`: no automatic retry.
    pub next_attempt_at: Option<u64>,
    /// `result_number`: what BPJS registered, once accepted.
    pub result_number: Option<String>,
    /// `last_http_status`.
    pub last_http_status: Option<u16>,
    /// `last_meta_code`.
    pub last_meta_code: Option<i64>,
    /// `last_error` (already redacted: it comes from the audit row).
    pub last_error: Option<String>,
}

/// Who sent the attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SentBy {
    /// The application's own call (first send, or the clerk sending again).
    Application,
    /// A resend ("Kirim Ulang", or the scheduled job).
    Resend,
}

/// What the attempt's audit row says (the columns of `audit_record` read here).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AttemptRecord {
    /// `status == "success"`.
    pub success: bool,
    /// `http_status`; `None` when no reply arrived (timeout, connection).
    pub http_status: Option<u16>,
    /// `meta_code`.
    pub meta_code: Option<i64>,
    /// `meta_message` (redacted; the transport error's text when no reply came).
    pub meta_message: Option<String>,
    /// `error_kind`, when decoding failed.
    pub error_kind: Option<ErrorKind>,
    /// `result_number`.
    pub result_number: Option<String>,
}

/// How an attempt ended, as far as the send state is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttemptOutcome {
    /// The attempt has its audit row (a reply, or a transport failure).
    Answered(AttemptRecord),
    /// The request may have gone out but no outcome can be read; the HTTP
    /// status, when a reply arrived that could not be recorded.
    Interrupted(Option<u16>),
    /// Nothing went out (a configuration error before sending).
    NotSent,
}

/// The latest time the core writes or reads, as Unix seconds: 9999-12-31
/// 23:59:59 UTC, the last second every host's datetime type can hold.
/// `next_attempt_at` saturates here.
pub const MAX_UNIX_SECS: u64 = 253_402_300_799;

/// `last_error` of an interrupted attempt.
pub const INTERRUPTED_ERROR: &str = "no readable outcome after the request went out: check at BPJS before resending";

/// Appended to `last_error` when a 2xx reply's outcome cannot be read (no
/// envelope, or a decode error): the write may have been accepted.
pub const UNREADABLE_2XX_ERROR: &str =
    "a 2xx reply whose outcome cannot be read: it may have been accepted; check at BPJS before resending";

/// Whether a failed attempt got a 2xx whose outcome cannot be read (no
/// envelope code, or a decode error): it went out and may be registered.
fn outcome_unknown(record: &AttemptRecord) -> bool {
    record.http_status.is_some_and(|s| (200..300).contains(&s))
        && (record.meta_code.is_none() || record.error_kind.is_some())
}

/// The reason given when a failed create is not scheduled.
pub const CREATE_NOT_SCHEDULED: &str =
    "a create (POST) is never retried automatically: its lost reply may hide a registration";

/// What went wrong, in words, from a failed attempt's audit row: its
/// metadata message (or transport error), else its decode error kind, else
/// its HTTP status.
/// Card numbers and NIKs in it are masked (last 4 kept) and it is capped at
/// [`MAX_MESSAGE_BYTES`], whoever wrote the record.
pub fn last_error(record: &AttemptRecord) -> String {
    let text = record
        .meta_message
        .clone()
        .filter(|m| !m.is_empty())
        .or_else(|| record.error_kind.map(|k| k.as_str().to_owned()))
        .or_else(|| record.http_status.map(|s| format!("HTTP {s}")))
        .unwrap_or_else(|| "no reply".to_owned());
    cap(scrub_identifiers(&text, 4), MAX_MESSAGE_BYTES)
}

/// The row's state after an attempt. `row`: the row as it is (`None`: no
/// row yet for this write); `sent_as`: the method the request went out with
/// (a resend may switch a POST to a PUT); `now`: Unix seconds, for
/// `next_attempt_at`; `fallback_number`: the number to record when an
/// accepted reply names none (the noKunjungan a switched PUT edited).
///
/// Returns `None` when there is nothing to write (no row, nothing sent),
/// and the reason for the schedule (or for not scheduling).
#[allow(clippy::too_many_arguments)]
pub fn send_state(
    row: Option<&SendState>,
    by: SentBy,
    sent_as: Method,
    outcome: &AttemptOutcome,
    now: u64,
    fallback_number: Option<&str>,
    policy: &RetryPolicy,
) -> Option<(SendState, &'static str)> {
    let base = match (row, outcome) {
        (None, AttemptOutcome::NotSent) => return None,
        (Some(row), AttemptOutcome::NotSent) => {
            let mut same = row.clone();
            if same.status == SendStatus::Sending {
                same.status = SendStatus::Failed;
            }
            return Some((same, "nothing was sent: the row is as it was"));
        }
        (Some(row), _) => row.clone(),
        (None, _) => SendState {
            status: SendStatus::Failed,
            method: sent_as,
            attempts: 0,
            next_attempt_at: None,
            result_number: None,
            last_http_status: None,
            last_meta_code: None,
            last_error: None,
        },
    };
    let mut state = SendState { attempts: base.attempts.saturating_add(1), ..base };
    let record = match outcome {
        AttemptOutcome::Answered(record) => record,
        AttemptOutcome::Interrupted(http_status) => {
            if state.status == SendStatus::Sent {
                return Some((state, "already accepted: stays sent"));
            }
            state.status = SendStatus::Failed;
            state.next_attempt_at = None;
            state.last_http_status = *http_status;
            state.last_meta_code = None;
            state.last_error = Some(INTERRUPTED_ERROR.to_owned());
            return Some((state, "outcome unknown: only a person resends it"));
        }
        AttemptOutcome::NotSent => unreachable!("handled above"),
    };
    if record.success {
        state.status = SendStatus::Sent;
        state.next_attempt_at = None;
        state.result_number =
            record.result_number.clone().or_else(|| fallback_number.map(str::to_owned)).or(state.result_number);
        state.last_http_status = record.http_status;
        state.last_meta_code = record.meta_code;
        state.last_error = None;
        return Some((state, "accepted"));
    }
    if state.status == SendStatus::Sent {
        // BPJS refusing a duplicate of an accepted write: the acceptance stands.
        return Some((state, "already accepted: stays sent"));
    }
    state.status = SendStatus::Failed;
    state.last_http_status = record.http_status;
    state.last_meta_code = record.meta_code;
    state.last_error = Some(last_error(record));
    state.next_attempt_at = None;
    if outcome_unknown(record) {
        let detail = cap(last_error(record), MAX_MESSAGE_BYTES - UNREADABLE_2XX_ERROR.len() - 2);
        state.last_error = Some(format!("{detail}: {UNREADABLE_2XX_ERROR}"));
        return Some((state, "outcome unknown: only a person resends it"));
    }
    if by == SentBy::Application {
        return Some((state, "a failed send by the application waits for a person's resend"));
    }
    if state.method == Method::Post || sent_as == Method::Post {
        return Some((state, CREATE_NOT_SCHEDULED));
    }
    let transport = match record.http_status {
        Some(status) => Outcome::Http(status),
        None => Outcome::Connection,
    };
    let decision = retry_decision(transport, record.error_kind, state.attempts, sent_as, true, policy);
    if decision.retry {
        state.next_attempt_at = Some(now.saturating_add(decision.delay_secs).min(MAX_UNIX_SECS));
    }
    Some((state, decision.reason))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed(status: Option<u16>) -> AttemptOutcome {
        AttemptOutcome::Answered(AttemptRecord { http_status: status, ..AttemptRecord::default() })
    }

    #[test]
    fn creates_are_never_scheduled_updates_are() {
        let policy = RetryPolicy::default();
        let row = SendState {
            status: SendStatus::Sending,
            method: Method::Post,
            attempts: 1,
            next_attempt_at: None,
            result_number: None,
            last_http_status: None,
            last_meta_code: None,
            last_error: None,
        };
        let (after, _) =
            send_state(Some(&row), SentBy::Resend, Method::Put, &failed(Some(503)), 1000, None, &policy).unwrap();
        assert_eq!((after.status, after.next_attempt_at, after.attempts), (SendStatus::Failed, None, 2));
        let put = SendState { method: Method::Put, ..row.clone() };
        let (after, _) =
            send_state(Some(&put), SentBy::Resend, Method::Put, &failed(Some(503)), 1000, None, &policy).unwrap();
        assert_eq!(after.next_attempt_at, Some(1300));
        let (after, _) =
            send_state(Some(&put), SentBy::Application, Method::Put, &failed(None), 1000, None, &policy).unwrap();
        assert_eq!(after.next_attempt_at, None);
        assert!(
            send_state(None, SentBy::Application, Method::Post, &AttemptOutcome::NotSent, 0, None, &policy).is_none()
        );
    }
}
