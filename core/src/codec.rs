//! The whole response pipeline: base64 -> AES-256-CBC -> lz-string -> UTF-8,
//! and its inverse for fixtures and the simulator.

use crate::cipher::{decrypt_bytes_using, encrypt_bytes, AesCbcDecrypt, BuiltinAes};
use crate::error::{Error, Result};
use crate::key::ResponseKey;
use crate::limits::Limits;
use crate::lzstring;
use crate::timestamp;

/// Checks the three parts of the key (non-empty cons_id and secret, a
/// decimal timestamp) and names the first one that is missing or malformed.
pub fn check_key_parts(cons_id: &str, secret: &str, timestamp: &str) -> Result<()> {
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

/// [`lz_decompress`] with explicit [`Limits`] (the output cap).
pub fn lz_decompress_with(text: impl AsRef<[u8]>, limits: &Limits) -> Result<String> {
    let units = lzstring::decompress_units(text.as_ref(), limits.max_output)?;
    lzstring::utf16_to_string(&units)
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

/// [`decrypt_and_decompress`] with explicit [`Limits`] (the output cap).
pub fn decrypt_and_decompress_with(
    cons_id: &str,
    secret: &str,
    timestamp: &str,
    ciphertext: impl AsRef<[u8]>,
    limits: &Limits,
) -> Result<String> {
    decrypt_and_decompress_using(&BuiltinAes, cons_id, secret, timestamp, ciphertext, limits)
}

/// [`decrypt_and_decompress_with`], with the raw AES-CBC step done by `aes`
/// (see [`AesCbcDecrypt`]).
pub fn decrypt_and_decompress_using(
    aes: &dyn AesCbcDecrypt,
    cons_id: &str,
    secret: &str,
    timestamp: &str,
    ciphertext: impl AsRef<[u8]>,
    limits: &Limits,
) -> Result<String> {
    check_key_parts(cons_id, secret, timestamp)?;
    let key = ResponseKey::derive(cons_id, secret, timestamp);
    // The lz alphabet is ASCII, so its check also covers bytes that are not
    // UTF-8: those report as `lz_invalid_char`, with their offset.
    lz_decompress_with(decrypt_bytes_using(aes, &key, ciphertext.as_ref())?, limits)
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

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;
    use crate::{process_wrapper_using, ErrorKind};

    /// A host AES: delegates to the built-in one, counting calls.
    struct CountingAes(Cell<usize>);

    impl AesCbcDecrypt for CountingAes {
        fn decrypt_cbc(
            &self,
            key: &[u8; 32],
            iv: &[u8; 16],
            buf: &mut [u8],
        ) -> std::result::Result<(), crate::HostAesError> {
            self.0.set(self.0.get() + 1);
            BuiltinAes.decrypt_cbc(key, iv, buf)
        }
    }

    struct BrokenAes;

    impl AesCbcDecrypt for BrokenAes {
        fn decrypt_cbc(
            &self,
            _: &[u8; 32],
            _: &[u8; 16],
            _: &mut [u8],
        ) -> std::result::Result<(), crate::HostAesError> {
            Err(crate::HostAesError)
        }
    }

    #[test]
    fn host_aes_does_only_the_block_step() {
        let ct = compress_and_encrypt("1000", "s3cret", "7", r#"{"a":"é🏥"}"#);
        let aes = CountingAes(Cell::new(0));
        let limits = Limits::default();
        assert_eq!(decrypt_and_decompress_using(&aes, "1000", "s3cret", "7", &ct, &limits).unwrap(), r#"{"a":"é🏥"}"#);
        let body = format!(r#"{{"response":"{ct}","metadata":{{"code":200}}}}"#);
        let out = process_wrapper_using(&aes, "1000", "s3cret", "7", &body, &limits).unwrap();
        assert_eq!(out.as_str(), r#"{"response":{"a":"é🏥"},"metadata":{"code":200}}"#);
        assert_eq!(aes.0.get(), 2);
        // The policy around the block step is still the core's.
        let err = decrypt_and_decompress_using(&aes, "1000", "wrong", "7", &ct, &limits).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Padding);
        let err = decrypt_and_decompress_using(&aes, "1000", "s3cret", "7", "AAAA", &limits).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::CipherLength);
        assert_eq!(aes.0.get(), 3);
        let err = decrypt_and_decompress_using(&BrokenAes, "1000", "s3cret", "7", &ct, &limits).unwrap_err();
        assert!(err.message().contains("host's crypto library"), "{err}");
    }
}
