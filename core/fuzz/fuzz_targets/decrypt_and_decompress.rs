#![no_main]
//! Arbitrary ciphertext, and arbitrary lz text behind a valid AES layer.

use bpjs_codec::{decrypt_and_decompress_with, encrypt, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits::new(1 << 20);
    let _ = decrypt_and_decompress_with("1000", "fuzz", "1", data, &limits);
    // Get past AES so the fuzzer reaches the lz layer.
    let ciphertext = encrypt("1000", "fuzz", "1", data);
    let _ = decrypt_and_decompress_with("1000", "fuzz", "1", &ciphertext, &limits);
});
