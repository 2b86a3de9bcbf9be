//! Decompression bombs (the `bombs` section of tests/vectors/vectors.json: a
//! few KB that expand to 16 and 64 Mi units) stop with `output_limit`, and
//! the heap never holds more than twice the cap's worth of output.
//!
//! The cap counts UTF-16 code units (lz-string's output), 2 bytes each, so a
//! full output at the cap is 2 x max_output bytes and "twice the cap" is a
//! heap peak of 4 x max_output bytes. The decoder grows its buffer in steps
//! of max/4^k, landing on the cap and never past it; the peak is the last
//! step, when the old (a quarter) and the new block exist together: 1.25x. Measured with a counting allocator (exact,
//! unlike RSS on a shared machine); the hosts check RSS the same way.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

mod common;

use bpjs_codec::{decrypt_and_decompress_with, lz_decompress_with, process_wrapper_with, ErrorKind, Limits};
use serde_json::Value;

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Tests in this file measure one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let now = CURRENT.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size - layout.size();
                // A moving realloc holds both blocks for a moment.
                PEAK.fetch_max(now + layout.size(), Ordering::Relaxed);
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Bytes of heap in use at the peak of `f`, above what was in use before.
fn peak_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = CURRENT.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let out = f();
    (out, PEAK.load(Ordering::Relaxed) - before)
}

fn bombs() -> Vec<Value> {
    let doc = common::load_vectors("BPJS_VECTORS", "vectors.json");
    let list = doc["bombs"].as_array().expect("bombs section").clone();
    assert!(!list.is_empty());
    list
}

fn cap(case: &Value) -> usize {
    case["max_output"].as_u64().map_or(bpjs_codec::DEFAULT_MAX_OUTPUT, |n| n as usize)
}

#[test]
fn every_decoder_stops_a_bomb_within_twice_the_cap() {
    let _serial = SERIAL.lock().unwrap();
    for case in bombs() {
        let name = case["name"].as_str().unwrap();
        let (limits, budget) = (Limits::new(cap(&case)), 2 * 2 * cap(&case));
        assert!(case["expands_to"].as_u64().unwrap() as usize > cap(&case), "{name}: not a bomb");
        let (cons, secret, ts) = (case["cons_id"].as_str().unwrap(), case["secret"].as_str().unwrap(), "");
        let ts = case["timestamp"].as_str().unwrap_or(ts);
        let ciphertext = case["ciphertext"].as_str().unwrap();
        let body = format!(r#"{{"metaData":{{"code":"200","message":"OK"}},"response":"{ciphertext}"}}"#);

        let (result, peak) = peak_during(|| lz_decompress_with(case["lz"].as_str().unwrap(), &limits));
        assert_eq!(result.unwrap_err().kind(), ErrorKind::OutputLimit, "{name}: lz");
        assert!(peak <= budget, "{name}: lz_decompress peaked at {peak} bytes, budget {budget}");
        eprintln!("{name}: lz_decompress peak {peak} B, {:.2}x the cap's size", peak as f64 / (2 * cap(&case)) as f64);

        let (result, peak) = peak_during(|| decrypt_and_decompress_with(cons, secret, ts, ciphertext, &limits));
        assert_eq!(result.unwrap_err().kind(), ErrorKind::OutputLimit, "{name}: decrypt_and_decompress");
        assert!(peak <= budget, "{name}: decrypt_and_decompress peaked at {peak} bytes, budget {budget}");

        let (result, peak) = peak_during(|| process_wrapper_with(cons, secret, ts, &body, &limits));
        assert_eq!(result.unwrap_err().kind(), ErrorKind::OutputLimit, "{name}: process_wrapper");
        assert!(peak <= budget, "{name}: process_wrapper peaked at {peak} bytes, budget {budget}");
        eprintln!(
            "{name}: process_wrapper peak {peak} B, {:.2}x the cap's size",
            peak as f64 / (2 * cap(&case)) as f64
        );
    }
}
