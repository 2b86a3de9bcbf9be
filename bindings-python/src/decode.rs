//! The decoding functions: the AES layer, the lz-string layer, both, the
//! envelope, and the inverse used for fixtures.

use bpjs_codec::Processed;
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::convert::{limits, Input, Text};
use crate::errors::IntoPyResult;
use crate::gil;

/// Decrypt the AES layer only and return the lz-string text.
///
/// ``key`` is the key material cons_id + secret + timestamp, as PHP
/// ``stringDecrypt($key, $string)`` helpers take it.
///
/// >>> from bpjs_codec import compress_and_encrypt, decrypt
/// >>> ciphertext = compress_and_encrypt("1000", "S3cr3t", 1732406400, '{"a":1}')
/// >>> decrypt("1000S3cr3t1732406400", ciphertext)
/// 'N4IghiBcCMC+Q'
#[pyfunction]
#[pyo3(signature = (key, ciphertext))]
pub(crate) fn decrypt(py: Python<'_>, key: Text, ciphertext: &Bound<'_, PyAny>) -> PyResult<String> {
    let ciphertext = Input::extract(ciphertext, "ciphertext")?;
    let ciphertext = ciphertext.as_bytes();
    gil::run(py, ciphertext.len(), || bpjs_codec::decrypt(&key, ciphertext)).into_py_result()
}

/// Decompress lz-string URI-safe text (``LZString.decompressFromEncodedURIComponent``).
///
/// ``max_output`` caps the output in UTF-16 code units (default 32 Mi);
/// beyond it the call raises ``DecodeError`` with kind ``output_limit``.
///
/// >>> from bpjs_codec import lz_decompress
/// >>> lz_decompress("N4IghiBcCMC+Q")
/// '{"a":1}'
#[pyfunction]
#[pyo3(signature = (text, *, max_output = None))]
pub(crate) fn lz_decompress(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    max_output: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let limits = limits(max_output)?;
    let text = Input::extract(text, "text")?;
    let text = text.as_bytes();
    gil::run(py, text.len(), || bpjs_codec::lz_decompress_with(text, &limits)).into_py_result()
}

/// Compress text as ``LZString.compressToEncodedURIComponent`` does.
///
/// >>> from bpjs_codec import lz_compress
/// >>> lz_compress('{"a":1}')
/// 'N4IghiBcCMC+Q'
#[pyfunction]
#[pyo3(signature = (text))]
pub(crate) fn lz_compress(py: Python<'_>, text: Text) -> String {
    gil::run(py, text.len(), || bpjs_codec::lz_compress(&text))
}

/// Decrypt and decompress a BPJS ``response`` string; returns the text (not parsed).
///
/// Use the ``X-timestamp`` of the request the response belongs to.
///
/// >>> from bpjs_codec import compress_and_encrypt, decrypt_and_decompress
/// >>> ciphertext = compress_and_encrypt("1000", "S3cr3t", 1732406400, '{"a":1}')
/// >>> decrypt_and_decompress("1000", "S3cr3t", 1732406400, ciphertext)
/// '{"a":1}'
#[pyfunction]
#[pyo3(signature = (cons_id, secret, timestamp, ciphertext, *, max_output = None))]
pub(crate) fn decrypt_and_decompress(
    py: Python<'_>,
    cons_id: Text,
    secret: Text,
    timestamp: &Bound<'_, PyAny>,
    ciphertext: &Bound<'_, PyAny>,
    max_output: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let timestamp = crate::convert::timestamp(timestamp)?;
    let limits = limits(max_output)?;
    let ciphertext = Input::extract(ciphertext, "ciphertext")?;
    let ciphertext = ciphertext.as_bytes();
    gil::run(py, ciphertext.len(), || {
        bpjs_codec::decrypt_and_decompress_with(&cons_id, &secret, timestamp.as_str(), ciphertext, &limits)
    })
    .into_py_result()
}

/// Decode a BPJS reply body: the envelope with ``response`` decrypted, as
/// Python objects.
///
/// Returns exactly what ``json.loads`` gives for the decoded envelope (dict,
/// with ``response`` replaced by the decoded value; key order and the
/// envelope's ``metaData``/``metadata`` casing kept). A ``response`` that is
/// not encrypted (a SEP number, ``"OK"``, null) is left as it came. A body
/// that is not JSON at all (a gateway HTML page) is returned as ``str``.
/// A ``response`` that looks encrypted but does not decode raises
/// ``DecodeError`` (e.g. kind ``padding``: wrong cons_id, secret or timestamp).
///
/// >>> from bpjs_codec import compress_and_encrypt, process_wrapper
/// >>> ct = compress_and_encrypt("1000", "S3cr3t", 1732406400, '{"list":[1,2]}')
/// >>> body = '{"metaData":{"code":"200","message":"OK"},"response":"%s"}' % ct
/// >>> process_wrapper("1000", "S3cr3t", 1732406400, body)
/// {'metaData': {'code': '200', 'message': 'OK'}, 'response': {'list': [1, 2]}}
/// >>> process_wrapper("1000", "S3cr3t", 1732406400, "Service Unavailable")
/// 'Service Unavailable'
#[pyfunction]
#[pyo3(signature = (cons_id, secret, timestamp, body, *, max_output = None))]
pub(crate) fn process_wrapper<'py>(
    py: Python<'py>,
    cons_id: Text,
    secret: Text,
    timestamp: &Bound<'py, PyAny>,
    body: &Bound<'py, PyAny>,
    max_output: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let timestamp = crate::convert::timestamp(timestamp)?;
    let limits = limits(max_output)?;
    let body = Input::extract(body, "body")?;
    let body = body.as_bytes();
    // The core's body rule: a leading BOM ignored, bytes that are not UTF-8
    // returned as text (read lossily, as requests' `.text` would).
    let processed = gil::run(py, body.len(), || {
        bpjs_codec::process_wrapper_with(&cons_id, &secret, timestamp.as_str(), body, &limits)
    })
    .into_py_result()?;
    match processed {
        Processed::Json(text) => crate::pyjson::loads(py, &text),
        Processed::Text(text) => Ok(PyString::new(py, &text).into_any()),
    }
}

/// Compress and encrypt text the way BPJS encrypts a response (for fixtures,
/// tests and local simulators).
///
/// >>> from bpjs_codec import compress_and_encrypt, decrypt_and_decompress
/// >>> ct = compress_and_encrypt("1000", "S3cr3t", "1732406400", "halo")
/// >>> decrypt_and_decompress("1000", "S3cr3t", "1732406400", ct)
/// 'halo'
#[pyfunction]
#[pyo3(signature = (cons_id, secret, timestamp, text))]
pub(crate) fn compress_and_encrypt(
    py: Python<'_>,
    cons_id: Text,
    secret: Text,
    timestamp: &Bound<'_, PyAny>,
    text: Text,
) -> PyResult<String> {
    let timestamp = crate::convert::timestamp(timestamp)?;
    bpjs_codec::check_key_parts(&cons_id, &secret, timestamp.as_str()).map_err(crate::errors::to_py)?;
    Ok(gil::run(py, text.len(), || bpjs_codec::compress_and_encrypt(&cons_id, &secret, timestamp.as_str(), &text)))
}

/// Whether a ``response`` string is ciphertext (decode it: a failure is an
/// error with its kind) or a plain value BPJS sends as is (pass it through):
/// the core's rule, which :func:`process_wrapper` follows (docs/decoding.md).
/// Ciphertext: a run of at least 22 non-space characters, nearly all of them
/// base64, URL-safe base64 or URL-encoding characters. Plain: SEP numbers,
/// ``"OK"``, ``"Sukses"``, ``"1"``, sentences, JSON or HTML text.
///
/// >>> from bpjs_codec import is_ciphertext
/// >>> is_ciphertext("0301R0011017V000007"), is_ciphertext("Data tidak ditemukan")
/// (False, False)
/// >>> is_ciphertext("n7bNWt0w3BdvUKmWdZOTfw==")
/// True
#[pyfunction]
#[pyo3(signature = (response))]
pub(crate) fn is_ciphertext(py: Python<'_>, response: Text) -> bool {
    gil::run(py, response.len(), || bpjs_codec::is_ciphertext(&response))
}
