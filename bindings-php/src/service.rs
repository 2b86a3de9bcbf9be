//! The BPJS services by name: which one a base URL points at, and the path
//! of each below the BPJS host. The paths and the matching are the core's.

use bpjs_codec::Service;
use ext_php_rs::prelude::*;

use crate::exception::from_core;

/// The service (`"vclaim"`, `"icare-fktp"`, ...) a configured base URL points
/// at, or null: the longest known service path (production, development or
/// legacy) the URL's path ends with.
#[php_function]
pub fn bpjs_service_from_url(url: &str) -> Option<String> {
    Service::from_base_url(url).map(|service| service.name().to_owned())
}

/// The URL path of a service below the BPJS host (`vclaim` gives
/// `vclaim-rest`; with `$development`, `vclaim-rest-dev`).
#[php_function]
#[php(defaults(development = false))]
pub fn bpjs_service_path(service: &str, development: bool) -> PhpResult<String> {
    let service: Service = service.parse().map_err(from_core)?;
    let path = if development { service.development_path() } else { service.production_path() };
    Ok(path.to_owned())
}

/// Adds the functions above (`wrap_function!` needs their generated types,
/// which are private to this module).
pub fn register(module: ModuleBuilder) -> ModuleBuilder {
    module.function(wrap_function!(bpjs_service_from_url)).function(wrap_function!(bpjs_service_path))
}
