//! JSON text to the PHP array `json_decode($text, true)` would return.
//!
//! The core hands back the spliced envelope as JSON text; PHP's own decoder
//! (`php_json_decode_ex`, the function behind `json_decode`) turns it into
//! arrays. It gives exactly `json_decode`'s result (numeric-string keys become
//! int keys, big integers become floats, depth 512) and measured faster than
//! building the zvals from a Rust parse: see bindings-php/README.md, "How the
//! array is built".

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

/// Candidate 2 (measured, see README): serde_json parse straight into zvals.
pub mod serde_builder {
    use std::borrow::Cow;
    use std::fmt;

    use ext_php_rs::types::{ZendHashTable, Zval};
    use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

    struct ZvalSeed;
    struct KeySeed;

    impl<'de> DeserializeSeed<'de> for ZvalSeed {
        type Value = Zval;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Zval, D::Error> {
            d.deserialize_any(ZvalVisitor)
        }
    }

    impl<'de> DeserializeSeed<'de> for KeySeed {
        type Value = Cow<'de, str>;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            <Cow<'de, str> as serde::Deserialize>::deserialize(d)
        }
    }

    struct ZvalVisitor;

    impl<'de> Visitor<'de> for ZvalVisitor {
        type Value = Zval;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("JSON")
        }
        fn visit_bool<E>(self, v: bool) -> Result<Zval, E> {
            let mut z = Zval::new();
            z.set_bool(v);
            Ok(z)
        }
        fn visit_i64<E>(self, v: i64) -> Result<Zval, E> {
            let mut z = Zval::new();
            z.set_long(v);
            Ok(z)
        }
        fn visit_u64<E>(self, v: u64) -> Result<Zval, E> {
            let mut z = Zval::new();
            match i64::try_from(v) {
                Ok(n) => z.set_long(n),
                Err(_) => z.set_double(v as f64),
            }
            Ok(z)
        }
        fn visit_f64<E>(self, v: f64) -> Result<Zval, E> {
            let mut z = Zval::new();
            z.set_double(v);
            Ok(z)
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
            let mut ht = ZendHashTable::with_capacity(seq.size_hint().unwrap_or(8) as u32);
            while let Some(item) = seq.next_element_seed(ZvalSeed)? {
                ht.push(item).map_err(serde::de::Error::custom)?;
            }
            let mut z = Zval::new();
            z.set_hashtable(ht);
            Ok(z)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Zval, A::Error> {
            let mut ht = ZendHashTable::with_capacity(map.size_hint().unwrap_or(8) as u32);
            while let Some(key) = map.next_key_seed(KeySeed)? {
                let value = map.next_value_seed(ZvalSeed)?;
                ht.insert(key.as_ref(), value).map_err(serde::de::Error::custom)?;
            }
            let mut z = Zval::new();
            z.set_hashtable(ht);
            Ok(z)
        }
    }

    pub fn json_to_zval(text: &str) -> Option<Zval> {
        let mut de = serde_json::Deserializer::from_str(text);
        let z = ZvalSeed.deserialize(&mut de).ok()?;
        de.end().ok()?;
        Some(z)
    }
}
