//! The compression layer of `dataMR`: gzip (RFC 1952) on the way out, gzip or
//! zlib (RFC 1950) on the way in.
//!
//! BPJS's own PHP sample compresses with `gzcompress`, which is zlib, while the
//! peers in other languages (and BPJS's written format) use gzip. We produce
//! gzip and accept both, telling them apart by their first two bytes.

use std::io::Read;

use flate2::bufread::{MultiGzDecoder, ZlibDecoder};
use flate2::Crc;

use crate::error::{Error, ErrorKind, Result};

/// Which container wrapped the deflate stream of a `dataMR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Compression {
    /// gzip (RFC 1952), as `gzencode` / `zlib.gzip` / `gzip.compress` write it:
    /// what we produce.
    Gzip,
    /// zlib (RFC 1950), as PHP's `gzcompress` (BPJS's PHP sample) writes it.
    Zlib,
}

impl Compression {
    /// `"gzip"` or `"zlib"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Compression::Gzip => "gzip",
            Compression::Zlib => "zlib",
        }
    }
}

/// Deflate level of our output: zlib's default, what the peers use.
const LEVEL: u8 = 6;

/// The gzip header we write: magic, CM = deflate, no flags (so no file name),
/// MTIME = 0, XFL = 0, OS = 255 ("unknown"). Fixed, so the same bundle always
/// gives the same bytes whatever the machine or the clock.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff];

/// gzip-compresses `data`, deterministically (see [`GZIP_HEADER`]).
pub(crate) fn gzip(data: &[u8]) -> Vec<u8> {
    let deflated = miniz_oxide::deflate::compress_to_vec(data, LEVEL);
    let mut crc = Crc::new();
    crc.update(data);
    let mut out = Vec::with_capacity(GZIP_HEADER.len() + deflated.len() + 8);
    out.extend_from_slice(&GZIP_HEADER);
    out.extend_from_slice(&deflated);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    // ISIZE is the input length modulo 2^32 (RFC 1952 section 2.3.1).
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

/// zlib-compresses `data` as PHP's `gzcompress` does (for tests and the
/// simulator: the variant BPJS's PHP sample sends).
pub(crate) fn zlib(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, LEVEL)
}

/// The container `data` starts with, if any.
pub(crate) fn detect(data: &[u8]) -> Option<Compression> {
    match data {
        [0x1f, 0x8b, ..] => Some(Compression::Gzip),
        // CM = 8 (deflate), window size valid, FDICT clear, and the check bits
        // of RFC 1950 section 2.2: CMF*256 + FLG is a multiple of 31.
        [cmf, flg, ..]
            if cmf & 0x0f == 8
                && cmf >> 4 <= 7
                && flg & 0x20 == 0
                && (u16::from(*cmf) * 256 + u16::from(*flg)) % 31 == 0 =>
        {
            Some(Compression::Zlib)
        }
        _ => None,
    }
}

/// The error of a compressed layer that is not what it should be. Kind
/// `json`: the decrypted `dataMR` is not a compressed JSON bundle. (A kind of
/// its own for the compression layer would be clearer; this is the one place
/// to change.)
pub(crate) fn format_error(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Json, message)
}

/// Decompresses gzip or zlib `data`, refusing to produce more than
/// `max_output` bytes (`output_limit`: a small gzip member can expand a
/// thousandfold).
pub(crate) fn decompress(data: &[u8], max_output: usize) -> Result<(Vec<u8>, Compression)> {
    let Some(compression) = detect(data) else {
        return Err(format_error(format!(
            "dataMR: the decrypted data ({} bytes) is neither gzip (1f 8b) nor zlib: compress the bundle with gzip",
            data.len()
        )));
    };
    let mut out = Vec::new();
    // One byte more than the cap: reading it proves the cap is exceeded
    // without ever holding more than max_output + 1 bytes.
    let cap = u64::try_from(max_output).unwrap_or(u64::MAX).saturating_add(1);
    let read = match compression {
        Compression::Gzip => MultiGzDecoder::new(data).take(cap).read_to_end(&mut out),
        Compression::Zlib => {
            let mut decoder = ZlibDecoder::new(data);
            let read = (&mut decoder).take(cap).read_to_end(&mut out);
            if read.is_ok() && out.len() <= max_output && !decoder.into_inner().is_empty() {
                return Err(format_error(
                    "dataMR: bytes after the end of the zlib stream (two streams glued together?)",
                ));
            }
            read
        }
    };
    if out.len() > max_output {
        return Err(Error::new(
            ErrorKind::OutputLimit,
            format!(
                "dataMR: the {} stream expands to more than {max_output} bytes (the output limit); raise max_output if the bundle is really that large",
                compression.as_str()
            ),
        ));
    }
    read.map_err(|e| {
        format_error(format!(
            "dataMR: the {} stream is corrupt or cut short after {} bytes of output ({})",
            compression.as_str(),
            out.len(),
            io_reason(&e)
        ))
    })?;
    Ok((out, compression))
}

/// A reason without payload content: flate2's messages are fixed strings, but
/// only the error's category is reported, to be safe.
fn io_reason(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::UnexpectedEof => "unexpected end of data",
        std::io::ErrorKind::InvalidData | std::io::ErrorKind::InvalidInput => "invalid data or checksum",
        _ => "decompression failed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_is_deterministic_and_readable() {
        let a = gzip(b"{\"resourceType\":\"Bundle\"}");
        assert_eq!(a, gzip(b"{\"resourceType\":\"Bundle\"}"));
        assert_eq!(&a[..10], &GZIP_HEADER);
        let (out, kind) = decompress(&a, 1000).unwrap();
        assert_eq!((out.as_slice(), kind), (&b"{\"resourceType\":\"Bundle\"}"[..], Compression::Gzip));
    }

    #[test]
    fn zlib_accepted_and_detected() {
        let z = zlib(b"hello hello hello");
        assert_eq!(detect(&z), Some(Compression::Zlib));
        assert_eq!(decompress(&z, 100).unwrap(), (b"hello hello hello".to_vec(), Compression::Zlib));
    }

    #[test]
    fn empty_input_round_trips() {
        assert_eq!(decompress(&gzip(b""), 0).unwrap().0, b"");
    }

    #[test]
    fn limit_is_exact() {
        let data = vec![b'a'; 1000];
        assert_eq!(decompress(&gzip(&data), 1000).unwrap().0.len(), 1000);
        assert_eq!(decompress(&gzip(&data), 999).unwrap_err().kind(), ErrorKind::OutputLimit);
        assert_eq!(decompress(&zlib(&data), 999).unwrap_err().kind(), ErrorKind::OutputLimit);
    }

    #[test]
    fn corrupt_truncated_and_glued() {
        let g = gzip(b"some text to compress, some text to compress");
        let err = decompress(&g[..g.len() - 3], 1000).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Json, "{err}");
        let mut bad_crc = g.clone();
        let n = bad_crc.len();
        bad_crc[n - 6] ^= 1;
        assert_eq!(decompress(&bad_crc, 1000).unwrap_err().kind(), ErrorKind::Json);
        let mut glued = zlib(b"abc");
        glued.extend_from_slice(b"xyz");
        assert_eq!(decompress(&glued, 1000).unwrap_err().kind(), ErrorKind::Json);
        let mut trailing = g.clone();
        trailing.extend_from_slice(b"garbage!!!!");
        assert_eq!(decompress(&trailing, 1000).unwrap_err().kind(), ErrorKind::Json);
        assert_eq!(decompress(b"{\"plain\":1}", 1000).unwrap_err().kind(), ErrorKind::Json);
        assert_eq!(decompress(b"", 1000).unwrap_err().kind(), ErrorKind::Json);
    }
}
