//! The native core on one vector: the baseline every host's `make bench`
//! compares its binding against, in the same run, with the same input.
//!
//! Usage: native_decode [vectors.json] [case] [iterations]
//! (defaults: $BPJS_VECTORS or tests/vectors/vectors.json, the largest
//! successful decode case, 30). Prints one JSON object: for each function,
//! [min, median] milliseconds over the iterations, after a warm-up.
//! With iterations = 1 it also serves as a callgrind target.

use std::time::Instant;

use bpjs_codec::{decrypt, decrypt_and_decompress, lz_decompress, process_wrapper};
use serde_json::{json, Value};

fn min_median_ms(iterations: usize, mut run: impl FnMut()) -> [f64; 2] {
    run(); // warm-up
    let mut times: Vec<f64> = (0..iterations.max(1))
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    [times[0], times[times.len() / 2]]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .or_else(|| std::env::var("BPJS_VECTORS").ok())
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/vectors.json").to_owned());
    let wanted = args.next();
    let iterations: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(30);

    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
    let cases = doc["decode"].as_array().ok_or("vectors.json has no decode section")?;
    let successes = cases.iter().filter(|c| c.get("text").is_some() && c.get("max_output").is_none());
    let case = match &wanted {
        Some(name) => cases.iter().find(|c| c["name"] == name.as_str()),
        None => successes.max_by_key(|c| c["text"].as_str().map_or(0, str::len)),
    }
    .ok_or("case not found")?;
    let field = |k: &str| case[k].as_str().unwrap_or_default().to_owned();
    let (cons_id, secret, timestamp, ciphertext) =
        (field("cons_id"), field("secret"), field("timestamp"), field("ciphertext"));
    let body = json!({ "metaData": { "code": "200", "message": "OK" }, "response": ciphertext }).to_string();
    let key = format!("{cons_id}{secret}{timestamp}");
    let plaintext = decrypt(&key, &ciphertext)?;

    let result = json!({
        "case": case["name"],
        "iterations": iterations,
        "decrypt": min_median_ms(iterations, || {
            std::hint::black_box(decrypt(&key, &ciphertext).ok());
        }),
        "lz_decompress": min_median_ms(iterations, || {
            std::hint::black_box(lz_decompress(&plaintext).ok());
        }),
        "decrypt_and_decompress": min_median_ms(iterations, || {
            std::hint::black_box(decrypt_and_decompress(&cons_id, &secret, &timestamp, &ciphertext).ok());
        }),
        "process_wrapper": min_median_ms(iterations, || {
            std::hint::black_box(process_wrapper(&cons_id, &secret, &timestamp, &body).ok());
        }),
    });
    println!("{result}");
    Ok(())
}
