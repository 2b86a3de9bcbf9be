"""Soak: the Flask service under gunicorn (4 workers) against bpjs-sim, on
loopback only, with the audit log on (SQLite, written by all 4 workers) and
its limits on: the proxy token required, the total deadline set
(BPJS_HTTP_TOTAL_TIMEOUT), the request, reply and decoded-size limits at
their defaults. The workers' resident memory is reported after each phase.

1. 20,000 requests (GETs of three endpoints and POST kunjungan) from a
   bounded client with 16 keep-alive connections: every body checked
   against the data it must carry, zero 5xx, p50/p99 latency.
2. 20,000 more with 20 % injected faults (the simulator's __fault): every
   fault answered with its documented status (502, or 504 for a timeout, or
   200 where the reply is still usable) within the configured time.
3. No worker stuck or restarted: the same worker pids answer a final burst.
Then: exactly one log row per attempt the simulator saw, and no credential
in the database.

    python soak_service.py --out $SOAK_DIR/python-service.txt [--requests 20000]

Needs BPJS_SIM_BIN (make build-sim). Exits 1 on any failed check."""

from __future__ import annotations

import argparse
import json
import math
import os
import pathlib
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

SIM = {"cons_id": "31337", "secret": "simSecret2026", "user_key": "simUserKey0123456789",
       "username": "pcare.sim", "password": "SimPass!2026"}
TIMEOUT_S, RETRY_TIMES, RETRY_SLEEP_MS = 1.0, 1, 100
# One deadline for a call and its retries: every GET attempt timing out fits in it.
TOTAL_TIMEOUT_S = 2.5
PROXY_TOKEN = "soak-proxy-token-0001"
# The slowest a documented answer may take: the total deadline, plus the service's own time.
BOUND_S = TOTAL_TIMEOUT_S + 1.5

CHECKS = {
    "dokter": ("dokter/0/10", "GET", lambda r: r["list"][0]["nmDokter"] == "dr. ANDI SIMULASI"),
    "peserta": ("peserta/nokartu/0001234567890/tglPelayanan/2026-11-24", "GET",
                lambda r: r["nama"] == "BUDI SIMULASI"),
    "diagnosa": ("diagnosa/A00/0/5", "GET", lambda r: r["count"] == 7 and len(r["list"]) == 5),
    "kunjungan": ("kunjungan", "POST",
                  lambda r: r["field"] == "noKunjungan" and r["message"].startswith("0114U0011126Y")),
}
NORMAL_MIX = [("dokter", 50), ("peserta", 20), ("kunjungan", 20), ("diagnosa", 10)]
# fault -> (status for a GET, status for a POST, decode kind, usable body).
# A BPJS 5xx keeps its status (flask-bpjs's rule); a cut ciphertext is an error
# by the core's ciphertext rule (docs/decoding.md).
FAULTS = {
    "500": (500, 500, None, False),
    "503": (503, 503, None, False),
    "drop": (502, 502, None, False),
    "wrong-key": (502, 502, "padding", False),
    "not-json": (502, 502, "json", False),
    "lz-truncate": (502, 502, "lz_truncated", False),
    "truncate": (502, 502, "cipher_length", False),
    "plain": (200, 201, None, True),
    "slow:200": (200, 201, None, True),
    "slow:3000": (504, 504, None, False),
}
FAULT_WEIGHTS = {"slow:3000": 1}  # the rest weigh 10: slow timeouts hold a connection for seconds


def percentile(ordered, p):
    return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1] if ordered else float("nan")


def start_sim(binary: str, log: pathlib.Path) -> tuple:
    process = subprocess.Popen([binary, "--port", "0", "--log", str(log)], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    url = process.stdout.readline().strip()
    if not url.startswith("http://127.0.0.1:"):
        raise SystemExit(f"bpjs-sim did not start (got {url!r})")
    threading.Thread(target=process.stdout.read, daemon=True).start()
    return process, url


def start_gunicorn(workdir: pathlib.Path, output: list) -> tuple:
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BPJS_", "HOST", "CONSID", "SECRET"))}
    process = subprocess.Popen(
        [gunicorn, "--workers", "4", "--threads", "4", "--bind", "127.0.0.1:0", "--graceful-timeout", "10",
         "bpjs_codec.flask_app:create_app()"],
        cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = None
    deadline = time.monotonic() + 60
    for line in process.stdout:
        output.append(line)
        found = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", line)
        if found:
            url = found.group(1)
            break
        if time.monotonic() > deadline:
            break
    if not url:
        process.kill()
        raise SystemExit("gunicorn did not start:\n" + "".join(output))
    threading.Thread(target=lambda: output.extend(process.stdout), daemon=True).start()
    # wait for the 4 workers to boot
    for _ in range(100):
        if len(workers(process.pid)) == 4:
            break
        time.sleep(0.1)
    return process, url


def workers(master: int) -> list:
    try:
        with open(f"/proc/{master}/task/{master}/children") as children:
            return sorted(int(p) for p in children.read().split())
    except OSError:
        return []


def memory(pids: list) -> str:
    """Resident and peak resident memory of each worker (VmRSS / VmHWM, MiB)."""
    parts = []
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as status:
                fields = dict(line.split(":", 1) for line in status if line.startswith(("VmRSS", "VmHWM")))
        except OSError:
            continue
        rss, hwm = (int(fields[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM"))
        parts.append(f"{rss:.0f}/{hwm:.0f}")
    return "workers' RSS/peak MiB: " + ", ".join(parts)


def run_phase(base: str, jobs: list, threads: int = 16) -> list:
    local = threading.local()

    def one(job):
        name, fault, number = job
        url, method, _ = CHECKS[name]
        if fault:
            url += ("&" if "?" in url else "?") + f"__fault={fault}"
        body = {"url": url, "method": method, "payload": ""}
        if method == "POST":
            body["payload"] = {"noKartu": "0001234567890", "tglDaftar": "24-11-2026", "kdPoli": "001",
                               "keluhan": f"soak {number}"}
            body["no_rawat"] = f"2026/11/24/{number:06d}"
        session = getattr(local, "session", None)
        if session is None:
            session = local.session = requests.Session()
            session.headers["Authorization"] = f"Bearer {PROXY_TOKEN}"
        started = time.perf_counter()
        try:
            reply = session.post(base + "/", json=body, timeout=30)
            status, text = reply.status_code, reply.text
        except requests.RequestException as error:
            status, text = None, type(error).__name__
        return name, fault, status, text, time.perf_counter() - started

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(one, jobs))


def check_normal(name: str, status, text: str) -> bool:
    expected = 201 if CHECKS[name][1] == "POST" else 200
    if status != expected:
        return False
    try:
        return bool(CHECKS[name][2](json.loads(text)["response"]))
    except (ValueError, KeyError, TypeError, IndexError):
        return False


def check_fault(name: str, fault: str, status, text: str, elapsed: float) -> bool:
    get_status, post_status, kind, usable = FAULTS[fault]
    expected = post_status if CHECKS[name][1] == "POST" else get_status
    if status != expected or elapsed > BOUND_S:
        return False
    try:
        body = json.loads(text)
    except ValueError:
        return False
    if kind is not None and body["metaData"].get("kind") != kind:
        return False
    return check_normal(name, status, text) if usable else True


def summarise(results: list, label: str) -> tuple:
    latencies = sorted(r[4] * 1000 for r in results)
    statuses: dict = {}
    for r in results:
        statuses[str(r[2])] = statuses.get(str(r[2]), 0) + 1
    line = (f"{label}: {len(results)} requests, p50 {percentile(latencies, 50):.1f} ms, "
            f"p99 {percentile(latencies, 99):.1f} ms, max {latencies[-1]:.0f} ms; statuses {statuses}")
    return line, latencies


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--requests", type=int, default=20_000)
    args = parser.parse_args()
    out_dir = pathlib.Path(args.out).resolve().parent
    out_dir.mkdir(parents=True, exist_ok=True)
    binary = os.environ.get("BPJS_SIM_BIN") or str(pathlib.Path(__file__).resolve().parents[2]
                                                  / "target" / "release" / "bpjs-sim")
    sim_log = out_dir / "python-soak-sim.log"
    database = out_dir / "python-soak-audit.sqlite3"
    for stale in (sim_log, database, pathlib.Path(f"{database}-wal"), pathlib.Path(f"{database}-shm")):
        stale.unlink(missing_ok=True)
    rng = random.Random(20261124)
    lines, failures = [], []
    unanswered = 0
    sim, sim_url = start_sim(binary, sim_log)
    workdir = pathlib.Path(tempfile.mkdtemp(prefix="bpjs-soak-"))
    (workdir / ".env").write_text("".join(f"{k}={v}\n" for k, v in {
        "HOST_BPJS": f"{sim_url}/pcare-rest", "CONSID": SIM["cons_id"], "SECRET": SIM["secret"],
        "USER_KEY": SIM["user_key"], "USERNAME": SIM["username"], "PASSWORD": SIM["password"],
        "BPJS_HTTP_TIMEOUT": TIMEOUT_S, "BPJS_HTTP_RETRY_TIMES": RETRY_TIMES,
        "BPJS_HTTP_RETRY_SLEEP": RETRY_SLEEP_MS, "BPJS_AUDIT_LOG": "true",
        "BPJS_AUDIT_DB_URL": f"sqlite:///{database}", "BPJS_HTTP_TOTAL_TIMEOUT": TOTAL_TIMEOUT_S,
        "BPJS_PROXY_TOKEN": PROXY_TOKEN,
    }.items()))
    output: list = []
    server, base = start_gunicorn(workdir, output)
    try:
        pids_before = workers(server.pid)
        lines.append(f"gunicorn: 4 workers x 4 threads at {base}; workers {pids_before}; "
                     f"BPJS_HTTP_TIMEOUT={TIMEOUT_S} s, BPJS_HTTP_TOTAL_TIMEOUT={TOTAL_TIMEOUT_S} s, "
                     f"GET retries {RETRY_TIMES}, proxy token required, default size limits, "
                     f"documented-answer bound {BOUND_S:.1f} s")
        refused = requests.post(base + "/", json={"url": "dokter/0/10", "method": "GET", "payload": ""}, timeout=30)
        lines.append(f"without the proxy token: HTTP {refused.status_code}")
        if refused.status_code != 401:
            failures.append("the proxy answered without its token")
        names = [n for n, _ in NORMAL_MIX]
        weights = [w for _, w in NORMAL_MIX]

        # 1. clean load
        jobs = [(rng.choices(names, weights)[0], None, i) for i in range(args.requests)]
        started = time.perf_counter()
        results = run_phase(base, jobs)
        elapsed = time.perf_counter() - started
        wrong = sum(not check_normal(name, status, text) for name, _, status, text, _ in results)
        errors_5xx = sum(1 for r in results if r[2] is None or r[2] >= 500)
        line, _ = summarise(results, "phase 1, no faults")
        lines += [line, f"  {len(results) / elapsed:,.0f} requests/s; wrong answers {wrong} "
                        f"(every body checked); 5xx or no answer {errors_5xx}; {memory(workers(server.pid))}"]
        if wrong or errors_5xx:
            failures.append(f"phase 1: {wrong} wrong answers, {errors_5xx} 5xx")

        # 2. 20 % faults
        faults = list(FAULTS)
        fault_weights = [FAULT_WEIGHTS.get(f, 10) for f in faults]
        jobs = []
        for i in range(args.requests):
            name = rng.choices(names, weights)[0]
            fault = rng.choices(faults, fault_weights)[0] if rng.random() < 0.2 else None
            jobs.append((name, fault, args.requests + i))
        # A request the proxy gave up on (slow:3000 past the timeout) never
        # reaches the simulator's log: it logs a request once it has answered.
        unanswered = sum((RETRY_TIMES + 1 if CHECKS[name][1] == "GET" else 1)
                         for name, fault, _ in jobs if fault == "slow:3000")
        started = time.perf_counter()
        results = run_phase(base, jobs)
        elapsed = time.perf_counter() - started
        faulted = [r for r in results if r[1]]
        clean = [r for r in results if not r[1]]
        bad_faults = [r for r in faulted if not check_fault(r[0], r[1], r[2], r[3], r[4])]
        wrong = sum(not check_normal(name, status, text) for name, _, status, text, _ in clean)
        unexplained_5xx = sum(1 for r in clean if r[2] is None or r[2] >= 500)
        per_fault: dict = {}
        for r in faulted:
            entry = per_fault.setdefault(r[1], [0, 0, 0.0])
            entry[0] += 1
            entry[1] += (r[2] or 0) >= 500
            entry[2] = max(entry[2], r[4])
        line, _ = summarise(results, "phase 2, 20 % faults")
        lines += [line, f"  {len(results) / elapsed:,.0f} requests/s; {len(faulted)} faults, "
                        f"{len(bad_faults)} not answered as documented within {BOUND_S:.1f} s; "
                        f"clean requests: wrong answers {wrong}, 5xx not caused by a fault {unexplained_5xx}"]
        lines.append("  per fault (count, 5xx, slowest s): " + ", ".join(
            f"{f}: {n}/{e}/{s:.2f}" for f, (n, e, s) in sorted(per_fault.items())))
        lines.append(f"  {memory(workers(server.pid))}")
        if bad_faults or wrong or unexplained_5xx:
            sample = [(r[0], r[1], r[2], round(r[4], 2), r[3][:160]) for r in bad_faults[:5]]
            failures.append(f"phase 2: {len(bad_faults)} faults off, {wrong} wrong, {unexplained_5xx} 5xx: {sample}")

        # 3. nobody stuck
        results = run_phase(base, [("dokter", None, 3 * args.requests + i) for i in range(400)])
        ok = sum(check_normal(n, s, t) for n, _, s, t, _ in results)
        line, latencies = summarise(results, "phase 3, after the faults")
        pids_after = workers(server.pid)
        lines += [line, f"  correct {ok}/400; workers {pids_after} "
                        f"({'the same, none restarted' if pids_after == pids_before else 'CHANGED'}); "
                        f"{memory(pids_after)}"]
        if ok != 400 or pids_after != pids_before or percentile(latencies, 99) > 1000:
            failures.append("phase 3: a worker is stuck, was restarted or answers slowly")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        sim.terminate()
        sim.wait(timeout=30)
        (workdir / ".env").unlink(missing_ok=True)  # it holds the credentials
        workdir.rmdir()

    # the audit log, written by 4 processes at once
    seen = [json.loads(line) for line in sim_log.read_text().splitlines() if line.strip()]
    seen = [e for e in seen if e.get("event") == "request"]
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT COUNT(*), COUNT(DISTINCT correlation_id) FROM pcare_bpjs_log").fetchone()
        timeouts = db.execute("SELECT COUNT(*) FROM pcare_bpjs_log WHERE http_status IS NULL "
                              "AND meta_message LIKE '%did not answer within%'").fetchone()[0]
        sends = db.execute("SELECT status, COUNT(*) FROM pcare_send_attempts GROUP BY status").fetchall()
    raw = b"".join(p.read_bytes() for p in (database, pathlib.Path(f"{database}-wal")) if p.exists())
    leaked = [name for name in ("secret", "user_key", "password") if SIM[name].encode() in raw]
    leaked += ["proxy token"] if PROXY_TOKEN.encode() in raw else []
    logs = "".join(output)
    leaked += [f"log:{name}" for name in ("secret", "user_key", "password") if SIM[name] in logs]
    lines.append(f"audit log: {rows[0]} rows = {len(seen)} attempts the simulator logged + {timeouts} timed out "
                 f"before it answered (expected {unanswered}); {rows[1]} requests; send states {dict(sends)}; "
                 f"credentials found in the database or the gunicorn log: {leaked or 'none'}")
    if rows[0] != len(seen) + timeouts or timeouts != unanswered or leaked:
        failures.append("audit log: rows != attempts, or a credential leaked")
    lines.append("verdict: " + ("pass" if not failures else "FAIL: " + "; ".join(failures)))
    text = "\n".join(lines) + "\n"
    pathlib.Path(args.out).write_text(text)
    print(text, end="")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
