//! Request headers, signature and authorization: thin wrappers over the core's
//! per-service rules.

use bpjs_codec::{Credentials, HeaderRequest, Method, Service};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::convert::{timestamp, Text};
use crate::errors::IntoPyResult;

pub(crate) fn service(name: &str) -> PyResult<Service> {
    name.parse::<Service>().into_py_result()
}

fn owned(value: Option<Text>) -> Option<String> {
    value.map(|v| String::from(&*v))
}

/// Build every header a BPJS service needs, from one timestamp.
///
/// ``service`` is one of ``vclaim``, ``antreanrs``, ``antreanfktp``, ``pcare``,
/// ``icare-fktp``, ``icare-fkrtl``, ``apotek``, ``aplicares``. The result is
/// an ordered ``dict`` that includes ``X-timestamp``: decrypt the reply with
/// that same value. ``timestamp=None`` reads the clock once (UTC seconds).
/// ``user_key`` is required by every service except Aplicares; ``username``
/// and ``password`` by PCare and iCare FKTP (Antrean FKTP sends
/// ``X-authorization`` only when both are given). ``method`` and
/// ``content_type`` pick or override the Content-Type (VClaim and Antrean RS
/// writes use BPJS's ``Application/x-www-form-urlencoded`` label). A missing
/// credential raises ``ConfigError`` naming the field.
///
/// >>> from bpjs_codec import build_headers
/// >>> h = build_headers("vclaim", "1000", "S3cr3t", user_key="uk", timestamp=1732406400)
/// >>> list(h)
/// ['X-cons-id', 'X-timestamp', 'X-signature', 'user_key', 'Accept', 'Content-Type']
/// >>> h["X-timestamp"]
/// '1732406400'
#[pyfunction]
#[pyo3(
    signature = (
        service, cons_id, secret, *, user_key = None, username = None, password = None,
        app_code = None, timestamp = None, method = None, content_type = None
    ),
    text_signature = "(service, cons_id, secret, *, user_key=None, username=None, password=None, app_code='095', timestamp=None, method='GET', content_type=None)"
)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn build_headers<'py>(
    py: Python<'py>,
    service: Text,
    cons_id: Text,
    secret: Text,
    user_key: Option<Text>,
    username: Option<Text>,
    password: Option<Text>,
    app_code: Option<Text>,
    timestamp: Option<&Bound<'py, PyAny>>,
    method: Option<Text>,
    content_type: Option<Text>,
) -> PyResult<Bound<'py, PyDict>> {
    let service = self::service(&service)?;
    let method = method.as_deref().unwrap_or("GET").parse::<Method>().into_py_result()?;
    let credentials = Credentials {
        cons_id: String::from(&*cons_id),
        secret: String::from(&*secret),
        user_key: owned(user_key),
        username: owned(username),
        password: owned(password),
        app_code: owned(app_code),
    };
    headers_dict(py, service, &credentials, timestamp, method, content_type.as_deref())
}

/// The headers of one request as an ordered ``dict`` (shared by
/// :func:`build_headers` and the catalogue's ``request``).
pub(crate) fn headers_dict<'py>(
    py: Python<'py>,
    service: Service,
    credentials: &Credentials,
    timestamp: Option<&Bound<'py, PyAny>>,
    method: Method,
    content_type: Option<&str>,
) -> PyResult<Bound<'py, PyDict>> {
    let mut request = HeaderRequest::new(service, credentials).method(method);
    if let Some(ts) = timestamp.filter(|t| !t.is_none()) {
        request = request.timestamp(crate::convert::timestamp(ts)?);
    }
    if let Some(content_type) = content_type {
        request = request.content_type(content_type.to_owned());
    }
    let headers = bpjs_codec::build_headers(&request).into_py_result()?;
    let dict = PyDict::new(py);
    for (name, value) in headers.iter() {
        dict.set_item(name, value)?;
    }
    Ok(dict)
}

/// ``X-signature``: base64(HMAC-SHA256(secret, cons_id + "&" + timestamp)), never URL-encoded.
///
/// >>> from bpjs_codec import signature
/// >>> signature("1000", "S3cr3t", 1732406400) == signature("1000", "S3cr3t", "1732406400")
/// True
#[pyfunction]
#[pyo3(signature = (cons_id, secret, timestamp))]
pub(crate) fn signature(cons_id: Text, secret: Text, timestamp: &Bound<'_, PyAny>) -> PyResult<String> {
    let timestamp = self::timestamp(timestamp)?;
    bpjs_codec::check_key_parts(&cons_id, &secret, timestamp.as_str()).map_err(crate::errors::to_py)?;
    Ok(bpjs_codec::signature(&cons_id, &secret, timestamp.as_str()))
}

/// ``X-authorization``: ``"Basic " + base64(username:password:app_code)``.
///
/// >>> from bpjs_codec import authorization
/// >>> authorization("user", "pass")
/// 'Basic dXNlcjpwYXNzOjA5NQ=='
#[pyfunction]
#[pyo3(signature = (username, password, app_code = None), text_signature = "(username, password, app_code='095')")]
pub(crate) fn authorization(username: Text, password: Text, app_code: Option<Text>) -> String {
    // The core decides what an absent or empty app_code means.
    let mut credentials = Credentials::default();
    credentials.app_code = owned(app_code);
    bpjs_codec::authorization(&username, &password, credentials.app_code())
}

/// The URL path of a service below the BPJS host (``vclaim`` -> ``vclaim-rest``).
///
/// >>> from bpjs_codec import service_path
/// >>> service_path("antreanrs"), service_path("antreanrs", development=True)
/// ('antreanrs', 'antreanrs_dev')
#[pyfunction]
#[pyo3(signature = (service, *, development = false))]
pub(crate) fn service_path(service: Text, development: bool) -> PyResult<&'static str> {
    let service = self::service(&service)?;
    Ok(if development { service.development_path() } else { service.production_path() })
}

/// The service a configured base URL points at, or ``None``: the longest
/// known service path (production, development or legacy) the URL's path ends with.
///
/// >>> from bpjs_codec import service_from_url
/// >>> service_from_url("https://apijkn-dev.bpjs-kesehatan.go.id/pcare-rest-dev/")
/// 'pcare'
/// >>> service_from_url("https://apijkn.bpjs-kesehatan.go.id/wsihs/api/pcare"), service_from_url("https://example.org/")
/// ('icare-fktp', None)
#[pyfunction]
pub(crate) fn service_from_url(url: Text) -> Option<&'static str> {
    bpjs_codec::Service::from_base_url(&url).map(|service| service.name())
}

/// Whether a header (any casing) carries a secret or a value derived from
/// one (``X-signature``, ``user_key``, ``X-authorization``, ``Authorization``),
/// so it must never be logged or shown.
///
/// >>> from bpjs_codec import is_sensitive_header
/// >>> is_sensitive_header("x-SIGNATURE"), is_sensitive_header("X-cons-id")
/// (True, False)
#[pyfunction]
pub(crate) fn is_sensitive_header(name: Text) -> bool {
    bpjs_codec::is_sensitive_header(&name)
}
