//! Antrean RS: ref/poli, antrean/add (status only, as BPJS), and the
//! dashboard, which BPJS answers unencrypted. Codes are numbers: 200 or, for
//! the reference endpoints, 1 on success; errors 201.

use hyper::Method;
use serde_json::{json, Value};

use super::{text_field, Request, Routes};
use crate::data::peserta::HOSPITAL_KODE;
use crate::data::reference::POLI;
use crate::data::{parse_date, stable_hash};
use crate::reply::Answer;

/// The reference endpoints (`ref/poli`, `ref/dokter`, `ref/poli/fp`,
/// `ref/pasien/fp`) answer code 1 where the other Antrean RS endpoints answer
/// 200, as BPJS's own servers do (the catalogue's `ok_code`).
pub const REFERENCE_OK_CODE: i64 = 1;
pub const REFERENCE_OK_MESSAGE: &str = "Ok";

pub fn handle(request: &Request<'_>) -> Answer {
    let routes = Routes::new(request);
    if routes.on(Method::GET, &["ref", "poli"]).is_some() {
        let list: Vec<Value> = POLI
            .iter()
            .map(|(kode, nama)| json!({"nmpoli": nama, "nmsubspesialis": nama, "kdsubspesialis": kode, "kdpoli": kode}))
            .collect();
        return Answer::ok(Value::Array(list)).with_code(REFERENCE_OK_CODE, REFERENCE_OK_MESSAGE);
    }
    if routes.on(Method::POST, &["antrean", "add"]).is_some() {
        return add(request);
    }
    if let Some(p) = routes.on(Method::GET, &["dashboard", "waktutunggu", "tanggal", "{}", "waktu", "{}"]) {
        let Some((y, m, d)) = parse_date(p[0]) else {
            return Answer::error(201, "Format tanggal salah (yyyy-mm-dd)");
        };
        return dashboard(&format!("{y:04}-{m:02}-{d:02}"), p[1]);
    }
    if let Some(p) = routes.on(Method::GET, &["dashboard", "waktutunggu", "bulan", "{}", "tahun", "{}", "waktu", "{}"])
    {
        let Some((y, m, _)) = parse_date(&format!("{:0>4}-{:0>2}-01", p[1], p[0])) else {
            return Answer::error(201, "Bulan atau tahun tidak valid");
        };
        return dashboard(&format!("{y:04}-{m:02}"), p[2]);
    }
    routes.fallback()
}

fn add(request: &Request<'_>) -> Answer {
    let Some(body) = request.json().filter(Value::is_object) else {
        return Answer::error(201, "Format request salah").with_response(Value::Null);
    };
    for field in ["kodebooking", "kodepoli", "tanggalperiksa"] {
        if text_field(&body, field).is_none() {
            return Answer::error(201, format!("{field} tidak boleh kosong"));
        }
    }
    let kodepoli = text_field(&body, "kodepoli").unwrap_or_default();
    if !POLI.iter().any(|(kode, _)| kode.eq_ignore_ascii_case(kodepoli)) {
        return Answer::error(201, "Poli tidak ditemukan");
    }
    if text_field(&body, "tanggalperiksa").and_then(parse_date).is_none() {
        return Answer::error(201, "Format tanggalperiksa salah (yyyy-mm-dd)");
    }
    let kodebooking = text_field(&body, "kodebooking").unwrap_or_default().to_owned();
    let mut records = request.store.lock();
    if records.antrean_rs.get(&kodebooking).is_some_and(|a| a["status"] != "Batal") {
        return Answer::error(201, "Terdapat duplikasi Kode Booking");
    }
    let mut booking = body.clone();
    if let Some(object) = booking.as_object_mut() {
        object.insert("status".into(), Value::String("Belum dilayani".into()));
    }
    records.antrean_rs.insert(kodebooking, booking);
    Answer::empty()
}

fn dashboard(period: &str, waktu: &str) -> Answer {
    if !matches!(waktu, "rs" | "server") {
        return Answer::error(201, "waktu harus rs atau server");
    }
    let list: Vec<Value> = POLI
        .iter()
        .take(3)
        .map(|(kode, nama)| {
            let n = stable_hash(&[period, kode, waktu]);
            let task = |i: u64| ((n >> (i * 8)) % 3600) as i64 + 60;
            json!({
                "kdppk": HOSPITAL_KODE,
                "waktu_task1": task(0), "waktu_task2": task(1), "waktu_task3": task(2),
                "waktu_task4": task(3), "waktu_task5": task(4), "waktu_task6": task(5),
                "avg_waktu_task1": task(0) / 2, "avg_waktu_task2": task(1) / 2, "avg_waktu_task3": task(2) / 2,
                "avg_waktu_task4": task(3) / 2, "avg_waktu_task5": task(4) / 2, "avg_waktu_task6": task(5) / 2,
                "nmppk": "RS SIMULASI",
                "kodepoli": kode,
                "namapoli": nama,
                "jumlah_antrean": (n % 40 + 5) as i64,
                "tanggal": period,
                "insertdate": 1_767_225_600_000i64,
            })
        })
        .collect();
    Answer::ok(json!({ "list": list })).plain()
}
