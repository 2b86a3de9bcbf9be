//! `payload_hash`: the same logical payload hashes the same in every host, so
//! a resend can be recognised as a duplicate of an earlier attempt.
//!
//! The hash is keyed (HMAC-SHA256): a plain SHA-256 stored next to a payload
//! whose card number is masked to its last 4 digits gives the whole number
//! back by trying the 10^9 candidates, in under a second. With a key the
//! database does not hold, it cannot be reversed. The key must be stable per
//! installation (dedup and resend compare hashes across days), so by default
//! it is derived from the facility's consumer secret ([`derive_hash_key`]).

use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Number, Value};
use sha2::Sha256;
use zeroize::Zeroize;

use crate::error::{Error, Result};

/// The label of the default key: `HMAC-SHA256(key = secret, message = label)`.
/// Changing it changes every stored hash, hence the version in it.
pub const HASH_KEY_LABEL: &str = "bpjs-codec audit payload hash v1";

/// The shortest `hash_key` accepted, in bytes: a short key could be guessed
/// together with the masked digits.
pub const MIN_HASH_KEY_BYTES: usize = 16;

/// The key of [`payload_hash`]. Its bytes are the UTF-8 bytes of the text the
/// host supplies (`BPJS_AUDIT_HASH_KEY`, or [`derive_hash_key`]'s hex); never
/// shown by `Debug`, wiped on drop.
#[derive(Clone)]
pub struct HashKey(Vec<u8>);

impl HashKey {
    /// A key from the host's text. Empty or shorter than
    /// [`MIN_HASH_KEY_BYTES`]: a `config` error naming `hash_key`.
    pub fn new(key: &str) -> Result<Self> {
        if key.is_empty() {
            return Err(Error::config(
                "hash_key is missing: pass BPJS_AUDIT_HASH_KEY or derive_hash_key(consumer secret)",
            ));
        }
        if key.len() < MIN_HASH_KEY_BYTES {
            return Err(Error::config(format!(
                "hash_key is {} bytes; at least {MIN_HASH_KEY_BYTES} are needed",
                key.len()
            )));
        }
        Ok(HashKey(key.as_bytes().to_vec()))
    }
}

impl std::fmt::Debug for HashKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HashKey(<redacted>)")
    }
}

impl Drop for HashKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

fn hmac_hex(key: &[u8], message: &[u8]) -> String {
    // HMAC accepts keys of any length: `new_from_slice` cannot fail here.
    let mut mac = match <Hmac<Sha256> as KeyInit>::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC-SHA256 takes keys of any length"),
    };
    mac.update(message);
    mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

/// The default `hash_key` of an installation: lower-case hex of
/// `HMAC-SHA256(key = consumer secret, message = HASH_KEY_LABEL)`. Stable as
/// long as the secret is; a host that rotates its secret sets
/// `BPJS_AUDIT_HASH_KEY` to the old value first (docs/audit.md). Empty
/// secret: `config` error naming `secret`.
pub fn derive_hash_key(secret: &str) -> Result<String> {
    if secret.is_empty() {
        return Err(Error::config("secret is missing: the default hash_key is derived from the consumer secret"));
    }
    Ok(hmac_hex(secret.as_bytes(), HASH_KEY_LABEL.as_bytes()))
}

/// Canonical JSON: object keys sorted by UTF-16 code units (as RFC 8785
/// does), no whitespace, integral numbers without a fraction (`1.0` -> `1`),
/// other numbers in shortest round-trip form.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_number(n: &Number, out: &mut String) {
    if n.is_i64() || n.is_u64() {
        out.push_str(&n.to_string());
        return;
    }
    match n.as_f64() {
        // Integral and exactly representable: write as an integer.
        Some(f) if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => out.push_str(&(f as i64).to_string()),
        _ => out.push_str(&n.to_string()),
    }
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Null | Value::Bool(_) | Value::String(_) => out.push_str(&value.to_string()),
        Value::Number(n) => write_number(n, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        Value::Object(object) => {
            let mut entries: Vec<(&String, &Value)> = object.iter().collect();
            entries.sort_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()));
            out.push('{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(item, out);
            }
            out.push('}');
        }
    }
}

/// Lower-case hex `HMAC-SHA256(key, canonical_json(value))`.
pub fn payload_hash(value: &Value, key: &HashKey) -> String {
    hmac_hex(&key.0, canonical_json(value).as_bytes())
}

/// [`payload_hash`] with the key as the host's text (what the bindings call).
pub fn payload_hash_json(value: &Value, hash_key: &str) -> Result<String> {
    Ok(payload_hash(value, &HashKey::new(hash_key)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn same_payload_same_hash() {
        let a: Value =
            serde_json::from_str(r#"{ "b": [1.0, 2.50, "x"], "a": {"z": null, "é": true, "y": 1e2} }"#).unwrap();
        let b = json!({"a": {"y": 100, "é": true, "z": null}, "b": [1, 2.5, "x"]});
        assert_eq!(canonical_json(&a), r#"{"a":{"y":100,"z":null,"é":true},"b":[1,2.5,"x"]}"#);
        let key = HashKey::new("0123456789abcdef").unwrap();
        assert_eq!(payload_hash(&a, &key), payload_hash(&b, &key));
        assert_ne!(payload_hash(&a, &key), payload_hash(&json!({"a": 1}), &key));
        assert_eq!(payload_hash(&json!({}), &key).len(), 64);
        let other = HashKey::new("0123456789abcdeF").unwrap();
        assert_ne!(payload_hash(&a, &key), payload_hash(&a, &other));
    }

    #[test]
    fn keys_are_checked_and_never_shown() {
        assert!(HashKey::new("").unwrap_err().message().contains("hash_key"));
        let short = HashKey::new("short-key").unwrap_err();
        assert!(!short.to_string().contains("short-key"), "{short}");
        assert_eq!(format!("{:?}", HashKey::new("a-long-enough-key!").unwrap()), "HashKey(<redacted>)");
        assert!(derive_hash_key("").unwrap_err().message().contains("secret"));
        let derived = derive_hash_key("S3cr3t").unwrap();
        assert_eq!(derived.len(), 64);
        assert_ne!(derived, derive_hash_key("S3cr3u").unwrap());
    }
}
