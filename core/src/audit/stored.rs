//! What a row stores of a payload or a reply: redacted, or a placeholder when
//! it cannot be redacted (fail closed), and never more than a cap.
//!
//! Redaction works on JSON values. A payload that is not JSON (text a client
//! sent, `NaN` that a host's JSON writer let through) or nested too deep to
//! walk safely cannot be redacted: storing it as it is would store the
//! `password` and `nik` in it. Such a value is replaced by
//! `[unredactable: <reason>, <n> bytes]`, which says why and how big it was.

use serde_json::Value;

use super::redact::{redact, redact_text, RedactOptions};

/// The deepest nesting of arrays and objects that is redacted; deeper values
/// are stored as a placeholder. BPJS payloads are a few levels deep; 64
/// stays well inside every JSON reader's own limit (serde_json 127, the
/// bindings' converters 128), so text and values are judged alike.
pub const MAX_DEPTH: usize = 64;

/// The smallest accepted `max_stored_bytes`: room for the cut marker and a
/// little of the text.
pub const MIN_STORED_BYTES: usize = 64;

/// Why a value could not be redacted, as the placeholder says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unredactable {
    /// Text that is not exactly one JSON value.
    NotJson,
    /// JSON-like text holding `NaN` or `Infinity`, which JSON has no room for.
    NanOrInfinity,
    /// Arrays and objects nested deeper than [`MAX_DEPTH`].
    TooDeep,
}

impl Unredactable {
    /// The reason as the placeholder writes it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Unredactable::NotJson => "not JSON",
            Unredactable::NanOrInfinity => "NaN or infinity",
            Unredactable::TooDeep => "nested deeper than 64 levels",
        }
    }
}

/// `[unredactable: <reason>, <n> bytes]`: what is stored instead of a value
/// that cannot be redacted (`bytes`: its size as UTF-8 text).
pub fn unredactable(reason: Unredactable, bytes: usize) -> String {
    format!("[unredactable: {}, {bytes} bytes]", reason.as_str())
}

fn depth_exceeds(value: &Value, limit: usize) -> bool {
    // Iterative: the point is not to recurse into a value of unknown depth.
    let mut stack: Vec<(&Value, usize)> = vec![(value, 0)];
    while let Some((value, depth)) = stack.pop() {
        let children: Box<dyn Iterator<Item = &Value>> = match value {
            Value::Array(items) => Box::new(items.iter()),
            Value::Object(object) => Box::new(object.values()),
            _ => continue,
        };
        if depth + 1 > limit {
            return true;
        }
        stack.extend(children.map(|child| (child, depth + 1)));
    }
    false
}

/// The placeholder for `value` when it is nested deeper than [`MAX_DEPTH`].
pub(crate) fn too_deep(value: &Value) -> Option<String> {
    depth_exceeds(value, MAX_DEPTH).then(|| unredactable(Unredactable::TooDeep, value.to_string().len()))
}

/// Reads text as JSON, or says why it cannot be redacted. The nesting is
/// measured before parsing, so a deep document is never parsed recursively.
pub fn parse_for_redaction(text: &str) -> Result<Value, Unredactable> {
    let (mut depth, mut deepest, mut in_string, mut escaped, mut nan) = (0usize, 0usize, false, false, false);
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'N' if bytes[i..].starts_with(b"NaN") => nan = true,
            b'I' if bytes[i..].starts_with(b"Infinity") => nan = true,
            _ => {}
        }
    }
    if deepest > MAX_DEPTH {
        return Err(Unredactable::TooDeep);
    }
    serde_json::from_str(text).map_err(|_| if nan { Unredactable::NanOrInfinity } else { Unredactable::NotJson })
}

/// Cuts `text` to at most `max_bytes` UTF-8 bytes, the marker
/// `...[truncated: <n> bytes in all]` included, on a character boundary.
pub fn cap(text: String, max_bytes: usize) -> String {
    if text.len() <= max_bytes {
        return text;
    }
    let marker = format!("...[truncated: {} bytes in all]", text.len());
    let mut cut = max_bytes.saturating_sub(marker.len());
    while cut > 0 && !text.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{marker}", &text[..cut])
}

/// What the row stores of a request payload, as JSON text: the redacted
/// value, or the placeholder as a JSON string; capped. A string is the body
/// text as sent and must be JSON text.
pub fn stored_json(value: &Value, options: &RedactOptions) -> String {
    cap(redact(value, options).to_string(), options.max_stored_bytes)
}

/// The request payload a host passed: a string is the body text as sent
/// (parsed, or the reason it cannot be); any other value is the body.
/// Empty or blank text is no body.
pub(crate) fn payload_value(payload: &Value) -> Option<Result<std::borrow::Cow<'_, Value>, Unredactable>> {
    match payload {
        Value::Null => None,
        Value::String(text) if text.trim().is_empty() => None,
        Value::String(text) => Some(parse_for_redaction(text).map(std::borrow::Cow::Owned)),
        other => Some(Ok(std::borrow::Cow::Borrowed(other))),
    }
}

/// What the row stores of a raw reply body: JSON (after an optional byte
/// order mark) is redacted and written back compactly (a ciphertext
/// `response` is a string and stays as it is); text that looks like JSON
/// but cannot be read, or that holds JSON after other text (`{"` anywhere:
/// a PHP notice before the envelope), is a placeholder; other text (an HTML
/// gateway page, a plain SEP number, bare ciphertext) is kept with literal
/// secrets scrubbed and card numbers / NIKs masked. Capped.
pub fn stored_reply(raw: &str, options: &RedactOptions) -> String {
    let body = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let trimmed = body.trim_start();
    let text = match parse_for_redaction(body) {
        Ok(value) => redact(&value, options).to_string(),
        Err(reason) if trimmed.starts_with(['{', '[']) || reason != Unredactable::NotJson || embeds_json(trimmed) => {
            unredactable(reason, raw.len())
        }
        Err(_) => redact_text(raw, options),
    };
    cap(text, options.max_stored_bytes)
}

/// Whether non-JSON text holds a JSON object somewhere (`{"`, also with
/// whitespace between): it cannot be redacted field by field.
fn embeds_json(text: &str) -> bool {
    text.match_indices('{').any(|(i, _)| text[i + 1..].trim_start().starts_with('"'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn nested(levels: usize) -> String {
        format!("{}{}", "[".repeat(levels), "]".repeat(levels))
    }

    #[test]
    fn fails_closed_on_what_cannot_be_redacted() {
        assert_eq!(parse_for_redaction(&nested(MAX_DEPTH)).map(|_| ()), Ok(()));
        assert_eq!(parse_for_redaction(&nested(MAX_DEPTH + 1)), Err(Unredactable::TooDeep));
        assert_eq!(parse_for_redaction(r#"{"password":"p","suhu":NaN}"#), Err(Unredactable::NanOrInfinity));
        assert_eq!(parse_for_redaction(r#"{"note":"NaN"} x"#), Err(Unredactable::NotJson));
        let options = RedactOptions::default();
        let deep: Value = serde_json::from_str(&nested(MAX_DEPTH)).unwrap();
        assert_eq!(
            redact(&json!([deep.clone()]), &options),
            json!("[unredactable: nested deeper than 64 levels, 130 bytes]")
        );
        assert_eq!(redact(&deep, &options), deep);
        let reply = stored_reply(r#"{"nik":"3171234567890001","x":[1,2"#, &options);
        assert_eq!(reply, "[unredactable: not JSON, 34 bytes]");
        assert_eq!(stored_reply("<html>503</html>", &options), "<html>503</html>");
        assert_eq!(stored_reply(r#" {"nik": "3171234567890001"} "#, &options), r#"{"nik":"************0001"}"#);
    }

    #[test]
    fn cap_keeps_the_total_within_the_limit() {
        let text = "é".repeat(100);
        let out = cap(text.clone(), 64);
        assert!(out.len() <= 64, "{out}");
        assert!(out.ends_with("...[truncated: 200 bytes in all]"), "{out}");
        assert_eq!(cap(text.clone(), 200), text);
    }
}
