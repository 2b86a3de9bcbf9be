//! Authentication failures answer HTTP 401 in the service's envelope, each
//! with its log verdict; good requests are encrypted with their own timestamp.

use bpjs_codec::Credentials;
use bpjs_sim::config::default_credentials;

use crate::common::*;

/// Sends `headers` (names and values) and checks the 401 envelope and the log verdict.
fn refused(sim: &Sim, service: Service, path: &str, headers: Vec<(String, String)>, message: &str, verdict: &str) {
    let client = sim.client();
    let reply = client.raw("GET", path, &headers, None).unwrap();
    assert_eq!(reply.status, 401, "{path} ({verdict}): {}", reply.body);
    let envelope: Value = serde_json::from_str(&reply.body).unwrap();
    let status = meta(&envelope);
    assert_eq!((status.code, status.message.as_deref()), (Some(401), Some(message)), "{}", reply.body);
    assert_eq!(envelope["response"], Value::Null);
    let key = if matches!(service, Service::AntreanRs | Service::AntreanFktp | Service::Aplicares) {
        "metadata"
    } else {
        "metaData"
    };
    assert!(envelope.get(key).is_some(), "{service} uses {key}: {}", reply.body);
    let lines = sim.requests_for(path);
    assert!(
        lines.iter().any(|l| l["auth"] == verdict && l["status"] == 401),
        "{verdict} not logged for {path}: {lines:?}"
    );
}

fn headers_with(
    client: &Client,
    service: Service,
    change: impl FnOnce(&mut Vec<(String, String)>),
) -> Vec<(String, String)> {
    let mut headers = client.signed_headers(service, "GET", None).unwrap();
    change(&mut headers);
    headers
}

fn remove(headers: &mut Vec<(String, String)>, name: &str) {
    headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
}

fn set(headers: &mut Vec<(String, String)>, name: &str, value: &str) {
    remove(headers, name);
    headers.push((name.to_owned(), value.to_owned()));
}

#[test]
fn each_failure_has_its_envelope_and_verdict() {
    let sim = Sim::start();
    let client = sim.client();
    let vclaim = Service::Vclaim;
    // The log path has no query string, so give each case its own path.
    let path = |n: u32| format!("/vclaim-rest-dev/referensi/poli/CASE{n}");

    refused(
        &sim,
        vclaim,
        &path(1),
        headers_with(&client, vclaim, |h| remove(h, "X-cons-id")),
        "Authentication failed: X-cons-id kosong",
        "missing_cons_id",
    );
    let stranger =
        Client::new(&sim.url, Credentials::new("99999", "simSecret2026").with_user_key("simUserKey0123456789"));
    refused(
        &sim,
        vclaim,
        &path(2),
        stranger.signed_headers(vclaim, "GET", None).unwrap(),
        "Authentication failed: X-cons-id tidak terdaftar",
        "unknown_cons_id",
    );
    refused(
        &sim,
        vclaim,
        &path(3),
        headers_with(&client, vclaim, |h| remove(h, "X-timestamp")),
        "Authentication failed: X-timestamp tidak valid",
        "missing_timestamp",
    );
    refused(
        &sim,
        vclaim,
        &path(4),
        headers_with(&client, vclaim, |h| set(h, "X-timestamp", "17324064.5")),
        "Authentication failed: X-timestamp tidak valid",
        "bad_timestamp",
    );
    let old = client.signed_headers(vclaim, "GET", Some(now() - 400)).unwrap();
    refused(&sim, vclaim, &path(5), old, "Timestamp expired", "timestamp_expired");
    let future = client.signed_headers(vclaim, "GET", Some(now() + 400)).unwrap();
    refused(&sim, vclaim, &path(6), future, "Timestamp expired", "timestamp_expired");
    refused(
        &sim,
        vclaim,
        &path(7),
        headers_with(&client, vclaim, |h| remove(h, "X-signature")),
        "Invalid signature",
        "missing_signature",
    );
    let wrong_secret =
        Client::new(&sim.url, Credentials::new("31337", "notTheSecret").with_user_key("simUserKey0123456789"));
    refused(
        &sim,
        vclaim,
        &path(8),
        wrong_secret.signed_headers(vclaim, "GET", None).unwrap(),
        "Invalid signature",
        "bad_signature",
    );
    refused(
        &sim,
        vclaim,
        &path(9),
        headers_with(&client, vclaim, |h| remove(h, "user_key")),
        "user_key tidak valid",
        "missing_user_key",
    );
    refused(
        &sim,
        vclaim,
        &path(10),
        headers_with(&client, vclaim, |h| set(h, "user_key", "wrong")),
        "user_key tidak valid",
        "bad_user_key",
    );

    let pcare = Service::Pcare;
    refused(
        &sim,
        pcare,
        "/pcare-rest/dokter/0/1",
        headers_with(&client, pcare, |h| remove(h, "X-authorization")),
        "Authentication failed: X-authorization tidak valid",
        "missing_authorization",
    );
    let wrong_password = Client::new(&sim.url, default_credentials().with_login("pcare.sim", "wrong"));
    refused(
        &sim,
        pcare,
        "/pcare-rest-dev/dokter/0/1",
        wrong_password.signed_headers(pcare, "GET", None).unwrap(),
        "Authentication failed: X-authorization tidak valid",
        "bad_authorization",
    );
    refused(
        &sim,
        Service::IcareFktp,
        "/wsihs/api/pcare/validate",
        headers_with(&client, Service::IcareFktp, |h| remove(h, "X-authorization")),
        "Authentication failed: X-authorization tidak valid",
        "missing_authorization",
    );
    refused(
        &sim,
        Service::AntreanFktp,
        "/antreanfktp/ref/poli/tanggal/2026-11-24",
        wrong_password.signed_headers(Service::AntreanFktp, "GET", None).unwrap(),
        "Authentication failed: X-authorization tidak valid",
        "bad_authorization",
    );
    refused(
        &sim,
        Service::AntreanRs,
        "/antreanrs/ref/poli",
        headers_with(&client, Service::AntreanRs, |h| set(h, "user_key", "x")),
        "user_key tidak valid",
        "bad_user_key",
    );
    refused(
        &sim,
        Service::Aplicares,
        "/aplicaresws/rest/bed/read/0301R001/1/1",
        wrong_secret.signed_headers(Service::Aplicares, "GET", None).unwrap(),
        "Invalid signature",
        "bad_signature",
    );
}

#[test]
fn optional_headers_per_service() {
    let sim = Sim::start();
    let client = sim.client();
    // Antrean FKTP checks X-authorization only when sent; iCare FKRTL and VClaim ignore it.
    let no_login =
        Client::new(&sim.url, Credentials::new("31337", "simSecret2026").with_user_key("simUserKey0123456789"));
    get_ok(&no_login, Service::AntreanFktp, "/antreanfktp/ref/poli/tanggal/2026-11-24");
    get_ok(&client, Service::AntreanFktp, "/antreanfktp/ref/poli/tanggal/2026-11-24");
    call_ok(
        &no_login,
        Service::IcareFkrtl,
        "POST",
        "/wsihs/api/rs/validate",
        Some(r#"{"param":"0001234567890","kodedokter":1}"#),
    );
    let mut with_junk = client.signed_headers(Service::Vclaim, "GET", None).unwrap();
    with_junk.push(("X-authorization".into(), "Basic junk".into()));
    assert_eq!(client.raw("GET", "/vclaim-rest/referensi/poli/INT", &with_junk, None).unwrap().status, 200);
    // Aplicares needs no user_key at all.
    let cons_only = Client::new(&sim.url, Credentials::new("31337", "simSecret2026"));
    get_ok(&cons_only, Service::Aplicares, "/aplicaresws/rest/bed/read/0301R001/1/1");
    // Header names in any case.
    let shouted: Vec<(String, String)> = client
        .signed_headers(Service::Pcare, "GET", None)
        .unwrap()
        .into_iter()
        .map(|(n, v)| (n.to_uppercase(), v))
        .collect();
    assert_eq!(client.raw("GET", "/pcare-rest/dokter/0/1", &shouted, None).unwrap().status, 200);
}

#[test]
fn replies_use_the_requests_own_timestamp() {
    let sim = Sim::start_with(&["--skew", "600"]);
    let client = sim.client();
    let ts = now() - 500; // inside the widened window
    let headers = client.signed_headers(Service::Vclaim, "GET", Some(ts)).unwrap();
    let reply = client.raw("GET", "/vclaim-rest/referensi/poli/INT", &headers, None).unwrap();
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.timestamp, ts.to_string());
    assert_eq!(decoded(&client, &reply)["response"]["poli"][0]["kode"], "INT");
    let mut shifted = reply.clone();
    shifted.timestamp = (ts + 1).to_string();
    assert_eq!(client.decode(&shifted).unwrap_err().kind(), ErrorKind::Padding);
}
