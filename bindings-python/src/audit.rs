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
/// the redaction options of :func:`redact` plus ``hash_key`` (required:
/// see :func:`payload_hash`); pass the facility's secret, password and
/// user_key as ``secret_values``. Every text column comes back redacted and
/// capped at ``max_stored_bytes``; what cannot be redacted (text that is not
/// JSON, NaN, nesting deeper than 64) is stored as ``"[unredactable: <reason>,
/// <n> bytes]"``, never as itself. ``payload_hash`` is the keyed hash of the
/// payload as sent. An unknown key, a wrong type or a missing key raises
/// ``ConfigError`` naming the key.
///
/// >>> from bpjs_codec import audit_record
/// >>> row = audit_record({"service": "pcare", "method": "POST", "endpoint": "kunjungan",
/// ...     "request_payload": {"noKartu": "0001234567890"}, "http_status": 201,
/// ...     "decoded": {"metaData": {"code": 201, "message": "CREATED"}}, "correlation_id": "c-1"},
/// ...     {"hash_key": "installation-hash-key-0001"})
/// >>> row["status"], row["meta_code"], row["request_payload"]
/// ('success', 201, '{"noKartu":"*********7890"}')
#[pyfunction]
#[pyo3(signature = (attempt, options))]
pub(crate) fn audit_record<'py>(
    py: Python<'py>,
    attempt: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let attempt = convert(attempt, "audit attempt")?;
    // Required (it holds the hash key); None is the core's `config` error naming hash_key.
    let options = optional(options, "audit options")?;
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
/// them), ``keep_last``, ``secret_values``, ``max_stored_bytes`` (the cap
/// of a stored text column, default 65,536, at least 64). A value nested
/// deeper than 64 levels comes back as ``"[unredactable: ...]"``.
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

/// Lower-case hex HMAC-SHA256 of :func:`canonical_json`, keyed by
/// ``hash_key`` (at least 16 bytes; the default of an installation is
/// :func:`derive_hash_key` of its consumer secret, overridable with
/// ``BPJS_AUDIT_HASH_KEY``). The same payload hashes the same in every host,
/// whatever its key order or ``65.0`` versus ``65``; without the key the
/// hash of a payload whose card number is masked cannot be brute-forced. A
/// missing or short key raises ``ConfigError`` naming ``hash_key``.
///
/// >>> from bpjs_codec import payload_hash
/// >>> key = "installation-hash-key-0001"
/// >>> payload_hash({"b": 1, "a": 2.0}, key) == payload_hash({"a": 2, "b": 1}, key)
/// True
/// >>> len(payload_hash(None, key))
/// 64
#[pyfunction]
#[pyo3(signature = (value, hash_key))]
pub(crate) fn payload_hash(py: Python<'_>, value: &Bound<'_, PyAny>, hash_key: Text) -> PyResult<String> {
    let value = convert(value, "payload_hash value")?;
    gil::run(py, value.size, || audit::payload_hash_json(&value.value, &hash_key)).into_py_result()
}

/// The default audit hash key of an installation: lower-case hex of
/// ``HMAC-SHA256(key = secret, message = "bpjs-codec audit payload hash v1")``
/// (64 characters), stable as long as the consumer secret is. Keep it out of
/// the database and the logs, like the secret. An empty secret raises
/// ``ConfigError`` naming ``secret``.
///
/// >>> from bpjs_codec import derive_hash_key
/// >>> derive_hash_key("simSecret2026")[:16]
/// 'b2d479e7e1464452'
#[pyfunction]
#[pyo3(signature = (secret))]
pub(crate) fn derive_hash_key(secret: Text) -> PyResult<String> {
    audit::derive_hash_key(&secret).into_py_result()
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

/// The ``pcare_send_attempts`` columns after one attempt of a write that
/// names a ``no_rawat`` (docs/audit.md, "Send state").
///
/// ``row``: ``None`` (no row yet) or ``{status, method, attempts,
/// next_attempt_at, result_number, last_http_status, last_meta_code,
/// last_error}``, times as Unix seconds. ``attempt``: ``{by: "send" |
/// "resend", outcome: "answered" | "interrupted" | "not_sent", method,
/// record (the attempt's :func:`audit_record` row, when answered),
/// http_status (interrupted only), now}``. ``policy``: :func:`retry_decision`'s.
/// Returns ``{write: "insert" | "update" | "none", status, method, attempts,
/// next_attempt_at, result_number, last_http_status, last_meta_code,
/// last_error, reason}`` (only ``write`` and ``reason`` when ``none``).
///
/// >>> from bpjs_codec import send_state
/// >>> record = {"status": "failed", "http_status": 503, "meta_code": None, "meta_message": None,
/// ...     "error_kind": None, "result_number": None}
/// >>> s = send_state(None, {"by": "send", "outcome": "answered", "method": "POST",
/// ...     "record": record, "now": 1795000000})
/// >>> s["write"], s["status"], s["next_attempt_at"], s["last_error"]
/// ('insert', 'failed', None, 'HTTP 503')
#[pyfunction]
#[pyo3(signature = (row, attempt, policy = None))]
pub(crate) fn send_state<'py>(
    py: Python<'py>,
    row: &Bound<'py, PyAny>,
    attempt: &Bound<'py, PyAny>,
    policy: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let row = convert(row, "send row")?;
    let attempt = convert(attempt, "send attempt")?;
    let policy = optional(policy, "retry policy")?;
    let state =
        audit::send_state_json(&row.value, &attempt.value, policy.as_ref().map(|p| &p.value)).into_py_result()?;
    to_python(py, &state)
}

/// What a resend does with one taken row (docs/audit.md, "Resend").
///
/// ``row``: ``{service, method, endpoint, payload (the stored JSON text),
/// result_number}``. ``context``: ``{services (what this host can send;
/// absent: any), logged_success (``None`` or the logged success's
/// ``{http_status, meta_code, response_body_json}``), accepted_no_kunjungan,
/// secret_values}``. Returns ``{action: "already_sent" | "send" | "refuse",
/// result, method, endpoint, body, shown_endpoint, switched_to, state,
/// reason}``: send ``body`` exactly with ``method`` to ``endpoint``; show
/// only ``shown_endpoint`` (masked) in results and output; when nothing is
/// sent, write ``state``.
///
/// >>> from bpjs_codec import resend_plan
/// >>> row = {"service": "pcare", "method": "POST", "endpoint": "kunjungan",
/// ...     "payload": '{"noKunjungan":null,"kdPoli":"001"}', "result_number": None}
/// >>> plan = resend_plan(row, {"accepted_no_kunjungan": "0301U0011126Y000123"})
/// >>> plan["action"], plan["method"], plan["switched_to"]
/// ('send', 'PUT', '0301U0011126Y000123')
/// >>> resend_plan(row, {"services": ["vclaim"]})["result"]
/// 'unsupported_service'
#[pyfunction]
#[pyo3(signature = (row, context = None))]
pub(crate) fn resend_plan<'py>(
    py: Python<'py>,
    row: &Bound<'py, PyAny>,
    context: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let row = convert(row, "resend row")?;
    let context = optional(context, "resend context")?;
    let plan = gil::run(py, row.size, || audit::resend_plan_json(&row.value, context.as_ref().map(|c| &c.value)))
        .into_py_result()?;
    to_python(py, &plan)
}

/// The outcome of a resend that sent: ``row`` is the row's state as taken
/// (the keys of :func:`send_state`'s ``row``), ``plan`` the ``send`` plan
/// :func:`resend_plan` returned, ``attempt`` ``{outcome, record,
/// http_status, now}`` as in :func:`send_state`. Returns ``{result: "sent" |
/// "failed" | "not_sent", message (the row's last_error when not sent),
/// shown_endpoint, switched_to, state (the row's new columns), reason}``.
///
/// >>> from bpjs_codec import resend_outcome
/// >>> row = {"status": "sending", "method": "PUT", "attempts": 1, "next_attempt_at": None,
/// ...     "result_number": None, "last_http_status": 503, "last_meta_code": None, "last_error": "HTTP 503"}
/// >>> plan = {"action": "send", "result": None, "method": "PUT", "endpoint": "kunjungan", "body": "{}",
/// ...     "shown_endpoint": "kunjungan", "switched_to": None, "state": None, "reason": "as stored"}
/// >>> out = resend_outcome(row, plan, {"outcome": "interrupted", "now": 1795000000})
/// >>> out["result"], out["state"]["status"], out["state"]["next_attempt_at"]
/// ('failed', 'failed', None)
#[pyfunction]
#[pyo3(signature = (row, plan, attempt, policy = None))]
pub(crate) fn resend_outcome<'py>(
    py: Python<'py>,
    row: &Bound<'py, PyAny>,
    plan: &Bound<'py, PyAny>,
    attempt: &Bound<'py, PyAny>,
    policy: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let row = convert(row, "send row")?;
    let plan = convert(plan, "resend plan")?;
    let attempt = convert(attempt, "resend attempt")?;
    let policy = optional(policy, "retry policy")?;
    let outcome =
        audit::resend_outcome_json(&row.value, &plan.value, &attempt.value, policy.as_ref().map(|p| &p.value))
            .into_py_result()?;
    to_python(py, &outcome)
}

/// How long rows and visits may stay taken by a resend: ``settings``
/// ``{deadline_secs (60), attempts (1), margin_secs (60), window_secs
/// (600)}`` (absent keys: the defaults) to ``{row_stale_secs,
/// lock_stale_secs, window_secs}``; ``row_stale_secs = deadline_secs x
/// attempts + margin_secs`` exceeds the longest possible send.
///
/// >>> from bpjs_codec import stale_limits
/// >>> stale_limits()
/// {'row_stale_secs': 120, 'lock_stale_secs': 720, 'window_secs': 600}
#[pyfunction]
#[pyo3(signature = (settings = None))]
pub(crate) fn stale_limits<'py>(py: Python<'py>, settings: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
    let settings = optional(settings, "stale settings")?;
    let limits = audit::stale_limits_json(settings.as_ref().map(|s| &s.value)).into_py_result()?;
    to_python(py, &limits)
}

/// The number a logged success registered, read back from a
/// ``pcare_bpjs_log`` row (its ``response_body_json``; other log columns
/// allowed), or ``None`` (no number, or a stored text that was cut).
///
/// >>> from bpjs_codec import logged_result_number
/// >>> logged_result_number({"response_body_json":
/// ...     '{"metaData":{"code":201},"response":{"field":"noKunjungan","message":"0301U0011126Y000123"}}'})
/// '0301U0011126Y000123'
/// >>> logged_result_number({"response_body_json": None}) is None
/// True
#[pyfunction]
#[pyo3(signature = (log_row))]
pub(crate) fn logged_result_number(py: Python<'_>, log_row: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    let log_row = convert(log_row, "log row")?;
    let number = gil::run(py, log_row.size, || audit::logged_result_number_json(&log_row.value)).into_py_result()?;
    Ok(number.as_str().map(str::to_owned))
}
