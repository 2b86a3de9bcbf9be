//! The endpoint catalogue: one table of BPJS endpoints (service, stable
//! name, method, typed path template, encrypted reply or not, Content-Type,
//! body wrapper and fields, reply envelope shape), and a request builder
//! over it. The table is data (`endpoints.json`); docs/catalogue.md says how
//! it was decided.
//!
//! ```
//! use bpjs_codec::catalogue::build_request;
//! use bpjs_codec::Service;
//!
//! let params = serde_json::json!({"nik": "3201010101800001", "tgl_sep": "2026-12-05"});
//! let request = build_request(Service::Vclaim, "peserta.nik", params.as_object().unwrap()).unwrap();
//! assert_eq!(request.path, "/Peserta/nik/3201010101800001/tglSEP/2026-12-05");
//! assert!(request.encrypted_reply);
//! ```

mod endpoint;
mod json;
mod param;
mod percent;
mod request;

pub use endpoint::{
    catalogue, find_endpoint, table, visit_create, Body, CodeType, Endpoint, Param, ReplyShape, Segment, TABLE_JSON,
};
pub use json::{build_request_json, catalogue_json, endpoint_json, request_json};
pub use param::{is_dot_segment, only_dots, parse_ymd, ParamType, MAX_TEXT_CHARS};
pub use percent::percent_encode_segment;
pub use request::{build_request, EndpointRequest, BODY_PARAM};
