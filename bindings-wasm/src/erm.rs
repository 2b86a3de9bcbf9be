//! eRekam Medis (docs/erm.md) for the wrapper: the encrypted `dataMR`, its
//! inverse and the insert body, all the core's. Texts cross as strings; a
//! received `dataMR` as UTF-8 bytes, like the other payloads.

use bpjs_codec::erm;
use wasm_bindgen::prelude::*;

use crate::{limits, thrown, JsResult};

/// `dataMR` of a bundle's JSON text (compressed byte for byte as given).
#[wasm_bindgen]
pub fn encrypt_medical_record(cons_id: &str, secret: &str, kode_ppk: &str, bundle_json: &str) -> JsResult<String> {
    erm::encrypt_medical_record(cons_id, secret, kode_ppk, bundle_json).map_err(thrown)
}

/// The bundle text of a `dataMR`; `max_output` in bytes of bundle text.
#[wasm_bindgen]
pub fn decrypt_medical_record(
    cons_id: &str,
    secret: &str,
    kode_ppk: &str,
    data_mr: &[u8],
    max_output: Option<u32>,
) -> JsResult<String> {
    erm::decrypt_medical_record_with(cons_id, secret, kode_ppk, data_mr, &limits(max_output)).map_err(thrown)
}

/// The insert body from the fields' JSON text (the bundle's text inside it
/// is taken verbatim by the core).
#[wasm_bindgen]
pub fn build_medical_record_request(
    cons_id: &str,
    secret: &str,
    kode_ppk: &str,
    fields_json: &str,
) -> JsResult<String> {
    erm::build_medical_record_request_json(cons_id, secret, kode_ppk, fields_json).map_err(thrown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_errors_keep_their_kind() {
        let bundle = r#"{"resourceType":"Bundle","entry":[]}"#;
        let data_mr = encrypt_medical_record("1", "s", "0301R001", bundle).unwrap();
        assert_eq!(decrypt_medical_record("1", "s", "0301R001", data_mr.as_bytes(), None).unwrap(), bundle);
        let err = decrypt_medical_record("1", "s", "0301R001", data_mr.as_bytes(), Some(4)).unwrap_err();
        assert!(err.starts_with("output_limit: "), "{err}");
        let err = decrypt_medical_record("1", "s", "0301R002", data_mr.as_bytes(), None).unwrap_err();
        assert!(err.starts_with("padding: "), "{err}");
        let fields = format!(
            r#"{{"noSep":"0301R0011124V000123","jnsPelayanan":"2","bulan":11,"tahun":2024,"bundle":{bundle}}}"#
        );
        let body = build_medical_record_request("1", "s", "0301R001", &fields).unwrap();
        assert!(body.starts_with(r#"{"request":{"noSep":"0301R0011124V000123""#), "{body}");
        let err = build_medical_record_request("1", "s", "0301R001", r#"{"noSEP": "x"}"#).unwrap_err();
        assert!(err.starts_with("config: "), "{err}");
    }
}
