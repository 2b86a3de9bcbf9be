//! Shared by the integration tests: loading the conformance files.

use std::path::PathBuf;

use serde_json::Value;

/// `tests/vectors/<file>` of the repository, or the path in `env` when set
/// (the Makefile exports BPJS_VECTORS and BPJS_AUDIT_VECTORS).
pub fn load_vectors(env: &str, file: &str) -> Value {
    let path = std::env::var_os(env)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors").join(file));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}
