//! The ciphertext rule measured (docs/decoding.md): no plain value we know
//! of is taken for ciphertext, and every damage to a real ciphertext that
//! the rule promises to catch is an error, exhaustively over several real
//! ciphertexts. Run with `--nocapture` to see the figures the doc quotes.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use bpjs_codec::ciphertext::{is_ciphertext, MIN_CIPHERTEXT_RUN};
use bpjs_codec::{compress_and_encrypt, process_wrapper, Processed};
use serde_json::Value;

const CONS_ID: &str = "1000";
const SECRET: &str = "S3cr3tSim";
const TS: &str = "1732406400";

// ---------------------------------------------------------------------------
// Plain values: the vectors, the simulator's sources, the endpoint survey.

fn string_leaves(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| string_leaves(v, out)),
        Value::Object(map) => map.iter().for_each(|(k, v)| {
            out.push(k.clone());
            string_leaves(v, out)
        }),
        _ => {}
    }
}

/// Data values BPJS sends, as the vectors hold them: every string of the
/// envelope results (decoded replies included), of the metadata inputs, of
/// every decoded JSON text, and the plain `response` strings.
fn vector_values() -> Vec<String> {
    let doc = common::load_vectors("BPJS_VECTORS", "vectors.json");
    let mut out = Vec::new();
    for case in doc["envelopes"].as_array().unwrap() {
        string_leaves(&case["result"]["json"], &mut out);
    }
    for case in doc["metadata"].as_array().unwrap() {
        match &case["input"] {
            Value::String(text) => match serde_json::from_str::<Value>(text) {
                Ok(v) => string_leaves(&v, &mut out),
                Err(_) => out.push(text.clone()),
            },
            other => string_leaves(other, &mut out),
        }
    }
    for case in doc["decode"].as_array().unwrap() {
        if case["envelope"] == "passthrough" {
            // Plain values written as decode inputs ("OK", a SEP number, ...);
            // cut ciphertexts under the rule's run are the residual, below.
            let ct = case["ciphertext"].as_str().unwrap();
            if !case["name"].as_str().unwrap().starts_with("cut_")
                && !case["name"].as_str().unwrap().starts_with("cipher_")
            {
                out.push(ct.to_owned());
            }
        }
        // low_redundancy_256kb is random base36 filler, not a BPJS value.
        let filler = case["name"].as_str().unwrap().starts_with("low_redundancy");
        if let Some(Ok(v)) = case["text"].as_str().filter(|_| !filler).map(serde_json::from_str::<Value>) {
            string_leaves(&v, &mut out);
        }
    }
    for case in doc["ciphertext_rule"].as_array().unwrap() {
        if case["ciphertext"] == false {
            out.push(case["response"].as_str().unwrap().to_owned());
        }
    }
    out
}

/// String literals of a Rust source file, unescaped well enough to
/// classify (`\n` becomes a newline, `\"` a quote, `\u{..}` its char).
fn rust_string_literals(src: &str) -> Vec<String> {
    let b: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            '/' if b.get(i + 1) == Some(&'/') => {
                while i < b.len() && b[i] != '\n' {
                    i += 1;
                }
            }
            '\'' => {
                // char literal ('"', '\'', 'x') or a lifetime
                if b.get(i + 1) == Some(&'\\') {
                    i += 2;
                    while i < b.len() && b[i] != '\'' {
                        i += 1;
                    }
                    i += 1;
                } else if b.get(i + 2) == Some(&'\'') {
                    i += 3;
                } else {
                    i += 1;
                }
            }
            'r' if matches!(b.get(i + 1), Some('#') | Some('"')) && (i == 0 || !b[i - 1].is_alphanumeric()) => {
                let mut j = i + 1;
                let mut hashes = 0;
                while b.get(j) == Some(&'#') {
                    hashes += 1;
                    j += 1;
                }
                if b.get(j) != Some(&'"') {
                    i += 1;
                    continue;
                }
                let start = j + 1;
                let mut k = start;
                while k < b.len() && !(b[k] == '"' && (0..hashes).all(|h| b.get(k + 1 + h) == Some(&'#'))) {
                    k += 1;
                }
                out.push(b[start..k.min(b.len())].iter().collect());
                i = k + 1 + hashes;
            }
            '"' => {
                let mut s = String::new();
                let mut k = i + 1;
                while k < b.len() && b[k] != '"' {
                    if b[k] == '\\' {
                        k += 1;
                        match b.get(k) {
                            Some('n') => s.push('\n'),
                            Some('r') => s.push('\r'),
                            Some('t') => s.push('\t'),
                            Some('\n') => {
                                while b.get(k + 1).is_some_and(|c| c.is_whitespace()) {
                                    k += 1;
                                }
                            }
                            Some('u') => {
                                let end = (k..b.len()).find(|&e| b[e] == '}').unwrap_or(k);
                                let hex: String = b[k + 2..end].iter().collect();
                                s.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
                                k = end;
                            }
                            Some(&c) => s.push(c),
                            None => {}
                        }
                    } else {
                        s.push(b[k]);
                    }
                    k += 1;
                }
                out.push(s);
                i = k + 1;
            }
            _ => i += 1,
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every string literal of the simulator (its sample data, its replies and
/// messages), except request paths and URLs (`/vclaim-rest/...`,
/// `http://...`) and the catalogue's endpoint names (`referensi.jadwal_dokter`):
/// those are what a client asks for, never a reply value,
/// and a whole `response` that is a path is taken for ciphertext
/// (docs/decoding.md, "Known limits").
fn simulator_values() -> Vec<String> {
    let mut files = Vec::new();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../sim/src"), &mut files);
    assert!(files.len() >= 10, "expected the simulator's sources, found {} files", files.len());
    let mut out = Vec::new();
    let mut requests = 0;
    let names: std::collections::HashSet<&str> =
        bpjs_codec::catalogue::catalogue().iter().map(|e| e.name.as_str()).collect();
    for file in files {
        let src = std::fs::read_to_string(&file).unwrap();
        let values = rust_string_literals(&src);
        for v in values {
            // The program's own help text (`bpjs-sim: ... usage: ...`) is printed
            // on a terminal, never sent as a reply.
            if v.starts_with('/') || v.contains("://") || names.contains(v.as_str()) || v.starts_with("bpjs-sim: ") {
                requests += 1;
                continue;
            }
            // A JSON literal: its values too.
            if let Ok(json) = serde_json::from_str::<Value>(&v) {
                string_leaves(&json, &mut out);
            }
            out.push(v);
        }
    }
    eprintln!("simulator: {requests} request paths and URLs left out");
    out
}

/// The endpoint survey (outside the repository: BPJS_ENDPOINT_SURVEY or
/// /work/shared/data/endpoints-survey.json). It records no reply values:
/// the strings of it that are BPJS's own words are the service and group
/// names, methods and request field names, and those are measured. The
/// surveyed libraries' method names (`faskesRujukanKhususSubSpesialis`)
/// and the survey's notes are not BPJS data (docs/decoding.md).
fn survey_values() -> Option<Vec<String>> {
    let path = std::env::var_os("BPJS_ENDPOINT_SURVEY")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/data/endpoints-survey.json"));
    let text = std::fs::read_to_string(path).ok()?;
    let doc: Value = serde_json::from_str(&text).ok()?;
    let mut out = Vec::new();
    for endpoint in doc["endpoints"].as_array()? {
        for (key, value) in endpoint.as_object()? {
            if ["service", "group", "method", "request_fields", "request_body"].contains(&key.as_str()) {
                string_leaves(value, &mut out);
            }
        }
    }
    Some(out)
}

#[test]
fn no_plain_value_is_taken_for_ciphertext() {
    let mut sources = vec![("vectors", vector_values()), ("simulator", simulator_values())];
    match survey_values() {
        Some(values) => sources.push(("survey", values)),
        None => eprintln!("endpoint survey not found: set BPJS_ENDPOINT_SURVEY to include it"),
    }
    for (name, mut values) in sources {
        values.sort();
        values.dedup();
        let longest = values.iter().filter(|v| !is_ciphertext(v)).map(|v| v.chars().count()).max().unwrap_or(0);
        let taken: Vec<&String> = values.iter().filter(|v| is_ciphertext(v)).collect();
        eprintln!(
            "{name}: {} distinct strings, {} taken for ciphertext, longest plain {longest} characters",
            values.len(),
            taken.len()
        );
        assert!(values.len() >= 40, "{name}: too few values ({}) to mean anything", values.len());
        assert!(taken.is_empty(), "{name}: plain values taken for ciphertext: {taken:?}");
    }
}

// ---------------------------------------------------------------------------
// Damage to real ciphertexts.

fn body(response: &str) -> String {
    format!(r#"{{"metaData":{{"code":"200","message":"OK"}},"response":{}}}"#, serde_json::to_string(response).unwrap())
}

/// BPJS-like replies whose ciphertexts are 32 to about 600 bytes, with
/// every `=` padding shape (none, `=`, `==`).
fn real_ciphertexts() -> Vec<String> {
    let texts = [
        r#"{"noSep":"0301R0011124V000123"}"#.to_owned(),
        r#"{"poli":[{"kode":"INT","nama":"PENYAKIT DALAM"}]}"#.to_owned(),
        r#"{"peserta":{"noKartu":"0001234567890","nama":"BUDI SANTOSO","sex":"L","tglLahir":"1980-01-01"}}"#
            .to_owned(),
        r#"{"list":[{"kode":"A00","nama":"Cholera"},{"kode":"A01","nama":"Typhoid and paratyphoid fevers"}]}"#.to_owned(),
        r#"{"jumlah_antrean":10,"sisa_antrean":4,"antreanpanggil":"A-6","keterangan":"Peserta harap 30 menit lebih awal"}"#
            .to_owned(),
        format!(
            "[{}]",
            (0..12)
                .map(|i| format!(r#"{{"kode":"K{i:02}","nama":"Kamar {i} Melati","tersedia":{}}}"#, i * 7 % 5))
                .collect::<Vec<_>>()
                .join(",")
        ),
    ];
    let pad = |ct: &str| ct.len() - ct.trim_end_matches('=').len();
    let mut out = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let ct = compress_and_encrypt(CONS_ID, SECRET, TS, text);
        assert!(ct.len() >= 44, "case {i}: {} characters is under 32 bytes", ct.len());
        out.push(ct);
    }
    // The shortest size the guarantees cover: 32 bytes (two blocks).
    let two_blocks = (1..=26)
        .map(|k| {
            compress_and_encrypt(
                CONS_ID,
                SECRET,
                TS,
                &format!(r#"{{"kode":"{}"}}"#, &"ABCDEFGHIJKLMNOPQRSTUVWXYZ"[..k]),
            )
        })
        .find(|ct| ct.len() == 44)
        .unwrap();
    out.push(two_blocks);
    // Make sure every padding shape is there: a SEP reply of growing length.
    for want in 0..=2 {
        if out.iter().all(|ct| pad(ct) != want) {
            let ct = (0..)
                .map(|n| compress_and_encrypt(CONS_ID, SECRET, TS, &format!(r#"{{"noSep":"0301R0011124V{n:06}"}}"#)))
                .chain((0..).map(|n| compress_and_encrypt(CONS_ID, SECRET, TS, &format!("\"{}\"", "x".repeat(20 + n)))))
                .find(|ct| pad(ct) == want)
                .unwrap();
            out.push(ct);
        }
    }
    let pads: Vec<usize> = out.iter().map(|ct| pad(ct)).collect();
    assert!(pads.contains(&0) && pads.contains(&1) && pads.contains(&2), "padding shapes {pads:?}");
    out
}

/// What a damaged copy gave: an error kind, the undamaged value (damage
/// only to bits base64 ignores, or to whitespace), or a failure of the rule.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Clone, Copy)]
enum Outcome {
    Error(&'static str),
    Identical,
    PassedThrough,
    DifferentSuccess,
}

fn outcome(damaged: &str, original: &str) -> Outcome {
    match process_wrapper(CONS_ID, SECRET, TS, body(damaged)) {
        Err(e) => Outcome::Error(e.kind().as_str()),
        Ok(Processed::Json(json)) if json == original => Outcome::Identical,
        Ok(Processed::Json(json)) if json == body(damaged) => Outcome::PassedThrough,
        Ok(_) => Outcome::DifferentSuccess,
    }
}

/// Characters a damaged copy may gain: all of base64, padding, whitespace,
/// the URL-safe pair, URL encoding, punctuation, a quote, non-ASCII.
const EXTRA_CHARS: &str = "-_%!.:\"\\é\u{0}\u{7f}= \t\r\n";

fn substitutes() -> Vec<char> {
    ('A'..='Z').chain('a'..='z').chain('0'..='9').chain(['+', '/']).chain(EXTRA_CHARS.chars()).collect()
}

fn tally(counts: &mut BTreeMap<Outcome, usize>, what: &str, damaged: &str, original: &str) {
    let got = outcome(damaged, original);
    assert!(!matches!(got, Outcome::PassedThrough | Outcome::DifferentSuccess), "{what}: {got:?} for {damaged:?}");
    *counts.entry(got).or_default() += 1;
}

#[test]
fn every_cut_keeping_22_characters_is_an_error() {
    let mut counts = BTreeMap::new();
    let mut residual = 0;
    for ct in real_ciphertexts() {
        let original = process_wrapper(CONS_ID, SECRET, TS, body(&ct)).unwrap().into_string();
        for n in 0..ct.len() {
            let cut = &ct[..n];
            if n < MIN_CIPHERTEXT_RUN {
                // The documented residual: as short as a plain identifier.
                assert!(!is_ciphertext(cut));
                residual += 1;
                continue;
            }
            assert!(is_ciphertext(cut), "{cut:?}");
            tally(&mut counts, "cut", cut, &original);
        }
        // Cutting from the front is damage too.
        for n in 1..ct.len() - MIN_CIPHERTEXT_RUN {
            tally(&mut counts, "front cut", &ct[n..], &original);
        }
    }
    eprintln!("cuts: {counts:?}; {residual} cuts under {MIN_CIPHERTEXT_RUN} characters pass through (residual)");
}

#[test]
fn every_single_character_deletion_substitution_insertion_is_an_error() {
    let subs = substitutes();
    let mut counts = BTreeMap::new();
    for ct in real_ciphertexts() {
        let original = process_wrapper(CONS_ID, SECRET, TS, body(&ct)).unwrap().into_string();
        let chars: Vec<char> = ct.chars().collect();
        for at in 0..chars.len() {
            let deleted: String = chars.iter().enumerate().filter(|(i, _)| *i != at).map(|(_, c)| c).collect();
            tally(&mut counts, "deletion", &deleted, &original);
            for &c in &subs {
                if c != chars[at] {
                    let mut replaced = chars.clone();
                    replaced[at] = c;
                    tally(&mut counts, "substitution", &replaced.iter().collect::<String>(), &original);
                }
            }
        }
        for at in 0..=chars.len() {
            for &c in &subs {
                let mut inserted = chars.clone();
                inserted.insert(at, c);
                tally(&mut counts, "insertion", &inserted.iter().collect::<String>(), &original);
            }
        }
    }
    let total: usize = counts.values().sum();
    eprintln!("single-character damage: {total} copies: {counts:?}");
    assert!(total > 50_000);
}

#[test]
fn transport_damage_is_an_error() {
    let mut counts = BTreeMap::new();
    let mut url_safe = 0;
    for i in 0..300 {
        let text = format!(r#"{{"urut":{i},"nama":"Poli Penyakit Dalam","kode":"INT{}"}}"#, "x".repeat(i % 40));
        let ct = compress_and_encrypt(CONS_ID, SECRET, TS, &text);
        let original = process_wrapper(CONS_ID, SECRET, TS, body(&ct)).unwrap().into_string();
        if ct.contains(['+', '/']) {
            url_safe += 1;
            tally(&mut counts, "url-safe", &ct.replace('+', "-").replace('/', "_"), &original);
            tally(
                &mut counts,
                "url-encoded",
                &ct.replace('+', "%2B").replace('/', "%2F").replace('=', "%3D"),
                &original,
            );
        }
        if ct.contains('+') {
            tally(&mut counts, "plus as space", &ct.replace('+', " "), &original);
        }
        // A wrapped copy is not damage: it decodes to the same value.
        let wrapped: Vec<String> = ct.as_bytes().chunks(64).map(|c| String::from_utf8_lossy(c).into_owned()).collect();
        assert_eq!(outcome(&wrapped.join("\r\n"), &original), Outcome::Identical);
    }
    eprintln!("transport damage over {url_safe} ciphertexts with + or /: {counts:?}");
}

#[test]
fn measured_sets_are_what_the_doc_says() {
    // docs/decoding.md quotes these sizes.
    assert_eq!(substitutes().len(), 80);
    let sizes: Vec<usize> = real_ciphertexts().iter().map(|ct| ct.trim_end_matches('=').len() * 3 / 4).collect();
    eprintln!("real ciphertexts, bytes: {sizes:?}");
    assert_eq!(sizes.len(), 8);
    assert!(sizes.iter().all(|&n| n >= 32) && sizes.contains(&32));
}
