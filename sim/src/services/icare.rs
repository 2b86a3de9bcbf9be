//! iCare (FKTP and FKRTL): `validate` returns the URL of the patient's
//! history page. The token is derived from the request, not random.

use hyper::Method;
use serde_json::{json, Value};

use super::{text_field, Request, Routes};
use crate::data::{peserta, stable_hash};
use crate::reply::Answer;

pub fn handle(request: &Request<'_>) -> Answer {
    let routes = Routes::new(request);
    if routes.on(Method::POST, &["validate"]).is_some() {
        let Some(body) = request.json().filter(Value::is_object) else {
            return Answer::error(201, "Format request salah");
        };
        let Some(param) = text_field(&body, "param") else {
            return Answer::error(201, "param tidak boleh kosong");
        };
        let Some(kodedokter) = body.get("kodedokter").and_then(|v| v.as_u64().or_else(|| v.as_str()?.parse().ok()))
        else {
            return Answer::error(201, "kodedokter tidak boleh kosong");
        };
        if peserta::find(param).is_none() {
            return Answer::error(201, "Peserta tidak ditemukan");
        }
        let token = stable_hash(&[request.mount.service.name(), param, &kodedokter.to_string()]);
        return Answer::ok(json!({"url": format!("https://icare.sim.invalid/ihs/history?token={token:016x}")}));
    }
    routes.fallback()
}
