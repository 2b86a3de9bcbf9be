//! `process_wrapper`: the BPJS JSON envelope (`metaData`/`metadata` plus
//! `response`), with an encrypted `response` decoded in place.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::cipher::{decrypt_bytes_using, AesCbcDecrypt, BuiltinAes};
use crate::ciphertext::is_ciphertext;
use crate::codec::check_key_parts;
use crate::error::{byte_class, Error, ErrorKind, Result};
use crate::key::ResponseKey;
use crate::limits::Limits;
use crate::lzstring;

const RESPONSE_KEY: &str = "response";

/// What [`process_wrapper`] made of a reply body.
#[derive(Clone, PartialEq, Eq)]
pub enum Processed {
    /// JSON text: the envelope with `response` replaced by the decoded JSON
    /// (key order, casing and every other byte of the envelope preserved),
    /// or the body itself when nothing needed decoding. Always valid JSON.
    Json(String),
    /// The body was not JSON (a gateway HTML page, "Service Unavailable"):
    /// returned unchanged so nothing is lost.
    Text(String),
}

impl Processed {
    /// The text, JSON or not.
    pub fn as_str(&self) -> &str {
        match self {
            Processed::Json(text) | Processed::Text(text) => text,
        }
    }

    /// The text, JSON or not, without a copy.
    pub fn into_string(self) -> String {
        match self {
            Processed::Json(text) | Processed::Text(text) => text,
        }
    }

    /// True for [`Processed::Json`].
    pub fn is_json(&self) -> bool {
        matches!(self, Processed::Json(_))
    }

    /// The JSON as a `serde_json::Value` (object keys in envelope order);
    /// `None` for [`Processed::Text`].
    pub fn to_value(&self) -> Option<serde_json::Value> {
        match self {
            Processed::Json(text) => serde_json::from_str(text).ok(),
            Processed::Text(_) => None,
        }
    }
}

impl fmt::Debug for Processed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Decoded responses hold patient data: show the size, not the content.
        match self {
            Processed::Json(text) => write!(f, "Processed::Json({} bytes)", text.len()),
            Processed::Text(text) => write!(f, "Processed::Text({} bytes)", text.len()),
        }
    }
}

/// A JSON object as its keys and raw values, in order.
struct RawObject<'a>(Vec<(Cow<'a, str>, &'a RawValue)>);

impl<'de> Deserialize<'de> for RawObject<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct ObjectVisitor;
        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = RawObject<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Self::Value, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(4));
                while let Some((key, value)) = map.next_entry::<Cow<'de, str>, &'de RawValue>()? {
                    entries.push((key, value));
                }
                Ok(RawObject(entries))
            }
        }
        deserializer.deserialize_map(ObjectVisitor)
    }
}

/// The value of a JSON string, borrowed when it has no escapes.
fn json_string(raw: &RawValue) -> Option<Cow<'_, str>> {
    if let Ok(plain) = serde_json::from_str::<&str>(raw.get()) {
        return Some(Cow::Borrowed(plain));
    }
    serde_json::from_str::<String>(raw.get()).ok().map(Cow::Owned)
}

fn is_json(text: &str) -> bool {
    serde_json::from_str::<IgnoredAny>(text).is_ok()
}

/// The `json` error of a reply body that starts like JSON but is not one
/// JSON value. Sizes and positions only: the body is patient data.
fn damaged_body(body: &str) -> Error {
    let (what, line, column) = match serde_json::from_str::<IgnoredAny>(body) {
        Err(e) => (
            match e.classify() {
                serde_json::error::Category::Eof => "it ends before the value is complete",
                serde_json::error::Category::Syntax => "syntax error",
                serde_json::error::Category::Data | serde_json::error::Category::Io => "invalid value",
            },
            e.line(),
            e.column(),
        ),
        Ok(_) => ("invalid value", 0, 0),
    };
    Error::new(
        ErrorKind::Json,
        format!(
            "reply body ({} bytes) starts like JSON but is not one JSON value: {what} at line {line} column {column} \
             (cut or damaged in transit; a write may still have been accepted: check at BPJS)",
            body.len()
        ),
    )
}

/// Checks that a decoded `response` is one JSON value. The message says
/// where and what kind of byte, never the text: a decoded reply is patient
/// data, and serde_json's own messages may quote it.
fn check_one_json_value(text: &str) -> Result<()> {
    let Err(e) = serde_json::from_str::<IgnoredAny>(text) else {
        return Ok(());
    };
    let what = match e.classify() {
        serde_json::error::Category::Eof => "it ends before the value is complete",
        serde_json::error::Category::Syntax => "syntax error",
        serde_json::error::Category::Data | serde_json::error::Category::Io => "invalid value",
    };
    let start = match text.bytes().find(|b| !b.is_ascii_whitespace()) {
        Some(b) => byte_class(b),
        None => "nothing (empty or whitespace only)",
    };
    Err(Error::new(
        ErrorKind::Json,
        format!(
            "decoded response ({} bytes) is not one JSON value: {what} at line {} column {}; it starts with {start} \
             (a plain message where JSON was expected? decrypt_and_decompress returns the text)",
            text.len(),
            e.line(),
            e.column()
        ),
    ))
}

/// Decodes an encrypted `response` in `body` and returns the envelope.
///
/// * `response` is a string that [`is_ciphertext`] calls ciphertext (one
///   unbroken run of at least 22 characters, nearly all base64): decrypted,
///   decompressed, parsed; any failure is an error with its kind
///   (`base64`, `cipher_length`, `padding`, `lz_*`, `output_limit`, `json`),
///   never a half-decoded or passed-through value. A cut or corrupted
///   ciphertext is therefore an error, not a "success" holding garbage.
/// * `response` is any other string (a SEP number, "OK", "Sukses", a
///   message of short words), null, missing, an object or an array: the
///   envelope is returned as it came.
/// * the body starts with `{` or `[` (after a byte order mark and
///   whitespace) but is not one JSON value: a `json` error (a cut or
///   damaged reply is never passed on as text);
/// * any other body that is not JSON (a gateway page, an empty body):
///   [`Processed::Text`] with the body.
///
/// The rule and its measurements: docs/decoding.md.
pub fn process_wrapper(cons_id: &str, secret: &str, timestamp: &str, body: impl AsRef<[u8]>) -> Result<Processed> {
    process_wrapper_with(cons_id, secret, timestamp, body, &Limits::default())
}

/// [`process_wrapper`] with explicit [`Limits`] (the output cap).
pub fn process_wrapper_with(
    cons_id: &str,
    secret: &str,
    timestamp: &str,
    body: impl AsRef<[u8]>,
    limits: &Limits,
) -> Result<Processed> {
    process_wrapper_using(&BuiltinAes, cons_id, secret, timestamp, body, limits)
}

/// [`process_wrapper_with`], with the raw AES-CBC step done by `aes`
/// (see [`AesCbcDecrypt`]).
pub fn process_wrapper_using(
    aes: &dyn AesCbcDecrypt,
    cons_id: &str,
    secret: &str,
    timestamp: &str,
    body: impl AsRef<[u8]>,
    limits: &Limits,
) -> Result<Processed> {
    check_key_parts(cons_id, secret, timestamp)?;
    let raw = body.as_ref();
    // A body that is not UTF-8 cannot be JSON: returned as text (invalid
    // bytes as U+FFFD; a host holding the original bytes may return those).
    let Ok(text) = std::str::from_utf8(raw) else {
        return Ok(Processed::Text(String::from_utf8_lossy(raw).into_owned()));
    };
    // A leading byte order mark (some gateways add one) does not make JSON
    // non-JSON; fetch's text() drops it too.
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Ok(RawObject(entries)) = serde_json::from_str::<RawObject<'_>>(body) else {
        if is_json(body) {
            return Ok(Processed::Json(body.to_owned()));
        }
        // A body that starts like JSON but is not one JSON value was cut or
        // damaged on the way: an error, never text to pass on (its visible
        // metaData may even say 200). Other text (a gateway page) is text.
        if body.trim_start().starts_with(['{', '[']) {
            return Err(damaged_body(body));
        }
        return Ok(Processed::Text(text.to_owned()));
    };

    let mut key: Option<ResponseKey> = None;
    let mut decoded: Vec<(usize, String)> = Vec::new();
    for (index, (name, raw)) in entries.iter().enumerate() {
        if name != RESPONSE_KEY {
            continue;
        }
        let Some(response) = json_string(raw) else {
            continue; // null, object, array, number: nothing to decode
        };
        if !is_ciphertext(&response) {
            continue; // a plain value: a SEP number, "OK", a message
        }
        let key = key.get_or_insert_with(|| ResponseKey::derive(cons_id, secret, timestamp));
        let plaintext = decrypt_bytes_using(aes, key, response.as_bytes())?;
        let units = lzstring::decompress_units(&plaintext, limits.max_output)?;
        let text = lzstring::utf16_to_string(&units)?;
        check_one_json_value(&text)?;
        decoded.push((index, text));
    }
    if decoded.is_empty() {
        return Ok(Processed::Json(body.to_owned()));
    }
    Ok(Processed::Json(splice(&entries, decoded, body.len())))
}

/// Rebuilds the object text with the decoded values in place of the ciphertexts.
fn splice(entries: &[(Cow<'_, str>, &RawValue)], decoded: Vec<(usize, String)>, body_len: usize) -> String {
    let extra: usize = decoded.iter().map(|(_, text)| text.len()).sum();
    let mut out = String::with_capacity(body_len + extra);
    let mut decoded = decoded.into_iter().peekable();
    out.push('{');
    for (index, (name, raw)) in entries.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        // Keys were valid JSON strings; re-encoding one cannot fail.
        out.push_str(&serde_json::to_string(name.as_ref()).unwrap_or_default());
        out.push(':');
        match decoded.next_if(|(i, _)| *i == index) {
            Some((_, text)) => out.push_str(&text),
            None => out.push_str(raw.get()),
        }
    }
    out.push('}');
    out
}
