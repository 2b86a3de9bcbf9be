//! Faults injected on request (`X-Sim-Fault` header or `__fault` query
//! parameter), so every host can prove its error handling.
//!
//! The spoiled ciphertexts are checked against the core's own decoder before
//! they are sent, so each fault always produces the error kind documented in
//! sim/README.md, whatever the request's timestamp.

use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use bpjs_codec::{compress_and_encrypt, decrypt_and_decompress, encrypt, lz_compress, ErrorKind};

use crate::reply::{Encryptor, Key};

pub const HEADER: &str = "x-sim-fault";
pub const QUERY: &str = "__fault";
/// `slow:<ms>` waits at most this long.
pub const MAX_SLOW_MS: u64 = 60_000;
/// The decoded text of `not-json`.
pub const NOT_JSON_TEXT: &str = "Sukses (bukan JSON)";
/// Tried before giving up on making a spoiled ciphertext fail as documented;
/// each try fails as wanted with probability about 255/256.
const ATTEMPTS: usize = 64;

pub const NAMES: &str =
    "500, 503, 502, 504, 401, 412, expired, slow:<ms>, drop, plain, wrong-key, truncate, truncate-block, lz-truncate, not-json";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Status500,
    Status503,
    /// nginx "502 Bad Gateway" HTML page.
    Html502,
    /// nginx "504 Gateway Time-out" HTML page.
    Html504,
    /// HTTP 401 with the service's envelope, code 401 (PCare answers a bad login so).
    Status401,
    /// HTTP 412 with PCare's field-error list in `response`.
    Status412,
    /// HTTP 401 "Service Expired", as Mobile JKN answers a stale signature.
    Expired,
    Slow(Duration),
    Drop,
    Plain,
    WrongKey,
    Truncate,
    TruncateBlock,
    LzTruncate,
    NotJson,
}

impl Fault {
    pub fn parse(text: &str) -> Result<Fault, String> {
        let text = text.trim();
        let fault = match text.to_ascii_lowercase().as_str() {
            "500" => Fault::Status500,
            "503" => Fault::Status503,
            "502" => Fault::Html502,
            "504" => Fault::Html504,
            "401" => Fault::Status401,
            "412" => Fault::Status412,
            "expired" => Fault::Expired,
            "drop" => Fault::Drop,
            "plain" => Fault::Plain,
            "wrong-key" => Fault::WrongKey,
            "truncate" => Fault::Truncate,
            "truncate-block" => Fault::TruncateBlock,
            "lz-truncate" => Fault::LzTruncate,
            "not-json" => Fault::NotJson,
            other => {
                let ms = other.strip_prefix("slow:").and_then(|ms| ms.parse::<u64>().ok());
                match ms {
                    Some(ms) => Fault::Slow(Duration::from_millis(ms.min(MAX_SLOW_MS))),
                    None => return Err(format!("unknown X-Sim-Fault {text:?}; expected one of: {NAMES}")),
                }
            }
        };
        Ok(fault)
    }

    pub fn name(&self) -> String {
        match self {
            Fault::Status500 => "500".into(),
            Fault::Status503 => "503".into(),
            Fault::Html502 => "502".into(),
            Fault::Html504 => "504".into(),
            Fault::Status401 => "401".into(),
            Fault::Status412 => "412".into(),
            Fault::Expired => "expired".into(),
            Fault::Slow(d) => format!("slow:{}", d.as_millis()),
            Fault::Drop => "drop".into(),
            Fault::Plain => "plain".into(),
            Fault::WrongKey => "wrong-key".into(),
            Fault::Truncate => "truncate".into(),
            Fault::TruncateBlock => "truncate-block".into(),
            Fault::LzTruncate => "lz-truncate".into(),
            Fault::NotJson => "not-json".into(),
        }
    }

    /// Faults that are answered before authentication, as a failing gateway would.
    pub fn is_gateway(&self) -> bool {
        matches!(
            self,
            Fault::Status500
                | Fault::Status503
                | Fault::Html502
                | Fault::Html504
                | Fault::Status401
                | Fault::Status412
                | Fault::Expired
                | Fault::Drop
        )
    }

    /// Faults that replace the `response` field with a spoiled ciphertext.
    pub fn spoils_ciphertext(&self) -> bool {
        matches!(self, Fault::WrongKey | Fault::Truncate | Fault::TruncateBlock | Fault::LzTruncate | Fault::NotJson)
    }

    /// The spoiled `response` string for `text` (the JSON the endpoint answered).
    /// `None` for faults that do not spoil ciphertexts.
    pub fn spoil(&self, key: Key<'_>, text: &str, encryptor: &Encryptor) -> Option<String> {
        let fails_with = |ciphertext: &str, kind: ErrorKind| {
            decrypt_and_decompress(key.cons_id, key.secret, key.timestamp, ciphertext).err().map(|e| e.kind())
                == Some(kind)
        };
        let spoiled = match self {
            Fault::WrongKey => {
                let mut last = String::new();
                for attempt in 0..ATTEMPTS {
                    let wrong_secret = format!("{}#wrong-key-{attempt}", key.secret);
                    last = encryptor.encrypt(Key { secret: &wrong_secret, ..key }, text);
                    if fails_with(&last, ErrorKind::Padding) {
                        break;
                    }
                }
                last
            }
            Fault::Truncate => {
                // A whole base64 quantum goes: still base64, 1-3 bytes short of a block.
                let full = encryptor.encrypt(key, text);
                full[..full.len() - 4].to_owned()
            }
            Fault::TruncateBlock => {
                // Pad the text so at least two blocks exist, then cut whole blocks
                // from the end until the padding check fails.
                let padded = format!("{text:<64}");
                let bytes = STANDARD.decode(encryptor.encrypt(key, &padded)).unwrap_or_default();
                let mut cut = String::new();
                let mut len = bytes.len();
                while len > 16 {
                    len -= 16;
                    cut = STANDARD.encode(&bytes[..len]);
                    if fails_with(&cut, ErrorKind::Padding) {
                        break;
                    }
                }
                cut
            }
            Fault::LzTruncate => {
                let lz = lz_compress(&format!("{text:<64}"));
                let mut cut_at = lz.len() / 2;
                let mut last = String::new();
                for _ in 0..ATTEMPTS {
                    last = encrypt(key.cons_id, key.secret, key.timestamp, &lz.as_bytes()[..cut_at]);
                    if fails_with(&last, ErrorKind::LzTruncated) || cut_at <= 1 {
                        break;
                    }
                    cut_at -= 1;
                }
                last
            }
            Fault::NotJson => compress_and_encrypt(key.cons_id, key.secret, key.timestamp, NOT_JSON_TEXT),
            _ => return None,
        };
        Some(spoiled)
    }
}

/// The page nginx answers when the service behind it fails.
pub const HTML_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
/// The page nginx answers when the service behind it is too slow.
pub const HTML_504: &str = "<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// The page a failing nginx gateway answers with.
pub const HTML_503: &str = "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

#[cfg(test)]
mod tests {
    use super::*;
    use bpjs_codec::process_wrapper;

    #[test]
    fn parses_every_name() {
        for name in [
            "500",
            "503",
            "slow:250",
            "drop",
            "plain",
            "wrong-key",
            "truncate",
            "truncate-block",
            "lz-truncate",
            "not-json",
        ] {
            assert_eq!(Fault::parse(name).unwrap().name(), name);
        }
        assert_eq!(Fault::parse("slow:999999").unwrap(), Fault::Slow(Duration::from_millis(MAX_SLOW_MS)));
        assert!(Fault::parse("slow:").is_err());
        assert!(Fault::parse("boom").is_err());
    }

    #[test]
    fn spoiled_ciphertexts_fail_as_documented() {
        let enc = Encryptor::default();
        let body = |ct: &str| format!(r#"{{"metaData":{{"code":"200","message":"OK"}},"response":"{ct}"}}"#);
        for ts in 1_800_000_000u64..1_800_000_040 {
            let ts = ts.to_string();
            let key = Key { cons_id: "31337", secret: "s", timestamp: &ts };
            for text in ["null", r#"{"poli":[{"kode":"INT","nama":"PENYAKIT DALAM"}]}"#] {
                let kind = |f: Fault| {
                    let ct = f.spoil(key, text, &enc).unwrap();
                    process_wrapper("31337", "s", &ts, body(&ct)).err().map(|e| e.kind())
                };
                assert_eq!(kind(Fault::WrongKey), Some(ErrorKind::Padding));
                assert_eq!(kind(Fault::TruncateBlock), Some(ErrorKind::Padding));
                assert_eq!(kind(Fault::LzTruncate), Some(ErrorKind::LzTruncated));
                assert_eq!(kind(Fault::NotJson), Some(ErrorKind::Json));
                // The 16-byte "null" cut to 20 characters is below the
                // ciphertext rule's 22 and passes as a plain value; the
                // longer reply cut is still ciphertext and fails.
                let expected = if text == "null" { None } else { Some(ErrorKind::CipherLength) };
                assert_eq!(kind(Fault::Truncate), expected);
                let cut = Fault::Truncate.spoil(key, text, &enc).unwrap();
                assert_eq!(decrypt_and_decompress("31337", "s", &ts, cut).unwrap_err().kind(), ErrorKind::CipherLength);
            }
        }
    }
}
