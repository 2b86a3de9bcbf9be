//! The URI-safe alphabet of `compressToEncodedURIComponent`: 6 bits per
//! character. The reference's table has 65 characters; the 65th, `$`, is
//! never produced by compression and decodes as six zero bits (64 & 0b111111).

use crate::error::{byte_class, Error, ErrorKind, Result};

pub(crate) const URI_SAFE: &[u8; 65] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$";

/// Marks a byte outside the alphabet in [`REVERSED_VALUE`].
pub(crate) const INVALID: u8 = 0xff;

/// For each input byte: its 6-bit alphabet index with the bit order reversed,
/// or [`INVALID`]. The reference reads each character most significant bit
/// first but assembles codes least significant bit first; reversing once
/// here lets the decoder append characters to a little-endian bit buffer.
/// A space decodes as `+`, as the reference's `replace(/ /g, "+")` does
/// (form decoders turn `+` into spaces).
pub(crate) const REVERSED_VALUE: [u8; 256] = build_table();

const fn reverse6(v: u8) -> u8 {
    let mut out = 0u8;
    let mut i = 0;
    while i < 6 {
        if v & (1 << i) != 0 {
            out |= 1 << (5 - i);
        }
        i += 1;
    }
    out
}

const fn build_table() -> [u8; 256] {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < URI_SAFE.len() {
        table[URI_SAFE[i] as usize] = reverse6(i as u8 & 0b11_1111);
        i += 1;
    }
    table[b' ' as usize] = table[b'+' as usize];
    table
}

/// The policy checks the whole text, including characters after the end code.
pub(crate) fn check(text: &[u8]) -> Result<()> {
    if text.is_empty() {
        return Err(Error::new(ErrorKind::LzEmpty, "lz-string text is empty (nothing was encrypted, or wrong field?)"));
    }
    match text.iter().position(|&b| REVERSED_VALUE[usize::from(b)] == INVALID) {
        None => Ok(()),
        Some(offset) => Err(Error::new(
            ErrorKind::LzInvalidChar,
            format!(
                "lz-string text ({} bytes) has {} at offset {offset}, outside the URI-safe alphabet \
                 (A-Z a-z 0-9 + - $); random-looking bytes mean a wrong cons_id, secret or timestamp",
                text.len(),
                byte_class(text[offset])
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_alphabet() {
        for (i, &c) in URI_SAFE.iter().enumerate() {
            assert_eq!(reverse6(REVERSED_VALUE[usize::from(c)]), i as u8 & 0b11_1111);
        }
        assert_eq!(REVERSED_VALUE[usize::from(b' ')], REVERSED_VALUE[usize::from(b'+')]);
        assert_eq!(REVERSED_VALUE.iter().filter(|&&v| v != INVALID).count(), 66);
    }
}
