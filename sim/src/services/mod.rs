//! The endpoints of each service. A handler gets the endpoint's segments,
//! query and body, and returns an [`Answer`]; the envelope, encryption and
//! faults are applied afterwards, the same way for every service.

pub mod antreanfktp;
pub mod antreanrs;
pub mod aplicares;
pub mod apotek;
pub mod catalogue;
pub mod erm;
pub mod icare;
pub mod pcare;
pub mod vclaim;

use std::cell::Cell;

use bpjs_codec::Service;
use hyper::Method;
use serde_json::Value;

use crate::config::Config;
use crate::reply::Answer;
use crate::routes::{matches, Mount};
use crate::state::Store;

/// One request, as a handler sees it.
pub struct Request<'a> {
    pub method: &'a Method,
    pub mount: &'a Mount,
    /// Endpoint segments below the service path, percent-decoded.
    pub segments: &'a [String],
    pub query: &'a [(String, String)],
    pub body: &'a [u8],
    /// What this run remembers (SEPs, pendaftaran, antrean).
    pub store: &'a Store,
    /// The credentials and kodePPK the simulator serves with (the eRM key).
    pub config: &'a Config,
}

impl Request<'_> {
    /// The body as JSON, whatever its Content-Type (BPJS labels JSON bodies
    /// `Application/x-www-form-urlencoded` or `text/plain`).
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(self.body).ok()
    }

    pub fn query(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// Matches endpoints and remembers whether a path matched with another
/// method, to answer 405 rather than 404.
pub struct Routes<'r> {
    request: &'r Request<'r>,
    other_method: Cell<bool>,
}

impl<'r> Routes<'r> {
    pub fn new(request: &'r Request<'r>) -> Self {
        Routes { request, other_method: Cell::new(false) }
    }

    pub fn on(&self, method: Method, pattern: &[&str]) -> Option<Vec<&'r str>> {
        let captured = matches(pattern, self.request.segments)?;
        if *self.request.method != method {
            self.other_method.set(true);
            return None;
        }
        Some(captured)
    }

    pub fn fallback(&self) -> Answer {
        if self.other_method.get() {
            Answer::error(405, "Method Not Allowed").with_status(405)
        } else {
            Answer::error(404, "Not Found").with_status(404)
        }
    }
}

/// Answers one authenticated request: the hand-written endpoints first,
/// then every other endpoint of the core's catalogue.
pub fn handle(request: &Request<'_>) -> Answer {
    if request.mount.own_base {
        return catalogue::handle(request).unwrap_or_else(|| Answer::error(404, "Not Found").with_status(404));
    }
    let answer = by_service(request);
    if matches!(answer.status, 404 | 405) {
        if let Some(answer) = catalogue::handle(request) {
            return answer;
        }
    }
    answer
}

fn by_service(request: &Request<'_>) -> Answer {
    match request.mount.service {
        Service::Vclaim => vclaim::handle(request),
        Service::AntreanRs => antreanrs::handle(request),
        Service::AntreanFktp => antreanfktp::handle(request),
        Service::Pcare => pcare::handle(request),
        Service::IcareFktp | Service::IcareFkrtl => icare::handle(request),
        Service::Apotek => apotek::handle(request),
        Service::Aplicares => aplicares::handle(request),
    }
}

/// A non-negative number from a path or query parameter.
pub fn number(text: &str) -> Option<usize> {
    text.trim().parse().ok()
}

/// A string field of a JSON object, trimmed, if present and not empty.
pub fn text_field<'v>(object: &'v Value, name: &str) -> Option<&'v str> {
    object.get(name).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}
