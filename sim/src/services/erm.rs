//! eRekam Medis insert (`POST /erekammedis/eclaim/rekammedis/insert`): the
//! one request whose body is encrypted. The body is read, `dataMR` opened and
//! the bundle checked through the core (`bpjs_codec::erm`), with the
//! simulator's cons_id, secret and `--kode-ppk`. VClaim credentials and
//! envelope; the reply is plain.
//!
//! Failures answer `"201"` with a message naming the step and the error kind
//! (and what to check), never anything of the record: it is a medical record.

use bpjs_codec::erm::{check_medical_record_bundle, open_medical_record, parse_medical_record_request};
use bpjs_codec::{ErrorKind, Limits};
use serde_json::json;

use super::Request;
use crate::reply::Answer;

/// What BPJS says when the record is stored.
pub const STORED: &str = "Data rekam medis berhasil disimpan";

pub fn insert(request: &Request<'_>) -> Answer {
    let Ok(text) = std::str::from_utf8(request.body) else {
        return Answer::error(201, "Format request eRM salah: body bukan teks UTF-8");
    };
    let fields = match parse_medical_record_request(text) {
        Ok(fields) => fields,
        // The core's messages name the field and what was expected, never its value.
        Err(e) => return Answer::error(201, format!("Format request eRM salah ({}): {}", e.kind(), e.message())),
    };
    let credentials = &request.config.credentials;
    let limits = Limits::default();
    let record = match open_medical_record(
        &credentials.cons_id,
        &credentials.secret,
        &request.config.kode_ppk,
        &fields.data_mr,
        &limits,
    ) {
        Ok(record) => record,
        Err(e) => return Answer::error(201, format!("dataMR tidak dapat dibuka ({}): {}", e.kind(), hint(e.kind()))),
    };
    if let Err(e) = check_medical_record_bundle(&record.bundle_json) {
        // Positions and what was expected only (see the core's `check_medical_record_bundle`).
        return Answer::error(201, format!("Bundle FHIR tidak valid ({}): {}", e.kind(), e.message()));
    }
    let stored = json!({
        "noSep": fields.no_sep,
        "jnsPelayanan": fields.jns_pelayanan,
        "bulan": fields.bulan,
        "tahun": fields.tahun,
        "compression": record.compression.as_str(),
        "bundleBytes": record.bundle_json.len(),
    });
    request.store.lock().other.insert(("rekam_medis".to_owned(), fields.no_sep), stored);
    Answer::ok(json!({ "keterangan": STORED }))
}

/// What to check, per kind of failure to open `dataMR`.
fn hint(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Padding => "kunci salah: periksa cons_id, secret dan kodePPK",
        ErrorKind::Base64 => "dataMR atau isinya bukan base64 (base64(AES(base64(gzip(bundle)))))",
        ErrorKind::CipherLength => "panjang dataMR bukan kelipatan 16 byte (terpotong?)",
        ErrorKind::Json => "isi terdekripsi bukan aliran gzip atau zlib yang utuh, atau bukan teks UTF-8",
        ErrorKind::OutputLimit => "bundle terlalu besar",
        _ => "periksa format dataMR",
    }
}
