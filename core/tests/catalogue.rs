//! The endpoint catalogue: the table is valid and complete, every entry
//! builds, every parameter type refuses what it must, errors name the
//! parameter and never its value.

use std::collections::{BTreeMap, HashSet};

use bpjs_codec::catalogue::{
    build_request, build_request_json, catalogue, catalogue_json, find_endpoint, table, Endpoint, ParamType,
};
use bpjs_codec::{ErrorKind, Method, Service, CONTENT_TYPE_FORM_QUIRK, CONTENT_TYPE_TEXT};
use serde_json::{json, Map, Value};

/// Sample parameters for `endpoint`, with a body object when it takes one.
fn sample_params(endpoint: &Endpoint) -> Map<String, Value> {
    let mut params: Map<String, Value> =
        endpoint.params.iter().map(|p| (p.name.clone(), Value::String(p.kind.sample()))).collect();
    if endpoint.body.is_some() {
        params.insert("body".into(), json!({"user": "sim"}));
    }
    params
}

#[test]
fn table_is_valid_and_has_every_service() {
    let entries = table().expect("the compiled-in table parses");
    assert_eq!(entries.len(), catalogue().len());
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for e in entries {
        *counts.entry(e.service.name()).or_default() += 1;
    }
    let want: BTreeMap<&str, usize> = [
        ("vclaim", 88),
        ("pcare", 56),
        ("apotek", 18),
        ("antreanrs", 17),
        ("antreanfktp", 5),
        ("aplicares", 5),
        ("icare-fktp", 1),
        ("icare-fkrtl", 1),
    ]
    .into_iter()
    .collect();
    assert_eq!(counts, want);
    assert!(entries.len() >= 190, "{} endpoints", entries.len());
    for service in Service::ALL {
        assert!(entries.iter().any(|e| e.service == service), "{service} has no endpoint");
    }
}

#[test]
fn names_are_unique_and_lower_case_dotted() {
    let mut seen = HashSet::new();
    for e in catalogue() {
        assert!(seen.insert((e.service, e.name.as_str())), "duplicate {} {}", e.service, e.name);
        assert!(e.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_'));
    }
}

#[test]
fn every_entry_builds_with_sample_params() {
    for e in catalogue() {
        let request = build_request(e.service, &e.name, &sample_params(e))
            .unwrap_or_else(|err| panic!("{} {}: {err}", e.service, e.name));
        assert!(request.path.starts_with('/'), "{}", e.name);
        assert!(!request.path.contains(['{', '}', ' ']), "{}: {}", e.name, request.path);
        let wanted_segments = e.segments.len();
        assert_eq!(request.path.matches('/').count(), wanted_segments, "{}", e.name);
        for p in &e.params {
            let encoded = bpjs_codec::catalogue::percent_encode_segment(&p.kind.sample());
            assert!(request.path.contains(&format!("/{encoded}")), "{} lacks {}", e.name, p.name);
        }
        assert_eq!(request.method, e.method);
        assert_eq!(request.body.is_some(), e.body.is_some(), "{}", e.name);
        if let (Some(body), Some(spec)) = (&request.body, &e.body) {
            let mut value: Value = serde_json::from_str(body).unwrap();
            for key in &spec.wrapper {
                value = value.get(key).cloned().unwrap_or_else(|| panic!("{}: wrapper {key} missing", e.name));
            }
            assert_eq!(value, json!({"user": "sim"}), "{}", e.name);
        }
        let json_form = build_request_json(e.service.name(), &e.name, &Value::Object(sample_params(e)).to_string())
            .unwrap_or_else(|err| panic!("{} {} (JSON): {err}", e.service, e.name));
        let json_form: Value = serde_json::from_str(&json_form).unwrap();
        assert_eq!(json_form["path"], json!(request.path));
        assert_eq!(json_form["method"], json!(e.method.as_str()));
        assert_eq!(json_form["encrypted_reply"], json!(e.encrypted_reply));
    }
}

#[test]
fn each_type_rejects_what_it_must() {
    let bad: Vec<(ParamType, Vec<Value>)> = vec![
        (ParamType::Date, vec![json!("05-12-2026"), json!("2026-02-30"), json!("2026-1-05"), json!(20261205)]),
        (ParamType::DateDmy, vec![json!("2026-12-05"), json!("31-04-2026"), json!("5-12-2026")]),
        (
            ParamType::Card,
            vec![json!("123456789012"), json!("12345678901234"), json!("000123456789X"), json!(1234567890123u64)],
        ),
        (ParamType::Nik, vec![json!("320101010180000"), json!("32010117058000012"), json!("32010101O1800001")]),
        (
            ParamType::Digits,
            vec![json!(""), json!("12a"), json!("12345"), json!("12345678901234"), json!("123456789012345678901")],
        ),
        (ParamType::Code, vec![json!(""), json!("a/b"), json!("a b"), json!("x".repeat(65)), json!(12)]),
        (ParamType::Int, vec![json!("-1"), json!("1.5"), json!("1234567890"), json!(-1), json!(1.5), json!("")]),
        (ParamType::Month, vec![json!("0"), json!("13"), json!("123"), json!(13)]),
        (ParamType::Year, vec![json!("26"), json!("20266"), json!(26)]),
        (ParamType::Text, vec![json!(""), json!("   "), json!("a\nb"), json!("x".repeat(257)), json!(5), json!(null)]),
        (ParamType::Choice(vec!["1".into(), "2".into()]), vec![json!("3"), json!(""), json!(1)]),
    ];
    for (kind, values) in bad {
        // Find an endpoint with a parameter of this kind, to go through the builder.
        let (endpoint, param) = catalogue()
            .iter()
            .find_map(|e| e.params.iter().find(|p| p.kind.name() == kind.name() && !p.optional).map(|p| (e, p)))
            .unwrap_or_else(|| panic!("no endpoint has a {} parameter", kind.name()));
        for value in values {
            let mut params = sample_params(endpoint);
            params.insert(param.name.clone(), value.clone());
            let err = build_request(endpoint.service, &endpoint.name, &params)
                .expect_err(&format!("{} accepted {value} for {}", endpoint.name, param.name));
            assert_eq!(err.kind(), ErrorKind::Config);
            let message = err.to_string();
            assert!(message.contains(&format!("`{}`", param.name)), "{message}");
            assert!(message.contains(&param.kind.expected()), "{message}");
            if let Some(text) = value.as_str().filter(|t| t.len() >= 3) {
                assert!(!message.contains(text), "the value leaked: {message}");
            }
        }
    }
}

#[test]
fn numbers_accepted_where_integers_are() {
    let params = json!({"kode_ppk": "0301R001", "start": 1, "limit": 10});
    let request = build_request(Service::Aplicares, "bed.read", params.as_object().unwrap()).unwrap();
    assert_eq!(request.path, "/bed/read/0301R001/1/10");
    let params = json!({"tahun": 2026, "bulan": 3});
    let request = build_request(Service::Vclaim, "prb.potensi", params.as_object().unwrap()).unwrap();
    assert_eq!(request.path, "/prbpotensi/tahun/2026/bulan/3");
}

#[test]
fn text_is_percent_encoded() {
    let params = json!({"keyword": "demam berdarah/dengue?#%é"});
    let request = build_request(Service::Vclaim, "referensi.diagnosa", params.as_object().unwrap()).unwrap();
    assert_eq!(request.path, "/referensi/diagnosa/demam%20berdarah%2Fdengue%3F%23%25%C3%A9");
}

#[test]
fn optional_trailing_parameter() {
    let params = json!({"jenis_obat": "1", "tanggal": "2026-12-05"});
    let without = build_request(Service::Apotek, "referensi.obat", params.as_object().unwrap()).unwrap();
    assert_eq!(without.path, "/referensi/obat/1/2026-12-05");
    let params = json!({"jenis_obat": "1", "tanggal": "2026-12-05", "filter": "para"});
    let with = build_request(Service::Apotek, "referensi.obat", params.as_object().unwrap()).unwrap();
    assert_eq!(with.path, "/referensi/obat/1/2026-12-05/para");
}

#[test]
fn missing_unknown_and_body_errors_name_the_parameter() {
    let empty = Map::new();
    let err = build_request(Service::Vclaim, "peserta.nik", &empty).unwrap_err();
    assert!(err.to_string().contains("`nik` is required"), "{err}");
    let params = json!({"nik": "3201010101800001", "tgl_sep": "2026-12-05", "nokartu": "1"});
    let err = build_request(Service::Vclaim, "peserta.nik", params.as_object().unwrap()).unwrap_err();
    assert!(
        err.to_string().contains("(7 bytes) is not a parameter of vclaim peserta.nik; its parameters: nik, tgl_sep"),
        "{err}"
    );
    let err = build_request(Service::Vclaim, "sep.insert", &empty).unwrap_err();
    assert!(err.to_string().contains("`body` is required"), "{err}");
    let params = json!({"body": [1]});
    let err = build_request(Service::Vclaim, "sep.insert", params.as_object().unwrap()).unwrap_err();
    assert!(err.to_string().contains("`body`: expected a JSON object"), "{err}");
    let params = json!({"body": {}});
    let err = build_request(Service::Vclaim, "referensi.propinsi", params.as_object().unwrap()).unwrap_err();
    assert!(err.to_string().contains("takes no body"), "{err}");
    let err = build_request(Service::Vclaim, "peserta.nama", &empty).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    for bad in ["[1]", "{", "\"x\""] {
        let err = build_request_json("vclaim", "peserta.nik", bad).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Config);
    }
    assert_eq!(build_request_json("vklaim", "peserta.nik", "{}").unwrap_err().kind(), ErrorKind::Config);
}

#[test]
fn body_is_wrapped_once() {
    let t_sep = json!({"noKartu": "0001234567890", "tglSep": "2026-12-05"});
    let params = json!({"body": t_sep});
    let request = build_request(Service::Vclaim, "sep.insert", params.as_object().unwrap()).unwrap();
    let want = json!({"request": {"t_sep": t_sep}}).to_string();
    assert_eq!(request.body.as_deref(), Some(want.as_str()));
    let params = json!({"body": {"request": {"t_sep": t_sep}}});
    let again = build_request(Service::Vclaim, "sep.insert", params.as_object().unwrap()).unwrap();
    assert_eq!(again.body, request.body);
    // Partly wrapped (only the inner key): refused, never wrapped twice.
    let params = json!({"body": {"t_sep": t_sep}});
    let err = build_request(Service::Vclaim, "sep.insert", params.as_object().unwrap()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(err.to_string().contains("already wrapped in `t_sep`"), "{err}");
    let flat = json!({"body": {"kodebooking": "B1"}});
    let request = build_request(Service::AntreanRs, "antrean.batal", flat.as_object().unwrap()).unwrap();
    assert_eq!(request.body.as_deref(), Some(r#"{"kodebooking":"B1"}"#));
}

#[test]
fn service_rules_content_types_and_reply_shapes() {
    let sep = find_endpoint(Service::Vclaim, "sep.insert").unwrap();
    assert_eq!((sep.method, sep.content_type.as_str()), (Method::Post, CONTENT_TYPE_FORM_QUIRK));
    assert_eq!(sep.body.as_ref().unwrap().wrapper, ["request", "t_sep"]);
    let delete = find_endpoint(Service::Vclaim, "sep.delete").unwrap();
    assert!(!delete.encrypted_reply, "SEP 2.0 delete answers the plain SEP number");
    let peserta = find_endpoint(Service::Vclaim, "peserta.nik").unwrap();
    assert_eq!(peserta.content_type, "application/json");
    assert_eq!(peserta.reply.envelope_key, "metaData");
    for name in ["referensi.poli", "referensi.dokter", "referensi.pasien_fp"] {
        let e = find_endpoint(Service::AntreanRs, name).unwrap();
        assert_eq!((e.reply.envelope_key, e.reply.ok_code), ("metadata", 1), "{name}");
    }
    let add = find_endpoint(Service::AntreanRs, "antrean.insert").unwrap();
    assert_eq!((add.content_type.as_str(), add.reply.ok_code), (CONTENT_TYPE_FORM_QUIRK, 200));
    for e in catalogue().iter().filter(|e| e.service == Service::AntreanRs && e.name.starts_with("dashboard.")) {
        assert!(!e.encrypted_reply, "{}", e.name);
    }
    let daftar = find_endpoint(Service::Pcare, "pendaftaran.insert").unwrap();
    assert_eq!((daftar.content_type.as_str(), daftar.reply.ok_code), (CONTENT_TYPE_TEXT, 201));
    let kunjungan = find_endpoint(Service::Pcare, "kunjungan.insert").unwrap();
    assert_eq!(kunjungan.template, "kunjungan/v1");
    assert!(catalogue().iter().all(|e| !e.template.contains("skrining/")), "BPJS spells it skrinning");
    for e in catalogue().iter().filter(|e| e.service == Service::Aplicares) {
        assert_eq!((e.encrypted_reply, e.reply.ok_code), (false, 1), "{}", e.name);
    }
    let erm = find_endpoint(Service::Vclaim, "rekam_medis.insert").unwrap();
    assert_eq!((erm.production_path(), erm.development_path()), ("erekammedis", "erekammedis_dev"));
    assert_eq!(erm.content_type, CONTENT_TYPE_TEXT);
    let icare = find_endpoint(Service::IcareFkrtl, "riwayat.validate").unwrap();
    assert_eq!(icare.production_path(), "wsihs/api/rs");
}

#[test]
fn json_catalogue_lists_every_entry() {
    let list: Vec<Value> = serde_json::from_str(&catalogue_json().unwrap()).unwrap();
    assert_eq!(list.len(), catalogue().len());
    let peserta = list.iter().find(|e| e["service"] == "vclaim" && e["name"] == "peserta.nik").unwrap();
    assert_eq!(peserta["params"][0]["name"], "nik");
    assert_eq!(peserta["params"][0]["type"], "nik");
    assert_eq!(peserta["params"][1]["type"], "date");
    assert_eq!(peserta["reply"], json!({"envelope": "metaData", "code": "string", "ok_code": 200}));
    assert_eq!(peserta["body"], Value::Null);
    let dash = list.iter().find(|e| e["name"] == "dashboard.tanggal").unwrap();
    assert_eq!(dash["params"][1]["values"], json!(["rs", "server"]));
}

#[test]
fn json_request_form_as_documented() {
    let answer =
        build_request_json("vclaim", "peserta.nik", r#"{"nik":"3201011705800001","tgl_sep":"2026-12-05"}"#).unwrap();
    assert_eq!(
        answer,
        r#"{"service":"vclaim","name":"peserta.nik","method":"GET","path":"/Peserta/nik/3201011705800001/tglSEP/2026-12-05","content_type":"application/json","body":null,"encrypted_reply":true,"production_path":"vclaim-rest","development_path":"vclaim-rest-dev"}"#
    );
}

/// The path a URL parser would send: dot segments (`.`, `..`, and their
/// `%2e` spellings, as WHATWG URL reads them) removed, as Node's URL,
/// urllib3 and curl do.
fn normalised(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for segment in path.split('/').skip(1) {
        match segment.to_ascii_lowercase().as_str() {
            "." | "%2e" => {}
            ".." | ".%2e" | "%2e." | "%2e%2e" => {
                out.pop();
            }
            _ => out.push(segment),
        }
    }
    format!("/{}", out.join("/"))
}

#[test]
fn no_parameter_value_moves_the_request_to_another_path() {
    let tricky = [
        ".", "..", "...", "....", "%2e", "%2e%2e", ".%2e", "%2E%2E", "./", "../", "a/..", "..\\", "\\..", " ..", ".. ",
        "%2f..", "..;", "?x", "#x",
    ];
    let mut refused_dots = 0;
    for e in catalogue() {
        for p in &e.params {
            for value in tricky {
                let mut params = sample_params(e);
                params.insert(p.name.clone(), json!(value));
                match build_request(e.service, &e.name, &params) {
                    Ok(request) => {
                        assert_eq!(
                            normalised(&request.path),
                            request.path,
                            "{} {}: `{}` = {value:?} changes the path",
                            e.service,
                            e.name,
                            p.name
                        );
                        assert_eq!(request.path.matches('/').count(), e.segments.len(), "{}", e.name);
                    }
                    Err(err) => {
                        assert_eq!(err.kind(), ErrorKind::Config);
                        let message = err.to_string();
                        assert!(message.contains(&format!("`{}`", p.name)), "{message}");
                        if value.bytes().all(|b| b == b'.') {
                            refused_dots += 1;
                            assert!(message.contains("only of dots"), "{message}");
                        }
                    }
                }
                assert!(!p.kind.accepts(value) || !value.bytes().all(|b| b == b'.'), "{} accepts {value:?}", p.name);
            }
        }
    }
    assert!(refused_dots > 0);
    // The reviewer's case: deleting one drug must never delete the visit.
    for name in ["obat.delete", "tindakan.delete", "mcu.delete"] {
        let e = find_endpoint(Service::Pcare, name).unwrap();
        let params = sample_params(e);
        for p in &e.params {
            if p.kind == ParamType::Code || p.kind == ParamType::Text {
                let mut bad = params.clone();
                bad.insert(p.name.clone(), json!(".."));
                let err = build_request(Service::Pcare, name, &bad).unwrap_err();
                assert_eq!(err.kind(), ErrorKind::Config, "{name}");
            }
        }
    }
    let keyword = json!({"keyword": ".."});
    assert!(build_request(Service::Vclaim, "referensi.diagnosa", keyword.as_object().unwrap()).is_err());
    let keyword = json!({"keyword": "%2e%2e"});
    let request = build_request(Service::Vclaim, "referensi.diagnosa", keyword.as_object().unwrap()).unwrap();
    assert_eq!(request.path, "/referensi/diagnosa/%252e%252e");
}

#[test]
fn visit_creates_are_marked_with_their_update() {
    use bpjs_codec::catalogue::visit_create;
    let marked: Vec<(&str, &str)> =
        catalogue().iter().filter_map(|e| e.visit_update.as_deref().map(|u| (e.name.as_str(), u))).collect();
    assert_eq!(marked, [("kunjungan.insert", "kunjungan.update"), ("kunjungan.insert.v3", "kunjungan.update.v3")]);
    for (endpoint, create, update) in [
        ("kunjungan/v1", "kunjungan.insert", "kunjungan/v1"),
        ("/KUNJUNGAN/v1/?x=1", "kunjungan.insert", "kunjungan/v1"),
        ("pcare-rest/kunjungan/v1", "kunjungan.insert", "kunjungan/v1"),
        ("kunjungan", "kunjungan.insert.v3", "kunjungan"),
        ("pcare-rest-v3.0/kunjungan", "kunjungan.insert.v3", "kunjungan"),
    ] {
        let (c, u, _) =
            visit_create(Some(Service::Pcare), Method::Post, endpoint).unwrap_or_else(|| panic!("{endpoint}"));
        assert_eq!((c.name.as_str(), u.method, u.template.as_str()), (create, Method::Put, update), "{endpoint}");
        assert!(visit_create(None, Method::Post, endpoint).is_some(), "{endpoint}");
    }
    for (service, method, endpoint) in [
        (Some(Service::Pcare), Method::Put, "kunjungan/v1"),
        (Some(Service::Pcare), Method::Post, "kunjungan/v1/x"),
        (Some(Service::Pcare), Method::Post, "pendaftaran"),
        (Some(Service::Pcare), Method::Post, "vclaim-rest/kunjungan"),
        (Some(Service::AntreanFktp), Method::Post, "kunjungan"),
    ] {
        assert!(visit_create(service, method, endpoint).is_none(), "{endpoint}");
    }
}
