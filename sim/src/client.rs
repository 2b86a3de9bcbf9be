//! A small blocking client that signs requests with the core, for
//! `bpjs-sim demo` and the simulator's own tests. Plain HTTP only.

use std::time::Duration;

use bpjs_codec::{build_headers, process_wrapper, Credentials, HeaderRequest, Method, Processed, Service};

/// What came back, with the timestamp the request was signed with (the key
/// of its response).
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub body: String,
    pub timestamp: String,
}

pub struct Client {
    agent: ureq::Agent,
    base: String,
    pub credentials: Credentials,
}

impl Client {
    pub fn new(base: &str, credentials: Credentials) -> Client {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        Client { agent, base: base.trim_end_matches('/').to_owned(), credentials }
    }

    /// Signed headers for `service`, from the core, as (name, value) pairs.
    pub fn signed_headers(
        &self,
        service: Service,
        method: &str,
        timestamp: Option<u64>,
    ) -> Result<Vec<(String, String)>, String> {
        let method: Method = method.parse().map_err(|e: bpjs_codec::Error| e.to_string())?;
        let mut request = HeaderRequest::new(service, &self.credentials).method(method);
        if let Some(ts) = timestamp {
            request = request.timestamp(ts);
        }
        let headers = build_headers(&request).map_err(|e| e.to_string())?;
        Ok(headers.iter().map(|(n, v)| (n.to_owned(), v.to_owned())).collect())
    }

    /// A signed request to `path` (e.g. `/vclaim-rest/referensi/poli/INT`).
    pub fn call(&self, service: Service, method: &str, path: &str, body: Option<&str>) -> Result<Reply, String> {
        self.call_with(service, method, path, body, &[])
    }

    /// Same, with extra headers (e.g. `X-Sim-Fault`).
    pub fn call_with(
        &self,
        service: Service,
        method: &str,
        path: &str,
        body: Option<&str>,
        extra: &[(&str, &str)],
    ) -> Result<Reply, String> {
        let mut headers = self.signed_headers(service, method, None)?;
        headers.extend(extra.iter().map(|(n, v)| (n.to_string(), v.to_string())));
        self.raw(method, path, &headers, body)
    }

    /// An unsigned request with exactly `headers`.
    pub fn raw(
        &self,
        method: &str,
        path: &str,
        headers: &[(String, String)],
        body: Option<&str>,
    ) -> Result<Reply, String> {
        let timestamp = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("x-timestamp"))
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        let mut builder = ureq::http::Request::builder().method(method).uri(format!("{}{path}", self.base));
        for (name, value) in headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let result = match body {
            Some(body) => builder.body(body.to_owned()).map(|r| self.agent.run(r)),
            None => builder.body(()).map(|r| self.agent.run(r)),
        };
        let mut response =
            result.map_err(|e| format!("bad request: {e}"))?.map_err(|e| format!("{method} {path}: {e}"))?;
        let content_type =
            response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| format!("{method} {path}: reading the body: {e}"))?;
        Ok(Reply { status, content_type, body, timestamp })
    }

    /// Decodes a reply through the core, with the request's own timestamp.
    pub fn decode(&self, reply: &Reply) -> bpjs_codec::Result<Processed> {
        process_wrapper(&self.credentials.cons_id, &self.credentials.secret, &reply.timestamp, &reply.body)
    }
}
