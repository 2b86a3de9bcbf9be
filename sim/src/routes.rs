//! Which service a URL path belongs to, and matching of endpoint patterns.
//!
//! The service paths come from the core's service table (`Service::paths`),
//! including the older PCare path `pcare-rest-v3.0`, whose answers the
//! simulator leaves unencrypted. Endpoints that live outside their service's
//! path (eRekam Medis: `erekammedis`) bring their own paths from the catalogue.

use bpjs_codec::catalogue::catalogue;
use bpjs_codec::{Service, PCARE_LEGACY_PATH};

/// One service path the simulator serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    pub service: Service,
    /// Without slashes around it, e.g. `vclaim-rest-dev` or `wsihs/api/pcare`.
    pub path: String,
    /// Whether answers on this path are encrypted (endpoints may still opt out).
    pub encrypts: bool,
    /// The older PCare path: plain answers, query-style `diagnosa`.
    pub legacy: bool,
    /// A path of its own for a few catalogued endpoints (the entry's `base`,
    /// e.g. `erekammedis`): only those endpoints answer under it.
    pub own_base: bool,
}

/// Every mount, longest path first so that prefixes never shadow each other.
pub fn mounts() -> Vec<Mount> {
    let mut mounts = Vec::new();
    for service in Service::ALL {
        for &path in service.paths() {
            let legacy = path == PCARE_LEGACY_PATH;
            let encrypts = service != Service::Aplicares && !legacy;
            if !mounts.iter().any(|m: &Mount| m.path == path) {
                mounts.push(Mount { service, path: path.to_owned(), encrypts, legacy, own_base: false });
            }
        }
    }
    for endpoint in catalogue() {
        let Some((production, development)) = &endpoint.base else { continue };
        for path in [production, development] {
            if !mounts.iter().any(|m: &Mount| m.path == *path) {
                let service = endpoint.service;
                mounts.push(Mount { service, path: path.clone(), encrypts: false, legacy: false, own_base: true });
            }
        }
    }
    mounts.sort_by_key(|m| std::cmp::Reverse(m.path.len()));
    mounts
}

/// Finds the mount of `path` and returns it with the endpoint's decoded
/// segments (`/vclaim-rest/referensi/poli/INT` -> vclaim, `[referensi, poli, INT]`).
pub fn resolve<'m>(mounts: &'m [Mount], path: &str) -> Option<(&'m Mount, Vec<String>)> {
    let trimmed = path.strip_prefix('/')?;
    mounts.iter().find_map(|mount| {
        let rest = trimmed.strip_prefix(mount.path.as_str())?;
        if !(rest.is_empty() || rest.starts_with('/')) {
            return None;
        }
        let segments = rest.split('/').filter(|s| !s.is_empty()).map(percent_decode).collect();
        Some((mount, segments))
    })
}

/// Matches `segments` against a pattern such as `["referensi", "poli", "{}"]`:
/// literals compare without case, `{}` captures one segment.
pub fn matches<'s>(pattern: &[&str], segments: &'s [String]) -> Option<Vec<&'s str>> {
    if pattern.len() != segments.len() {
        return None;
    }
    let mut captured = Vec::new();
    for (want, got) in pattern.iter().zip(segments) {
        if *want == "{}" {
            captured.push(got.as_str());
        } else if !want.eq_ignore_ascii_case(got) {
            return None;
        }
    }
    Some(captured)
}

/// Decodes `%XX` escapes (and nothing else); invalid UTF-8 becomes U+FFFD.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The pairs of a query string, decoded (`+` is a space, as in forms).
pub fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(&k.replace('+', " ")), percent_decode(&v.replace('+', " ")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_every_service_path() {
        let mounts = mounts();
        let (m, segs) = resolve(&mounts, "/wsihs/api/pcare/validate").unwrap();
        assert_eq!((m.service, segs), (Service::IcareFktp, vec!["validate".to_owned()]));
        let (m, _) = resolve(&mounts, "/pcare-rest-v3.0/diagnosa").unwrap();
        assert!(m.legacy);
        let (m, _) = resolve(&mounts, "/pcare-rest/diagnosa/-/0/1").unwrap();
        assert!(!m.legacy && m.encrypts);
        assert!(resolve(&mounts, "/vclaim-restx/a").is_none());
        assert!(resolve(&mounts, "/").is_none());
        assert_eq!(mounts.iter().filter(|m| m.service == Service::Aplicares).count(), 1);
        let (m, segs) = resolve(&mounts, "/erekammedis_dev/eclaim/rekammedis/insert").unwrap();
        assert!(m.own_base && m.service == Service::Vclaim && segs.len() == 3);
    }

    #[test]
    fn decoding() {
        assert_eq!(percent_decode("demam%20berdarah%"), "demam berdarah%");
        assert_eq!(percent_decode("%4"), "%4");
        assert_eq!(percent_decode("%ff"), "\u{fffd}");
        assert_eq!(
            query_pairs(Some("keyword=a+b&limit=5&x")),
            vec![("keyword".into(), "a b".into()), ("limit".into(), "5".into()), ("x".into(), "".into())]
        );
        assert_eq!(
            matches(&["Peserta", "nokartu", "{}"], &["peserta".into(), "NOKARTU".into(), "1".into()]),
            Some(vec!["1"])
        );
    }
}
