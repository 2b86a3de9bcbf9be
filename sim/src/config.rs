//! Command line: the accepted credentials (made-up test defaults), the
//! timestamp window, and where fixtures and the log live.

use std::net::IpAddr;
use std::path::PathBuf;

use bpjs_codec::Credentials;

pub const DEFAULT_CONS_ID: &str = "31337";
pub const DEFAULT_SECRET: &str = "simSecret2026";
pub const DEFAULT_USER_KEY: &str = "simUserKey0123456789";
pub const DEFAULT_USERNAME: &str = "pcare.sim";
pub const DEFAULT_PASSWORD: &str = "SimPass!2026";
pub const DEFAULT_APP_CODE: &str = "095";
/// BPJS accepts a few minutes of clock difference either way.
pub const DEFAULT_SKEW_SECS: u64 = 300;
/// The facility code (kodePPK) the eRM insert's `dataMR` key is made with:
/// the sample hospital of the data (`crate::data::peserta::HOSPITAL_KODE`).
pub const DEFAULT_KODE_PPK: &str = crate::data::peserta::HOSPITAL_KODE;

pub const USAGE: &str = "\
bpjs-sim: a local BPJS Kesehatan API simulator (see sim/README.md)

usage:
  bpjs-sim [options]                 serve; the first stdout line is the base URL
  bpjs-sim demo [--url URL] [creds]  one signed request per service, decoded through the core
  bpjs-sim bench                     round trips through an in-process simulator (numbers)

options:
  --port N          TCP port, 0 = any free port (default 0)
  --host ADDR       bind address (default 127.0.0.1)
  --cons-id ID      accepted X-cons-id (default 31337)
  --secret S        consumer secret (default simSecret2026)
  --user-key K      accepted user_key, all services (default simUserKey0123456789)
  --username U      PCare/iCare login (default pcare.sim)
  --password P      PCare/iCare password (default SimPass!2026)
  --app-code C      PCare/iCare app code (default 095)
  --skew SECS       accepted X-timestamp distance from the clock (default 300)
  --kode-ppk CODE   facility code of the eRM dataMR key (default 0301R001)
  --data DIR        extra fixtures: DIR/<service>/<endpoint>.json
  --log FILE        JSON-lines request log (default stderr)
  --url URL         demo only: simulator base URL (default $BPJS_SIM_URL)
  -h, --help        this text
  -V, --version     version
";

/// Everything `bpjs-sim` serves with.
#[derive(Debug, Clone)]
pub struct Config {
    pub host: IpAddr,
    pub port: u16,
    /// The one facility the simulator knows. Debug output redacts its secrets.
    pub credentials: Credentials,
    pub skew_secs: u64,
    /// kodePPK: the third part of the eRM `dataMR` key (cons_id + secret + kodePPK).
    pub kode_ppk: String,
    pub data_dir: Option<PathBuf>,
    pub log_file: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            host: IpAddr::from([127, 0, 0, 1]),
            port: 0,
            credentials: default_credentials(),
            skew_secs: DEFAULT_SKEW_SECS,
            kode_ppk: DEFAULT_KODE_PPK.to_owned(),
            data_dir: None,
            log_file: None,
        }
    }
}

pub fn default_credentials() -> Credentials {
    Credentials::new(DEFAULT_CONS_ID, DEFAULT_SECRET)
        .with_user_key(DEFAULT_USER_KEY)
        .with_login(DEFAULT_USERNAME, DEFAULT_PASSWORD)
        .with_app_code(DEFAULT_APP_CODE)
}

#[derive(Debug)]
pub enum Command {
    Serve(Config),
    Demo { url: Option<String>, credentials: Credentials },
    Bench,
    Help,
    Version,
}

/// Parses the arguments after the program name.
pub fn parse<I: IntoIterator<Item = String>>(args: I) -> Result<Command, String> {
    let mut args = args.into_iter().peekable();
    if args.peek().is_some_and(|a| a == "bench") {
        args.next();
        return match args.next() {
            None => Ok(Command::Bench),
            Some(extra) => Err(format!("bench takes no arguments, got {extra:?}")),
        };
    }
    let demo = args.peek().is_some_and(|a| a == "demo");
    if demo {
        args.next();
    }
    let mut config = Config::default();
    let mut url = None;
    while let Some(flag) = args.next() {
        let (name, inline) = match flag.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_owned(), Some(v.to_owned())),
            _ => (flag.clone(), None),
        };
        if matches!(name.as_str(), "-h" | "--help") {
            return Ok(Command::Help);
        }
        if matches!(name.as_str(), "-V" | "--version") {
            return Ok(Command::Version);
        }
        let mut value = || inline.clone().or_else(|| args.next()).ok_or_else(|| format!("{name}: missing value"));
        let creds = &mut config.credentials;
        match name.as_str() {
            "--port" => {
                config.port = value()?.parse().map_err(|_| format!("{name}: expected a port number 0-65535"))?
            }
            "--host" => config.host = value()?.parse().map_err(|_| format!("{name}: expected an IP address"))?,
            "--cons-id" => creds.cons_id = non_empty(&name, value()?)?,
            "--secret" => creds.secret = non_empty(&name, value()?)?,
            "--user-key" => creds.user_key = Some(non_empty(&name, value()?)?),
            "--username" => creds.username = Some(non_empty(&name, value()?)?),
            "--password" => creds.password = Some(non_empty(&name, value()?)?),
            "--app-code" => creds.app_code = Some(non_empty(&name, value()?)?),
            "--skew" => config.skew_secs = value()?.parse().map_err(|_| format!("{name}: expected whole seconds"))?,
            "--kode-ppk" => config.kode_ppk = non_empty(&name, value()?)?,
            "--data" => config.data_dir = Some(PathBuf::from(value()?)),
            "--log" => config.log_file = Some(PathBuf::from(value()?)),
            "--url" if demo => url = Some(value()?),
            _ => return Err(format!("unknown argument {flag:?}; see --help")),
        }
    }
    if demo {
        return Ok(Command::Demo { url, credentials: config.credentials });
    }
    Ok(Command::Serve(config))
}

fn non_empty(name: &str, value: String) -> Result<String, String> {
    if value.is_empty() {
        Err(format!("{name}: must not be empty"))
    } else {
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn defaults_and_flags() {
        let Command::Serve(c) = parse(args(&["--port", "0", "--skew=60", "--cons-id", "42"])).unwrap() else {
            panic!()
        };
        assert_eq!((c.port, c.skew_secs, c.credentials.cons_id.as_str()), (0, 60, "42"));
        assert_eq!(c.credentials.secret, DEFAULT_SECRET);
        assert_eq!(c.kode_ppk, DEFAULT_KODE_PPK);
        let Command::Serve(c) = parse(args(&["--kode-ppk", "1234R567"])).unwrap() else { panic!() };
        assert_eq!(c.kode_ppk, "1234R567");
        assert!(parse(args(&["--kode-ppk", ""])).is_err());
        assert!(parse(args(&["--port", "x"])).is_err());
        assert!(parse(args(&["--secret", ""])).is_err());
        assert!(matches!(parse(args(&["demo", "--url", "http://x"])).unwrap(), Command::Demo { url: Some(_), .. }));
        assert!(parse(args(&["--url", "http://x"])).is_err());
    }
}
