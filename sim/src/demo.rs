//! `bpjs-sim demo`: one signed request per service against a running
//! simulator, each reply decoded through the core, one line per service.

use std::process::ExitCode;
use std::time::Instant;

use bpjs_codec::{metadata_from_str, Credentials, Service};
use serde_json::Value;

use crate::client::Client;

/// (service, method, path, body)
const CALLS: [(Service, &str, &str, Option<&str>); 9] = [
    (Service::Vclaim, "GET", "/vclaim-rest/Peserta/nokartu/0001234567890/tglSEP/2026-11-24", None),
    (Service::Pcare, "GET", "/pcare-rest/dokter/0/3", None),
    (Service::AntreanRs, "GET", "/antreanrs/ref/poli", None),
    (Service::AntreanFktp, "GET", "/antreanfktp/ref/poli/tanggal/2026-11-24", None),
    (Service::IcareFktp, "POST", "/wsihs/api/pcare/validate", Some(r#"{"param":"0001234567890","kodedokter":100001}"#)),
    (Service::IcareFkrtl, "POST", "/wsihs/api/rs/validate", Some(r#"{"param":"0001234567891","kodedokter":100002}"#)),
    (Service::Apotek, "GET", "/apotek-rest/referensi/dpho", None),
    (Service::Aplicares, "GET", "/aplicaresws/rest/bed/read/0301R001/1/3", None),
    (Service::Pcare, "GET", "/pcare-rest/diagnosa/-/0/100000", None),
];

const SHOWN: usize = 110;

fn short(text: &str) -> String {
    if text.chars().count() <= SHOWN {
        return text.to_owned();
    }
    format!("{}… ({} bytes)", text.chars().take(SHOWN).collect::<String>(), text.len())
}

pub fn run(url: &str, credentials: Credentials) -> ExitCode {
    let client = Client::new(url, credentials);
    let mut failures = 0;
    for (service, method, path, body) in CALLS {
        let started = Instant::now();
        let outcome = client.call(service, method, path, body).and_then(|reply| {
            let decoded = client.decode(&reply).map_err(|e| format!("decode failed ({}): {e}", e.kind().as_str()))?;
            Ok((reply, decoded))
        });
        match outcome {
            Ok((reply, decoded)) => {
                let meta = metadata_from_str(decoded.as_str());
                let response = decoded.to_value().and_then(|v| v.get("response").cloned()).unwrap_or(Value::Null);
                let encrypted = reply.body.contains("\"response\":\"") && !response.is_string();
                println!(
                    "{:<12} {:<6} {:<58} HTTP {} code {} {:?}{}",
                    service.name(),
                    method,
                    path,
                    reply.status,
                    meta.code.map_or("-".into(), |c| c.to_string()),
                    meta.message.unwrap_or_default(),
                    if encrypted { ", decrypted" } else { ", plain" }
                );
                let summary = match response.get("list").and_then(Value::as_array) {
                    Some(list) if list.len() > 100 => format!(
                        "{} entries, {} bytes of JSON, fetched and decoded in {} ms",
                        list.len(),
                        response.to_string().len(),
                        started.elapsed().as_millis()
                    ),
                    _ => short(&response.to_string()),
                };
                println!("    -> {summary}");
                if !meta.ok {
                    failures += 1;
                }
            }
            Err(message) => {
                failures += 1;
                println!("{:<12} {:<6} {:<58} FAILED: {message}", service.name(), method, path);
            }
        }
    }
    if failures > 0 {
        eprintln!("bpjs-sim demo: {failures} call(s) failed");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
