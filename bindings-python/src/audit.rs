//! The audit functions (docs/audit.md): Python objects in, the core's
//! `*_json` functions, Python objects out. Keys, rules and errors are the
//! core's, identical in every host.

use bpjs_codec::audit;
use pyo3::prelude::*;

use crate::convert::Text;
use crate::errors::IntoPyResult;
use crate::gil;
use crate::pyjson::{from_python, optional, to_python, Converted, Mode};

/// A required argument, converted strictly (see `pyjson`).
fn convert(object: &Bound<'_, PyAny>, what: &str) -> PyResult<Converted> {
    from_python(object, what, Mode::Strict)
}

/// One ``pcare_bpjs_log`` row (column name -> value) for one attempt.
///
/// ``attempt`` keys: ``method`` (GET, POST, PUT, DELETE), ``endpoint`` and
/// ``correlation_id`` (required); ``service``, ``request_payload`` (a value,
/// or JSON text), ``http_status``, ``response_body_raw``, ``decoded`` (what
/// ``process_wrapper`` returned), ``error_kind`` + ``error_message`` (the
/// ``DecodeError``), ``transport_error``, ``duration_ms``, ``triggered_by``,
/// ``no_rawat`` (else read from the payload's ``noRawat``). ``options`` are
/// the redaction options of :func:`redact`; pass the facility's secret,
/// password and user_key as ``secret_values``. Every text column comes back
/// redacted; ``payload_hash`` is the hash of the payload as sent. An unknown
/// key, a wrong type or a missing key raises ``ConfigError`` naming the key.
///
/// >>> from bpjs_codec import audit_record
/// >>> row = audit_record({"service": "pcare", "method": "POST", "endpoint": "kunjungan",
/// ...     "request_payload": {"noKartu": "0001234567890"}, "http_status": 201,
/// ...     "decoded": {"metaData": {"code": 201, "message": "CREATED"}}, "correlation_id": "c-1"})
/// >>> row["status"], row["meta_code"], row["request_payload"]
/// ('success', 201, '{"noKartu":"*********7890"}')
#[pyfunction]
#[pyo3(signature = (attempt, options = None))]
pub(crate) fn audit_record<'py>(
    py: Python<'py>,
    attempt: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let attempt = convert(attempt, "audit attempt")?;
    let options = optional(options, "redact options")?;
    let row =
        gil::run(py, attempt.size, || audit::audit_record_json(&attempt.value, options.as_ref().map(|o| &o.value)))
            .into_py_result()?;
    to_python(py, &row)
}

/// A redacted copy of a JSON-like value: secret fields (``X-signature``,
/// ``user_key``, ``password``, ...) replaced by ``"[redacted]"``, patient
/// identifiers (``noKartu``, ``nik``, ...) masked to their last 4 characters,
/// and literal ``secret_values`` scrubbed from every string and key.
///
/// ``options``: ``secret_fields`` / ``identifier_fields`` (replace the
/// defaults), ``extra_secret_fields`` / ``extra_identifier_fields`` (add to
/// them), ``keep_last``, ``secret_values``, ``max_body_chars``.
///
/// >>> from bpjs_codec import redact
/// >>> redact({"user_key": "abc", "noKartu": "0001234567890", "kdPoli": "001"})
/// {'user_key': '[redacted]', 'noKartu': '*********7890', 'kdPoli': '001'}
#[pyfunction]
#[pyo3(signature = (value, options = None))]
pub(crate) fn redact<'py>(
    py: Python<'py>,
    value: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let value = convert(value, "redact value")?;
    let options = optional(options, "redact options")?;
    let redacted = gil::run(py, value.size, || audit::redact_json(&value.value, options.as_ref().map(|o| &o.value)))
        .into_py_result()?;
    to_python(py, &redacted)
}

/// Lower-case hex SHA-256 of :func:`canonical_json`: the same payload hashes
/// the same in every host, whatever its key order or ``65.0`` versus ``65``.
///
/// >>> from bpjs_codec import payload_hash
/// >>> payload_hash({"b": 1, "a": 2.0}) == payload_hash({"a": 2, "b": 1})
/// True
#[pyfunction]
#[pyo3(signature = (value))]
pub(crate) fn payload_hash(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<String> {
    let value = convert(value, "payload_hash value")?;
    Ok(gil::run(py, value.size, || audit::payload_hash(&value.value)))
}

/// Canonical JSON text: keys sorted by UTF-16 code units (RFC 8785 order),
/// no whitespace, integral numbers without a fraction.
///
/// >>> from bpjs_codec import canonical_json
/// >>> canonical_json({"b": [1.0, 2.5], "a": None})
/// '{"a":null,"b":[1,2.5]}'
#[pyfunction]
#[pyo3(signature = (value))]
pub(crate) fn canonical_json(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<String> {
    let value = convert(value, "canonical_json value")?;
    Ok(gil::run(py, value.size, || audit::canonical_json(&value.value)))
}

/// Whether to try an attempt again: ``{"retry": bool, "delay_secs": int, "reason": str}``.
///
/// ``attempt``: exactly one of ``http_status`` or ``transport``
/// (``"timeout"`` / ``"connection"``), ``attempt`` (attempts made, >= 1),
/// ``method``, ``error_kind`` (when decoding failed), ``marked_safe``.
/// ``policy``: ``max_attempts`` (default 4), ``schedule_secs`` (default
/// ``[60, 300, 900]``). Only timeouts, connection errors and 5xx are retried,
/// and only a GET unless ``marked_safe`` (after a duplicate check).
///
/// >>> from bpjs_codec import retry_decision
/// >>> d = retry_decision({"http_status": 503, "attempt": 1, "method": "GET"})
/// >>> d["retry"], d["delay_secs"]
/// (True, 60)
/// >>> retry_decision({"transport": "timeout", "attempt": 1, "method": "POST"})["retry"]
/// False
#[pyfunction]
#[pyo3(signature = (attempt, policy = None))]
pub(crate) fn retry_decision<'py>(
    py: Python<'py>,
    attempt: &Bound<'py, PyAny>,
    policy: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let attempt = convert(attempt, "retry attempt")?;
    let policy = optional(policy, "retry policy")?;
    let decision = audit::retry_decision_json(&attempt.value, policy.as_ref().map(|p| &p.value)).into_py_result()?;
    to_python(py, &decision)
}

/// An endpoint (path and query) as an audit row stores it: patient
/// identifiers in it masked (a card number after ``nokartu/``, any 13- or
/// 16-digit segment, identifier query parameters), secret query parameters
/// replaced, literal ``secret_values`` scrubbed. ``options`` are those of
/// :func:`redact`. Use it wherever an endpoint is logged or printed.
///
/// >>> from bpjs_codec import redact_endpoint
/// >>> redact_endpoint("peserta/nokartu/0001234567890/tglSEP/2026-11-24")
/// 'peserta/nokartu/*********7890/tglSEP/2026-11-24'
#[pyfunction]
#[pyo3(signature = (endpoint, options = None))]
pub(crate) fn redact_endpoint(endpoint: Text, options: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
    let options = optional(options, "redact options")?;
    let options = audit::redact_options_from_json(options.as_ref().map(|o| &o.value)).into_py_result()?;
    Ok(audit::redact_endpoint(&endpoint, &options))
}

/// The number an accepted write registered, read from the decoded reply
/// (what :func:`process_wrapper` returned), or ``None``: PCare's
/// ``{"field": "noKunjungan", "message": "<no>"}`` (also ``noUrut``),
/// VClaim's ``{"sep": {"noSep": ...}}``, or a ``noKunjungan`` / ``noUrut`` /
/// ``noSep`` string a few levels inside ``response``. The same value as an
/// audit row's ``result_number`` column.
///
/// >>> from bpjs_codec import result_number
/// >>> result_number({"metaData": {"code": 201}, "response": {"field": "noKunjungan", "message": "0114U1630316Y000003"}})
/// '0114U1630316Y000003'
/// >>> result_number({"metaData": {"code": 200}, "response": None}) is None
/// True
#[pyfunction]
#[pyo3(signature = (decoded))]
pub(crate) fn result_number(py: Python<'_>, decoded: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    let decoded = convert(decoded, "result_number decoded")?;
    Ok(gil::run(py, decoded.size, || audit::result_number(&decoded.value)))
}
