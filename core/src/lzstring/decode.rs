//! The lz-string decoder: a faithful port of the reference's `_decompress`
//! with three changes the decoding policy asks for: typed errors instead of
//! `""`/`null`, an output cap, and dictionary entries that are `(start, len)`
//! slices of the output instead of new strings.
//!
//! Why slices work: every entry the decoder adds is either a literal that is
//! written to the output right away, or `w + entry[0]`, where `w` is the
//! previous output phrase and `entry` the phrase written directly after it,
//! so `w + entry[0]` is always the contiguous range `w.start .. w.end + 1`.

use super::alphabet::{self, REVERSED_VALUE};
use crate::error::{Error, ErrorKind, Result};

/// Codes 0 and 1 introduce an 8- or 16-bit literal; 2 ends the stream.
const LITERAL_8: usize = 0;
const LITERAL_16: usize = 1;
const END_OF_STREAM: usize = 2;
const FIRST_ENTRY: usize = 3;

/// The reference's arithmetic breaks beyond 32-bit codes; no real stream gets there.
const MAX_CODE_BITS: u32 = 32;

/// Little-endian bit reader over the validated text.
struct BitReader<'a> {
    text: &'a [u8],
    next: usize,
    buffer: u64,
    buffered: u32,
    consumed: u64,
    total: u64,
}

impl<'a> BitReader<'a> {
    fn new(text: &'a [u8]) -> Self {
        BitReader { text, next: 0, buffer: 0, buffered: 0, consumed: 0, total: 6 * text.len() as u64 }
    }

    /// The reference's `data.index > length` check: every bit of every
    /// character has been read.
    fn exhausted(&self) -> bool {
        self.consumed >= self.total
    }

    #[inline]
    fn refill(&mut self) {
        while self.buffered <= 58 {
            match self.text.get(self.next) {
                Some(&b) => {
                    self.buffer |= u64::from(REVERSED_VALUE[usize::from(b)]) << self.buffered;
                    self.buffered += 6;
                    self.next += 1;
                }
                None => {
                    // Past the end the reference reads zero bits ("missing
                    // trailing zero bits are accepted"); the buffer's high
                    // bits are already zero.
                    self.buffered = 64;
                }
            }
        }
    }

    /// Reads `bits` (at most 32) bits, first bit least significant.
    #[inline]
    fn read(&mut self, bits: u32) -> usize {
        if self.buffered < bits {
            self.refill();
        }
        let value = self.buffer & ((1u64 << bits) - 1);
        self.buffer >>= bits;
        self.buffered -= bits;
        self.consumed += u64::from(bits);
        value as usize
    }
}

fn output_limit(max_output: usize) -> Error {
    Error::new(
        ErrorKind::OutputLimit,
        format!("decompressed output would exceed {max_output} UTF-16 code units (raise max_output if the response is genuinely that large)"),
    )
}

/// Allocation failure: on WebAssembly (4 GiB) or a small container a large
/// `max_output` can exceed memory before it exceeds the cap; that is an
/// output limit too, never an abort.
fn out_of_memory() -> Error {
    Error::new(ErrorKind::OutputLimit, "not enough memory for the decompressed output (lower max_output)")
}

/// `Vec::push` that fails instead of aborting when memory runs out.
#[inline]
fn push_entry(dictionary: &mut Vec<(u32, u32)>, entry: (u32, u32)) -> Result<()> {
    dictionary.try_reserve(1).map_err(|_| out_of_memory())?;
    dictionary.push(entry);
    Ok(())
}

fn corrupt(detail: &str) -> Error {
    Error::new(ErrorKind::LzCorrupt, format!("lz-string stream is corrupt: {detail}"))
}

fn truncated(produced: usize) -> Error {
    Error::new(
        ErrorKind::LzTruncated,
        format!("lz-string stream ends before its end code (after {produced} code units of output); was the response cut short?"),
    )
}

/// The smallest of `max`, `max/4`, `max/16`, ... (at least 64) that is `>= needed`.
fn step_for(needed: usize, max: usize) -> usize {
    let mut step = max;
    while step / 4 >= needed.max(64) {
        step /= 4;
    }
    step.max(needed.min(max))
}

/// Output buffer with the cap enforced before every write.
struct Output {
    units: Vec<u16>,
    max: usize,
}

impl Output {
    /// Checks the cap, then makes room (a no-op when there is capacity).
    #[inline]
    fn reserve_for(&mut self, extra: usize) -> Result<()> {
        let len = self.units.len();
        if extra > self.max - len {
            return Err(output_limit(self.max));
        }
        if extra > self.units.capacity() - len {
            self.grow(len + extra)?;
        }
        Ok(())
    }

    /// Grows to the next of the sizes `max`, `max/4`, `max/16`, ... that
    /// holds `needed`. Quadrupling, and landing exactly on the cap, bounds
    /// what a bomb stopped at the cap can cost: the final block is the cap,
    /// and every earlier block together is at most a third of it, so even
    /// an allocator that never reuses freed blocks (wasm linear memory)
    /// holds at most 4/3 of the cap's size; a moving realloc peaks at 5/4.
    #[cold]
    fn grow(&mut self, needed: usize) -> Result<()> {
        let target = step_for(needed, self.max);
        self.units.try_reserve_exact(target - self.units.len()).map_err(|_| out_of_memory())
    }

    #[inline]
    fn push(&mut self, unit: u16) -> Result<()> {
        self.reserve_for(1)?;
        self.units.push(unit);
        Ok(())
    }

    /// Appends a copy of `units[start .. start + len]`, plus `extra_first`
    /// copies of `units[start]` (1 for the `w + w[0]` case).
    #[inline]
    fn copy_phrase(&mut self, start: usize, len: usize, extra_first: usize) -> Result<()> {
        self.reserve_for(len + extra_first)?;
        let first = self.units[start];
        self.units.extend_from_within(start..start + len);
        if extra_first == 1 {
            self.units.push(first);
        }
        Ok(())
    }
}

/// Decodes lz-string URI-safe `text` into UTF-16 code units, failing with
/// `output_limit` before the output would exceed `max_output` units.
pub(crate) fn decompress_units(text: &[u8], max_output: usize) -> Result<Vec<u16>> {
    alphabet::check(text)?;
    // u32 phrase offsets: cap the output at what they can address.
    let max_output = max_output.min(u32::MAX as usize - 1);
    let mut reader = BitReader::new(text);
    // lz-string typically expands 3-8x; grow from a modest guess.
    let guess = step_for(text.len().saturating_mul(4), max_output);
    let mut out = Output { units: Vec::new(), max: max_output };
    out.units.try_reserve_exact(guess).map_err(|_| out_of_memory())?;

    let literal_bits = |code: usize| if code == LITERAL_8 { 8 } else { 16 };
    let first = reader.read(2);
    match first {
        LITERAL_8 | LITERAL_16 => out.push(reader.read(literal_bits(first)) as u16)?,
        END_OF_STREAM => return Ok(out.units),
        _ => return Err(corrupt("invalid first code 3")),
    }

    // (start, len) of each dictionary entry in the output; 0..3 are the codes above.
    let mut dictionary: Vec<(u32, u32)> = Vec::new();
    dictionary.try_reserve(text.len() / 2 + 4).map_err(|_| out_of_memory())?;
    dictionary.extend([(0, 0); FIRST_ENTRY]);
    dictionary.push((0, 1));
    let mut w: (usize, usize) = (0, 1);
    let mut code_bits: u32 = 3;
    let mut enlarge_in: u64 = 4;

    loop {
        if reader.exhausted() {
            return Err(truncated(out.units.len()));
        }
        let code = reader.read(code_bits);
        let phrase_start = out.units.len();
        let literal = match code {
            LITERAL_8 | LITERAL_16 => {
                out.push(reader.read(literal_bits(code)) as u16)?;
                push_entry(&mut dictionary, (phrase_start as u32, 1))?;
                enlarge_in -= 1;
                true
            }
            END_OF_STREAM => return Ok(out.units),
            _ => false,
        };
        if enlarge_in == 0 {
            enlarge_in = 1u64 << code_bits;
            code_bits += 1;
        }
        let phrase_len = if literal {
            // Already written above: the literal is its own phrase.
            1
        } else if let Some(&(start, len)) = dictionary.get(code) {
            out.copy_phrase(start as usize, len as usize, 0)?;
            len as usize
        } else if code == dictionary.len() {
            // The one phrase not yet in the dictionary: w + w[0].
            out.copy_phrase(w.0, w.1, 1)?;
            w.1 + 1
        } else {
            return Err(corrupt(&format!(
                "back-reference {code} beyond the dictionary ({} entries)",
                dictionary.len()
            )));
        };
        // w + phrase[0]: contiguous, because the phrase was written right after w.
        push_entry(&mut dictionary, (w.0 as u32, (w.1 + 1) as u32))?;
        enlarge_in -= 1;
        w = (phrase_start, phrase_len);
        if enlarge_in == 0 {
            enlarge_in = 1u64 << code_bits;
            code_bits += 1;
        }
        if code_bits > MAX_CODE_BITS {
            return Err(corrupt("dictionary outgrew 32-bit codes"));
        }
    }
}
