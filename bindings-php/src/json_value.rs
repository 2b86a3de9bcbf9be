//! The one mapping of PHP values to JSON values (and back) in the extension.
//!
//! The audit functions hash and store what they are given, so the mapping is
//! json_encode's, made strict where json_encode would guess or fail late:
//!
//! - a list (keys 0..n-1 in order) is a JSON array; any other array is an
//!   object, its int keys written in decimal (`[5 => 'a']` is `{"5":"a"}`);
//! - `stdClass` (what `json_decode($text)` gives for objects) is an object, so
//!   `{}` survives as `{}`; any other object, and a resource, is a `config` error;
//! - a float is a float (65.0 stays 65.0: `canonical_json` decides how it is
//!   written); NaN and infinity are a `config` error;
//! - a string that is not UTF-8 has its invalid bytes replaced by U+FFFD, as
//!   json_encode's JSON_INVALID_UTF8_SUBSTITUTE does (a gateway page in another
//!   charset must still be loggable);
//! - nesting deeper than [`MAX_DEPTH`] is a `config` error (this also stops a
//!   recursive array, `$a['self'] = &$a`).
//!
//! [`from_zval_lenient`] is the same mapping for the functions that only read
//! a few fields (`bpjs_metadata`): what the strict one refuses becomes null
//! there instead of an error.
//!
//! Messages name the argument and the PHP type, never a key or a value:
//! either may be a secret or a patient identifier.

use ext_php_rs::exception::PhpException;
use ext_php_rs::types::{ZendHashTable, Zval};
use serde_json::{Map, Number, Value};

use crate::exception;

/// Containers nested deeper than this are refused: serde_json reads at most
/// 128 levels, so a deeper value could be stored but never read back (the
/// Python binding has the same limit).
pub const MAX_DEPTH: usize = 128;

/// What to do with a value the mapping refuses.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A `config` error naming the argument.
    Strict,
    /// Null in its place.
    Lenient,
}

/// Why a value was refused: the message of the `config` error, built (and
/// thrown) only once the whole conversion has failed.
struct Refused(String);

type Converted = Result<Value, Refused>;

fn refuse(mode: Mode, message: impl FnOnce() -> String) -> Converted {
    match mode {
        Mode::Strict => Err(Refused(message())),
        Mode::Lenient => Ok(Value::Null),
    }
}

fn thrown(refused: Refused) -> PhpException {
    exception::config(refused.0)
}

/// Any PHP value (a `mixed` argument).
pub fn from_zval(value: &Zval, what: &str) -> Result<Value, PhpException> {
    convert(value, what, 0, Mode::Strict).map_err(thrown)
}

/// Any PHP value, what [`from_zval`] refuses read as null. Never fails.
pub fn from_zval_lenient(value: &Zval) -> Value {
    convert(value, "", 0, Mode::Lenient).unwrap_or(Value::Null)
}

/// A `?array` argument: `None` (null) stays absent; an array is always read as
/// an object, so `[]` is "no keys" (not an empty list) and a list is an object
/// with keys "0", "1", ... (which the core then refuses as unknown keys).
pub fn object_from_array(array: Option<&ZendHashTable>, what: &str) -> Result<Option<Value>, PhpException> {
    array.map(|array| object_entries(entries(array), what, 0, Mode::Strict).map_err(thrown)).transpose()
}

/// The PHP value `json_decode($json, true)` gives for `value` (objects become
/// arrays, `{}` becomes `[]`, floats stay floats).
pub fn to_zval(value: &Value) -> Result<Zval, PhpException> {
    crate::array::json_to_php(value.to_string())
        .ok_or_else(|| exception::config("result nests deeper than json_decode's limit of 512"))
}

fn convert(value: &Zval, what: &str, depth: usize, mode: Mode) -> Converted {
    let value = value.dereference();
    if value.is_null() {
        return Ok(Value::Null);
    }
    if let Some(flag) = value.bool() {
        return Ok(Value::Bool(flag));
    }
    if let Some(n) = value.long() {
        return Ok(Value::from(n));
    }
    if let Some(f) = value.double() {
        return match Number::from_f64(f) {
            Some(number) => Ok(Value::Number(number)),
            None => refuse(mode, || format!("{what}: NaN and infinity are not JSON numbers")),
        };
    }
    if let Some(text) = value.zend_str() {
        return Ok(Value::String(String::from_utf8_lossy(text.as_bytes()).into_owned()));
    }
    if let Some(array) = value.array() {
        let entries = entries(array);
        if is_list(&entries) {
            if depth >= MAX_DEPTH {
                return refuse(mode, || too_deep(what));
            }
            return entries
                .into_iter()
                .map(|(_, item)| convert(item, what, depth + 1, mode))
                .collect::<Result<_, _>>()
                .map(Value::Array);
        }
        return object_entries(entries, what, depth, mode);
    }
    if let Some(object_value) = value.object() {
        let class = object_value.get_class_name().unwrap_or_default();
        if class.eq_ignore_ascii_case("stdClass") {
            return match object_value.get_properties() {
                Ok(properties) => object_entries(entries(properties), what, depth, mode),
                Err(_) => refuse(mode, || format!("{what}: the properties of a stdClass could not be read")),
            };
        }
        return refuse(mode, || {
            let class =
                if class.is_empty() { "an object of unknown class".to_owned() } else { format!("a {class} object") };
            format!("{what}: {class} is not a JSON value (expected array, stdClass, string, int, float, bool or null)")
        });
    }
    let kind = if value.is_resource() { "a resource" } else { "a value of an unknown type" };
    refuse(mode, || format!("{what}: {kind} is not a JSON value"))
}

enum Key {
    Index(i64),
    Name(String),
}

impl Key {
    /// The JSON object key: an int key in decimal.
    fn into_string(self) -> String {
        match self {
            Key::Index(n) => n.to_string(),
            Key::Name(name) => name,
        }
    }
}

/// `array_is_list()`: keys 0, 1, 2, ... in order.
fn is_list(entries: &[(Key, &Zval)]) -> bool {
    entries.iter().enumerate().all(|(i, (key, _))| matches!(key, Key::Index(n) if usize::try_from(*n) == Ok(i)))
}

/// The entries of an array in order. Read with `next_zval` rather than
/// ext-php-rs's iterators, which panic on a key that is not UTF-8; such a key
/// is read lossily, like a string value.
fn entries(array: &ZendHashTable) -> Vec<(Key, &Zval)> {
    let mut out = Vec::with_capacity(array.len());
    let mut iter = array.iter();
    while let Some((key, value)) = iter.next_zval() {
        let key = match (key.long(), key.zend_str()) {
            (Some(n), _) => Key::Index(n),
            (None, Some(name)) => Key::Name(String::from_utf8_lossy(name.as_bytes()).into_owned()),
            (None, None) => Key::Index(out.len() as i64),
        };
        out.push((key, value));
    }
    out
}

fn object_entries(entries: Vec<(Key, &Zval)>, what: &str, depth: usize, mode: Mode) -> Converted {
    if depth >= MAX_DEPTH {
        return refuse(mode, || too_deep(what));
    }
    let mut map = Map::with_capacity(entries.len());
    for (key, item) in entries {
        map.insert(key.into_string(), convert(item, what, depth + 1, mode)?);
    }
    Ok(Value::Object(map))
}

fn too_deep(what: &str) -> String {
    format!("{what}: nested deeper than {MAX_DEPTH} levels (or an array that contains itself)")
}
