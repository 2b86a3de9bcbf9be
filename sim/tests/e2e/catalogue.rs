//! The whole catalogue of the core, walked over real HTTP: every endpoint's
//! request is built by the core's request builder, signed with
//! `build_headers`, sent to the simulator, and its reply decoded with
//! `process_wrapper`. Then the stateful flows and the HTTP-level faults.

use bpjs_codec::catalogue::{build_request, catalogue, CodeType, Endpoint, EndpointRequest};
use bpjs_codec::erm::{build_medical_record_request, MedicalRecordInsert};
use serde_json::Map;

use crate::common::*;

/// A plausible value for a body field, by its BPJS name.
fn field_value(name: &str) -> Value {
    let lower = name.to_ascii_lowercase();
    if lower == "nokartu" || lower == "nomorkartu" || lower == "param" {
        json!("0001234567890")
    } else if lower.starts_with("tgl") || lower.starts_with("tanggal") {
        json!("2026-12-05")
    } else if lower == "kodepoli" || lower == "kdpoli" {
        json!("INT")
    } else if matches!(lower.as_str(), "status" | "taskid" | "waktu" | "kodedokter" | "jenisresep") {
        json!(1)
    } else {
        json!("1")
    }
}

/// A body with every documented field of `endpoint`, nested objects included.
fn sample_body(fields: &Value) -> Value {
    let mut object = Map::new();
    for field in fields.as_array().into_iter().flatten() {
        match field {
            Value::String(name) => {
                object.insert(name.clone(), field_value(name));
            }
            Value::Object(nested) => {
                for (name, inner) in nested {
                    object.insert(name.clone(), sample_body(inner));
                }
            }
            _ => {}
        }
    }
    Value::Object(object)
}

fn sample_params(endpoint: &Endpoint) -> Map<String, Value> {
    let mut params: Map<String, Value> =
        endpoint.params.iter().map(|p| (p.name.clone(), Value::String(p.kind.sample()))).collect();
    if let Some(body) = &endpoint.body {
        params.insert("body".into(), sample_body(&body.fields));
    }
    params
}

/// Sends a built request with headers from `build_headers` and the catalogue's Content-Type.
fn send(client: &Client, request: &EndpointRequest, extra: &[(&str, &str)]) -> Reply {
    let service = request.endpoint.service;
    let mut headers = client.signed_headers(service, request.method.as_str(), None).expect("headers");
    headers.retain(|(name, _)| !name.eq_ignore_ascii_case("content-type"));
    headers.push(("Content-Type".into(), request.content_type.into()));
    headers.extend(extra.iter().map(|(n, v)| (n.to_string(), v.to_string())));
    let path = format!("/{}{}", request.production_path, request.path);
    client
        .raw(request.method.as_str(), &path, &headers, request.body.as_deref())
        .unwrap_or_else(|e| panic!("{} {}: {e}", service, request.endpoint.name))
}

fn build(service: Service, name: &str, params: Value) -> EndpointRequest {
    let params = params.as_object().cloned().unwrap_or_default();
    build_request(service, name, &params).unwrap_or_else(|e| panic!("{service} {name}: {e}"))
}

#[test]
fn every_catalogued_endpoint_answers_in_its_envelope() {
    let sim = Sim::start();
    let client = sim.client();
    let mut ok = 0;
    let mut business_errors = Vec::new();
    let mut walked = 0;
    for endpoint in catalogue() {
        walked += 1;
        let label = format!("{} {}", endpoint.service, endpoint.name);
        let mut request = build_request(endpoint.service, &endpoint.name, &sample_params(endpoint))
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        if endpoint.name == "rekam_medis.insert" {
            // Its body is encrypted: made by the core's eRM builder with the simulator's kodePPK.
            request.body = Some(medical_record_body(&client));
        }
        let reply = send(&client, &request, &[]);
        assert_eq!(reply.status, 200, "{label}: {} {}", reply.status, reply.body);
        let envelope = decoded(&client, &reply);
        let meta = envelope
            .get(endpoint.reply.envelope_key)
            .unwrap_or_else(|| panic!("{label}: no {} in {}", endpoint.reply.envelope_key, reply.body));
        match endpoint.reply.code_type {
            CodeType::String => assert!(meta["code"].is_string(), "{label}: {meta}"),
            CodeType::Number => assert!(meta["code"].is_i64(), "{label}: {meta}"),
        }
        let code: i64 = meta["code"].as_i64().or_else(|| meta["code"].as_str()?.parse().ok()).unwrap();
        if endpoint.base.is_some() {
            assert_eq!(code, endpoint.reply.ok_code, "{label}: the encrypted record was not accepted: {meta}");
        }
        if code == endpoint.reply.ok_code {
            ok += 1;
            let raw = raw_response(&reply);
            let decoded_response = &envelope["response"];
            if endpoint.encrypted_reply && !decoded_response.is_null() {
                assert!(raw.is_string() && raw != *decoded_response, "{label}: reply not encrypted: {}", reply.body);
            }
            if !endpoint.encrypted_reply {
                assert_eq!(raw, *decoded_response, "{label}: a plain endpoint answered ciphertext");
            }
        } else {
            assert!(!metadata_ok(&envelope), "{label}: code {code} read as ok where {} is", endpoint.reply.ok_code);
            business_errors.push(format!("{label}: {code} {}", meta["message"]));
        }
    }
    eprintln!("catalogue walk: {walked} endpoints, {ok} OK, business errors: {business_errors:#?}");
    assert_eq!(walked, catalogue().len(), "every entry is walked, eRekam Medis included");
    // Sample parameters name no stored record (a SEP, a booking): those answer
    // BPJS's "not found", in the service's own shape. Everything else is OK.
    assert!(ok >= 170, "only {ok} of {walked} answered OK: {business_errors:#?}");
    assert!(business_errors.len() <= 20, "{business_errors:#?}");
}

/// An eRM insert body for the simulator's default kodePPK.
fn medical_record_body(client: &Client) -> String {
    let bundle = r#"{"resourceType":"Bundle","type":"document","entry":[]}"#;
    let insert = MedicalRecordInsert {
        no_sep: "0301R0011226V000001",
        jns_pelayanan: "2",
        bulan: "12",
        tahun: "2026",
        bundle_json: bundle,
    };
    let c = &client.credentials;
    build_medical_record_request(&c.cons_id, &c.secret, bpjs_sim::config::DEFAULT_KODE_PPK, &insert).expect("eRM body")
}

fn metadata_ok(envelope: &Value) -> bool {
    bpjs_codec::metadata(envelope).ok
}

#[test]
fn sep_lifecycle_keeps_state() {
    let sim = Sim::start();
    let client = sim.client();
    let t_sep = json!({"noKartu": "0001234567890", "tglSep": "2026-12-05", "ppkPelayanan": "0301R001",
                       "jnsPelayanan": "2", "diagAwal": "I10", "poli": {"tujuan": "INT"}, "user": "sim"});
    let reply = send(&client, &build(Service::Vclaim, "sep.insert", json!({"body": t_sep})), &[]);
    let no_sep = decoded(&client, &reply)["response"]["sep"]["noSep"].as_str().unwrap().to_owned();

    let cari = build(Service::Vclaim, "sep.cari", json!({"no_sep": no_sep}));
    let envelope = decoded(&client, &send(&client, &cari, &[]));
    assert_eq!(envelope["metaData"]["code"], "200");
    assert_eq!(envelope["response"]["diagnosa"], "I10");

    let update = json!({"body": {"noSep": no_sep, "diagAwal": "E11", "user": "sim"}});
    let envelope = decoded(&client, &send(&client, &build(Service::Vclaim, "sep.update", update), &[]));
    assert_eq!(envelope["response"], json!(no_sep));
    let envelope = decoded(&client, &send(&client, &cari, &[]));
    assert_eq!(envelope["response"]["diagnosa"], "E11");

    let kunjungan =
        build(Service::Vclaim, "monitoring.kunjungan", json!({"tanggal": "2026-12-05", "jns_pelayanan": "2"}));
    let listed = decoded(&client, &send(&client, &kunjungan, &[]));
    assert_eq!(listed["response"]["sep"][0]["noSep"], json!(no_sep), "Monitoring lists the SEPs of the run");
    assert_eq!(listed["response"]["sep"][0]["nama"], "BUDI SIMULASI");
    let inacbg =
        decoded(&client, &send(&client, &build(Service::Vclaim, "sep.inacbg", json!({"no_sep": no_sep})), &[]));
    assert_eq!(inacbg["response"]["pesertasep"]["noKartuBpjs"], "0001234567890");

    let delete = json!({"body": {"noSep": no_sep, "user": "sim"}});
    let reply = send(&client, &build(Service::Vclaim, "sep.delete", delete), &[]);
    assert_eq!(raw_response(&reply), json!(no_sep), "delete answers the plain SEP number");
    let envelope = decoded(&client, &send(&client, &cari, &[]));
    assert_eq!(envelope["metaData"]["code"], "201", "a deleted SEP is gone");
}

#[test]
fn pendaftaran_gets_a_no_urut_and_can_be_read_and_deleted() {
    let sim = Sim::start();
    let client = sim.client();
    let body = json!({"kdProviderPeserta": "0114U001", "tglDaftar": "05-12-2026", "noKartu": "0001234567890",
                      "kdPoli": "001", "keluhan": "demam", "kunjSakit": true, "kdTkp": "10"});
    let reply = send(&client, &build(Service::Pcare, "pendaftaran.insert", json!({"body": body})), &[]);
    let envelope = decoded(&client, &reply);
    assert_eq!(
        (envelope["metaData"]["code"].clone(), envelope["response"]["field"].clone()),
        (json!(201), json!("noUrut"))
    );
    let no_urut = envelope["response"]["message"].as_str().unwrap().to_owned();

    let read = build(Service::Pcare, "pendaftaran.nourut", json!({"no_urut": no_urut, "tgl_daftar": "05-12-2026"}));
    let envelope = decoded(&client, &send(&client, &read, &[]));
    assert_eq!(envelope["response"]["noUrut"], json!(no_urut));
    assert_eq!(envelope["response"]["peserta"]["pstProl"], "");
    let list =
        build(Service::Pcare, "pendaftaran.tanggal", json!({"tgl_daftar": "05-12-2026", "start": 0, "limit": 10}));
    assert_eq!(decoded(&client, &send(&client, &list, &[]))["response"]["count"], 1);

    let params =
        json!({"no_kartu": "0001234567890", "tgl_daftar": "05-12-2026", "no_urut": no_urut, "kode_poli": "001"});
    let envelope = decoded(&client, &send(&client, &build(Service::Pcare, "pendaftaran.delete", params), &[]));
    assert_eq!(envelope["metaData"]["code"], 200);
    assert_eq!(decoded(&client, &send(&client, &read, &[]))["metaData"]["code"], 204);

    // A write with a missing field answers PCare's 412 field-error list.
    let reply = send(&client, &build(Service::Pcare, "pendaftaran.insert", json!({"body": {"kdPoli": "001"}})), &[]);
    let envelope = decoded(&client, &reply);
    assert_eq!(envelope["metaData"]["code"], 412);
    assert_eq!(envelope["response"][0]["field"], "noKartu");
}

#[test]
fn antrean_add_then_panggil_and_task_times() {
    let sim = Sim::start();
    let client = sim.client();
    let add = json!({"kodebooking": "SIM0042", "jenispasien": "JKN", "nomorkartu": "0001234567890",
                     "kodepoli": "INT", "tanggalperiksa": "2026-12-05", "kodedokter": 100001, "nomorantrean": "A-12"});
    let reply = send(&client, &build(Service::AntreanRs, "antrean.insert", json!({"body": add})), &[]);
    assert_eq!(reply.body, r#"{"metadata":{"code":200,"message":"Ok."}}"#);
    let waktu = json!({"body": {"kodebooking": "SIM0042", "taskid": 1, "waktu": 1_764_900_000_000i64}});
    send(&client, &build(Service::AntreanRs, "antrean.update_waktu", waktu), &[]);
    let tasks = build(Service::AntreanRs, "antrean.task_list", json!({"body": {"kodebooking": "SIM0042"}}));
    let envelope = decoded(&client, &send(&client, &tasks, &[]));
    assert_eq!(envelope["response"][0]["taskid"], 1);
    let booked = build(Service::AntreanRs, "antrean.kode_booking", json!({"kode_booking": "SIM0042"}));
    assert_eq!(decoded(&client, &send(&client, &booked, &[]))["response"][0]["noantrean"], "A-12");
    let batal = json!({"body": {"kodebooking": "SIM0042", "keterangan": "batal"}});
    send(&client, &build(Service::AntreanRs, "antrean.batal", batal), &[]);
    let aktif = decoded(&client, &send(&client, &build(Service::AntreanRs, "antrean.aktif", json!({})), &[]));
    assert_eq!(aktif["metadata"]["code"], 201, "a cancelled booking is no longer waiting");

    for name in ["referensi.dokter", "referensi.poli", "referensi.poli_fp"] {
        let reference = decoded(&client, &send(&client, &build(Service::AntreanRs, name, json!({})), &[]));
        assert_eq!(reference["metadata"]["code"], 1, "{name}: Antrean RS reference endpoints answer code 1");
        assert!(metadata_ok(&reference), "{name}: code 1 reads as ok");
    }
    let pasien = json!({"identitas": "noka", "nomor": "0001234567890"});
    let reference = decoded(&client, &send(&client, &build(Service::AntreanRs, "referensi.pasien_fp", pasien), &[]));
    assert_eq!(reference["metadata"]["code"], 1, "ref/pasien/fp: {reference}");

    let queue = json!({"nomorkartu": "0001234567890", "kodepoli": "001", "tanggalperiksa": "2026-12-05", "nomorantrean": "001"});
    send(&client, &build(Service::AntreanFktp, "antrean.insert", json!({"body": queue})), &[]);
    let panggil = json!({"body": {"tanggalperiksa": "2026-12-05", "kodepoli": "001", "nomorkartu": "0001234567890", "status": 1, "waktu": 1}});
    let reply = send(&client, &build(Service::AntreanFktp, "antrean.panggil", panggil), &[]);
    assert_eq!(reply.body, r#"{"metadata":{"code":200,"message":"Ok"}}"#);
}

#[test]
fn typed_clients_find_their_fields() {
    let sim = Sim::start();
    let client = sim.client();
    let peserta = build(Service::Pcare, "peserta.nokartu", json!({"no_kartu": "0001234567890"}));
    let envelope = decoded(&client, &send(&client, &peserta, &[]));
    assert!(envelope["response"]["pstProl"].is_string() && envelope["response"]["pstPrb"].is_string());
    let dpho = decoded(&client, &send(&client, &build(Service::Apotek, "referensi.dpho", json!({})), &[]));
    let first = &dpho["response"]["list"][0];
    assert!(first["sedia"].is_string() && first["stok"].is_string(), "{first}");
    let beds = build(Service::Aplicares, "bed.read", json!({"kode_ppk": "0301R001", "start": 1, "limit": 10}));
    let envelope = decoded(&client, &send(&client, &beds, &[]));
    assert_eq!(envelope["response"]["list"][0]["kodeppk"], "0301R001");
    assert_eq!(envelope["response"]["list"][0]["rownumber"], "1");
    let nik = build(Service::Vclaim, "peserta.nik", json!({"nik": "3201011705800001", "tgl_sep": "2026-12-05"}));
    assert_eq!(decoded(&client, &send(&client, &nik, &[]))["response"]["peserta"]["noKartu"], "0001234567890");
    // A parameter of the wrong type never reaches the simulator: the builder refuses it.
    let bad = json!({"nik": "320101", "tgl_sep": "2026-12-05"});
    assert!(build_request(Service::Vclaim, "peserta.nik", bad.as_object().unwrap()).is_err());
    // Sent by hand, the simulator answers it as BPJS does: a business error.
    let reply = client.call(Service::Vclaim, "GET", "/vclaim-rest/Peserta/nik/320101/tglSEP/2026-12-05", None).unwrap();
    assert_eq!(decoded(&client, &reply)["metaData"]["code"], "201");
}

#[test]
fn http_level_answers_on_request() {
    let sim = Sim::start();
    let client = sim.client();
    let poli = build(Service::AntreanFktp, "referensi.poli", json!({"tanggal": "2026-12-05"}));
    let reply = send(&client, &poli, &[("X-Sim-Fault", "expired")]);
    assert_eq!(reply.status, 401);
    assert_eq!(decoded(&client, &reply)["metadata"]["message"], "Service Expired");

    let dokter = build(Service::Pcare, "referensi.dokter", json!({"start": 0, "limit": 5}));
    for (fault, status) in [("412", 412), ("401", 401), ("500", 500)] {
        let reply = send(&client, &dokter, &[("X-Sim-Fault", fault)]);
        assert_eq!(reply.status, status, "{fault}");
        let envelope = decoded(&client, &reply);
        assert_eq!(envelope["metaData"]["code"], status, "{fault}");
        if fault == "412" {
            assert_eq!(envelope["response"][0]["field"], "noKartu");
        }
    }
    for (fault, status) in [("502", 502), ("503", 503), ("504", 504)] {
        let reply = send(&client, &dokter, &[("X-Sim-Fault", fault)]);
        assert_eq!(reply.status, status);
        assert!(reply.content_type.starts_with("text/html") && reply.body.starts_with("<html>"));
        let processed = client.decode(&reply).expect("an HTML page is returned as text");
        assert!(processed.as_str().contains(&status.to_string()));
    }
}

/// (service, name, params, JSON pointer into `response`, what must be there)
const SHAPES: &[(Service, &str, &str, &str, &str)] = &[
    (Service::Vclaim, "referensi.propinsi", "{}", "/list/0/nama", "string"),
    (Service::Vclaim, "referensi.kabupaten", r#"{"kode_propinsi":"32"}"#, "/list/0/kode", "3201"),
    (
        Service::Vclaim,
        "monitoring.klaim",
        r#"{"tanggal":"2026-12-05","jns_pelayanan":"2","status":"1"}"#,
        "/klaim/0/biaya/byTarifRS",
        "string",
    ),
    (
        Service::Vclaim,
        "monitoring.histori_pelayanan",
        r#"{"no_kartu":"0001234567891","tgl_mulai":"2026-11-01","tgl_akhir":"2026-11-30"}"#,
        "/histori/0/namaPeserta",
        "SITI SIMULASI",
    ),
    (
        Service::Vclaim,
        "rencana_kontrol.jadwal_dokter",
        r#"{"jns_kontrol":"2","kode_poli":"INT","tgl_rencana_kontrol":"2026-12-10"}"#,
        "/list/0/jadwalPraktek",
        "string",
    ),
    (
        Service::Vclaim,
        "rujukan.keluar.nomor",
        r#"{"no_rujukan":"0301R0011226B000001"}"#,
        "/rujukan/noRujukan",
        "0301R0011226B000001",
    ),
    (
        Service::Vclaim,
        "sep.internal.list",
        r#"{"no_sep":"0301R0011226V000001"}"#,
        "/list/0/nosep",
        "0301R0011226V000001",
    ),
    (Service::Vclaim, "sep.finger_print", r#"{"no_kartu":"0001234567890","tgl_pelayanan":"2026-12-05"}"#, "/kode", "1"),
    (
        Service::Vclaim,
        "lpk.list",
        r#"{"tgl_masuk":"2026-12-05","jns_pelayanan":"1"}"#,
        "/lpk/list/0/perawatan/kelasRawat/kode",
        "string",
    ),
    (Service::Vclaim, "prb.potensi", r#"{"tahun":"2026","bulan":"3"}"#, "/list/0/TanggalPelayanan", "2026-03-11"),
    (
        Service::Apotek,
        "monitoring.klaim",
        r#"{"bulan":"12","tahun":"2026","jenis_obat":"0","status":"1"}"#,
        "/rekap/listsep/0/nosepapotek",
        "string",
    ),
    (Service::Apotek, "referensi.faskes", r#"{"jns_faskes":"1","keyword":"sim"}"#, "/faskes/0/kode", "string"),
    (Service::Apotek, "prb.rekap_peserta", r#"{"tahun":"2026","bulan":"12"}"#, "/list/1/No", "number"),
    (Service::Pcare, "kunjungan.riwayat", r#"{"no_kartu":"0001234567890"}"#, "/list/0/diagnosa1/kdDiag", "string"),
    (Service::Pcare, "obat.kunjungan", r#"{"no_kunjungan":"0114U0011226Y000001"}"#, "/list/0/obat/nmObat", "string"),
    (
        Service::Pcare,
        "spesialis.rujuk.sub",
        r#"{"kode_sub_spesialis":"26","kode_sarana":"1","tgl_est_rujuk":"10-12-2026"}"#,
        "/list/2/kdppk",
        "string",
    ),
];

#[test]
fn long_tail_replies_have_the_fields_typed_clients_read_and_are_deterministic() {
    let sim = Sim::start();
    let client = sim.client();
    for (service, name, params, pointer, expected) in SHAPES {
        let params: Value = serde_json::from_str(params).unwrap();
        let request = build(*service, name, params);
        let first = decoded(&client, &send(&client, &request, &[]));
        assert!(metadata_ok(&first), "{service} {name}: {first}");
        let value =
            first["response"].pointer(pointer).unwrap_or_else(|| panic!("{service} {name}: no {pointer} in {first}"));
        match *expected {
            "string" => assert!(value.as_str().is_some_and(|s| !s.is_empty()), "{service} {name}: {value}"),
            "number" => assert!(value.is_number(), "{service} {name}: {value}"),
            text => assert_eq!(value, text, "{service} {name}"),
        }
        let again = decoded(&client, &send(&client, &request, &[]));
        assert_eq!(first["response"], again["response"], "{service} {name}: same request, same answer");
    }
    // Another card: other numbers; an unknown card: BPJS's "not found".
    let histori = |no_kartu: &str| {
        let params = json!({"no_kartu": no_kartu, "tgl_mulai": "2026-11-01", "tgl_akhir": "2026-11-30"});
        decoded(&client, &send(&client, &build(Service::Vclaim, "monitoring.histori_pelayanan", params), &[]))
    };
    let (budi, siti) = (histori("0001234567890"), histori("0001234567891"));
    assert_ne!(budi["response"]["histori"][0]["noSep"], siti["response"]["histori"][0]["noSep"]);
    assert_eq!(histori("0009999999999")["metaData"]["code"], "201");
}
