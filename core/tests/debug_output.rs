//! `Debug` of every public type that holds a path, a payload or a reply
//! shows names, kinds and sizes only: never the card number, NIK or text
//! inside (a `{:?}` in a host's log line must not leak them).

use bpjs_codec::audit::{
    audit_record, resend_plan, AuditInput, DecodeFailure, HashKey, LoggedSuccess, RedactOptions, ResendContext,
    ResendRow,
};
use bpjs_codec::catalogue::build_request;
use bpjs_codec::{ErrorKind, Method, Service};
use serde_json::json;

const CARD: &str = "0001234567890";
const NIK: &str = "3171234567890001";
const WORD: &str = "CANARYKELUHAN";

fn assert_clean(shown: &str) {
    for word in [CARD, NIK, WORD, "7890", "0001"] {
        assert!(!shown.contains(word), "Debug shows {word}: {shown}");
    }
}

#[test]
fn debug_shows_sizes_not_content() {
    let params = json!({"nik": NIK, "tgl_sep": "2026-12-05"});
    let request = build_request(Service::Vclaim, "peserta.nik", params.as_object().unwrap()).unwrap();
    let shown = format!("{request:?} {request:#?}");
    assert_clean(&shown);
    assert!(shown.contains("peserta.nik") && shown.contains("bytes"), "{shown}");

    let body = json!({"body": {"noKartu": CARD, "keluhan": WORD}});
    let request = build_request(Service::Pcare, "kunjungan.insert", body.as_object().unwrap()).unwrap();
    assert_clean(&format!("{request:?}"));

    let payload = json!({"noKartu": CARD, "nik": NIK, "keluhan": WORD});
    let decoded = json!({"metaData": {"code": 200, "message": WORD}, "response": {"nik": NIK}});
    let raw = format!(r#"{{"metaData":{{"code":200,"message":"{WORD}"}},"response":{{"nik":"{NIK}"}}}}"#);
    let endpoint = format!("peserta/{CARD}");
    let input = AuditInput {
        service: Some(Service::Pcare),
        method: Method::Post,
        endpoint: &endpoint,
        request_payload: Some(&payload),
        http_status: Some(200),
        response_body_raw: Some(&raw),
        decoded: Some(&decoded),
        decode_error: Some(DecodeFailure { kind: ErrorKind::Json, message: WORD }),
        transport_error: Some(WORD),
        duration_ms: 1,
        correlation_id: WORD,
        triggered_by: Some(WORD),
        no_rawat: Some(WORD),
    };
    assert_clean(&format!("{input:?}"));
    let key = HashKey::new("debug-test-hash-key").unwrap();
    let row = audit_record(&input, &RedactOptions::default(), &key);
    assert_clean(&format!("{row:?}"));

    let payload_text = payload.to_string();
    let row = ResendRow {
        service: Some(Service::Pcare),
        method: Method::Post,
        endpoint: "kunjungan/v1",
        payload: Some(&payload_text),
        result_number: None,
    };
    let shown_row = format!("{row:?}");
    assert_clean(&shown_row);
    let context = ResendContext { accepted_no_kunjungan: Some("0301U0011126Y000123"), ..ResendContext::default() };
    let plan = resend_plan(&row, &context);
    let shown = format!("{plan:?}");
    assert_clean(&shown);
    assert!(shown.contains("Send") && shown.contains("Put"), "{shown}");
    let endpoint = format!("Peserta/nokartu/{CARD}");
    let delete = ResendRow { method: Method::Delete, endpoint: &endpoint, payload: None, ..row };
    assert_clean(&format!("{:?}", resend_plan(&delete, &ResendContext::default())));
    let logged = ResendContext {
        logged_success: Some(LoggedSuccess { http_status: Some(200), meta_code: Some(200), result_number: None }),
        ..ResendContext::default()
    };
    assert_clean(&format!("{:?}", resend_plan(&row, &logged)));
}

#[test]
fn error_messages_do_not_echo_caller_keys_or_names() {
    let fields = format!(
        r#"{{"{CARD}":"x","noSep":"0301R0011124V000123","jnsPelayanan":"2","bulan":"1","tahun":"2024","bundle":{{"resourceType":"Bundle"}}}}"#
    );
    let err = bpjs_codec::erm::build_medical_record_request_json("1000", "S3cr3tK3y", "0301R001", &fields).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(err.message().contains("13 bytes"), "{err}");
    assert_clean(&format!("{err} {err:?}"));

    let err = build_request(Service::Vclaim, &format!("Peserta/nokartu/{CARD}"), &serde_json::Map::new()).unwrap_err();
    assert!(err.message().contains("bytes"), "{err}");
    assert_clean(&format!("{err} {err:?}"));
    let params = json!({CARD: "x", "nik": NIK, "tgl_sep": "2026-12-05"});
    let err = build_request(Service::Vclaim, "peserta.nik", params.as_object().unwrap()).unwrap_err();
    assert!(err.message().contains("nik, tgl_sep"), "{err}");
    assert_clean(&format!("{err} {err:?}"));
}
