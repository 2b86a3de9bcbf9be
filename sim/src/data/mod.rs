//! Made-up, deterministic sample data. Nothing here comes from a real
//! patient, facility or copyrighted classification; numbers that look
//! generated (a `noSep`, a token) are derived from the request, never from the
//! clock or a counter, so the same request always gets the same answer.

pub mod diagnosa;
pub mod peserta;
pub mod reference;
pub mod templates;

/// FNV-1a: a stable hash for numbers derived from request fields.
pub fn stable_hash(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0xff)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// SplitMix64: a small seeded generator for the generated lists.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform enough in `0..n` for sample data (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// `yyyy-mm-dd` with a real calendar date, as (year, month, day).
pub fn parse_date(text: &str) -> Option<(i32, u32, u32)> {
    let (year, month, day) = bpjs_codec::catalogue::parse_ymd(text)?;
    Some((i32::try_from(year).ok()?, month, day))
}

/// Whole years between two dates (age on `on` of someone born on `born`).
pub fn years_between(born: (i32, u32, u32), on: (i32, u32, u32)) -> i32 {
    let mut years = on.0 - born.0;
    if (on.1, on.2) < (born.1, born.2) {
        years -= 1;
    }
    years.max(0)
}

/// Paging of a list by a 0-based offset.
pub fn page<T: Clone>(items: &[T], offset: usize, limit: usize) -> Vec<T> {
    items.iter().skip(offset).take(limit).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("2024-02-29"), Some((2024, 2, 29)));
        assert_eq!(parse_date("2026-02-29"), None);
        assert_eq!(parse_date("2026-1-01"), None);
        assert_eq!(parse_date("２０２６-01-01"), None);
        assert_eq!(years_between((1980, 5, 17), (2026, 5, 16)), 45);
        assert_eq!(years_between((1980, 5, 17), (2026, 5, 17)), 46);
    }

    #[test]
    fn stable() {
        assert_eq!(stable_hash(&["a", "b"]), stable_hash(&["a", "b"]));
        assert_ne!(stable_hash(&["ab"]), stable_hash(&["a", "b"]));
        assert_eq!(Rng::new(1).next_u64(), Rng::new(1).next_u64());
    }
}
