//! JSON text to the PHP array `json_decode($text, true)` would return.
//!
//! Measured on the 1 MB diagnosa list (README, "How the array is built"):
//! PHP's own decoder (`php_json_decode_ex`, what `json_decode` runs) takes as
//! long as `json_decode`; a serde_json parse straight into zvals that shares
//! each repeated object key as one zend_string takes about three quarters of
//! that (3.4 against 4.6 ms; found by a linear scan: SipHash on every key ate
//! the gain). The second is used, and PHP's decoder is the fallback wherever the two could
//! differ (`-0`, which serde_json reads as the float -0.0; anything serde_json
//! rejects), so the result is always exactly json_decode's.

use std::ffi::c_char;

use ext_php_rs::ffi::{zend_long, zval};
use ext_php_rs::types::Zval;

/// `PHP_JSON_OBJECT_AS_ARRAY` from ext/json/php_json.h.
const PHP_JSON_OBJECT_AS_ARRAY: zend_long = 1;
/// `PHP_JSON_PARSER_DEFAULT_DEPTH`, json_decode's default `$depth`.
const PHP_JSON_PARSER_DEFAULT_DEPTH: zend_long = 512;
const SUCCESS: i32 = 0;

extern "C" {
    // Exported by the PHP binary (ext/json is always compiled in since PHP 8.0).
    fn php_json_decode_ex(
        return_value: *mut zval,
        text: *const c_char,
        text_len: usize,
        options: zend_long,
        depth: zend_long,
    ) -> i32;
}

/// `None` when PHP's decoder rejects the text (only possible past depth 512:
/// the core has already checked that the text is one JSON value).
///
/// Takes the text by value: PHP's scanner stops at a NUL byte just past the
/// end (every zend_string has one), so one is appended in place.
pub fn json_decode_assoc(mut text: String) -> Option<Zval> {
    let len = text.len();
    text.push('\0');
    let mut value = Zval::new();
    // SAFETY: `text` is valid for `len + 1` bytes, NUL-terminated, for the whole
    // call (the decoder does not keep it); `value` is an initialised null zval
    // that the decoder overwrites and we then own.
    let status = unsafe {
        php_json_decode_ex(
            &raw mut value,
            text.as_ptr().cast(),
            len,
            PHP_JSON_OBJECT_AS_ARRAY,
            PHP_JSON_PARSER_DEFAULT_DEPTH,
        )
    };
    (status == SUCCESS).then_some(value)
}

/// serde_json straight into zvals, repeated object keys shared as one zend_string.
mod shared_keys {
    use std::borrow::Cow;
    use std::fmt;
    use std::ptr;

    use ext_php_rs::boxed::ZBox;
    use ext_php_rs::ffi::{
        zend_hash_index_update, zend_hash_next_index_insert, zend_hash_update, zend_string, zend_ulong,
    };
    use ext_php_rs::types::{ZendHashTable, ZendStr, Zval};
    use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

    /// Distinct keys shared per call. BPJS lists repeat the same few keys
    /// thousands of times; a short linear scan beats hashing every key in Rust
    /// (PHP hashes each shared key once and caches the hash in the string).
    const KEY_CACHE_LIMIT: usize = 64;

    #[derive(Default)]
    pub struct Builder<'de> {
        keys: Vec<(Cow<'de, str>, ZBox<ZendStr>)>,
        /// serde_json reads `-0` as the float -0.0 where json_decode gives int 0,
        /// and cannot tell it from `-0.0`: such a document goes to PHP's decoder.
        saw_negative_zero: bool,
    }

    struct Value<'b, 'de>(&'b mut Builder<'de>);

    impl<'de> DeserializeSeed<'de> for Value<'_, 'de> {
        type Value = Zval;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Zval, D::Error> {
            d.deserialize_any(self)
        }
    }

    fn zval(set: impl FnOnce(&mut Zval)) -> Zval {
        let mut z = Zval::new();
        set(&mut z);
        z
    }

    /// PHP's ZEND_HANDLE_NUMERIC_STR: canonical decimal within zend_long.
    fn numeric_key(key: &str) -> Option<i64> {
        let digits = key.strip_prefix('-').unwrap_or(key);
        let canonical = match digits.as_bytes() {
            [b'0'] => key == "0",
            [b'1'..=b'9', rest @ ..] => rest.iter().all(u8::is_ascii_digit),
            _ => false,
        };
        if canonical {
            key.parse().ok()
        } else {
            None
        }
    }

    impl<'de> Visitor<'de> for Value<'_, 'de> {
        type Value = Zval;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON value")
        }
        fn visit_bool<E>(self, v: bool) -> Result<Zval, E> {
            Ok(zval(|z| z.set_bool(v)))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Zval, E> {
            Ok(zval(|z| z.set_long(v)))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Zval, E> {
            // Past zend_long json_decode gives a float, rounded from the literal
            // the same way this cast rounds the exact integer.
            Ok(zval(|z| match i64::try_from(v) {
                Ok(n) => z.set_long(n),
                Err(_) => z.set_double(v as f64),
            }))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Zval, E> {
            if v == 0.0 && v.is_sign_negative() {
                self.0.saw_negative_zero = true;
            }
            Ok(zval(|z| z.set_double(v)))
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Zval, E> {
            let mut z = Zval::new();
            z.set_string(v, false).map_err(E::custom)?;
            Ok(z)
        }
        fn visit_unit<E>(self) -> Result<Zval, E> {
            Ok(Zval::new())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Zval, A::Error> {
            let mut ht = ZendHashTable::with_capacity(seq.size_hint().unwrap_or(8).min(1 << 16) as u32);
            while let Some(item) = seq.next_element_seed(Value(&mut *self.0))? {
                let mut item = item;
                // SAFETY: `ht` is a live array; the engine copies the zval, which then owns the value.
                unsafe { zend_hash_next_index_insert(ptr::from_mut(&mut *ht), &raw mut item) };
                std::mem::forget(item);
            }
            Ok(zval(|z| z.set_hashtable(ht)))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Zval, A::Error> {
            let mut ht = ZendHashTable::with_capacity(map.size_hint().unwrap_or(8).min(1 << 16) as u32);
            while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                let mut value = map.next_value_seed(Value(&mut *self.0))?;
                let table = ptr::from_mut(&mut *ht);
                if let Some(index) = numeric_key(&key) {
                    // SAFETY: as above.
                    unsafe { zend_hash_index_update(table, index as zend_ulong, &raw mut value) };
                } else {
                    let keys = &mut self.0.keys;
                    let position = keys.iter().position(|(k, _)| k.as_ref() == key.as_ref());
                    let shared = match position {
                        Some(i) => &mut keys[i].1,
                        None if keys.len() < KEY_CACHE_LIMIT => {
                            let zstr = ZendStr::new(key.as_ref(), false);
                            keys.push((key, zstr));
                            let last = keys.len() - 1;
                            &mut keys[last].1
                        }
                        None => {
                            let mut one = ZendStr::new(key.as_ref(), false);
                            // SAFETY: as above; the table takes its own reference to the key.
                            unsafe { zend_hash_update(table, one.as_mut_ptr().cast::<zend_string>(), &raw mut value) };
                            std::mem::forget(value);
                            continue;
                        }
                    };
                    // SAFETY: as above; the table adds a reference to the shared key.
                    unsafe { zend_hash_update(table, shared.as_mut_ptr().cast::<zend_string>(), &raw mut value) };
                }
                std::mem::forget(value);
            }
            Ok(zval(|z| z.set_hashtable(ht)))
        }
    }

    /// `None` when the result could differ from json_decode's (or the text is
    /// not JSON serde_json accepts): the caller uses PHP's decoder then.
    pub fn build(text: &str) -> Option<Zval> {
        let mut builder = Builder::default();
        let mut de = serde_json::Deserializer::from_str(text);
        let value = Value(&mut builder).deserialize(&mut de).ok()?;
        de.end().ok()?;
        (!builder.saw_negative_zero).then_some(value)
    }
}

/// The array (or scalar) json_decode($text, true) gives; `None` only past
/// json_decode's depth limit of 512.
pub fn json_to_php(text: String) -> Option<Zval> {
    shared_keys::build(&text).or_else(|| json_decode_assoc(text))
}
