//! eRekam Medis (eRM): the one BPJS request whose body is encrypted.
//!
//! A hospital posts a visit's medical record, a FHIR `Bundle`, to
//! [`MEDICAL_RECORD_INSERT_PATH`] as `text/plain`:
//!
//! ```text
//! {"request":{"noSep":"…","jnsPelayanan":"2","bulan":"1","tahun":"2024","dataMR":"…"}}
//! dataMR = base64(AES-256-CBC(key = SHA-256(cons_id + secret + kodePPK), iv = key[0..16],
//!                             plaintext = base64(gzip(bundle JSON))))
//! ```
//!
//! [`build_medical_record_request`] makes that body; [`encrypt_medical_record`]
//! makes `dataMR` alone. The inverse ([`open_medical_record`],
//! [`decrypt_medical_record`], [`parse_medical_record_request`],
//! [`check_medical_record_bundle`]) is what the simulator does on receipt.
//! Decisions and traps (gzip vs zlib, PHP's `\/`, `bulan`'s leading zero) are
//! in docs/erm.md.
//!
//! ```
//! use bpjs_codec::erm::{build_medical_record_request, parse_medical_record_request, open_medical_record, MedicalRecordInsert};
//! use bpjs_codec::Limits;
//!
//! let bundle = r#"{"resourceType":"Bundle","type":"document","entry":[]}"#;
//! let insert = MedicalRecordInsert { no_sep: "0301R0011117V000008", jns_pelayanan: "2", bulan: "01", tahun: "2024", bundle_json: bundle };
//! let body = build_medical_record_request("1000", "S3cr3t", "0301R001", &insert).unwrap();
//! assert!(body.starts_with(r#"{"request":{"noSep":"0301R0011117V000008","jnsPelayanan":"2","bulan":"1","tahun":"2024","dataMR":""#));
//!
//! // The receiving side:
//! let fields = parse_medical_record_request(&body).unwrap();
//! let record = open_medical_record("1000", "S3cr3t", "0301R001", &fields.data_mr, &Limits::default()).unwrap();
//! assert_eq!(record.bundle_json, bundle);
//! ```

mod bundle;
mod compression;
mod data_mr;
mod request;

pub use crate::erm::bundle::{check_medical_record_bundle, BUNDLE_RESOURCE_TYPE};
pub use crate::erm::compression::Compression;
pub use crate::erm::data_mr::{
    check_medical_record_key_parts, decrypt_medical_record, decrypt_medical_record_with, encrypt_medical_record,
    encrypt_medical_record_using, open_medical_record, DecryptedMedicalRecord,
};
pub use crate::erm::request::{
    build_medical_record_request, build_medical_record_request_json, parse_medical_record_request, MedicalRecordInsert,
    MedicalRecordRequestFields, MEDICAL_RECORD_INSERT_PATH,
};
