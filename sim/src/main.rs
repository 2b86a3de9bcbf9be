//! `bpjs-sim`: serve, or run the demo client against a running simulator.

use std::process::ExitCode;

use bpjs_sim::config::{self, Command};
use bpjs_sim::{bench, demo, server};

fn main() -> ExitCode {
    let command = match config::parse(std::env::args().skip(1)) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("bpjs-sim: {message}");
            return ExitCode::from(2);
        }
    };
    match command {
        Command::Help => {
            print!("{}", config::USAGE);
            ExitCode::SUCCESS
        }
        Command::Version => {
            println!("bpjs-sim {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Command::Demo { url, credentials } => {
            let Some(url) = url.or_else(|| std::env::var("BPJS_SIM_URL").ok()).filter(|u| !u.is_empty()) else {
                eprintln!("bpjs-sim demo: give --url or set BPJS_SIM_URL");
                return ExitCode::from(2);
            };
            demo::run(&url, credentials)
        }
        Command::Bench => bench::run(),
        Command::Serve(config) => {
            let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
                Ok(runtime) => runtime,
                Err(err) => {
                    eprintln!("bpjs-sim: cannot start the runtime: {err}");
                    return ExitCode::FAILURE;
                }
            };
            match runtime.block_on(server::serve(config)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("bpjs-sim: {message}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
