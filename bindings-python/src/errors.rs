//! The one mapping from the core's [`bpjs_codec::Error`] to Python exceptions.
//!
//! The exception classes are defined in Python (`bpjs_codec/_errors.py`) so
//! they pickle, subclass and document like any Python class; this file only
//! raises them. `str(error)` is the core's message, which never contains a
//! secret, password, user_key, signature, authorization or derived key.

use bpjs_codec::{Error, ErrorKind};
use pyo3::PyErr;

pyo3::import_exception!(bpjs_codec._errors, DecodeError);
pyo3::import_exception!(bpjs_codec._errors, ConfigError);

/// `DecodeError(message, kind)`, or `ConfigError` for the `config` kind.
pub(crate) fn to_py(error: Error) -> PyErr {
    let kind = error.kind();
    let message = error.to_string();
    match kind {
        ErrorKind::Config => ConfigError::new_err((message, kind.as_str())),
        _ => DecodeError::new_err((message, kind.as_str())),
    }
}

/// A `config` error raised by the binding itself (an argument the core never
/// sees, such as a negative `max_output`).
pub(crate) fn config(message: impl Into<String>) -> PyErr {
    ConfigError::new_err((format!("config: {}", message.into()), ErrorKind::Config.as_str()))
}

pub(crate) trait IntoPyResult<T> {
    fn into_py_result(self) -> pyo3::PyResult<T>;
}

impl<T> IntoPyResult<T> for Result<T, Error> {
    fn into_py_result(self) -> pyo3::PyResult<T> {
        self.map_err(to_py)
    }
}
