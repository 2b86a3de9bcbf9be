//! The one converter between Python objects and JSON, in both directions.
//!
//! **JSON text to Python** ([`loads`], [`to_python`]): what `json.loads`
//! returns. `process_wrapper` promises `json.loads` of the decoded envelope.
//! Building the objects here, straight from the text the core produced, skips
//! the intermediate Python `str` of the whole envelope and re-uses one Python
//! string per repeated object key (BPJS lists repeat the same few keys
//! thousands of times). Anything outside the common path (a lone surrogate
//! escape, malformed input) is left to `json.loads` itself, so the result is
//! `json.loads`'s in every case.
//!
//! **Python to JSON values** ([`from_python`]), in one of two [`Mode`]s:
//!
//! - [`Mode::Strict`], for the audit functions, which hash and store what they
//!   are given, so nothing may be guessed: a value JSON cannot represent is a
//!   `config` error instead of being coerced (`json.dumps` would turn
//!   `{1: "a"}` into `{"1": "a"}` and `nan` into `NaN`, which is not JSON).
//! - [`Mode::Lenient`], for `metadata`, which only reads a status: what
//!   `json.dumps` would write (non-text keys as their text, NaN and infinity
//!   as null, an int beyond 64 bits as a float); a type JSON has no form for
//!   is a `TypeError`, nesting beyond [`LENIENT_MAX_DEPTH`] a `RecursionError`.
//!
//! Messages name the argument and the Python type, never a key or a value:
//! either may be a secret or a patient identifier.

use pyo3::exceptions::{PyRecursionError, PyTypeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyNone, PyString, PyTuple};
use serde_json::{Map, Number, Value};

use crate::convert::Text;
use crate::errors::config;

// --- JSON text to Python objects ----------------------------------------------------------

/// What `json.loads(text)` returns: built directly from the text when
/// possible, else by `json.loads` itself.
pub(crate) fn loads<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    if let Some(value) = fast_loads(py, text)? {
        return Ok(value);
    }
    static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    LOADS.import(py, "json", "loads")?.call1((PyString::new(py, text),))
}

/// A JSON value (e.g. a row the core built) as the objects `json.loads` would give.
pub(crate) fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    loads(py, &value.to_string())
}

/// [`loads`], exposed (privately) so the test suite can compare it with
/// `json.loads` on any text.
#[pyfunction]
#[pyo3(name = "_json_loads", signature = (text))]
pub(crate) fn json_loads_for_tests<'py>(py: Python<'py>, text: Text) -> PyResult<Bound<'py, PyAny>> {
    loads(py, &text)
}

/// Parses `text` (one JSON value, as the core guarantees) into Python objects;
/// `Ok(None)` when `json.loads` must decide.
fn fast_loads<'py>(py: Python<'py>, text: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
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
const MAX_PARSE_DEPTH: usize = 512;
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
            Some(b'{' | b'[') if self.depth >= MAX_PARSE_DEPTH => Ok(None),
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

// --- Python objects to JSON values ----------------------------------------------------------

/// How a Python value JSON cannot hold is treated (see the module docs).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Mode {
    /// Refuse it with a `config` error (the audit functions).
    Strict,
    /// Write it as `json.dumps` would, where it can (`metadata`).
    Lenient,
}

/// Containers nested deeper than this are refused in [`Mode::Strict`].
/// serde_json reads at most 128 levels, so a deeper value could be stored
/// but never read back.
pub(crate) const STRICT_MAX_DEPTH: usize = 128;
/// In [`Mode::Lenient`], Python objects nested deeper than this raise
/// `RecursionError` (a crafted object could otherwise overflow the stack;
/// `json.dumps` itself stops far earlier).
pub(crate) const LENIENT_MAX_DEPTH: usize = 512;

/// A converted value and a rough size in bytes (to decide whether the core's
/// work is worth releasing the GIL for).
pub(crate) struct Converted {
    pub(crate) value: Value,
    pub(crate) size: usize,
}

/// Converts a Python value (dict, list, tuple, str, int, float, bool, None,
/// and their subclasses) to a JSON value; `what` names the argument in errors.
pub(crate) fn from_python(object: &Bound<'_, PyAny>, what: &str, mode: Mode) -> PyResult<Converted> {
    let mut converter = Converter { what, mode, size: 0 };
    let value = converter.value(object, 0)?;
    Ok(Converted { value, size: converter.size })
}

/// [`from_python`] in [`Mode::Strict`]; `None` stays absent.
pub(crate) fn optional(object: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Option<Converted>> {
    object.filter(|o| !o.is_none()).map(|o| from_python(o, what, Mode::Strict)).transpose()
}

struct Converter<'w> {
    what: &'w str,
    mode: Mode,
    size: usize,
}

impl Converter<'_> {
    fn value(&mut self, object: &Bound<'_, PyAny>, depth: usize) -> PyResult<Value> {
        self.size += 8;
        if object.is_none() {
            return Ok(Value::Null);
        }
        // bool before int: True is an int in Python, but a boolean in JSON.
        if let Ok(flag) = object.cast::<PyBool>() {
            return Ok(Value::Bool(flag.is_true()));
        }
        if object.is_instance_of::<PyInt>() {
            return self.int(object);
        }
        if let Ok(float) = object.cast::<PyFloat>() {
            // A float stays a float (1.0 is 1.0, not 1): canonical_json decides
            // how it is written, not the conversion.
            return match (Number::from_f64(float.value()), self.mode) {
                (Some(number), _) => Ok(Value::Number(number)),
                (None, Mode::Lenient) => Ok(Value::Null),
                (None, Mode::Strict) => Err(config(format!("{}: NaN and infinity are not JSON numbers", self.what))),
            };
        }
        if let Ok(text) = object.cast::<PyString>() {
            // A lone surrogate (which no JSON text from a parser holds) becomes U+FFFD.
            let text = text.to_string_lossy().into_owned();
            self.size += text.len();
            return Ok(Value::String(text));
        }
        let container = object.is_instance_of::<PyDict>()
            || object.is_instance_of::<PyList>()
            || object.is_instance_of::<PyTuple>();
        if !container {
            return Err(self.not_json(object)?);
        }
        self.check_depth(depth)?;
        if let Ok(dict) = object.cast::<PyDict>() {
            let mut map = Map::with_capacity(dict.len());
            for (key, item) in dict.iter() {
                let key = self.key(&key)?;
                self.size += key.len();
                map.insert(key, self.value(&item, depth + 1)?);
            }
            return Ok(Value::Object(map));
        }
        if let Ok(list) = object.cast::<PyList>() {
            // Indexed, not iterated: a list changed by another thread while we
            // read it ends the loop early instead of reading past its end.
            let mut items = Vec::with_capacity(list.len());
            let mut index = 0;
            while let Ok(item) = list.get_item(index) {
                items.push(self.value(&item, depth + 1)?);
                index += 1;
            }
            return Ok(Value::Array(items));
        }
        let tuple = object.cast::<PyTuple>()?;
        tuple.iter().map(|item| self.value(&item, depth + 1)).collect::<PyResult<_>>().map(Value::Array)
    }

    fn int(&self, object: &Bound<'_, PyAny>) -> PyResult<Value> {
        if let Ok(n) = object.extract::<i64>() {
            return Ok(Value::from(n));
        }
        if let Ok(n) = object.extract::<u64>() {
            return Ok(Value::from(n));
        }
        match self.mode {
            // Beyond 64 bits: as a float, as JSON numbers are.
            Mode::Lenient => Ok(Number::from_f64(object.extract::<f64>()?).map_or(Value::Null, Value::Number)),
            Mode::Strict => {
                Err(config(format!("{}: an int outside the 64-bit range cannot be stored exactly", self.what)))
            }
        }
    }

    fn key(&self, key: &Bound<'_, PyAny>) -> PyResult<String> {
        if let Ok(text) = key.cast::<PyString>() {
            return Ok(text.to_string_lossy().into_owned());
        }
        match self.mode {
            // json.dumps writes non-str keys as their text; so do we.
            Mode::Lenient => Ok(key.str()?.to_string_lossy().into_owned()),
            Mode::Strict => Err(config(format!(
                "{}: dict keys must be str, got {} (JSON object keys are text)",
                self.what,
                key.get_type().name()?
            ))),
        }
    }

    fn check_depth(&self, depth: usize) -> PyResult<()> {
        match self.mode {
            Mode::Strict if depth >= STRICT_MAX_DEPTH => {
                Err(config(format!("{}: nested deeper than {STRICT_MAX_DEPTH} levels", self.what)))
            }
            Mode::Lenient if depth > LENIENT_MAX_DEPTH => {
                Err(PyRecursionError::new_err(format!("{}: nested too deeply", self.what)))
            }
            _ => Ok(()),
        }
    }

    fn not_json(&self, object: &Bound<'_, PyAny>) -> PyResult<PyErr> {
        let type_name = object.get_type().name()?;
        Ok(match self.mode {
            Mode::Strict => config(format!(
                "{}: a {type_name} is not a JSON value (expected dict, list, tuple, str, int, float, bool or None)",
                self.what
            )),
            Mode::Lenient => PyTypeError::new_err(format!(
                "{}: expected a parsed JSON value (dict, list, str, int, float, bool, None) or JSON text, got {type_name}",
                self.what
            )),
        })
    }
}
