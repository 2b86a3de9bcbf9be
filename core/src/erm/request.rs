//! The eRM insert request body:
//! `{"request":{"noSep","jnsPelayanan","bulan","tahun","dataMR"}}`, posted as
//! `text/plain` to `/eclaim/rekammedis/insert`. Building it (hospital side)
//! and reading it back (the simulator's side), with one set of field rules.

use std::collections::HashMap;
use std::fmt;

use serde_json::value::RawValue;

use crate::erm::bundle::check_medical_record_bundle;
use crate::erm::data_mr::encrypt_medical_record;
use crate::error::{Error, Result};

/// The path of the eRM insert, under the service's base path (`erekammedis`,
/// development `erekammedis_dev`).
pub const MEDICAL_RECORD_INSERT_PATH: &str = "/eclaim/rekammedis/insert";

/// Longest accepted `noSep`. Real SEP numbers are 19 letters and digits
/// (e.g. `0301R0011117V000008`); the bound only stops nonsense.
const NO_SEP_MAX_LEN: usize = 32;

/// The fields of an eRM insert besides the key, as the hospital has them.
///
/// `bulan` and `tahun` are the month and year the SEP was issued: `bulan`
/// may be given as `"1"`..`"12"` or `"01"`..`"09"` and is always sent without
/// a leading zero; `tahun` is four digits. `jnsPelayanan` is `"1"` (rawat
/// inap) or `"2"` (rawat jalan).
#[derive(Clone, Copy)]
pub struct MedicalRecordInsert<'a> {
    /// The SEP number (`noSep`).
    pub no_sep: &'a str,
    /// `jnsPelayanan`: `"1"` rawat inap, `"2"` rawat jalan.
    pub jns_pelayanan: &'a str,
    /// `bulan`: month the SEP was issued, 1 to 12.
    pub bulan: &'a str,
    /// `tahun`: year the SEP was issued, four digits.
    pub tahun: &'a str,
    /// The FHIR Bundle JSON text, compressed exactly as given.
    pub bundle_json: &'a str,
}

impl fmt::Debug for MedicalRecordInsert<'_> {
    /// Sizes only: the SEP number identifies a patient's visit and the bundle
    /// is a medical record.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MedicalRecordInsert")
            .field("no_sep", &format_args!("{} chars", self.no_sep.len()))
            .field("bundle_json", &format_args!("{} bytes", self.bundle_json.len()))
            .finish_non_exhaustive()
    }
}

/// The request fields of a received eRM insert body, checked and normalised
/// (`bulan` without a leading zero). `data_mr` is still encrypted: open it
/// with [`crate::erm::open_medical_record`].
#[derive(Clone, PartialEq, Eq)]
pub struct MedicalRecordRequestFields {
    /// `noSep`.
    pub no_sep: String,
    /// `jnsPelayanan`: `"1"` or `"2"`.
    pub jns_pelayanan: String,
    /// `bulan`, `"1"`..`"12"`.
    pub bulan: String,
    /// `tahun`, four digits.
    pub tahun: String,
    /// `dataMR`, as sent.
    pub data_mr: String,
}

impl fmt::Debug for MedicalRecordRequestFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MedicalRecordRequestFields")
            .field("no_sep", &format_args!("{} chars", self.no_sep.len()))
            .field("jns_pelayanan", &self.jns_pelayanan)
            .field("bulan", &self.bulan)
            .field("tahun", &self.tahun)
            .field("data_mr", &format_args!("{} bytes", self.data_mr.len()))
            .finish()
    }
}

fn check_no_sep(no_sep: &str) -> Result<()> {
    if no_sep.is_empty() {
        return Err(Error::config("noSep: missing"));
    }
    if no_sep.len() > NO_SEP_MAX_LEN || !no_sep.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::config(format!(
            "noSep: expected a SEP number, letters and digits only (19 characters), got {} characters",
            no_sep.chars().count()
        )));
    }
    Ok(())
}

fn check_jns_pelayanan(jns_pelayanan: &str) -> Result<()> {
    match jns_pelayanan {
        "1" | "2" => Ok(()),
        "" => Err(Error::config("jnsPelayanan: missing (\"1\" rawat inap, \"2\" rawat jalan)")),
        _ => Err(Error::config("jnsPelayanan: expected \"1\" (rawat inap) or \"2\" (rawat jalan)")),
    }
}

/// `bulan` as sent, indexed by month - 1: no leading zero (see docs/erm.md).
const BULAN: [&str; 12] = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"];

/// `bulan` as sent: `1`..`12`, no leading zero; `01`..`09` are accepted.
fn normalize_bulan(bulan: &str) -> Result<&'static str> {
    if bulan.is_empty() {
        return Err(Error::config("bulan: missing (month the SEP was issued, 1 to 12)"));
    }
    let month = (matches!(bulan.len(), 1 | 2) && bulan.bytes().all(|b| b.is_ascii_digit()))
        .then(|| bulan.parse::<usize>().ok())
        .flatten()
        .and_then(|m| m.checked_sub(1))
        .and_then(|i| BULAN.get(i));
    month.copied().ok_or_else(|| Error::config("bulan: expected the month the SEP was issued, 1 to 12"))
}

fn check_tahun(tahun: &str) -> Result<()> {
    if tahun.is_empty() {
        return Err(Error::config("tahun: missing (year the SEP was issued, four digits)"));
    }
    if tahun.len() != 4 || !tahun.bytes().all(|b| b.is_ascii_digit()) || tahun.starts_with('0') {
        return Err(Error::config("tahun: expected the year the SEP was issued, four digits"));
    }
    Ok(())
}

/// Builds the whole eRM insert body, `dataMR` included, ready to post as
/// `text/plain` (headers from [`crate::build_headers`] as for the other
/// services):
/// `{"request":{"noSep":…,"jnsPelayanan":…,"bulan":…,"tahun":…,"dataMR":…}}`.
///
/// Checks every field first: `config` naming the field (never its value);
/// `json` when `bundle_json` is not a JSON object with `"resourceType":
/// "Bundle"` ([`check_medical_record_bundle`]). The bundle text is then
/// compressed as given (see [`encrypt_medical_record`]). `/` in `dataMR` is
/// not escaped.
pub fn build_medical_record_request(
    cons_id: &str,
    secret: &str,
    kode_ppk: &str,
    insert: &MedicalRecordInsert<'_>,
) -> Result<String> {
    check_no_sep(insert.no_sep)?;
    check_jns_pelayanan(insert.jns_pelayanan)?;
    let bulan = normalize_bulan(insert.bulan)?;
    check_tahun(insert.tahun)?;
    check_medical_record_bundle(insert.bundle_json)?;
    let data_mr = encrypt_medical_record(cons_id, secret, kode_ppk, insert.bundle_json)?;
    // Every value is checked to be letters and digits, or base64: none needs
    // JSON escaping.
    Ok(format!(
        r#"{{"request":{{"noSep":"{}","jnsPelayanan":"{}","bulan":"{}","tahun":"{}","dataMR":"{}"}}}}"#,
        insert.no_sep, insert.jns_pelayanan, bulan, insert.tahun, data_mr
    ))
}

/// The fields of a JSON object, each value still raw JSON text.
fn object_fields<'a>(what: &str, text: &'a str) -> Result<HashMap<String, &'a RawValue>> {
    serde_json::from_str::<HashMap<String, &'a RawValue>>(text).map_err(|e| {
        Error::config(format!(
            "{what}: not a JSON object ({:?} error at line {} column {})",
            e.classify(),
            e.line(),
            e.column()
        ))
    })
}

/// A field that must be a JSON string (or, with `numbers`, a non-negative
/// integer, as hosts often give `bulan` and `tahun`). Missing is `""`, which
/// the field's own check reports.
fn text_field(fields: &HashMap<String, &RawValue>, name: &str, numbers: bool) -> Result<String> {
    let Some(raw) = fields.get(name) else {
        return Ok(String::new());
    };
    if let Ok(text) = serde_json::from_str::<String>(raw.get()) {
        return Ok(text);
    }
    let raw = raw.get();
    if numbers && !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(raw.to_owned());
    }
    Err(Error::config(if numbers {
        format!("{name}: expected a string or an integer")
    } else {
        format!("{name}: expected a string")
    }))
}

fn reject_unknown(fields: &HashMap<String, &RawValue>, known: &[&str], what: &str) -> Result<()> {
    let mut unknown: Vec<&str> = fields.keys().map(String::as_str).filter(|k| !known.contains(k)).collect();
    unknown.sort_unstable();
    match unknown.first() {
        // The key is the caller's text (a value pasted as a key is possible):
        // its length and the valid names, never the key itself.
        Some(name) => Err(Error::config(format!(
            "{what}: unknown field ({} bytes; {} unknown in all); expected {}",
            name.len(),
            unknown.len(),
            known.join(", ")
        ))),
        None => Ok(()),
    }
}

/// [`build_medical_record_request`] for bindings, from one JSON object:
/// `{"noSep": "…", "jnsPelayanan": "2", "bulan": "1" | 1, "tahun": "2024" |
/// 2024, "bundle": {…} | "…"}`. `bundle` is the Bundle object itself, whose
/// text is taken verbatim from `fields_json` (never re-encoded), or a string
/// holding the bundle JSON text. Unknown fields are a `config` error, so a
/// typo (`noSEP`) cannot pass silently. Returns the body text.
pub fn build_medical_record_request_json(
    cons_id: &str,
    secret: &str,
    kode_ppk: &str,
    fields_json: &str,
) -> Result<String> {
    const KNOWN: [&str; 5] = ["noSep", "jnsPelayanan", "bulan", "tahun", "bundle"];
    let fields = object_fields("request fields", fields_json)?;
    reject_unknown(&fields, &KNOWN, "request fields")?;
    let no_sep = text_field(&fields, "noSep", false)?;
    let jns_pelayanan = text_field(&fields, "jnsPelayanan", true)?;
    let bulan = text_field(&fields, "bulan", true)?;
    let tahun = text_field(&fields, "tahun", true)?;
    let bundle_text;
    let bundle_json = match fields.get("bundle") {
        None => return Err(Error::config("bundle: missing (the FHIR Bundle object, or its JSON text)")),
        Some(raw) if raw.get().starts_with('"') => {
            bundle_text = serde_json::from_str::<String>(raw.get())
                .map_err(|_| Error::config("bundle: the string is not valid JSON text"))?;
            bundle_text.as_str()
        }
        Some(raw) => raw.get(),
    };
    let insert = MedicalRecordInsert {
        no_sep: &no_sep,
        jns_pelayanan: &jns_pelayanan,
        bulan: &bulan,
        tahun: &tahun,
        bundle_json,
    };
    build_medical_record_request(cons_id, secret, kode_ppk, &insert)
}

/// Reads a received eRM insert body (the simulator's side): one JSON object
/// `{"request": {...}}` with the five fields, checked by the same rules as
/// [`build_medical_record_request`] except that `bulan` may carry a leading
/// zero (peers send both; it is returned normalised). Unknown fields inside
/// `request` are refused. `config` errors name the field, never its value.
pub fn parse_medical_record_request(body: &str) -> Result<MedicalRecordRequestFields> {
    const KNOWN: [&str; 5] = ["noSep", "jnsPelayanan", "bulan", "tahun", "dataMR"];
    let outer = object_fields("body", body.trim())?;
    reject_unknown(&outer, &["request"], "body")?;
    let Some(request) = outer.get("request") else {
        return Err(Error::config(
            "request: missing (expected {\"request\": {noSep, jnsPelayanan, bulan, tahun, dataMR}})",
        ));
    };
    let fields = object_fields("request", request.get())?;
    reject_unknown(&fields, &KNOWN, "request")?;
    let no_sep = text_field(&fields, "noSep", false)?;
    check_no_sep(&no_sep)?;
    let jns_pelayanan = text_field(&fields, "jnsPelayanan", true)?;
    check_jns_pelayanan(&jns_pelayanan)?;
    let bulan = normalize_bulan(&text_field(&fields, "bulan", true)?)?.to_owned();
    let tahun = text_field(&fields, "tahun", true)?;
    check_tahun(&tahun)?;
    let data_mr = text_field(&fields, "dataMR", false)?;
    if data_mr.is_empty() {
        return Err(Error::config("dataMR: missing"));
    }
    Ok(MedicalRecordRequestFields { no_sep, jns_pelayanan, bulan, tahun, data_mr })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erm::decrypt_medical_record;
    use crate::ErrorKind;

    const BUNDLE: &str = r#"{"resourceType":"Bundle","type":"document","entry":[]}"#;

    fn insert(bulan: &str) -> MedicalRecordInsert<'_> {
        MedicalRecordInsert {
            no_sep: "0301R0011117V000008",
            jns_pelayanan: "2",
            bulan,
            tahun: "2024",
            bundle_json: BUNDLE,
        }
    }

    #[test]
    fn body_shape_and_round_trip() {
        let body = build_medical_record_request("1000", "s3cret", "0301R001", &insert("03")).unwrap();
        let value: serde_json::Value = serde_json::from_str(&body).unwrap();
        let request = value["request"].as_object().unwrap();
        let keys: Vec<&str> = request.keys().map(String::as_str).collect();
        assert_eq!(keys, ["noSep", "jnsPelayanan", "bulan", "tahun", "dataMR"]);
        assert_eq!(request["bulan"], "3");
        let fields = parse_medical_record_request(&body).unwrap();
        assert_eq!(
            (fields.no_sep.as_str(), fields.bulan.as_str(), fields.tahun.as_str()),
            ("0301R0011117V000008", "3", "2024")
        );
        assert_eq!(decrypt_medical_record("1000", "s3cret", "0301R001", &fields.data_mr).unwrap(), BUNDLE);
    }

    #[test]
    fn bulan_rules() {
        for (given, sent) in [("1", "1"), ("01", "1"), ("9", "9"), ("10", "10"), ("12", "12")] {
            assert_eq!(normalize_bulan(given).unwrap(), sent, "{given}");
        }
        for bad in ["", "0", "00", "13", "001", "1a", " 1", "+1", "012", "-1"] {
            let err = normalize_bulan(bad).unwrap_err();
            assert!(err.message().starts_with("bulan:"), "{bad}: {err}");
        }
    }

    #[test]
    fn field_errors_name_the_field_not_the_value() {
        let cases: [(MedicalRecordInsert<'_>, &str); 6] = [
            (MedicalRecordInsert { no_sep: "", ..insert("1") }, "noSep"),
            (MedicalRecordInsert { no_sep: "0301R001-1117V00 0008", ..insert("1") }, "noSep"),
            (MedicalRecordInsert { jns_pelayanan: "3", ..insert("1") }, "jnsPelayanan"),
            (MedicalRecordInsert { tahun: "24", ..insert("1") }, "tahun"),
            (insert("13"), "bulan"),
            (MedicalRecordInsert { tahun: "2O24", ..insert("1") }, "tahun"),
        ];
        for (fields, name) in cases {
            let err = build_medical_record_request("1000", "s3cret", "0301R001", &fields).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Config, "{name}");
            assert!(err.message().starts_with(name), "{name}: {err}");
            assert!(!err.message().contains("0301R001"), "{err}");
        }
        let not_bundle = MedicalRecordInsert { bundle_json: r#"{"resourceType":"Patient"}"#, ..insert("1") };
        let err = build_medical_record_request("1000", "s3cret", "0301R001", &not_bundle).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Json);
    }

    #[test]
    fn json_form_keeps_bundle_text_verbatim() {
        let fields = r#"{"noSep":"0301R0011117V000008","jnsPelayanan":2,"bulan":1,"tahun":2024,
            "bundle": {"resourceType":"Bundle", "url":"http:\/\/x\/y", "n": 1.50}}"#;
        let body = build_medical_record_request_json("1000", "s3cret", "0301R001", fields).unwrap();
        let got = parse_medical_record_request(&body).unwrap();
        assert_eq!(got.bulan, "1");
        let bundle = decrypt_medical_record("1000", "s3cret", "0301R001", &got.data_mr).unwrap();
        assert_eq!(bundle, r#"{"resourceType":"Bundle", "url":"http:\/\/x\/y", "n": 1.50}"#);
        let as_string =
            r#"{"noSep":"A1","jnsPelayanan":"1","bulan":"12","tahun":"2025","bundle":"{\"resourceType\":\"Bundle\"}"}"#;
        let body = build_medical_record_request_json("1000", "s3cret", "0301R001", as_string).unwrap();
        let got = parse_medical_record_request(&body).unwrap();
        assert_eq!(
            decrypt_medical_record("1000", "s3cret", "0301R001", &got.data_mr).unwrap(),
            r#"{"resourceType":"Bundle"}"#
        );
    }

    #[test]
    fn json_form_errors() {
        let base = r#""jnsPelayanan":"1","bulan":"1","tahun":"2025","bundle":{"resourceType":"Bundle"}"#;
        for (fields, name) in [
            (format!(r#"{{"noSEP":"A1",{base}}}"#), "request fields"),
            (format!(r#"{{{base}}}"#), "noSep"),
            (format!(r#"{{"noSep":12,{base}}}"#), "noSep"),
            ("[1]".to_owned(), "request fields"),
            (r#"{"noSep":"A1","jnsPelayanan":"1","bulan":"1","tahun":"2025"}"#.to_owned(), "bundle"),
            (r#"{"noSep":"A1","jnsPelayanan":"1","bulan":1.5,"tahun":"2025","bundle":{}}"#.to_owned(), "bulan"),
        ] {
            let err = build_medical_record_request_json("1000", "s3cret", "0301R001", &fields).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Config, "{fields}");
            assert!(err.message().starts_with(name), "{name}: {err}");
        }
    }

    #[test]
    fn parse_errors() {
        for (body, name) in [
            ("<html>", "body"),
            (r#"{"noSep":"A1"}"#, "body"),
            (r#"{}"#, "request"),
            (r#"{"request":{"noSep":"A1","jnsPelayanan":"1","bulan":"1","tahun":"2025"}}"#, "dataMR"),
            (r#"{"request":{"noSep":"A1","jnsPelayanan":"1","bulan":"0","tahun":"2025","dataMR":"x"}}"#, "bulan"),
        ] {
            let err = parse_medical_record_request(body).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Config, "{body}");
            assert!(err.message().starts_with(name), "{name}: {err}");
        }
    }
}
