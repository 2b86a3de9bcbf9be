//! The resend ("Kirim Ulang") of one failed write: what to do with the row
//! (skip it as already accepted, send it as stored, switch a second visit
//! create to an update, or refuse), and how long a row or a visit may stay
//! taken before another worker may take it again. The host keeps the SQL
//! (the look-ups, the lock, the compare-and-set) and the HTTP call; the
//! state after the send is [`send_state`](super::send_state::send_state).

use serde_json::Value;

use super::record::size_of;
use super::redact::{redact_endpoint, RedactOptions};
use super::send_state::SendStatus;
use crate::catalogue::visit_create;
use crate::service::{Method, Service};

/// A `pcare_send_attempts` row, as the plan reads it. Its `Debug` shows
/// sizes only (the endpoint and payload keep identifiers).
#[derive(Clone, PartialEq, Eq)]
pub struct ResendRow<'a> {
    /// `service` (`None`: unknown, written by a host that did not know it).
    pub service: Option<Service>,
    /// `method` as first sent.
    pub method: Method,
    /// `endpoint` as sent (identifiers kept: it is what is sent again).
    pub endpoint: &'a str,
    /// `payload`: the stored JSON text, `None` for a write without a body.
    pub payload: Option<&'a str>,
    /// `result_number` already on the row.
    pub result_number: Option<&'a str>,
}

/// What the host found before planning.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResendContext<'a> {
    /// The services this host can send to; `None`: any. A row of another
    /// service is refused; a row without a service only when the host sends
    /// to exactly one.
    pub services: Option<&'a [Service]>,
    /// A success already logged for the same no_rawat + masked endpoint +
    /// payload_hash (the row was accepted but its state was not saved):
    /// its `http_status`, `meta_code` and the number it registered.
    pub logged_success: Option<LoggedSuccess>,
    /// The noKunjungan BPJS already gave this visit for another payload of
    /// the same endpoint (other rows' `result_number`, or logged successes),
    /// newest first.
    pub accepted_no_kunjungan: Option<&'a str>,
}

/// A logged success of the same write.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoggedSuccess {
    /// Its `http_status`.
    pub http_status: Option<u16>,
    /// Its `meta_code`.
    pub meta_code: Option<i64>,
    /// The number it registered ([`logged_result_number`](super::logged_result_number)).
    pub result_number: Option<String>,
}

/// The decision for one row, and its per-row result word when nothing is
/// sent. Its `Debug` shows the action, method and sizes, never the endpoint
/// or body text.
#[derive(Clone, PartialEq, Eq)]
pub enum ResendPlan {
    /// Accepted before: mark the row `sent` without sending (`already_sent`).
    AlreadySent(LoggedSuccess),
    /// Send this request; `switched_to` is the noKunjungan when a second
    /// visit create became an update of the accepted visit.
    Send {
        /// Method to send.
        method: Method,
        /// Endpoint to send (the stored one, or the visit update's path when
        /// switched), identifiers kept.
        endpoint: String,
        /// Body text to send exactly; `None`: no body.
        body: Option<String>,
        /// The accepted noKunjungan, when the POST was switched to a PUT.
        switched_to: Option<String>,
    },
    /// Do not send; the row goes back to `failed`, unscheduled.
    Refuse {
        /// The per-row result word (`unsupported_service`, `unresendable`, `refused`).
        result: &'static str,
        /// Why, in words without values.
        reason: &'static str,
    },
}

impl std::fmt::Debug for ResendRow<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResendRow")
            .field("service", &self.service)
            .field("method", &self.method)
            .field("endpoint", &format_args!("{}", size_of(Some(self.endpoint))))
            .field("payload", &format_args!("{}", size_of(self.payload)))
            .field("result_number", &format_args!("{}", size_of(self.result_number)))
            .finish()
    }
}

impl std::fmt::Debug for ResendPlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ResendPlan::AlreadySent(logged) => f
                .debug_struct("AlreadySent")
                .field("http_status", &logged.http_status)
                .field("meta_code", &logged.meta_code)
                .finish(),
            ResendPlan::Send { method, endpoint, body, switched_to } => f
                .debug_struct("Send")
                .field("method", method)
                .field("endpoint", &format_args!("{}", size_of(Some(endpoint))))
                .field("body", &format_args!("{}", size_of(body.as_deref())))
                .field("switched", &switched_to.is_some())
                .finish(),
            ResendPlan::Refuse { result, reason } => {
                f.debug_struct("Refuse").field("result", result).field("reason", reason).finish()
            }
        }
    }
}

/// Result word: the row was accepted before and is now `sent`, nothing sent.
pub const RESULT_ALREADY_SENT: &str = "already_sent";
/// Result word: sent again and accepted.
pub const RESULT_SENT: &str = "sent";
/// Result word: sent again and not accepted (see `message`).
pub const RESULT_FAILED: &str = "failed";
/// Result word: nothing went out (configuration error before sending).
pub const RESULT_NOT_SENT: &str = "not_sent";
/// Result word: this host cannot send the row's service.
pub const RESULT_UNSUPPORTED_SERVICE: &str = "unsupported_service";
/// Result word: the stored payload cannot be sent again (placeholder, cut, not JSON).
pub const RESULT_UNRESENDABLE: &str = "unresendable";
/// Result word: sending would register a second visit and cannot be turned into an update.
pub const RESULT_REFUSED: &str = "refused";
/// Result word: another resend holds the row (or the visit).
pub const RESULT_IN_PROGRESS: &str = "in_progress";
/// Result word: out of the resend's time window; left `failed` for the next resend.
pub const RESULT_DEFERRED: &str = "deferred";

/// The method and endpoint a visit create is switched to, read from the
/// catalogue's `visit_update` marks (one source: PCare `POST kunjungan/v1`
/// -> `PUT kunjungan/v1`, legacy `POST kunjungan` -> `PUT kunjungan`).
fn visit_update_of(row: &ResendRow<'_>) -> Option<(Method, String)> {
    let (_, update, prefix) = visit_create(row.service, row.method, row.endpoint)?;
    Some((update.method, format!("{prefix}{}", update.template)))
}

/// The plan for one taken row. Rules, in order:
/// 1. a service this host cannot send: refuse (`unsupported_service`);
/// 2. a logged success of the same write: `already_sent`;
/// 3. a stored payload that is not JSON, cut, or a redaction placeholder:
///    refuse (`unresendable`): sending it would send the wrong body;
/// 4. a visit create (the catalogue's entries marked `visit_update`: PCare
///    `POST kunjungan/v1` and legacy `POST kunjungan`; a row of unknown
///    service too) when the visit already has an accepted noKunjungan: send
///    the matching update (`PUT kunjungan/v1`, `PUT kunjungan`) with that
///    number (refused when the payload is not an object): never a second visit;
/// 5. otherwise send it as stored.
pub fn resend_plan(row: &ResendRow<'_>, context: &ResendContext<'_>) -> ResendPlan {
    if let Some(services) = context.services {
        let supported = match row.service {
            Some(service) => services.contains(&service),
            None => services.len() == 1,
        };
        if !supported {
            return ResendPlan::Refuse {
                result: RESULT_UNSUPPORTED_SERVICE,
                reason: "this host does not send the row's service",
            };
        }
    }
    if let Some(logged) = &context.logged_success {
        return ResendPlan::AlreadySent(logged.clone());
    }
    let unresendable = ResendPlan::Refuse {
        result: RESULT_UNRESENDABLE,
        reason: "the stored payload is not the JSON that was sent (cut, not JSON, or unredactable): send it again from the application",
    };
    let stored = row.payload.filter(|text| !text.trim().is_empty());
    let parsed = match stored.map(serde_json::from_str::<Value>) {
        None => None,
        Some(Ok(Value::Null)) => None,
        Some(Ok(value)) => Some(value),
        Some(Err(_)) => return unresendable,
    };
    if let Some(Value::String(text)) = &parsed {
        if text.starts_with("[unredactable:") {
            return unresendable;
        }
    }
    let accepted = context.accepted_no_kunjungan.filter(|n| !n.is_empty());
    if let (Some((method, endpoint)), Some(number)) = (visit_update_of(row), accepted) {
        let Some(Value::Object(mut object)) = parsed else {
            return ResendPlan::Refuse {
                result: RESULT_REFUSED,
                reason: "the visit already has an accepted noKunjungan and the payload is not an object to update",
            };
        };
        object.insert("noKunjungan".to_owned(), Value::String(number.to_owned()));
        return ResendPlan::Send {
            method,
            endpoint,
            body: Some(Value::Object(object).to_string()),
            switched_to: Some(number.to_owned()),
        };
    }
    let body = match parsed {
        None => None,
        // A JSON string is a body that was not JSON (rows written before
        // fail-closed redaction): its text is the body.
        Some(Value::String(text)) => Some(text),
        Some(_) => stored.map(str::to_owned),
    };
    ResendPlan::Send { method: row.method, endpoint: row.endpoint.to_owned(), body, switched_to: None }
}

/// The endpoint as results, output and the log show it: identifiers
/// masked, secret query parameters removed (never the row's raw endpoint,
/// which holds card numbers).
pub fn shown_endpoint(endpoint: &str, options: &RedactOptions) -> String {
    redact_endpoint(endpoint, options)
}

/// How long rows and visits may stay taken, from the send limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaleSettings {
    /// The total deadline of one upstream call, seconds (connect, send,
    /// reply, decode). Default 60.
    pub deadline_secs: u64,
    /// Upstream calls one row's send may make (the host's own retries
    /// included). Default 1: a resend sends once per row.
    pub attempts: u64,
    /// Room for the database and the host, seconds. Default 60.
    pub margin_secs: u64,
    /// A resend takes no new row once this long after it took the visit's
    /// lock (the rest are `deferred`), seconds. Default 600.
    pub window_secs: u64,
}

impl Default for StaleSettings {
    fn default() -> Self {
        StaleSettings { deadline_secs: 60, attempts: 1, margin_secs: 60, window_secs: 600 }
    }
}

/// The stale limits every host uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaleLimits {
    /// A row `sending` since longer than this (its `updated_at`, set when it
    /// was taken) was left by a killed worker and may be taken again:
    /// `deadline_secs x attempts + margin_secs`, longer than any send.
    pub row_stale_secs: u64,
    /// A visit lock held longer than this may be taken over:
    /// `window_secs + row_stale_secs` (the last row taken in the window may
    /// still be sending).
    pub lock_stale_secs: u64,
    /// The row-taking window, as given.
    pub window_secs: u64,
}

/// The shortest `deadline_secs`.
pub const MIN_DEADLINE_SECS: u64 = 1;
/// The shortest `margin_secs`: room for a slow database and a busy host.
pub const MIN_MARGIN_SECS: u64 = 30;
/// The shortest `window_secs`.
pub const MIN_WINDOW_SECS: u64 = 1;
/// The shortest `row_stale_secs`, whatever the settings.
pub const MIN_ROW_STALE_SECS: u64 = 60;

/// The stale limits for these send limits. Settings below their minimum
/// ([`MIN_DEADLINE_SECS`], [`MIN_MARGIN_SECS`], [`MIN_WINDOW_SECS`], one
/// attempt) are raised to it here (the JSON form refuses them), and
/// `row_stale_secs` is at least [`MIN_ROW_STALE_SECS`]: it is always longer
/// than `deadline x attempts`, so a row in flight is never taken twice.
pub fn stale_limits(settings: &StaleSettings) -> StaleLimits {
    let deadline = settings.deadline_secs.max(MIN_DEADLINE_SECS);
    let margin = settings.margin_secs.max(MIN_MARGIN_SECS);
    let window = settings.window_secs.max(MIN_WINDOW_SECS);
    let row = deadline.saturating_mul(settings.attempts.max(1)).saturating_add(margin).max(MIN_ROW_STALE_SECS);
    StaleLimits { row_stale_secs: row, lock_stale_secs: window.saturating_add(row), window_secs: window }
}

/// Whether a row in `status`, last updated `age_secs` ago, may be taken by
/// a resend: `failed` always, `sending` only once stale, `sent` never.
pub fn may_take(status: SendStatus, age_secs: u64, limits: &StaleLimits) -> bool {
    match status {
        SendStatus::Failed => true,
        SendStatus::Sending => age_secs > limits.row_stale_secs,
        SendStatus::Sent => false,
    }
}
