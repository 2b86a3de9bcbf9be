//! Start-up contract, clean shutdown, the log, fixtures and custom credentials.

use bpjs_codec::Credentials;

use crate::common::*;

#[test]
fn prints_its_url_first_and_stops_cleanly_on_sigterm() {
    let sim = Sim::start();
    let port = sim.url.strip_prefix("http://127.0.0.1:").expect("loopback URL without trailing slash");
    assert!(port.parse::<u16>().is_ok_and(|p| p > 0), "{}", sim.url);
    get_ok(&sim.client(), Service::Vclaim, "/vclaim-rest/referensi/poli/INT");
    let (status, text) = sim.terminate();
    assert!(status.success(), "{status:?}");
    let events: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(events.first().unwrap()["event"], "listening");
    assert_eq!(events.last().unwrap()["event"], "shutdown");
    assert_eq!(events.last().unwrap()["clean"], true);
}

#[test]
fn log_lines_have_the_fields_and_no_secrets() {
    let sim = Sim::start();
    let client = sim.client();
    get_ok(&client, Service::Pcare, "/pcare-rest/dokter/0/1");
    let wrong = Client::new(
        &sim.url,
        Credentials::new("31337", "simSecret2026")
            .with_user_key("leakedUserKey")
            .with_login("pcare.sim", "leakedPassword"),
    );
    let headers = wrong.signed_headers(Service::Pcare, "GET", None).unwrap();
    assert_eq!(wrong.raw("GET", "/pcare-rest/faskes/0/1", &headers, None).unwrap().status, 401);
    let ok_headers = client.signed_headers(Service::Pcare, "GET", None).unwrap();
    client.raw("GET", "/pcare-rest/dokter/0/2", &ok_headers, None).unwrap();
    let line = &sim.requests_for("/pcare-rest/dokter/0/2")[0];
    for field in ["ts", "method", "path", "service", "status", "auth", "fault", "duration_ms"] {
        assert!(line.get(field).is_some(), "{field} missing in {line}");
    }
    assert_eq!(line["method"], "GET");
    assert_eq!(line["service"], "pcare");
    assert!(line["duration_ms"].is_number());
    sim.requests_for("/pcare-rest/faskes/0/1");
    let text = sim.log_text();
    let mut secrets = vec![
        "simSecret2026".to_owned(),
        "simUserKey0123456789".into(),
        "SimPass!2026".into(),
        "leakedUserKey".into(),
        "leakedPassword".into(),
    ];
    for (name, value) in headers.iter().chain(&ok_headers) {
        if bpjs_codec::is_sensitive_header(name) {
            secrets.push(value.clone());
            secrets.push(value.trim_start_matches("Basic ").to_owned());
        }
    }
    for secret in &secrets {
        assert!(!text.contains(secret.as_str()), "the log leaks a secret: {text}");
    }
}

#[test]
fn fixtures_from_a_data_directory() {
    let dir = scratch("data");
    std::fs::create_dir_all(dir.join("vclaim/referensi/poli")).unwrap();
    std::fs::create_dir_all(dir.join("aplicares/bed/read/0301R001/1")).unwrap();
    std::fs::write(dir.join("vclaim/referensi/poli/XYZ.json"), r#"{"poli":[{"kode":"XYZ","nama":"POLI FIKTIF"}]}"#)
        .unwrap();
    std::fs::write(dir.join("aplicares/bed/read/0301R001/1/1.json"), r#"{"list":[{"koderuang":"F1"}]}"#).unwrap();
    let sim = Sim::start_with(&["--data", dir.to_str().unwrap()]);
    let client = sim.client();
    let (_, envelope) = get_ok(&client, Service::Vclaim, "/vclaim-rest-dev/referensi/poli/XYZ");
    assert_eq!(envelope["response"]["poli"][0]["nama"], "POLI FIKTIF");
    let (_, envelope) = get_ok(&client, Service::Aplicares, "/aplicaresws/rest/bed/read/0301R001/1/1");
    assert_eq!(envelope["metadata"]["totalitems"], 1);
    // Built-in answers still work.
    get_ok(&client, Service::Vclaim, "/vclaim-rest/referensi/poli/INT");
    drop(sim);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn custom_credentials_and_bad_arguments() {
    let sim = Sim::start_with(&[
        "--cons-id",
        "4242",
        "--secret",
        "another",
        "--user-key",
        "uk",
        "--username",
        "u",
        "--password",
        "p",
        "--app-code",
        "001",
    ]);
    let custom = Client::new(
        &sim.url,
        Credentials::new("4242", "another").with_user_key("uk").with_login("u", "p").with_app_code("001"),
    );
    get_ok(&custom, Service::Pcare, "/pcare-rest/dokter/0/1");
    let reply = sim.client().call(Service::Pcare, "GET", "/pcare-rest/dokter/0/1", None).unwrap();
    assert_eq!(reply.status, 401);

    for args in [&["--port", "not-a-port"][..], &["--nope"], &["--secret", ""]] {
        let out = std::process::Command::new(BIN).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
    }
    let out = std::process::Command::new(BIN).args(["--data", "/nonexistent/bpjs-sim-data"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a directory"));
}

#[test]
fn hostile_input_gets_an_answer_and_the_server_survives() {
    let sim = Sim::start();
    let client = sim.client();
    let long = "9".repeat(4000);
    let gets = [
        "/vclaim-rest/referensi/poli/%ff%fe%00",
        "/vclaim-rest/referensi/poli/%",
        "/vclaim-rest/referensi/poli/%E2%82",
        "/vclaim-rest/Peserta/nokartu/0001234567890/tglSEP/２０２６-11-24",
        "/vclaim-rest/Peserta/nokartu/0001234567890/tglSEP/9999-99-99",
        "/vclaim-rest//referensi//poli//INT",
        "/pcare-rest/dokter/18446744073709551615/18446744073709551615",
        "/pcare-rest/dokter/-1/5",
        "/pcare-rest/diagnosa/%2F%2E%2E/0/5",
        "/pcare-rest-v3.0/diagnosa?keyword=%&offset=x&limit=99999999999999999999",
        "/antreanrs/dashboard/waktutunggu/bulan/13/tahun/0/waktu/rs",
        "/aplicaresws/rest/bed/read/0301R001/0/0",
    ];
    for path in gets {
        let service = if path.starts_with("/pcare") {
            Service::Pcare
        } else if path.starts_with("/antreanrs") {
            Service::AntreanRs
        } else if path.starts_with("/aplicares") {
            Service::Aplicares
        } else {
            Service::Vclaim
        };
        let reply = client.call(service, "GET", path, None).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(reply.status < 500, "{path}: {} {}", reply.status, reply.body);
        client.decode(&reply).unwrap_or_else(|e| panic!("{path}: {e}"));
    }
    let long_path = format!("/vclaim-rest/referensi/poli/{long}");
    assert!(client.call(Service::Vclaim, "GET", &long_path, None).unwrap().status < 500);
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let bodies = ["", "null", "[]", "{", "\"x\"", r#"{"request":null}"#, r#"{"request":{"t_sep":[]}}"#, deep.as_str()];
    for (service, path, method) in [
        (Service::Vclaim, "/vclaim-rest/SEP/2.0/insert", "POST"),
        (Service::Vclaim, "/vclaim-rest/SEP/2.0/delete", "DELETE"),
        (Service::Pcare, "/pcare-rest/kunjungan", "POST"),
        (Service::AntreanRs, "/antreanrs/antrean/add", "POST"),
        (Service::AntreanFktp, "/antreanfktp/antrean/panggil", "POST"),
        (Service::IcareFkrtl, "/wsihs/api/rs/validate", "POST"),
    ] {
        for body in bodies {
            let reply = client.call(service, method, path, Some(body)).unwrap_or_else(|e| panic!("{path}: {e}"));
            assert_eq!(reply.status, 200, "{path} {body:.20}: {}", reply.body);
            assert!(!meta(&decoded(&client, &reply)).ok, "{path} accepted {body:.20}");
        }
    }
    let too_big = "x".repeat(2 * 1024 * 1024);
    let reply = client.call(Service::Pcare, "POST", "/pcare-rest/kunjungan", Some(&too_big));
    assert!(reply.map_or(true, |r| r.status == 413));
    let weird = vec![("X-cons-id".to_owned(), "31337".to_owned()), ("X-timestamp".to_owned(), "9".repeat(30))];
    assert_eq!(client.raw("GET", "/vclaim-rest/referensi/poli/INT", &weird, None).unwrap().status, 401);
    get_ok(&client, Service::Vclaim, "/vclaim-rest/referensi/poli/INT");
}
