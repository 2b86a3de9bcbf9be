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
