//! Aplicares: bed availability, never encrypted, code 1 = OK, with
//! `totalitems` in the metadata. `start` is 1-based.

use hyper::Method;
use serde_json::json;

use super::{number, Request, Routes};
use crate::data::page;
use crate::data::peserta::HOSPITAL_KODE;
use crate::data::reference::beds;
use crate::reply::Answer;

pub fn handle(request: &Request<'_>) -> Answer {
    let routes = Routes::new(request);
    if let Some(p) = routes.on(Method::GET, &["bed", "read", "{}", "{}", "{}"]) {
        let (Some(start), Some(limit)) = (number(p[1]), number(p[2])) else {
            return Answer::error(0, "start dan limit harus angka");
        };
        let rooms = if p[0].eq_ignore_ascii_case(HOSPITAL_KODE) { beds() } else { Vec::new() };
        let list = page(&rooms, start.saturating_sub(1), limit);
        return Answer::ok(json!({ "list": list })).with_totalitems(rooms.len());
    }
    routes.fallback()
}
