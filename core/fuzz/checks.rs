// The property each fuzz target checks, one function per target. Included by
// the targets in fuzz_targets/ (run by cargo fuzz on nightly) and by
// core/tests/fuzz_regressions.rs, which replays the committed seeds and every
// input that once failed on stable, in `make test`.

use bpjs_codec::audit::{
    audit_record_json, canonical_json, payload_hash_json, redact_json, resend_outcome_json, resend_plan_json,
    retry_decision_json, send_state_json, stale_limits_json,
};
use bpjs_codec::{
    decrypt_and_decompress_with, encrypt, lz_decompress_with, metadata_from_str, process_wrapper_with, ErrorKind,
    Limits,
};

/// Any bytes, any cap: an error with a documented kind or output within the cap.
pub fn check_lz_decompress(data: &[u8]) {
    // The first two bytes choose a cap, so the fuzzer explores the limit too.
    let (cap, text) = match data {
        [a, b, rest @ ..] => (usize::from(u16::from_le_bytes([*a, *b])) * 16, rest),
        _ => (1024, data),
    };
    match lz_decompress_with(text, &Limits::new(cap)) {
        Ok(out) => assert!(out.encode_utf16().count() <= cap),
        Err(e) => assert!(ErrorKind::ALL.contains(&e.kind())),
    }
}

/// Arbitrary ciphertext, and arbitrary lz text behind a valid AES layer.
pub fn check_decrypt_and_decompress(data: &[u8]) {
    let limits = Limits::new(1 << 20);
    let _ = decrypt_and_decompress_with("1000", "fuzz", "1", data, &limits);
    // Get past AES so the fuzzer reaches the lz layer.
    let ciphertext = encrypt("1000", "fuzz", "1", data);
    if let Ok(text) = decrypt_and_decompress_with("1000", "fuzz", "1", &ciphertext, &limits) {
        assert!(text.encode_utf16().count() <= 1 << 20);
    }
}

/// Arbitrary bodies (raw bytes: BOM, invalid UTF-8), and envelopes around
/// arbitrary encrypted payloads.
pub fn check_process_wrapper(data: &[u8]) {
    let limits = Limits::new(1 << 20);
    if let Ok(processed) = process_wrapper_with("1000", "fuzz", "1", data, &limits) {
        let _ = metadata_from_str(processed.as_str());
    }
    let ciphertext = encrypt("1000", "fuzz", "1", data);
    let envelope = format!(r#"{{"metaData":{{"code":"200"}},"response":"{ciphertext}"}}"#);
    let _ = process_wrapper_with("1000", "fuzz", "1", &envelope, &limits);
}

/// Any text as an envelope's status: never a panic, `ok` only for code 200 or 1.
pub fn check_metadata(data: &[u8]) {
    let meta = metadata_from_str(&String::from_utf8_lossy(data));
    assert_eq!(meta.ok, matches!(meta.code, Some(200) | Some(1)));
}

/// Any JSON document as an audit attempt, options, value or retry input:
/// a row, a decision or a `config` error, and hashing is stable.
pub fn check_audit(data: &[u8]) {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else { return };
    let options = value.get("options");
    for result in [
        audit_record_json(&value, options),
        redact_json(&value, options),
        retry_decision_json(&value, value.get("policy")),
        send_state_json(&value["row"], &value["attempt"], value.get("policy")),
        resend_plan_json(&value["row"], value.get("context")),
        resend_outcome_json(&value["row"], &value["plan"], &value["attempt"], value.get("policy")),
        stale_limits_json(value.get("settings")),
    ] {
        if let Err(e) = result {
            assert_eq!(e.kind(), ErrorKind::Config, "{e}");
        }
    }
    let canonical = canonical_json(&value);
    let reparsed: serde_json::Value = serde_json::from_str(&canonical).expect("canonical JSON parses");
    assert_eq!(canonical_json(&reparsed), canonical);
    let key = "fuzz-hash-key-0123";
    assert_eq!(payload_hash_json(&reparsed, key).ok(), payload_hash_json(&value, key).ok());
}
