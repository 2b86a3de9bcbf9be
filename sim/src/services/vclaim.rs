//! VClaim v2: referensi poli, peserta by card number, SEP insert and delete.
//! Codes are strings; errors are "201" with `response: null`.

use hyper::Method;
use serde_json::{json, Value};

use super::{text_field, Request, Routes};
use crate::data::peserta::{self, HOSPITAL_KODE, PROVIDER_KODE, PROVIDER_NAMA};
use crate::data::reference::POLI;
use crate::data::{parse_date, stable_hash, years_between};
use crate::reply::Answer;

pub fn handle(request: &Request<'_>) -> Answer {
    let routes = Routes::new(request);
    if let Some(p) = routes.on(Method::GET, &["referensi", "poli", "{}"]) {
        return poli(p[0]);
    }
    if let Some(p) = routes.on(Method::GET, &["Peserta", "nokartu", "{}", "tglSEP", "{}"]) {
        return peserta(p[0], p[1]);
    }
    if routes.on(Method::POST, &["SEP", "2.0", "insert"]).is_some() {
        return sep_insert(request);
    }
    if routes.on(Method::DELETE, &["SEP", "2.0", "delete"]).is_some() {
        return sep_delete(request);
    }
    routes.fallback()
}

fn poli(query: &str) -> Answer {
    let wanted = query.trim().to_uppercase();
    let found: Vec<Value> = POLI
        .iter()
        .filter(|(kode, nama)| !wanted.is_empty() && (*kode == wanted || nama.contains(&wanted)))
        .map(|(kode, nama)| json!({"kode": kode, "nama": nama}))
        .collect();
    if found.is_empty() {
        return Answer::error(201, "Data tidak ditemukan");
    }
    Answer::ok(json!({ "poli": found }))
}

pub(crate) fn peserta(no_kartu: &str, tgl_sep: &str) -> Answer {
    let Some(on) = parse_date(tgl_sep) else {
        return Answer::error(201, "Format tanggal salah (yyyy-mm-dd)");
    };
    let Some(p) = peserta::find(no_kartu) else {
        return Answer::error(201, "Peserta tidak ditemukan");
    };
    let born = parse_date(p.tgl_lahir).unwrap_or((1970, 1, 1));
    let umur = format!("{} tahun", years_between(born, on));
    Answer::ok(json!({
        "peserta": {
            "cob": {"nmAsuransi": null, "noAsuransi": null, "tglTAT": null, "tglTMT": null},
            "hakKelas": {"keterangan": p.kelas, "kode": p.kelas_kode},
            "informasi": {"dinsos": null, "noSKTM": null, "prolanisPRB": null},
            "jenisPeserta": {"keterangan": p.jenis, "kode": p.jenis_kode},
            "mr": {"noMR": p.no_mr, "noTelepon": p.no_hp},
            "nama": p.nama,
            "nik": p.nik,
            "noKartu": p.no_kartu,
            "pisa": "1",
            "provUmum": {"kdProvider": PROVIDER_KODE, "nmProvider": PROVIDER_NAMA},
            "sex": p.sex,
            "statusPeserta": {"keterangan": p.status, "kode": p.status_kode},
            "tglCetakKartu": p.tgl_tmt,
            "tglLahir": p.tgl_lahir,
            "tglTAT": p.tgl_tat,
            "tglTMT": p.tgl_tmt,
            "umur": {"umurSaatPelayanan": umur, "umurSekarang": umur},
        }
    }))
}

pub(crate) fn t_sep(request: &Request<'_>) -> Option<Value> {
    request.json()?.get("request")?.get("t_sep").cloned()
}

pub(crate) fn sep_insert(request: &Request<'_>) -> Answer {
    let Some(t_sep) = t_sep(request) else {
        return Answer::error(201, "Format request salah: {\"request\":{\"t_sep\":{...}}} diharapkan");
    };
    let Some(no_kartu) = text_field(&t_sep, "noKartu") else {
        return Answer::error(201, "noKartu tidak boleh kosong");
    };
    let Some(tgl) = text_field(&t_sep, "tglSep").and_then(parse_date) else {
        return Answer::error(201, "tglSep tidak valid (yyyy-mm-dd)");
    };
    let Some(p) = peserta::find(no_kartu) else {
        return Answer::error(201, "Peserta tidak ditemukan");
    };
    if !p.aktif {
        return Answer::error(201, format!("Status Peserta {}", p.status));
    }
    let ppk = text_field(&t_sep, "ppkPelayanan").filter(|s| s.len() == 8).unwrap_or(HOSPITAL_KODE);
    let tgl_sep = format!("{:04}-{:02}-{:02}", tgl.0, tgl.1, tgl.2);
    let serial = stable_hash(&[no_kartu, &tgl_sep, ppk]) % 1_000_000;
    let no_sep = format!("{ppk}{:02}{:02}V{serial:06}", tgl.1, tgl.0 % 100);
    let jns = if text_field(&t_sep, "jnsPelayanan") == Some("1") { "Rawat Inap" } else { "Rawat Jalan" };
    let born = parse_date(p.tgl_lahir).unwrap_or((1970, 1, 1));
    let sep = json!({
            "catatan": text_field(&t_sep, "catatan").unwrap_or(""),
            "diagnosa": text_field(&t_sep, "diagAwal").unwrap_or("-"),
            "jnsPelayanan": jns,
            "kelasRawat": if jns == "Rawat Inap" { p.kelas } else { "-" },
            "noSep": no_sep,
            "penjamin": "-",
            "peserta": {
                "asuransi": "-",
                "hakKelas": p.kelas,
                "jnsPeserta": p.jenis,
                "kelamin": if p.sex == "L" { "Laki-Laki" } else { "Perempuan" },
                "nama": p.nama,
                "noKartu": p.no_kartu,
                "noMr": p.no_mr,
                "tglLahir": p.tgl_lahir,
                "umur": years_between(born, tgl),
            },
            "informasi": {"dinsos": null, "prolanisPRB": null, "noSKTM": null},
            "poli": t_sep.get("poli").and_then(|p| p.get("tujuan")).and_then(Value::as_str).unwrap_or("-"),
            "poliEksekutif": "0",
            "tglSep": tgl_sep,
    });
    request.store.lock().seps.insert(no_sep, sep.clone());
    Answer::ok(json!({ "sep": sep }))
}

pub(crate) fn sep_delete(request: &Request<'_>) -> Answer {
    let Some(t_sep) = t_sep(request) else {
        return Answer::error(201, "Format request salah: {\"request\":{\"t_sep\":{...}}} diharapkan");
    };
    let Some(no_sep) = text_field(&t_sep, "noSep") else {
        return Answer::error(201, "noSep tidak boleh kosong");
    };
    // An unknown number is answered like a known one: hosts' suites delete a
    // fixed number without inserting it first.
    request.store.lock().seps.remove(no_sep);
    // BPJS answers a delete with the SEP number itself, unencrypted.
    Answer::ok(Value::String(no_sep.to_owned())).plain()
}
