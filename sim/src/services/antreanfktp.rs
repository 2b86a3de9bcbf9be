//! Antrean FKTP (Mobile JKN for clinics): ref/poli and ref/dokter by date,
//! antrean/panggil (status only). Codes are numbers; errors 201.

use hyper::Method;
use serde_json::{json, Value};

use super::{text_field, Request, Routes};
use crate::data::parse_date;
use crate::data::reference::{DOKTER, POLI_FKTP};
use crate::reply::Answer;

pub fn handle(request: &Request<'_>) -> Answer {
    let routes = Routes::new(request);
    if let Some(p) = routes.on(Method::GET, &["ref", "poli", "tanggal", "{}"]) {
        if parse_date(p[0]).is_none() {
            return Answer::error(201, "Format tanggal salah (yyyy-mm-dd)");
        }
        let list: Vec<Value> =
            POLI_FKTP.iter().map(|(kode, nama)| json!({"kodepoli": kode, "namapoli": nama})).collect();
        return Answer::ok(Value::Array(list));
    }
    if let Some(p) = routes.on(Method::GET, &["ref", "dokter", "kodepoli", "{}", "tanggal", "{}"]) {
        if parse_date(p[1]).is_none() {
            return Answer::error(201, "Format tanggal salah (yyyy-mm-dd)");
        }
        let list: Vec<Value> = DOKTER
            .iter()
            .filter(|(_, _, poli)| *poli == p[0])
            .map(|(kode, nama, _)| {
                json!({
                    "namadokter": nama,
                    "kodedokter": kode.parse::<u64>().unwrap_or_default(),
                    "jampraktek": "08:00-12:00",
                    "kapasitas": 30,
                })
            })
            .collect();
        if list.is_empty() {
            return Answer::error(201, "Data tidak ditemukan");
        }
        return Answer::ok(Value::Array(list));
    }
    if routes.on(Method::POST, &["antrean", "panggil"]).is_some() {
        let Some(body) = request.json().filter(Value::is_object) else {
            return Answer::error(201, "Format request salah");
        };
        for field in ["tanggalperiksa", "kodepoli", "nomorkartu"] {
            if text_field(&body, field).is_none() {
                return Answer::error(201, format!("{field} tidak boleh kosong"));
            }
        }
        let Some(status) = body.get("status").and_then(Value::as_i64) else {
            return Answer::error(201, "status tidak boleh kosong");
        };
        let key =
            ["tanggalperiksa", "kodepoli", "nomorkartu"].map(|f| text_field(&body, f).unwrap_or_default().to_owned());
        // A call for an entry never added is accepted, as before: hosts' suites call directly.
        if let Some(entry) =
            request.store.lock().antrean_fktp.get_mut(&(key[0].clone(), key[1].clone(), key[2].clone()))
        {
            entry["status"] = Value::from(status);
        }
        return Answer::empty();
    }
    routes.fallback()
}
