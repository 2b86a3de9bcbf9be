//! The one error type of the crate. Every host maps [`ErrorKind`] once, to an
//! exception carrying the same lower-case kind string.

use std::fmt;
use std::str::FromStr;

/// What went wrong, as a stable machine-readable kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The ciphertext is not standard base64.
    Base64,
    /// The decoded ciphertext is empty or not a multiple of the AES block size.
    CipherLength,
    /// PKCS#7 padding is invalid: almost always a wrong cons_id, secret or timestamp.
    Padding,
    /// The lz-string text is empty.
    LzEmpty,
    /// The lz-string text holds a character outside the URI-safe alphabet.
    LzInvalidChar,
    /// The lz-string stream ends before its end code.
    LzTruncated,
    /// The lz-string stream has an invalid first code or back-reference.
    LzCorrupt,
    /// The decompressed output would exceed the configured limit.
    OutputLimit,
    /// The decoded text is not exactly one JSON value.
    Json,
    /// A required credential or argument is missing or malformed.
    Config,
}

impl ErrorKind {
    /// Every kind, in declaration order.
    pub const ALL: [ErrorKind; 10] = [
        ErrorKind::Base64,
        ErrorKind::CipherLength,
        ErrorKind::Padding,
        ErrorKind::LzEmpty,
        ErrorKind::LzInvalidChar,
        ErrorKind::LzTruncated,
        ErrorKind::LzCorrupt,
        ErrorKind::OutputLimit,
        ErrorKind::Json,
        ErrorKind::Config,
    ];

    /// The stable kind string every host exposes (`"padding"`, `"lz_corrupt"`, ...).
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Base64 => "base64",
            ErrorKind::CipherLength => "cipher_length",
            ErrorKind::Padding => "padding",
            ErrorKind::LzEmpty => "lz_empty",
            ErrorKind::LzInvalidChar => "lz_invalid_char",
            ErrorKind::LzTruncated => "lz_truncated",
            ErrorKind::LzCorrupt => "lz_corrupt",
            ErrorKind::OutputLimit => "output_limit",
            ErrorKind::Json => "json",
            ErrorKind::Config => "config",
        }
    }
}

impl FromStr for ErrorKind {
    type Err = Error;

    /// The kind's own name (`"padding"`, `"output_limit"`...), as hosts report it.
    fn from_str(s: &str) -> Result<Self> {
        ErrorKind::ALL.into_iter().find(|kind| kind.as_str() == s).ok_or_else(|| {
            // Not echoed: the text comes from a host and could be anything.
            let kinds: Vec<&str> = ErrorKind::ALL.iter().map(|kind| kind.as_str()).collect();
            Error::config(format!(
                "error kind: unknown ({} characters); expected one of {}",
                s.chars().count(),
                kinds.join(", ")
            ))
        })
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error with its kind and a message that says what to check.
///
/// Messages never contain a secret, password, user_key, signature,
/// authorization value or derived key, nor any content of a decrypted
/// reply, a request payload, a URL path or another caller-supplied string:
/// they are built only from lengths, offsets, byte classes, field names and
/// public facts (docs/decoding.md, "Error messages").
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error { kind, message: message.into() }
    }

    /// A `config` error naming the missing or malformed field.
    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Config, message)
    }

    /// The machine-readable kind.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The human-readable message (without the kind prefix).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error").field("kind", &self.kind.as_str()).field("message", &self.message).finish()
    }
}

impl std::error::Error for Error {}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What kind of byte `b` is, for messages that must say where input went
/// wrong without quoting it (a single quoted byte of a reply is content).
pub(crate) fn byte_class(b: u8) -> &'static str {
    match b {
        b'A'..=b'Z' | b'a'..=b'z' => "an ASCII letter",
        b'0'..=b'9' => "an ASCII digit",
        b' ' | b'\t' | b'\n' | b'\r' | 0x0c => "ASCII whitespace",
        0x00..=0x1f | 0x7f => "a control byte",
        0x80..=0xff => "a non-ASCII byte (UTF-8 or binary)",
        _ => "ASCII punctuation",
    }
}
