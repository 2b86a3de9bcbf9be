//! The check a receiver makes on a decrypted `dataMR`: one JSON object whose
//! `resourceType` is `"Bundle"` (a FHIR bundle).

use crate::error::{Error, ErrorKind, Result};

/// The resource type every `dataMR` must carry.
pub const BUNDLE_RESOURCE_TYPE: &str = "Bundle";

fn json_error(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Json, message)
}

/// Checks that `bundle_json` is exactly one JSON object (whitespace around it
/// allowed) with `"resourceType": "Bundle"`; else a `json` error saying which
/// of these failed. The text is not otherwise validated as FHIR.
///
/// Messages give positions and what was expected, never content of the
/// bundle (it is a medical record).
pub fn check_medical_record_bundle(bundle_json: &str) -> Result<()> {
    let value: serde_json::Value = serde_json::from_str(bundle_json).map_err(|e| {
        json_error(format!(
            "bundle: not one JSON value ({:?} error at line {} column {})",
            e.classify(),
            e.line(),
            e.column()
        ))
    })?;
    let Some(object) = value.as_object() else {
        return Err(json_error("bundle: the JSON value is not an object (expected a FHIR Bundle object)"));
    };
    match object.get("resourceType") {
        None => Err(json_error("bundle: resourceType missing (expected \"Bundle\")")),
        Some(serde_json::Value::String(s)) if s == BUNDLE_RESOURCE_TYPE => Ok(()),
        Some(serde_json::Value::String(_)) => {
            Err(json_error("bundle: resourceType is not \"Bundle\" (send the whole Bundle, not one resource)"))
        }
        Some(_) => Err(json_error("bundle: resourceType is not a string (expected \"Bundle\")")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_bundles_only() {
        check_medical_record_bundle(r#" {"resourceType":"Bundle","entry":[]} "#).unwrap();
        check_medical_record_bundle(r#"{"id":"x","resourceType":"Bundle"}"#).unwrap();
        for bad in [
            "",
            "[]",
            "\"Bundle\"",
            r#"{"resourceType":"Patient"}"#,
            r#"{"resourceType":null}"#,
            r#"{"resourcetype":"Bundle"}"#,
            r#"{"resourceType":"Bundle"} {}"#,
            r#"{"resourceType":"Bundle""#,
        ] {
            let err = check_medical_record_bundle(bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Json, "{bad}");
        }
    }

    #[test]
    fn messages_hold_no_content() {
        let err = check_medical_record_bundle(r#"{"resourceType":"Patient-3174012345678901"}"#).unwrap_err();
        assert!(!err.to_string().contains("3174"), "{err}");
        let err = check_medical_record_bundle(r#"{"nik":"3174012345678901" x}"#).unwrap_err();
        assert!(!err.to_string().contains("3174"), "{err}");
    }
}
