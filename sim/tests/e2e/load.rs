//! Concurrent load: 200 signed requests over 16 keep-alive connections,
//! every one answered and decoded, every one logged.

use std::sync::Arc;

use crate::common::*;

const CONNECTIONS: usize = 16;
const REQUESTS: usize = 200;

#[test]
fn two_hundred_requests_over_sixteen_connections() {
    let sim = Arc::new(Sim::start());
    let paths: [(Service, &str); 5] = [
        (Service::Vclaim, "/vclaim-rest/referensi/poli/INT"),
        (Service::Pcare, "/pcare-rest/dokter/0/8"),
        (Service::AntreanRs, "/antreanrs/ref/poli"),
        (Service::Apotek, "/apotek-rest/referensi/dpho"),
        (Service::Aplicares, "/aplicaresws/rest/bed/read/0301R001/1/10"),
    ];
    let workers: Vec<_> = (0..CONNECTIONS)
        .map(|worker| {
            let sim = sim.clone();
            std::thread::spawn(move || {
                let client = sim.client(); // one agent: one keep-alive connection
                let mut decoded_ok = 0;
                for n in (worker..REQUESTS).step_by(CONNECTIONS) {
                    let (service, path) = paths[n % paths.len()];
                    let reply = client.call(service, "GET", path, None).unwrap_or_else(|e| panic!("request {n}: {e}"));
                    assert_eq!(reply.status, 200, "request {n}: {}", reply.body);
                    let envelope = decoded(&client, &reply);
                    assert!(meta(&envelope).ok, "request {n}: {envelope}");
                    decoded_ok += 1;
                }
                decoded_ok
            })
        })
        .collect();
    let total: usize = workers.into_iter().map(|w| w.join().expect("worker")).sum();
    assert_eq!(total, REQUESTS);

    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let logged = sim
            .log_lines()
            .iter()
            .filter(|l| l["event"] == "request" && l["status"] == 200 && l["auth"] == "ok")
            .count();
        if logged == REQUESTS {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{logged} of {REQUESTS} requests logged");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}
