//! Percent-encoding of one path segment (RFC 3986): everything but the
//! unreserved characters is escaped, so a keyword such as `demam/berdarah`
//! stays one segment and a space never reaches the wire raw.

/// Escapes `text` for use as one URL path segment: `A-Z a-z 0-9 - . _ ~`
/// stay, every other byte of its UTF-8 form becomes `%XX` (upper-case hex).
pub fn percent_encode_segment(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::percent_encode_segment;

    #[test]
    fn escapes_all_but_unreserved() {
        assert_eq!(percent_encode_segment("A-z_0.9~"), "A-z_0.9~");
        assert_eq!(percent_encode_segment("demam berdarah/x?y#z%"), "demam%20berdarah%2Fx%3Fy%23z%25");
        assert_eq!(percent_encode_segment("é"), "%C3%A9");
        assert_eq!(percent_encode_segment("a+b&c=d"), "a%2Bb%26c%3Dd");
    }
}
