//! Building a request from the catalogue: method, path with validated and
//! percent-encoded parameters, Content-Type, the wrapped body, and whether
//! the reply is encrypted. Headers come from `build_headers`; HTTP stays in
//! the host.

use serde_json::{Map, Value};

use super::endpoint::{find_endpoint, Endpoint, Segment};
use super::param::is_dot_segment;
use super::percent::percent_encode_segment;
use crate::error::{Error, Result};
use crate::service::{Method, Service};

/// The key of `params` that carries the body (never a path parameter).
pub const BODY_PARAM: &str = "body";

/// A request ready to send (add the headers from `build_headers`). Its
/// `Debug` shows the endpoint's name and the sizes of the path and body,
/// never their text (card numbers and NIKs sit in paths and bodies).
#[derive(Clone, PartialEq)]
pub struct EndpointRequest {
    /// The catalogue entry it was built from.
    pub endpoint: &'static Endpoint,
    /// HTTP method.
    pub method: Method,
    /// Path below the service path, starting with `/`, parameters percent-encoded:
    /// the URL is `host + "/" + production_path + path`.
    pub path: String,
    /// The Content-Type header to send.
    pub content_type: &'static str,
    /// The body text to send, wrapped as the endpoint wants it; `None` for no body.
    pub body: Option<String>,
    /// Whether a successful reply's `response` is ciphertext.
    pub encrypted_reply: bool,
    /// Production service path below the host (`vclaim-rest`).
    pub production_path: &'static str,
    /// Development service path below the development host (`vclaim-rest-dev`).
    pub development_path: &'static str,
}

impl std::fmt::Debug for EndpointRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EndpointRequest")
            .field("service", &self.endpoint.service)
            .field("name", &self.endpoint.name)
            .field("method", &self.method)
            .field("path", &format_args!("<{} bytes>", self.path.len()))
            .field("content_type", &self.content_type)
            .field(
                "body",
                &format_args!("{}", self.body.as_ref().map_or("None".to_owned(), |b| format!("<{} bytes>", b.len()))),
            )
            .field("encrypted_reply", &self.encrypted_reply)
            .field("production_path", &self.production_path)
            .finish()
    }
}

/// Builds the request of endpoint `name` of `service` from `params`: one key
/// per path parameter (strings; integers may be numbers) and, for endpoints
/// that take one, `body`: the object BPJS expects inside the wrapper (an
/// object already wrapped, e.g. `{"request":{"t_sep":{...}}}`, is sent as is).
/// Errors are `config` errors naming the parameter and its expected type.
pub fn build_request(service: Service, name: &str, params: &Map<String, Value>) -> Result<EndpointRequest> {
    let endpoint = find_endpoint(service, name)?;
    for key in params.keys() {
        if key != BODY_PARAM && !endpoint.params.iter().any(|p| p.name == *key) {
            let known: Vec<&str> = endpoint.params.iter().map(|p| p.name.as_str()).collect();
            let known = if known.is_empty() { "none".to_owned() } else { known.join(", ") };
            // The key is the caller's text (it may be a card number): its length only.
            return Err(Error::config(format!(
                "a parameter key ({} bytes) is not a parameter of {service} {}; its parameters: {known}",
                key.len(),
                endpoint.name
            )));
        }
    }
    let mut path = String::new();
    for segment in &endpoint.segments {
        match segment {
            Segment::Literal(text) => {
                path.push('/');
                path.push_str(text);
            }
            Segment::Param(i) => {
                let param = &endpoint.params[*i];
                match params.get(&param.name) {
                    None | Some(Value::Null) if param.optional => {}
                    None | Some(Value::Null) => {
                        return Err(Error::config(format!(
                            "parameter `{}` is required: {}",
                            param.name,
                            param.kind.expected()
                        )))
                    }
                    Some(value) => {
                        let text = param.kind.check(&param.name, value)?;
                        let encoded = percent_encode_segment(&text);
                        if is_dot_segment(&encoded) {
                            // Unreachable through `check` (dots-only values are
                            // refused and `%` is escaped); kept so that a new
                            // type can never send a dot segment.
                            return Err(Error::config(format!(
                                "parameter `{}`: the value would be read as a dot segment and change the path",
                                param.name
                            )));
                        }
                        path.push('/');
                        path.push_str(&encoded);
                    }
                }
            }
        }
    }
    let body = match (&endpoint.body, params.get(BODY_PARAM)) {
        (Some(spec), Some(Value::Object(fields))) => {
            if let Some(inner) = partly_wrapped(&spec.wrapper, fields) {
                return Err(Error::config(format!(
                    "parameter `body`: already wrapped in `{inner}` but not in the whole wrapper ({}); pass the \
                     fields, or the fully wrapped object",
                    spec.wrapper.join(".")
                )));
            }
            Some(wrap(&spec.wrapper, fields).to_string())
        }
        (Some(_), Some(_)) => return Err(Error::config("parameter `body`: expected a JSON object")),
        (Some(_), None) => {
            return Err(Error::config(format!("parameter `body` is required: {service} {name} takes a JSON object")))
        }
        (None, Some(_)) => {
            return Err(Error::config(format!("parameter `body`: {service} {name} takes no body")));
        }
        (None, None) => None,
    };
    Ok(EndpointRequest {
        endpoint,
        method: endpoint.method,
        path,
        content_type: endpoint.content_type.as_str(),
        body,
        encrypted_reply: endpoint.encrypted_reply,
        production_path: endpoint.production_path(),
        development_path: endpoint.development_path(),
    })
}

/// The inner wrapper key a body is wrapped in when it has only that key
/// (`{"t_sep": {...}}` for `request.t_sep`): wrapping it again would send
/// `{"request":{"t_sep":{"t_sep":{...}}}}`.
fn partly_wrapped<'w>(wrapper: &'w [String], fields: &Map<String, Value>) -> Option<&'w str> {
    if fields.len() != 1 {
        return None;
    }
    wrapper.iter().skip(1).find(|key| fields.contains_key(key.as_str())).map(String::as_str)
}

/// `fields` inside `wrapper`, unless the caller already wrapped it.
fn wrap(wrapper: &[String], fields: &Map<String, Value>) -> Value {
    let already_wrapped = match wrapper.first() {
        Some(outer) => fields.len() == 1 && fields.contains_key(outer),
        None => true,
    };
    if already_wrapped {
        return Value::Object(fields.clone());
    }
    wrapper.iter().rev().fold(Value::Object(fields.clone()), |inner, key| {
        let mut outer = Map::new();
        outer.insert(key.clone(), inner);
        Value::Object(outer)
    })
}
