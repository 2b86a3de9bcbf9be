//! Every endpoint of the core's catalogue that no hand-written handler
//! answers: matched against the same table the hosts build requests from,
//! parameters checked by the same types, answered with deterministic data in
//! the service's envelope and code shape, writes kept in the run's store.

use std::collections::BTreeMap;

use bpjs_codec::catalogue::{catalogue, Endpoint, Segment};
use bpjs_codec::{Method, Service};
use serde_json::{json, Value};

use super::{antreanrs, erm, pcare, text_field, vclaim, Request};
use crate::data::diagnosa;
use crate::data::peserta::{self, Peserta, HOSPITAL_KODE, PROVIDER_KODE, PROVIDER_NAMA};
use crate::data::reference::{faskes, DOKTER, POLI};
use crate::data::{stable_hash, templates};
use crate::reply::Answer;
use crate::routes::Mount;

/// Path parameters of a matched endpoint, by our parameter name.
type Params<'a> = BTreeMap<&'a str, &'a str>;

/// The catalogue entry a request is for, with its path parameters; `Err(())`
/// when the path is catalogued under another method (answered 405).
fn find<'r>(request: &'r Request<'_>) -> Option<Result<(&'static Endpoint, Params<'r>), ()>> {
    let mut best: Option<(usize, &'static Endpoint, Params<'r>)> = None;
    let mut other_method = false;
    for endpoint in catalogue().iter().filter(|e| e.service == request.mount.service && serves(request.mount, e)) {
        let Some((literals, params)) = match_path(endpoint, request.segments) else { continue };
        if endpoint.method.as_str() != request.method.as_str() {
            other_method = true;
            continue;
        }
        if best.as_ref().is_none_or(|(n, _, _)| literals > *n) {
            best = Some((literals, endpoint, params));
        }
    }
    match best {
        Some((_, endpoint, params)) => Some(Ok((endpoint, params))),
        None if other_method => Some(Err(())),
        None => None,
    }
}

/// Whether `endpoint` lives under `mount`: its own base path (eRekam Medis) or the service's.
fn serves(mount: &Mount, endpoint: &Endpoint) -> bool {
    match &endpoint.base {
        None => !mount.own_base,
        Some((production, development)) => mount.own_base && (mount.path == *production || mount.path == *development),
    }
}

/// Literals compare without case (BPJS's gateway does); a trailing optional parameter may be absent.
fn match_path<'s>(endpoint: &'static Endpoint, segments: &'s [String]) -> Option<(usize, Params<'s>)> {
    let optional_tail = endpoint.params.last().is_some_and(|p| p.optional);
    let wanted = endpoint.segments.len();
    if !(segments.len() == wanted || (optional_tail && segments.len() + 1 == wanted)) {
        return None;
    }
    let mut literals = 0;
    let mut params = Params::new();
    for (segment, got) in endpoint.segments.iter().zip(segments) {
        match segment {
            Segment::Literal(text) if text.eq_ignore_ascii_case(got) => literals += 1,
            Segment::Literal(_) => return None,
            Segment::Param(i) => {
                params.insert(endpoint.params[*i].name.as_str(), got.as_str());
            }
        }
    }
    Some((literals, params))
}

/// Answers `request` from the catalogue, or `None` when no entry has its path.
pub fn handle(request: &Request<'_>) -> Option<Answer> {
    let (endpoint, params) = match find(request)? {
        // The older PCare path asks for diagnosa by query, never by path.
        Ok((endpoint, _)) if request.mount.legacy && endpoint.name == "referensi.diagnosa" => return None,
        Ok(found) => found,
        Err(()) => return Some(Answer::error(405, "Method Not Allowed").with_status(405)),
    };
    let service = endpoint.service;
    for param in &endpoint.params {
        if let Some(value) = params.get(param.name.as_str()) {
            if !param.kind.accepts(value) {
                return Some(invalid(service, &param.name, &param.kind.expected()));
            }
        }
    }
    let mut answer = answer(request, endpoint, &params);
    // The table decides which replies are ciphertext, for the shared handlers too.
    answer.plain = !endpoint.encrypted_reply;
    Some(match answer.code {
        // Antrean RS reference endpoints answer code 1 where others answer 200.
        None if endpoint.reply.ok_code != 200 && service != Service::Aplicares && service != Service::Pcare => {
            let message = if endpoint.reply.ok_code == 1 { antreanrs::REFERENCE_OK_MESSAGE } else { "OK" };
            answer.with_code(endpoint.reply.ok_code, message)
        }
        _ => answer,
    })
}

/// A parameter of the wrong type, answered the way the service reports a bad request.
fn invalid(service: Service, name: &str, expected: &str) -> Answer {
    let message = format!("{name} tidak valid: {expected}");
    match service {
        Service::Pcare => pcare::precondition(name, &message),
        Service::Aplicares => Answer::error(0, message),
        _ => Answer::error(201, message),
    }
}

fn not_found(service: Service) -> Answer {
    match service {
        Service::Pcare => Answer::error(204, "NO_CONTENT"),
        _ => Answer::error(201, "Data tidak ditemukan"),
    }
}

/// The request's body with the endpoint's wrapper taken off.
fn inner_body(request: &Request<'_>, endpoint: &Endpoint) -> Option<Value> {
    let mut value = request.json()?;
    for key in endpoint.body.as_ref().map(|b| b.wrapper.as_slice()).unwrap_or_default() {
        value = value.get(key)?.clone();
    }
    value.is_object().then_some(value)
}

fn bad_body(service: Service, endpoint: &Endpoint) -> Answer {
    let wrapper = endpoint.body.as_ref().map(|b| b.wrapper.join(".")).unwrap_or_default();
    let message = if wrapper.is_empty() {
        "Format request salah: objek JSON diharapkan".to_owned()
    } else {
        format!("Format request salah: objek JSON di dalam {wrapper} diharapkan")
    };
    match service {
        Service::Pcare => pcare::precondition("body", &message),
        _ => Answer::error(201, message),
    }
}

fn answer(request: &Request<'_>, endpoint: &'static Endpoint, params: &Params<'_>) -> Answer {
    let service = endpoint.service;
    let name = endpoint.name.as_str();
    if endpoint.method != Method::Get && endpoint.body.is_some() {
        // The hand-written writes check their own bodies.
        let own =
            matches!((service, name), (Service::Vclaim, "sep.insert.v1" | "sep.delete.v1" | "rekam_medis.insert"))
                || matches!((service, name), (Service::Pcare, "kunjungan.insert" | "kunjungan.update"));
        if !own && inner_body(request, endpoint).is_none() {
            return bad_body(service, endpoint);
        }
    }
    // Reads whose answer is data only: the templates table, in the shape typed clients read.
    if endpoint.method == Method::Get {
        if let Some(rendered) = templates::render(service, name, params) {
            return rendered.map_or_else(|| not_found(service), Answer::ok);
        }
    }
    match service {
        Service::Vclaim => vclaim_answer(request, endpoint, params),
        Service::Pcare => pcare_answer(request, endpoint, params),
        Service::AntreanRs => antreanrs_answer(request, endpoint, params),
        Service::AntreanFktp => antreanfktp_answer(request, endpoint),
        Service::Apotek => apotek_answer(request, endpoint, params),
        Service::Aplicares => aplicares_answer(endpoint),
        Service::IcareFktp | Service::IcareFkrtl => Answer::error(404, "Not Found").with_status(404),
    }
}

/// `n` deterministic `{kode, nama}` items for a reference list.
fn kode_nama(seed: &str, n: usize, kode: &str, nama: &str) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let h = stable_hash(&[seed, &i.to_string()]) % 1000;
            json!({ kode: format!("{:03}", h), nama: format!("{} {}", seed.to_uppercase().replace(['.', '_'], " "), i + 1) })
        })
        .collect()
}

fn peserta_by(param: &str) -> Option<&'static Peserta> {
    peserta::find(param).or_else(|| peserta::find_by_nik(param))
}

/// The value of path parameter `key` (empty when an optional one is absent).
fn get<'a>(params: &Params<'a>, key: &str) -> &'a str {
    params.get(key).copied().unwrap_or_default()
}

/// A number BPJS would hand out: prefix, period, serial.
fn serial(request: &Request<'_>, kind: &str, prefix: &str) -> String {
    let n = request.store.lock().next_serial(kind);
    format!("{prefix}{n:06}")
}

fn remember(request: &Request<'_>, kind: &str, number: &str, value: &Value) {
    request.store.lock().other.insert((kind.to_owned(), number.to_owned()), value.clone());
}

fn recall(request: &Request<'_>, kind: &str, number: &str) -> Option<Value> {
    request.store.lock().other.get(&(kind.to_owned(), number.to_owned())).cloned()
}

// ---------------------------------------------------------------- VClaim

fn vclaim_answer(request: &Request<'_>, endpoint: &Endpoint, param: &Params<'_>) -> Answer {
    let name = endpoint.name.as_str();
    let body = inner_body(request, endpoint).unwrap_or(Value::Null);
    match name {
        "peserta.nik" => match peserta::find_by_nik(get(param, "nik")) {
            Some(p) => vclaim::peserta(p.no_kartu, get(param, "tgl_sep")),
            None => Answer::error(201, "Peserta tidak ditemukan"),
        },
        "referensi.diagnosa" => {
            let list: Vec<Value> = diagnosa::search(get(param, "keyword"))
                .iter()
                .take(50)
                .map(|d| json!({"kode": d.kd_diag, "nama": format!("{} - {}", d.kd_diag, d.nm_diag)}))
                .collect();
            if list.is_empty() {
                return not_found(Service::Vclaim);
            }
            Answer::ok(json!({ "diagnosa": list }))
        }
        "referensi.faskes" => {
            let list: Vec<Value> =
                faskes().iter().map(|f| json!({"kode": f["kdProvider"], "nama": f["nmProvider"]})).collect();
            Answer::ok(json!({ "faskes": list }))
        }
        "referensi.procedure" => Answer::ok(json!({"procedure": [
            {"kode": "89.52", "nama": "89.52 - Electrocardiogram"},
            {"kode": "88.76", "nama": "88.76 - Diagnostic ultrasound of abdomen and retroperitoneum"},
        ]})),
        "referensi.dokter" | "referensi.dokter.dpjp" => {
            let list: Vec<Value> = DOKTER.iter().map(|(kode, nama, _)| json!({"kode": kode, "nama": nama})).collect();
            Answer::ok(json!({ "list": list }))
        }
        "referensi.spesialistik" | "rujukan.spesialistik" | "rencana_kontrol.spesialistik" => {
            let list: Vec<Value> = POLI.iter().map(|(kode, nama)| json!({"kode": kode, "nama": nama})).collect();
            Answer::ok(json!({ "list": list }))
        }
        n if n.starts_with("referensi.") => Answer::ok(json!({ "list": kode_nama(n, 5, "kode", "nama") })),
        "sep.cari" | "sep.inacbg" => match request.store.lock().seps.get(get(param, "no_sep")) {
            Some(sep) if name == "sep.cari" => Answer::ok(sep.clone()),
            Some(sep) => {
                let p = sep["peserta"]["noKartu"].as_str().and_then(peserta::find).unwrap_or(&peserta::PESERTA[0]);
                Answer::ok(json!({"pesertasep": {
                    "kelamin": p.sex, "klsRawat": p.kelas_kode, "nama": p.nama, "noKartuBpjs": p.no_kartu,
                    "noMr": p.no_mr, "noRujukan": sep.get("noRujukan").cloned().unwrap_or(Value::Null),
                    "tglLahir": p.tgl_lahir, "tglPelayanan": sep["tglSep"], "tktPelayanan": sep["jnsPelayanan"],
                }}))
            }
            None => Answer::error(201, "Data SEP tidak ditemukan"),
        },
        "sep.insert.v1" => vclaim::sep_insert(request),
        "rekam_medis.insert" => erm::insert(request),
        "sep.delete.v1" => vclaim::sep_delete(request),
        "sep.update" | "sep.update.v1" | "sep.tanggal_pulang.update" | "sep.tanggal_pulang.update.v1" => {
            let Some(no_sep) = text_field(&body, "noSep").map(str::to_owned) else {
                return Answer::error(201, "noSep tidak boleh kosong");
            };
            let mut records = request.store.lock();
            let Some(sep) = records.seps.get_mut(&no_sep) else {
                return Answer::error(201, "Data SEP tidak ditemukan");
            };
            for (key, value) in body.as_object().into_iter().flatten() {
                match (key.as_str(), value) {
                    ("catatan" | "tglPulang" | "tglPlg", Value::String(_)) => sep[key] = value.clone(),
                    ("diagAwal", Value::String(_)) => sep["diagnosa"] = value.clone(),
                    _ => {}
                }
            }
            Answer::ok(Value::String(no_sep))
        }
        "rujukan.nomor" | "rujukan.rs.nomor" => {
            Answer::ok(json!({ "rujukan": rujukan(get(param, "no_rujukan"), &peserta::PESERTA[0]) }))
        }
        "rujukan.nokartu" | "rujukan.rs.nokartu" | "rujukan.list.nokartu" | "rujukan.rs.list.nokartu" => {
            let Some(p) = peserta::find(get(param, "no_kartu")) else {
                return Answer::error(201, "Peserta tidak ditemukan");
            };
            let one = rujukan(&format!("{PROVIDER_KODE}1126B{:06}", stable_hash(&[p.no_kartu]) % 1_000_000), p);
            if name.contains(".list.") {
                Answer::ok(json!({ "rujukan": [one] }))
            } else {
                Answer::ok(json!({ "rujukan": one }))
            }
        }
        "rujukan.insert" | "rujukan.insert.v2" | "rujukan.khusus.insert" => {
            let number = serial(request, "rujukan", &format!("{HOSPITAL_KODE}1226B"));
            let mut rujukan = body.clone();
            rujukan["noRujukan"] = Value::String(number.clone());
            remember(request, "rujukan", &number, &rujukan);
            Answer::ok(json!({ "rujukan": rujukan }))
        }
        "rencana_kontrol.insert" | "rencana_kontrol.insert.v2" | "spri.insert" => {
            let number = serial(request, "surat_kontrol", &format!("{HOSPITAL_KODE}1226K"));
            let p = text_field(&body, "noKartu").and_then(peserta::find).unwrap_or(&peserta::PESERTA[0]);
            let surat = json!({
                "noSuratKontrol": number,
                "tglRencanaKontrol": body.get("tglRencanaKontrol").cloned().unwrap_or(Value::Null),
                "namaDokter": DOKTER[0].1,
                "noKartu": p.no_kartu,
                "nama": p.nama,
                "kelamin": if p.sex == "L" { "Laki-laki" } else { "Perempuan" },
                "tglLahir": p.tgl_lahir,
                "namaDiagnosa": null,
            });
            remember(request, "surat_kontrol", &number, &surat);
            Answer::ok(surat)
        }
        "rencana_kontrol.nomor" => match recall(request, "surat_kontrol", get(param, "no_surat")) {
            Some(surat) => Answer::ok(surat),
            None => Answer::error(201, "Data tidak ditemukan"),
        },
        "monitoring.kunjungan" => {
            // The SEPs of this run issued on that date for that kind of care, as Monitoring lists them.
            let jns = if get(param, "jns_pelayanan") == "1" { "Rawat Inap" } else { "Rawat Jalan" };
            let seps: Vec<Value> = request
                .store
                .lock()
                .seps
                .values()
                .filter(|sep| sep["tglSep"] == get(param, "tanggal") && sep["jnsPelayanan"] == jns)
                .map(|sep| json!({
                    "diagnosa": sep["diagnosa"], "jnsPelayanan": if jns == "Rawat Inap" { "1" } else { "2" },
                    "kelasRawat": sep["kelasRawat"], "nama": sep["peserta"]["nama"], "noKartu": sep["peserta"]["noKartu"],
                    "noSep": sep["noSep"], "noRujukan": sep.get("noRujukan").cloned().unwrap_or(Value::Null),
                    "poli": sep["poli"], "tglPlgSep": sep.get("tglPulang").cloned().unwrap_or(Value::Null), "tglSep": sep["tglSep"],
                }))
                .collect();
            Answer::ok(json!({ "sep": seps }))
        }
        _ => vclaim_generic(request, endpoint, &body),
    }
}

fn rujukan(no_kunjungan: &str, p: &Peserta) -> Value {
    json!({
        "noKunjungan": no_kunjungan,
        "tglKunjungan": "2026-11-24",
        "provPerujuk": {"kode": PROVIDER_KODE, "nama": PROVIDER_NAMA},
        "peserta": {"noKartu": p.no_kartu, "nik": p.nik, "nama": p.nama, "sex": p.sex, "tglLahir": p.tgl_lahir,
                    "hakKelas": {"kode": p.kelas_kode, "keterangan": p.kelas},
                    "mr": {"noMR": p.no_mr, "noTelepon": p.no_hp}},
        "diagnosa": {"kode": "I10", "nama": "I10 - Essential (primary) hypertension"},
        "keluhan": "kontrol rutin",
        "poliRujukan": {"kode": POLI[0].0, "nama": POLI[0].1},
        "pelayanan": {"kode": "2", "nama": "Rawat Jalan"},
    })
}

/// The long tail of VClaim: lists for reads, the new or touched number for writes.
fn vclaim_generic(request: &Request<'_>, endpoint: &Endpoint, body: &Value) -> Answer {
    let name = endpoint.name.as_str();
    match endpoint.method {
        Method::Get => Answer::ok(json!({ "list": kode_nama(name, 3, "kode", "nama") })),
        Method::Post => {
            let number = serial(request, name, "SIM");
            let mut echo = body.clone();
            if let Some(object) = echo.as_object_mut() {
                object.insert("nomor".into(), Value::String(number.clone()));
            }
            remember(request, name, &number, &echo);
            Answer::ok(echo)
        }
        _ => {
            let id = body.as_object().and_then(|o| o.values().find_map(Value::as_str)).unwrap_or("OK");
            Answer::ok(Value::String(id.to_owned()))
        }
    }
}

// ---------------------------------------------------------------- PCare

/// A PCare reference list: kode field, nama field, items.
type Reference = (&'static str, &'static str, Vec<(&'static str, &'static str)>);

fn pcare_reference(name: &str) -> Option<Reference> {
    Some(match name {
        "referensi.kesadaran" => {
            ("kdSadar", "nmSadar", vec![("01", "Compos mentis"), ("02", "Somnolence"), ("03", "Sopor"), ("04", "Coma")])
        }
        "referensi.prognosa" => (
            "kdPrognosa",
            "nmPrognosa",
            vec![("01", "Sanam (Sembuh)"), ("02", "Bonam (Baik)"), ("03", "Malam (Buruk/Jelek)")],
        ),
        "referensi.alergi" => (
            "kdAlergi",
            "nmAlergi",
            vec![("00", "Tidak Ada"), ("01", "Seafood"), ("02", "Gandum"), ("03", "Susu Sapi")],
        ),
        "referensi.status_pulang" => (
            "kdStatusPulang",
            "nmStatusPulang",
            vec![("3", "Berobat Jalan"), ("4", "Rujuk Vertikal"), ("6", "Rujuk Horizontal")],
        ),
        "spesialis.list" => {
            ("kdSpesialis", "nmSpesialis", vec![("INT", "PENYAKIT DALAM"), ("ANA", "ANAK"), ("OBG", "OBGYN")])
        }
        "spesialis.sub" => {
            ("kdSubSpesialis", "nmSubSpesialis", vec![("3", "PENYAKIT DALAM"), ("26", "GINJAL-HIPERTENSI")])
        }
        "spesialis.sarana" => ("kdSarana", "nmSarana", vec![("1", "REKAM MEDIK"), ("2", "HEMODIALISA")]),
        "spesialis.khusus" => ("kdKhusus", "nmKhusus", vec![("HDL", "HEMODIALISA"), ("JIW", "JIWA"), ("KLT", "KUSTA")]),
        _ => return None,
    })
}

fn pcare_answer(request: &Request<'_>, endpoint: &Endpoint, param: &Params<'_>) -> Answer {
    let name = endpoint.name.as_str();
    let body = inner_body(request, endpoint).unwrap_or(Value::Null);
    let list = |items: Vec<Value>| Answer::ok(json!({"count": items.len(), "list": items}));
    if let Some((kd, nm, items)) = pcare_reference(name) {
        return list(items.into_iter().map(|(k, n)| json!({ kd: k, nm: n })).collect());
    }
    match name {
        "peserta.nokartu" | "peserta.jenis.noka" | "peserta.jenis.nik" => {
            let number = if name.ends_with("nik") { get(param, "nik") } else { get(param, "no_kartu") };
            match peserta_by(number) {
                Some(p) => Answer::ok(pcare::peserta_json(p)),
                None => Answer::error(204, "NO_CONTENT"),
            }
        }
        "referensi.poli" => list(
            [("001", "UMUM", true), ("002", "GIGI & MULUT", true), ("003", "KIA", true), ("020", "KONSELING", false)]
                .iter()
                .map(|(k, n, sakit)| json!({"kdPoli": k, "nmPoli": n, "poliSakit": sakit}))
                .collect(),
        ),
        "pendaftaran.nourut" => {
            let key = (get(param, "tgl_daftar").to_owned(), get(param, "no_urut").to_owned());
            match request.store.lock().pendaftaran.get(&key) {
                Some(entry) => Answer::ok(pendaftaran_json(entry)),
                None => Answer::error(204, "NO_CONTENT"),
            }
        }
        "pendaftaran.tanggal" => {
            let tgl = get(param, "tgl_daftar");
            let found: Vec<Value> = request
                .store
                .lock()
                .pendaftaran
                .iter()
                .filter(|((t, _), _)| t == tgl)
                .map(|(_, entry)| pendaftaran_json(entry))
                .collect();
            list(found)
        }
        "pendaftaran.delete" => {
            let key = (get(param, "tgl_daftar").to_owned(), get(param, "no_urut").to_owned());
            match request.store.lock().pendaftaran.remove(&key) {
                Some(_) => Answer::ok(Value::Null),
                None => pcare::precondition("noUrut", "Data pendaftaran tidak ditemukan"),
            }
        }
        "kunjungan.insert" => pcare::created(request, "noKunjungan"),
        "kunjungan.update" => pcare::updated(request),
        "obat.dpho" => list(
            crate::data::reference::dpho()
                .iter()
                .map(|o| json!({"kdObat": o["kodeobat"], "nmObat": o["namaobat"], "sedia": 100}))
                .collect(),
        ),
        "tindakan.referensi" => list(vec![
            json!({"kdTindakan": "01001", "nmTindakan": "Pemeriksaan gula darah", "maxTarif": 0, "withValue": true}),
            json!({"kdTindakan": "01002", "nmTindakan": "Rawat luka", "maxTarif": 0, "withValue": false}),
        ]),
        "kelompok.club" => list(vec![json!({
            "clubId": 1001, "kdProgram": get(param, "jenis_kelompok"), "nmProgram": if get(param, "jenis_kelompok") == "01" { "Diabetes Melitus" } else { "Hipertensi" },
            "ketua_noka": peserta::PESERTA[0].no_kartu, "ketua_nama": peserta::PESERTA[0].nama,
            "tglMulai": "01-01-2026", "tglAkhir": null, "alamat": "Jl. Simulasi 1", "ketua_noHP": peserta::PESERTA[0].no_hp,
        })]),
        _ => pcare_generic(request, endpoint, &body),
    }
}

fn pendaftaran_json(entry: &Value) -> Value {
    let p = entry.get("noKartu").and_then(Value::as_str).and_then(peserta::find);
    json!({
        "noUrut": entry.get("noUrut").cloned().unwrap_or(Value::Null),
        "tglDaftar": entry.get("tglDaftar").cloned().unwrap_or(Value::Null),
        "providerPelayanan": {"kdProvider": PROVIDER_KODE, "nmProvider": PROVIDER_NAMA},
        "peserta": p.map(pcare::peserta_json),
        "poli": {"kdPoli": entry.get("kdPoli").cloned().unwrap_or(Value::Null), "nmPoli": "UMUM", "poliSakit": true},
        "keluhan": entry.get("keluhan").cloned().unwrap_or(Value::Null),
        "kunjSakit": entry.get("kunjSakit").cloned().unwrap_or(Value::Bool(true)),
        "status": "Menunggu",
        "tkp": {"kdTkp": "10", "nmTkp": "RJTP"},
    })
}

/// PCare's long tail: `{count, list}` for reads, 201 CREATED naming the new number for creates.
fn pcare_generic(request: &Request<'_>, endpoint: &Endpoint, body: &Value) -> Answer {
    let name = endpoint.name.as_str();
    let field = match name.split('.').next().unwrap_or_default() {
        "mcu" => "kdMCU",
        "obat" => "kdObatSK",
        "tindakan" => "kdTindakanSK",
        "kelompok" if name.contains("kegiatan") => "eduId",
        "kelompok" => "noKartu",
        _ => "noKunjungan",
    };
    match endpoint.method {
        Method::Get => {
            let items = kode_nama(name, 3, "kode", "nama");
            Answer::ok(json!({"count": items.len(), "list": items}))
        }
        Method::Post => {
            let number = request.store.lock().next_serial(name).to_string();
            remember(request, name, &number, body);
            Answer::ok(json!({"field": field, "message": number})).with_code(201, "CREATED")
        }
        Method::Put => {
            let id = body.get(field).map(|v| v.to_string().trim_matches('"').to_owned()).unwrap_or_default();
            Answer::ok(json!({"field": field, "message": id}))
        }
        Method::Delete => Answer::ok(Value::Null),
    }
}

// ---------------------------------------------------------------- Antrean

fn antreanrs_answer(request: &Request<'_>, endpoint: &Endpoint, param: &Params<'_>) -> Answer {
    let body = inner_body(request, endpoint).unwrap_or(Value::Null);
    let booking = || text_field(&body, "kodebooking").unwrap_or_default().to_owned();
    match endpoint.name.as_str() {
        "referensi.dokter" => Answer::ok(Value::Array(
            DOKTER.iter().map(|(kode, nama, _)| json!({"namadokter": nama, "kodedokter": kode.parse::<u64>().unwrap_or_default()})).collect(),
        )),
        "referensi.poli_fp" => Answer::ok(Value::Array(
            POLI.iter().map(|(k, n)| json!({"kodepoli": k, "namapoli": n, "kodesubspesialis": k, "namasubspesialis": n})).collect(),
        )),
        "referensi.pasien_fp" => match peserta_by(get(param, "nomor")) {
            Some(p) => Answer::ok(json!({"nomorkartu": p.no_kartu, "nik": p.nik, "tgllahir": p.tgl_lahir, "daftarfp": 1})),
            None => Answer::error(201, "Data pasien tidak ditemukan"),
        },
        "referensi.jadwal_dokter" => {
            let list: Vec<Value> = DOKTER
                .iter()
                .take(2)
                .map(|(kode, nama, _)| json!({
                    "kodesubspesialis": get(param, "kode_poli"), "hari": 1, "kapasitaspasien": 30, "libur": 0,
                    "namahari": "SENIN", "jadwal": "08:00-12:00", "namasubspesialis": get(param, "kode_poli"),
                    "namadokter": nama, "kodepoli": get(param, "kode_poli"), "namapoli": get(param, "kode_poli"),
                    "kodedokter": kode.parse::<u64>().unwrap_or_default(),
                }))
                .collect();
            Answer::ok(Value::Array(list))
        }
        "antrean.farmasi.insert" => Answer::ok(json!({
            "jenisresep": body.get("jenisresep").cloned().unwrap_or(Value::Null),
            "nomorantrean": request.store.lock().next_serial("farmasi"),
            "keterangan": body.get("keterangan").cloned().unwrap_or(Value::Null),
        })),
        "antrean.update_waktu" => {
            let (Some(taskid), Some(waktu)) = (body.get("taskid").and_then(Value::as_i64), body.get("waktu").and_then(Value::as_i64)) else {
                return Answer::error(201, "taskid dan waktu harus angka");
            };
            let mut records = request.store.lock();
            if !records.antrean_rs.contains_key(&booking()) {
                return Answer::error(201, "Kode Booking tidak ditemukan");
            }
            records.tasks.entry(booking()).or_default().push((taskid, waktu));
            Answer::empty()
        }
        "antrean.batal" => {
            let mut records = request.store.lock();
            match records.antrean_rs.get_mut(&booking()) {
                Some(entry) => {
                    entry["status"] = Value::String("Batal".into());
                    Answer::empty()
                }
                None => Answer::error(201, "Antrean Tidak Ditemukan"),
            }
        }
        "antrean.task_list" => {
            let records = request.store.lock();
            let tasks: Vec<Value> = records
                .tasks
                .get(&booking())
                .into_iter()
                .flatten()
                .map(|(taskid, waktu)| json!({
                    "wakturs": format!("{waktu} WIB"), "waktu": format!("{waktu} WIB"),
                    "taskname": format!("Task {taskid}"), "taskid": taskid, "kodebooking": booking(),
                }))
                .collect();
            if tasks.is_empty() { not_found(Service::AntreanRs) } else { Answer::ok(Value::Array(tasks)) }
        }
        "antrean.tanggal" | "antrean.kode_booking" | "antrean.aktif" | "antrean.aktif.poli" => {
            let records = request.store.lock();
            let found: Vec<Value> = records
                .antrean_rs
                .iter()
                .filter(|(kb, a)| match endpoint.name.as_str() {
                    "antrean.tanggal" => a["tanggalperiksa"] == get(param, "tanggal"),
                    "antrean.kode_booking" => kb.as_str() == get(param, "kode_booking"),
                    _ => a["status"] == "Belum dilayani",
                })
                .map(|(kb, a)| json!({
                    "kodebooking": kb, "tanggal": a["tanggalperiksa"], "kodepoli": a["kodepoli"], "kodedokter": a["kodedokter"],
                    "jampraktek": a["jampraktek"], "nik": a["nik"], "nokapst": a["nomorkartu"], "nohp": a["nohp"],
                    "norekammedis": a["norm"], "jeniskunjungan": a["jeniskunjungan"], "nomorreferensi": a["nomorreferensi"],
                    "sumberdata": "Bridging Antrean", "ispeserta": i64::from(a["jenispasien"] == "JKN"), "noantrean": a["nomorantrean"],
                    "estimasidilayani": a["estimasidilayani"], "createdtime": 1_767_225_600_000i64, "status": a["status"],
                }))
                .collect();
            if found.is_empty() { not_found(Service::AntreanRs) } else { Answer::ok(Value::Array(found)) }
        }
        _ => Answer::empty(),
    }
}

fn antreanfktp_answer(request: &Request<'_>, endpoint: &Endpoint) -> Answer {
    let body = inner_body(request, endpoint).unwrap_or(Value::Null);
    let key = ["tanggalperiksa", "kodepoli", "nomorkartu"].map(|f| text_field(&body, f).unwrap_or_default().to_owned());
    if key.iter().any(String::is_empty) {
        return Answer::error(201, "tanggalperiksa, kodepoli dan nomorkartu tidak boleh kosong");
    }
    let key = (key[0].clone(), key[1].clone(), key[2].clone());
    let mut records = request.store.lock();
    match endpoint.name.as_str() {
        "antrean.insert" => {
            let mut entry = body.clone();
            entry["status"] = Value::from(0);
            records.antrean_fktp.insert(key, entry);
            Answer::empty()
        }
        "antrean.batal" => match records.antrean_fktp.remove(&key) {
            Some(_) => Answer::empty(),
            None => Answer::error(201, "Antrean tidak ditemukan"),
        },
        _ => Answer::empty(),
    }
}

// ---------------------------------------------------------------- Apotek, Aplicares

fn apotek_answer(request: &Request<'_>, endpoint: &Endpoint, param: &Params<'_>) -> Answer {
    let name = endpoint.name.as_str();
    let body = inner_body(request, endpoint).unwrap_or(Value::Null);
    match (name, endpoint.method) {
        ("referensi.poli", _) => {
            let list: Vec<Value> = POLI.iter().map(|(kode, nama)| json!({"kode": kode, "nama": nama})).collect();
            Answer::ok(json!({ "poli": list }))
        }
        ("referensi.faskes", _) => {
            let list: Vec<Value> =
                faskes().iter().map(|f| json!({"kode": f["kdProvider"], "nama": f["nmProvider"]})).collect();
            Answer::ok(json!({ "faskes": list }))
        }
        ("referensi.obat", _) => {
            let list: Vec<Value> = crate::data::reference::dpho()
                .iter()
                .map(|o| json!({"kode": o["kodeobat"], "nama": o["namaobat"], "harga": o["harga"]}))
                .collect();
            Answer::ok(json!({ "list": list }))
        }
        ("sep.cari", _) => match request.store.lock().seps.get(get(param, "no_sep")) {
            Some(sep) => Answer::ok(json!({
                "noSep": sep["noSep"], "faskesasalresep": HOSPITAL_KODE, "nmfaskesasalresep": "RS SIMULASI",
                "nokartu": sep["peserta"]["noKartu"], "namapeserta": sep["peserta"]["nama"],
                "jnskelamin": sep["peserta"]["kelamin"], "tgllhr": sep["peserta"]["tglLahir"],
                "pisat": "1", "kdjenispeserta": "6", "nmjenispeserta": sep["peserta"]["jnsPeserta"],
                "kdbu": null, "nmbu": null, "tglsep": sep["tglSep"], "tglplgsep": null,
                "jnspelayanan": sep["jnsPelayanan"], "nmdiag": sep["diagnosa"], "poli": sep["poli"],
                "flagprb": "0", "namaprb": null, "kodedokter": "100001", "namadokter": DOKTER[0].1,
            })),
            None => Answer::error(201, "Data SEP tidak ditemukan"),
        },
        (_, Method::Get) => Answer::ok(json!({ "list": kode_nama(name, 3, "kode", "nama") })),
        ("resep.insert", _) => {
            let number = serial(request, "resep", &format!("{}A", PROVIDER_KODE));
            let mut resep = body.clone();
            resep["noApotik"] = Value::String(number.clone());
            remember(request, "resep", &number, &resep);
            Answer::ok(resep)
        }
        _ => Answer::ok(body),
    }
}

fn aplicares_answer(endpoint: &Endpoint) -> Answer {
    match endpoint.name.as_str() {
        "referensi.kelas" => {
            let list: Vec<Value> = [
                ("VIP", "VIP"),
                ("KL1", "KELAS I"),
                ("KL2", "KELAS II"),
                ("KL3", "KELAS III"),
                ("ICU", "ICU"),
                ("NIC", "NICU"),
            ]
            .iter()
            .map(|(k, n)| json!({"kodekelas": k, "namakelas": n}))
            .collect();
            let total = list.len();
            Answer::ok(json!({ "list": list })).with_totalitems(total)
        }
        _ => Answer::empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogued_path_matches_its_own_entry() {
        for endpoint in catalogue().iter().filter(|e| e.base.is_none()) {
            let segments: Vec<String> = endpoint
                .segments
                .iter()
                .map(|s| match s {
                    Segment::Literal(t) => t.clone(),
                    Segment::Param(i) => endpoint.params[*i].kind.sample(),
                })
                .collect();
            let (_, params) = match_path(endpoint, &segments).unwrap_or_else(|| panic!("{}", endpoint.name));
            assert_eq!(params.len(), endpoint.params.len());
        }
    }
}
