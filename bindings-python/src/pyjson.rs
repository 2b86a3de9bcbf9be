//! JSON text to Python objects, equal to what `json.loads` returns.
//!
//! `process_wrapper` promises `json.loads` of the decoded envelope. Building
//! the objects here, straight from the text the core produced, skips the
//! intermediate Python `str` of the whole envelope and re-uses one Python
//! string per repeated object key (BPJS lists repeat the same few keys
//! thousands of times). Anything outside the common path (a lone surrogate
//! escape, malformed input) returns `None` and the caller uses `json.loads`
//! itself, so the result is `json.loads`'s in every case.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyNone, PyString};

/// Parses `text` (one JSON value, as the core guarantees) into Python objects;
/// `Ok(None)` when `json.loads` must decide.
pub(crate) fn loads<'py>(py: Python<'py>, text: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
    let mut parser =
        Parser { py, text, bytes: text.as_bytes(), pos: 0, keys: Vec::new(), scratch: String::new(), depth: 0 };
    let value = match parser.value()? {
        Some(value) => value,
        None => return Ok(None),
    };
    parser.skip_ws();
    Ok(if parser.pos == parser.bytes.len() { Some(value) } else { None })
}

/// Deeper nesting is left to `json.loads` (which raises RecursionError
/// instead of overflowing the stack). The core's JSON check already stops at 128.
const MAX_DEPTH: usize = 512;
/// Keys longer than this are not cached (they rarely repeat).
const MAX_CACHED_KEY: usize = 64;
/// How many distinct keys are remembered (a linear scan beats hashing at this size).
const MAX_CACHED_KEYS: usize = 32;

struct Parser<'a, 'py> {
    py: Python<'py>,
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Recently seen object keys; BPJS objects have a handful of distinct keys.
    keys: Vec<(&'a str, Bound<'py, PyString>)>,
    scratch: String,
    depth: usize,
}

type Parsed<'py> = PyResult<Option<Bound<'py, PyAny>>>;

impl<'a, 'py> Parser<'a, 'py> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn literal(&mut self, word: &[u8]) -> bool {
        if self.bytes[self.pos..].starts_with(word) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Parsed<'py> {
        self.skip_ws();
        let py = self.py;
        match self.peek() {
            Some(b'{' | b'[') if self.depth >= MAX_DEPTH => Ok(None),
            Some(b'{') => {
                self.depth += 1;
                let object = self.object();
                self.depth -= 1;
                object
            }
            Some(b'[') => {
                self.depth += 1;
                let array = self.array();
                self.depth -= 1;
                array
            }
            Some(b'"') => Ok(self.string()?.map(Bound::into_any)),
            Some(b't') if self.literal(b"true") => Ok(Some(PyBool::new(py, true).to_owned().into_any())),
            Some(b'f') if self.literal(b"false") => Ok(Some(PyBool::new(py, false).to_owned().into_any())),
            Some(b'n') if self.literal(b"null") => Ok(Some(PyNone::get(py).to_owned().into_any())),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Ok(None),
        }
    }

    fn object(&mut self) -> Parsed<'py> {
        self.pos += 1; // '{'
        let dict = PyDict::new(self.py);
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Some(dict.into_any()));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Ok(None);
            }
            let Some(key) = self.key()? else {
                return Ok(None);
            };
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Ok(None);
            }
            self.pos += 1;
            let Some(value) = self.value()? else {
                return Ok(None);
            };
            dict.set_item(key, value)?;
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Some(dict.into_any()));
                }
                _ => return Ok(None),
            }
        }
    }

    fn array(&mut self) -> Parsed<'py> {
        self.pos += 1; // '['
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Some(PyList::empty(self.py).into_any()));
        }
        loop {
            let Some(item) = self.value()? else {
                return Ok(None);
            };
            items.push(item);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Some(PyList::new(self.py, items)?.into_any()));
                }
                _ => return Ok(None),
            }
        }
    }

    /// The raw text between the quotes when it has no escapes, and moves past it.
    fn plain_string(&mut self) -> Option<&'a str> {
        // One pass over the (usually short) string: a SIMD search costs more
        // to set up than a field of ten bytes takes to scan.
        let start = self.pos + 1;
        for (offset, &b) in self.bytes[start..].iter().enumerate() {
            match b {
                b'"' => {
                    let end = start + offset;
                    self.pos = end + 1;
                    return self.text.get(start..end);
                }
                b'\\' | 0..=0x1f => return None,
                _ => {}
            }
        }
        None
    }

    fn key(&mut self) -> PyResult<Option<Bound<'py, PyString>>> {
        let saved = self.pos;
        if let Some(raw) = self.plain_string() {
            if raw.len() <= MAX_CACHED_KEY {
                if let Some((_, key)) = self.keys.iter().find(|(seen, _)| *seen == raw) {
                    return Ok(Some(key.clone()));
                }
                let key = PyString::new(self.py, raw);
                if self.keys.len() < MAX_CACHED_KEYS {
                    self.keys.push((raw, key.clone()));
                }
                return Ok(Some(key));
            }
            return Ok(Some(PyString::new(self.py, raw)));
        }
        self.pos = saved;
        self.string()
    }

    fn string(&mut self) -> PyResult<Option<Bound<'py, PyString>>> {
        let saved = self.pos;
        if let Some(raw) = self.plain_string() {
            return Ok(Some(PyString::new(self.py, raw)));
        }
        self.pos = saved;
        Ok(self.escaped_string().then(|| PyString::new(self.py, &self.scratch)))
    }

    /// Decodes a string with escapes into `scratch`; false when `json.loads`
    /// must decide (a lone surrogate, which a Rust string cannot hold).
    fn escaped_string(&mut self) -> bool {
        self.scratch.clear();
        self.pos += 1; // opening quote
        loop {
            let rest = &self.bytes[self.pos..];
            let Some(offset) = memchr::memchr2(b'"', b'\\', rest) else {
                return false;
            };
            let Some(chunk) = self.text.get(self.pos..self.pos + offset) else {
                return false;
            };
            if has_control(chunk.as_bytes()) {
                return false; // json.loads (strict) rejects raw control characters
            }
            self.scratch.push_str(chunk);
            self.pos += offset;
            if self.bytes[self.pos] == b'"' {
                self.pos += 1;
                return true;
            }
            self.pos += 1; // backslash
            let Some(escape) = self.peek() else {
                return false;
            };
            self.pos += 1;
            let decoded = match escape {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => match self.unicode_escape() {
                    Some(c) => c,
                    None => return false,
                },
                _ => return false,
            };
            self.scratch.push(decoded);
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.pos..self.pos + 4)?;
        let value = u32::from_str_radix(digits, 16).ok()?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += 4;
        Some(value)
    }

    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) {
            if !self.bytes[self.pos..].starts_with(b"\\u") {
                return None;
            }
            self.pos += 2;
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return None;
            }
            return char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00));
        }
        char::from_u32(first) // None for a lone low surrogate
    }

    fn number(&mut self) -> Parsed<'py> {
        let start = self.pos;
        let mut is_float = false;
        while let Some(b) = self.peek() {
            match b {
                b'0'..=b'9' | b'-' | b'+' => {}
                b'.' | b'e' | b'E' => is_float = true,
                _ => break,
            }
            self.pos += 1;
        }
        let Some(digits) = self.text.get(start..self.pos) else {
            return Ok(None);
        };
        if !is_json_number(digits) {
            return Ok(None);
        }
        let py = self.py;
        if is_float {
            // Rust's parse and Python's float() are both correctly rounded.
            return Ok(digits.parse::<f64>().ok().map(|f| PyFloat::new(py, f).into_any()));
        }
        if let Ok(n) = digits.parse::<i64>() {
            return Ok(Some(n.into_pyobject(py)?.into_any()));
        }
        // Beyond 64 bits: Python's int(), as json.loads does.
        Ok(Some(py.get_type::<PyInt>().call1((digits,))?))
    }
}

fn has_control(bytes: &[u8]) -> bool {
    bytes.iter().any(|&b| b < 0x20)
}

/// JSON's number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
fn is_json_number(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}
