//! Starting and stopping the simulator binary, and small assertions.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub use bpjs_codec::{ErrorKind, Service};
pub use bpjs_sim::client::{Client, Reply};
use bpjs_sim::config::default_credentials;
pub use serde_json::{json, Value};

pub const BIN: &str = env!("CARGO_BIN_EXE_bpjs-sim");
const START_TIMEOUT: Duration = Duration::from_secs(20);

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A unique scratch path for this test process.
pub fn scratch(name: &str) -> PathBuf {
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    std::env::temp_dir().join(format!("bpjs-sim-test-{}-{n}-{name}", std::process::id()))
}

/// One running simulator; killed when dropped.
pub struct Sim {
    child: Option<Child>,
    pub url: String,
    pub log: PathBuf,
}

impl Sim {
    pub fn start() -> Sim {
        Sim::start_with(&[])
    }

    pub fn start_with(args: &[&str]) -> Sim {
        let log = scratch("log.jsonl");
        let mut child = Command::new(BIN)
            .args(["--port", "0", "--log"])
            .arg(&log)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start bpjs-sim");
        let stdout = child.stdout.take().expect("stdout is piped");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut first = String::new();
            let _ = BufReader::new(stdout).read_line(&mut first);
            let _ = tx.send(first);
        });
        let url = match rx.recv_timeout(START_TIMEOUT) {
            Ok(line) if !line.is_empty() => line.trim_end_matches('\n').to_owned(),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("bpjs-sim printed no URL within {START_TIMEOUT:?}");
            }
        };
        Sim { child: Some(child), url, log }
    }

    pub fn client(&self) -> Client {
        Client::new(&self.url, default_credentials())
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Every log line, parsed (each must be one JSON object).
    pub fn log_lines(&self) -> Vec<Value> {
        self.log_text()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("log line is not JSON ({e}): {line}")))
            .collect()
    }

    /// Request lines for `path`, waiting briefly: the line is written after the reply.
    pub fn requests_for(&self, path: &str) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let found: Vec<Value> =
                self.log_lines().into_iter().filter(|l| l["event"] == "request" && l["path"] == path).collect();
            if !found.is_empty() || Instant::now() > deadline {
                return found;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends SIGTERM (to this child only, by pid), waits for it to exit, and
    /// returns its status with the whole log.
    pub fn terminate(mut self) -> (ExitStatus, String) {
        let mut child = self.child.take().expect("running");
        let sent = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("run kill");
        assert!(sent.success());
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(status) = child.try_wait().expect("wait") {
                return (status, self.log_text());
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("bpjs-sim did not exit after SIGTERM");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        // Under `make test` the log is kept for the credential scan.
        if std::env::var_os("BPJS_ARTIFACTS_DIR").is_none() {
            let _ = std::fs::remove_file(&self.log);
        }
    }
}

/// Decodes a reply through the core and returns the envelope as JSON.
pub fn decoded(client: &Client, reply: &Reply) -> Value {
    let processed = client
        .decode(reply)
        .unwrap_or_else(|e| panic!("decode failed ({}): {e}; body {}", e.kind().as_str(), reply.body));
    processed.to_value().unwrap_or_else(|| panic!("not JSON: {}", reply.body))
}

/// The raw body's `response` field, before decoding.
pub fn raw_response(reply: &Reply) -> Value {
    let body: Value =
        serde_json::from_str(&reply.body).unwrap_or_else(|e| panic!("body not JSON ({e}): {}", reply.body));
    body.get("response").cloned().unwrap_or(Value::Null)
}

/// A signed call that must succeed at the HTTP level; returns (reply, decoded envelope).
pub fn get_ok(client: &Client, service: Service, path: &str) -> (Reply, Value) {
    call_ok(client, service, "GET", path, None)
}

pub fn call_ok(client: &Client, service: Service, method: &str, path: &str, body: Option<&str>) -> (Reply, Value) {
    let reply = client.call(service, method, path, body).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(reply.status, 200, "{method} {path}: {}", reply.body);
    let envelope = decoded(client, &reply);
    (reply, envelope)
}

/// The normalised status of an envelope, through the core.
pub fn meta(envelope: &Value) -> bpjs_codec::Metadata {
    bpjs_codec::metadata(envelope)
}

pub fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
}
