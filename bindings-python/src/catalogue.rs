//! The endpoint catalogue (docs/catalogue.md): the core's table as Python
//! objects, and one request built from it. The URL and the headers are put
//! together from core values only (service paths, hosts, `build_headers`).

use bpjs_codec::{catalogue as core, Credentials, Method, DEVELOPMENT_HOST, PRODUCTION_HOST};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use serde_json::Value;

use crate::convert::Text;
use crate::errors::{config, IntoPyResult};
use crate::gil;
use crate::headers::{self, headers_dict};
use crate::pyjson::{loads, optional, to_python};

/// Every endpoint of the catalogue, in table order, as ``catalogue_json()``
/// gives it: ``{service, name, method, path (template), params: [{name,
/// type, optional, expected, example, values?}], encrypted_reply,
/// content_type, body ({wrapper, fields} or None), reply: {envelope, code,
/// ok_code}, production_path, development_path}``.
///
/// >>> from bpjs_codec import catalogue
/// >>> entry = next(e for e in catalogue() if e["name"] == "peserta.nik")
/// >>> entry["service"], entry["method"], entry["path"]
/// ('vclaim', 'GET', 'Peserta/nik/{nik:nik}/tglSEP/{tgl_sep:date}')
/// >>> [p["name"] for p in entry["params"]]
/// ['nik', 'tgl_sep']
#[pyfunction]
pub(crate) fn catalogue(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let text = core::catalogue_json().into_py_result()?;
    loads(py, &text)
}

const CREDENTIAL_KEYS: [&str; 6] = ["cons_id", "secret", "user_key", "username", "password", "app_code"];

/// The `credentials` dict (build_headers' keyword arguments) as core
/// credentials. Messages name keys, never values.
fn credentials(dict: &Bound<'_, PyAny>) -> PyResult<Credentials> {
    let dict = dict.cast::<PyDict>().map_err(|_| config("credentials: expected a dict of build_headers' arguments"))?;
    let mut out = Credentials::default();
    let (mut cons_id, mut secret) = (None, None);
    for (key, value) in dict.iter() {
        let key = key.cast::<PyString>().map_err(|_| config("credentials: keys must be str"))?.to_string_lossy();
        let Some(&name) = CREDENTIAL_KEYS.iter().find(|k| **k == key) else {
            return Err(config(format!(
                "credentials: unknown key (expected {}); keys are build_headers' argument names",
                CREDENTIAL_KEYS.join(", ")
            )));
        };
        if value.is_none() {
            continue;
        }
        let text: Text = value.extract().map_err(|_| config(format!("credentials: `{name}` must be a str")))?;
        let text = String::from(&*text);
        match name {
            "cons_id" => cons_id = Some(text),
            "secret" => secret = Some(text),
            "user_key" => out.user_key = Some(text),
            "username" => out.username = Some(text),
            "password" => out.password = Some(text),
            _ => out.app_code = Some(text),
        }
    }
    out.cons_id = cons_id.ok_or_else(|| config("credentials: `cons_id` is missing"))?;
    out.secret = secret.ok_or_else(|| config("credentials: `secret` is missing"))?;
    Ok(out)
}

fn text_of<'a>(request: &'a Value, key: &str) -> PyResult<&'a str> {
    request.get(key).and_then(Value::as_str).ok_or_else(|| config(format!("catalogue request: `{key}` missing")))
}

/// One request of the catalogue, ready to send: the core's
/// ``build_request_json`` object ``{service, name, method, path,
/// content_type, body (the text to send, or None), encrypted_reply,
/// production_path, development_path}`` plus ``url`` and, when
/// ``credentials`` are given, ``headers``.
///
/// ``params``: one key per path parameter (card numbers, NIKs and codes as
/// ``str``) and, for endpoints with a body, ``body`` (the object BPJS expects
/// inside the wrapper). ``url`` is ``base_url`` (ending at the service path,
/// e.g. a simulator's ``http://127.0.0.1:PORT/vclaim-rest-dev``) + ``path``,
/// else ``PRODUCTION_HOST`` (``https://...``) (``DEVELOPMENT_HOST`` with
/// ``development=True``) + the service path + ``path``. ``credentials`` is a
/// dict of :func:`build_headers`' arguments (``cons_id``, ``secret``,
/// ``user_key``, ``username``, ``password``, ``app_code``); the headers use
/// the request's method and Content-Type and ``timestamp`` (else the clock):
/// decode the reply with ``headers["X-timestamp"]``. A parameter that fails
/// its type raises ``ConfigError`` naming the parameter, never its value.
///
/// >>> from bpjs_codec import request
/// >>> r = request("vclaim", "peserta.nik", {"nik": "3201011705800001", "tgl_sep": "2026-12-05"})
/// >>> r["method"], r["url"]
/// ('GET', 'https://apijkn.bpjs-kesehatan.go.id/vclaim-rest/Peserta/nik/3201011705800001/tglSEP/2026-12-05')
/// >>> r = request("vclaim", "peserta.nik", {"nik": "3201011705800001", "tgl_sep": "2026-12-05"},
/// ...     credentials={"cons_id": "1000", "secret": "S3cr3t", "user_key": "uk"}, timestamp=1732406400)
/// >>> r["headers"]["X-timestamp"]
/// '1732406400'
#[pyfunction]
#[pyo3(signature = (service, name, params = None, *, credentials = None, timestamp = None, base_url = None, development = false))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn request<'py>(
    py: Python<'py>,
    service: Text,
    name: Text,
    params: Option<&Bound<'py, PyAny>>,
    credentials: Option<&Bound<'py, PyAny>>,
    timestamp: Option<&Bound<'py, PyAny>>,
    base_url: Option<Text>,
    development: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let params = optional(params, "params")?;
    let params_text = params.as_ref().map_or_else(|| "{}".to_owned(), |p| p.value.to_string());
    let size = params_text.len();
    let built = gil::run(py, size, || core::build_request_json(&service, &name, &params_text)).into_py_result()?;
    let value: Value = serde_json::from_str(&built).map_err(|_| config("catalogue request: not JSON"))?;
    let path = text_of(&value, "path")?;
    let url = match base_url.as_deref() {
        Some(base) => format!("{}{}", base.trim_end_matches('/'), path),
        None if development => format!("{DEVELOPMENT_HOST}/{}{path}", text_of(&value, "development_path")?),
        None => format!("{PRODUCTION_HOST}/{}{path}", text_of(&value, "production_path")?),
    };
    let out = to_python(py, &value)?;
    let dict = out.cast::<PyDict>()?;
    dict.set_item("url", url)?;
    if let Some(credentials) = credentials.filter(|c| !c.is_none()) {
        let credentials = self::credentials(credentials)?;
        let service = headers::service(text_of(&value, "service")?)?;
        let method = text_of(&value, "method")?.parse::<Method>().into_py_result()?;
        let content_type = text_of(&value, "content_type")?;
        let headers = headers_dict(py, service, &credentials, timestamp, method, Some(content_type))?;
        dict.set_item("headers", headers)?;
    }
    Ok(out)
}
