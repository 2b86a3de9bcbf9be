//! When to release the GIL.
//!
//! Decoding a BPJS reply of a few hundred kB to a few MB takes milliseconds:
//! with the GIL released, the threads of a Flask or gunicorn worker decode in
//! parallel. For tiny inputs the release and re-acquisition would cost more
//! than the work (and re-acquiring can wait for the interpreter's switch
//! interval), so those run with the GIL held.

use pyo3::marker::Ungil;
use pyo3::Python;

/// Inputs at least this long (bytes) are decoded with the GIL released.
pub(crate) const DETACH_THRESHOLD: usize = 4 * 1024;

/// Runs `work` without the GIL when the input is large enough to matter.
pub(crate) fn run<T, F>(py: Python<'_>, input_len: usize, work: F) -> T
where
    F: Ungil + FnOnce() -> T,
    T: Ungil,
{
    if input_len >= DETACH_THRESHOLD {
        py.detach(work)
    } else {
        work()
    }
}
