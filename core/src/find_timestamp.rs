//! Which timestamp a captured response was encrypted with, when it was not
//! recorded: the common support case is clock skew between the hospital's
//! server and BPJS. Candidates are screened on the last AES block (the
//! padding lives there, and in CBC it depends only on the key and the block
//! before it), so a wrong key costs one SHA-256 and one block, not a decode.

use crate::base64;
use crate::cipher::{check_cipher_length, decrypt_in_place_using, padding_len, AesCbcDecrypt, BuiltinAes, BLOCK_LEN};
use crate::codec::check_key_parts;
use crate::error::{Error, Result};
use crate::key::ResponseKey;
use crate::lzstring;
use crate::timestamp::Timestamp;

/// The widest search: one week on each side.
pub const MAX_WINDOW_SECS: u64 = 7 * 24 * 3600;

/// Tries `around`, then `around - 1`, `around + 1`, ... up to `window`
/// seconds away, and returns the first timestamp whose key gives valid
/// padding and lz-string text. `Ok(None)`: no timestamp in the window does
/// (check cons_id and secret). A `response` that is not an encrypted one at
/// all fails at once with `base64` or `cipher_length`.
pub fn find_timestamp(
    cons_id: &str,
    secret: &str,
    ciphertext: impl AsRef<[u8]>,
    around: u64,
    window: u64,
) -> Result<Option<Timestamp>> {
    check_key_parts(cons_id, secret, &around.to_string())?;
    if window > MAX_WINDOW_SECS {
        return Err(Error::config(format!("window: at most {MAX_WINDOW_SECS} seconds (one week)")));
    }
    let bytes = base64::decode(ciphertext.as_ref())?;
    check_cipher_length(bytes.len())?;
    let last_start = bytes.len() - BLOCK_LEN;
    let previous = (last_start >= BLOCK_LEN).then(|| &bytes[last_start - BLOCK_LEN..last_start]);

    // around, around - 1, around + 1, around - 2, ...
    let candidates = std::iter::once(Some(around))
        .chain((1..=window).flat_map(|offset| [around.checked_sub(offset), around.checked_add(offset)]))
        .flatten();
    for candidate in candidates {
        let timestamp = Timestamp::from_secs(candidate);
        let key = ResponseKey::derive(cons_id, secret, timestamp.as_str());
        let mut block = [0u8; BLOCK_LEN];
        block.copy_from_slice(&bytes[last_start..]);
        let mut iv = *key.iv();
        if let Some(previous) = previous {
            iv.copy_from_slice(previous);
        }
        if BuiltinAes.decrypt_cbc(key.key(), &iv, &mut block).is_err() || padding_len(&block).is_none() {
            continue;
        }
        // 1 wrong key in 256 passes the padding screen: confirm with the
        // whole plaintext and the lz alphabet.
        let mut buf = bytes.clone();
        if decrypt_in_place_using(&BuiltinAes, &key, &mut buf).is_ok_and(lzstring::is_lz_text) {
            return Ok(Some(timestamp));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{compress_and_encrypt, ErrorKind};

    #[test]
    fn finds_the_skewed_timestamp() {
        let ct = compress_and_encrypt("1000", "s3cret", "1732406437", r#"{"poli":"INT"}"#);
        let found = find_timestamp("1000", "s3cret", &ct, 1732406400, 60).unwrap();
        assert_eq!(found.unwrap().as_str(), "1732406437");
        let before = find_timestamp("1000", "s3cret", &ct, 1732406500, 120).unwrap();
        assert_eq!(before.unwrap().as_str(), "1732406437");
        assert_eq!(find_timestamp("1000", "s3cret", &ct, 1732406400, 10).unwrap(), None);
        assert_eq!(find_timestamp("1000", "wrong", &ct, 1732406437, 5).unwrap(), None);
        // Single-block ciphertext: the IV comes from the key.
        let short = compress_and_encrypt("1000", "s3cret", "5", "1");
        assert_eq!(find_timestamp("1000", "s3cret", &short, 0, 10).unwrap().unwrap().as_str(), "5");
    }

    #[test]
    fn plain_responses_are_not_searched() {
        let err = find_timestamp("1000", "s3cret", "0301R0011124V000123", 1, 600).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::CipherLength);
        let err = find_timestamp("1000", "s3cret", "<html>Service Unavailable</html>", 1, 600).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Base64);
        assert_eq!(find_timestamp("1000", "s3cret", "OK", 1, 600).unwrap_err().kind(), ErrorKind::CipherLength);
        assert_eq!(find_timestamp("", "s3cret", "OK", 1, 600).unwrap_err().kind(), ErrorKind::Config);
        assert_eq!(find_timestamp("1", "s", "AAAA", 1, MAX_WINDOW_SECS + 1).unwrap_err().kind(), ErrorKind::Config);
    }
}
