//! The native core on the same payload as bench/bench.php, for the binding
//! overhead ratio: `native_decode <vectors.json> <case> <iterations>` prints
//! one JSON line of [min, median] milliseconds per function.

use std::time::Instant;

fn min_median_ms(iterations: usize, mut run: impl FnMut()) -> (f64, f64) {
    for _ in 0..3 {
        run();
    }
    let mut times: Vec<f64> = (0..iterations)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (times[0], times[times.len() / 2])
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, path, name, iterations] = args.as_slice() else {
        return Err("usage: native_decode <vectors.json> <case name> <iterations>".into());
    };
    let iterations: usize = iterations.parse()?;
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let case = doc["decode"]
        .as_array()
        .and_then(|cases| cases.iter().find(|c| c["name"] == name.as_str()))
        .ok_or("case not found")?;
    let field = |k: &str| case[k].as_str().unwrap_or_default().to_owned();
    let (cons_id, secret, timestamp, ciphertext) =
        (field("cons_id"), field("secret"), field("timestamp"), field("ciphertext"));
    let body = format!(r#"{{"metaData":{{"code":"200","message":"OK"}},"response":"{ciphertext}"}}"#);
    let key = format!("{cons_id}{secret}{timestamp}");

    let decrypt = min_median_ms(iterations, || {
        std::hint::black_box(bpjs_codec::decrypt(&key, &ciphertext).ok());
    });
    let decrypt_and_decompress = min_median_ms(iterations, || {
        std::hint::black_box(bpjs_codec::decrypt_and_decompress(&cons_id, &secret, &timestamp, &ciphertext).ok());
    });
    let process_wrapper = min_median_ms(iterations, || {
        std::hint::black_box(bpjs_codec::process_wrapper(&cons_id, &secret, &timestamp, &body).ok());
    });
    let pair = |(min, median): (f64, f64)| format!("[{min:.3},{median:.3}]");
    println!(
        r#"{{"decrypt":{},"decrypt_and_decompress":{},"process_wrapper":{}}}"#,
        pair(decrypt),
        pair(decrypt_and_decompress),
        pair(process_wrapper)
    );
    Ok(())
}
