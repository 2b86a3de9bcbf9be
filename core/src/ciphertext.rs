//! Which `response` strings are ciphertext: the one rule that decides
//! whether [`crate::process_wrapper`] decrypts a string (and fails loudly
//! when it cannot) or passes it through as a plain value.
//!
//! The rule, its reasons and its measurements are in docs/decoding.md.
//! In short: BPJS's plain strings are short identifiers (a SEP number is 19
//! characters) and messages made of short words; its ciphertext is one
//! unbroken run of base64, at least 24 characters. A string is ciphertext
//! when it has a run of [`MIN_CIPHERTEXT_RUN`] non-whitespace characters
//! and almost all of its characters are base64's. Damage to a ciphertext
//! (a cut, a changed, missing or extra character, a `+` turned into a
//! space, the URL-safe alphabet) keeps it on the ciphertext side, so it
//! decodes to an error instead of passing through as a "success".

/// The shortest run of non-whitespace characters a ciphertext has: 22, the
/// number of base64 characters that one AES block (16 bytes) needs when the
/// `=` padding is left out. Every string that decodes to at least one block
/// is at least this long; every plain identifier BPJS sends is shorter.
pub const MIN_CIPHERTEXT_RUN: usize = 22;

/// A ciphertext may hold at most one character in this many that is
/// "foreign": outside the characters a ciphertext is made of or turned into
/// in transit (`A-Z a-z 0-9 + / =`, the URL-safe `-` `_`, the `%` of URL
/// encoding) and ASCII whitespace. Undamaged ciphertext has none; one
/// changed character makes one. JSON text, HTML and sentences with
/// punctuation have more, and stay plain.
pub const MAX_FOREIGN_ONE_IN: usize = 16;

/// Characters of base64 (both RFC 4648 alphabets) and of URL-encoded base64.
fn is_ciphertext_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '-' | '_' | '%')
}

/// Whether a `response` string is ciphertext (decrypt it; a failure is an
/// error with its kind) rather than a plain value (pass it through).
///
/// True when both hold:
/// 1. its longest run of characters that are not ASCII whitespace (space,
///    tab, LF, FF, CR) is at least [`MIN_CIPHERTEXT_RUN`] (22) characters;
/// 2. at most one in [`MAX_FOREIGN_ONE_IN`] (16) of its non-whitespace
///    characters is outside `A-Z a-z 0-9 + / = - _ %` (base64, its URL-safe
///    variant, URL encoding).
///
/// Plain: `"0301R0011017V000007"` (a SEP number), `"OK"`, `"Sukses"`, `"1"`,
/// `"Data tidak ditemukan"`, `""`, JSON or HTML text. Ciphertext: every real
/// BPJS ciphertext, and every cut of one that keeps at least 22 characters,
/// every copy with one character changed, removed or added, `+` read as a
/// space, `-`/`_` for `+`/`/`, or URL-encoded. A cut that keeps fewer than 22 characters
/// is indistinguishable from a plain identifier and passes through.
///
/// ```
/// use bpjs_codec::ciphertext::is_ciphertext;
///
/// assert!(!is_ciphertext("0301R0011017V000007"));
/// assert!(!is_ciphertext("Data tidak ditemukan"));
/// assert!(is_ciphertext("n7bNWt0w3BdvUKmWdZOTfw=="));
/// assert!(is_ciphertext("n7bNWt0w3BdvUKmWdZOTfw")); // cut to 22: decoding fails
/// assert!(!is_ciphertext("n7bNWt0w3BdvUKmWdZOTf")); // cut to 21: looks plain
/// ```
pub fn is_ciphertext(response: &str) -> bool {
    let mut longest_run = 0usize;
    let mut run = 0usize;
    let mut total = 0usize;
    let mut foreign = 0usize;
    for c in response.chars() {
        if c.is_ascii_whitespace() {
            run = 0;
            continue;
        }
        run += 1;
        longest_run = longest_run.max(run);
        total += 1;
        if !is_ciphertext_char(c) {
            foreign += 1;
        }
    }
    longest_run >= MIN_CIPHERTEXT_RUN && foreign.saturating_mul(MAX_FOREIGN_ONE_IN) <= total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_values_stay_plain() {
        for plain in [
            "",
            " \r\n\t ",
            "1",
            "OK",
            "Sukses",
            "0301R0011017V000007",
            "0301R0011017V000007 berhasil dihapus",
            "Data tidak ditemukan",
            "Peserta dengan NoKartu 0001234567890 tidak ditemukan",
            r#"{"noSep":"0301R0011017V000007","nama":"BUDI"}"#,
            "<html><head><title>503 Service Temporarily Unavailable</title></head></html>",
            "/ref/dokter/kodepoli/{kodePoli}/tanggal/{tanggal}",
            "123456789012345678901", // 21 characters
        ] {
            assert!(!is_ciphertext(plain), "{plain:?}");
        }
    }

    #[test]
    fn ciphertext_and_its_damage_is_ciphertext() {
        let ct = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJqw==";
        assert!(is_ciphertext(ct));
        assert!(is_ciphertext(&ct[..MIN_CIPHERTEXT_RUN]));
        assert!(!is_ciphertext(&ct[..MIN_CIPHERTEXT_RUN - 1]));
        assert!(is_ciphertext(&ct.replace('q', "-")));
        assert!(is_ciphertext(&ct.replacen('q', "!", 2)));
        assert!(!is_ciphertext(&ct.replacen('q', "!", 3)));
        assert!(is_ciphertext(&format!("{} {}", &ct[..21], &ct[22..])));
        assert!(is_ciphertext(&format!("  {ct}\r\n")));
        // Long unbroken tokens that are not ciphertext fail loudly when
        // decoded (docs/decoding.md, "Known limits"); BPJS sends none.
        assert!(is_ciphertext("1234567890123456789012"));
        assert!(is_ciphertext("vclaim-rest/SEP/0301R0011017V000007"));
        assert!(is_ciphertext("https://apijkn.bpjs-kesehatan.go.id/vclaim-rest/SEP/0301R0011017V000007"));
    }
}
