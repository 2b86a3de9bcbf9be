//! The endpoint catalogue (docs/catalogue.md) for the wrapper: the core's
//! JSON forms (`catalogue_json`, `build_request_json`) as text. The URL and
//! headers of a request are put together by the wrapper from core values
//! only (`PRODUCTION_HOST`, the request's paths, `build_headers`).

use bpjs_codec::catalogue;
use wasm_bindgen::prelude::*;

use crate::audit::parse;
use crate::{thrown, JsResult};

/// The whole catalogue as a JSON array (one object per endpoint).
#[wasm_bindgen]
pub fn catalogue_json() -> JsResult<String> {
    catalogue::catalogue_json().map_err(thrown)
}

/// A request built from the catalogue, as the core's JSON object text.
/// `params` is the wrapper's JSON text of the parameters object (absent:
/// none); its non-integer numbers cross beside it as for the audit
/// functions, and are put back before the core reads the text.
#[wasm_bindgen]
pub fn build_request(service: &str, name: &str, params: Option<String>, numbers: &[f64]) -> JsResult<String> {
    let params = match params {
        None => "null".to_owned(),
        Some(text) if numbers.is_empty() => text,
        Some(text) => parse("request params", &text, numbers)?.to_string(),
    };
    catalogue::build_request_json(service, name, &params).map_err(thrown)
}

/// `[PRODUCTION_HOST, DEVELOPMENT_HOST]`, each `https://` and a host name.
#[wasm_bindgen]
pub fn bpjs_hosts() -> Vec<String> {
    vec![bpjs_codec::PRODUCTION_HOST.to_owned(), bpjs_codec::DEVELOPMENT_HOST.to_owned()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_the_core_json() {
        let params = r#"{"nik":"3201011705800001","tgl_sep":"2026-12-05"}"#;
        let built = build_request("vclaim", "peserta.nik", Some(params.into()), &[]).unwrap();
        assert_eq!(built, catalogue::build_request_json("vclaim", "peserta.nik", params).unwrap());
        let body = r#"{"body": {"beratBadan": -0}}"#;
        let built = build_request("pcare", "kunjungan.insert", Some(body.into()), &[65.5]).unwrap();
        assert!(built.contains(r#"beratBadan\":65.5"#), "{built}");
        let err = build_request("vclaim", "peserta.nik", None, &[]).unwrap_err();
        assert!(err.starts_with("config: "), "{err}");
        assert!(catalogue_json().unwrap().starts_with('['));
        assert!(bpjs_hosts().iter().all(|host| host.starts_with("https://")));
    }
}
