//! The gateway checks BPJS makes before a request reaches a service, in the
//! order BPJS reports them. Which headers a service needs comes from the core
//! (`Service::uses_user_key`, `Service::authorization`); the expected values
//! are computed with the core's `signature` and `authorization`.

use bpjs_codec::{
    authorization, signature, Authorization, Credentials, Service, Timestamp, HEADER_AUTHORIZATION, HEADER_CONS_ID,
    HEADER_SIGNATURE, HEADER_TIMESTAMP, HEADER_USER_KEY,
};
use hyper::HeaderMap;

/// The outcome of the checks, as written in the request log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Ok,
    /// No check was made: no service matched, or a fault answered first.
    Skipped,
    MissingConsId,
    UnknownConsId,
    MissingTimestamp,
    BadTimestamp,
    TimestampExpired,
    MissingSignature,
    BadSignature,
    MissingUserKey,
    BadUserKey,
    MissingAuthorization,
    BadAuthorization,
}

impl Verdict {
    pub const fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Skipped => "skipped",
            Verdict::MissingConsId => "missing_cons_id",
            Verdict::UnknownConsId => "unknown_cons_id",
            Verdict::MissingTimestamp => "missing_timestamp",
            Verdict::BadTimestamp => "bad_timestamp",
            Verdict::TimestampExpired => "timestamp_expired",
            Verdict::MissingSignature => "missing_signature",
            Verdict::BadSignature => "bad_signature",
            Verdict::MissingUserKey => "missing_user_key",
            Verdict::BadUserKey => "bad_user_key",
            Verdict::MissingAuthorization => "missing_authorization",
            Verdict::BadAuthorization => "bad_authorization",
        }
    }

    /// The message BPJS-style clients see in the envelope.
    pub const fn message(self) -> &'static str {
        match self {
            Verdict::Ok | Verdict::Skipped => "OK",
            Verdict::MissingConsId => "Authentication failed: X-cons-id kosong",
            Verdict::UnknownConsId => "Authentication failed: X-cons-id tidak terdaftar",
            Verdict::MissingTimestamp | Verdict::BadTimestamp => "Authentication failed: X-timestamp tidak valid",
            Verdict::TimestampExpired => "Timestamp expired",
            Verdict::MissingSignature | Verdict::BadSignature => "Invalid signature",
            Verdict::MissingUserKey | Verdict::BadUserKey => "user_key tidak valid",
            Verdict::MissingAuthorization | Verdict::BadAuthorization => {
                "Authentication failed: X-authorization tidak valid"
            }
        }
    }
}

/// A header as text; a value that is not visible ASCII counts as missing.
fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok()).filter(|v| !v.is_empty())
}

/// Compares secrets without stopping at the first differing byte.
fn same(given: &str, expected: &str) -> bool {
    let (a, b) = (given.as_bytes(), expected.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Checks a request for `service`; on success returns the request's timestamp,
/// which is also the key of its response.
pub fn check(
    headers: &HeaderMap,
    service: Service,
    accepted: &Credentials,
    skew_secs: u64,
    now_secs: u64,
) -> Result<Timestamp, Verdict> {
    let cons_id = header(headers, HEADER_CONS_ID).ok_or(Verdict::MissingConsId)?;
    if cons_id != accepted.cons_id {
        return Err(Verdict::UnknownConsId);
    }
    let timestamp = header(headers, HEADER_TIMESTAMP).ok_or(Verdict::MissingTimestamp)?;
    let timestamp = Timestamp::parse(timestamp).map_err(|_| Verdict::BadTimestamp)?;
    let secs = timestamp.secs().ok_or(Verdict::TimestampExpired)?;
    if secs.abs_diff(now_secs) > skew_secs {
        return Err(Verdict::TimestampExpired);
    }
    let given = header(headers, HEADER_SIGNATURE).ok_or(Verdict::MissingSignature)?;
    if !same(given, &signature(&accepted.cons_id, &accepted.secret, timestamp.as_str())) {
        return Err(Verdict::BadSignature);
    }
    if service.uses_user_key() {
        let given = header(headers, HEADER_USER_KEY).ok_or(Verdict::MissingUserKey)?;
        if !same(given, accepted.user_key.as_deref().unwrap_or_default()) {
            return Err(Verdict::BadUserKey);
        }
    }
    let given = header(headers, HEADER_AUTHORIZATION);
    let must_check = match service.authorization() {
        Authorization::Never => false,
        Authorization::WhenGiven => given.is_some(),
        Authorization::Required => true,
    };
    if must_check {
        let given = given.ok_or(Verdict::MissingAuthorization)?;
        let expected = authorization(
            accepted.username.as_deref().unwrap_or_default(),
            accepted.password.as_deref().unwrap_or_default(),
            accepted.app_code(),
        );
        if !same(given, &expected) {
            return Err(Verdict::BadAuthorization);
        }
    }
    Ok(timestamp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::default_credentials;
    use bpjs_codec::{build_headers, HeaderRequest};
    use hyper::header::{HeaderName, HeaderValue};

    fn signed(service: Service, creds: &Credentials, ts: u64) -> HeaderMap {
        let built = build_headers(&HeaderRequest::new(service, creds).timestamp(ts)).unwrap();
        let mut map = HeaderMap::new();
        for (name, value) in built.iter() {
            map.insert(HeaderName::from_bytes(name.as_bytes()).unwrap(), HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn verdicts() {
        let creds = default_credentials();
        let now = 1_800_000_000;
        let ok = signed(Service::Pcare, &creds, now);
        assert_eq!(check(&ok, Service::Pcare, &creds, 300, now).unwrap().as_str(), "1800000000");
        assert_eq!(check(&ok, Service::Pcare, &creds, 300, now + 301), Err(Verdict::TimestampExpired));
        let mut no_auth = ok.clone();
        no_auth.remove("x-authorization");
        assert_eq!(check(&no_auth, Service::Pcare, &creds, 300, now), Err(Verdict::MissingAuthorization));
        assert_eq!(check(&no_auth, Service::AntreanFktp, &creds, 300, now), Ok(Timestamp::from(now)));
        let other = Credentials::new("31337", "other").with_user_key("x").with_login("a", "b");
        let bad = signed(Service::Vclaim, &other, now);
        assert_eq!(check(&bad, Service::Vclaim, &creds, 300, now), Err(Verdict::BadSignature));
        assert_eq!(check(&HeaderMap::new(), Service::Vclaim, &creds, 300, now), Err(Verdict::MissingConsId));
    }
}
