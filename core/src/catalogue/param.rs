//! Typed path parameters: what each type accepts, and the `config` error
//! that names the parameter and its expected type (never the value: card
//! numbers and NIKs sit in paths).

use serde_json::Value;

use crate::error::{Error, Result};

/// The type of one path parameter, as written in the table (`{nik:nik}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamType {
    /// `date`: a calendar date `YYYY-MM-DD` (VClaim, Antrean, Apotek).
    Date,
    /// `date_dmy`: a calendar date `DD-MM-YYYY` (PCare).
    DateDmy,
    /// `card`: a BPJS card number (noKartu), 13 digits.
    Card,
    /// `nik`: a national identity number (NIK), 16 digits.
    Nik,
    /// `digits`: a card number or a NIK: 13 or 16 digits (the lengths the
    /// log's endpoint masking recognises).
    Digits,
    /// `code`: 1 to 64 characters of `A-Z a-z 0-9 . _ -` (kode poli, SEP number, kode PPK).
    Code,
    /// `int`: a non-negative integer of at most 9 digits (start, limit, hari).
    Int,
    /// `month`: 1 to 12, one or two digits.
    Month,
    /// `year`: four digits.
    Year,
    /// `text`: free text of 1 to 256 characters without control characters (keywords, names).
    Text,
    /// `a|b|c`: exactly one of the listed values.
    Choice(Vec<String>),
}

/// Longest free text accepted in a path.
pub const MAX_TEXT_CHARS: usize = 256;

impl ParamType {
    /// Reads a type as written after the colon in a path template.
    pub fn parse(text: &str) -> Option<ParamType> {
        Some(match text {
            "date" => ParamType::Date,
            "date_dmy" => ParamType::DateDmy,
            "card" => ParamType::Card,
            "nik" => ParamType::Nik,
            "digits" => ParamType::Digits,
            "code" => ParamType::Code,
            "int" => ParamType::Int,
            "month" => ParamType::Month,
            "year" => ParamType::Year,
            "text" => ParamType::Text,
            other if other.contains('|') => {
                let values: Vec<String> = other.split('|').map(str::to_owned).collect();
                if values.iter().any(|v| v.is_empty() || !v.bytes().all(|b| b.is_ascii_alphanumeric())) {
                    return None;
                }
                ParamType::Choice(values)
            }
            _ => return None,
        })
    }

    /// The type's name in the JSON form of the catalogue (`"date"`, `"choice"`, ...).
    pub fn name(&self) -> &'static str {
        match self {
            ParamType::Date => "date",
            ParamType::DateDmy => "date_dmy",
            ParamType::Card => "card",
            ParamType::Nik => "nik",
            ParamType::Digits => "digits",
            ParamType::Code => "code",
            ParamType::Int => "int",
            ParamType::Month => "month",
            ParamType::Year => "year",
            ParamType::Text => "text",
            ParamType::Choice(_) => "choice",
        }
    }

    /// What the type expects, for error messages and documentation.
    pub fn expected(&self) -> String {
        match self {
            ParamType::Date => "a date YYYY-MM-DD".into(),
            ParamType::DateDmy => "a date DD-MM-YYYY".into(),
            ParamType::Card => "a card number of 13 digits".into(),
            ParamType::Nik => "a NIK of 16 digits".into(),
            ParamType::Digits => "a card number (13 digits) or a NIK (16 digits)".into(),
            ParamType::Code => "a code of 1 to 64 characters A-Z a-z 0-9 . _ -".into(),
            ParamType::Int => "a non-negative integer (at most 9 digits)".into(),
            ParamType::Month => "a month 1 to 12".into(),
            ParamType::Year => "a year of 4 digits".into(),
            ParamType::Text => format!("text of 1 to {MAX_TEXT_CHARS} characters without control characters"),
            ParamType::Choice(values) => format!("one of {}", values.join(", ")),
        }
    }

    /// A value that passes this type, for examples and tests.
    pub fn sample(&self) -> String {
        match self {
            ParamType::Date => "2026-12-05".into(),
            ParamType::DateDmy => "05-12-2026".into(),
            ParamType::Card => "0001234567890".into(),
            ParamType::Nik => "3201011705800001".into(),
            ParamType::Digits => "0001234567890".into(),
            ParamType::Code => "INT".into(),
            ParamType::Int => "1".into(),
            ParamType::Month => "12".into(),
            ParamType::Year => "2026".into(),
            ParamType::Text => "demam berdarah".into(),
            ParamType::Choice(values) => values.first().cloned().unwrap_or_default(),
        }
    }

    /// Checks `value` and returns its text form, not yet percent-encoded.
    /// Integers may be given as JSON numbers; card numbers, NIKs and codes
    /// only as strings (a number would lose their leading zeros).
    pub fn check(&self, name: &str, value: &Value) -> Result<String> {
        let numeric = matches!(self, ParamType::Int | ParamType::Month | ParamType::Year);
        let text = match value {
            Value::String(s) => s.clone(),
            Value::Number(n) if numeric && n.is_u64() => n.to_string(),
            Value::Bool(b) if matches!(self, ParamType::Choice(v) if v.iter().any(|c| c == "true")) => b.to_string(),
            _ => {
                let kind = if numeric { "a string or an integer" } else { "a string" };
                return Err(self.error(name, Some(kind)));
            }
        };
        if only_dots(&text) {
            return Err(Error::config(format!(
                "parameter `{name}`: a value made only of dots is refused: HTTP clients read `.` and `..` as \
                 \"this\" and \"parent\" path segment and send another endpoint's path; expected {}",
                self.expected()
            )));
        }
        if self.accepts(&text) {
            Ok(text)
        } else {
            Err(self.error(name, None))
        }
    }

    fn error(&self, name: &str, json_kind: Option<&str>) -> Error {
        match json_kind {
            Some(kind) => Error::config(format!("parameter `{name}`: expected {kind}: {}", self.expected())),
            None => Error::config(format!("parameter `{name}`: expected {}", self.expected())),
        }
    }

    /// Whether `text` is a valid value of this type. A value made only of
    /// dots is never valid: `.` and `..` are dot segments that Node's URL,
    /// urllib3 and curl remove before sending, moving the request to another
    /// endpoint (`obat/../kunjungan/X` is `DELETE kunjungan/X`).
    pub fn accepts(&self, text: &str) -> bool {
        if only_dots(text) {
            return false;
        }
        let digits =
            |s: &str, min: usize, max: usize| (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
        match self {
            ParamType::Date => parse_ymd(text).is_some(),
            ParamType::DateDmy => {
                let parts: Vec<&str> = text.split('-').collect();
                parts.len() == 3 && parse_ymd(&format!("{}-{}-{}", parts[2], parts[1], parts[0])).is_some()
            }
            ParamType::Card => digits(text, 13, 13),
            ParamType::Nik => digits(text, 16, 16),
            ParamType::Digits => digits(text, 13, 13) || digits(text, 16, 16),
            ParamType::Code => {
                (1..=64).contains(&text.len())
                    && text.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
            }
            ParamType::Int => digits(text, 1, 9),
            ParamType::Month => digits(text, 1, 2) && matches!(text.parse::<u32>(), Ok(1..=12)),
            ParamType::Year => digits(text, 4, 4),
            ParamType::Text => {
                let chars = text.chars().count();
                (1..=MAX_TEXT_CHARS).contains(&chars) && !text.trim().is_empty() && !text.chars().any(char::is_control)
            }
            ParamType::Choice(values) => values.iter().any(|v| v == text),
        }
    }
}

/// Whether `text` is non-empty and made only of `.`: refused for every type.
pub fn only_dots(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b == b'.')
}

/// Whether an already percent-encoded path segment is a dot segment for a
/// URL parser: `.` or `..`, with any dot written `%2e`/`%2E` (WHATWG URL
/// reads those as dots too).
pub fn is_dot_segment(encoded: &str) -> bool {
    let lower = encoded.to_ascii_lowercase();
    matches!(lower.as_str(), "." | ".." | "%2e" | "%2e%2e" | ".%2e" | "%2e.")
}

/// `YYYY-MM-DD` with a real month and day (leap years included), as
/// `(year, month, day)`; the one date rule of the catalogue and the simulator.
pub fn parse_ymd(text: &str) -> Option<(u32, u32, u32)> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = text.get(range)?;
        if part.bytes().all(|b| b.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&day).then_some((year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(ParamType::Date.accepts("2024-02-29"));
        assert!(!ParamType::Date.accepts("2023-02-29"));
        assert!(!ParamType::Date.accepts("2023-13-01"));
        assert!(!ParamType::Date.accepts("05-12-2026"));
        assert!(ParamType::DateDmy.accepts("05-12-2026"));
        assert!(!ParamType::DateDmy.accepts("2026-12-05"));
    }
}
