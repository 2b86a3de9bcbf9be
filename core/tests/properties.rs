//! Property tests: round trips for arbitrary text, and no panic for any input
//! to any public decoding function.

use bpjs_codec::{
    compress_and_encrypt, decrypt, decrypt_and_decompress, decrypt_and_decompress_with, lz_compress, lz_decompress,
    lz_decompress_with, metadata_from_str, process_wrapper, process_wrapper_with, ErrorKind, Limits,
};
use proptest::prelude::*;

const CONS_ID: &str = "1000";
const SECRET: &str = "pr0p-S3cret";

fn uri_safe_text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[A-Za-z0-9+$ -]{0,200}").unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    #[test]
    fn round_trip_any_unicode(text in any::<String>(), ts in 0u64..=u64::MAX) {
        let ts = ts.to_string();
        let ciphertext = compress_and_encrypt(CONS_ID, SECRET, &ts, &text);
        prop_assert_eq!(decrypt_and_decompress(CONS_ID, SECRET, &ts, &ciphertext).unwrap(), text);
    }

    #[test]
    fn round_trip_lz_layer(text in "\\PC{0,300}") {
        prop_assert_eq!(lz_decompress(lz_compress(&text)).unwrap(), text);
    }

    /// Arbitrary UTF-16, lone surrogates included: the decoder agrees with
    /// the reference up to the U+FFFD replacement the policy asks for.
    #[test]
    fn arbitrary_utf16_matches_lossy(units in proptest::collection::vec(any::<u16>(), 0..300)) {
        let compressed = lz_str::compress_to_encoded_uri_component(&units[..]);
        prop_assert_eq!(lz_decompress(&compressed).unwrap(), String::from_utf16_lossy(&units));
    }

    /// Our decoder and lz-str agree on every stream lz-string produces.
    #[test]
    fn agrees_with_lz_str(text in "\\PC{0,400}") {
        let compressed = lz_compress(&text);
        let theirs = lz_str::decompress_from_encoded_uri_component(&compressed).map(|u| String::from_utf16_lossy(&u));
        prop_assert_eq!(Some(lz_decompress(&compressed).unwrap()), theirs);
    }

    #[test]
    fn cap_is_exact(text in "[a-z\u{e9}\u{1F3E5}]{1,200}") {
        let compressed = lz_compress(&text);
        let units = text.encode_utf16().count();
        prop_assert_eq!(lz_decompress_with(&compressed, &Limits::new(units)).unwrap(), text);
        let err = lz_decompress_with(&compressed, &Limits::new(units - 1)).unwrap_err();
        prop_assert_eq!(err.kind(), ErrorKind::OutputLimit);
    }

    #[test]
    fn no_panic_on_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600), cap in 0usize..5000) {
        let text = String::from_utf8_lossy(&bytes);
        let limits = Limits::new(cap);
        let _ = decrypt("1000secret1", &bytes);
        let _ = lz_decompress(&bytes);
        let _ = lz_decompress_with(&bytes, &limits);
        let _ = decrypt_and_decompress(CONS_ID, SECRET, "1", &bytes);
        let _ = decrypt_and_decompress_with(CONS_ID, SECRET, "1", &bytes, &limits);
        let _ = process_wrapper(CONS_ID, SECRET, "1", &*text);
        let _ = process_wrapper_with(CONS_ID, SECRET, "1", &*text, &limits);
        let _ = metadata_from_str(&text);
    }

    /// Random streams in the alphabet: only lz error kinds, and never more
    /// output than the cap.
    #[test]
    fn random_streams_fail_cleanly(text in uri_safe_text(), cap in 1usize..10_000) {
        match lz_decompress_with(&text, &Limits::new(cap)) {
            Ok(out) => prop_assert!(out.encode_utf16().count() <= cap),
            Err(e) => prop_assert!(matches!(
                e.kind(),
                ErrorKind::LzEmpty | ErrorKind::LzTruncated | ErrorKind::LzCorrupt | ErrorKind::OutputLimit
            ), "{e}"),
        }
    }

    /// Random encrypted payloads: every failure has a documented kind, and
    /// an envelope around them either decodes, passes through, or fails with one.
    #[test]
    fn random_envelopes(payload in proptest::collection::vec(any::<u8>(), 0..200), ts in 0u64..10) {
        let ts = ts.to_string();
        let ciphertext = bpjs_codec::encrypt(CONS_ID, SECRET, &ts, &payload);
        let body = format!(r#"{{"metaData":{{"code":"200"}},"response":"{ciphertext}"}}"#);
        if let Err(e) = process_wrapper(CONS_ID, SECRET, &ts, &body) {
            prop_assert!(!matches!(e.kind(), ErrorKind::Base64 | ErrorKind::CipherLength | ErrorKind::Config), "{e}");
        }
    }
}
