//! `X-signature` and `X-authorization`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use zeroize::{Zeroize, Zeroizing};

/// `X-signature` = base64(HMAC-SHA256(key = secret, message = cons_id + "&" + timestamp)).
///
/// The value is sent as is: URL-encoding it (a common bug) makes BPJS reject
/// every signature that happens to contain `+` or `/`.
pub fn signature(cons_id: &str, secret: &str, timestamp: &str) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(cons_id.as_bytes());
    mac.update(b"&");
    mac.update(timestamp.as_bytes());
    let mut tag = mac.finalize().into_bytes();
    let encoded = STANDARD.encode(tag.as_slice());
    tag.as_mut_slice().zeroize();
    encoded
}

/// `X-authorization` = "Basic " + base64(username + ":" + password + ":" + app_code).
pub fn authorization(username: &str, password: &str, app_code: &str) -> String {
    let plain = Zeroizing::new(format!("{username}:{password}:{app_code}"));
    format!("Basic {}", STANDARD.encode(plain.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_matches_rfc4231_style_hmac() {
        // HMAC-SHA256(key="key", "The quick brown fox jumps over the lazy dog")
        // = f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8
        let sig = signature("The quick brown fox jumps over the lazy dog", "key", "");
        // The message here ends in "&", so compare against a fresh HMAC instead.
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(b"key").unwrap();
        mac.update(b"The quick brown fox jumps over the lazy dog&");
        assert_eq!(sig, STANDARD.encode(mac.finalize().into_bytes()));
    }

    #[test]
    fn authorization_is_basic_with_three_parts() {
        assert_eq!(authorization("user", "pass", "095"), format!("Basic {}", STANDARD.encode("user:pass:095")));
    }
}
