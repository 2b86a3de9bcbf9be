//! eRekam Medis (docs/erm.md): the encrypted `dataMR` and the insert body.
//! The key, the compression and the field rules are the core's.

use bpjs_codec::erm;
use ext_php_rs::binary_slice::BinarySlice;
use ext_php_rs::prelude::*;
use ext_php_rs::types::Zval;

use crate::convert;
use crate::exception::{self, from_core};
use crate::json_value::from_zval;

/// `dataMR`: base64(AES-256-CBC(SHA-256(cons_id . secret . kode_ppk),
/// base64(gzip($bundle_json)))). The bundle text is encrypted as given.
#[php_function]
pub fn bpjs_encrypt_medical_record(
    cons_id: &str,
    secret: &str,
    kode_ppk: &str,
    bundle_json: &str,
) -> PhpResult<String> {
    erm::encrypt_medical_record(cons_id, secret, kode_ppk, bundle_json).map_err(from_core)
}

/// The bundle text of a `dataMR` (gzip or zlib inside); `$max_output` caps
/// it in bytes (default 32 MiB).
#[php_function]
pub fn bpjs_decrypt_medical_record(
    cons_id: &str,
    secret: &str,
    kode_ppk: &str,
    data_mr: BinarySlice<u8>,
    max_output: Option<i64>,
) -> PhpResult<String> {
    let limits = convert::limits(max_output)?;
    erm::decrypt_medical_record_with(cons_id, secret, kode_ppk, *data_mr, &limits).map_err(from_core)
}

/// The eRM insert body, `{"request":{"noSep","jnsPelayanan","bulan","tahun","dataMR"}}`,
/// from `$fields`: an array (or its JSON text) with `noSep`, `jnsPelayanan`,
/// `bulan`, `tahun` and `bundle` (the Bundle as an array, or its JSON text,
/// which is encrypted verbatim). Unknown keys are a `config` error.
#[php_function]
pub fn bpjs_build_medical_record_request(
    cons_id: &str,
    secret: &str,
    kode_ppk: &str,
    fields: &Zval,
) -> PhpResult<String> {
    let fields_json = if let Some(text) = fields.str() {
        text.to_owned()
    } else if fields.is_array() || fields.is_object() {
        from_zval(fields, "medical record fields")?.to_string()
    } else {
        return Err(exception::config("fields: expected an array or JSON text"));
    };
    erm::build_medical_record_request_json(cons_id, secret, kode_ppk, &fields_json).map_err(from_core)
}

/// Adds the functions above (`wrap_function!` needs their generated types,
/// which are private to this module).
pub fn register(module: ModuleBuilder) -> ModuleBuilder {
    module
        .function(wrap_function!(bpjs_encrypt_medical_record))
        .function(wrap_function!(bpjs_decrypt_medical_record))
        .function(wrap_function!(bpjs_build_medical_record_request))
}
