//! Answers and the envelope each service wraps them in: which key holds the
//! status (`metaData` / `metadata`), whether its code is a string or a
//! number, where `response` goes, and what "OK" is called.

use std::borrow::Cow;
use std::sync::{Arc, Mutex};

use bpjs_codec::{compress_and_encrypt, encrypt, lz_compress, Service};
use serde_json::{Map, Value};

/// One service's envelope conventions, as BPJS sends them.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub meta_key: &'static str,
    pub code_as_string: bool,
    /// PCare, iCare and Antrean put `response` before the status.
    pub response_first: bool,
    /// PCare writes `message` before `code`.
    pub message_first: bool,
    pub ok_code: i64,
    pub ok_message: &'static str,
}

pub const fn style(service: Service) -> Style {
    let base = Style {
        meta_key: "metaData",
        code_as_string: false,
        response_first: true,
        message_first: false,
        ok_code: 200,
        ok_message: "OK",
    };
    match service {
        Service::Vclaim => Style { code_as_string: true, response_first: false, ok_message: "Sukses", ..base },
        Service::AntreanRs => Style { meta_key: "metadata", ok_message: "Ok.", ..base },
        Service::AntreanFktp => Style { meta_key: "metadata", ok_message: "Ok", ..base },
        Service::Pcare => Style { message_first: true, ..base },
        Service::IcareFktp | Service::IcareFkrtl => Style { ok_message: "Sukses", ..base },
        Service::Apotek => Style { code_as_string: true, response_first: false, ..base },
        Service::Aplicares => Style { meta_key: "metadata", response_first: false, ok_code: 1, ..base },
    }
}

/// What an endpoint answers, before it is wrapped and encrypted.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub status: u16,
    /// `None`: the service's OK code.
    pub code: Option<i64>,
    /// `None`: the service's OK message.
    pub message: Option<Cow<'static, str>>,
    /// `None`: the envelope has no `response` key (Antrean writes).
    pub response: Option<Value>,
    /// Never encrypt this answer (VClaim SEP delete, Antrean RS dashboard).
    pub plain: bool,
    /// Aplicares puts the total count in its metadata.
    pub totalitems: Option<usize>,
}

impl Answer {
    pub fn ok(response: Value) -> Self {
        Answer { status: 200, code: None, message: None, response: Some(response), plain: false, totalitems: None }
    }

    /// Status only, no `response` key.
    pub fn empty() -> Self {
        Answer { response: None, ..Answer::ok(Value::Null) }
    }

    /// A business error: HTTP 200, the service's error code, `response: null`.
    pub fn error(code: i64, message: impl Into<Cow<'static, str>>) -> Self {
        Answer { code: Some(code), message: Some(message.into()), ..Answer::ok(Value::Null) }
    }

    pub fn with_status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    pub fn with_code(mut self, code: i64, message: impl Into<Cow<'static, str>>) -> Self {
        self.code = Some(code);
        self.message = Some(message.into());
        self
    }

    pub fn with_response(mut self, response: Value) -> Self {
        self.response = Some(response);
        self
    }

    pub fn plain(mut self) -> Self {
        self.plain = true;
        self
    }

    pub fn with_totalitems(mut self, total: usize) -> Self {
        self.totalitems = Some(total);
        self
    }

    /// Whether the `response` of this answer is sent encrypted on a path that encrypts.
    pub fn wants_encryption(&self) -> bool {
        !self.plain && matches!(&self.response, Some(v) if !v.is_null())
    }
}

/// The `response` field as it goes on the wire.
#[derive(Debug, Clone, PartialEq)]
pub enum Wire {
    Absent,
    Json(Value),
    Ciphertext(String),
}

/// Builds the envelope text in the service's key order and casing.
pub fn envelope(style: &Style, answer: &Answer, wire: Wire) -> String {
    let code = answer.code.unwrap_or(style.ok_code);
    let code = if style.code_as_string { Value::String(code.to_string()) } else { Value::from(code) };
    let message = Value::String(answer.message.as_deref().unwrap_or(style.ok_message).to_owned());
    let mut meta = Map::new();
    if style.message_first {
        meta.insert("message".into(), message);
        meta.insert("code".into(), code);
    } else {
        meta.insert("code".into(), code);
        meta.insert("message".into(), message);
    }
    if let Some(total) = answer.totalitems {
        meta.insert("totalitems".into(), Value::from(total));
    }
    let response = match wire {
        Wire::Absent => None,
        Wire::Json(value) => Some(value),
        Wire::Ciphertext(text) => Some(Value::String(text)),
    };
    let mut root = Map::new();
    if style.response_first {
        if let Some(r) = response.clone() {
            root.insert("response".into(), r);
        }
        root.insert(style.meta_key.into(), Value::Object(meta));
    } else {
        root.insert(style.meta_key.into(), Value::Object(meta));
        if let Some(r) = response {
            root.insert("response".into(), r);
        }
    }
    Value::Object(root).to_string()
}

/// The response key of one request: the accepted credentials and the
/// request's own `X-timestamp`.
#[derive(Clone, Copy)]
pub struct Key<'a> {
    pub cons_id: &'a str,
    pub secret: &'a str,
    pub timestamp: &'a str,
}

/// Texts at least this long keep their lz-string form for later requests: the
/// compression does not depend on the key, and the 1 MB diagnosa list is
/// asked for again and again by benchmarks.
const CACHE_MIN_LEN: usize = 64 * 1024;
const CACHE_ENTRIES: usize = 4;

/// Encrypts answers through the core, remembering the compression of large ones.
#[derive(Default)]
pub struct Encryptor {
    cache: Mutex<Vec<(Arc<String>, Arc<String>)>>,
}

impl Encryptor {
    pub fn encrypt(&self, key: Key<'_>, text: &str) -> String {
        if text.len() < CACHE_MIN_LEN {
            return compress_and_encrypt(key.cons_id, key.secret, key.timestamp, text);
        }
        let compressed = self.compressed(text);
        encrypt(key.cons_id, key.secret, key.timestamp, compressed.as_bytes())
    }

    fn compressed(&self, text: &str) -> Arc<String> {
        let hit = self.lock().iter().find(|(t, _)| t.as_str() == text).map(|(_, c)| c.clone());
        if let Some(compressed) = hit {
            return compressed;
        }
        let compressed = Arc::new(lz_compress(text));
        let mut cache = self.lock();
        if cache.len() >= CACHE_ENTRIES {
            cache.remove(0);
        }
        cache.push((Arc::new(text.to_owned()), compressed.clone()));
        compressed
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(Arc<String>, Arc<String>)>> {
        // A panic elsewhere cannot leave the cache inconsistent: use it anyway.
        self.cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn casings_and_orders() {
        let a = Answer::ok(json!([1]));
        assert_eq!(
            envelope(&style(Service::Vclaim), &a, Wire::Ciphertext("x".into())),
            r#"{"metaData":{"code":"200","message":"Sukses"},"response":"x"}"#
        );
        assert_eq!(
            envelope(&style(Service::Pcare), &a, Wire::Json(json!([1]))),
            r#"{"response":[1],"metaData":{"message":"OK","code":200}}"#
        );
        assert_eq!(
            envelope(&style(Service::AntreanRs), &Answer::empty(), Wire::Absent),
            r#"{"metadata":{"code":200,"message":"Ok."}}"#
        );
        assert_eq!(
            envelope(
                &style(Service::Aplicares),
                &Answer::ok(json!({"list":[]})).with_totalitems(0),
                Wire::Json(json!({"list":[]}))
            ),
            r#"{"metadata":{"code":1,"message":"OK","totalitems":0},"response":{"list":[]}}"#
        );
        assert_eq!(
            envelope(&style(Service::Apotek), &Answer::error(401, "x"), Wire::Json(Value::Null)),
            r#"{"metaData":{"code":"401","message":"x"},"response":null}"#
        );
    }

    #[test]
    fn cached_encryption_decodes() {
        let enc = Encryptor::default();
        let text = serde_json::to_string(&vec!["abc"; 30_000]).unwrap();
        for ts in ["1", "2"] {
            let key = Key { cons_id: "c", secret: "s", timestamp: ts };
            let ct = enc.encrypt(key, &text);
            assert_eq!(bpjs_codec::decrypt_and_decompress("c", "s", ts, &ct).unwrap(), text);
        }
        assert_eq!(enc.lock().len(), 1);
    }
}
