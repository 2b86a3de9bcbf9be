//! lz-string, as `LZString.compressToEncodedURIComponent` /
//! `decompressFromEncodedURIComponent` (npm `lz-string` 1.5.0) define it.
//!
//! Decoding is our own ([`decode`]): the `lz-str` crate silently maps
//! invalid characters to zero bits, has no output limit and rebuilds every
//! dictionary entry as a new string. Ours validates the whole alphabet first,
//! keeps dictionary entries as slices of the output buffer (linear time,
//! O(output) memory) and stops at the output cap. Compression, which only
//! fixtures and the simulator need, uses `lz-str`.

mod alphabet;
mod decode;
mod utf16;

pub(crate) use decode::decompress_units;
pub(crate) use utf16::utf16_to_string;

/// Whether `text` is non-empty lz-string URI-safe text (the alphabet check only).
pub(crate) fn is_lz_text(text: &[u8]) -> bool {
    alphabet::check(text).is_ok()
}

/// Compresses `text` to lz-string's URI-safe alphabet.
pub(crate) fn compress(text: &str) -> String {
    lz_str::compress_to_encoded_uri_component(text)
}
