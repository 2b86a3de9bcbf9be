//! WebAssembly exports of bpjs-codec for the npm package `bpjs-codec`.
//!
//! This crate only converts types: every rule (headers, key derivation,
//! decoding policy, envelope handling, error kinds) is in the core crate. The
//! public JavaScript API (camelCase, `BpjsCodecError` with `.kind`, argument
//! checks, `JSON.parse` of decoded envelopes) is the hand-written wrapper in
//! `npm/index.cjs`; the exports below are its private back end.
//!
//! Conventions of the exports:
//! * errors are thrown as the string `"<kind>: <message>"` (the core's
//!   `Display`); the wrapper turns it into a `BpjsCodecError` with `.kind`.
//!   Messages come from the core and never contain a secret.
//! * timestamps arrive as decimal strings: the wrapper converts numbers, and
//!   passes the clock when the caller gave none (`std::time` is not available
//!   on wasm32-unknown-unknown, so the core's `Timestamp::now` is never used).
//! * payloads (ciphertexts, bodies) arrive as UTF-8 bytes (`_bytes`): the
//!   wrapper encodes a JS string natively and passes a `Uint8Array` as it is,
//!   one copy into wasm memory; the decoded text comes back as one string.
//!   `decrypt_and_decompress_str` and `process_wrapper_str` (wasm-bindgen's
//!   own string passing) are kept for `bench/decode.mjs`, which measured the
//!   two routes: bytes are 5-10 % faster on the 1 MB vector.

mod audit;
mod catalogue;
mod erm;

use std::str::FromStr;

use bpjs_codec::{
    build_headers as core_build_headers, AesCbcDecrypt, Credentials, Error, ErrorKind, HeaderRequest, HostAesError,
    Limits, Method, Processed, Service, Timestamp,
};
use wasm_bindgen::prelude::*;

/// Node's AES-256-CBC for the raw block step (see `npm/aes.cjs`): WebAssembly
/// has no AES instructions, and the software AES was most of the gap to the
/// native core. Only the block step crosses; the core keeps the rest.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen(module = "/npm/aes.cjs")]
extern "C" {
    #[wasm_bindgen(js_name = aesCbcDecrypt)]
    fn node_aes_cbc_decrypt(key: &[u8], iv: &[u8], data: &mut [u8]) -> bool;
}

struct HostAes;

impl AesCbcDecrypt for HostAes {
    #[cfg(target_arch = "wasm32")]
    fn decrypt_cbc(&self, key: &[u8; 32], iv: &[u8; 16], buf: &mut [u8]) -> Result<(), HostAesError> {
        if node_aes_cbc_decrypt(key, iv, buf) {
            Ok(())
        } else {
            Err(HostAesError)
        }
    }

    // Native `cargo test` of this crate: no Node to call.
    #[cfg(not(target_arch = "wasm32"))]
    fn decrypt_cbc(&self, key: &[u8; 32], iv: &[u8; 16], buf: &mut [u8]) -> Result<(), HostAesError> {
        bpjs_codec::BuiltinAes.decrypt_cbc(key, iv, buf)
    }
}

type JsResult<T> = Result<T, String>;

/// The thrown value: `"<kind>: <message>"`.
fn thrown(error: Error) -> String {
    error.to_string()
}

fn limits(max_output: Option<u32>) -> Limits {
    match max_output {
        Some(max) => Limits::new(max as usize),
        None => Limits::default(),
    }
}

/// The timestamp checks of the core, for the functions whose core
/// counterpart takes the timestamp unchecked (`signature`, `compress_and_encrypt`).
fn checked_timestamp(timestamp: &str) -> JsResult<Timestamp> {
    Timestamp::parse(timestamp).map_err(thrown)
}

/// Every error kind string, in the core's order.
#[wasm_bindgen]
pub fn error_kinds() -> Vec<String> {
    ErrorKind::ALL.iter().map(|kind| kind.as_str().to_owned()).collect()
}

/// Every service name, in the core's order.
#[wasm_bindgen]
pub fn services() -> Vec<String> {
    Service::ALL.iter().map(|service| service.name().to_owned()).collect()
}

#[wasm_bindgen]
pub fn default_max_output() -> u32 {
    u32::try_from(bpjs_codec::DEFAULT_MAX_OUTPUT).unwrap_or(u32::MAX)
}

/// Bytes of WebAssembly linear memory. It grows to the largest working set
/// (the biggest reply decoded so far) and never shrinks: WebAssembly has no
/// way to give memory back. For the memory tests and the soak run.
#[wasm_bindgen]
pub fn memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    let pages = core::arch::wasm32::memory_size(0);
    #[cfg(not(target_arch = "wasm32"))]
    let pages = 0;
    pages as f64 * 65536.0
}

/// Whether a `response` string is ciphertext (the core's rule, docs/decoding.md).
#[wasm_bindgen]
pub fn is_ciphertext(response: &str) -> bool {
    bpjs_codec::is_ciphertext(response)
}

#[wasm_bindgen]
pub fn is_sensitive_header(name: &str) -> bool {
    bpjs_codec::is_sensitive_header(name)
}

/// The request headers, as a flat `[name, value, name, value, ...]` list in
/// the core's order (the wrapper builds the object).
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen]
pub fn build_headers(
    service: &str,
    cons_id: String,
    secret: String,
    user_key: Option<String>,
    username: Option<String>,
    password: Option<String>,
    app_code: Option<String>,
    timestamp: &str,
    method: Option<String>,
    content_type: Option<String>,
) -> JsResult<Vec<String>> {
    let service = Service::from_str(service).map_err(thrown)?;
    let credentials = Credentials { cons_id, secret, user_key, username, password, app_code };
    let mut request = HeaderRequest::new(service, &credentials).timestamp(checked_timestamp(timestamp)?);
    if let Some(method) = method {
        request = request.method(Method::from_str(&method).map_err(thrown)?);
    }
    if let Some(content_type) = content_type {
        request = request.content_type(content_type);
    }
    let headers = core_build_headers(&request).map_err(thrown)?;
    let mut flat = Vec::with_capacity(headers.len() * 2);
    for (name, value) in headers.iter() {
        flat.push(name.to_owned());
        flat.push(value.to_owned());
    }
    Ok(flat)
}

#[wasm_bindgen]
pub fn signature(cons_id: &str, secret: &str, timestamp: &str) -> JsResult<String> {
    bpjs_codec::check_key_parts(cons_id, secret, timestamp).map_err(thrown)?;
    Ok(bpjs_codec::signature(cons_id, secret, timestamp))
}

/// `X-authorization`; the core decides what an absent or empty app code means.
#[wasm_bindgen]
pub fn authorization(username: &str, password: &str, app_code: Option<String>) -> String {
    let mut credentials = Credentials::default();
    credentials.app_code = app_code;
    bpjs_codec::authorization(username, password, credentials.app_code())
}

/// The URL path of a service below the BPJS host, production or development.
#[wasm_bindgen]
pub fn service_path(service: &str, development: bool) -> JsResult<String> {
    let service = Service::from_str(service).map_err(thrown)?;
    let path = if development { service.development_path() } else { service.production_path() };
    Ok(path.to_owned())
}

/// The service name a configured base URL points at, or `None`.
#[wasm_bindgen]
pub fn service_from_url(url: &str) -> Option<String> {
    Service::from_base_url(url).map(|service| service.name().to_owned())
}

#[wasm_bindgen]
pub fn decrypt_bytes(key_material: &str, ciphertext: &[u8]) -> JsResult<String> {
    bpjs_codec::decrypt_using(&HostAes, key_material, ciphertext).map_err(thrown)
}

#[wasm_bindgen]
pub fn lz_decompress_bytes(text: &[u8], max_output: Option<u32>) -> JsResult<String> {
    bpjs_codec::lz_decompress_with(text, &limits(max_output)).map_err(thrown)
}

/// `LZString.compressToEncodedURIComponent`.
#[wasm_bindgen]
pub fn lz_compress(text: &str) -> String {
    bpjs_codec::lz_compress(text)
}

#[wasm_bindgen]
pub fn decrypt_and_decompress_str(
    cons_id: &str,
    secret: &str,
    timestamp: &str,
    ciphertext: &str,
    max_output: Option<u32>,
) -> JsResult<String> {
    bpjs_codec::decrypt_and_decompress_using(&HostAes, cons_id, secret, timestamp, ciphertext, &limits(max_output))
        .map_err(thrown)
}

#[wasm_bindgen]
pub fn decrypt_and_decompress_bytes(
    cons_id: &str,
    secret: &str,
    timestamp: &str,
    ciphertext: &[u8],
    max_output: Option<u32>,
) -> JsResult<String> {
    bpjs_codec::decrypt_and_decompress_using(&HostAes, cons_id, secret, timestamp, ciphertext, &limits(max_output))
        .map_err(thrown)
}

/// `Some(json text)` for JSON (the wrapper parses it once); `None` when the
/// body is not JSON, in which case the wrapper returns the body it already holds.
fn processed(result: bpjs_codec::Result<Processed>) -> JsResult<Option<String>> {
    match result.map_err(thrown)? {
        Processed::Json(text) => Ok(Some(text)),
        Processed::Text(_) => Ok(None),
    }
}

#[wasm_bindgen]
pub fn process_wrapper_str(
    cons_id: &str,
    secret: &str,
    timestamp: &str,
    body: &str,
    max_output: Option<u32>,
) -> JsResult<Option<String>> {
    processed(bpjs_codec::process_wrapper_using(&HostAes, cons_id, secret, timestamp, body, &limits(max_output)))
}

/// The body bytes as they came; the core's body rule (a leading byte order
/// mark ignored, bytes that are not UTF-8 returned as text) applies.
#[wasm_bindgen]
pub fn process_wrapper_bytes(
    cons_id: &str,
    secret: &str,
    timestamp: &str,
    body: &[u8],
    max_output: Option<u32>,
) -> JsResult<Option<String>> {
    processed(bpjs_codec::process_wrapper_using(&HostAes, cons_id, secret, timestamp, body, &limits(max_output)))
}

/// The timestamp (decimal string) whose key decrypts `ciphertext`, searching
/// `window` seconds around `around`; `None` when none does. The search is the
/// core's (last-block padding screen, then the whole plaintext).
#[wasm_bindgen]
pub fn find_timestamp(
    cons_id: &str,
    secret: &str,
    ciphertext: &[u8],
    around: &str,
    window: u32,
) -> JsResult<Option<String>> {
    let around = checked_timestamp(around)?.secs().ok_or_else(|| "config: timestamp: out of range".to_owned())?;
    let found = bpjs_codec::find_timestamp(cons_id, secret, ciphertext, around, u64::from(window)).map_err(thrown)?;
    Ok(found.map(|timestamp| timestamp.as_str().to_owned()))
}

#[wasm_bindgen]
pub fn max_window_secs() -> u32 {
    u32::try_from(bpjs_codec::MAX_WINDOW_SECS).unwrap_or(u32::MAX)
}

/// The normalised status as JSON text `{"code":..,"message":..,"ok":..}`.
#[wasm_bindgen]
pub fn metadata(envelope_text: &str) -> String {
    let status = bpjs_codec::metadata_from_str(envelope_text);
    serde_json::json!({ "code": status.code, "message": status.message, "ok": status.ok }).to_string()
}

#[wasm_bindgen]
pub fn compress_and_encrypt(cons_id: &str, secret: &str, timestamp: &str, text: &str) -> JsResult<String> {
    bpjs_codec::check_key_parts(cons_id, secret, timestamp).map_err(thrown)?;
    Ok(bpjs_codec::compress_and_encrypt(cons_id, secret, timestamp, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_kind_prefixed() {
        let err = decrypt_bytes("k", b"AAAA").unwrap_err();
        assert!(err.starts_with("cipher_length: "), "{err}");
        assert!(signature("", "s", "1").unwrap_err().starts_with("config: cons_id"));
        assert!(signature("c", "s", "1.5").unwrap_err().starts_with("config: timestamp"));
    }

    #[test]
    fn service_names_and_paths_cross_as_strings() {
        assert_eq!(service_path("vclaim", false).unwrap(), "vclaim-rest");
        assert_eq!(service_path("antreanrs", true).unwrap(), "antreanrs_dev");
        assert!(service_path("sep", false).unwrap_err().starts_with("config: service"));
        assert_eq!(
            service_from_url("https://apijkn.bpjs-kesehatan.go.id/wsihs/api/pcare").as_deref(),
            Some("icare-fktp")
        );
        assert_eq!(service_from_url("https://example.org/"), None);
        assert_eq!(authorization("u", "p", None), authorization("u", "p", Some(String::new())));
    }

    #[test]
    fn headers_are_flat_pairs() {
        let flat = build_headers("aplicares", "1".into(), "s".into(), None, None, None, None, "1", None, None).unwrap();
        assert_eq!(flat[0], "X-cons-id");
        assert_eq!(flat[3], "1");
        assert_eq!(flat.len() % 2, 0);
    }
}
