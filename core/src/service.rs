//! The BPJS services and the per-service rules: which credentials each one
//! needs, which headers it is sent, and which Content-Type it expects.

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};

/// One BPJS bridging API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Service {
    /// VClaim v2 (hospital claims, SEP, peserta).
    Vclaim,
    /// Antrean RS (hospital queue, "JKN mobile" for FKRTL).
    AntreanRs,
    /// Antrean FKTP (clinic queue, Mobile JKN).
    AntreanFktp,
    /// PCare (primary care, FKTP).
    Pcare,
    /// iCare for primary care.
    IcareFktp,
    /// iCare for hospitals.
    IcareFkrtl,
    /// Apotek (pharmacy claims).
    Apotek,
    /// Aplicares (bed availability).
    Aplicares,
}

/// When a service sends the `X-authorization` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Authorization {
    /// Never sent, even when a username and password are given.
    Never,
    /// Sent when both username and password are given (Antrean FKTP: off by default).
    WhenGiven,
    /// Always sent; username and password are required.
    Required,
}

/// HTTP method, as far as header rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Method {
    /// GET (reads; the default).
    #[default]
    Get,
    /// POST (inserts).
    Post,
    /// PUT (updates).
    Put,
    /// DELETE (deletes; VClaim sends a body with it).
    Delete,
}

impl Method {
    /// The upper-case method name, as sent on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

impl FromStr for Method {
    type Err = Error;

    /// Parses a method name in any case. The text is not echoed in the
    /// error: it can come from a proxied client request.
    fn from_str(s: &str) -> Result<Self> {
        match s.to_ascii_uppercase().as_str() {
            "GET" => Ok(Method::Get),
            "POST" => Ok(Method::Post),
            "PUT" => Ok(Method::Put),
            "DELETE" => Ok(Method::Delete),
            _ => Err(Error::config(format!(
                "method: unsupported HTTP method ({} characters); expected GET, POST, PUT or DELETE (any case)",
                s.chars().count()
            ))),
        }
    }
}

/// BPJS labels JSON bodies of VClaim and Antrean RS writes with this type;
/// their gateway rejects the correct one. Case as documented.
pub const CONTENT_TYPE_FORM_QUIRK: &str = "Application/x-www-form-urlencoded";
/// The Content-Type of every other request.
pub const CONTENT_TYPE_JSON: &str = "application/json";
/// Some PCare deployments want `kunjungan` bodies as text/plain; hosts make it configurable.
pub const CONTENT_TYPE_TEXT: &str = "text/plain";

impl Service {
    /// Every service, in declaration order.
    pub const ALL: [Service; 8] = [
        Service::Vclaim,
        Service::AntreanRs,
        Service::AntreanFktp,
        Service::Pcare,
        Service::IcareFktp,
        Service::IcareFkrtl,
        Service::Apotek,
        Service::Aplicares,
    ];

    /// The service name used by every host (`"vclaim"`, `"icare-fktp"`, ...).
    pub const fn name(self) -> &'static str {
        match self {
            Service::Vclaim => "vclaim",
            Service::AntreanRs => "antreanrs",
            Service::AntreanFktp => "antreanfktp",
            Service::Pcare => "pcare",
            Service::IcareFktp => "icare-fktp",
            Service::IcareFkrtl => "icare-fkrtl",
            Service::Apotek => "apotek",
            Service::Aplicares => "aplicares",
        }
    }

    /// Whether the `user_key` header is sent (and therefore required).
    pub const fn uses_user_key(self) -> bool {
        !matches!(self, Service::Aplicares)
    }

    /// When this service sends the `X-authorization` header.
    pub const fn authorization(self) -> Authorization {
        match self {
            Service::Pcare | Service::IcareFktp => Authorization::Required,
            Service::AntreanFktp => Authorization::WhenGiven,
            _ => Authorization::Never,
        }
    }

    /// Default Content-Type for a request of this service.
    pub const fn content_type(self, method: Method) -> &'static str {
        match (self, method) {
            (Service::Vclaim | Service::AntreanRs, Method::Post | Method::Put | Method::Delete) => {
                CONTENT_TYPE_FORM_QUIRK
            }
            _ => CONTENT_TYPE_JSON,
        }
    }

    /// Production service path, below `https://apijkn.bpjs-kesehatan.go.id/`.
    pub const fn production_path(self) -> &'static str {
        match self {
            Service::Vclaim => "vclaim-rest",
            Service::AntreanRs => "antreanrs",
            Service::AntreanFktp => "antreanfktp",
            Service::Pcare => "pcare-rest",
            Service::IcareFktp => "wsihs/api/pcare",
            Service::IcareFkrtl => "wsihs/api/rs",
            Service::Apotek => "apotek-rest",
            Service::Aplicares => "aplicaresws/rest",
        }
    }

    /// Development service path, below `https://apijkn-dev.bpjs-kesehatan.go.id/`.
    pub const fn development_path(self) -> &'static str {
        match self {
            Service::Vclaim => "vclaim-rest-dev",
            Service::AntreanRs => "antreanrs_dev",
            Service::AntreanFktp => "antreanfktp_dev",
            Service::Pcare => "pcare-rest-dev",
            Service::IcareFktp => "ihs_dev/api/pcare",
            Service::IcareFkrtl => "ihs_dev/api/rs",
            Service::Apotek => "apotek-rest-dev",
            Service::Aplicares => "aplicaresws/rest",
        }
    }
}

/// Older PCare path still served by some deployments; its answers may be plain.
pub const PCARE_LEGACY_PATH: &str = "pcare-rest-v3.0";

impl Service {
    /// Every path the service is reached under: production, legacy, development.
    pub const fn paths(self) -> &'static [&'static str] {
        match self {
            Service::Vclaim => &["vclaim-rest", "vclaim-rest-dev"],
            Service::AntreanRs => &["antreanrs", "antreanrs_dev"],
            Service::AntreanFktp => &["antreanfktp", "antreanfktp_dev"],
            Service::Pcare => &["pcare-rest", PCARE_LEGACY_PATH, "pcare-rest-dev"],
            Service::IcareFktp => &["wsihs/api/pcare", "ihs_dev/api/pcare"],
            Service::IcareFkrtl => &["wsihs/api/rs", "ihs_dev/api/rs"],
            Service::Apotek => &["apotek-rest", "apotek-rest-dev"],
            Service::Aplicares => &["aplicaresws/rest"],
        }
    }

    /// The service a configured base URL points at, from the end of its path:
    /// `https://apijkn-dev.bpjs-kesehatan.go.id/pcare-rest-dev/` is PCare,
    /// `.../wsihs/api/pcare` is iCare FKTP (the longest matching path wins).
    pub fn from_base_url(url: &str) -> Option<Service> {
        let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
        let without_query = without_scheme.split(['?', '#']).next().unwrap_or("");
        let path = if url.contains("://") {
            without_query.split_once('/').map_or("", |(_, path)| path)
        } else {
            without_query
        };
        let path = path.trim_matches('/').to_ascii_lowercase();
        Service::ALL
            .into_iter()
            .flat_map(|service| service.paths().iter().map(move |p| (service, *p)))
            .filter(|(_, p)| path == *p || path.ends_with(&format!("/{p}")))
            .max_by_key(|(_, p)| p.len())
            .map(|(service, _)| service)
    }
}

/// The production gateway (no trailing slash).
pub const PRODUCTION_HOST: &str = "https://apijkn.bpjs-kesehatan.go.id";
/// The development gateway (no trailing slash).
pub const DEVELOPMENT_HOST: &str = "https://apijkn-dev.bpjs-kesehatan.go.id";

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Service {
    type Err = Error;

    /// Parses a service name ([`Service::name`]), ignoring case and
    /// surrounding whitespace. The text is not echoed in the error: it can
    /// be a URL path segment of a proxied request (card numbers sit in paths).
    fn from_str(s: &str) -> Result<Self> {
        let wanted = s.trim().to_ascii_lowercase();
        Service::ALL.into_iter().find(|svc| svc.name() == wanted).ok_or_else(|| {
            let names: Vec<&str> = Service::ALL.iter().map(|svc| svc.name()).collect();
            Error::config(format!(
                "service: unknown service name ({} characters); expected one of {}",
                s.chars().count(),
                names.join(", ")
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        let cases = [
            ("https://apijkn.bpjs-kesehatan.go.id/vclaim-rest/", Some(Service::Vclaim)),
            ("https://apijkn-dev.bpjs-kesehatan.go.id/pcare-rest-dev", Some(Service::Pcare)),
            ("http://127.0.0.1:8080/pcare-rest-v3.0/", Some(Service::Pcare)),
            ("https://apijkn.bpjs-kesehatan.go.id/wsihs/api/pcare", Some(Service::IcareFktp)),
            ("https://apijkn-dev.bpjs-kesehatan.go.id/ihs_dev/api/rs/", Some(Service::IcareFkrtl)),
            ("https://apijkn.bpjs-kesehatan.go.id/aplicaresws/rest?x=1", Some(Service::Aplicares)),
            ("antreanrs_dev", Some(Service::AntreanRs)),
            ("https://apijkn.bpjs-kesehatan.go.id/", None),
            ("https://apijkn.bpjs-kesehatan.go.id/not-pcare-rest-x", None),
            ("https://pcare-rest/", None),
        ];
        for (url, want) in cases {
            assert_eq!(Service::from_base_url(url), want, "{url}");
        }
        for service in Service::ALL {
            assert!(service.paths().contains(&service.production_path()));
            assert!(service.paths().contains(&service.development_path()));
        }
    }

    #[test]
    fn parse_errors_do_not_echo_the_input() {
        let err = "peserta/nokartu/0001234567890".parse::<Service>().unwrap_err();
        assert!(err.message().starts_with("service: unknown service name (29 characters)"), "{err}");
        assert!(!err.message().contains("0001234567890"), "{err}");
        assert_eq!(" PCare ".parse::<Service>().unwrap(), Service::Pcare);
        let err = "PATCH 0001234567890".parse::<Method>().unwrap_err();
        assert!(err.message().starts_with("method: unsupported HTTP method (19 characters)"), "{err}");
        assert!(!err.message().contains("0001234567890"), "{err}");
        assert_eq!("delete".parse::<Method>().unwrap(), Method::Delete);
    }
}
