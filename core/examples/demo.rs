//! `make demo` (core part): the headers each service gets, and one response
//! encrypted the way BPJS does it, decoded back through `process_wrapper`.
//! Sensitive header values are shown redacted, as everywhere in this project.

use bpjs_codec::{
    build_headers, compress_and_encrypt, metadata_from_str, process_wrapper, Credentials, HeaderRequest, Service,
    Timestamp,
};

fn main() -> Result<(), bpjs_codec::Error> {
    let creds = Credentials::new("31337", "demo-secret").with_user_key("demo-user-key").with_login("dokter", "rahasia");
    let timestamp = Timestamp::now();
    for service in Service::ALL {
        let headers = build_headers(&HeaderRequest::new(service, &creds).timestamp(timestamp.clone()))?;
        println!("{:<12} {:?}", service.name(), headers);
    }

    let ts = timestamp.as_str();
    let poli = r#"{"poli":[{"kode":"INT","nama":"PENYAKIT DALAM"},{"kode":"ANA","nama":"ANAK 🧒"}]}"#;
    let body = format!(
        r#"{{"metaData":{{"code":"200","message":"Sukses"}},"response":"{}"}}"#,
        compress_and_encrypt("31337", "demo-secret", ts, poli)
    );
    println!("\nencrypted body : {} bytes", body.len());
    let decoded = process_wrapper("31337", "demo-secret", ts, &body)?;
    println!("decoded        : {}", decoded.as_str());
    let meta = metadata_from_str(decoded.as_str());
    println!("metadata       : code={:?} message={:?} ok={}", meta.code, meta.message, meta.ok);
    Ok(())
}
