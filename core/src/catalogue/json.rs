//! The JSON forms for the bindings: the catalogue as a JSON array, and a
//! request built from JSON parameters, answered as a JSON object. Hosts only
//! convert these texts to their own types.

use serde_json::{json, Map, Value};

use super::endpoint::{table, CodeType, Endpoint};
use super::param::ParamType;
use super::request::{build_request, EndpointRequest};
use crate::error::{Error, Result};
use crate::service::Service;

/// One endpoint as JSON (see docs/catalogue.md for the shape).
pub fn endpoint_json(endpoint: &Endpoint) -> Value {
    let params: Vec<Value> = endpoint
        .params
        .iter()
        .map(|p| {
            let mut object = Map::new();
            object.insert("name".into(), p.name.clone().into());
            object.insert("type".into(), p.kind.name().into());
            if let ParamType::Choice(values) = &p.kind {
                object.insert("values".into(), json!(values));
            }
            object.insert("optional".into(), p.optional.into());
            object.insert("expected".into(), p.kind.expected().into());
            object.insert("example".into(), p.kind.sample().into());
            Value::Object(object)
        })
        .collect();
    json!({
        "service": endpoint.service.name(),
        "name": endpoint.name,
        "method": endpoint.method.as_str(),
        "path": endpoint.template,
        "params": params,
        "encrypted_reply": endpoint.encrypted_reply,
        "content_type": endpoint.content_type,
        "body": endpoint.body.as_ref().map(|b| json!({"wrapper": b.wrapper, "fields": b.fields})),
        "reply": {
            "envelope": endpoint.reply.envelope_key,
            "code": match endpoint.reply.code_type { CodeType::String => "string", CodeType::Number => "number" },
            "ok_code": endpoint.reply.ok_code,
        },
        "production_path": endpoint.production_path(),
        "development_path": endpoint.development_path(),
    })
}

/// The whole catalogue as a JSON array of [`endpoint_json`] objects, in table order.
pub fn catalogue_json() -> Result<String> {
    Ok(Value::Array(table()?.iter().map(endpoint_json).collect()).to_string())
}

/// A built request as JSON: `{"service", "name", "method", "path", "content_type",
/// "body", "encrypted_reply", "production_path", "development_path"}`.
pub fn request_json(request: &EndpointRequest) -> Value {
    json!({
        "service": request.endpoint.service.name(),
        "name": request.endpoint.name,
        "method": request.method.as_str(),
        "path": request.path,
        "content_type": request.content_type,
        "body": request.body,
        "encrypted_reply": request.encrypted_reply,
        "production_path": request.production_path,
        "development_path": request.development_path,
    })
}

/// [`build_request`] for the bindings: `service` and `name` as strings,
/// `params` a JSON object text (`{"nik": "...", "tgl_sep": "2026-12-05"}`,
/// `{"body": {...}}`), the answer a JSON object text ([`request_json`]).
pub fn build_request_json(service: &str, name: &str, params: &str) -> Result<String> {
    let service: Service = service.parse()?;
    let params = match serde_json::from_str::<Value>(params) {
        Ok(Value::Object(map)) => map,
        Ok(Value::Null) => Map::new(),
        Ok(_) => return Err(Error::config("params: expected a JSON object of parameters")),
        Err(e) => {
            return Err(Error::config(format!(
                "params: not JSON (line {}, column {}); expected a JSON object of parameters",
                e.line(),
                e.column()
            )))
        }
    };
    Ok(request_json(&build_request(service, name, &params)?).to_string())
}
