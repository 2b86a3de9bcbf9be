//! `dataMR`, the encrypted medical record of an eRM insert:
//! `base64(AES-256-CBC(key = SHA-256(cons_id + secret + kodePPK),
//! iv = key[0..16], plaintext = base64(gzip(bundle JSON))))`.
//!
//! The same AES-256-CBC and key derivation as the responses (`crate::cipher`,
//! `crate::key`), with kodePPK in the place of the timestamp.

use std::fmt;

use crate::base64;
use crate::cipher::{decrypt_bytes_using, encrypt_bytes, BuiltinAes};
use crate::erm::compression::{self, format_error, Compression};
use crate::error::{Error, ErrorKind, Result};
use crate::key::ResponseKey;
use crate::limits::Limits;

/// Checks the three parts of the `dataMR` key and names the first one that is
/// missing or malformed (`config`). kodePPK is the facility's BPJS code (e.g.
/// `0301R001`); whitespace or control characters in it are refused because a
/// stray newline from a settings file would silently change the key.
pub fn check_medical_record_key_parts(cons_id: &str, secret: &str, kode_ppk: &str) -> Result<()> {
    if cons_id.is_empty() {
        return Err(Error::config("cons_id: missing"));
    }
    if secret.is_empty() {
        return Err(Error::config("secret: missing"));
    }
    if kode_ppk.is_empty() {
        return Err(Error::config("kode_ppk: missing (the facility's BPJS code, part of the dataMR key)"));
    }
    if kode_ppk.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::config(
            "kode_ppk: contains whitespace or a control character (trailing newline in the setting?)",
        ));
    }
    Ok(())
}

/// Encrypts a FHIR bundle into the `dataMR` string of an eRM insert, gzip
/// compressed (what BPJS's format and the peers use).
///
/// `bundle_json` is compressed byte for byte as given: it is never parsed and
/// re-encoded, so whatever escaping the caller's JSON encoder chose (PHP's
/// `json_encode` writes `\/` for `/`) reaches BPJS unchanged. It is not checked
/// here either; [`crate::erm::build_medical_record_request`] checks it is a
/// Bundle. The output is deterministic: the same inputs give the same string.
///
/// Errors: `config` naming the missing key part.
pub fn encrypt_medical_record(cons_id: &str, secret: &str, kode_ppk: &str, bundle_json: &str) -> Result<String> {
    encrypt_medical_record_using(cons_id, secret, kode_ppk, bundle_json, Compression::Gzip)
}

/// [`encrypt_medical_record`] with the compression container chosen:
/// [`Compression::Zlib`] gives what BPJS's PHP sample (`gzcompress`) sends,
/// for testing a receiver against both.
pub fn encrypt_medical_record_using(
    cons_id: &str,
    secret: &str,
    kode_ppk: &str,
    bundle_json: &str,
    compression: Compression,
) -> Result<String> {
    check_medical_record_key_parts(cons_id, secret, kode_ppk)?;
    let compressed = match compression {
        Compression::Gzip => compression::gzip(bundle_json.as_bytes()),
        Compression::Zlib => compression::zlib(bundle_json.as_bytes()),
    };
    let key = ResponseKey::derive(cons_id, secret, kode_ppk);
    Ok(encrypt_bytes(&key, base64::encode(&compressed).as_bytes()))
}

/// A decrypted `dataMR`: the bundle text and the container it came in.
#[derive(Clone, PartialEq, Eq)]
pub struct DecryptedMedicalRecord {
    /// The bundle JSON text, exactly as the sender compressed it (not checked:
    /// see [`crate::erm::check_medical_record_bundle`]).
    pub bundle_json: String,
    /// gzip (what we and most peers send) or zlib (BPJS's PHP sample).
    pub compression: Compression,
}

impl fmt::Debug for DecryptedMedicalRecord {
    /// Sizes only: the bundle is a medical record.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecryptedMedicalRecord")
            .field("bundle_json", &format_args!("{} bytes", self.bundle_json.len()))
            .field("compression", &self.compression)
            .finish()
    }
}

/// Decrypts a `dataMR` back to the bundle JSON text (the inverse of
/// [`encrypt_medical_record`], for the simulator and tests). Accepts gzip and
/// zlib; the output is capped at [`crate::DEFAULT_MAX_OUTPUT`] bytes.
pub fn decrypt_medical_record(
    cons_id: &str,
    secret: &str,
    kode_ppk: &str,
    data_mr: impl AsRef<[u8]>,
) -> Result<String> {
    decrypt_medical_record_with(cons_id, secret, kode_ppk, data_mr, &Limits::default())
}

/// [`decrypt_medical_record`] with the output cap of `limits`; for `dataMR`,
/// `max_output` counts bytes of bundle text (UTF-8), not UTF-16 units.
pub fn decrypt_medical_record_with(
    cons_id: &str,
    secret: &str,
    kode_ppk: &str,
    data_mr: impl AsRef<[u8]>,
    limits: &Limits,
) -> Result<String> {
    open_medical_record(cons_id, secret, kode_ppk, data_mr, limits).map(|record| record.bundle_json)
}

/// [`decrypt_medical_record_with`], also saying which container (gzip or
/// zlib) the sender used.
///
/// Errors, in the order the layers are peeled: `config` (a key part missing);
/// `base64`, `cipher_length` (dataMR itself); `padding` (wrong cons_id, secret
/// or kode_ppk); `base64` (the decrypted data is not base64 text, e.g. raw gzip
/// bytes encrypted without the inner base64 step); `json` (neither gzip nor
/// zlib, a corrupt or cut stream, bytes after it, or text that is not UTF-8);
/// `output_limit` (the bundle would exceed `limits.max_output` bytes).
pub fn open_medical_record(
    cons_id: &str,
    secret: &str,
    kode_ppk: &str,
    data_mr: impl AsRef<[u8]>,
    limits: &Limits,
) -> Result<DecryptedMedicalRecord> {
    check_medical_record_key_parts(cons_id, secret, kode_ppk)?;
    let key = ResponseKey::derive(cons_id, secret, kode_ppk);
    let inner = decrypt_bytes_using(&BuiltinAes, &key, data_mr.as_ref()).map_err(outer_error)?;
    let compressed = inner_base64(&inner)?;
    let (bytes, compression) = compression::decompress(&compressed, limits.max_output)?;
    let bundle_json = String::from_utf8(bytes).map_err(|e| {
        format_error(format!(
            "dataMR: the decompressed bundle is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok(DecryptedMedicalRecord { bundle_json, compression })
}

/// The AES layer's errors, reworded for dataMR: its key has kodePPK where a
/// response key has the timestamp.
fn outer_error(e: Error) -> Error {
    match e.kind() {
        ErrorKind::Padding => Error::new(
            ErrorKind::Padding,
            "dataMR: PKCS#7 padding invalid: wrong cons_id, secret or kode_ppk? (the key is SHA-256 of cons_id + secret + kodePPK, no timestamp)",
        ),
        kind => Error::new(kind, format!("dataMR: {}", e.message())),
    }
}

/// The AES plaintext is base64 text of the compressed bundle.
fn inner_base64(inner: &[u8]) -> Result<Vec<u8>> {
    let looks_like_base64 =
        inner.iter().all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(b) || b.is_ascii_whitespace());
    if !looks_like_base64 {
        if let Some(compression) = compression::detect(inner) {
            return Err(Error::new(
                ErrorKind::Base64,
                format!(
                    "dataMR: the decrypted data is raw {} bytes, not base64 text: base64-encode the compressed bundle before encrypting it",
                    compression.as_str()
                ),
            ));
        }
    }
    base64::decode(inner).map_err(|_| {
        Error::new(
            ErrorKind::Base64,
            format!(
                "dataMR: the decrypted data ({} bytes) is not base64 text (expected base64 of the gzip-compressed bundle)",
                inner.len()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUNDLE: &str = r#"{"resourceType":"Bundle","id":"b1","entry":[{"resource":{"resourceType":"Patient","name":[{"text":"Siti Aisyah \u00e9 🏥"}]}}],"url":"http:\/\/example.org\/x"}"#;

    #[test]
    fn round_trip_gzip_and_zlib() {
        let gz = encrypt_medical_record("1000", "s3cret", "0301R001", BUNDLE).unwrap();
        assert_eq!(gz, encrypt_medical_record("1000", "s3cret", "0301R001", BUNDLE).unwrap(), "deterministic");
        let record = open_medical_record("1000", "s3cret", "0301R001", &gz, &Limits::default()).unwrap();
        assert_eq!(record.bundle_json, BUNDLE);
        assert_eq!(record.compression, Compression::Gzip);
        let z = encrypt_medical_record_using("1000", "s3cret", "0301R001", BUNDLE, Compression::Zlib).unwrap();
        let record = open_medical_record("1000", "s3cret", "0301R001", &z, &Limits::default()).unwrap();
        assert_eq!((record.bundle_json.as_str(), record.compression), (BUNDLE, Compression::Zlib));
    }

    #[test]
    fn wrong_key_part_is_padding() {
        let ct = encrypt_medical_record("1000", "s3cret", "0301R001", BUNDLE).unwrap();
        let err = decrypt_medical_record("1000", "s3cret", "0301R002", &ct).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Padding);
        assert!(err.message().contains("kode_ppk"), "{err}");
    }

    #[test]
    fn config_errors_name_the_field_not_the_value() {
        for (c, s, k, field) in [("", "s", "k", "cons_id"), ("c", "", "k", "secret"), ("c", "s", "", "kode_ppk")] {
            let err = encrypt_medical_record(c, s, k, BUNDLE).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Config);
            assert!(err.message().starts_with(field), "{err}");
        }
        let err = decrypt_medical_record("c", "s", "0301R001\n", "AAAA").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Config);
        assert!(!err.message().contains("0301R001"), "{err}");
    }

    #[test]
    fn raw_gzip_without_inner_base64_is_named() {
        let key = ResponseKey::derive("1000", "s3cret", "0301R001");
        let ct = encrypt_bytes(&key, &compression::gzip(BUNDLE.as_bytes()));
        let err = decrypt_medical_record("1000", "s3cret", "0301R001", &ct).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Base64);
        assert!(err.message().contains("raw gzip"), "{err}");
    }

    #[test]
    fn debug_shows_no_content() {
        let record = DecryptedMedicalRecord { bundle_json: BUNDLE.to_owned(), compression: Compression::Gzip };
        let shown = format!("{record:?}");
        assert!(!shown.contains("Siti") && shown.contains("bytes"), "{shown}");
    }
}
