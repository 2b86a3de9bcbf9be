//! Answers written as data: `templates.json` holds, per service and catalogue
//! name, the decoded `response` in the shape typed clients expect, with
//! placeholders filled from the request. The same request always gets the
//! same answer; other parameters give other numbers and picks.
//!
//! Placeholders, inside any string of a template:
//!
//! | placeholder | becomes |
//! |---|---|
//! | `{p:NAME}` | path parameter `NAME` of the request (empty when absent) |
//! | `{p2:NAME}` | the same, zero-padded to two digits (`bulan` 1 -> `01`) |
//! | `{peserta:FIELD}` | a field of the peserta the request names (by `no_kartu`, `nik` or `nomor`), else the first sample peserta: `noKartu`, `nik`, `nama`, `sex`, `kelamin`, `tglLahir`, `noMR`, `noHP`, `kelas`, `kelasKode`, `jenis`, `jenisKode` |
//! | `{n:K}` | K digits derived from the request and the place in the template |
//! | `{pick:LIST.I}` | column I of one row of `words.LIST`; one row per object, so `{pick:dokter.0}` and `{pick:dokter.1}` in one object belong together |
//! | `{i}` | 1-based position in a repeated list |
//! | `{hospital}`, `{provider}` (and `_nama`) | the sample hospital and clinic |
//!
//! A string that is exactly `{#n:K}` or `{#i}` becomes a JSON number. An
//! array whose only element is an object with `"__repeat": N` holds N copies.
//! A template that uses `{peserta:…}` answers "not found" when the request
//! names a card or NIK the simulator does not know.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use bpjs_codec::Service;
use serde_json::{Map, Value};

use super::peserta::{self, Peserta, HOSPITAL_KODE, PROVIDER_KODE, PROVIDER_NAMA};
use super::stable_hash;

const TABLE_JSON: &str = include_str!("templates.json");
const HOSPITAL_NAMA: &str = "RS SIMULASI";

struct Table {
    responses: Map<String, Value>,
    words: BTreeMap<String, Vec<Vec<String>>>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        // Checked by the unit test below; a broken table would answer nothing.
        let root: Value = serde_json::from_str(TABLE_JSON).unwrap_or(Value::Null);
        let responses = root.get("responses").and_then(Value::as_object).cloned().unwrap_or_default();
        let words = root
            .get("words")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(name, rows)| {
                let rows = rows
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|row| {
                        row.as_array().into_iter().flatten().filter_map(|c| c.as_str().map(str::to_owned)).collect()
                    })
                    .collect();
                (name.clone(), rows)
            })
            .collect();
        Table { responses, words }
    })
}

/// What a template fills in from.
pub struct Context<'a> {
    /// Path parameters by name.
    pub params: &'a BTreeMap<&'a str, &'a str>,
    /// The seed of this request: service, endpoint and parameters.
    seed: String,
    peserta: &'static Peserta,
}

/// The answer of `name` of `service` from the table: `None` when the table has
/// no entry, `Some(None)` when the request names an unknown card or NIK.
pub fn render(service: Service, name: &str, params: &BTreeMap<&str, &str>) -> Option<Option<Value>> {
    let template = table().responses.get(&format!("{}/{name}", service.name()))?;
    let named = ["no_kartu", "nik", "nomor"].iter().find_map(|k| params.get(k).copied());
    let known = named.and_then(|n| peserta::find(n).or_else(|| peserta::find_by_nik(n)));
    if named.is_some() && known.is_none() && template.to_string().contains("{peserta:") {
        return Some(None);
    }
    let seed: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let context = Context {
        params,
        seed: format!("{}/{name}?{}", service.name(), seed.join("&")),
        peserta: known.unwrap_or(&peserta::PESERTA[0]),
    };
    Some(Some(fill(template, &context, "$", 0)))
}

fn fill(template: &Value, context: &Context<'_>, path: &str, index: usize) -> Value {
    match template {
        Value::String(text) => fill_string(text, context, path, index),
        Value::Array(items) => {
            if let [Value::Object(only)] = items.as_slice() {
                if let Some(n) = only.get("__repeat").and_then(Value::as_u64) {
                    let mut item = only.clone();
                    item.remove("__repeat");
                    let item = Value::Object(item);
                    return (1..=n as usize).map(|i| fill(&item, context, &format!("{path}[{i}]"), i)).collect();
                }
            }
            items.iter().enumerate().map(|(i, v)| fill(v, context, &format!("{path}[{i}]"), i + 1)).collect()
        }
        Value::Object(fields) => {
            Value::Object(fields.iter().map(|(k, v)| (k.clone(), fill_in_object(v, context, path, k, index))).collect())
        }
        other => other.clone(),
    }
}

/// Members of an object share the object's path for `{pick:…}`, so a row stays together.
fn fill_in_object(value: &Value, context: &Context<'_>, object_path: &str, key: &str, index: usize) -> Value {
    match value {
        Value::String(text) => fill_string_at(text, context, object_path, &format!("{object_path}.{key}"), index),
        other => fill(other, context, &format!("{object_path}.{key}"), index),
    }
}

fn fill_string(text: &str, context: &Context<'_>, path: &str, index: usize) -> Value {
    fill_string_at(text, context, path, path, index)
}

fn fill_string_at(text: &str, context: &Context<'_>, object_path: &str, path: &str, index: usize) -> Value {
    if let Some(inner) = text.strip_prefix("{#").and_then(|t| t.strip_suffix('}')) {
        let filled = placeholder(inner, context, object_path, path, index);
        return filled.parse::<i64>().map(Value::from).unwrap_or(Value::String(filled));
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('}') else {
            out.push_str(&rest[start..]);
            return Value::String(out);
        };
        out.push_str(&placeholder(&rest[start + 1..start + end], context, object_path, path, index));
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    Value::String(out)
}

fn placeholder(name: &str, context: &Context<'_>, object_path: &str, path: &str, index: usize) -> String {
    let (kind, arg) = name.split_once(':').unwrap_or((name, ""));
    match kind {
        "p" => context.params.get(arg).copied().unwrap_or_default().to_owned(),
        "p2" => format!("{:0>2}", context.params.get(arg).copied().unwrap_or_default()),
        "peserta" => peserta_field(context.peserta, arg),
        "n" => {
            let digits = arg.parse::<u32>().unwrap_or(6).clamp(1, 18);
            let n = stable_hash(&[&context.seed, path]) % 10u64.pow(digits);
            format!("{n:0width$}", width = digits as usize)
        }
        "pick" => {
            let (list, column) = arg.split_once('.').unwrap_or((arg, "0"));
            let rows = table().words.get(list).map(Vec::as_slice).unwrap_or_default();
            if rows.is_empty() {
                return String::new();
            }
            let row = &rows[(stable_hash(&[&context.seed, object_path, list]) % rows.len() as u64) as usize];
            row.get(column.parse::<usize>().unwrap_or(0)).cloned().unwrap_or_default()
        }
        "i" => index.to_string(),
        "hospital" => HOSPITAL_KODE.to_owned(),
        "hospital_nama" => HOSPITAL_NAMA.to_owned(),
        "provider" => PROVIDER_KODE.to_owned(),
        "provider_nama" => PROVIDER_NAMA.to_owned(),
        // Not a placeholder: kept as written.
        _ => format!("{{{name}}}"),
    }
}

fn peserta_field(p: &Peserta, field: &str) -> String {
    match field {
        "noKartu" => p.no_kartu,
        "nik" => p.nik,
        "nama" => p.nama,
        "sex" => p.sex,
        "kelamin" => {
            if p.sex == "L" {
                "Laki-laki"
            } else {
                "Perempuan"
            }
        }
        "tglLahir" => p.tgl_lahir,
        "noMR" => p.no_mr,
        "noHP" => p.no_hp,
        "kelas" => p.kelas,
        "kelasKode" => p.kelas_kode,
        "jenis" => p.jenis,
        "jenisKode" => p.jenis_kode,
        _ => "",
    }
    .to_owned()
}

/// The catalogue names the table answers, as `service/name`.
pub fn names() -> impl Iterator<Item = &'static str> {
    table().responses.keys().map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_parses_and_every_pick_names_a_list() {
        let root: Value = serde_json::from_str(TABLE_JSON).expect("templates.json is JSON");
        assert!(table().responses.len() >= 40, "{}", table().responses.len());
        for (name, rows) in &table().words {
            assert!(!rows.is_empty() && rows.iter().all(|r| !r.is_empty()), "words.{name}");
        }
        let text = root["responses"].to_string();
        for pick in text.split("{pick:").skip(1) {
            let list = pick.split(['.', '}']).next().unwrap_or_default();
            assert!(table().words.contains_key(list), "unknown word list {list}");
        }
        for name in names() {
            let (service, endpoint) = name.split_once('/').expect("service/name");
            let known =
                bpjs_codec::catalogue::catalogue().iter().any(|e| e.service.name() == service && e.name == endpoint);
            assert!(known, "{name} is not in the catalogue");
        }
    }

    #[test]
    fn same_request_same_answer_other_request_other_numbers() {
        let a =
            BTreeMap::from([("no_kartu", "0001234567890"), ("tgl_mulai", "2026-11-01"), ("tgl_akhir", "2026-11-30")]);
        let b =
            BTreeMap::from([("no_kartu", "0001234567891"), ("tgl_mulai", "2026-11-01"), ("tgl_akhir", "2026-11-30")]);
        let name = "monitoring.histori_pelayanan";
        let first = render(Service::Vclaim, name, &a).unwrap().unwrap();
        assert_eq!(first, render(Service::Vclaim, name, &a).unwrap().unwrap());
        let other = render(Service::Vclaim, name, &b).unwrap().unwrap();
        assert_ne!(first["histori"][0]["noSep"], other["histori"][0]["noSep"]);
        assert_eq!(other["histori"][0]["namaPeserta"], "SITI SIMULASI");
        let unknown =
            BTreeMap::from([("no_kartu", "0009999999999"), ("tgl_mulai", "2026-11-01"), ("tgl_akhir", "2026-11-30")]);
        assert_eq!(render(Service::Vclaim, name, &unknown), Some(None));
        assert_eq!(render(Service::Vclaim, "no.such.endpoint", &a), None);
    }
}
