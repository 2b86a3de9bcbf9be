//! The native core on the ~1 MB vector, for `make bench-wasm` to compare the
//! WebAssembly build against (same machine, same input, same timing method:
//! median of repeated runs after a warm-up). Prints one JSON object.
//!
//! Usage: native_decode [vectors.json] (default: $BPJS_VECTORS)

use std::time::Instant;

use bpjs_codec::{decrypt, decrypt_and_decompress, lz_decompress, process_wrapper};
use serde_json::Value;

const CASE: &str = "diagnosa_list_1mb";
const WARMUP: usize = 5;
const RUNS: usize = 30;

fn median_ms(mut f: impl FnMut()) -> f64 {
    for _ in 0..WARMUP {
        f();
    }
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[RUNS / 2]
}

fn main() {
    let path = std::env::args().nth(1).or_else(|| std::env::var("BPJS_VECTORS").ok()).unwrap_or_else(|| {
        eprintln!("native_decode: give the vectors.json path (or set BPJS_VECTORS)");
        std::process::exit(2);
    });
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("native_decode: cannot read {path}: {e}");
        std::process::exit(2);
    });
    let doc: Value = serde_json::from_str(&text).expect("vectors.json is JSON");
    let case = doc["decode"].as_array().into_iter().flatten().find(|c| c["name"] == CASE).expect("the 1 MB case");
    let field = |name: &str| case[name].as_str().expect("string field").to_owned();
    let (cons_id, secret, timestamp, ciphertext) =
        (field("cons_id"), field("secret"), field("timestamp"), field("ciphertext"));
    let body =
        serde_json::json!({ "metaData": { "code": "200", "message": "OK" }, "response": ciphertext }).to_string();

    let decrypt_ms = median_ms(|| {
        let text = decrypt_and_decompress(&cons_id, &secret, &timestamp, &ciphertext).expect("decodes");
        std::hint::black_box(text);
    });
    // The two layers alone: AES (AES-NI natively, software AES in wasm) and lz-string.
    let key_material = format!("{cons_id}{secret}{timestamp}");
    let plaintext = decrypt(&key_material, &ciphertext).expect("decrypts");
    let aes_ms = median_ms(|| {
        std::hint::black_box(decrypt(&key_material, &ciphertext).expect("decrypts"));
    });
    let lz_ms = median_ms(|| {
        std::hint::black_box(lz_decompress(&plaintext).expect("decompresses"));
    });
    let wrapper_ms = median_ms(|| {
        let processed = process_wrapper(&cons_id, &secret, &timestamp, &body).expect("decodes");
        std::hint::black_box(processed);
    });
    println!(
        "{}",
        serde_json::json!({ "case": CASE, "runs": RUNS, "decrypt_and_decompress_ms": decrypt_ms, "process_wrapper_ms": wrapper_ms, "decrypt_ms": aes_ms, "lz_decompress_ms": lz_ms })
    );
}
