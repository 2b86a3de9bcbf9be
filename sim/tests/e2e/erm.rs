//! The eRekam Medis insert: a body whose `dataMR` is encrypted with
//! cons_id + secret + kodePPK, built by the core, opened and checked by the
//! simulator through the core, answered in VClaim's plain envelope.

use bpjs_codec::catalogue::build_request;
use bpjs_codec::erm::{build_medical_record_request, encrypt_medical_record_using, Compression, MedicalRecordInsert};

use crate::common::*;

const KODE_PPK: &str = "0301R001";
const NO_SEP: &str = "0301R0011226V000123";
const BUNDLE: &str = r#"{"resourceType":"Bundle","type":"document","entry":[{"resource":{"resourceType":"Composition","title":"Resume"}}]}"#;

/// The catalogue's path for the insert, production (`erekammedis`) or development.
fn erm_path(development: bool) -> String {
    let params = json!({"body": {"request": {}}});
    let request = build_request(Service::Vclaim, "rekam_medis.insert", params.as_object().unwrap()).unwrap();
    let base = if development { request.development_path } else { request.production_path };
    format!("/{base}{}", request.path)
}

/// A body with `dataMR` made with `kode_ppk`.
fn body_for(client: &Client, kode_ppk: &str, bundle: &str, compression: Compression) -> String {
    let c = &client.credentials;
    let data_mr = encrypt_medical_record_using(&c.cons_id, &c.secret, kode_ppk, bundle, compression).unwrap();
    json!({"request": {"noSep": NO_SEP, "jnsPelayanan": "2", "bulan": "12", "tahun": "2026", "dataMR": data_mr}})
        .to_string()
}

fn post(client: &Client, path: &str, body: &str) -> Reply {
    let mut headers = client.signed_headers(Service::Vclaim, "POST", None).unwrap();
    headers.retain(|(name, _)| !name.eq_ignore_ascii_case("content-type"));
    headers.push(("Content-Type".into(), "text/plain".into()));
    client.raw("POST", path, &headers, Some(body)).unwrap()
}

/// Posts and checks the envelope is VClaim's, plain; returns (code, message, response).
fn insert(client: &Client, path: &str, body: &str) -> (String, String, Value) {
    let reply = post(client, path, body);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let envelope: Value = serde_json::from_str(&reply.body).expect("JSON envelope");
    assert_eq!(decoded(client, &reply), envelope, "the eRM reply is never encrypted");
    let meta = &envelope["metaData"];
    (
        meta["code"].as_str().expect("code is a string").to_owned(),
        meta["message"].as_str().unwrap().to_owned(),
        envelope["response"].clone(),
    )
}

#[test]
fn a_bundle_from_the_core_is_stored() {
    let sim = Sim::start();
    let client = sim.client();
    let c = &client.credentials;
    let record =
        MedicalRecordInsert { no_sep: NO_SEP, jns_pelayanan: "2", bulan: "01", tahun: "2026", bundle_json: BUNDLE };
    let body = build_medical_record_request(&c.cons_id, &c.secret, KODE_PPK, &record).unwrap();
    for development in [false, true] {
        let (code, _, response) = insert(&client, &erm_path(development), &body);
        assert_eq!(code, "200");
        assert!(response["keterangan"].as_str().is_some_and(|k| !k.is_empty()), "{response}");
    }
}

#[test]
fn zlib_from_the_php_sample_is_accepted() {
    let sim = Sim::start();
    let client = sim.client();
    let (code, message, _) = insert(&client, &erm_path(false), &body_for(&client, KODE_PPK, BUNDLE, Compression::Zlib));
    assert_eq!(code, "200", "{message}");
}

#[test]
fn another_kode_ppk_is_a_padding_error_that_names_no_content() {
    let sim = Sim::start();
    let client = sim.client();
    let body = body_for(&client, "0301R002", BUNDLE, Compression::Gzip);
    let (code, message, response) = insert(&client, &erm_path(false), &body);
    assert_eq!(code, "201");
    assert!(message.contains("padding") && message.contains("kodePPK"), "{message}");
    assert!(!message.contains(NO_SEP) && !message.contains("Composition"), "{message}");
    assert!(response.is_null());

    // The simulator serves with another kodePPK when told to.
    let sim = Sim::start_with(&["--kode-ppk", "0301R002"]);
    let (code, message, _) = insert(&sim.client(), &erm_path(false), &body);
    assert_eq!(code, "200", "{message}");
}

#[test]
fn a_record_that_is_not_a_bundle_is_refused() {
    let sim = Sim::start();
    let client = sim.client();
    for (bundle, expected) in [
        (r#"{"resourceType":"Patient","id":"p1"}"#, "resourceType"),
        (r#"[{"resourceType":"Bundle"}]"#, "not an object"),
        ("Bundle, bukan JSON", "not one JSON value"),
    ] {
        let (code, message, _) =
            insert(&client, &erm_path(false), &body_for(&client, KODE_PPK, bundle, Compression::Gzip));
        assert_eq!(code, "201", "{bundle}");
        assert!(message.contains("(json)") && message.contains(expected), "{bundle}: {message}");
        assert!(!message.contains("Patient") && !message.contains("p1"), "{message}");
    }
}

#[test]
fn a_malformed_body_names_the_field() {
    let sim = Sim::start();
    let client = sim.client();
    let cases = [
        ("not json".to_owned(), "(config)"),
        (json!({"request": {"noSep": NO_SEP, "jnsPelayanan": "2", "bulan": "13", "tahun": "2026", "dataMR": "AAAA"}}).to_string(), "bulan"),
        (json!({"request": {"noSep": NO_SEP, "jnsPelayanan": "2", "bulan": "1", "tahun": "2026", "dataMR": "AAAA"}}).to_string(), "(cipher_length)"),
    ];
    for (body, expected) in cases {
        let (code, message, _) = insert(&client, &erm_path(false), &body);
        assert_eq!(code, "201");
        assert!(message.contains(expected), "{expected}: {message}");
    }
    // VClaim's credentials are checked as on every VClaim path.
    let reply = client.raw("POST", &erm_path(false), &[], Some("{}")).unwrap();
    assert_eq!(reply.status, 401);
}
