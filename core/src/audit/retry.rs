//! When to try a request again. BPJS write endpoints (kunjungan, pendaftaran,
//! SEP insert) are not idempotent: retrying a POST that timed out can register
//! a patient twice. Updates and deletes are not safe either in practice (a
//! PUT after a lost reply can race a clerk's correction; a second DELETE of a
//! SEP answers an error that hides the first one's success). So only GET is
//! retried on its own; anything else only when the caller marks it safe,
//! after checking for a duplicate. The Laravel and Flask drop-ins follow the
//! same rule.

use crate::error::ErrorKind;
use crate::service::Method;

/// How an attempt ended, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// An HTTP response with this status arrived.
    Http(u16),
    /// No response within the timeout.
    Timeout,
    /// Connection refused, reset or dropped before a response.
    Connection,
}

/// The longest retry delay (30 days): a longer `schedule_secs` entry is a
/// `config` error in the JSON form and is cut to this in [`retry_decision`].
pub const MAX_DELAY_SECS: u64 = 30 * 86_400;

/// How many attempts, and how long to wait between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total attempts allowed, the first one included.
    pub max_attempts: u32,
    /// Delay before retry n (1-based) is `schedule[n-1]`, the last entry repeating.
    pub schedule_secs: Vec<u64>,
}

impl Default for RetryPolicy {
    /// 1 min, 5 min, 15 min: BPJS outages are minutes long, not seconds.
    fn default() -> Self {
        RetryPolicy { max_attempts: 4, schedule_secs: vec![60, 300, 900] }
    }
}

/// Whether to try again, when, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryDecision {
    /// Try again.
    pub retry: bool,
    /// Seconds to wait before the next attempt (0 when not retrying).
    pub delay_secs: u64,
    /// Why, for the log and the monitoring page.
    pub reason: &'static str,
}

impl RetryDecision {
    fn stop(reason: &'static str) -> Self {
        RetryDecision { retry: false, delay_secs: 0, reason }
    }
}

fn idempotent(method: Method) -> bool {
    matches!(method, Method::Get)
}

/// Decides whether attempt number `attempt` (1 = the first, already made)
/// should be followed by another.
pub fn retry_decision(
    outcome: Outcome,
    error_kind: Option<ErrorKind>,
    attempt: u32,
    method: Method,
    marked_safe: bool,
    policy: &RetryPolicy,
) -> RetryDecision {
    if error_kind.is_some() {
        return RetryDecision::stop("decode error: the same reply would fail again (check credentials and timestamp)");
    }
    let transient = match outcome {
        Outcome::Timeout | Outcome::Connection => true,
        Outcome::Http(status) if (500..=599).contains(&status) => true,
        Outcome::Http(status) if (400..=499).contains(&status) => {
            return RetryDecision::stop("client error (4xx): fix the request instead of repeating it")
        }
        Outcome::Http(_) => return RetryDecision::stop("answered: nothing to retry"),
    };
    debug_assert!(transient);
    if !idempotent(method) && !marked_safe {
        return RetryDecision::stop(
            "not a GET: a retry could create a duplicate (mark it safe after a duplicate check)",
        );
    }
    if attempt >= policy.max_attempts {
        return RetryDecision::stop("attempts exhausted");
    }
    let index = (attempt.max(1) - 1) as usize;
    let delay_secs =
        policy.schedule_secs.get(index).or(policy.schedule_secs.last()).copied().unwrap_or(0).min(MAX_DELAY_SECS);
    RetryDecision { retry: true, delay_secs, reason: "transient failure: retry after the backoff delay" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        let p = RetryPolicy::default();
        let d = |o, k, a, m, s| retry_decision(o, k, a, m, s, &p);
        assert_eq!(d(Outcome::Timeout, None, 1, Method::Get, false).delay_secs, 60);
        assert_eq!(d(Outcome::Http(503), None, 2, Method::Get, false).delay_secs, 300);
        assert_eq!(d(Outcome::Connection, None, 3, Method::Get, false).delay_secs, 900);
        assert!(!d(Outcome::Connection, None, 1, Method::Delete, false).retry);
        assert!(!d(Outcome::Connection, None, 1, Method::Put, false).retry);
        assert_eq!(d(Outcome::Connection, None, 1, Method::Put, true).delay_secs, 60);
        assert!(!d(Outcome::Connection, None, 4, Method::Get, false).retry);
        assert!(!d(Outcome::Timeout, None, 1, Method::Post, false).retry);
        assert!(d(Outcome::Timeout, None, 1, Method::Post, true).retry);
        assert!(!d(Outcome::Http(404), None, 1, Method::Get, true).retry);
        assert!(!d(Outcome::Http(200), None, 1, Method::Get, true).retry);
        assert!(!d(Outcome::Http(200), Some(ErrorKind::Padding), 1, Method::Get, true).retry);
        assert!(!d(Outcome::Http(500), Some(ErrorKind::Json), 1, Method::Get, true).retry);
    }
}
