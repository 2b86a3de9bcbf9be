//! The request timestamp: seconds since the Unix epoch, as a decimal string.
//!
//! One value per request goes into `X-timestamp`, the signature and the
//! response key. It is read from the system clock as UTC seconds, so no time
//! zone setting can change it.

use std::fmt;

use crate::error::{Error, Result};

/// A validated timestamp (non-empty ASCII digits, at most 20 of them).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Timestamp(String);

const MAX_DIGITS: usize = 20;

impl Timestamp {
    /// The current time, read once.
    #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
    pub fn now() -> Self {
        use std::time::{SystemTime, UNIX_EPOCH};
        // A clock before 1970 is a broken machine, not an input; 0 keeps us panic-free.
        let secs = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        Timestamp(secs.to_string())
    }

    /// The current time where the platform has a clock the core can read.
    pub(crate) fn try_now() -> Result<Self> {
        #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
        return Ok(Timestamp::now());
        // std's clock panics on wasm32-unknown-unknown: the host reads it.
        #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
        return Err(Error::config("timestamp: required on WebAssembly (pass the host's clock, in seconds)"));
    }

    /// Accepts a decimal string such as `"1732406400"`; used verbatim in the key.
    pub fn parse(text: &str) -> Result<Self> {
        check(text)?;
        Ok(Timestamp(text.to_owned()))
    }

    /// The timestamp of `secs` seconds since the epoch.
    pub fn from_secs(secs: u64) -> Self {
        Timestamp(secs.to_string())
    }

    /// The decimal text, as sent in `X-timestamp` and used in the key.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Seconds since the epoch; `None` if the digits do not fit in a u64.
    pub fn secs(&self) -> Option<u64> {
        self.0.parse().ok()
    }
}

/// Checks that `text` is a usable timestamp without allocating.
pub(crate) fn check(text: &str) -> Result<()> {
    if text.is_empty() {
        return Err(Error::config("timestamp: missing (expected seconds since the Unix epoch, e.g. \"1732406400\")"));
    }
    if text.len() > MAX_DIGITS || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::config(format!(
            "timestamp: expected decimal seconds since the Unix epoch (digits only, no fraction), got {} characters that are not",
            text.len()
        )));
    }
    Ok(())
}

impl From<u64> for Timestamp {
    fn from(secs: u64) -> Self {
        Timestamp::from_secs(secs)
    }
}

impl TryFrom<&str> for Timestamp {
    type Error = Error;

    fn try_from(text: &str) -> Result<Self> {
        Timestamp::parse(text)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use std::time::{SystemTime, UNIX_EPOCH};

    #[test]
    fn accepts_digits_and_rejects_the_rest() {
        assert_eq!(Timestamp::parse("1732406400").unwrap().as_str(), "1732406400");
        assert_eq!(Timestamp::from(0).as_str(), "0");
        for bad in ["", "17324064.5", "-1", " 1", "abc", "123456789012345678901"] {
            assert_eq!(Timestamp::parse(bad).unwrap_err().kind(), ErrorKind::Config, "{bad:?}");
        }
    }

    #[test]
    fn now_is_utc_seconds() {
        let before = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
        let now = Timestamp::now().secs().unwrap();
        assert!(now >= before && now <= before + 2);
    }
}
