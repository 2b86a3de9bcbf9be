//! `payload_hash`: the same logical payload hashes the same in every host, so
//! a resend can be recognised as a duplicate of an earlier attempt.

use serde_json::{Number, Value};
use sha2::{Digest, Sha256};

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

/// Lower-case hex SHA-256 of [`canonical_json`].
pub fn payload_hash(value: &Value) -> String {
    let digest = Sha256::digest(canonical_json(value).as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
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
        assert_eq!(payload_hash(&a), payload_hash(&b));
        assert_ne!(payload_hash(&a), payload_hash(&json!({"a": 1})));
        assert_eq!(payload_hash(&json!({})).len(), 64);
    }
}
