//! The HTTP server: accepts connections on loopback, runs each request
//! through fault -> authentication -> endpoint -> envelope, logs it, and stops
//! cleanly on SIGTERM or Ctrl-C.

use std::convert::Infallible;
use std::io::{self, Write};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, CONNECTION, CONTENT_TYPE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Response, StatusCode};
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use serde_json::{Map, Value};
use tokio::net::TcpListener;
use tokio::sync::Notify;

use crate::auth::{self, Verdict};
use crate::config::Config;
use crate::fault::{self, Fault};
use crate::fixtures::Fixtures;
use crate::log::{Logger, RequestLine};
use crate::reply::{envelope, style, Answer, Encryptor, Key, Wire};
use crate::routes::{mounts, query_pairs, resolve, Mount};
use crate::services;
use crate::state::Store;

/// Request bodies larger than this are refused (BPJS bodies are a few KB).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// How long requests in flight may take to finish after SIGTERM.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Everything a request needs, shared by all connections.
pub struct App {
    pub config: Config,
    pub mounts: Vec<Mount>,
    pub fixtures: Fixtures,
    pub encryptor: Encryptor,
    pub logger: Logger,
    pub store: Store,
}

impl App {
    pub fn new(config: Config) -> Result<App, String> {
        let fixtures = match &config.data_dir {
            Some(dir) => Fixtures::load(dir)?,
            None => Fixtures::default(),
        };
        let logger = match &config.log_file {
            Some(path) => Logger::file(path).map_err(|e| format!("--log {}: {e}", path.display()))?,
            None => Logger::stderr(),
        };
        Ok(App { config, mounts: mounts(), fixtures, encryptor: Encryptor::default(), logger, store: Store::default() })
    }
}

/// Binds, prints the base URL as the first stdout line, serves until SIGTERM/Ctrl-C.
pub async fn serve(config: Config) -> Result<(), String> {
    let print_url = |url: &str| {
        let mut stdout = io::stdout().lock();
        let _ = writeln!(stdout, "{url}").and_then(|()| stdout.flush());
    };
    serve_until(config, print_url, shutdown_signal()).await
}

/// Binds, hands the base URL to `on_ready`, serves until `shutdown` completes.
pub async fn serve_until(
    config: Config,
    on_ready: impl FnOnce(&str),
    shutdown: impl std::future::Future<Output = ()>,
) -> Result<(), String> {
    let app = Arc::new(App::new(config)?);
    let addr = SocketAddr::new(app.config.host, app.config.port);
    let listener = TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    let url = format!("http://{local}");
    on_ready(&url);
    let mut fields = Map::new();
    fields.insert("url".into(), url.into());
    fields.insert("fixtures".into(), app.fixtures.len().into());
    app.logger.event("listening", fields);

    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    spawn_connection(app.clone(), stream, &graceful);
                }
                Err(err) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    let mut fields = Map::new();
                    fields.insert("error".into(), err.to_string().into());
                    app.logger.event("accept_error", fields);
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    let finished = tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await.is_ok();
    let mut fields = Map::new();
    fields.insert("clean".into(), finished.into());
    app.logger.event("shutdown", fields);
    Ok(())
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

fn spawn_connection(app: Arc<App>, stream: tokio::net::TcpStream, graceful: &GracefulShutdown) {
    // The `drop` fault closes this connection without an answer: the handler
    // signals, and the connection future is dropped with its socket.
    let kill = Arc::new(Notify::new());
    let service = {
        let kill = kill.clone();
        service_fn(move |request| {
            let app = app.clone();
            let kill = kill.clone();
            async move { Ok::<_, Infallible>(handle(app, request, kill).await) }
        })
    };
    let connection = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    let connection = graceful.watch(connection);
    tokio::spawn(async move {
        tokio::select! {
            _ = connection => {}
            () = kill.notified() => {}
        }
    });
}

fn response(status: u16, content_type: &'static str, body: String) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

const JSON: &str = "application/json";
const TEXT: &str = "text/plain; charset=utf-8";
const HTML: &str = "text/html";

fn now_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

async fn handle(app: Arc<App>, request: hyper::Request<Incoming>, kill: Arc<Notify>) -> Response<Full<Bytes>> {
    let started = Instant::now();
    let (parts, incoming) = request.into_parts();
    let method = parts.method.clone();
    let path = parts.uri.path().to_owned();
    let query = query_pairs(parts.uri.query());
    // The body is read before anything is answered, so that an early answer
    // (a fault, a failed check) leaves the connection reusable.
    let body = Limited::new(incoming, MAX_BODY_BYTES).collect().await.map(|collected| collected.to_bytes());
    let mut line = RequestLine {
        method: method.as_str(),
        path: &path,
        service: None,
        status: None,
        auth: Verdict::Skipped,
        fault: None,
        duration: Duration::ZERO,
    };
    // A body that was not read to its end stays on the wire: the connection cannot be reused.
    let close = body.is_err();
    let (status, content_type, text) = 'answer: {
        let fault_text = parts
            .headers
            .get(fault::HEADER)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .or_else(|| query.iter().find(|(k, _)| k == fault::QUERY).map(|(_, v)| v.clone()));
        let fault = match fault_text.as_deref().map(Fault::parse).transpose() {
            Ok(fault) => fault,
            Err(message) => break 'answer (400, TEXT, message + "\n"),
        };
        line.fault = fault.map(|f| f.name());
        let Some((mount, segments)) = resolve(&app.mounts, &path) else {
            break 'answer (404, TEXT, format!("no BPJS service at {path}; see sim/README.md\n"));
        };
        let service = mount.service;
        line.service = Some(service.name());
        let style = style(service);
        match fault {
            Some(Fault::Drop) => {
                line.duration = started.elapsed();
                app.logger.request(line);
                kill.notify_one();
                return std::future::pending().await;
            }
            Some(Fault::Status500) => {
                let answer = Answer::error(500, "Internal Server Error").with_status(500);
                break 'answer (500, JSON, envelope(&style, &answer, Wire::Json(Value::Null)));
            }
            Some(Fault::Status503) => break 'answer (503, HTML, fault::HTML_503.to_owned()),
            Some(Fault::Html502) => break 'answer (502, HTML, fault::HTML_502.to_owned()),
            Some(Fault::Html504) => break 'answer (504, HTML, fault::HTML_504.to_owned()),
            Some(Fault::Status401) => {
                let answer = Answer::error(401, "Unauthorized").with_status(401);
                break 'answer (401, JSON, envelope(&style, &answer, Wire::Json(Value::Null)));
            }
            Some(Fault::Expired) => {
                let answer = Answer::error(401, "Service Expired").with_status(401);
                break 'answer (401, JSON, envelope(&style, &answer, Wire::Json(Value::Null)));
            }
            Some(Fault::Status412) => {
                let fields = serde_json::json!([{"field": "noKartu", "message": "Nomor kartu tidak valid"}]);
                let answer = Answer::error(412, "PRECONDITION_FAILED").with_status(412);
                break 'answer (412, JSON, envelope(&style, &answer, Wire::Json(fields)));
            }
            Some(Fault::Slow(delay)) => tokio::time::sleep(delay).await,
            _ => {}
        }

        let credentials = &app.config.credentials;
        let timestamp = match auth::check(&parts.headers, service, credentials, app.config.skew_secs, now_secs()) {
            Ok(timestamp) => timestamp,
            Err(verdict) => {
                line.auth = verdict;
                let answer = Answer::error(401, verdict.message()).with_status(401);
                break 'answer (401, JSON, envelope(&style, &answer, Wire::Json(Value::Null)));
            }
        };
        line.auth = Verdict::Ok;

        let Ok(body) = body else {
            let answer = Answer::error(413, "Request body too large or unreadable").with_status(413);
            break 'answer (413, JSON, envelope(&style, &answer, Wire::Json(Value::Null)));
        };

        // Compressing and encrypting a 1 MB answer takes milliseconds of CPU:
        // keep it off the threads that drive the connections.
        let job = {
            let app = app.clone();
            let method = method.clone();
            let mount = mount.clone();
            move || answer(&app, &method, &mount, &segments, &query, &body, timestamp.as_str(), fault)
        };
        match tokio::task::spawn_blocking(job).await {
            Ok((status, text)) => (status, JSON, text),
            Err(_) => {
                let answer = Answer::error(500, "Internal Server Error").with_status(500);
                (500, JSON, envelope(&style, &answer, Wire::Json(Value::Null)))
            }
        }
    };
    line.status = Some(status);
    line.duration = started.elapsed();
    app.logger.request(line);
    let mut response = response(status, content_type, text);
    if close {
        response.headers_mut().insert(CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// The endpoint's answer in its envelope, encrypted or spoiled as asked.
#[allow(clippy::too_many_arguments)]
fn answer(
    app: &App,
    method: &hyper::Method,
    mount: &Mount,
    segments: &[String],
    query: &[(String, String)],
    body: &[u8],
    timestamp: &str,
    fault: Option<Fault>,
) -> (u16, String) {
    let service = mount.service;
    let answer = match app.fixtures.get(service, segments) {
        Some(value) => {
            let answer = Answer::ok(value.clone());
            match value.get("list").and_then(Value::as_array) {
                Some(list) if service == bpjs_codec::Service::Aplicares => answer.with_totalitems(list.len()),
                _ => answer,
            }
        }
        None => {
            let request =
                services::Request { method, mount, segments, query, body, store: &app.store, config: &app.config };
            services::handle(&request)
        }
    };
    let credentials = &app.config.credentials;
    let key = Key { cons_id: &credentials.cons_id, secret: &credentials.secret, timestamp };
    let json_text = |value: &Option<Value>| value.as_ref().unwrap_or(&Value::Null).to_string();
    let wire = match fault {
        Some(f) if f.spoils_ciphertext() => {
            Wire::Ciphertext(f.spoil(key, &json_text(&answer.response), &app.encryptor).unwrap_or_default())
        }
        Some(Fault::Plain) => answer.response.clone().map_or(Wire::Absent, Wire::Json),
        _ if mount.encrypts && answer.wants_encryption() => {
            Wire::Ciphertext(app.encryptor.encrypt(key, &json_text(&answer.response)))
        }
        _ => answer.response.clone().map_or(Wire::Absent, Wire::Json),
    };
    (answer.status, envelope(&style(service), &answer, wire))
}
