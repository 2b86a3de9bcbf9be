//! Each service's endpoints answer in their own envelope and decode through
//! the core, on the production and the development path.

use crate::common::*;

fn is_ciphertext(reply: &Reply) -> bool {
    matches!(raw_response(reply), Value::String(s) if s.len() >= 24)
}

#[test]
fn every_service_path_answers_and_decodes() {
    let sim = Sim::start();
    let client = sim.client();
    // (service, path prefix, cheap endpoint, encrypted, status key)
    let cases: &[(Service, &str, &str, bool, &str)] = &[
        (Service::Vclaim, "/vclaim-rest", "referensi/poli/INT", true, "metaData"),
        (Service::Vclaim, "/vclaim-rest-dev", "referensi/poli/INT", true, "metaData"),
        (Service::AntreanRs, "/antreanrs", "ref/poli", true, "metadata"),
        (Service::AntreanRs, "/antreanrs_dev", "ref/poli", true, "metadata"),
        (Service::AntreanFktp, "/antreanfktp", "ref/poli/tanggal/2026-11-24", true, "metadata"),
        (Service::AntreanFktp, "/antreanfktp_dev", "ref/poli/tanggal/2026-11-24", true, "metadata"),
        (Service::Pcare, "/pcare-rest", "dokter/0/2", true, "metaData"),
        (Service::Pcare, "/pcare-rest-dev", "dokter/0/2", true, "metaData"),
        (Service::Pcare, "/pcare-rest-v3.0", "dokter/0/2", false, "metaData"),
        (Service::Apotek, "/apotek-rest", "referensi/dpho", true, "metaData"),
        (Service::Apotek, "/apotek-rest-dev", "referensi/dpho", true, "metaData"),
        (Service::Aplicares, "/aplicaresws/rest", "bed/read/0301R001/1/2", false, "metadata"),
    ];
    for (service, prefix, endpoint, encrypted, key) in cases {
        let path = format!("{prefix}/{endpoint}");
        let (reply, envelope) = get_ok(&client, *service, &path);
        assert_eq!(is_ciphertext(&reply), *encrypted, "{path}: {}", reply.body);
        assert!(envelope.get(*key).is_some(), "{path}: {envelope}");
        assert!(meta(&envelope).ok, "{path}: {envelope}");
        assert!(envelope["response"].is_object() || envelope["response"].is_array(), "{path}: {envelope}");
    }
    let body = r#"{"param":"0001234567890","kodedokter":100001}"#;
    for (service, prefix) in [
        (Service::IcareFktp, "/wsihs/api/pcare"),
        (Service::IcareFktp, "/ihs_dev/api/pcare"),
        (Service::IcareFkrtl, "/wsihs/api/rs"),
        (Service::IcareFkrtl, "/ihs_dev/api/rs"),
    ] {
        let (reply, envelope) = call_ok(&client, service, "POST", &format!("{prefix}/validate"), Some(body));
        assert!(is_ciphertext(&reply), "{}", reply.body);
        assert!(envelope["response"]["url"]
            .as_str()
            .unwrap()
            .starts_with("https://icare.sim.invalid/ihs/history?token="));
        assert_eq!(envelope["metaData"]["code"], 200);
    }
}

#[test]
fn vclaim() {
    let sim = Sim::start();
    let client = sim.client();
    let (reply, envelope) = get_ok(&client, Service::Vclaim, "/vclaim-rest/referensi/poli/INT");
    assert!(reply.body.starts_with(r#"{"metaData":{"code":"200","message":"Sukses"},"response":""#), "{}", reply.body);
    assert_eq!(envelope["response"], json!({"poli": [{"kode": "INT", "nama": "PENYAKIT DALAM"}]}));
    let (_, envelope) = get_ok(&client, Service::Vclaim, "/vclaim-rest/referensi/poli/dalam");
    assert_eq!(envelope["response"]["poli"][0]["kode"], "INT");
    let (_, envelope) = get_ok(&client, Service::Vclaim, "/vclaim-rest/referensi/poli/XYZ");
    assert_eq!(envelope["metaData"], json!({"code": "201", "message": "Data tidak ditemukan"}));
    assert_eq!(envelope["response"], Value::Null);

    let (_, envelope) =
        get_ok(&client, Service::Vclaim, "/vclaim-rest/Peserta/nokartu/0001234567890/tglSEP/2026-11-24");
    let peserta = &envelope["response"]["peserta"];
    assert_eq!(peserta["nama"], "BUDI SIMULASI");
    assert_eq!(peserta["umur"]["umurSaatPelayanan"], "46 tahun");
    assert_eq!(peserta["statusPeserta"]["keterangan"], "AKTIF");
    let (_, envelope) =
        get_ok(&client, Service::Vclaim, "/vclaim-rest/peserta/NOKARTU/0009999999999/tglsep/2026-11-24");
    assert_eq!(envelope["metaData"]["message"], "Peserta tidak ditemukan");
    let (_, envelope) =
        get_ok(&client, Service::Vclaim, "/vclaim-rest/Peserta/nokartu/0001234567890/tglSEP/24-11-2026");
    assert_eq!(envelope["metaData"]["code"], "201");

    let sep = r#"{"request":{"t_sep":{"noKartu":"0001234567890","tglSep":"2026-11-24","ppkPelayanan":"0301R001","jnsPelayanan":"2","poli":{"tujuan":"INT"}}}}"#;
    let (_, first) = call_ok(&client, Service::Vclaim, "POST", "/vclaim-rest/SEP/2.0/insert", Some(sep));
    let (_, again) = call_ok(&client, Service::Vclaim, "POST", "/vclaim-rest-dev/SEP/2.0/insert", Some(sep));
    let no_sep = first["response"]["sep"]["noSep"].as_str().unwrap().to_owned();
    assert_eq!(again["response"]["sep"]["noSep"], no_sep.as_str(), "deterministic");
    assert!(no_sep.starts_with("0301R0011126V") && no_sep.len() == 19, "{no_sep}");
    assert_eq!(first["response"]["sep"]["peserta"]["nama"], "BUDI SIMULASI");
    let nonaktif = sep.replace("0001234567890", "0001234567892");
    let (_, envelope) = call_ok(&client, Service::Vclaim, "POST", "/vclaim-rest/SEP/2.0/insert", Some(&nonaktif));
    assert_eq!(envelope["metaData"]["code"], "201");

    let delete = format!(r#"{{"request":{{"t_sep":{{"noSep":"{no_sep}","user":"sim"}}}}}}"#);
    let (reply, envelope) = call_ok(&client, Service::Vclaim, "DELETE", "/vclaim-rest/SEP/2.0/delete", Some(&delete));
    assert_eq!(raw_response(&reply), Value::String(no_sep.clone()), "SEP delete answers plain");
    assert_eq!(envelope["response"], no_sep.as_str());
    assert!(meta(&envelope).ok);
}

#[test]
fn pcare() {
    let sim = Sim::start();
    let client = sim.client();
    let (reply, envelope) = get_ok(&client, Service::Pcare, "/pcare-rest/dokter/0/10");
    assert!(reply.body.ends_with(r#","metaData":{"message":"OK","code":200}}"#), "{}", reply.body);
    assert_eq!(envelope["response"]["count"], 8);
    assert_eq!(envelope["response"]["list"][0], json!({"kdDokter": "100001", "nmDokter": "dr. ANDI SIMULASI"}));
    let (_, envelope) = get_ok(&client, Service::Pcare, "/pcare-rest/dokter/6/10");
    assert_eq!(envelope["response"]["list"].as_array().unwrap().len(), 2);
    let (_, envelope) = get_ok(&client, Service::Pcare, "/pcare-rest/faskes/0/5");
    assert_eq!(envelope["response"]["count"], 20);
    assert_eq!(envelope["response"]["list"][0]["nmProvider"], "PUSKESMAS SIMULASI");
    let (_, envelope) =
        get_ok(&client, Service::Pcare, "/pcare-rest/peserta/nokartu/0001234567891/tglPelayanan/24-11-2026");
    assert_eq!(envelope["response"]["nama"], "SITI SIMULASI");
    assert_eq!(envelope["response"]["aktif"], true);
    let (_, envelope) =
        get_ok(&client, Service::Pcare, "/pcare-rest/peserta/nokartu/0009999999999/tglPelayanan/24-11-2026");
    assert_eq!(envelope["metaData"]["code"], 204);

    let (_, envelope) = get_ok(&client, Service::Pcare, "/pcare-rest/diagnosa/A01/0/3");
    let list = envelope["response"]["list"].as_array().unwrap();
    assert!(!list.is_empty() && list.len() <= 3);
    assert!(list.iter().all(|d| d["kdDiag"].as_str().unwrap().starts_with("A01")));
    assert!(list.iter().all(|d| d["nmDiag"].is_string() && d["nonSpesialis"].is_boolean()));
    // The older path: query style, plain answers; the path style is not served there.
    let (reply, legacy) = get_ok(&client, Service::Pcare, "/pcare-rest-v3.0/diagnosa?keyword=A01&offset=0&limit=3");
    assert!(raw_response(&reply).is_object(), "v3.0 answers plain: {}", reply.body);
    assert_eq!(legacy["response"], envelope["response"]);
    let reply = client.call(Service::Pcare, "GET", "/pcare-rest-v3.0/diagnosa/A01/0/3", None).unwrap();
    assert_eq!(reply.status, 404);
    let reply = client.call(Service::Pcare, "GET", "/pcare-rest/diagnosa?keyword=A01", None).unwrap();
    assert_eq!(reply.status, 404);

    let kunjungan = r#"{"noKartu":"0001234567890","tglDaftar":"24-11-2026","kdPoli":"001"}"#;
    let (_, envelope) = call_ok(&client, Service::Pcare, "POST", "/pcare-rest/kunjungan", Some(kunjungan));
    assert_eq!(envelope["metaData"], json!({"message": "CREATED", "code": 201}));
    assert_eq!(envelope["response"]["field"], "noKunjungan");
    assert!(envelope["response"]["message"].as_str().unwrap().starts_with("0114U0011126Y"));
    let edit = r#"{"noKunjungan":"0114U0011126Y000001","noKartu":"0001234567890","kdPoli":"002"}"#;
    let (_, envelope) = call_ok(&client, Service::Pcare, "PUT", "/pcare-rest/kunjungan", Some(edit));
    assert_eq!(envelope["metaData"]["code"], 200);
    assert_eq!(envelope["response"]["message"], "0114U0011126Y000001");
    let (_, envelope) = call_ok(&client, Service::Pcare, "PUT", "/pcare-rest/kunjungan", Some(kunjungan));
    assert_eq!(envelope["metaData"]["code"], 412);
    assert_eq!(envelope["response"][0]["field"], "noKunjungan");
    let (_, envelope) = call_ok(&client, Service::Pcare, "DELETE", "/pcare-rest/kunjungan/0114U0011126Y000001", None);
    assert_eq!(envelope["response"]["message"], "0114U0011126Y000001");
    let (_, envelope) = call_ok(&client, Service::Pcare, "POST", "/pcare-rest/pendaftaran", Some(kunjungan));
    assert_eq!(envelope["response"]["field"], "noUrut");
    let (_, envelope) =
        call_ok(&client, Service::Pcare, "POST", "/pcare-rest/pendaftaran", Some(r#"{"kdPoli":"001"}"#));
    assert_eq!(envelope["metaData"]["code"], 412);
    assert_eq!(envelope["response"][0]["field"], "noKartu");
}

#[test]
fn large_diagnosa_list() {
    let sim = Sim::start();
    let client = sim.client();
    let (reply, envelope) = get_ok(&client, Service::Pcare, "/pcare-rest/diagnosa/-/0/100000");
    assert!(is_ciphertext(&reply));
    let response = &envelope["response"];
    let list = response["list"].as_array().unwrap();
    assert_eq!(response["count"].as_u64().unwrap() as usize, list.len());
    let size = response.to_string().len();
    assert!((900_000..1_300_000).contains(&size), "{size} bytes");
    assert_eq!(list[0]["kdDiag"], "A00.0");
    let (_, all) = get_ok(&client, Service::Pcare, "/pcare-rest/diagnosa/all/0/100000");
    assert_eq!(all["response"]["count"], response["count"]);
}

#[test]
fn antrean() {
    let sim = Sim::start();
    let client = sim.client();
    let (reply, envelope) = get_ok(&client, Service::AntreanRs, "/antreanrs/ref/poli");
    assert!(
        reply.body.starts_with(r#"{"response":""#) && reply.body.ends_with(r#""metadata":{"code":1,"message":"Ok"}}"#),
        "Antrean RS reference endpoints answer code 1, as BPJS: {}",
        reply.body
    );
    assert!(meta(&envelope).ok);
    assert_eq!(envelope["response"][0]["kdpoli"], "INT");
    let add =
        r#"{"kodebooking":"SIM0001","nomorkartu":"0001234567890","kodepoli":"INT","tanggalperiksa":"2026-11-24"}"#;
    let (reply, _) = call_ok(&client, Service::AntreanRs, "POST", "/antreanrs/antrean/add", Some(add));
    assert_eq!(reply.body, r#"{"metadata":{"code":200,"message":"Ok."}}"#);
    let (_, envelope) =
        call_ok(&client, Service::AntreanRs, "POST", "/antreanrs/antrean/add", Some(r#"{"kodepoli":"INT"}"#));
    assert_eq!(envelope["metadata"]["code"], 201);
    let (reply, envelope) =
        get_ok(&client, Service::AntreanRs, "/antreanrs/dashboard/waktutunggu/tanggal/2026-11-24/waktu/rs");
    assert!(raw_response(&reply).is_object(), "dashboard is plain: {}", reply.body);
    assert_eq!(envelope["response"]["list"][0]["tanggal"], "2026-11-24");
    let (_, envelope) =
        get_ok(&client, Service::AntreanRs, "/antreanrs_dev/dashboard/waktutunggu/bulan/11/tahun/2026/waktu/server");
    assert_eq!(envelope["response"]["list"][0]["tanggal"], "2026-11");

    let (_, envelope) = get_ok(&client, Service::AntreanFktp, "/antreanfktp/ref/poli/tanggal/2026-11-24");
    assert_eq!(envelope["response"][0], json!({"kodepoli": "001", "namapoli": "POLI UMUM"}));
    let (_, envelope) =
        get_ok(&client, Service::AntreanFktp, "/antreanfktp/ref/dokter/kodepoli/001/tanggal/2026-11-24");
    assert_eq!(envelope["response"][0]["namadokter"], "dr. ANDI SIMULASI");
    assert_eq!(envelope["response"][0]["kodedokter"], 100001);
    let (_, envelope) =
        get_ok(&client, Service::AntreanFktp, "/antreanfktp/ref/dokter/kodepoli/999/tanggal/2026-11-24");
    assert_eq!(envelope["metadata"]["code"], 201);
    let panggil = r#"{"tanggalperiksa":"2026-11-24","kodepoli":"001","nomorkartu":"0001234567890","status":1,"waktu":1764000000000}"#;
    let (reply, _) = call_ok(&client, Service::AntreanFktp, "POST", "/antreanfktp/antrean/panggil", Some(panggil));
    assert_eq!(reply.body, r#"{"metadata":{"code":200,"message":"Ok"}}"#);
}

#[test]
fn apotek_and_aplicares() {
    let sim = Sim::start();
    let client = sim.client();
    let (reply, envelope) = get_ok(&client, Service::Apotek, "/apotek-rest/referensi/dpho");
    assert!(reply.body.starts_with(r#"{"metaData":{"code":"200","message":"OK"},"response":""#));
    assert_eq!(envelope["response"]["list"][0]["namaobat"], "Amlodipin 5 mg tab");
    assert_eq!(envelope["response"]["list"].as_array().unwrap().len(), 8);

    let (reply, envelope) = get_ok(&client, Service::Aplicares, "/aplicaresws/rest/bed/read/0301R001/1/10");
    assert!(
        reply.body.starts_with(r#"{"metadata":{"code":1,"message":"OK","totalitems":6},"response":{"list":["#),
        "{}",
        reply.body
    );
    assert_eq!(envelope["response"]["list"].as_array().unwrap().len(), 6);
    let (_, envelope) = get_ok(&client, Service::Aplicares, "/aplicaresws/rest/bed/read/0301R001/5/10");
    assert_eq!(envelope["response"]["list"][0]["koderuang"], "ICU01");
    let (_, envelope) = get_ok(&client, Service::Aplicares, "/aplicaresws/rest/bed/read/9999R999/1/10");
    assert_eq!(envelope["metadata"]["totalitems"], 0);
}

#[test]
fn unknown_paths_and_methods() {
    let sim = Sim::start();
    let client = sim.client();
    let reply = client.call(Service::Vclaim, "GET", "/vclaim-rest/no/such/endpoint", None).unwrap();
    assert_eq!(reply.status, 404);
    assert_eq!(decoded(&client, &reply)["metaData"], json!({"code": "404", "message": "Not Found"}));
    let reply = client.call(Service::Vclaim, "GET", "/vclaim-rest/SEP/2.0/insert", None).unwrap();
    assert_eq!(reply.status, 405);
    let reply = client.call(Service::Vclaim, "GET", "/nowhere/referensi/poli/INT", None).unwrap();
    assert_eq!(reply.status, 404);
    assert!(reply.content_type.starts_with("text/plain"));
    let line = &sim.requests_for("/nowhere/referensi/poli/INT")[0];
    assert_eq!((line["auth"].as_str(), line["service"].is_null()), (Some("skipped"), true));
}
