//! `metadata(envelope)`: the normalised status of a BPJS envelope.

use bpjs_codec::Metadata;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};
use serde_json::{Map, Value};

use crate::pyjson::{from_python, Mode};

/// A parsed envelope (or part of one) as a JSON value, as `json.dumps` would
/// write it: `metadata` only reads a status, so nothing is refused that
/// JSON can show.
fn to_value(object: &Bound<'_, PyAny>) -> PyResult<Value> {
    Ok(from_python(object, "envelope", Mode::Lenient)?.value)
}

/// Status of an envelope: ``{"code": int | None, "message": str | None, "ok": bool}``.
///
/// Reads ``metaData`` or ``metadata``, ``code`` or ``Code`` (number or
/// numeric string); ``ok`` means code 200 or 1. Accepts the parsed envelope
/// (e.g. the result of ``process_wrapper``) or its JSON text.
///
/// >>> from bpjs_codec import metadata
/// >>> metadata({"metadata": {"code": 1, "message": "Ok"}})
/// {'code': 1, 'message': 'Ok', 'ok': True}
/// >>> metadata('{"metaData":{"code":"201","message":"Data tidak ditemukan"}}')
/// {'code': 201, 'message': 'Data tidak ditemukan', 'ok': False}
#[pyfunction]
#[pyo3(signature = (envelope))]
pub(crate) fn metadata<'py>(py: Python<'py>, envelope: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
    let status = if let Ok(text) = envelope.cast::<PyString>() {
        bpjs_codec::metadata_from_str(&text.to_string_lossy())
    } else if let Ok(bytes) = envelope.cast::<PyBytes>() {
        bpjs_codec::metadata_from_str(&String::from_utf8_lossy(bytes.as_bytes()))
    } else if let Ok(dict) = envelope.cast::<PyDict>() {
        // Only the status entry crosses (not a 1 MB `response`); the core
        // says which key that is.
        let mut map = Map::new();
        if let Some((key, value)) = status_entry(dict)? {
            map.insert(key, to_value(&value)?);
        }
        bpjs_codec::metadata(&Value::Object(map))
    } else {
        bpjs_codec::metadata(&to_value(envelope)?)
    };
    to_dict(py, status)
}

/// The envelope's status entry, by the core's rule (`metaData`, `metadata`, any casing).
fn status_entry<'py>(dict: &Bound<'py, PyDict>) -> PyResult<Option<(String, Bound<'py, PyAny>)>> {
    let keys: Vec<String> = dict
        .keys()
        .iter()
        .filter_map(|k| k.cast::<PyString>().ok().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    let Some(key) = bpjs_codec::metadata_key(keys.iter().map(String::as_str)) else { return Ok(None) };
    Ok(dict.get_item(key)?.map(|value| (key.to_owned(), value)))
}

/// The envelope's status object as BPJS sent it (the ``metaData`` /
/// ``metadata`` dict, any casing, extra fields such as ``totalitems`` kept),
/// or ``None`` when there is none. :func:`metadata` gives its normalised form.
///
/// >>> from bpjs_codec import status_object
/// >>> status_object({"MetaData": {"code": 1, "totalitems": 3}, "response": None})
/// {'code': 1, 'totalitems': 3}
/// >>> status_object({"metaData": "not an object"}) is None
/// True
#[pyfunction]
#[pyo3(signature = (envelope))]
pub(crate) fn status_object<'py>(envelope: &Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, PyAny>>> {
    let Ok(dict) = envelope.cast::<PyDict>() else { return Ok(None) };
    Ok(status_entry(dict)?.map(|(_, value)| value).filter(|value| value.is_instance_of::<PyDict>()))
}

fn to_dict(py: Python<'_>, status: Metadata) -> PyResult<Bound<'_, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("code", status.code)?;
    dict.set_item("message", status.message)?;
    dict.set_item("ok", status.ok)?;
    Ok(dict)
}
