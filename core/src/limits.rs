//! Resource limits for decoding.

/// Default output cap: 32 Mi UTF-16 code units (64 MiB of UTF-16). The
/// largest real BPJS reference lists are a few MB; a crafted lz-string
/// stream can otherwise expand quadratically.
pub const DEFAULT_MAX_OUTPUT: usize = 32 * 1024 * 1024;

/// The limits one decoding call runs under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest decompressed output, in UTF-16 code units (what the reference
    /// lz-string counts), before decoding stops with `output_limit`.
    pub max_output: usize,
}

impl Limits {
    /// Limits with the given output cap (UTF-16 code units).
    pub const fn new(max_output: usize) -> Self {
        Limits { max_output }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_output: DEFAULT_MAX_OUTPUT }
    }
}
