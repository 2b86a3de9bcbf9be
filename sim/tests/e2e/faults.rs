//! Every fault of X-Sim-Fault (and `__fault=`) does what sim/README.md says,
//! and a client decoding through the core sees the documented error kind.

use std::time::{Duration, Instant};

use bpjs_codec::{decrypt_and_decompress, Processed};

use crate::common::*;

const POLI: &str = "/vclaim-rest/referensi/poli/INT";

fn with_fault(client: &Client, service: Service, path: &str, fault: &str) -> Result<Reply, String> {
    client.call_with(service, "GET", path, None, &[("X-Sim-Fault", fault)])
}

fn decode_kind(client: &Client, reply: &Reply) -> Option<ErrorKind> {
    client.decode(reply).err().map(|e| e.kind())
}

#[test]
fn gateway_faults() {
    let sim = Sim::start();
    let client = sim.client();
    let reply = with_fault(&client, Service::Vclaim, POLI, "500").unwrap();
    assert_eq!(reply.status, 500);
    let envelope = decoded(&client, &reply);
    assert_eq!(envelope["metaData"], json!({"code": "500", "message": "Internal Server Error"}));

    let reply = with_fault(&client, Service::Pcare, "/pcare-rest/dokter/0/1", "503").unwrap();
    assert_eq!(reply.status, 503);
    assert!(reply.content_type.starts_with("text/html"), "{}", reply.content_type);
    match client.decode(&reply).unwrap() {
        Processed::Text(text) => assert!(text.contains("503 Service Temporarily Unavailable")),
        other => panic!("expected the raw HTML page, got {other:?}"),
    }

    // Gateway faults come before authentication.
    let unsigned = client.raw("GET", "/antreanrs/ref/poli", &[("X-Sim-Fault".into(), "500".into())], None).unwrap();
    assert_eq!(unsigned.status, 500);
    assert_eq!(serde_json::from_str::<Value>(&unsigned.body).unwrap()["metadata"]["code"], 500);

    let err = with_fault(&client, Service::Vclaim, POLI, "drop").unwrap_err();
    assert!(!err.is_empty());
    // The server is still there, and the next connection works.
    get_ok(&client, Service::Vclaim, POLI);
    let dropped = sim.requests_for(POLI);
    assert!(dropped.iter().any(|l| l["fault"] == "drop" && l["status"].is_null()), "{dropped:?}");
}

#[test]
fn slow_replies_late_but_whole() {
    let sim = Sim::start();
    let client = sim.client();
    let started = Instant::now();
    let reply = with_fault(&client, Service::Apotek, "/apotek-rest/referensi/dpho", "slow:300").unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(decoded(&client, &reply)["response"]["list"][0]["namaobat"], "Amlodipin 5 mg tab");
}

#[test]
fn body_faults_give_the_documented_kinds() {
    let sim = Sim::start();
    let client = sim.client();
    let creds = &client.credentials;

    let reply = with_fault(&client, Service::Vclaim, POLI, "plain").unwrap();
    assert_eq!(raw_response(&reply), json!({"poli": [{"kode": "INT", "nama": "PENYAKIT DALAM"}]}));
    assert_eq!(decoded(&client, &reply)["response"]["poli"][0]["nama"], "PENYAKIT DALAM");

    for (service, path) in [
        (Service::Vclaim, POLI),
        (Service::Pcare, "/pcare-rest/dokter/0/8"),
        (Service::AntreanRs, "/antreanrs/ref/poli"),
        (Service::Aplicares, "/aplicaresws/rest/bed/read/0301R001/1/10"),
    ] {
        for (fault, kind) in [
            ("wrong-key", ErrorKind::Padding),
            ("truncate-block", ErrorKind::Padding),
            ("lz-truncate", ErrorKind::LzTruncated),
            ("not-json", ErrorKind::Json),
        ] {
            let reply = with_fault(&client, service, path, fault).unwrap();
            assert_eq!(reply.status, 200);
            assert_eq!(decode_kind(&client, &reply), Some(kind), "{fault} on {path}: {}", reply.body);
        }
        // truncate: still ciphertext by the core's rule (docs/decoding.md), so
        // a cut reply is a cipher_length error from both functions, never a
        // pass-through "success".
        let reply = with_fault(&client, service, path, "truncate").unwrap();
        let cut = raw_response(&reply);
        let cut = cut.as_str().expect("a ciphertext string");
        assert_eq!(decode_kind(&client, &reply), Some(ErrorKind::CipherLength), "truncate on {path}");
        let err = decrypt_and_decompress(&creds.cons_id, &creds.secret, &reply.timestamp, cut).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::CipherLength);
    }

    // not-json decodes to a known text when decrypted directly.
    let reply = with_fault(&client, Service::Vclaim, POLI, "not-json").unwrap();
    let text =
        decrypt_and_decompress(&creds.cons_id, &creds.secret, &reply.timestamp, raw_response(&reply).as_str().unwrap())
            .unwrap();
    assert_eq!(text, "Sukses (bukan JSON)");

    // Endpoints without `response` get one when a fault asks for a ciphertext.
    let panggil = r#"{"tanggalperiksa":"2026-11-24","kodepoli":"001","nomorkartu":"0001234567890","status":1}"#;
    let reply = client
        .call_with(
            Service::AntreanFktp,
            "POST",
            "/antreanfktp/antrean/panggil",
            Some(panggil),
            &[("X-Sim-Fault", "wrong-key")],
        )
        .unwrap();
    assert_eq!(decode_kind(&client, &reply), Some(ErrorKind::Padding));
}

#[test]
fn faults_by_query_parameter_and_typos() {
    let sim = Sim::start();
    let client = sim.client();
    let reply = client.call(Service::Vclaim, "GET", &format!("{POLI}?__fault=503"), None).unwrap();
    assert_eq!(reply.status, 503);
    let reply = client.call(Service::Vclaim, "GET", &format!("{POLI}?__fault=wrong-key"), None).unwrap();
    assert_eq!(decode_kind(&client, &reply), Some(ErrorKind::Padding));
    // The header wins over the query.
    let reply = client
        .call_with(Service::Vclaim, "GET", &format!("{POLI}?__fault=503"), None, &[("X-Sim-Fault", "plain")])
        .unwrap();
    assert_eq!(reply.status, 200);
    let reply = with_fault(&client, Service::Vclaim, POLI, "explode").unwrap();
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("wrong-key"), "{}", reply.body);
}
