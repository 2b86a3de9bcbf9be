//! eRekam Medis (docs/erm.md): the encrypted `dataMR` and the insert body.
//! Key derivation, compression, the bundle check and the field rules are the
//! core's; this file converts arguments only.

use bpjs_codec::{erm, Limits};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyInt, PyString};

use crate::convert::{Input, Text};
use crate::errors::{config, IntoPyResult};
use crate::gil;
use crate::pyjson::{from_python, Mode};

/// The `dataMR` of a FHIR Bundle: base64(AES-256-CBC(key = SHA-256(cons_id +
/// secret + kode_ppk), iv = key[:16], base64(gzip(bundle_json)))).
///
/// ``bundle_json`` is compressed byte for byte as given (never parsed or
/// re-encoded); the result is deterministic. A missing key part raises
/// ``ConfigError`` naming it. Use :func:`build_medical_record_request` for
/// the whole body (it also checks the bundle).
///
/// >>> from bpjs_codec import encrypt_medical_record, decrypt_medical_record
/// >>> data_mr = encrypt_medical_record("1000", "S3cr3t", "0301R001", '{"resourceType":"Bundle"}')
/// >>> decrypt_medical_record("1000", "S3cr3t", "0301R001", data_mr)
/// '{"resourceType":"Bundle"}'
#[pyfunction]
#[pyo3(signature = (cons_id, secret, kode_ppk, bundle_json))]
pub(crate) fn encrypt_medical_record(
    py: Python<'_>,
    cons_id: Text,
    secret: Text,
    kode_ppk: Text,
    bundle_json: Text,
) -> PyResult<String> {
    gil::run(py, bundle_json.len(), || erm::encrypt_medical_record(&cons_id, &secret, &kode_ppk, &bundle_json))
        .into_py_result()
}

/// The optional `max_output=` of `decrypt_medical_record`, in bytes.
fn byte_limits(max_output: Option<&Bound<'_, PyAny>>) -> PyResult<Limits> {
    let Some(value) = max_output.filter(|v| !v.is_none()) else {
        return Ok(Limits::default());
    };
    if value.is_instance_of::<PyBool>() || !value.is_instance_of::<PyInt>() {
        return Err(PyTypeError::new_err("max_output: expected int (bytes) or None"));
    }
    let max_output: usize =
        value.extract().map_err(|_| config("max_output: expected a non-negative integer that fits in memory"))?;
    Ok(Limits::new(max_output))
}

/// The bundle JSON text of a `dataMR`, exactly as the sender compressed it
/// (gzip or zlib, told apart by their header).
///
/// ``max_output`` caps the bundle in **bytes** of UTF-8 text (default
/// ``DEFAULT_MAX_OUTPUT``); beyond it ``DecodeError`` kind ``output_limit``.
/// Errors, in the order the layers are peeled: ``config``; ``base64`` /
/// ``cipher_length``; ``padding`` (wrong cons_id, secret or kode_ppk);
/// ``base64`` (no inner base64 layer); ``json`` (not gzip or zlib, a corrupt
/// or cut stream); ``output_limit``. No message holds a key part or content.
///
/// >>> from bpjs_codec import decrypt_medical_record, DecodeError
/// >>> try:
/// ...     decrypt_medical_record("1000", "S3cr3t", "0301R001", "AAAA")
/// ... except DecodeError as e:
/// ...     e.kind
/// 'cipher_length'
#[pyfunction]
#[pyo3(signature = (cons_id, secret, kode_ppk, data_mr, max_output = None))]
pub(crate) fn decrypt_medical_record(
    py: Python<'_>,
    cons_id: Text,
    secret: Text,
    kode_ppk: Text,
    data_mr: &Bound<'_, PyAny>,
    max_output: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let limits = byte_limits(max_output)?;
    let data_mr = Input::extract(data_mr, "data_mr")?;
    let data_mr = data_mr.as_bytes();
    gil::run(py, data_mr.len(), || erm::decrypt_medical_record_with(&cons_id, &secret, &kode_ppk, data_mr, &limits))
        .into_py_result()
}

/// The whole eRekam Medis insert body, ``{"request": {"noSep", "jnsPelayanan",
/// "bulan", "tahun", "dataMR"}}`` as JSON text, to POST (``text/plain``) to the
/// catalogue's ``vclaim`` ``rekam_medis.insert``.
///
/// ``fields``: a dict ``{"noSep", "jnsPelayanan" ("1" rawat inap, "2" rawat
/// jalan), "bulan" (1-12, str or int), "tahun", "bundle"}`` or its JSON text.
/// ``bundle`` is the FHIR Bundle (a dict, written as compact JSON) or a
/// ``str`` holding its JSON text (sent byte for byte: pass text to keep your
/// own encoder's bytes). An unknown or malformed field raises ``ConfigError``
/// naming the field, never its value; a bundle that is not a JSON object
/// with ``"resourceType": "Bundle"`` raises ``DecodeError`` kind ``json``.
///
/// >>> import json
/// >>> from bpjs_codec import build_medical_record_request
/// >>> body = build_medical_record_request("1000", "S3cr3t", "0301R001", {"noSep": "0301R0011124V000123",
/// ...     "jnsPelayanan": "2", "bulan": 1, "tahun": 2024, "bundle": {"resourceType": "Bundle", "entry": []}})
/// >>> request = json.loads(body)["request"]
/// >>> request["bulan"], request["tahun"], sorted(request)
/// ('1', '2024', ['bulan', 'dataMR', 'jnsPelayanan', 'noSep', 'tahun'])
#[pyfunction]
#[pyo3(signature = (cons_id, secret, kode_ppk, fields))]
pub(crate) fn build_medical_record_request(
    py: Python<'_>,
    cons_id: Text,
    secret: Text,
    kode_ppk: Text,
    fields: &Bound<'_, PyAny>,
) -> PyResult<String> {
    let fields_json = if fields.is_instance_of::<PyString>() {
        String::from(&*fields.extract::<Text>()?)
    } else {
        from_python(fields, "medical record fields", Mode::Strict)?.value.to_string()
    };
    gil::run(py, fields_json.len(), || {
        erm::build_medical_record_request_json(&cons_id, &secret, &kode_ppk, &fields_json)
    })
    .into_py_result()
}
