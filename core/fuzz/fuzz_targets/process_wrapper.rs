#![no_main]
//! Arbitrary bodies, and envelopes around arbitrary encrypted payloads.

use bpjs_codec::{encrypt, metadata_from_str, process_wrapper_with, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits::new(1 << 20);
    let body = String::from_utf8_lossy(data);
    if let Ok(processed) = process_wrapper_with("1000", "fuzz", "1", &*body, &limits) {
        let _ = metadata_from_str(processed.as_str());
    }
    let ciphertext = encrypt("1000", "fuzz", "1", data);
    let envelope = format!(r#"{{"metaData":{{"code":"200"}},"response":"{ciphertext}"}}"#);
    let _ = process_wrapper_with("1000", "fuzz", "1", &envelope, &limits);
});
