//! Request headers for every service, from one timestamp.

use std::fmt;

use crate::credentials::{present, Credentials};
use crate::error::{Error, Result};
use crate::service::{Authorization, Method, Service};
use crate::signature::{authorization, signature};
use crate::timestamp::Timestamp;

/// The consumer ID header.
pub const HEADER_CONS_ID: &str = "X-cons-id";
/// The request timestamp header (the same value decrypts the reply).
pub const HEADER_TIMESTAMP: &str = "X-timestamp";
/// The HMAC-SHA256 signature header (sensitive).
pub const HEADER_SIGNATURE: &str = "X-signature";
/// The per-service user key header (sensitive).
pub const HEADER_USER_KEY: &str = "user_key";
/// The PCare/iCare/Antrean FKTP login header (sensitive).
pub const HEADER_AUTHORIZATION: &str = "X-authorization";
/// The Accept header (always `application/json`).
pub const HEADER_ACCEPT: &str = "Accept";
/// The Content-Type header (per service and method).
pub const HEADER_CONTENT_TYPE: &str = "Content-Type";

/// Headers whose values are secrets or derived from them: never logged,
/// never shown by Debug.
pub const SENSITIVE_HEADERS: [&str; 3] = [HEADER_SIGNATURE, HEADER_USER_KEY, HEADER_AUTHORIZATION];

/// Whether a header (any casing) must never be logged.
pub fn is_sensitive_header(name: &str) -> bool {
    SENSITIVE_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name)) || name.eq_ignore_ascii_case("authorization")
}

/// What to build headers for.
#[derive(Debug, Clone)]
pub struct HeaderRequest<'a> {
    /// The service the request goes to.
    pub service: Service,
    /// The facility's credentials.
    pub credentials: &'a Credentials,
    /// `None`: read the clock once.
    pub timestamp: Option<Timestamp>,
    /// The HTTP method (it selects the default Content-Type).
    pub method: Method,
    /// Replaces the service's default Content-Type (e.g. `text/plain` for
    /// PCare `kunjungan` on deployments that want it).
    pub content_type: Option<String>,
}

impl<'a> HeaderRequest<'a> {
    /// A GET request for `service`, timestamp read from the clock.
    pub fn new(service: Service, credentials: &'a Credentials) -> Self {
        HeaderRequest { service, credentials, timestamp: None, method: Method::Get, content_type: None }
    }

    /// Uses this timestamp instead of reading the clock.
    pub fn timestamp(mut self, timestamp: impl Into<Timestamp>) -> Self {
        self.timestamp = Some(timestamp.into());
        self
    }

    /// Sets the HTTP method.
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// Replaces the service's default Content-Type.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

/// Ordered header list, plus the timestamp it was built with (the caller
/// decrypts the response with that same timestamp).
#[derive(Clone, PartialEq, Eq)]
pub struct Headers {
    entries: Vec<(&'static str, String)>,
    timestamp: Timestamp,
}

impl Headers {
    /// The headers in the order they are sent.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> + '_ {
        self.entries.iter().map(|(name, value)| (*name, value.as_str()))
    }

    /// Header value by name, ignoring case.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v)
    }

    /// The timestamp the headers were built with: decrypt the reply with it.
    pub fn timestamp(&self) -> &Timestamp {
        &self.timestamp
    }

    /// The number of headers.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Never true for built headers; here for the `len` convention.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl fmt::Debug for Headers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.iter() {
            if is_sensitive_header(name) {
                map.entry(&name, &"<redacted>");
            } else {
                map.entry(&name, &value);
            }
        }
        map.finish()
    }
}

fn require<'c>(value: Option<&'c str>, field: &str, service: Service) -> Result<&'c str> {
    value.ok_or_else(|| Error::config(format!("{field}: missing (required for service {service})")))
}

/// Values sent verbatim as header values: a CR, LF or other control
/// character would split or corrupt the request (header injection).
fn header_safe<'v>(value: &'v str, field: &str) -> Result<&'v str> {
    match value.chars().position(|c| c.is_control()) {
        None => Ok(value),
        Some(at) => Err(Error::config(format!(
            "{field}: contains a control character at position {at} (a stray newline from a .env file or a copy?)"
        ))),
    }
}

/// Builds every header the service needs, from one timestamp.
pub fn build_headers(request: &HeaderRequest<'_>) -> Result<Headers> {
    let service = request.service;
    let creds = request.credentials;
    let cons_id =
        header_safe(require(Some(creds.cons_id.as_str()).filter(|s| !s.is_empty()), "cons_id", service)?, "cons_id")?;
    let secret = require(Some(creds.secret.as_str()).filter(|s| !s.is_empty()), "secret", service)?;
    let user_key = if service.uses_user_key() {
        Some(header_safe(require(present(&creds.user_key), "user_key", service)?, "user_key")?)
    } else {
        None
    };
    let login = match service.authorization() {
        Authorization::Never => None,
        Authorization::Required => Some((
            require(present(&creds.username), "username", service)?,
            require(present(&creds.password), "password", service)?,
        )),
        Authorization::WhenGiven => present(&creds.username).zip(present(&creds.password)),
    };

    let timestamp = match &request.timestamp {
        Some(timestamp) => timestamp.clone(),
        None => Timestamp::try_now()?,
    };
    let mut entries = Vec::with_capacity(7);
    entries.push((HEADER_CONS_ID, cons_id.to_owned()));
    entries.push((HEADER_TIMESTAMP, timestamp.as_str().to_owned()));
    entries.push((HEADER_SIGNATURE, signature(cons_id, secret, timestamp.as_str())));
    if let Some(user_key) = user_key {
        entries.push((HEADER_USER_KEY, user_key.to_owned()));
    }
    if let Some((username, password)) = login {
        entries.push((HEADER_AUTHORIZATION, authorization(username, password, creds.app_code())));
    }
    entries.push((HEADER_ACCEPT, "application/json".to_owned()));
    let content_type = match request.content_type.as_deref().filter(|s| !s.is_empty()) {
        Some(custom) => header_safe(custom, "content_type")?.to_owned(),
        None => service.content_type(request.method).to_owned(),
    };
    entries.push((HEADER_CONTENT_TYPE, content_type));
    Ok(Headers { entries, timestamp })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn creds() -> Credentials {
        Credentials::new("1000", "S3cr3t").with_user_key("uk-123").with_login("dokter", "p4ss")
    }

    #[test]
    fn one_timestamp_everywhere() {
        let creds = creds();
        let headers = build_headers(&HeaderRequest::new(Service::Pcare, &creds)).unwrap();
        let ts = headers.get("x-timestamp").unwrap();
        assert_eq!(ts, headers.timestamp().as_str());
        assert_eq!(headers.get(HEADER_SIGNATURE).unwrap(), signature("1000", "S3cr3t", ts));
    }

    #[test]
    fn per_service_rules() {
        let creds = creds();
        let names = |svc, method| {
            let req = HeaderRequest::new(svc, &creds).timestamp(1u64).method(method);
            build_headers(&req).unwrap().iter().map(|(n, _)| n).collect::<Vec<_>>()
        };
        assert_eq!(
            names(Service::Pcare, Method::Get),
            ["X-cons-id", "X-timestamp", "X-signature", "user_key", "X-authorization", "Accept", "Content-Type"]
        );
        assert_eq!(
            names(Service::Aplicares, Method::Get),
            ["X-cons-id", "X-timestamp", "X-signature", "Accept", "Content-Type"]
        );
        assert!(!names(Service::Vclaim, Method::Get).contains(&"X-authorization"));
        assert!(names(Service::AntreanFktp, Method::Get).contains(&"X-authorization"));
        let vclaim_post =
            build_headers(&HeaderRequest::new(Service::Vclaim, &creds).timestamp(1u64).method(Method::Post)).unwrap();
        assert_eq!(vclaim_post.get("content-type"), Some("Application/x-www-form-urlencoded"));
    }

    #[test]
    fn missing_fields_are_named() {
        let no_key = Credentials::new("1000", "S3cr3t");
        let err = build_headers(&HeaderRequest::new(Service::Vclaim, &no_key)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Config);
        assert!(err.message().starts_with("user_key"));
        let err = build_headers(&HeaderRequest::new(Service::Pcare, &no_key.clone().with_user_key("k"))).unwrap_err();
        assert!(err.message().starts_with("username"));
        let err = build_headers(&HeaderRequest::new(Service::Aplicares, &Credentials::new("1000", ""))).unwrap_err();
        assert!(err.message().starts_with("secret"));
    }

    #[test]
    fn no_header_injection() {
        let creds = Credentials::new("1000\r\nX-Evil: 1", "S3cr3t").with_user_key("uk");
        let err = build_headers(&HeaderRequest::new(Service::Vclaim, &creds)).unwrap_err();
        assert!(err.message().starts_with("cons_id: contains a control character"), "{err}");
        let creds = Credentials::new("1000", "S3cr3t").with_user_key("uk\n");
        let err = build_headers(&HeaderRequest::new(Service::Vclaim, &creds)).unwrap_err();
        assert!(err.message().starts_with("user_key") && !err.message().contains("uk\n"), "{err}");
        let creds = Credentials::new("1000", "S3cr3t").with_user_key("uk");
        let req = HeaderRequest::new(Service::Apotek, &creds).content_type("text/plain\r\nX: y");
        assert_eq!(build_headers(&req).unwrap_err().kind(), ErrorKind::Config);
    }

    #[test]
    fn debug_redacts() {
        let creds = creds();
        let headers = build_headers(&HeaderRequest::new(Service::Pcare, &creds).timestamp(1u64)).unwrap();
        let shown = format!("{headers:?} {creds:?}");
        for secret in [
            "S3cr3t",
            "uk-123",
            "p4ss",
            headers.get(HEADER_SIGNATURE).unwrap(),
            headers.get(HEADER_AUTHORIZATION).unwrap(),
        ] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }
}
