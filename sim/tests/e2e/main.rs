//! End-to-end tests of bpjs-sim: each test starts the real binary on port 0
//! and talks to it over HTTP on loopback, signing with the core and decoding
//! every reply through the core.

mod common;

mod auth;
mod catalogue;
mod erm;
mod faults;
mod happy;
mod lifecycle;
mod load;
