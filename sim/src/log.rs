//! The JSON-lines request log. Lines are built from chosen fields only
//! (method, path, service, status, auth verdict, fault, duration): headers and
//! bodies are never logged, so no secret can reach the log.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};

use crate::auth::Verdict;

pub struct Logger {
    out: Mutex<Box<dyn Write + Send>>,
}

/// One line about one request.
pub struct RequestLine<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub service: Option<&'a str>,
    /// `None` when the connection was dropped on purpose.
    pub status: Option<u16>,
    pub auth: Verdict,
    pub fault: Option<String>,
    pub duration: Duration,
}

impl Logger {
    pub fn stderr() -> Self {
        Logger { out: Mutex::new(Box::new(io::stderr())) }
    }

    pub fn file(path: &Path) -> io::Result<Self> {
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        Ok(Logger { out: Mutex::new(Box::new(file)) })
    }

    /// Writes `{"ts": ..., "event": event, ...fields}` as one line.
    pub fn event(&self, event: &str, fields: Map<String, Value>) {
        let mut line = Map::new();
        line.insert("ts".into(), Value::String(rfc3339_now()));
        line.insert("event".into(), Value::String(event.to_owned()));
        line.extend(fields);
        let mut text = Value::Object(line).to_string();
        text.push('\n');
        let mut out = self.out.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // A full disk or closed stderr must not take the server down.
        let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    }

    pub fn request(&self, line: RequestLine<'_>) {
        let mut fields = Map::new();
        fields.insert("method".into(), line.method.into());
        fields.insert("path".into(), line.path.into());
        fields.insert("service".into(), line.service.map_or(Value::Null, Value::from));
        fields.insert("status".into(), line.status.map_or(Value::Null, Value::from));
        fields.insert("auth".into(), line.auth.as_str().into());
        fields.insert("fault".into(), line.fault.map_or(Value::Null, Value::from));
        let ms = (line.duration.as_secs_f64() * 1000.0 * 100.0).round() / 100.0;
        fields.insert("duration_ms".into(), Value::from(ms));
        self.event("request", fields);
    }
}

fn rfc3339_now() -> String {
    let since = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    rfc3339(since.as_secs(), since.subsec_millis())
}

/// UTC `yyyy-mm-ddThh:mm:ss.mmmZ` (civil-from-days, H. Hinnant's algorithm).
pub fn rfc3339(secs: u64, millis: u32) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        assert_eq!(rfc3339(0, 0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(1_732_406_400, 5), "2024-11-24T00:00:00.005Z");
        assert_eq!(rfc3339(951_782_400 + 3661, 999), "2000-02-29T01:01:01.999Z");
    }
}
