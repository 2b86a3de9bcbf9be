//! Profiling aid: the AES layer (`decrypt`) of the largest vector, N times.
fn main() {
    let path = std::env::var("BPJS_VECTORS")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/vectors.json").into());
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).expect("vectors")).expect("json");
    let case = doc["decode"]
        .as_array()
        .expect("decode")
        .iter()
        .filter(|c| c.get("text").is_some() && c.get("max_output").is_none())
        .max_by_key(|c| c["text"].as_str().map_or(0, str::len))
        .expect("case");
    let s = |k: &str| case[k].as_str().expect("field");
    let key = format!("{}{}{}", s("cons_id"), s("secret"), s("timestamp"));
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1);
    for _ in 0..n {
        std::hint::black_box(bpjs_codec::decrypt(&key, s("ciphertext")).expect("decrypts"));
    }
}
