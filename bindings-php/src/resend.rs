//! The send-state and resend rules (docs/audit.md, "Send state" and
//! "Resend"): PHP arrays in, the core's `*_json` decisions, PHP arrays out.
//! The host keeps only the SQL, the locks and the HTTP call.

use bpjs_codec::audit;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendHashTable, Zval};
use serde_json::Value;

use crate::exception::from_core;
use crate::json_value::{object_from_array, to_zval};

/// The `pcare_send_attempts` columns to write after one attempt of a write:
/// `['write' => 'insert'|'update'|'none', 'status', 'method', 'attempts',
/// 'next_attempt_at', 'result_number', 'last_http_status', 'last_meta_code',
/// 'last_error', 'reason']` (only `write` and `reason` when `none`).
///
/// `$row`: null (no row yet) or the row's `status`, `method`, `attempts`,
/// `next_attempt_at` (Unix seconds), `result_number`, `last_http_status`,
/// `last_meta_code`, `last_error`. `$attempt`: `by` (send | resend),
/// `outcome` (answered | interrupted | not_sent), `method` (as sent),
/// `record` (the attempt's `bpjs_audit_record` row, when answered),
/// `http_status` (interrupted only), `now` (Unix seconds). `$policy`: as for
/// `bpjs_retry_decision`.
#[php_function]
pub fn bpjs_send_state(
    row: Option<&ZendHashTable>,
    attempt: &ZendHashTable,
    policy: Option<&ZendHashTable>,
) -> PhpResult<Zval> {
    let row = object_from_array(row, "send row")?.unwrap_or(Value::Null);
    let attempt = object_from_array(Some(attempt), "send attempt")?.unwrap_or_default();
    let policy = object_from_array(policy, "retry policy")?;
    to_zval(&audit::send_state_json(&row, &attempt, policy.as_ref()).map_err(from_core)?)
}

/// What a resend does with one taken row: `['action' =>
/// 'already_sent'|'send'|'refuse', 'result', 'method', 'endpoint', 'body',
/// 'shown_endpoint', 'switched_to', 'state', 'reason']`. Show
/// `shown_endpoint` (masked), never `endpoint`, in results and output.
///
/// `$row`: `service`, `method`, `endpoint`, `payload` (the stored JSON text),
/// `result_number`. `$context`: `services` (what this host can send; absent:
/// any), `logged_success` (null, or the logged success's `http_status`,
/// `meta_code`, `response_body_json`), `accepted_no_kunjungan`, `secret_values`.
#[php_function]
pub fn bpjs_resend_plan(row: &ZendHashTable, context: Option<&ZendHashTable>) -> PhpResult<Zval> {
    let row = object_from_array(Some(row), "resend row")?.unwrap_or_default();
    let context = object_from_array(context, "resend context")?;
    to_zval(&audit::resend_plan_json(&row, context.as_ref()).map_err(from_core)?)
}

/// The outcome of a resend that sent: `['result' => 'sent'|'failed'|'not_sent',
/// 'message', 'shown_endpoint', 'switched_to', 'state', 'reason']`; write
/// `state` to the row.
///
/// `$row`: the row's state as taken (the keys of `bpjs_send_state`'s `$row`);
/// `$plan`: the `send` plan `bpjs_resend_plan` returned, as it returned it;
/// `$attempt`: `outcome`, `record`, `http_status`, `now` as in `bpjs_send_state`.
#[php_function]
pub fn bpjs_resend_outcome(
    row: Option<&ZendHashTable>,
    plan: &ZendHashTable,
    attempt: &ZendHashTable,
    policy: Option<&ZendHashTable>,
) -> PhpResult<Zval> {
    // Null is the core's `config` error ("row is required"), as in every host.
    let row = object_from_array(row, "send row")?.unwrap_or(Value::Null);
    let plan = object_from_array(Some(plan), "resend plan")?.unwrap_or_default();
    let attempt = object_from_array(Some(attempt), "resend attempt")?.unwrap_or_default();
    let policy = object_from_array(policy, "retry policy")?;
    to_zval(&audit::resend_outcome_json(&row, &plan, &attempt, policy.as_ref()).map_err(from_core)?)
}

/// `['row_stale_secs' => int, 'lock_stale_secs' => int, 'window_secs' => int]`
/// from `deadline_secs` (60), `attempts` (1), `margin_secs` (60),
/// `window_secs` (600): a `sending` row older than `row_stale_secs` was left
/// by a killed worker; the per-visit lock expires after `lock_stale_secs`.
#[php_function]
pub fn bpjs_stale_limits(settings: Option<&ZendHashTable>) -> PhpResult<Zval> {
    let settings = object_from_array(settings, "stale settings")?;
    to_zval(&audit::stale_limits_json(settings.as_ref()).map_err(from_core)?)
}

/// The number a logged success registered (`noKunjungan`, `noUrut`, `noSep`),
/// read from a `pcare_bpjs_log` row's `response_body_json`; null when there
/// is none or the stored text was cut.
#[php_function]
pub fn bpjs_logged_result_number(log_row: &ZendHashTable) -> PhpResult<Option<String>> {
    let log_row = object_from_array(Some(log_row), "log row")?.unwrap_or_default();
    match audit::logged_result_number_json(&log_row).map_err(from_core)? {
        Value::String(number) => Ok(Some(number)),
        _ => Ok(None),
    }
}

/// Adds the functions above (`wrap_function!` needs their generated types,
/// which are private to this module).
pub fn register(module: ModuleBuilder) -> ModuleBuilder {
    module
        .function(wrap_function!(bpjs_send_state))
        .function(wrap_function!(bpjs_resend_plan))
        .function(wrap_function!(bpjs_resend_outcome))
        .function(wrap_function!(bpjs_stale_limits))
        .function(wrap_function!(bpjs_logged_result_number))
}
