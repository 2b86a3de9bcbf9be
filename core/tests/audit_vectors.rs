//! Runs every case of tests/vectors/audit.json (written by audit.mjs, loaded
//! by the Python, PHP and Node suites too) through the core's JSON-level
//! audit API, the one the bindings call.

mod common;

use bpjs_codec::audit::{
    audit_record_json, canonical_json, derive_hash_key, payload_hash_json, redact_json, resend_outcome_json,
    resend_plan_json, retry_decision_json, send_state_json, stale_limits_json,
};
use bpjs_codec::Error;
use serde_json::{Map, Value};

fn load() -> Value {
    common::load_vectors("BPJS_AUDIT_VECTORS", "audit.json")
}

fn cases<'a>(doc: &'a Value, name: &str) -> &'a [Value] {
    let list = doc[name].as_array().unwrap_or_else(|| panic!("section {name}"));
    assert!(!list.is_empty(), "section {name} is empty");
    list
}

fn parse(text: &Value) -> Value {
    serde_json::from_str(text.as_str().expect("JSON text")).expect("valid JSON text")
}

/// The attempt as a host passes it: `*_json` keys parsed, suffix dropped.
fn host_attempt(attempt: &Value) -> Value {
    let mut out = Map::new();
    for (key, value) in attempt.as_object().expect("attempt object") {
        match key.strip_suffix("_json") {
            Some(plain) => out.insert(plain.to_owned(), parse(value)),
            None => out.insert(key.clone(), value.clone()),
        };
    }
    Value::Object(out)
}

fn expect_error(case: &Value, result: Result<Value, Error>) {
    let err = result.expect_err(case["name"].as_str().unwrap());
    assert_eq!(err.kind().as_str(), case["error"], "{}: {err}", case["name"]);
}

#[test]
fn canonical_and_hash() {
    let doc = load();
    let key = doc["hash_key"].as_str().expect("hash_key");
    for case in cases(&doc, "canonical") {
        let value = parse(&case["json"]);
        assert_eq!(canonical_json(&value), case["canonical"], "{}", case["name"]);
        assert_eq!(payload_hash_json(&value, key).unwrap(), case["hash"], "{}", case["name"]);
    }
}

#[test]
fn hash_keys() {
    let doc = load();
    for case in cases(&doc, "hash_keys") {
        let derived = derive_hash_key(case["secret"].as_str().unwrap()).unwrap();
        assert_eq!(derived, case["hash_key"], "{}", case["name"]);
    }
    for case in cases(&doc, "hash_key_errors") {
        let result = match (case.get("hash_key"), case.get("secret")) {
            (Some(key), None) => payload_hash_json(&Value::Null, key.as_str().unwrap()).map(Value::String),
            (None, Some(secret)) => derive_hash_key(secret.as_str().unwrap()).map(Value::String),
            _ => panic!("{}: give hash_key or secret", case["name"]),
        };
        expect_error(case, result);
    }
}

#[test]
fn redact() {
    let doc = load();
    for case in cases(&doc, "redact") {
        let out = redact_json(&parse(&case["json"]), case.get("options")).unwrap();
        assert_eq!(out, case["expected"], "{}", case["name"]);
    }
    for case in cases(&doc, "redact_errors") {
        expect_error(case, redact_json(&Value::Null, case.get("options")));
    }
}

#[test]
fn retry() {
    let doc = load();
    for case in cases(&doc, "retry") {
        let out = retry_decision_json(&case["attempt"], case.get("policy")).unwrap();
        assert_eq!(out["retry"], case["expected"]["retry"], "{}", case["name"]);
        assert_eq!(out["delay_secs"], case["expected"]["delay_secs"], "{}", case["name"]);
        assert!(out["reason"].as_str().is_some_and(|r| !r.is_empty()), "{}", case["name"]);
    }
    for case in cases(&doc, "retry_errors") {
        expect_error(case, retry_decision_json(&case["attempt"], case.get("policy")));
    }
}

#[test]
fn record() {
    let doc = load();
    let columns: Vec<&str> = doc["columns"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    for case in cases(&doc, "record") {
        let name = case["name"].as_str().unwrap();
        let row = audit_record_json(&host_attempt(&case["attempt"]), case.get("options")).unwrap();
        let keys: Vec<&str> = row.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, columns, "{name}: row columns");
        for (column, want) in case["expected"].as_object().unwrap() {
            // `<column>_text`: the stored text exactly, as a host reads it back.
            if let Some(column) = column.strip_suffix("_text") {
                assert_eq!(&row[column], want, "{name}: text of column {column}");
                continue;
            }
            let got = match (column.as_str(), &row[column]) {
                ("request_payload" | "response_body_json", Value::String(text)) => serde_json::from_str(text).unwrap(),
                (_, got) => got.clone(),
            };
            // Numbers compare by value (65.0 == 65), as in every host.
            assert_eq!(canonical_json(&got), canonical_json(want), "{name}: column {column}");
        }
    }
    for case in cases(&doc, "record_errors") {
        expect_error(case, audit_record_json(&case["attempt"], case.get("options")));
    }
}

/// `expected` lists some keys (nested objects too): each must match exactly.
fn assert_subset(got: &Value, expected: &Value, path: &str) {
    match expected {
        Value::Object(want) => {
            for (key, value) in want {
                let got = got.get(key).unwrap_or_else(|| panic!("{path}.{key} is missing in {got}"));
                assert_subset(got, value, &format!("{path}.{key}"));
            }
        }
        want => assert_eq!(got, want, "{path}"),
    }
}

#[test]
fn send_state() {
    let doc = load();
    for case in cases(&doc, "send_state") {
        let out = send_state_json(&case["row"], &case["attempt"], case.get("policy")).unwrap();
        assert_subset(&out, &case["expected"], case["name"].as_str().unwrap());
        assert!(out["reason"].as_str().is_some_and(|r| !r.is_empty()), "{}", case["name"]);
    }
    for case in cases(&doc, "send_state_errors") {
        expect_error(case, send_state_json(&case["row"], &case["attempt"], case.get("policy")));
    }
}

#[test]
fn resend_plan() {
    let doc = load();
    for case in cases(&doc, "resend_plan") {
        let out = resend_plan_json(&case["row"], case.get("context")).unwrap();
        assert_subset(&out, &case["expected"], case["name"].as_str().unwrap());
        // Every plan has the documented keys in the documented order (the
        // PHP and Node suites compare the order too).
        let keys: Vec<&str> = out.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["action", "result", "method", "endpoint", "body", "shown_endpoint", "switched_to", "state", "reason"],
            "{}",
            case["name"]
        );
    }
    for case in cases(&doc, "resend_plan_errors") {
        expect_error(case, resend_plan_json(&case["row"], case.get("context")));
    }
}

#[test]
fn resend_outcome() {
    let doc = load();
    for case in cases(&doc, "resend_outcome") {
        let out = resend_outcome_json(&case["row"], &case["plan"], &case["attempt"], case.get("policy")).unwrap();
        assert_subset(&out, &case["expected"], case["name"].as_str().unwrap());
    }
    for case in cases(&doc, "resend_outcome_errors") {
        expect_error(case, resend_outcome_json(&case["row"], &case["plan"], &case["attempt"], case.get("policy")));
    }
}

#[test]
fn stale_limits() {
    let doc = load();
    for case in cases(&doc, "stale_limits") {
        let out = stale_limits_json(case.get("settings")).unwrap();
        assert_eq!(out, case["expected"], "{}", case["name"]);
    }
    for case in cases(&doc, "stale_limits_errors") {
        expect_error(case, stale_limits_json(case.get("settings")));
    }
}
