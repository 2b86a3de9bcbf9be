//! The PHP extension `bpjs_codec`: the bpjs-codec core as PHP functions.
//!
//! Every function converts PHP values, calls the core once, and maps a core
//! error to `BpjsCodecException` (`getKind()` = the core's kind string). No
//! protocol rule lives here. Argument order is the core's: (cons_id, secret,
//! timestamp, data). The audit functions (docs/audit.md) are in `audit.rs`.

#![cfg_attr(windows, feature(abi_vectorcall))]

mod array;
mod audit;
mod catalogue;
mod convert;
mod erm;
mod exception;
mod json_value;
mod resend;
mod service;

use bpjs_codec::{Credentials, HeaderRequest, Method, Processed, Service};
use ext_php_rs::binary_slice::BinarySlice;
use ext_php_rs::boxed::ZBox;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendHashTable, Zval};
use ext_php_rs::zend::ModuleEntry;
use ext_php_rs::{info_table_end, info_table_row, info_table_start};

use crate::exception::from_core;

fn new_array(capacity: u32) -> ZBox<ZendHashTable> {
    ZendHashTable::with_capacity(capacity)
}

fn insert(array: &mut ZendHashTable, key: &str, value: impl ext_php_rs::convert::IntoZval) -> PhpResult<()> {
    array.insert(key, value).map_err(|e| PhpException::from_message(e.to_string()))
}

/// Every header the service needs, in order, built from one timestamp
/// (returned as `X-timestamp`: decrypt the reply with it).
///
/// `$credentials`: `cons_id`, `secret`, `user_key`, `username`, `password`,
/// `app_code` (default "095"). `$timestamp`: int or decimal string, null = now.
/// `$method`: GET (default), POST, PUT, DELETE. `$content_type` replaces the
/// service's default (e.g. `text/plain` for PCare `kunjungan`).
#[php_function]
pub fn bpjs_build_headers(
    service: &str,
    credentials: &ZendHashTable,
    timestamp: Option<&Zval>,
    method: Option<&str>,
    content_type: Option<&str>,
) -> PhpResult<ZBox<ZendHashTable>> {
    let service: Service = service.parse().map_err(from_core)?;
    let method = method.map(|m| m.parse::<Method>().map_err(from_core)).transpose()?;
    let headers = headers(service, credentials, timestamp, method, content_type)?;
    let mut out = new_array(u32::try_from(headers.len()).unwrap_or(8));
    for (name, value) in headers {
        insert(&mut out, name, value)?;
    }
    Ok(out)
}

/// The headers of `bpjs_build_headers` (also `bpjs_request`'s), in order.
fn headers(
    service: Service,
    credentials: &ZendHashTable,
    timestamp: Option<&Zval>,
    method: Option<Method>,
    content_type: Option<&str>,
) -> PhpResult<Vec<(&'static str, String)>> {
    let creds = convert::credentials(credentials)?;
    let mut request = HeaderRequest::new(service, &creds);
    if let Some(ts) = timestamp.filter(|z| !z.is_null()) {
        request = request.timestamp(convert::timestamp(ts)?);
    }
    if let Some(method) = method {
        request = request.method(method);
    }
    if let Some(content_type) = content_type {
        request = request.content_type(content_type);
    }
    let headers = bpjs_codec::build_headers(&request).map_err(from_core)?;
    Ok(headers.iter().map(|(name, value)| (name, value.to_owned())).collect())
}

/// `X-signature`: base64(HMAC-SHA256(secret, cons_id + "&" + timestamp)).
#[php_function]
pub fn bpjs_signature(cons_id: &str, secret: &str, timestamp: &Zval) -> PhpResult<String> {
    let timestamp = convert::timestamp(timestamp)?;
    bpjs_codec::check_key_parts(cons_id, secret, timestamp.as_str()).map_err(from_core)?;
    Ok(bpjs_codec::signature(cons_id, secret, timestamp.as_str()))
}

/// `X-authorization`: "Basic " + base64(username:password:app_code);
/// `$app_code` null or empty = the core's default ("095").
#[php_function]
pub fn bpjs_authorization(username: &str, password: &str, app_code: Option<&str>) -> String {
    // The core decides what an absent or empty app_code means.
    let mut credentials = Credentials::default();
    credentials.app_code = app_code.map(str::to_owned);
    bpjs_codec::authorization(username, password, credentials.app_code())
}

/// Whether a header (any casing) carries a secret or a value derived from
/// one, and so must never be logged.
#[php_function]
pub fn bpjs_is_sensitive_header(name: &str) -> bool {
    bpjs_codec::is_sensitive_header(name)
}

/// The AES layer only: `$key` = cons_id . secret . timestamp (as the PHP
/// `stringDecrypt($key, $string)` helpers take it). Returns the lz-string text.
#[php_function]
pub fn bpjs_decrypt(key: &str, ciphertext: BinarySlice<u8>) -> PhpResult<String> {
    bpjs_codec::decrypt(key, *ciphertext).map_err(from_core)
}

/// `LZString.decompressFromEncodedURIComponent`, with the output cap (UTF-16
/// code units, default 32 Mi).
#[php_function]
pub fn bpjs_lz_decompress(text: BinarySlice<u8>, max_output: Option<i64>) -> PhpResult<String> {
    let limits = convert::limits(max_output)?;
    bpjs_codec::lz_decompress_with(*text, &limits).map_err(from_core)
}

/// `LZString.compressToEncodedURIComponent`: what BPJS does to a reply
/// before encrypting it (fixtures and tests).
#[php_function]
pub fn bpjs_lz_compress(text: &str) -> String {
    bpjs_codec::lz_compress(text)
}

/// Decrypts and decompresses a `response` string; returns the text (JSON
/// for every real BPJS response), not parsed.
#[php_function]
pub fn bpjs_decrypt_and_decompress(
    cons_id: &str,
    secret: &str,
    timestamp: &Zval,
    ciphertext: BinarySlice<u8>,
    max_output: Option<i64>,
) -> PhpResult<String> {
    let timestamp = convert::timestamp_text(timestamp, "timestamp")?;
    let limits = convert::limits(max_output)?;
    bpjs_codec::decrypt_and_decompress_with(cons_id, secret, &timestamp, *ciphertext, &limits).map_err(from_core)
}

/// A whole reply body: the envelope as `json_decode($decoded, true)` would
/// return it, with an encrypted `response` decoded in place; a plain string
/// `response` kept; a body that is not JSON returned as the string it was.
#[php_function]
pub fn bpjs_process_wrapper(
    cons_id: &str,
    secret: &str,
    timestamp: &Zval,
    body: BinarySlice<u8>,
    max_output: Option<i64>,
) -> PhpResult<Zval> {
    let timestamp = convert::timestamp_text(timestamp, "timestamp")?;
    let limits = convert::limits(max_output)?;
    let body: &[u8] = &body;
    let Ok(body) = std::str::from_utf8(body) else {
        // Not UTF-8, so not JSON (a gateway page in another charset): the core
        // would return it as text; it takes &str, so the binding does it here.
        bpjs_codec::process_wrapper_with(cons_id, secret, &timestamp, "", &limits).map_err(from_core)?;
        let mut raw = Zval::new();
        raw.set_binary(body.to_vec());
        return Ok(raw);
    };
    match bpjs_codec::process_wrapper_with(cons_id, secret, &timestamp, body, &limits).map_err(from_core)? {
        Processed::Json(text) => array::json_to_php(text).ok_or_else(|| {
            exception::throw_kind(
                bpjs_codec::ErrorKind::Json.as_str(),
                "json: the decoded envelope nests deeper than json_decode's limit of 512",
            )
        }),
        Processed::Text(text) => {
            let mut raw = Zval::new();
            raw.set_string(&text, false).map_err(|e| PhpException::from_message(e.to_string()))?;
            Ok(raw)
        }
    }
}

/// Whether a `response` string is ciphertext (decrypt it; a failure is an
/// error) or a plain value BPJS sends as it is (a SEP number, `OK`): the
/// core's rule, docs/decoding.md. `bpjs_process_wrapper` follows it.
#[php_function]
pub fn bpjs_is_ciphertext(response: BinarySlice<u8>) -> bool {
    bpjs_codec::is_ciphertext(&String::from_utf8_lossy(&response))
}

/// Status of an envelope (decoded array or JSON text):
/// `['code' => int|null, 'message' => string|null, 'ok' => bool]`.
#[php_function]
pub fn bpjs_metadata(envelope: &Zval) -> PhpResult<ZBox<ZendHashTable>> {
    let meta = if let Some(text) = envelope.str() {
        bpjs_codec::metadata_from_str(text)
    } else if envelope.is_array() {
        // Lenient: metadata reads two levels, so what JSON cannot hold
        // elsewhere in the array (NaN, a recursive array) is read as null.
        bpjs_codec::metadata(&json_value::from_zval_lenient(envelope))
    } else {
        return Err(exception::config("envelope: expected array or JSON string"));
    };
    let mut out = new_array(3);
    insert(&mut out, "code", meta.code)?;
    insert(&mut out, "message", meta.message)?;
    insert(&mut out, "ok", meta.ok)?;
    Ok(out)
}

/// What BPJS does to a response (lz-string, AES-256-CBC, base64): for
/// fixtures and tests.
#[php_function]
pub fn bpjs_compress_and_encrypt(cons_id: &str, secret: &str, timestamp: &Zval, text: &str) -> PhpResult<String> {
    let timestamp = convert::timestamp(timestamp)?;
    bpjs_codec::check_key_parts(cons_id, secret, timestamp.as_str()).map_err(from_core)?;
    Ok(bpjs_codec::compress_and_encrypt(cons_id, secret, timestamp.as_str(), text))
}

/// The search window of `bpjs_find_timestamp` when none is given: ten
/// minutes on each side (the same default in every host).
const DEFAULT_WINDOW_SECS: i64 = 600;

/// The timestamp (decimal string) a captured `response` was encrypted with,
/// searched `$window` seconds (default 600, at most one week) on each side of
/// `$around`; null when none decrypts it. A `response` that is not encrypted
/// at all throws (`base64`, `cipher_length`).
#[php_function]
pub fn bpjs_find_timestamp(
    cons_id: &str,
    secret: &str,
    ciphertext: BinarySlice<u8>,
    around: &Zval,
    window: Option<i64>,
) -> PhpResult<Option<String>> {
    let around = convert::timestamp_text(around, "around")?;
    let around = bpjs_codec::Timestamp::parse(&around)
        .map_err(from_core)?
        .secs()
        .ok_or_else(|| exception::config("around: the timestamp does not fit in 64 bits"))?;
    let window = u64::try_from(window.unwrap_or(DEFAULT_WINDOW_SECS))
        .map_err(|_| exception::config("window: must not be negative"))?;
    let found = bpjs_codec::find_timestamp(cons_id, secret, *ciphertext, around, window).map_err(from_core)?;
    Ok(found.map(|timestamp| timestamp.as_str().to_owned()))
}

/// The `phpinfo()` / `php -i` section. Called by the engine outside any PHP
/// call: a panic (none is expected) stops here.
extern "C" fn module_info(_module: *mut ModuleEntry) {
    let _ = std::panic::catch_unwind(|| {
        info_table_start!();
        info_table_row!("bpjs_codec support", "enabled");
        info_table_row!("bpjs_codec version", env!("CARGO_PKG_VERSION"));
        info_table_end!();
    });
}

/// Module startup (MINIT): registers the exception class and the endpoint
/// constants. Outside any PHP call, so a panic is caught here and reported as
/// a failed startup.
extern "C" fn startup(_type: i32, module_number: i32) -> i32 {
    const SUCCESS: i32 = 0;
    const FAILURE: i32 = -1;
    let registered =
        std::panic::catch_unwind(|| exception::register().and_then(|()| catalogue::register_constants(module_number)));
    match registered {
        Ok(Ok(())) => SUCCESS,
        _ => FAILURE,
    }
}

#[php_module]
#[php(startup = startup)]
pub fn get_module(module: ModuleBuilder) -> ModuleBuilder {
    let module = module
        .name("bpjs_codec")
        .version(env!("CARGO_PKG_VERSION"))
        .info_function(module_info)
        .function(wrap_function!(bpjs_build_headers))
        .function(wrap_function!(bpjs_signature))
        .function(wrap_function!(bpjs_authorization))
        .function(wrap_function!(bpjs_is_sensitive_header))
        .function(wrap_function!(bpjs_decrypt))
        .function(wrap_function!(bpjs_lz_decompress))
        .function(wrap_function!(bpjs_lz_compress))
        .function(wrap_function!(bpjs_decrypt_and_decompress))
        .function(wrap_function!(bpjs_process_wrapper))
        .function(wrap_function!(bpjs_metadata))
        .function(wrap_function!(bpjs_compress_and_encrypt))
        .function(wrap_function!(bpjs_find_timestamp))
        .function(wrap_function!(bpjs_is_ciphertext));
    let module = audit::register(service::register(module));
    erm::register(catalogue::register(resend::register(module)))
}
