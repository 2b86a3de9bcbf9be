//! One catalogue entry and the reading of the table (`endpoints.json`,
//! compiled into the crate) into entries, checked once at first use.

use std::sync::OnceLock;

use serde_json::{Map, Value};

use super::param::ParamType;
use crate::error::{Error, Result};
use crate::service::{Method, Service};

/// The table itself: data, one object per endpoint. Its format is described in docs/catalogue.md.
pub const TABLE_JSON: &str = include_str!("endpoints.json");

/// One typed parameter of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// Our parameter name (`no_kartu`, `tgl_sep`), the key a caller passes.
    pub name: String,
    /// What the value must look like.
    pub kind: ParamType,
    /// An optional trailing segment (`{filter?:text}`): left out when not given.
    pub optional: bool,
}

/// One piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Sent as written.
    Literal(String),
    /// The value of `params[i]`, percent-encoded.
    Param(usize),
}

/// The body an endpoint takes: the caller's object, wrapped.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Keys the caller's object is wrapped in, outermost first:
    /// `["request", "t_sep"]` sends `{"request":{"t_sep":{...}}}`; empty sends it as is.
    pub wrapper: Vec<String>,
    /// The fields BPJS expects inside, as documented (names; nested objects as `{name: [fields]}`).
    pub fields: Value,
}

/// How the code of an envelope is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeType {
    /// `"200"` (VClaim, Apotek).
    String,
    /// `200` (Antrean, PCare, iCare, Aplicares).
    Number,
}

/// The shape of the reply envelope: where the status is and what success looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplyShape {
    /// `metaData` or `metadata`.
    pub envelope_key: &'static str,
    /// String or number code.
    pub code_type: CodeType,
    /// The code of a successful answer (200; 201 for PCare creates; 1 for Aplicares
    /// and the Antrean RS reference endpoints).
    pub ok_code: i64,
}

impl ReplyShape {
    /// The usual shape of a service's replies.
    pub const fn of(service: Service) -> ReplyShape {
        let (envelope_key, code_type, ok_code) = match service {
            Service::Vclaim | Service::Apotek => ("metaData", CodeType::String, 200),
            Service::AntreanRs | Service::AntreanFktp => ("metadata", CodeType::Number, 200),
            Service::Pcare | Service::IcareFktp | Service::IcareFkrtl => ("metaData", CodeType::Number, 200),
            Service::Aplicares => ("metadata", CodeType::Number, 1),
        };
        ReplyShape { envelope_key, code_type, ok_code }
    }
}

/// One BPJS endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// The service whose credentials and headers it takes.
    pub service: Service,
    /// Stable lower-case dotted name, unique within the service (`peserta.nik`).
    pub name: String,
    /// HTTP method.
    pub method: Method,
    /// The path template as written in the table (`Peserta/nik/{nik:nik}/tglSEP/{tgl_sep:date}`).
    pub template: String,
    /// Its typed parameters, in path order.
    pub params: Vec<Param>,
    /// The template cut into literals and parameters.
    pub segments: Vec<Segment>,
    /// Whether a successful reply's `response` is ciphertext.
    pub encrypted_reply: bool,
    /// The Content-Type to send.
    pub content_type: String,
    /// The body it takes, if any.
    pub body: Option<Body>,
    /// The reply envelope's shape.
    pub reply: ReplyShape,
    /// Service paths (production, development) when the endpoint lives outside the
    /// service's own path (eRekam Medis: `erekammedis`).
    pub base: Option<(String, String)>,
    /// The row of `endpoints-survey.json` it comes from.
    pub survey_row: Option<u64>,
    /// For a visit create (PCare `kunjungan.insert`, `kunjungan.insert.v3`):
    /// the name of the endpoint that updates the visit. A resend of a create
    /// whose visit already has an accepted noKunjungan is sent there instead
    /// (docs/audit.md), never as a second create.
    pub visit_update: Option<String>,
}

impl Endpoint {
    /// Production service path below the host (`vclaim-rest`, `erekammedis`).
    pub fn production_path(&self) -> &str {
        self.base.as_ref().map_or(self.service.production_path(), |(p, _)| p.as_str())
    }

    /// Development service path below the development host.
    pub fn development_path(&self) -> &str {
        self.base.as_ref().map_or(self.service.development_path(), |(_, d)| d.as_str())
    }
}

static TABLE: OnceLock<std::result::Result<Vec<Endpoint>, String>> = OnceLock::new();

/// Every endpoint of the catalogue, in table order.
pub fn catalogue() -> &'static [Endpoint] {
    match table() {
        Ok(entries) => entries,
        Err(_) => &[],
    }
}

/// The parsed table, or a `config` error saying which entry is malformed
/// (the table ships inside the crate; the tests keep it valid).
pub fn table() -> Result<&'static [Endpoint]> {
    match TABLE.get_or_init(|| parse_table(TABLE_JSON)) {
        Ok(entries) => Ok(entries),
        Err(message) => Err(Error::config(format!("endpoint catalogue: {message}"))),
    }
}

/// The endpoint `name` of `service`, or a `config` error.
pub fn find_endpoint(service: Service, name: &str) -> Result<&'static Endpoint> {
    table()?.iter().find(|e| e.service == service && e.name == name).ok_or_else(|| {
        Error::config(format!(
            "endpoint: {service} has no endpoint by the name given ({} bytes); names are lower-case and dotted \
             (`peserta.nik`), never a path: list them with catalogue() (docs/catalogue.md)",
            name.len()
        ))
    })
}

fn parse_table(text: &str) -> std::result::Result<Vec<Endpoint>, String> {
    let rows: Vec<Value> = serde_json::from_str(text).map_err(|e| format!("not a JSON array: {e}"))?;
    let mut entries: Vec<Endpoint> = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let entry = parse_entry(row).map_err(|e| format!("entry {i}: {e}"))?;
        if entries.iter().any(|e| e.service == entry.service && e.name == entry.name) {
            return Err(format!("entry {i}: duplicate name {} {}", entry.service, entry.name));
        }
        entries.push(entry);
    }
    for entry in &entries {
        let Some(update) = &entry.visit_update else { continue };
        let target = entries.iter().find(|e| e.service == entry.service && e.name == *update);
        let valid = entry.method == Method::Post
            && entry.params.is_empty()
            && target.is_some_and(|t| t.method == Method::Put && t.params.is_empty() && t.body.is_some());
        if !valid {
            return Err(format!(
                "{} {}: `visit_update` must name a PUT of the same service, both without path parameters",
                entry.service, entry.name
            ));
        }
    }
    Ok(entries)
}

/// The visit create a stored write is, if any: the catalogue entry marked
/// with `visit_update` whose method and path template match `method` and
/// `endpoint` (query removed, slashes trimmed, ASCII case ignored, and a
/// leading service path such as `pcare-rest/` removed), with its update
/// entry and the prefix that was removed. `service` `None` (a row written
/// by a host that did not know it) matches any service's entries.
pub fn visit_create(
    service: Option<Service>,
    method: Method,
    endpoint: &str,
) -> Option<(&'static Endpoint, &'static Endpoint, String)> {
    let path = endpoint.split(['?', '#']).next().unwrap_or("").trim_matches('/');
    let entries = table().ok()?;
    entries.iter().filter(|e| e.visit_update.is_some() && e.method == method).find_map(|create| {
        if service.is_some_and(|s| s != create.service) {
            return None;
        }
        let update =
            entries.iter().find(|e| Some(&e.name) == create.visit_update.as_ref() && e.service == create.service)?;
        let mut candidates: Vec<(String, &str)> = vec![(String::new(), path)];
        for base in create.service.paths().iter().copied().chain([create.production_path(), create.development_path()])
        {
            let matches_base = path.len() > base.len()
                && path.as_bytes()[base.len()] == b'/'
                && path.get(..base.len()).is_some_and(|p| p.eq_ignore_ascii_case(base));
            if matches_base {
                candidates.push((path[..=base.len()].to_owned(), path[base.len() + 1..].trim_start_matches('/')));
            }
        }
        candidates
            .into_iter()
            .find(|(_, rest)| rest.eq_ignore_ascii_case(&create.template))
            .map(|(prefix, _)| (create, update, prefix))
    })
}

fn parse_entry(row: &Value) -> std::result::Result<Endpoint, String> {
    let object = row.as_object().ok_or("not an object")?;
    let text = |key: &str| object.get(key).and_then(Value::as_str).ok_or(format!("missing string `{key}`"));
    let service: Service = text("service")?.parse().map_err(|_| "unknown service".to_owned())?;
    let name = text("name")?.to_owned();
    let valid_name = !name.is_empty()
        && name.split('.').all(|part| {
            !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        });
    if !valid_name {
        return Err(format!("name {name:?} is not lower-case dotted"));
    }
    let method: Method = text("method")?.parse().map_err(|_| "unknown method".to_owned())?;
    let template = text("path")?.to_owned();
    let (params, segments) = parse_template(&template)?;
    let encrypted_reply = object.get("encrypted").and_then(Value::as_bool).ok_or("missing boolean `encrypted`")?;
    let content_type = match object.get("content_type") {
        Some(value) => value.as_str().ok_or("`content_type` is not a string")?.to_owned(),
        None => service.content_type(method).to_owned(),
    };
    let body = match object.get("body") {
        None => None,
        Some(body) => Some(parse_body(body)?),
    };
    let mut reply = ReplyShape::of(service);
    if let Some(code) = object.get("ok_code") {
        reply.ok_code = code.as_i64().ok_or("`ok_code` is not an integer")?;
    } else if service == Service::Pcare && method == Method::Post {
        reply.ok_code = 201;
    }
    let base = match object.get("base") {
        None => None,
        Some(base) => {
            let pair: Vec<&str> =
                base.as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
            match pair.as_slice() {
                [production, development] => Some(((*production).to_owned(), (*development).to_owned())),
                _ => return Err("`base` is not [production, development]".into()),
            }
        }
    };
    let survey_row = object.get("survey_row").and_then(Value::as_u64);
    let visit_update = match object.get("visit_update") {
        None => None,
        Some(name) => Some(name.as_str().ok_or("`visit_update` is not a string")?.to_owned()),
    };
    Ok(Endpoint {
        service,
        name,
        method,
        template,
        params,
        segments,
        encrypted_reply,
        content_type,
        body,
        reply,
        base,
        survey_row,
        visit_update,
    })
}

fn parse_body(body: &Value) -> std::result::Result<Body, String> {
    let object: &Map<String, Value> = body.as_object().ok_or("`body` is not an object")?;
    let wrapper = object.get("wrapper").and_then(Value::as_str).ok_or("`body.wrapper` missing")?;
    let wrapper = wrapper.split('.').filter(|k| !k.is_empty()).map(str::to_owned).collect();
    let fields = object.get("fields").cloned().unwrap_or(Value::Array(Vec::new()));
    Ok(Body { wrapper, fields })
}

/// `a/{name:type}/b/{opt?:type}` -> params and segments.
fn parse_template(template: &str) -> std::result::Result<(Vec<Param>, Vec<Segment>), String> {
    if template.is_empty() || template.starts_with('/') || template.ends_with('/') {
        return Err("path must be relative, without a leading or trailing slash".into());
    }
    let mut params: Vec<Param> = Vec::new();
    let mut segments = Vec::new();
    for part in template.split('/') {
        match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(spec) => {
                let (name, kind) = spec.split_once(':').ok_or("parameter without a type")?;
                let (name, optional) = match name.strip_suffix('?') {
                    Some(name) => (name, true),
                    None => (name, false),
                };
                let valid = !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
                if !valid || name == "body" || params.iter().any(|p| p.name == name) {
                    return Err(format!("bad or repeated parameter name {name:?}"));
                }
                if params.last().is_some_and(|p| p.optional) {
                    return Err("only the last parameter may be optional".into());
                }
                let kind = ParamType::parse(kind).ok_or(format!("unknown type {kind:?}"))?;
                segments.push(Segment::Param(params.len()));
                params.push(Param { name: name.to_owned(), kind, optional });
            }
            None if part.is_empty() || part.contains(['{', '}', '?', '#', ' ']) => {
                return Err("empty or malformed literal segment".into())
            }
            None => {
                if params.last().is_some_and(|p| p.optional) {
                    return Err("an optional parameter must end the path".into());
                }
                segments.push(Segment::Literal(part.to_owned()));
            }
        }
    }
    Ok((params, segments))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        let (params, segments) = parse_template("a/{x:int}/b/{y?:text}").unwrap();
        assert_eq!(params.len(), 2);
        assert!(params[1].optional);
        assert_eq!(segments.len(), 4);
        assert!(parse_template("/a").is_err());
        assert!(parse_template("a/{x:nope}").is_err());
        assert!(parse_template("a/{x?:int}/b").is_err());
        assert!(parse_template("a/{x:int}/{x:int}").is_err());
        assert!(parse_template("a/{body:int}").is_err());
    }
}
