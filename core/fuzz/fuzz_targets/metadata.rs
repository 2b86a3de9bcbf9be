#![no_main]
//! Any text as an envelope's status: never a panic, `ok` only for code 200 or 1.

use bpjs_codec::metadata_from_str;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let meta = metadata_from_str(&String::from_utf8_lossy(data));
    assert_eq!(meta.ok, matches!(meta.code, Some(200) | Some(1)));
});
