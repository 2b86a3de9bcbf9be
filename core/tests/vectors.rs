//! Runs every case of tests/vectors/vectors.json, the conformance file the
//! Python, PHP and Node suites load too. Expectations follow the decoding
//! policy (SPEC section 3); see tests/vectors/README.md for the schema.

mod common;

use bpjs_codec::ciphertext::is_ciphertext;
use bpjs_codec::{
    build_headers, decrypt, decrypt_and_decompress_with, lz_decompress_with, metadata, metadata_from_str,
    process_wrapper_with, Credentials, Error, HeaderRequest, Limits, Method, Processed, Service, Timestamp,
};
use serde_json::Value;

fn load() -> Value {
    common::load_vectors("BPJS_VECTORS", "vectors.json")
}

fn section<'a>(doc: &'a Value, name: &str) -> &'a [Value] {
    doc[name].as_array().unwrap_or_else(|| panic!("section {name}"))
}

fn s<'a>(case: &'a Value, key: &str) -> &'a str {
    case[key].as_str().unwrap_or_else(|| panic!("{}: field {key}", case["name"]))
}

fn limits(case: &Value) -> Limits {
    case.get("max_output").and_then(Value::as_u64).map_or_else(Limits::default, |n| Limits::new(n as usize))
}

/// Secrets of a case that must never appear in an error message or Debug.
fn assert_no_secret(case: &Value, err: &Error) {
    let shown = format!("{err} {err:?}");
    for key in ["secret", "user_key", "password"] {
        if let Some(secret) = case.get(key).and_then(Value::as_str).filter(|v| v.len() >= 4) {
            assert!(!shown.contains(secret), "{}: error shows the {key}: {shown}", case["name"]);
        }
    }
}

fn check_result(case: &Value, result: Result<String, Error>, what: &str) {
    let name = &case["name"];
    match (case.get("text").and_then(Value::as_str), case.get("error").and_then(Value::as_str), result) {
        (Some(text), _, Ok(got)) => assert!(got == text, "{name}: {what} decoded text differs"),
        (_, Some(kind), Err(err)) => {
            assert_eq!(err.kind().as_str(), kind, "{name}: {what}: {err}");
            assert_no_secret(case, &err);
        }
        (_, _, Ok(_)) => panic!("{name}: {what} succeeded, expected {:?}", case["error"]),
        (_, _, Err(err)) => panic!("{name}: {what} failed with {err}, expected success"),
    }
}

/// Runs `check` on every case and reports all failing cases at once.
fn each_case(cases: &[Value], check: impl Fn(&Value)) {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(case)))
                .err()
                .map(|e| e.downcast_ref::<String>().cloned().unwrap_or_else(|| format!("{}: failed", case["name"])))
        })
        .collect();
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn decode_cases() {
    let doc = load();
    let cases = section(&doc, "decode");
    assert!(cases.len() >= 40, "expected at least 40 decode cases, found {}", cases.len());
    each_case(cases, |case| {
        let (cons_id, secret, ts) = (s(case, "cons_id"), s(case, "secret"), s(case, "timestamp"));
        let ciphertext = s(case, "ciphertext");
        let limits = limits(case);
        check_result(
            case,
            decrypt_and_decompress_with(cons_id, secret, ts, ciphertext, &limits),
            "decrypt_and_decompress",
        );

        if let Some(plaintext) = case.get("plaintext").and_then(Value::as_str) {
            let got = decrypt(&format!("{cons_id}{secret}{ts}"), ciphertext).expect("AES layer succeeds");
            assert!(got == plaintext, "{}: decrypt() plaintext differs", case["name"]);
            check_result(case, lz_decompress_with(plaintext, &limits), "lz_decompress");
        }
        if let Some(kind) = case.get("decrypt_error").and_then(Value::as_str) {
            let err = decrypt(&format!("{cons_id}{secret}{ts}"), ciphertext).expect_err("decrypt() fails");
            assert_eq!(err.kind().as_str(), kind, "{}: decrypt(): {err}", case["name"]);
        }

        let body = format!(
            r#"{{"metaData":{{"code":"200","message":"OK"}},"response":{}}}"#,
            serde_json::to_string(ciphertext).unwrap()
        );
        let processed = process_wrapper_with(cons_id, secret, ts, &body, &limits);
        match (s(case, "envelope"), processed) {
            ("decoded", Ok(Processed::Json(json))) => {
                let got: Value = serde_json::from_str(&json).unwrap();
                let want: Value = serde_json::from_str(s(case, "text")).unwrap();
                assert_eq!(got["response"], want, "{}: envelope response", case["name"]);
                assert_eq!(got["metaData"]["code"], "200");
            }
            ("passthrough", Ok(Processed::Json(json))) => assert_eq!(json, body, "{}", case["name"]),
            (kind, Err(err)) => {
                assert_eq!(err.kind().as_str(), kind, "{}: process_wrapper: {err}", case["name"]);
                assert_no_secret(case, &err);
            }
            (want, Ok(got)) => panic!("{}: process_wrapper gave {got:?}, expected {want}", case["name"]),
        }
    });
}

#[test]
fn lz_cases() {
    let doc = load();
    each_case(section(&doc, "lz"), |case| {
        check_result(case, lz_decompress_with(s(case, "input"), &limits(case)), "lz_decompress");
    });
}

#[test]
fn envelope_cases() {
    let doc = load();
    each_case(section(&doc, "envelopes"), |case| {
        let name = &case["name"];
        let result = process_wrapper_with(
            s(case, "cons_id"),
            s(case, "secret"),
            s(case, "timestamp"),
            s(case, "body"),
            &Limits::default(),
        );
        let want = &case["result"];
        match result {
            Ok(Processed::Json(text)) => {
                let got: Value = serde_json::from_str(&text).expect("Processed::Json is JSON");
                assert_eq!(Some(&got), want.get("json"), "{name}");
                // Key order is part of the contract: compare serialisations.
                assert_eq!(got.to_string(), want["json"].to_string(), "{name}: key order");
            }
            Ok(Processed::Text(text)) => assert_eq!(Some(text.as_str()), want["text"].as_str(), "{name}"),
            Err(err) => {
                assert_eq!(Some(err.kind().as_str()), want["error"].as_str(), "{name}: {err}");
                assert_no_secret(case, &err);
            }
        }
    });
}

#[test]
fn metadata_cases() {
    let doc = load();
    each_case(section(&doc, "metadata"), |case| {
        let input = &case["input"];
        let got = match input {
            Value::String(text) => metadata_from_str(text),
            other => metadata(other),
        };
        let want = &case["expected"];
        assert_eq!(got.code, want["code"].as_i64(), "{}", case["name"]);
        assert_eq!(got.message.as_deref(), want["message"].as_str(), "{}", case["name"]);
        assert_eq!(Some(got.ok), want["ok"].as_bool(), "{}", case["name"]);
    });
}

#[test]
fn header_cases() {
    let doc = load();
    each_case(section(&doc, "headers"), |case| {
        let name = &case["name"];
        let c = &case["credentials"];
        let opt = |k: &str| c.get(k).and_then(Value::as_str).map(str::to_owned);
        let creds = Credentials {
            cons_id: opt("cons_id").unwrap_or_default(),
            secret: opt("secret").unwrap_or_default(),
            user_key: opt("user_key"),
            username: opt("username"),
            password: opt("password"),
            app_code: opt("app_code"),
        };
        let service: Service = s(case, "service").parse().unwrap();
        let mut request =
            HeaderRequest::new(service, &creds).timestamp(Timestamp::parse(s(case, "timestamp")).unwrap());
        if let Some(method) = case.get("method").and_then(Value::as_str) {
            request = request.method(method.parse::<Method>().unwrap());
        }
        match (build_headers(&request), case.get("expected")) {
            (Ok(headers), Some(Value::Object(want))) => {
                let got: Vec<(&str, &str)> = headers.iter().collect();
                let want: Vec<(&str, &str)> = want.iter().map(|(k, v)| (k.as_str(), v.as_str().unwrap())).collect();
                assert_eq!(got, want, "{name}");
            }
            (Err(err), None) => {
                assert_eq!(err.kind().as_str(), s(case, "error"), "{name}");
                assert!(err.message().starts_with(s(case, "error_field")), "{name}: {err}");
                let shown = format!("{err} {err:?}");
                for secret in
                    [&creds.secret, creds.user_key.as_deref().unwrap_or(""), creds.password.as_deref().unwrap_or("")]
                {
                    assert!(secret.len() < 4 || !shown.contains(secret), "{name}: error shows a secret");
                }
            }
            (got, _) => panic!("{name}: unexpected {got:?}"),
        }
    });
}

#[test]
fn ciphertext_rule_cases() {
    let doc = load();
    let cases = section(&doc, "ciphertext_rule");
    assert!(cases.iter().any(|c| c["ciphertext"] == true) && cases.iter().any(|c| c["ciphertext"] == false));
    each_case(cases, |case| {
        let want = case["ciphertext"].as_bool().expect("ciphertext is a bool");
        assert_eq!(is_ciphertext(s(case, "response")), want, "{}", case["name"]);
    });
}

/// The canary section: each call fails with its kind, and nothing the error
/// shows (message, Display, Debug) contains a forbidden string.
#[test]
fn canary_cases() {
    let doc = load();
    let forbidden: Vec<&str> =
        doc["canary"]["forbidden"].as_array().expect("canary.forbidden").iter().filter_map(Value::as_str).collect();
    assert!(!forbidden.is_empty());
    let cases = doc["canary"]["cases"].as_array().expect("canary.cases");
    assert!(cases.len() >= 10, "expected at least 10 canary cases, found {}", cases.len());
    each_case(cases, |case| {
        let name = &case["name"];
        let (cons_id, secret, ts) = (s(case, "cons_id"), s(case, "secret"), s(case, "timestamp"));
        let input = s(case, "input");
        let limits = limits(case);
        let result: Result<(), Error> = match s(case, "call") {
            "process_wrapper" => process_wrapper_with(cons_id, secret, ts, input, &limits).map(drop),
            "decrypt_and_decompress" => decrypt_and_decompress_with(cons_id, secret, ts, input, &limits).map(drop),
            "decrypt" => decrypt(&format!("{cons_id}{secret}{ts}"), input).map(drop),
            "lz_decompress" => lz_decompress_with(input, &limits).map(drop),
            "build_headers" => input.parse::<Service>().and_then(|service| {
                let creds = Credentials::new(cons_id, secret).with_user_key(s(case, "user_key"));
                build_headers(&HeaderRequest::new(service, &creds).timestamp(Timestamp::parse(ts)?)).map(drop)
            }),
            other => panic!("{name}: unknown call {other}"),
        };
        let err = result.expect_err("the call fails");
        assert_eq!(err.kind().as_str(), s(case, "error"), "{name}: {err}");
        let shown = format!("{err} | {err:?} | {}", err.message());
        for value in &forbidden {
            assert!(!shown.contains(value), "{name}: the error shows {value:?}: {shown}");
        }
        assert_no_secret(case, &err);
    });
}

#[test]
fn request_cases() {
    let doc = load();
    let forbidden: Vec<String> = doc["canary"]["forbidden"]
        .as_array()
        .expect("canary.forbidden")
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    each_case(section(&doc, "requests"), |case| {
        let name = &case["name"];
        let params = case["params"].to_string();
        let result = bpjs_codec::catalogue::build_request_json(s(case, "service"), s(case, "endpoint"), &params);
        match (case.get("expected"), result) {
            (Some(expected), Ok(answer)) => {
                let answer: Value = serde_json::from_str(&answer).unwrap();
                assert_eq!(answer["method"], expected["method"], "{name}");
                assert_eq!(answer["path"], expected["path"], "{name}");
            }
            (None, Err(err)) => {
                assert_eq!(err.kind().as_str(), s(case, "error"), "{name}: {err}");
                let shown = format!("{err} {err:?}");
                if let Some(param) = case.get("error_names").and_then(Value::as_str) {
                    assert!(shown.contains(&format!("`{param}`")), "{name}: does not name {param}: {shown}");
                }
                for word in &forbidden {
                    assert!(!shown.contains(word.as_str()), "{name}: the error repeats {word}: {shown}");
                }
                for value in case["params"].as_object().unwrap().values().filter_map(Value::as_str) {
                    if value.len() >= 3 && !value.bytes().all(|b| b == b'.') {
                        assert!(!shown.contains(value), "{name}: the error repeats a value: {shown}");
                    }
                }
            }
            (Some(_), Err(err)) => panic!("{name}: failed with {err}, expected a request"),
            (None, Ok(answer)) => panic!("{name}: built {answer}, expected {}", case["error"]),
        }
    });
}
