#![no_main]
//! See checks.rs: the property lives there, shared with the stable replay test.

use libfuzzer_sys::fuzz_target;

include!("../checks.rs");

fuzz_target!(|data: &[u8]| check_lz_decompress(data));
