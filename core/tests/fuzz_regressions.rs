//! Replays, on stable and in `make test`, the committed fuzz seeds and every
//! input that once broke a fuzz target (core/fuzz/regressions/<target>/),
//! through the same checks the fuzz targets run (core/fuzz/checks.rs).

use std::path::{Path, PathBuf};

include!("../fuzz/checks.rs");

fn inputs(target: &str) -> Vec<PathBuf> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files = Vec::new();
    for dir in ["seeds", "regressions"] {
        if let Ok(entries) = std::fs::read_dir(fuzz.join(dir).join(target)) {
            files.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_file()));
        }
    }
    files.sort();
    files
}

fn replay(target: &str, check: fn(&[u8])) {
    let files = inputs(target);
    assert!(!files.is_empty(), "no seeds for {target}");
    for file in files {
        let data = std::fs::read(&file).unwrap();
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "{target}: {} fails its check again", file.display());
    }
}

#[test]
fn lz_decompress() {
    replay("lz_decompress", check_lz_decompress);
}

#[test]
fn decrypt_and_decompress() {
    replay("decrypt_and_decompress", check_decrypt_and_decompress);
}

#[test]
fn process_wrapper() {
    replay("process_wrapper", check_process_wrapper);
}

#[test]
fn metadata() {
    replay("metadata", check_metadata);
}

#[test]
fn audit() {
    replay("audit", check_audit);
}
