//! Base64 as BPJS sends it: standard alphabet, `=` padding optional, and
//! ASCII whitespace ignored anywhere (ciphertext pasted from wrapped logs).

use base64::alphabet::STANDARD;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;

use crate::error::{byte_class, Error, ErrorKind, Result};

const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

fn is_base64_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'='
}

fn error(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Base64, message)
}

/// Decodes `text` under the policy above; any other byte is a `base64` error.
///
/// The common case (no whitespace) goes straight to the engine; only when it
/// fails is the text searched for whitespace to drop, or for the offending
/// byte to name. (A byte-by-byte pre-scan cost three times the decoding.)
pub(crate) fn decode(text: &[u8]) -> Result<Vec<u8>> {
    match LENIENT.decode(text) {
        Ok(bytes) => Ok(bytes),
        Err(_) if text.iter().any(u8::is_ascii_whitespace) => {
            let compact: Vec<u8> = text.iter().copied().filter(|b| !b.is_ascii_whitespace()).collect();
            LENIENT.decode(&compact).map_err(|e| explain(text, e))
        }
        Err(e) => Err(explain(text, e)),
    }
}

/// The error message: the offset and class of the first byte outside the
/// alphabet (offset in the text as given), else what the engine found
/// wrong. Never the byte itself nor the engine's own text, which quotes it.
fn explain(text: &[u8], engine_error: base64::DecodeError) -> Error {
    let bad = text.iter().enumerate().find(|(_, &b)| !b.is_ascii_whitespace() && !is_base64_byte(b));
    match bad {
        Some((offset, &b)) => error(format!(
            "ciphertext ({} bytes) is not base64: {} at offset {offset} (expected A-Z a-z 0-9 + / =; \
             was it altered in transit, e.g. URL-safe - and _ or URL-encoded?)",
            text.len(),
            byte_class(b)
        )),
        None => {
            // Offsets of the engine count the text without whitespace.
            let what = match engine_error {
                base64::DecodeError::InvalidLength(_) => "its length is 1 more than a multiple of 4".to_owned(),
                base64::DecodeError::InvalidByte(offset, _) => {
                    format!("'=' where data was expected, at offset {offset} (whitespace not counted)")
                }
                base64::DecodeError::InvalidLastSymbol { offset, .. } => {
                    format!("invalid last character at offset {offset} (whitespace not counted)")
                }
                base64::DecodeError::InvalidPadding => "its '=' padding does not fit its length".to_owned(),
            };
            error(format!(
                "ciphertext ({} bytes) is not valid base64: {what}; was it cut short or copied incompletely?",
                text.len()
            ))
        }
    }
}

/// Standard base64 with `=` padding, as BPJS sends it.
pub(crate) fn encode(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_about_whitespace_and_padding() {
        assert_eq!(decode(b"aGVsbG8=").unwrap(), b"hello");
        assert_eq!(decode(b"aGVsbG8").unwrap(), b"hello");
        assert_eq!(decode(b" aGVs\r\nbG8=\n").unwrap(), b"hello");
    }

    #[test]
    fn strict_about_alphabet() {
        for bad in [&b"aGVs-G8="[..], b"aGVs_G8=", b"<html>", b"aGVsb"] {
            assert_eq!(decode(bad).unwrap_err().kind(), ErrorKind::Base64, "{bad:?}");
        }
    }
}
