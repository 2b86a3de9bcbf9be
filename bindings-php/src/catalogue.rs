//! The endpoint catalogue (docs/catalogue.md): the core's table as PHP
//! arrays, a request built by the core's builder, and one PHP constant per
//! endpoint name so an editor completes the names and a typo is an error.

use bpjs_codec::catalogue::{self, BODY_PARAM};
use bpjs_codec::{Method, Service, DEVELOPMENT_HOST, PRODUCTION_HOST};
use ext_php_rs::constant::IntoConst;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendHashTable, Zval};
use serde_json::{Map, Value};

use crate::exception::{self, from_core};
use crate::json_value::{object_from_array, to_zval};

/// Every endpoint of the catalogue, in table order, as the core's
/// `catalogue_json()` gives them: `service`, `name`, `method`, `path`
/// (template), `params`, `encrypted_reply`, `content_type`, `body`, `reply`,
/// `production_path`, `development_path`.
#[php_function]
pub fn bpjs_catalogue() -> PhpResult<Zval> {
    let text = catalogue::catalogue_json().map_err(from_core)?;
    crate::array::json_to_php(text).ok_or_else(|| exception::config("catalogue: could not be converted"))
}

/// The request of endpoint `$name` of `$service` built from `$params` (one
/// key per path parameter and, for endpoints that take one, `body`): the
/// core's `service`, `name`, `method`, `path`, `content_type`, `body` (text
/// to send, or null), `encrypted_reply`, `production_path`,
/// `development_path`, plus `url` (`$base_url` + path, else the BPJS host +
/// service path + path) and, when `$credentials` are given, `headers`
/// (`bpjs_build_headers` with the request's method and Content-Type, at
/// `$timestamp`).
#[php_function]
#[php(defaults(development = false))]
pub fn bpjs_request(
    service: &str,
    name: &str,
    params: Option<&ZendHashTable>,
    credentials: Option<&ZendHashTable>,
    timestamp: Option<&Zval>,
    base_url: Option<&str>,
    development: bool,
) -> PhpResult<Zval> {
    let mut params = match object_from_array(params, "params")? {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    // json_decode('{}', true) is [], which reads as an empty list: an empty
    // body is an empty object.
    if let Some(body) = params.get_mut(BODY_PARAM) {
        if body.as_array().is_some_and(Vec::is_empty) {
            *body = Value::Object(Map::new());
        }
    }
    let text = catalogue::build_request_json(service, name, &Value::Object(params).to_string()).map_err(from_core)?;
    let Ok(Value::Object(mut request)) = serde_json::from_str::<Value>(&text) else {
        return Err(exception::config("request: the core's answer is not an object"));
    };
    let field = |key: &str| request.get(key).and_then(Value::as_str).unwrap_or_default().to_owned();
    let (path, method, content_type) = (field("path"), field("method"), field("content_type"));
    let url = match base_url {
        Some(base) => format!("{}{path}", base.trim_end_matches('/')),
        None if development => format!("{DEVELOPMENT_HOST}/{}{path}", field("development_path")),
        None => format!("{PRODUCTION_HOST}/{}{path}", field("production_path")),
    };
    request.insert("url".into(), Value::String(url));
    if let Some(credentials) = credentials {
        let service: Service = service.parse().map_err(from_core)?;
        let method: Method = method.parse().map_err(from_core)?;
        let headers = crate::headers(service, credentials, timestamp, Some(method), Some(&content_type))?;
        let headers = headers.into_iter().map(|(name, value)| (name.to_owned(), Value::String(value))).collect();
        request.insert("headers".into(), Value::Object(headers));
    }
    to_zval(&Value::Object(request))
}

/// The constant naming an endpoint: `BPJS_` + service + `_` + name, upper
/// case, `-` and `.` as `_` (`vclaim` `peserta.nik`: `BPJS_VCLAIM_PESERTA_NIK`).
pub fn constant_name(service: Service, name: &str) -> String {
    format!("BPJS_{}_{}", service.name(), name).to_ascii_uppercase().replace(['-', '.'], "_")
}

/// Registers one string constant per endpoint (its name), from module
/// startup. Stops at the first failure.
pub fn register_constants(module_number: i32) -> ext_php_rs::error::Result<()> {
    for endpoint in catalogue::catalogue() {
        endpoint.name.as_str().register_constant(&constant_name(endpoint.service, &endpoint.name), module_number)?;
    }
    Ok(())
}

/// Adds the functions above (`wrap_function!` needs their generated types,
/// which are private to this module).
pub fn register(module: ModuleBuilder) -> ModuleBuilder {
    module.function(wrap_function!(bpjs_catalogue)).function(wrap_function!(bpjs_request))
}
