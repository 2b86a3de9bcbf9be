//! Status of a BPJS envelope, whichever casing and code type the service uses.

use serde_json::{Map, Value};

/// Normalised `metaData` / `metadata` of an envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metadata {
    /// `code` or `Code`, from a number or a numeric string.
    pub code: Option<i64>,
    /// `message` or `Message`.
    pub message: Option<String>,
    /// Code 200 (VClaim, Antrean, PCare...) or 1 (Antrean "ok", Aplicares).
    pub ok: bool,
}

/// Which of an object's keys names `lower` (the exact lower-case key first,
/// else the first key equal to it ignoring case: `metaData`, `Code`...).
pub fn pick_key<'k>(keys: impl IntoIterator<Item = &'k str> + Clone, lower: &str) -> Option<&'k str> {
    keys.clone().into_iter().find(|k| *k == lower).or_else(|| keys.into_iter().find(|k| k.eq_ignore_ascii_case(lower)))
}

fn field<'a>(object: &'a Map<String, Value>, lower: &str) -> Option<&'a Value> {
    pick_key(object.keys().map(String::as_str), lower).and_then(|key| object.get(key))
}

/// The key of an envelope's status object (`metaData`, `metadata`, any casing),
/// from the envelope's top-level keys. Hosts that hold the envelope as native
/// objects use it to hand the core only that entry.
pub fn metadata_key<'k>(keys: impl IntoIterator<Item = &'k str> + Clone) -> Option<&'k str> {
    pick_key(keys, "metadata")
}

/// The envelope's status object as BPJS sent it (extra fields such as
/// Aplicares' `totalitems` included).
pub fn metadata_object(envelope: &Value) -> Option<&Map<String, Value>> {
    envelope.as_object().and_then(|o| field(o, "metadata")).and_then(Value::as_object)
}

fn code_of(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => {
            n.as_i64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15).map(|f| f as i64))
        }
        Value::String(s) => {
            let s = s.trim();
            s.parse::<i64>()
                .ok()
                .or_else(|| s.parse::<f64>().ok().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15).map(|f| f as i64))
        }
        _ => None,
    }
}

/// Reads the status of a parsed envelope. Anything without a readable
/// `metaData`/`metadata` object gives `{code: None, message: None, ok: false}`.
pub fn metadata(envelope: &Value) -> Metadata {
    let meta = metadata_object(envelope);
    let code = meta.and_then(|m| field(m, "code")).and_then(code_of);
    let message = meta.and_then(|m| field(m, "message")).and_then(|v| match v {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    });
    Metadata { code, message, ok: matches!(code, Some(200) | Some(1)) }
}

/// Same as [`metadata`], from the envelope's JSON text. Text that is not JSON
/// (a gateway error page) has no status: `{None, None, false}`.
pub fn metadata_from_str(text: &str) -> Metadata {
    match serde_json::from_str::<Value>(text) {
        Ok(value) => metadata(&value),
        Err(_) => Metadata { code: None, message: None, ok: false },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_every_casing() {
        let m = metadata(&json!({"metaData": {"code": "200", "message": "OK"}}));
        assert_eq!(m, Metadata { code: Some(200), message: Some("OK".into()), ok: true });
        let m = metadata(&json!({"metadata": {"Code": 1, "Message": "Ok"}, "response": null}));
        assert!(m.ok);
        let m = metadata(&json!({"metadata": {"code": 201, "message": "Gagal"}}));
        assert_eq!((m.code, m.ok), (Some(201), false));
        assert_eq!(metadata_from_str("<html>").code, None);
    }
}
