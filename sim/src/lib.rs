//! bpjs-sim: a local stand-in for the BPJS Kesehatan bridging servers.
//!
//! Requests are checked and answers are signed and encrypted through the core
//! (`bpjs_codec`); this crate only knows HTTP, sample data and faults. The
//! file tree follows the request: [`server`] accepts it, [`routes`] finds the
//! service, [`auth`] checks its headers, a module of [`services`] answers,
//! [`reply`] wraps the answer in the service's envelope, [`fault`] spoils it
//! on request, and [`log`] writes one line about it.

#![forbid(unsafe_code)]

pub mod auth;
pub mod bench;
pub mod client;
pub mod config;
pub mod data;
pub mod demo;
pub mod fault;
pub mod fixtures;
pub mod log;
pub mod reply;
pub mod routes;
pub mod server;
pub mod services;
pub mod state;
