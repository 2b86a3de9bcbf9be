//! Python objects to JSON values, strictly, for the audit functions.
//!
//! The audit functions hash and store what they are given, so nothing may be
//! guessed: a value JSON cannot represent is a `config` error instead of
//! being coerced (`json.dumps` would turn `{1: "a"}` into `{"1": "a"}` and
//! `nan` into `NaN`, which is not JSON). Messages name the argument and the
//! Python type, never a key or a value: either may be a secret or a patient
//! identifier.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

use crate::errors::config;

/// Containers nested deeper than this are refused. serde_json reads at most
/// 128 levels, so a deeper value could be stored but never read back.
pub(crate) const MAX_DEPTH: usize = 128;

/// A converted value and a rough size in bytes (to decide whether the core's
/// work is worth releasing the GIL for).
pub(crate) struct Converted {
    pub(crate) value: Value,
    pub(crate) size: usize,
}

/// `None` stays absent; anything else is converted.
pub(crate) fn optional(object: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Option<Converted>> {
    object.filter(|o| !o.is_none()).map(|o| convert(o, what)).transpose()
}

/// Converts a Python value (dict, list, tuple, str, int, float, bool, None,
/// and their subclasses) to a JSON value; `what` names the argument in errors.
pub(crate) fn convert(object: &Bound<'_, PyAny>, what: &str) -> PyResult<Converted> {
    let mut size = 0;
    let value = to_value(object, what, 0, &mut size)?;
    Ok(Converted { value, size })
}

fn to_value(object: &Bound<'_, PyAny>, what: &str, depth: usize, size: &mut usize) -> PyResult<Value> {
    *size += 8;
    if object.is_none() {
        return Ok(Value::Null);
    }
    // bool before int: True is an int in Python, but a boolean in JSON.
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
        return Err(config(format!("{what}: an int outside the 64-bit range cannot be stored exactly")));
    }
    if let Ok(float) = object.cast::<PyFloat>() {
        // A float stays a float (1.0 is 1.0, not 1): canonical_json decides
        // how it is written, not the conversion.
        return Number::from_f64(float.value())
            .map(Value::Number)
            .ok_or_else(|| config(format!("{what}: NaN and infinity are not JSON numbers")));
    }
    if let Ok(text) = object.cast::<PyString>() {
        // A lone surrogate (which no JSON text from a parser holds) becomes U+FFFD.
        let text = text.to_string_lossy().into_owned();
        *size += text.len();
        return Ok(Value::String(text));
    }
    if depth >= MAX_DEPTH {
        return Err(config(format!("{what}: nested deeper than {MAX_DEPTH} levels")));
    }
    if let Ok(dict) = object.cast::<PyDict>() {
        let mut map = Map::with_capacity(dict.len());
        for (key, item) in dict.iter() {
            let Ok(key) = key.cast::<PyString>() else {
                return Err(config(format!(
                    "{what}: dict keys must be str, got {} (JSON object keys are text)",
                    key.get_type().name()?
                )));
            };
            let key = key.to_string_lossy().into_owned();
            *size += key.len();
            map.insert(key, to_value(&item, what, depth + 1, size)?);
        }
        return Ok(Value::Object(map));
    }
    if let Ok(list) = object.cast::<PyList>() {
        // Indexed, not iterated: a list changed by another thread while we
        // read it ends the loop early instead of reading past its end.
        let mut items = Vec::with_capacity(list.len());
        let mut index = 0;
        while let Ok(item) = list.get_item(index) {
            items.push(to_value(&item, what, depth + 1, size)?);
            index += 1;
        }
        return Ok(Value::Array(items));
    }
    if let Ok(tuple) = object.cast::<PyTuple>() {
        return tuple
            .iter()
            .map(|item| to_value(&item, what, depth + 1, size))
            .collect::<PyResult<_>>()
            .map(Value::Array);
    }
    Err(config(format!(
        "{what}: a {} is not a JSON value (expected dict, list, tuple, str, int, float, bool or None)",
        object.get_type().name()?
    )))
}
