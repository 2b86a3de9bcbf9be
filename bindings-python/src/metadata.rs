//! `metadata(envelope)`: the normalised status of a BPJS envelope.

use bpjs_codec::Metadata;
use pyo3::exceptions::{PyRecursionError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

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
            map.insert(key, to_value(&value, 1)?);
        }
        bpjs_codec::metadata(&Value::Object(map))
    } else {
        bpjs_codec::metadata(&to_value(envelope, 0)?)
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

/// The envelope's status object as BPJS sent it (a dict), or ``None``. For the
/// Flask service, which passes extra status fields (``totalitems``) through.
#[pyfunction]
pub(crate) fn _status_object<'py>(envelope: &Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, PyAny>>> {
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

/// Python objects nested deeper than this are refused (a crafted object could
/// otherwise overflow the stack; json.loads itself stops far earlier).
const MAX_DEPTH: usize = 512;

/// A parsed JSON value (what `json.loads` returns) as a serde value.
fn to_value(object: &Bound<'_, PyAny>, depth: usize) -> PyResult<Value> {
    if depth > MAX_DEPTH {
        return Err(PyRecursionError::new_err("envelope: nested too deeply"));
    }
    if object.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(flag) = object.cast::<PyBool>() {
        return Ok(Value::Bool(flag.is_true()));
    }
    if object.is_instance_of::<PyInt>() {
        if let Ok(n) = object.extract::<i64>() {
            return Ok(Value::from(n));
        }
        if let Ok(n) = object.extract::<u64>() {
            return Ok(Value::from(n));
        }
        // Beyond 64 bits: as a float, as JSON numbers are.
        return Ok(Number::from_f64(object.extract::<f64>()?).map_or(Value::Null, Value::Number));
    }
    if let Ok(float) = object.cast::<PyFloat>() {
        return Ok(Number::from_f64(float.value()).map_or(Value::Null, Value::Number));
    }
    if let Ok(text) = object.cast::<PyString>() {
        return Ok(Value::String(text.to_string_lossy().into_owned()));
    }
    if let Ok(dict) = object.cast::<PyDict>() {
        let mut map = Map::with_capacity(dict.len());
        for (key, value) in dict.iter() {
            // json.dumps writes non-str keys as their text; so do we.
            let key = match key.cast::<PyString>() {
                Ok(text) => text.to_string_lossy().into_owned(),
                Err(_) => key.str()?.to_string_lossy().into_owned(),
            };
            map.insert(key, to_value(&value, depth + 1)?);
        }
        return Ok(Value::Object(map));
    }
    if let Ok(list) = object.cast::<PyList>() {
        return list.iter().map(|item| to_value(&item, depth + 1)).collect::<PyResult<_>>().map(Value::Array);
    }
    if let Ok(tuple) = object.cast::<PyTuple>() {
        return tuple.iter().map(|item| to_value(&item, depth + 1)).collect::<PyResult<_>>().map(Value::Array);
    }
    Err(PyTypeError::new_err(format!(
        "envelope: expected a parsed JSON value (dict, list, str, int, float, bool, None) or JSON text, got {}",
        object.get_type().name()?
    )))
}
