//! bpjs-codec: request signing and response decoding for the BPJS Kesehatan
//! bridging APIs (VClaim, PCare, Antrean RS/FKTP, iCare, Apotek, Aplicares).
//!
//! The core does no I/O: the host sends the HTTP request with the headers
//! from [`build_headers`] and hands the reply body to [`process_wrapper`],
//! with the same timestamp.
//!
//! ```
//! use bpjs_codec::{build_headers, compress_and_encrypt, process_wrapper, Credentials, HeaderRequest, Service};
//!
//! let creds = Credentials::new("1000", "S3cr3t").with_user_key("uk");
//! let headers = build_headers(&HeaderRequest::new(Service::Vclaim, &creds).timestamp(1732406400u64)).unwrap();
//! let ts = headers.timestamp().as_str();
//!
//! // What BPJS would answer, encrypted with that timestamp:
//! let ciphertext = compress_and_encrypt("1000", "S3cr3t", ts, r#"{"poli":[{"kode":"INT","nama":"Penyakit Dalam"}]}"#);
//! let body = format!(r#"{{"metaData":{{"code":"200","message":"OK"}},"response":"{ciphertext}"}}"#);
//!
//! let decoded = process_wrapper("1000", "S3cr3t", ts, &body).unwrap();
//! assert_eq!(decoded.as_str(), r#"{"metaData":{"code":"200","message":"OK"},"response":{"poli":[{"kode":"INT","nama":"Penyakit Dalam"}]}}"#);
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod audit;
mod base64;
pub mod catalogue;
mod cipher;
pub mod ciphertext;
mod codec;
mod credentials;
mod envelope;
pub mod erm;
mod error;
mod find_timestamp;
mod headers;
mod key;
mod limits;
mod lzstring;
mod metadata;
mod service;
mod signature;
mod timestamp;

pub use crate::cipher::{decrypt, decrypt_using, AesCbcDecrypt, BuiltinAes, HostAesError};
pub use crate::ciphertext::is_ciphertext;
pub use crate::codec::{
    check_key_parts, compress_and_encrypt, decrypt_and_decompress, decrypt_and_decompress_using,
    decrypt_and_decompress_with, encrypt, lz_compress, lz_decompress, lz_decompress_with,
};
pub use crate::credentials::{Credentials, DEFAULT_APP_CODE};
pub use crate::envelope::{process_wrapper, process_wrapper_using, process_wrapper_with, Processed};
pub use crate::error::{Error, ErrorKind, Result};
pub use crate::find_timestamp::{find_timestamp, MAX_WINDOW_SECS};
pub use crate::headers::{
    build_headers, is_sensitive_header, HeaderRequest, Headers, HEADER_ACCEPT, HEADER_AUTHORIZATION, HEADER_CONS_ID,
    HEADER_CONTENT_TYPE, HEADER_SIGNATURE, HEADER_TIMESTAMP, HEADER_USER_KEY, SENSITIVE_HEADERS,
};
pub use crate::limits::{Limits, DEFAULT_MAX_OUTPUT};
pub use crate::metadata::{metadata, metadata_from_str, metadata_key, metadata_object, Metadata};
pub use crate::service::{
    Authorization, Method, Service, CONTENT_TYPE_FORM_QUIRK, CONTENT_TYPE_JSON, CONTENT_TYPE_TEXT, DEVELOPMENT_HOST,
    PCARE_LEGACY_PATH, PRODUCTION_HOST,
};
pub use crate::signature::{authorization, signature};
pub use crate::timestamp::Timestamp;
