//! Apotek: referensi/dpho. Codes are strings.

use hyper::Method;
use serde_json::json;

use super::{Request, Routes};
use crate::data::reference::dpho;
use crate::reply::Answer;

pub fn handle(request: &Request<'_>) -> Answer {
    let routes = Routes::new(request);
    if routes.on(Method::GET, &["referensi", "dpho"]).is_some() {
        return Answer::ok(json!({ "list": dpho() }));
    }
    routes.fallback()
}
