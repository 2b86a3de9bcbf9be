#![no_main]
//! Any bytes, any cap: an error with a documented kind or output within the cap.

use bpjs_codec::{lz_decompress_with, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // First two bytes choose a cap, so the fuzzer explores the limit too.
    let (cap, text) = match data {
        [a, b, rest @ ..] => (usize::from(u16::from_le_bytes([*a, *b])) * 16, rest),
        _ => (1024, data),
    };
    if let Ok(out) = lz_decompress_with(text, &Limits::new(cap)) {
        assert!(out.encode_utf16().count() <= cap);
    }
});
