//! The reference produces UTF-16 code units; hosts want UTF-8.

use crate::error::{Error, ErrorKind, Result};

/// Converts UTF-16 to a `String`; unpaired surrogates become U+FFFD, as the
/// policy says (never an error). Runs of ASCII, the bulk of BPJS JSON, are
/// found eight units at a time and narrowed in one vectorisable pass.
pub(crate) fn utf16_to_string(units: &[u16]) -> Result<String> {
    let mut bytes: Vec<u8> = Vec::new();
    // At most 3 bytes per unit; most BPJS JSON is ASCII (1 byte per unit).
    bytes
        .try_reserve(units.len() + units.len() / 4)
        .map_err(|_| Error::new(ErrorKind::OutputLimit, "not enough memory for the decoded text (lower max_output)"))?;
    let mut i = 0;
    while i < units.len() {
        let run_end = ascii_run_end(units, i);
        bytes.extend(units[i..run_end].iter().map(|&u| u as u8));
        i = run_end;
        let Some(&unit) = units.get(i) else { break };
        i += 1;
        let ch = match unit {
            0xD800..=0xDBFF => match units.get(i) {
                Some(&low @ 0xDC00..=0xDFFF) => {
                    i += 1;
                    let cp = 0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER)
                }
                _ => char::REPLACEMENT_CHARACTER,
            },
            0xDC00..=0xDFFF => char::REPLACEMENT_CHARACTER,
            _ => char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER),
        };
        let mut buf = [0u8; 4];
        bytes.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
    }
    // Every byte above came from an ASCII unit or `char::encode_utf8`, so
    // this cannot fail; the lossy branch only keeps the function panic-free.
    Ok(String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// End of the run of ASCII units starting at `start`.
#[inline]
fn ascii_run_end(units: &[u16], start: usize) -> usize {
    let mut end = start;
    while let Some(chunk) = units.get(end..end + 8) {
        if chunk.iter().fold(0u16, |acc, &u| acc | u) >= 0x80 {
            break;
        }
        end += 8;
    }
    while units.get(end).is_some_and(|&u| u < 0x80) {
        end += 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_std_lossy() {
        let samples: [&[u16]; 6] = [
            &[],
            &[0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0xe9],
            &[0xD83C, 0xDFE5, 0x20, 0x41],
            &[0xD800],
            &[0xDC00, 0xD800, 0x41, 0xD800, 0xD800, 0xDC00],
            &[0x7f, 0x80, 0x7ff, 0x800, 0xffff, 0xfffd],
        ];
        for units in samples {
            assert_eq!(utf16_to_string(units).unwrap(), String::from_utf16_lossy(units), "{units:x?}");
        }
    }
}
