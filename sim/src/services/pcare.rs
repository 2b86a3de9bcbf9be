//! PCare: dokter, faskes, peserta, diagnosa (path style on `pcare-rest`,
//! query style on the older `pcare-rest-v3.0`), kunjungan (add, edit,
//! delete) and pendaftaran.
//!
//! PCare's own codes: 200 OK, 201 CREATED for a successful write, 204
//! NO_CONTENT for an unknown card, 412 PRECONDITION_FAILED (with a list of
//! `{field, message}`) for a bad request.

use hyper::Method;
use serde_json::{json, Value};

use super::{number, text_field, Request, Routes};
use crate::data::diagnosa::{self, Diagnosa};
use crate::data::peserta::{self, PROVIDER_KODE, PROVIDER_NAMA};
use crate::data::reference::{faskes, DOKTER};
use crate::data::{page, parse_date, stable_hash};
use crate::reply::Answer;

/// `diagnosa` on the older path when no limit is given.
const DEFAULT_LIMIT: usize = 10;

pub fn handle(request: &Request<'_>) -> Answer {
    let routes = Routes::new(request);
    if let Some(p) = routes.on(Method::GET, &["dokter", "{}", "{}"]) {
        let list: Vec<Value> = DOKTER.iter().map(|(kd, nm, _)| json!({"kdDokter": kd, "nmDokter": nm})).collect();
        return paged(&list, p[0], p[1]);
    }
    if let Some(p) =
        routes.on(Method::GET, &["faskes", "{}", "{}"]).or_else(|| routes.on(Method::GET, &["provider", "{}", "{}"]))
    {
        return paged(&faskes(), p[0], p[1]);
    }
    if let Some(p) = routes.on(Method::GET, &["peserta", "nokartu", "{}", "tglPelayanan", "{}"]) {
        return peserta(p[0], p[1]);
    }
    if request.mount.legacy {
        if routes.on(Method::GET, &["diagnosa"]).is_some() {
            let keyword = request.query("keyword").unwrap_or("");
            let offset = request.query("offset").unwrap_or("0");
            let limit = request.query("limit").map(str::to_owned).unwrap_or_else(|| DEFAULT_LIMIT.to_string());
            return diagnosa_page(keyword, offset, &limit);
        }
    } else if let Some(p) = routes.on(Method::GET, &["diagnosa", "{}", "{}", "{}"]) {
        return diagnosa_page(p[0], p[1], p[2]);
    }
    if routes.on(Method::POST, &["kunjungan"]).is_some() {
        return created(request, "noKunjungan");
    }
    if routes.on(Method::POST, &["pendaftaran"]).is_some() {
        return created(request, "noUrut");
    }
    if routes.on(Method::PUT, &["kunjungan"]).is_some() {
        return updated(request);
    }
    if let Some(p) = routes.on(Method::DELETE, &["kunjungan", "{}"]) {
        return Answer::ok(json!({"field": "noKunjungan", "message": p[0]}));
    }
    routes.fallback()
}

pub(crate) fn precondition(field: &str, message: &str) -> Answer {
    Answer::error(412, "PRECONDITION_FAILED").with_response(json!([{"field": field, "message": message}]))
}

fn paged(list: &[Value], start: &str, limit: &str) -> Answer {
    let (Some(start), Some(limit)) = (number(start), number(limit)) else {
        return precondition("start/limit", "start dan limit harus angka");
    };
    Answer::ok(json!({"count": list.len(), "list": page(list, start, limit)}))
}

fn diagnosa_page(keyword: &str, start: &str, limit: &str) -> Answer {
    let (Some(start), Some(limit)) = (number(start), number(limit)) else {
        return precondition("start/limit", "start dan limit harus angka");
    };
    let found = diagnosa::search(keyword);
    let list: Vec<Value> = found.iter().skip(start).take(limit).map(|d| Diagnosa::to_json(d)).collect();
    Answer::ok(json!({"count": found.len(), "list": list}))
}

/// PCare writes dates as dd-mm-yyyy; yyyy-mm-dd is accepted too.
pub(crate) fn pcare_date(text: &str) -> Option<(i32, u32, u32)> {
    parse_date(text).or_else(|| {
        let mut parts = text.splitn(3, '-');
        let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
        parse_date(&format!("{y}-{m}-{d}"))
    })
}

fn peserta(no_kartu: &str, tgl: &str) -> Answer {
    if pcare_date(tgl).is_none() {
        return precondition("tglPelayanan", "format tanggal dd-mm-yyyy");
    }
    let Some(p) = peserta::find(no_kartu) else {
        return Answer::error(204, "NO_CONTENT");
    };
    Answer::ok(peserta_json(p))
}

/// One peserta as PCare answers it (with `pstProl` and `pstPrb`, which typed clients expect).
pub(crate) fn peserta_json(p: &peserta::Peserta) -> Value {
    json!({
        "noKartu": p.no_kartu,
        "nama": p.nama,
        "hubunganKeluarga": "PESERTA",
        "sex": p.sex,
        "tglLahir": dmy(p.tgl_lahir),
        "tglMulaiAktif": dmy(p.tgl_tmt),
        "tglAkhirBerlaku": dmy(p.tgl_tat),
        "kdProviderPst": {"kdProvider": PROVIDER_KODE, "nmProvider": PROVIDER_NAMA},
        "kdProviderGigi": {"kdProvider": null, "nmProvider": null},
        "jnsKelas": {"nama": p.kelas, "kode": p.kelas_kode},
        "jnsPeserta": {"nama": p.jenis, "kode": p.jenis_kode},
        "golDarah": "0",
        "noHP": p.no_hp,
        "noKTP": p.nik,
        "aktif": p.aktif,
        "ketAktif": p.status,
        "asuransi": {"kdAsuransi": null, "nmAsuransi": null, "noAsuransi": null, "cob": false},
        "pstProl": "",
        "pstPrb": "",
        "tunggakan": 0,
    })
}

/// yyyy-mm-dd -> dd-mm-yyyy.
fn dmy(ymd: &str) -> String {
    let mut parts = ymd.splitn(3, '-');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), Some(d)) => format!("{d}-{m}-{y}"),
        _ => ymd.to_owned(),
    }
}

/// kunjungan / pendaftaran: PCare answers a successful write with 201 CREATED
/// and `{field, message}` naming the new number.
pub(crate) fn created(request: &Request<'_>, field: &str) -> Answer {
    let Some(body) = request.json().filter(Value::is_object) else {
        return precondition("body", "body harus objek JSON");
    };
    let Some(no_kartu) = text_field(&body, "noKartu") else {
        return precondition("noKartu", "noKartu tidak boleh kosong");
    };
    if peserta::find(no_kartu).is_none() {
        return precondition("noKartu", "Peserta tidak ditemukan");
    }
    let tgl = text_field(&body, "tglDaftar").unwrap_or("");
    let serial = stable_hash(&[field, no_kartu, tgl, &body.to_string()]);
    let number = if field == "noUrut" {
        let mut records = request.store.lock();
        let tgl_key = pcare_date(tgl).map_or_else(|| tgl.to_owned(), |(y, m, d)| format!("{d:02}-{m:02}-{y:04}"));
        let taken = records.pendaftaran.keys().filter(|(t, _)| *t == tgl_key).count() as u64;
        let no_urut = format!("A{:03}", (serial + taken) % 100 + 1);
        let mut entry = body.clone();
        if let Some(object) = entry.as_object_mut() {
            object.insert("noUrut".into(), Value::String(no_urut.clone()));
        }
        records.pendaftaran.insert((tgl_key, no_urut.clone()), entry);
        no_urut
    } else {
        let (y, m, _) = pcare_date(tgl).unwrap_or((2000, 1, 1));
        format!("{PROVIDER_KODE}{m:02}{:02}Y{:06}", y % 100, serial % 1_000_000)
    };
    Answer::ok(json!({"field": field, "message": number})).with_code(201, "CREATED")
}

/// PUT kunjungan edits a visit named by `noKunjungan`: 200 OK naming it.
pub(crate) fn updated(request: &Request<'_>) -> Answer {
    let Some(body) = request.json().filter(Value::is_object) else {
        return precondition("body", "body harus objek JSON");
    };
    let Some(no_kunjungan) = text_field(&body, "noKunjungan").filter(|n| !n.is_empty()) else {
        return precondition("noKunjungan", "noKunjungan tidak boleh kosong");
    };
    match text_field(&body, "noKartu") {
        Some(no_kartu) if peserta::find(no_kartu).is_some() => {}
        _ => return precondition("noKartu", "Peserta tidak ditemukan"),
    }
    Answer::ok(json!({"field": "noKunjungan", "message": no_kunjungan}))
}
