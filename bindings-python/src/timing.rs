//! For `make bench` only: times the core itself, in this same compiled
//! artefact, without any Python in the loop, so the benchmark can state the
//! binding's overhead on the same input. Not part of the API.

use std::time::Instant;

use bpjs_codec::Limits;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;

use crate::errors::IntoPyResult;

/// Seconds per call of a core function, `iterations` times, GIL released.
///
/// ``function``: ``decrypt_and_decompress``, ``process_wrapper`` (text out),
/// or ``process_wrapper+value`` (also parsed to a serde_json tree, the Rust
/// counterpart of getting Python objects).
#[pyfunction]
#[pyo3(name = "_native_timing", signature = (function, cons_id, secret, timestamp, data, iterations))]
pub(crate) fn native_timing(
    py: Python<'_>,
    function: PyBackedStr,
    cons_id: PyBackedStr,
    secret: PyBackedStr,
    timestamp: PyBackedStr,
    data: PyBackedStr,
    iterations: usize,
) -> PyResult<Vec<f64>> {
    let limits = Limits::default();
    let run: Box<dyn Fn() -> bpjs_codec::Result<usize> + Send + Sync> = match &*function {
        "decrypt_and_decompress" => Box::new(|| {
            bpjs_codec::decrypt_and_decompress_with(&cons_id, &secret, &timestamp, data.as_bytes(), &limits)
                .map(|t| t.len())
        }),
        "process_wrapper" => Box::new(|| {
            bpjs_codec::process_wrapper_with(&cons_id, &secret, &timestamp, &data, &limits).map(|p| p.as_str().len())
        }),
        "process_wrapper+value" => Box::new(|| {
            let processed = bpjs_codec::process_wrapper_with(&cons_id, &secret, &timestamp, &data, &limits)?;
            Ok(processed.to_value().map_or(0, |v| v.is_object() as usize))
        }),
        other => return Err(PyValueError::new_err(format!("unknown function {other:?}"))),
    };
    py.detach(|| {
        // Not pre-sized: a huge `iterations` must not abort in the allocator.
        let mut times = Vec::new();
        for _ in 0..iterations {
            let start = Instant::now();
            std::hint::black_box(run()?);
            times.push(start.elapsed().as_secs_f64());
        }
        Ok(times)
    })
    .into_py_result()
}
