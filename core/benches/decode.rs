//! `make bench` (core): native decode speed on the ~1 MB vector.
//!
//! A plain harness (median of many runs, no statistics crate) so the output
//! is short and the ratios the issues ask for are printed directly. Results
//! also go to `$CARGO_TARGET_DIR/bench/core.json` for the host benches.
//!
//! Input: the largest successful `decode` case of tests/vectors/vectors.json
//! (the diagnosis list), the same bytes every host benchmarks.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use bpjs_codec::{decrypt, decrypt_and_decompress, lz_decompress, process_wrapper};
use serde_json::Value;

struct Case {
    name: String,
    cons_id: String,
    secret: String,
    timestamp: String,
    ciphertext: String,
    plaintext: String,
    text: String,
}

fn vectors_path() -> PathBuf {
    std::env::var_os("BPJS_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/vectors.json"))
}

fn largest_case() -> Case {
    let path = vectors_path();
    let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let doc: Value = serde_json::from_str(&raw).expect("vectors.json is JSON");
    let best = doc["decode"]
        .as_array()
        .expect("decode section")
        .iter()
        .filter(|c| c.get("text").is_some() && c.get("max_output").is_none())
        .max_by_key(|c| c["text"].as_str().map_or(0, str::len))
        .expect("a successful decode case");
    let s = |k: &str| best[k].as_str().unwrap_or_else(|| panic!("field {k}")).to_owned();
    Case {
        name: s("name"),
        cons_id: s("cons_id"),
        secret: s("secret"),
        timestamp: s("timestamp"),
        ciphertext: s("ciphertext"),
        plaintext: s("plaintext"),
        text: s("text"),
    }
}

/// Median wall time of `f`, over as many runs as fit in about `budget`.
fn median(budget: Duration, mut f: impl FnMut()) -> Duration {
    f(); // warm-up
    let mut samples = Vec::new();
    let start = Instant::now();
    while samples.len() < 5 || (start.elapsed() < budget && samples.len() < 2000) {
        let t = Instant::now();
        f();
        samples.push(t.elapsed());
    }
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    // `cargo bench` passes --bench; ignore arguments.
    let case = largest_case();
    let budget = Duration::from_millis(1500);
    let out_bytes = case.text.len() as f64;
    let body = format!(r#"{{"metaData":{{"code":"200","message":"OK"}},"response":"{}"}}"#, case.ciphertext);
    let key = format!("{}{}{}", case.cons_id, case.secret, case.timestamp);

    assert_eq!(
        decrypt_and_decompress(&case.cons_id, &case.secret, &case.timestamp, &case.ciphertext).unwrap(),
        case.text
    );
    let lz_str_out = String::from_utf16_lossy(&lz_str::decompress_from_encoded_uri_component(&case.plaintext).unwrap());
    assert_eq!(lz_str_out, case.text);

    let rows: Vec<(&str, Duration)> = vec![
        (
            "aes layer (decrypt)",
            median(budget, || {
                black_box(decrypt(&key, &case.ciphertext).unwrap());
            }),
        ),
        (
            "lz layer, ours",
            median(budget, || {
                black_box(lz_decompress(&case.plaintext).unwrap());
            }),
        ),
        (
            "lz layer, lz-str 0.2",
            median(budget, || {
                let units = lz_str::decompress_from_encoded_uri_component(&case.plaintext).unwrap();
                black_box(String::from_utf16_lossy(&units));
            }),
        ),
        (
            "decrypt_and_decompress",
            median(budget, || {
                black_box(
                    decrypt_and_decompress(&case.cons_id, &case.secret, &case.timestamp, &case.ciphertext).unwrap(),
                );
            }),
        ),
        (
            "process_wrapper (validated JSON text)",
            median(budget, || {
                black_box(process_wrapper(&case.cons_id, &case.secret, &case.timestamp, &body).unwrap());
            }),
        ),
        (
            "decrypt_and_decompress + serde_json::Value",
            median(budget, || {
                let text =
                    decrypt_and_decompress(&case.cons_id, &case.secret, &case.timestamp, &case.ciphertext).unwrap();
                black_box(serde_json::from_str::<Value>(&text).unwrap());
            }),
        ),
        (
            "lz-str 0.2 + aes (same job as decrypt_and_decompress)",
            median(budget, || {
                let plain = decrypt(&key, &case.ciphertext).unwrap();
                let units = lz_str::decompress_from_encoded_uri_component(&plain).unwrap();
                black_box(String::from_utf16_lossy(&units));
            }),
        ),
    ];

    println!(
        "core bench: vector {:?}: {} bytes ciphertext -> {} bytes lz text -> {} bytes JSON",
        case.name,
        case.ciphertext.len(),
        case.plaintext.len(),
        case.text.len()
    );
    let mut json = serde_json::Map::new();
    for (name, t) in &rows {
        let mbps = out_bytes / t.as_secs_f64() / 1e6;
        println!("  {name:<56} {:>9.3} ms  {:>8.1} MB/s of output", t.as_secs_f64() * 1e3, mbps);
        json.insert(
            (*name).to_owned(),
            serde_json::json!({"median_ms": t.as_secs_f64() * 1e3, "output_mb_per_s": mbps}),
        );
    }
    let get = |n: &str| rows.iter().find(|(k, _)| *k == n).map(|(_, t)| t.as_secs_f64()).unwrap_or(f64::NAN);
    let lz_ratio = get("lz layer, lz-str 0.2") / get("lz layer, ours");
    let full_ratio = get("lz-str 0.2 + aes (same job as decrypt_and_decompress)") / get("decrypt_and_decompress");
    println!("  ratio: ours vs lz-str, lz layer only          {lz_ratio:.2}x faster");
    println!("  ratio: ours vs lz-str, aes + lz (full decode)  {full_ratio:.2}x faster");
    json.insert("vector".into(), case.name.clone().into());
    json.insert("output_bytes".into(), case.text.len().into());
    json.insert("ratio_lz_vs_lz_str".into(), lz_ratio.into());
    json.insert("ratio_full_vs_lz_str".into(), full_ratio.into());

    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let dir = target.join("bench");
    if std::fs::create_dir_all(&dir).is_ok() {
        let path = dir.join("core.json");
        if std::fs::write(&path, serde_json::to_string_pretty(&Value::Object(json)).unwrap_or_default()).is_ok() {
            println!("  written: {}", path.display());
        }
    }
}
