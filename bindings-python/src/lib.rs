//! Python bindings of bpjs-codec: the extension module `bpjs_codec._bpjs_codec`.
//!
//! The public package is `bpjs_codec` (python/bpjs_codec/__init__.py), which
//! re-exports these functions. This crate only converts Python arguments to
//! core types, releases the GIL around the heavy work, and maps the core's
//! errors to Python exceptions; every protocol rule lives in `core/`.

#![forbid(unsafe_code)]

mod audit;
mod catalogue;
mod convert;
mod decode;
mod erm;
mod errors;
mod find_timestamp;
mod gil;
mod headers;
mod metadata;
mod pyjson;
mod timing;

use pyo3::prelude::*;

/// Native part of bpjs_codec; import ``bpjs_codec`` instead.
#[pymodule(name = "_bpjs_codec")]
mod bpjs_codec_native {
    use pyo3::prelude::*;
    use pyo3::types::PyTuple;

    #[pymodule_export]
    use crate::audit::{
        audit_record, canonical_json, derive_hash_key, logged_result_number, payload_hash, redact, redact_endpoint,
        resend_outcome, resend_plan, result_number, retry_decision, send_state, stale_limits,
    };
    #[pymodule_export]
    use crate::catalogue::{catalogue, request};
    #[pymodule_export]
    use crate::decode::{
        compress_and_encrypt, decrypt, decrypt_and_decompress, is_ciphertext, lz_compress, lz_decompress,
        process_wrapper,
    };
    #[pymodule_export]
    use crate::erm::{build_medical_record_request, decrypt_medical_record, encrypt_medical_record};
    #[pymodule_export]
    use crate::find_timestamp::find_timestamp;
    #[pymodule_export]
    use crate::headers::{
        authorization, build_headers, is_sensitive_header, service_from_url, service_path, signature,
    };
    #[pymodule_export]
    use crate::metadata::{metadata, status_object};
    #[pymodule_export]
    use crate::pyjson::json_loads_for_tests;
    #[pymodule_export]
    use crate::timing::native_timing;

    #[pymodule_export]
    const DEFAULT_MAX_OUTPUT: usize = bpjs_codec::DEFAULT_MAX_OUTPUT;
    #[pymodule_export]
    const DEFAULT_APP_CODE: &str = bpjs_codec::DEFAULT_APP_CODE;
    #[pymodule_export]
    const PRODUCTION_HOST: &str = bpjs_codec::PRODUCTION_HOST;
    #[pymodule_export]
    const MAX_WINDOW_SECS: u64 = bpjs_codec::MAX_WINDOW_SECS;
    #[pymodule_export]
    const DEVELOPMENT_HOST: &str = bpjs_codec::DEVELOPMENT_HOST;

    #[pymodule_init]
    fn init(module: &Bound<'_, PyModule>) -> PyResult<()> {
        let py = module.py();
        let services = bpjs_codec::Service::ALL.map(|s| s.name());
        module.add("SERVICES", PyTuple::new(py, services)?)?;
        let kinds = bpjs_codec::ErrorKind::ALL.map(|k| k.as_str());
        module.add("ERROR_KINDS", PyTuple::new(py, kinds)?)?;
        module.add("__version__", env!("CARGO_PKG_VERSION"))?;
        Ok(())
    }
}
