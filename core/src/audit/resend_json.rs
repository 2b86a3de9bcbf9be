//! The send-state and resend functions with JSON objects in and out, for the
//! bindings: the same keys (the `pcare_send_attempts` column names) in every
//! host, `config` errors naming the key, never the value. Times are Unix
//! seconds: the host converts its own clock and datetime columns.

use serde_json::{json, Map, Value};

use super::json::{retry_policy_from_json, Fields};
use super::record::logged_result_number;
use super::redact::RedactOptions;
use super::resend::{
    resend_plan, shown_endpoint, stale_limits, LoggedSuccess, ResendContext, ResendPlan, ResendRow, StaleSettings,
    MIN_DEADLINE_SECS, MIN_MARGIN_SECS, MIN_WINDOW_SECS, RESULT_ALREADY_SENT, RESULT_FAILED, RESULT_NOT_SENT,
    RESULT_SENT,
};
use super::send_state::{send_state, AttemptOutcome, AttemptRecord, SendState, SendStatus, SentBy, MAX_UNIX_SECS};
use crate::error::{Error, Result};
use crate::service::{Method, Service};

const STATE_KEYS: &[&str] = &[
    "status",
    "method",
    "attempts",
    "next_attempt_at",
    "result_number",
    "last_http_status",
    "last_meta_code",
    "last_error",
];

fn meta_code(fields: &Fields<'_>, key: &'static str) -> Result<Option<i64>> {
    fields.get(key).map(|v| v.as_i64().ok_or_else(|| fields.wrong(key, "a whole number"))).transpose()
}

fn http_status(fields: &Fields<'_>, key: &'static str) -> Result<Option<u16>> {
    Ok(fields.uint(key, 999)?.map(|s| s as u16))
}

fn service(fields: &Fields<'_>) -> Result<Option<Service>> {
    fields
        .str("service")?
        .map(|name| name.parse::<Service>().map_err(|_| fields.wrong("service", "one of the service names")))
        .transpose()
}

/// A `pcare_send_attempts` row's state from `{status, method, attempts,
/// next_attempt_at, result_number, last_http_status, last_meta_code,
/// last_error}`; `None` for null (no row yet).
fn state_from_json(row: Option<&Value>) -> Result<Option<SendState>> {
    if row.is_none_or(Value::is_null) {
        return Ok(None);
    }
    let fields = Fields::new("send row", row, STATE_KEYS)?;
    let status = fields.required_str("status")?;
    let status = SendStatus::parse(status).ok_or_else(|| fields.wrong("status", "failed, sending or sent"))?;
    Ok(Some(SendState {
        status,
        method: fields.method()?,
        attempts: fields.uint("attempts", u64::from(u32::MAX))?.unwrap_or(0) as u32,
        next_attempt_at: fields.uint("next_attempt_at", MAX_UNIX_SECS)?,
        result_number: fields.str("result_number")?.map(str::to_owned),
        last_http_status: http_status(&fields, "last_http_status")?,
        last_meta_code: meta_code(&fields, "last_meta_code")?,
        last_error: fields.str("last_error")?.map(str::to_owned),
    }))
}

fn state_to_json(state: &SendState) -> Map<String, Value> {
    let value = json!({
        "status": state.status.as_str(),
        "method": state.method.as_str(),
        "attempts": state.attempts,
        "next_attempt_at": state.next_attempt_at,
        "result_number": state.result_number,
        "last_http_status": state.last_http_status,
        "last_meta_code": state.last_meta_code,
        "last_error": state.last_error,
    });
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// The audit row columns an attempt's `record` may hold (what
/// `audit_record` returned, plus the `attempt` and `created_at` hosts add).
const RECORD_KEYS: &[&str] = &[
    "service",
    "method",
    "endpoint",
    "status",
    "http_status",
    "meta_code",
    "meta_message",
    "error_kind",
    "duration_ms",
    "request_payload",
    "response_body_raw",
    "response_body_json",
    "payload_hash",
    "correlation_id",
    "triggered_by",
    "no_rawat",
    "result_number",
    "attempt",
    "created_at",
];

fn record_from_json(record: Option<&Value>) -> Result<AttemptRecord> {
    let fields = Fields::new("attempt record", record, RECORD_KEYS)?;
    let status = fields.required_str("status")?;
    if status != "success" && status != "failed" {
        return Err(fields.wrong("status", "success or failed"));
    }
    Ok(AttemptRecord {
        success: status == "success",
        http_status: http_status(&fields, "http_status")?,
        meta_code: meta_code(&fields, "meta_code")?,
        meta_message: fields.str("meta_message")?.map(str::to_owned),
        error_kind: fields.error_kind()?,
        result_number: fields.str("result_number")?.map(str::to_owned),
    })
}

const ATTEMPT_KEYS: &[&str] = &["by", "outcome", "method", "record", "http_status", "now"];

/// The outcome and `now` from `{outcome: "answered"|"interrupted"|"not_sent",
/// record (answered), http_status (interrupted, optional), now}`.
fn outcome_from_json(fields: &Fields<'_>) -> Result<(AttemptOutcome, u64)> {
    let now = fields.uint("now", MAX_UNIX_SECS)?.ok_or_else(|| fields.wrong("now", "Unix seconds"))?;
    let has_record = fields.get("record").is_some();
    let outcome = match fields.required_str("outcome")? {
        "answered" => AttemptOutcome::Answered(record_from_json(fields.get("record"))?),
        "interrupted" if !has_record => AttemptOutcome::Interrupted(http_status(fields, "http_status")?),
        "not_sent" if !has_record => AttemptOutcome::NotSent,
        "interrupted" | "not_sent" => return Err(fields.wrong("record", "given only when outcome is answered")),
        _ => return Err(fields.wrong("outcome", "answered, interrupted or not_sent")),
    };
    if fields.get("http_status").is_some() && !matches!(outcome, AttemptOutcome::Interrupted(_)) {
        return Err(fields.wrong("http_status", "given only when outcome is interrupted (the record has it)"));
    }
    Ok((outcome, now))
}

fn state_result(result: Option<(SendState, &'static str)>, existed: bool) -> Value {
    match result {
        None => json!({"write": "none", "reason": "nothing was sent and there is no row"}),
        Some((state, reason)) => {
            let mut out = Map::new();
            out.insert("write".into(), Value::from(if existed { "update" } else { "insert" }));
            out.extend(state_to_json(&state));
            out.insert("reason".into(), Value::from(reason));
            Value::Object(out)
        }
    }
}

/// [`send_state`] for the application's own send or a resend:
/// `row` is null (no row yet) or `{status, method, attempts, next_attempt_at,
/// result_number, last_http_status, last_meta_code, last_error}`;
/// `attempt` is `{by: "send"|"resend", outcome: "answered"|"interrupted"|"not_sent",
/// method (as sent), record (the attempt's audit row; answered only),
/// http_status (interrupted only, optional), now (Unix seconds)}`; `policy`
/// is the retry policy (`max_attempts`, `schedule_secs`). Returns
/// `{write: "insert"|"update"|"none", status, method, attempts,
/// next_attempt_at, result_number, last_http_status, last_meta_code,
/// last_error, reason}` (only `write` and `reason` when `none`).
pub fn send_state_json(row: &Value, attempt: &Value, policy: Option<&Value>) -> Result<Value> {
    let policy = retry_policy_from_json(policy)?;
    let state = state_from_json(Some(row))?;
    let fields = Fields::new("send attempt", Some(attempt), ATTEMPT_KEYS)?;
    let by = match fields.required_str("by")? {
        "send" => SentBy::Application,
        "resend" => SentBy::Resend,
        _ => return Err(fields.wrong("by", "send or resend")),
    };
    let method = fields.method()?;
    let (outcome, now) = outcome_from_json(&fields)?;
    let existed = state.is_some();
    Ok(state_result(send_state(state.as_ref(), by, method, &outcome, now, None, &policy), existed))
}

const PLAN_ROW_KEYS: &[&str] = &["service", "method", "endpoint", "payload", "result_number"];
const CONTEXT_KEYS: &[&str] = &["services", "logged_success", "accepted_no_kunjungan", "secret_values"];
const LOGGED_KEYS: &[&str] = &["http_status", "meta_code", "response_body_json"];

/// [`resend_plan`] from `row` `{service, method, endpoint, payload (the
/// stored JSON text), result_number}` and `context` `{services (list the
/// host can send; absent: any), logged_success (null, or the logged
/// success's `{http_status, meta_code, response_body_json}`),
/// accepted_no_kunjungan, secret_values}`. Returns `{action:
/// "already_sent"|"send"|"refuse", result (the per-row word, null for
/// send), method, endpoint (to send, as stored), body (text to send
/// exactly, or null), shown_endpoint (masked: for results and output),
/// switched_to (the noKunjungan of a POST switched to PUT, else null),
/// state (the row's new columns when nothing is sent, else null), reason}`.
pub fn resend_plan_json(row: &Value, context: Option<&Value>) -> Result<Value> {
    let fields = Fields::new("resend row", Some(row), PLAN_ROW_KEYS)?;
    let context_fields = Fields::new("resend context", context, CONTEXT_KEYS)?;
    let services = context_fields
        .strings("services")?
        .map(|names| {
            names
                .iter()
                .map(|n| n.parse::<Service>())
                .collect::<Result<Vec<_>>>()
                .map_err(|_| context_fields.wrong("services", "a list of service names"))
        })
        .transpose()?;
    let logged_success = match context_fields.get("logged_success") {
        None => None,
        Some(logged) => {
            let logged = Fields::new("logged_success", Some(logged), LOGGED_KEYS)?;
            Some(LoggedSuccess {
                http_status: http_status(&logged, "http_status")?,
                meta_code: meta_code(&logged, "meta_code")?,
                result_number: logged.str("response_body_json")?.and_then(logged_result_number),
            })
        }
    };
    let endpoint = fields.required_str("endpoint")?;
    let result_number = fields.str("result_number")?;
    let plan_row = ResendRow {
        service: service(&fields)?,
        method: fields.method()?,
        endpoint,
        payload: fields.str("payload")?,
        result_number,
    };
    let context = ResendContext {
        services: services.as_deref(),
        logged_success,
        accepted_no_kunjungan: context_fields.str("accepted_no_kunjungan")?,
    };
    let options =
        RedactOptions::default().with_secret_values(context_fields.strings("secret_values")?.unwrap_or_default());
    let shown = shown_endpoint(endpoint, &options);
    let out = match resend_plan(&plan_row, &context) {
        ResendPlan::AlreadySent(logged) => json!({
            "action": "already_sent", "result": RESULT_ALREADY_SENT, "method": plan_row.method.as_str(),
            "endpoint": endpoint, "body": null, "shown_endpoint": shown, "switched_to": null,
            "state": {
                "status": "sent", "next_attempt_at": null, "last_error": null,
                "result_number": logged.result_number.as_deref().or(result_number),
                "last_http_status": logged.http_status, "last_meta_code": logged.meta_code,
            },
            "reason": "accepted before (a success is logged for the same write): nothing sent",
        }),
        ResendPlan::Send { method, endpoint: to_send, body, switched_to } => {
            let shown = shown_endpoint(&to_send, &options);
            json!({
            "action": "send", "result": null, "method": method.as_str(), "endpoint": to_send, "body": body,
            "shown_endpoint": shown, "switched_to": switched_to,
            "state": null,
            "reason": if switched_to.is_some() {
                "the visit already has an accepted noKunjungan: the create is sent as its update"
            } else {
                "sent again as stored (the duplicate check is done)"
            },
            })
        }
        ResendPlan::Refuse { result, reason } => json!({
            "action": "refuse", "result": result, "method": plan_row.method.as_str(), "endpoint": endpoint,
            "body": null, "shown_endpoint": shown, "switched_to": null,
            "state": {"status": "failed", "next_attempt_at": null, "last_error": reason},
            "reason": reason,
        }),
    };
    Ok(out)
}

/// The keys of a plan, in the order every plan is written (hosts compare it).
const PLAN_KEYS: &[&str] =
    &["action", "result", "method", "endpoint", "body", "shown_endpoint", "switched_to", "state", "reason"];
const OUTCOME_KEYS: &[&str] = &["outcome", "record", "http_status", "now"];

/// The outcome of a resend that sent: `row` is the row's state as taken
/// (the keys of [`send_state_json`]'s `row`), `plan` the `send` plan
/// [`resend_plan_json`] returned (as it returned it), `attempt`
/// `{outcome, record, http_status, now}` as in [`send_state_json`].
/// Returns `{result: "sent"|"failed"|"not_sent", message (last_error, or
/// null), shown_endpoint, switched_to, state: {the row's new columns, as
/// send_state_json}, reason}`.
pub fn resend_outcome_json(row: &Value, plan: &Value, attempt: &Value, policy: Option<&Value>) -> Result<Value> {
    let policy = retry_policy_from_json(policy)?;
    let state = state_from_json(Some(row))?.ok_or_else(|| Error::config("resend outcome: row is required"))?;
    let plan_fields = Fields::new("resend plan", Some(plan), PLAN_KEYS)?;
    if plan_fields.str("action")? != Some("send") {
        return Err(plan_fields.wrong("action", "send (only a plan that sends has an outcome)"));
    }
    let sent_as: Method = plan_fields.method()?;
    let switched_to = plan_fields.str("switched_to")?;
    let fields = Fields::new("resend attempt", Some(attempt), OUTCOME_KEYS)?;
    let (outcome, now) = outcome_from_json(&fields)?;
    let result = match &outcome {
        AttemptOutcome::Answered(record) if record.success => RESULT_SENT,
        AttemptOutcome::NotSent => RESULT_NOT_SENT,
        _ => RESULT_FAILED,
    };
    let (after, reason) = send_state(Some(&state), SentBy::Resend, sent_as, &outcome, now, switched_to, &policy)
        .ok_or_else(|| Error::config("resend outcome: row is required"))?;
    let message = if result == RESULT_SENT { None } else { after.last_error.clone() };
    Ok(json!({
        "result": result,
        "message": message,
        "shown_endpoint": plan_fields.get("shown_endpoint"),
        "switched_to": switched_to,
        "state": Value::Object(state_to_json(&after)),
        "reason": reason,
    }))
}

const STALE_KEYS: &[&str] = &["deadline_secs", "attempts", "margin_secs", "window_secs"];

/// [`stale_limits`] from `{deadline_secs (60), attempts (1), margin_secs
/// (60), window_secs (600)}` (absent keys: the defaults) to
/// `{row_stale_secs, lock_stale_secs, window_secs}`.
pub fn stale_limits_json(settings: Option<&Value>) -> Result<Value> {
    let fields = Fields::new("stale settings", settings, STALE_KEYS)?;
    let mut out = StaleSettings::default();
    let day = 86_400;
    // Each value within [min, max]; below the minimum is refused, never
    // raised silently: a zero would let a second worker take a row in flight.
    let bounded = |key: &'static str, min: u64, max: u64, what: &'static str| -> Result<Option<u64>> {
        match fields.uint(key, max) {
            Ok(Some(v)) if v < min => Err(fields.wrong(key, what)),
            Ok(v) => Ok(v),
            Err(_) => Err(fields.wrong(key, what)),
        }
    };
    if let Some(v) = bounded("deadline_secs", MIN_DEADLINE_SECS, day, "whole seconds from 1 to 86400")? {
        out.deadline_secs = v;
    }
    if let Some(v) = bounded("attempts", 1, 100, "a whole number from 1 to 100")? {
        out.attempts = v;
    }
    if let Some(v) = bounded("margin_secs", MIN_MARGIN_SECS, day, "whole seconds from 30 to 86400")? {
        out.margin_secs = v;
    }
    if let Some(v) = bounded("window_secs", MIN_WINDOW_SECS, day, "whole seconds from 1 to 86400")? {
        out.window_secs = v;
    }
    let limits = stale_limits(&out);
    Ok(json!({
        "row_stale_secs": limits.row_stale_secs,
        "lock_stale_secs": limits.lock_stale_secs,
        "window_secs": limits.window_secs,
    }))
}

/// [`logged_result_number`] from a log row `{response_body_json}` (other
/// log columns allowed): the number a logged success registered, or null.
pub fn logged_result_number_json(log_row: &Value) -> Result<Value> {
    let fields = Fields::new("log row", Some(log_row), RECORD_KEYS)?;
    Ok(fields.str("response_body_json")?.and_then(logged_result_number).map_or(Value::Null, Value::String))
}
