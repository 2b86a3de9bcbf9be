//! Redaction before anything is stored: secret headers and fields removed,
//! patient identifiers masked down to their last digits.

use serde_json::{Map, Value};

/// What a removed secret is replaced with.
pub const REDACTED: &str = "[redacted]";

/// Literal secret values shorter than this are not scrubbed from text.
pub const MIN_SECRET_CHARS: usize = 4;

/// Which fields to treat how. Field names match ignoring case, `-` and `_`
/// (`X-signature`, `x_signature` and `xSignature` are one field).
#[derive(Clone)]
pub struct RedactOptions {
    /// Fields whose values are replaced by [`REDACTED`].
    pub secret_fields: Vec<String>,
    /// Fields whose values are masked, keeping the last `keep_last` characters.
    pub identifier_fields: Vec<String>,
    /// Characters of an identifier left visible at its end (default 4).
    pub keep_last: usize,
    /// Literal secret values (the facility's secret, password, user_key) to
    /// scrub from every string, wherever they were copied to.
    pub secret_values: Vec<String>,
    /// The most a row stores of each of `request_payload`,
    /// `response_body_raw` and `response_body_json`, in UTF-8 bytes, the cut
    /// marker included (see [`super::stored`]). The payload hash is always of
    /// the whole payload, so dedup is not affected by the cut.
    pub max_stored_bytes: usize,
}

/// Default for [`RedactOptions::max_stored_bytes`] (64 KiB): a visit's payload
/// and reply fit easily; a 1 MB reference list logged on every lookup, or a
/// client posting megabytes, would fill the table.
pub const DEFAULT_MAX_STORED_BYTES: usize = 65_536;

impl Default for RedactOptions {
    fn default() -> Self {
        let own = |names: &[&str]| names.iter().map(|s| (*s).to_owned()).collect();
        RedactOptions {
            secret_fields: own(&[
                "X-signature",
                "X-authorization",
                "Authorization",
                "user_key",
                "secret",
                "secret_key",
                "cons_pwd",
                "password",
                "pass",
                "x-secret",
                "x-password",
            ]),
            identifier_fields: own(&[
                "noKartu",
                "noka",
                "nik",
                "noKTP",
                "nomorKartu",
                "nomorKTP",
                // iCare `validate` sends the card number or NIK as `param`.
                "param",
                // Medical record numbers and phone numbers (Antrean add, PRB, PCare).
                "noMR",
                "norm",
                "nohp",
                "noTelp",
            ]),
            keep_last: 4,
            secret_values: Vec::new(),
            max_stored_bytes: DEFAULT_MAX_STORED_BYTES,
        }
    }
}

impl std::fmt::Debug for RedactOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedactOptions")
            .field("secret_fields", &self.secret_fields)
            .field("identifier_fields", &self.identifier_fields)
            .field("keep_last", &self.keep_last)
            .field("secret_values", &format_args!("<{} redacted>", self.secret_values.len()))
            .field("max_stored_bytes", &self.max_stored_bytes)
            .finish()
    }
}

impl RedactOptions {
    /// Adds literal secrets to scrub; values shorter than
    /// [`MIN_SECRET_CHARS`] are ignored (scrubbing "1" would mangle every number).
    pub fn with_secret_values<I, S>(mut self, values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.secret_values.extend(values.into_iter().map(Into::into).filter(|v| v.chars().count() >= MIN_SECRET_CHARS));
        self
    }
}

fn normalise(name: &str) -> String {
    name.chars().filter(|c| *c != '-' && *c != '_').flat_map(char::to_lowercase).collect()
}

/// The options with the field lists normalised once, not once per key.
struct Redactor<'a> {
    options: &'a RedactOptions,
    secret_fields: Vec<String>,
    identifier_fields: Vec<String>,
}

/// What to do with a field's value.
enum Field {
    Secret,
    Identifier,
    Other,
}

impl<'a> Redactor<'a> {
    fn new(options: &'a RedactOptions) -> Self {
        let all = |list: &[String]| list.iter().map(|f| normalise(f)).collect();
        Redactor {
            options,
            secret_fields: all(&options.secret_fields),
            identifier_fields: all(&options.identifier_fields),
        }
    }

    fn field(&self, name: &str) -> Field {
        let name = normalise(name);
        if self.secret_fields.contains(&name) {
            Field::Secret
        } else if self.identifier_fields.contains(&name) {
            Field::Identifier
        } else {
            Field::Other
        }
    }

    /// A secret pasted into an identifier field is scrubbed before the
    /// mask keeps its last characters.
    fn identifier(&self, text: &str) -> String {
        mask(&redact_text(text, self.options), self.options.keep_last)
    }

    /// An endpoint with the identifiers in it masked: a path segment after
    /// one named like an identifier field (`Peserta/nokartu/<no>`,
    /// `Peserta/nik/<nik>`), an all-digit segment of a card number's or a
    /// NIK's length (13 or 16: PCare's `peserta/<noka>`), and the value of
    /// a query parameter named like one.
    fn endpoint(&self, endpoint: &str) -> String {
        let (path, query) = match endpoint.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (endpoint, None),
        };
        let mut out = String::with_capacity(endpoint.len());
        let mut after_identifier_name = false;
        for (i, segment) in path.split('/').enumerate() {
            if i > 0 {
                out.push('/');
            }
            let digits = segment.len() >= 13 && segment.bytes().all(|b| b.is_ascii_digit());
            let card_like = digits && matches!(segment.len(), 13 | 16);
            if !segment.is_empty() && (after_identifier_name || card_like) {
                out.push_str(&self.identifier(segment));
            } else {
                out.push_str(&redact_text(segment, self.options));
            }
            after_identifier_name = matches!(self.field(segment), Field::Identifier);
        }
        if let Some(query) = query {
            out.push('?');
            for (i, pair) in query.split('&').enumerate() {
                if i > 0 {
                    out.push('&');
                }
                match pair.split_once('=') {
                    Some((key, value)) => {
                        let value = match self.field(key) {
                            Field::Identifier => self.identifier(value),
                            Field::Secret => REDACTED.to_owned(),
                            Field::Other => redact_text(value, self.options),
                        };
                        out.push_str(&redact_text(key, self.options));
                        out.push('=');
                        out.push_str(&value);
                    }
                    None => out.push_str(&redact_text(pair, self.options)),
                }
            }
        }
        out
    }

    fn value(&self, value: &Value) -> Value {
        match value {
            Value::Object(object) => {
                let mut out = Map::with_capacity(object.len());
                for (key, item) in object {
                    let redacted = match (self.field(key), item) {
                        (Field::Secret, Value::Null) => Value::Null,
                        (Field::Secret, _) => Value::String(REDACTED.to_owned()),
                        (Field::Identifier, Value::String(s)) => Value::String(self.identifier(s)),
                        (Field::Identifier, Value::Number(n)) => Value::String(self.identifier(&n.to_string())),
                        (_, other) => self.value(other),
                    };
                    out.insert(redact_text(key, self.options), redacted);
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(items.iter().map(|item| self.value(item)).collect()),
            Value::String(text) => Value::String(self.string(text)),
            other => other.clone(),
        }
    }

    /// A string value: free text is scrubbed ([`redact_text`]); a string that
    /// is itself a JSON object or array (a body encoded twice) is redacted
    /// inside and written back compactly. Not when identifier masking is off
    /// (`identifier_fields` empty: the resend payload, whose text must stay
    /// as it was sent): then only literal secrets are scrubbed.
    fn string(&self, text: &str) -> String {
        let inner = text.strip_prefix('\u{feff}').unwrap_or(text).trim_start();
        if self.identifier_fields.is_empty() || !inner.starts_with(['{', '[']) {
            return redact_text(text, self.options);
        }
        match super::stored::parse_for_redaction(inner) {
            Ok(value @ (Value::Object(_) | Value::Array(_))) => redact(&value, self.options).to_string(),
            // Text that only starts like JSON ("[R/] paracetamol"): free text.
            Ok(_) | Err(super::stored::Unredactable::NotJson) => redact_text(text, self.options),
            Err(reason) => super::stored::unredactable(reason, text.len()),
        }
    }
}

fn mask(text: &str, keep_last: usize) -> String {
    let count = text.chars().count();
    let hidden = count.saturating_sub(keep_last);
    text.chars().enumerate().map(|(i, c)| if i < hidden { '*' } else { c }).collect()
}

/// Scrubs free text (URLs, messages, bodies, strings inside JSON): literal
/// secret values are replaced by [`REDACTED`], and, unless identifier
/// masking is off (`identifier_fields` empty: the resend payload, which must
/// keep them), every card number or NIK in it is masked
/// ([`scrub_identifiers`]). A string that is standard base64 (ciphertext)
/// keeps its digits: it holds no plaintext, and a changed character would
/// spoil it.
pub fn redact_text(text: &str, options: &RedactOptions) -> String {
    let mut out = text.to_owned();
    for secret in options.secret_values.iter().filter(|s| s.chars().count() >= MIN_SECRET_CHARS) {
        if out.contains(secret.as_str()) {
            out = out.replace(secret.as_str(), REDACTED);
        }
    }
    if options.identifier_fields.is_empty() || is_standard_base64(&out) {
        return out;
    }
    scrub_identifiers(&out, options.keep_last)
}

/// Lengths of the identifiers found in free text: a card number (noKartu,
/// 13 digits) and a NIK (16 digits).
pub const FREE_TEXT_IDENTIFIER_DIGITS: [usize; 2] = [13, 16];

/// Masks every run of exactly 13 or 16 ASCII digits in `text` (a card
/// number, a NIK: `Peserta dengan NoKartu 0001234567890 tidak ditemukan`,
/// a URL in a transport error or an HTML page), keeping the last
/// `keep_last` digits. Longer or shorter runs (SEP numbers, dates, support
/// ids of 19 digits) are kept.
pub fn scrub_identifiers(text: &str, keep_last: usize) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let run = i - start;
        if FREE_TEXT_IDENTIFIER_DIGITS.contains(&run) {
            // ASCII digits: byte offsets are character boundaries.
            out.push_str(&text[copied..start]);
            out.push_str(&mask(&text[start..i], keep_last));
            copied = i;
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// Whether `text` is one standard base64 string of at least one AES block
/// (24 characters, a multiple of 4, `=` only at the end).
fn is_standard_base64(text: &str) -> bool {
    let body = text.trim_end_matches('=');
    text.len() >= 24
        && text.len() % 4 == 0
        && text.len() - body.len() <= 2
        && body.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

/// An endpoint (path and query) as stored: identifiers in it masked, secret
/// query parameters removed, literal secrets scrubbed.
pub fn redact_endpoint(endpoint: &str, options: &RedactOptions) -> String {
    Redactor::new(options).endpoint(endpoint)
}

/// A redacted copy of `value`: secret fields replaced, identifiers masked,
/// literal secrets scrubbed from every string. Fails closed: a value nested
/// deeper than [`MAX_DEPTH`](super::stored::MAX_DEPTH) comes back as the
/// string placeholder `[unredactable: nested deeper than 64 levels, <n> bytes]`,
/// never as itself.
pub fn redact(value: &Value, options: &RedactOptions) -> Value {
    if let Some(placeholder) = super::stored::too_deep(value) {
        return Value::String(placeholder);
    }
    Redactor::new(options).value(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_removed_identifiers_masked_at_any_depth() {
        let options = RedactOptions::default().with_secret_values(["s3cr3t-value", "ab"]);
        let input = json!({
            "headers": {"X-signature": "abc=", "user_key": "uk", "X-cons-id": "1000", "x_authorization": null},
            "request": {"noKartu": "0001234567890", "peserta": [{"nik": 3171234567890001u64}], "noka": ""},
            "note": "sent with s3cr3t-value by mistake",
            "abc": "ab stays (too short to scrub)"
        });
        let out = redact(&input, &options);
        assert_eq!(out["headers"]["X-signature"], REDACTED);
        assert_eq!(out["headers"]["user_key"], REDACTED);
        assert_eq!(out["headers"]["X-cons-id"], "1000");
        assert_eq!(out["headers"]["x_authorization"], Value::Null);
        assert_eq!(out["request"]["noKartu"], "*********7890");
        assert_eq!(out["request"]["peserta"][0]["nik"], "************0001");
        assert_eq!(out["request"]["noka"], "");
        assert_eq!(out["note"], "sent with [redacted] by mistake");
        assert_eq!(out["abc"], "ab stays (too short to scrub)");
        assert!(!format!("{options:?}").contains("s3cr3t-value"));
    }
}
