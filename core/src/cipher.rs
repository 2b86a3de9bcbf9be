//! The AES layer: AES-256-CBC with PKCS#7 padding, key and IV from [`ResponseKey`].

use aes::Aes256;
use cbc::cipher::block_padding::{NoPadding, Pkcs7};
use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};

use crate::base64;
use crate::error::{Error, ErrorKind, Result};
use crate::key::ResponseKey;

pub(crate) const BLOCK_LEN: usize = 16;

const WRONG_KEY_HINT: &str = "wrong cons_id, secret or timestamp? (decrypt with the X-timestamp sent in this request)";

/// True when `bytes` could be AES-CBC output: a positive multiple of the block size.
pub(crate) fn is_cipher_length(len: usize) -> bool {
    len > 0 && len % BLOCK_LEN == 0
}

/// Raw AES-256-CBC decryption, no padding handling: the one step a host may
/// do itself. WebAssembly has no AES instructions, so the npm package hands
/// this step to Node's OpenSSL; key derivation, the base64 and length
/// policy, the padding check and everything after stay in the core.
pub trait AesCbcDecrypt {
    /// Decrypts `buf` (a positive multiple of 16 bytes) in place. `Err`
    /// means the host's AES library failed, not that the key was wrong.
    fn decrypt_cbc(&self, key: &[u8; 32], iv: &[u8; 16], buf: &mut [u8]) -> std::result::Result<(), HostAesError>;
}

/// The host's AES library failed on a block step (not a wrong key: a wrong
/// key shows up afterwards as invalid padding). It carries nothing, so no
/// key or plaintext can leak through it; the core reports it as `padding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HostAesError;

impl std::fmt::Display for HostAesError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AES-CBC decryption failed in the host's crypto library")
    }
}

impl std::error::Error for HostAesError {}

/// The core's own AES (RustCrypto `aes`, AES instructions when the CPU has them).
#[derive(Debug, Clone, Copy, Default)]
pub struct BuiltinAes;

impl AesCbcDecrypt for BuiltinAes {
    fn decrypt_cbc(&self, key: &[u8; 32], iv: &[u8; 16], buf: &mut [u8]) -> std::result::Result<(), HostAesError> {
        let decryptor = cbc::Decryptor::<Aes256>::new(key.into(), iv.into());
        decryptor.decrypt_padded::<NoPadding>(buf).map(|_| ()).map_err(|_| HostAesError)
    }
}

/// Decrypts raw ciphertext bytes in place and returns the unpadded plaintext.
pub(crate) fn decrypt_in_place_using<'b>(
    aes: &dyn AesCbcDecrypt,
    key: &ResponseKey,
    buf: &'b mut [u8],
) -> Result<&'b [u8]> {
    check_cipher_length(buf.len())?;
    aes.decrypt_cbc(key.key(), key.iv(), buf).map_err(|failure| Error::new(ErrorKind::Padding, failure.to_string()))?;
    let plain: &[u8] = buf;
    let pad = padding_len(plain).ok_or_else(|| padding_error("PKCS#7 padding invalid"))?;
    Ok(&plain[..plain.len() - pad])
}

pub(crate) fn check_cipher_length(len: usize) -> Result<()> {
    if is_cipher_length(len) {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::CipherLength,
        format!(
            "ciphertext is {len} bytes after base64; AES-CBC needs a positive multiple of 16 (truncated or not an encrypted response?)"
        ),
    ))
}

/// The PKCS#7 padding length of decrypted `plain`, if the padding is valid.
pub(crate) fn padding_len(plain: &[u8]) -> Option<usize> {
    let pad = usize::from(*plain.last()?);
    let valid = pad > 0 && pad <= BLOCK_LEN && pad <= plain.len();
    (valid && plain[plain.len() - pad..].iter().all(|&b| usize::from(b) == pad)).then_some(pad)
}

fn padding_error(what: &str) -> Error {
    Error::new(ErrorKind::Padding, format!("{what}: {WRONG_KEY_HINT}"))
}

/// Base64-decodes and decrypts `ciphertext`, returning the plaintext bytes.
pub(crate) fn decrypt_bytes_using(aes: &dyn AesCbcDecrypt, key: &ResponseKey, ciphertext: &[u8]) -> Result<Vec<u8>> {
    let mut buf = base64::decode(ciphertext)?;
    let len = decrypt_in_place_using(aes, key, &mut buf)?.len();
    buf.truncate(len);
    Ok(buf)
}

/// Text of a decrypted plaintext. Random bytes that happened to end in valid
/// padding are the same wrong-key symptom as bad padding.
pub(crate) fn plaintext_utf8(bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| {
        padding_error(&format!("decrypted data is not text (invalid UTF-8 at byte {})", e.utf8_error().valid_up_to()))
    })
}

/// The AES layer only: `key_material` is cons_id + secret + timestamp, as the
/// PHP `stringDecrypt($key, $string)` helpers take it. Returns the lz-string text.
pub fn decrypt(key_material: &str, ciphertext: impl AsRef<[u8]>) -> Result<String> {
    decrypt_using(&BuiltinAes, key_material, ciphertext)
}

/// [`decrypt`], with the raw AES-CBC step done by `aes` (see [`AesCbcDecrypt`]).
pub fn decrypt_using(aes: &dyn AesCbcDecrypt, key_material: &str, ciphertext: impl AsRef<[u8]>) -> Result<String> {
    if key_material.is_empty() {
        return Err(Error::config("key: missing (expected cons_id + secret + timestamp)"));
    }
    let key = ResponseKey::from_material(key_material.as_bytes());
    plaintext_utf8(decrypt_bytes_using(aes, &key, ciphertext.as_ref())?)
}

/// Pads and encrypts `plaintext`, returning standard base64.
pub(crate) fn encrypt_bytes(key: &ResponseKey, plaintext: &[u8]) -> String {
    let encryptor = cbc::Encryptor::<Aes256>::new(key.key().into(), key.iv().into());
    base64::encode(&encryptor.encrypt_padded_vec::<Pkcs7>(plaintext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_wrong_key() {
        let key = ResponseKey::derive("1000", "secret", "1");
        let ct = encrypt_bytes(&key, b"NoIgLgpgHgZg");
        assert_eq!(decrypt("1000secret1", &ct).unwrap(), "NoIgLgpgHgZg");
        let err = decrypt("1000secret2", &ct).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Padding), "{err}");
        assert!(err.message().contains("wrong cons_id, secret or timestamp"));
    }

    #[test]
    fn lengths() {
        assert_eq!(decrypt("k", "").unwrap_err().kind(), ErrorKind::CipherLength);
        assert_eq!(decrypt("k", "AAAAAAAAAAAAAAAAAAAAAA==").unwrap_err().kind(), ErrorKind::Padding);
        assert_eq!(decrypt("k", "AAAA").unwrap_err().kind(), ErrorKind::CipherLength);
    }
}
