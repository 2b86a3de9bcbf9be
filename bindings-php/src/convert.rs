//! PHP values to core types. Validation of the values themselves (digits in a
//! timestamp, missing credentials) is the core's; only the PHP shape is checked here.

use bpjs_codec::{Credentials, Limits, Timestamp};
use ext_php_rs::exception::PhpException;
use ext_php_rs::types::{ZendHashTable, Zval};

use crate::exception;

/// `int|string` timestamp: an int is written in decimal; a string is used
/// verbatim in the key (the core checks that it is digits only).
pub fn timestamp_text(value: &Zval, what: &str) -> Result<String, PhpException> {
    if let Some(secs) = value.long() {
        if secs < 0 {
            return Err(exception::config(format!("{what}: must not be negative")));
        }
        return Ok(secs.to_string());
    }
    if let Some(text) = value.str() {
        return Ok(text.to_owned());
    }
    Err(exception::config(format!("{what}: expected int or decimal string, got {}", type_name(value))))
}

pub fn timestamp(value: &Zval) -> Result<Timestamp, PhpException> {
    Timestamp::parse(&timestamp_text(value, "timestamp")?).map_err(exception::from_core)
}

/// The optional trailing `?int $max_output`.
pub fn limits(max_output: Option<i64>) -> Result<Limits, PhpException> {
    match max_output {
        None => Ok(Limits::default()),
        Some(n) => {
            usize::try_from(n).map(Limits::new).map_err(|_| exception::config("max_output: must not be negative"))
        }
    }
}

fn type_name(value: &Zval) -> &'static str {
    if value.is_null() {
        "null"
    } else if value.is_bool() {
        "bool"
    } else if value.is_double() {
        "float"
    } else if value.is_array() {
        "array"
    } else if value.is_object() {
        "object"
    } else if value.is_string() {
        // Only reached for text the core needs as UTF-8.
        "a string that is not UTF-8"
    } else {
        "a value of another type"
    }
}

/// A credential field: strings as they are, ints (a cons id read from config)
/// in decimal, null or absent as missing. Values never appear in messages.
fn field(array: &ZendHashTable, name: &str) -> Result<Option<String>, PhpException> {
    let Some(value) = array.get(name) else {
        return Ok(None);
    };
    let value = value.dereference();
    if value.is_null() {
        return Ok(None);
    }
    if value.is_long() {
        return Ok(value.long().map(|n| n.to_string()));
    }
    match value.str() {
        Some(text) => Ok(Some(text.to_owned())),
        None => Err(exception::config(format!("credentials[{name}]: expected string, got {}", type_name(value)))),
    }
}

/// `['cons_id' => ..., 'secret' => ..., 'user_key' => ..., 'username' => ...,
/// 'password' => ..., 'app_code' => ...]`. Missing required fields are
/// reported by the core (`config`, naming the field).
pub fn credentials(array: &ZendHashTable) -> Result<Credentials, PhpException> {
    let mut creds =
        Credentials::new(field(array, "cons_id")?.unwrap_or_default(), field(array, "secret")?.unwrap_or_default());
    creds.user_key = field(array, "user_key")?;
    creds.username = field(array, "username")?;
    creds.password = field(array, "password")?;
    creds.app_code = field(array, "app_code")?;
    Ok(creds)
}
