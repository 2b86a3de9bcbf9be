//! The whole response pipeline: base64 -> AES-256-CBC -> lz-string -> UTF-8,
//! and its inverse for fixtures and the simulator.

use crate::cipher::{decrypt_bytes, encrypt_bytes};
use crate::error::{Error, Result};
use crate::key::ResponseKey;
use crate::limits::Limits;
use crate::lzstring;
use crate::timestamp;

/// Checks the three parts of the response key before any work is done.
pub(crate) fn check_key_parts(cons_id: &str, secret: &str, timestamp: &str) -> Result<()> {
    if cons_id.is_empty() {
        return Err(Error::config("cons_id: missing"));
    }
    if secret.is_empty() {
        return Err(Error::config("secret: missing"));
    }
    timestamp::check(timestamp)
}

/// Decompresses lz-string URI-safe text (the AES plaintext) to UTF-8.
pub fn lz_decompress(text: impl AsRef<[u8]>) -> Result<String> {
    lz_decompress_with(text, &Limits::default())
}

pub fn lz_decompress_with(text: impl AsRef<[u8]>, limits: &Limits) -> Result<String> {
    let units = lzstring::decompress_units(text.as_ref(), limits.max_output)?;
    Ok(lzstring::utf16_to_string(&units))
}

/// Compresses `text` as `LZString.compressToEncodedURIComponent` does.
pub fn lz_compress(text: &str) -> String {
    lzstring::compress(text)
}

/// Decrypts and decompresses a BPJS `response` string. The text is returned
/// as is; [`crate::process_wrapper`] is the function that also parses it.
pub fn decrypt_and_decompress(
    cons_id: &str,
    secret: &str,
    timestamp: &str,
    ciphertext: impl AsRef<[u8]>,
) -> Result<String> {
    decrypt_and_decompress_with(cons_id, secret, timestamp, ciphertext, &Limits::default())
}

pub fn decrypt_and_decompress_with(
    cons_id: &str,
    secret: &str,
    timestamp: &str,
    ciphertext: impl AsRef<[u8]>,
    limits: &Limits,
) -> Result<String> {
    check_key_parts(cons_id, secret, timestamp)?;
    let key = ResponseKey::derive(cons_id, secret, timestamp);
    decode_with_key(&key, ciphertext.as_ref(), limits)
}

/// The pipeline after the key is known; shared with the envelope handling.
pub(crate) fn decode_with_key(key: &ResponseKey, ciphertext: &[u8], limits: &Limits) -> Result<String> {
    // The lz alphabet is ASCII, so its check also covers bytes that are not
    // UTF-8: those report as `lz_invalid_char`, with their offset.
    lz_decompress_with(decrypt_bytes(key, ciphertext)?, limits)
}

/// What BPJS does to a response: lz-string compress, then AES-256-CBC encrypt
/// with the request's key, then base64. For fixtures, tests and the simulator.
pub fn compress_and_encrypt(cons_id: &str, secret: &str, timestamp: &str, text: &str) -> String {
    encrypt(cons_id, secret, timestamp, lzstring::compress(text).as_bytes())
}

/// The AES layer alone: encrypt raw `plaintext` bytes with the request's key.
pub fn encrypt(cons_id: &str, secret: &str, timestamp: &str, plaintext: &[u8]) -> String {
    encrypt_bytes(&ResponseKey::derive(cons_id, secret, timestamp), plaintext)
}
