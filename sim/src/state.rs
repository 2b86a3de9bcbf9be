//! What the simulator remembers within one run, so a whole flow can be
//! tested: SEPs inserted (read, updated, deleted), PCare pendaftaran with
//! their noUrut, Antrean RS bookings and their task times, Antrean FKTP
//! queues, and the numbers handed out by other writes. Nothing is persisted.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

use serde_json::Value;

/// The records of one run, keyed by the number BPJS gave them.
#[derive(Default)]
pub struct Records {
    /// VClaim SEP by noSep: the SEP object as `SEP/{noSep}` answers it.
    pub seps: BTreeMap<String, Value>,
    /// PCare pendaftaran by (tglDaftar dd-mm-yyyy, noUrut).
    pub pendaftaran: BTreeMap<(String, String), Value>,
    /// Antrean RS bookings by kodebooking.
    pub antrean_rs: BTreeMap<String, Value>,
    /// Antrean RS task times by kodebooking: (taskid, waktu ms).
    pub tasks: BTreeMap<String, Vec<(i64, i64)>>,
    /// Antrean FKTP queue entries by (tanggalperiksa, kodepoli, nomorkartu).
    pub antrean_fktp: BTreeMap<(String, String, String), Value>,
    /// Other writes by (service endpoint name, number): rujukan, surat kontrol, PRB, ...
    pub other: BTreeMap<(String, String), Value>,
    /// Serial numbers handed out, per kind.
    pub serials: BTreeMap<String, u64>,
}

impl Records {
    /// The next serial of `kind`, from 1.
    pub fn next_serial(&mut self, kind: &str) -> u64 {
        let serial = self.serials.entry(kind.to_owned()).or_insert(0);
        *serial += 1;
        *serial
    }
}

/// The run's records behind one lock (requests are short; contention is not a concern here).
#[derive(Default)]
pub struct Store {
    records: Mutex<Records>,
}

impl Store {
    pub fn lock(&self) -> MutexGuard<'_, Records> {
        // A panic in another request cannot leave a half-written map that matters here.
        self.records.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
