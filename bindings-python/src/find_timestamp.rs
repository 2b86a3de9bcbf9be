//! `find_timestamp`: which timestamp a captured reply was encrypted with.
//! The search is the core's; this file converts the arguments.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyInt};

use crate::convert::{timestamp, Input, Text};
use crate::errors::{config, IntoPyResult};

/// The window searched when none is given: ten minutes each side, the same
/// default as the Node package's `findTimestamp`.
const DEFAULT_WINDOW_SECS: u64 = 600;

/// The timestamp (decimal ``str``) whose key decrypts ``ciphertext``, searched
/// ``window`` seconds (default 600, at most ``MAX_WINDOW_SECS``, one week)
/// on each side of ``around``; ``None`` when none does (check cons_id and
/// secret). For a reply whose ``X-timestamp`` was not recorded, e.g. when the
/// server's clock was skewed. A ``response`` that is not encrypted at all
/// raises ``DecodeError`` at once (kind ``base64`` or ``cipher_length``).
///
/// >>> from bpjs_codec import compress_and_encrypt, find_timestamp
/// >>> ct = compress_and_encrypt("1000", "S3cr3t", 1732406437, '{"a":1}')
/// >>> find_timestamp("1000", "S3cr3t", ct, 1732406400, window=60)
/// '1732406437'
/// >>> find_timestamp("1000", "S3cr3t", ct, 1732406400, window=10) is None
/// True
#[pyfunction]
#[pyo3(
    signature = (cons_id, secret, ciphertext, around, *, window = None),
    text_signature = "(cons_id, secret, ciphertext, around, *, window=600)"
)]
pub(crate) fn find_timestamp(
    py: Python<'_>,
    cons_id: Text,
    secret: Text,
    ciphertext: &Bound<'_, PyAny>,
    around: &Bound<'_, PyAny>,
    window: Option<&Bound<'_, PyAny>>,
) -> PyResult<Option<String>> {
    let around = timestamp(around)?.secs().ok_or_else(|| config("around: the timestamp does not fit in 64 bits"))?;
    let window = window_secs(window)?;
    let ciphertext = Input::extract(ciphertext, "ciphertext")?;
    let ciphertext = ciphertext.as_bytes();
    // Up to two candidates per second of window, each a SHA-256 and an AES
    // block: always worth releasing the GIL for.
    let found =
        py.detach(|| bpjs_codec::find_timestamp(&cons_id, &secret, ciphertext, around, window)).into_py_result()?;
    Ok(found.map(|timestamp| timestamp.as_str().to_owned()))
}

/// The `window=` keyword; whether it is too wide is the core's rule.
fn window_secs(window: Option<&Bound<'_, PyAny>>) -> PyResult<u64> {
    let Some(value) = window.filter(|v| !v.is_none()) else {
        return Ok(DEFAULT_WINDOW_SECS);
    };
    if value.is_instance_of::<PyBool>() || !value.is_instance_of::<PyInt>() {
        return Err(PyTypeError::new_err("window: expected int (seconds) or None"));
    }
    value.extract().map_err(|_| config("window: expected whole seconds, 0 or more"))
}
