//! Python arguments to core types: timestamps, text-or-bytes input, limits.
//! Validation itself is the core's (e.g. [`Timestamp::parse`]); this file
//! only converts.

use bpjs_codec::{Limits, Timestamp};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBool, PyBytes, PyInt, PyString};

use crate::errors::{config, IntoPyResult};

/// A timestamp given as `int` or decimal `str`.
pub(crate) fn timestamp(value: &Bound<'_, PyAny>) -> PyResult<Timestamp> {
    if value.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err("timestamp: expected int or decimal str, got bool"));
    }
    if value.is_instance_of::<PyInt>() {
        // Through the decimal text so that negative or oversized values get
        // the core's `config` message rather than an OverflowError.
        return Timestamp::parse(&value.str()?.to_cow()?).into_py_result();
    }
    if let Ok(text) = value.cast::<PyString>() {
        // Lossy: a lone surrogate becomes U+FFFD, which the core refuses as
        // not a digit (a `config` error), never a UnicodeEncodeError.
        return Timestamp::parse(&text.to_string_lossy()).into_py_result();
    }
    Err(PyTypeError::new_err(format!("timestamp: expected int or decimal str, got {}", value.get_type().name()?)))
}

/// The optional `max_output=` keyword, in UTF-16 code units.
pub(crate) fn limits(max_output: Option<&Bound<'_, PyAny>>) -> PyResult<Limits> {
    let Some(value) = max_output.filter(|v| !v.is_none()) else {
        return Ok(Limits::default());
    };
    if value.is_instance_of::<PyBool>() || !value.is_instance_of::<PyInt>() {
        return Err(PyTypeError::new_err("max_output: expected int (UTF-16 code units) or None"));
    }
    let max_output: usize =
        value.extract().map_err(|_| config("max_output: expected a non-negative integer that fits in memory"))?;
    Ok(Limits::new(max_output))
}

/// `str` or `bytes` input as UTF-8 bytes, without copying `bytes`.
///
/// A `str` is encoded once to a `bytes` object we keep alive for the call; the
/// slice can then be read with the GIL released (the object is immutable and
/// referenced). A `str` with lone surrogates cannot be UTF-8: it is replaced
/// lossily, and the core then reports the replacement character as what it is
/// (not base64, not lz-string, not JSON).
pub(crate) enum Input<'py> {
    Bytes(Bound<'py, PyBytes>),
    Lossy(Vec<u8>),
}

impl<'py> Input<'py> {
    pub(crate) fn extract(value: &Bound<'py, PyAny>, what: &str) -> PyResult<Self> {
        if let Ok(bytes) = value.cast::<PyBytes>() {
            return Ok(Input::Bytes(bytes.clone()));
        }
        if let Ok(text) = value.cast::<PyString>() {
            return Ok(match text.encode_utf8() {
                Ok(bytes) => Input::Bytes(bytes),
                Err(_) => Input::Lossy(text.to_string_lossy().into_owned().into_bytes()),
            });
        }
        Err(PyTypeError::new_err(format!("{what}: expected str or bytes, got {}", value.get_type().name()?)))
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            Input::Bytes(bytes) => bytes.as_bytes(),
            Input::Lossy(bytes) => bytes,
        }
    }
}

/// A `str` argument as UTF-8 text.
///
/// A Python `str` may hold a lone surrogate (`"\ud800"`), which no UTF-8 text
/// can: that is a `config` error like any other malformed argument, not a
/// `UnicodeEncodeError` (pyo3 adds a note naming the argument). Anything
/// that is not a `str` is a `TypeError`, as before.
pub(crate) struct Text(PyBackedStr);

impl<'a, 'py> FromPyObject<'a, 'py> for Text {
    type Error = PyErr;

    fn extract(object: pyo3::Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let text = object.cast::<PyString>()?.to_owned();
        PyBackedStr::try_from(text)
            .map(Text)
            .map_err(|_| config("a text argument holds a lone surrogate (\\ud800-\\udfff), which is not valid Unicode"))
    }
}

impl std::ops::Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}
