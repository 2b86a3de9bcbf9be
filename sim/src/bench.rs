//! `bpjs-sim bench`: starts a simulator in this process and measures signed
//! round trips through it, decoded through the core — a small answer over
//! several keep-alive connections, and the 1 MB diagnosa list. Numbers, not
//! pass/fail; `make bench-sim` runs it.

use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use bpjs_codec::Service;

use crate::client::Client;
use crate::config::{default_credentials, Config};
use crate::server::serve_until;

struct Case {
    name: &'static str,
    service: Service,
    path: &'static str,
    requests: usize,
    connections: usize,
}

const CASES: [Case; 3] = [
    Case {
        name: "vclaim poli (small)",
        service: Service::Vclaim,
        path: "/vclaim-rest/referensi/poli/INT",
        requests: 4000,
        connections: 8,
    },
    Case {
        name: "pcare dokter (small)",
        service: Service::Pcare,
        path: "/pcare-rest/dokter/0/8",
        requests: 4000,
        connections: 8,
    },
    Case {
        name: "pcare diagnosa 1 MB",
        service: Service::Pcare,
        path: "/pcare-rest/diagnosa/-/0/100000",
        requests: 40,
        connections: 2,
    },
];

pub fn run() -> ExitCode {
    let (url_tx, url_rx) = mpsc::channel();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
        let config = Config { log_file: Some("/dev/null".into()), ..Config::default() };
        let on_ready = move |url: &str| {
            let _ = url_tx.send(url.to_owned());
        };
        runtime.block_on(serve_until(config, on_ready, async {
            let _ = stop_rx.await;
        }))
    });
    let Ok(url) = url_rx.recv_timeout(Duration::from_secs(20)) else {
        eprintln!("bpjs-sim bench: the simulator did not start: {:?}", server.join());
        return ExitCode::FAILURE;
    };
    println!("bpjs-sim bench: in-process simulator at {url}; each request signed, sent, decoded through the core");
    let mut failed = false;
    for case in &CASES {
        match measure(&url, case) {
            Ok(line) => println!("{line}"),
            Err(message) => {
                failed = true;
                println!("{:<22} FAILED: {message}", case.name);
            }
        }
    }
    let _ = stop_tx.send(());
    let _ = server.join();
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn measure(url: &str, case: &Case) -> Result<String, String> {
    // One warm-up request: the 1 MB list is generated and compressed once.
    let warm = Client::new(url, default_credentials());
    let reply = warm.call(case.service, "GET", case.path, None)?;
    let body_bytes = reply.body.len();
    warm.decode(&reply).map_err(|e| e.to_string())?;

    let started = Instant::now();
    let workers: Vec<_> = (0..case.connections)
        .map(|worker| {
            let url = url.to_owned();
            let (service, path) = (case.service, case.path);
            let count = (worker..case.requests).step_by(case.connections).count();
            std::thread::spawn(move || -> Result<Vec<Duration>, String> {
                let client = Client::new(&url, default_credentials());
                let mut latencies = Vec::with_capacity(count);
                for _ in 0..count {
                    let t = Instant::now();
                    let reply = client.call(service, "GET", path, None)?;
                    if reply.status != 200 {
                        return Err(format!("HTTP {}", reply.status));
                    }
                    client.decode(&reply).map_err(|e| e.to_string())?;
                    latencies.push(t.elapsed());
                }
                Ok(latencies)
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(case.requests);
    for worker in workers {
        latencies.extend(worker.join().map_err(|_| "worker panicked".to_owned())??);
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() - 1) as f64 * p) as usize].as_secs_f64() * 1000.0;
    let per_sec = latencies.len() as f64 / elapsed.as_secs_f64();
    Ok(format!(
        "{:<22} {:>5} requests over {:>2} connections: {:>8.1} req/s, {:>7.1} MB/s of envelope, latency p50 {:.2} ms, p99 {:.2} ms",
        case.name,
        latencies.len(),
        case.connections,
        per_sec,
        per_sec * body_bytes as f64 / 1e6,
        pct(0.5),
        pct(0.99)
    ))
}
