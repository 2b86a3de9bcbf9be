"""The Flask service's audit trail, monitoring and resend (docs/audit.md), end
to end: the real simulator (with its own request log as the witness of what
reached "BPJS"), on SQLite and on a real MariaDB."""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import os
import random
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor

import pytest

import bpjs_codec
from bpjs_codec.flask_app import create_app
from bpjs_codec.flask_app.settings import ENV_KEYS
from conftest import SIM, artifacts_dir, running_sim

TOKEN = "monitoring-Token-5150-canary"
CANARIES = (SIM["secret"], SIM["password"], SIM["user_key"], TOKEN)
AUTH = {"Authorization": f"Bearer {TOKEN}"}
CARD = "0001234567890"


pytestmark = pytest.mark.usefixtures("flask_env")


@pytest.fixture(scope="module")
def sim(tmp_path_factory):
    """This module's simulator, with a request log: what reached BPJS."""
    artifacts = artifacts_dir()
    log = (artifacts or tmp_path_factory.mktemp("sim")) / "python-sim-audit.log"
    with running_sim(log) as running:
        yield running


def settings(sim, audit_db, **extra) -> dict:
    out = {
        "HOST_BPJS": f"{sim.url}/pcare-rest",
        "CONSID": SIM["cons_id"],
        "SECRET": SIM["secret"],
        "USER_KEY": SIM["user_key"],
        "USERNAME": SIM["username"],
        "PASSWORD": SIM["password"],
        "BPJS_AUDIT_LOG": "true",
        "BPJS_AUDIT_DB_URL": audit_db.url,
        "BPJS_MONITORING_TOKEN": TOKEN,
        "BPJS_HTTP_RETRY_SLEEP": "0",
    }
    out.update(extra)
    return out


def dead_host(service_path="pcare-rest") -> str:
    """A loopback port nobody listens on: BPJS "down"."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/{service_path}"


def header_credentials(host: str) -> dict:
    return {
        "x-host": host, "x-consid": SIM["cons_id"], "x-secret": SIM["secret"], "x-user-key": SIM["user_key"],
        "x-is-encrypt": "1", "x-username": SIM["username"], "x-password": SIM["password"],
    }


def kunjungan(keluhan="demam", card=CARD, **extra) -> dict:
    payload = {"noKartu": card, "tglDaftar": "24-11-2026", "kdPoli": "001", "keluhan": keluhan,
               "beratBadan": 65.0, "kdTacc": -1}
    payload.update(extra)
    return payload


def proxy(client, url, method="GET", payload="", headers=None, **extra):
    body = {"url": url, "method": method, "payload": payload, **extra}
    reply = client.post("/", json=body, headers=headers or {})
    assert reply.mimetype == "application/json", reply.data[:200]
    return reply.status_code, reply.get_json()


def sim_requests(sim, since: int, path_part: str = "") -> list:
    return [r for r in sim.requests()[since:] if path_part in r["path"]]


def assert_no_canary(text: str) -> None:
    for canary in CANARIES:
        assert canary not in text


# --- logging ---------------------------------------------------------------------------


def test_logging_is_off_by_default_and_monitoring_is_404_without_token(sim, tmp_path):
    app = create_app({"HOST_BPJS": f"{sim.url}/pcare-rest", "CONSID": SIM["cons_id"], "SECRET": SIM["secret"],
                      "USER_KEY": SIM["user_key"], "USERNAME": SIM["username"], "PASSWORD": SIM["password"]},
                     instance_path=str(tmp_path / "instance"))
    client = app.test_client()
    assert proxy(client, "dokter/0/10")[0] == 200
    assert not (tmp_path / "instance").exists()  # no database touched
    for call in (lambda: client.get("/monitoring/summary", headers=AUTH),
                 lambda: client.get("/monitoring/attempts", headers=AUTH),
                 lambda: client.get("/monitoring/raw/2026/11/24/000001", headers=AUTH),
                 lambda: client.post("/resend/2026/11/24/000001", headers=AUTH)):
        reply = call()
        assert reply.status_code == 404 and reply.get_json()["metaData"]["code"] == 404


def test_default_database_is_sqlite_in_the_instance_folder(sim, tmp_path):
    instance = tmp_path / "instance"
    app = create_app({"HOST_BPJS": f"{sim.url}/pcare-rest", "CONSID": SIM["cons_id"], "SECRET": SIM["secret"],
                      "USER_KEY": SIM["user_key"], "USERNAME": SIM["username"], "PASSWORD": SIM["password"],
                      "BPJS_AUDIT_LOG": "1"}, instance_path=str(instance))
    assert proxy(app.test_client(), "dokter/0/10")[0] == 200
    import sqlite3

    with sqlite3.connect(instance / "bpjs_audit.sqlite3") as db:
        assert db.execute("SELECT endpoint, status, attempt FROM pcare_bpjs_log").fetchall() == [
            ("dokter/0/10", "success", 1)]


def test_logging_from_the_environment_and_dotenv(sim, audit_db, tmp_path, monkeypatch):
    lines = {k: v for k, v in settings(sim, audit_db).items() if k != "BPJS_AUDIT_LOG"}
    (tmp_path / ".env").write_text("".join(f"{k}={v}\n" for k, v in lines.items()) + "BPJS_AUDIT_LOG=true\n")
    assert proxy(create_app().test_client(), "dokter/0/10")[0] == 200
    monkeypatch.setenv("BPJS_AUDIT_LOG", "false")  # the environment wins over .env
    assert proxy(create_app().test_client(), "dokter/0/10")[0] == 200
    assert len(audit_db.rows("pcare_bpjs_log")) == 1


def test_schema_matches_the_contract(sim, audit_db):
    create_app(settings(sim, audit_db))
    from sqlalchemy import inspect

    inspector = inspect(audit_db.engine)
    log_columns = [c["name"] for c in inspector.get_columns("pcare_bpjs_log")]
    assert log_columns == [
        "id", "created_at", "service", "method", "endpoint", "status", "http_status", "meta_code", "meta_message",
        "error_kind", "duration_ms", "request_payload", "response_body_raw", "response_body_json", "payload_hash",
        "correlation_id", "attempt", "triggered_by", "no_rawat", "credential_source", "authenticated_as"]
    indexed = {tuple(i["column_names"]) for i in inspector.get_indexes("pcare_bpjs_log")}
    assert {("no_rawat",), ("endpoint",), ("status", "created_at"), ("meta_code",), ("payload_hash",),
            ("correlation_id",)} <= indexed
    send_columns = [c["name"] for c in inspector.get_columns("pcare_send_attempts")]
    assert send_columns == [
        "id", "no_rawat", "service", "endpoint", "method", "payload", "payload_hash", "status", "attempts",
        "last_http_status", "last_meta_code", "last_error", "result_number", "correlation_id", "credential_source",
        "next_attempt_at", "created_at", "updated_at"]
    unique = {tuple(u["column_names"]) for u in inspector.get_unique_constraints("pcare_send_attempts")}
    unique |= {tuple(i["column_names"]) for i in inspector.get_indexes("pcare_send_attempts") if i.get("unique")}
    assert ("no_rawat", "endpoint", "payload_hash") in unique
    assert ("status", "next_attempt_at") in {tuple(i["column_names"])
                                             for i in inspector.get_indexes("pcare_send_attempts")}
    if audit_db.kind == "mariadb":
        types = {c["name"]: str(c["type"]).upper() for c in inspector.get_columns("pcare_bpjs_log")}
        assert types["request_payload"].startswith("LONGTEXT") and types["payload_hash"].startswith("CHAR(64")
        assert types["id"].startswith("BIGINT") and types["endpoint"].startswith("VARCHAR(255")
    create_app(settings(sim, audit_db))  # a second start finds the tables and keeps them


def test_get_retries_are_rows_of_one_request(sim, audit_db):
    client = create_app(settings(sim, audit_db, BPJS_HTTP_RETRY_TIMES="2")).test_client()
    mark = len(sim.requests())
    status, body = proxy(client, "dokter/0/10?__fault=503", headers={"x-triggered-by": "perawat01"})
    assert status == 503  # flask-bpjs's rule: the reply's own status
    assert len(sim_requests(sim, mark)) == 3
    rows = audit_db.rows("pcare_bpjs_log")
    assert [r["attempt"] for r in rows] == [1, 2, 3]
    assert len({r["correlation_id"] for r in rows}) == 1
    assert {(r["status"], r["http_status"], r["method"], r["triggered_by"]) for r in rows} == {
        ("failed", 503, "GET", "perawat01")}
    # A write is never retried on its own.
    mark = len(sim.requests())
    status, _ = proxy(client, "kunjungan?__fault=503", "POST", kunjungan(), no_rawat="2026/11/24/000009")
    assert status == 503 and len(sim_requests(sim, mark)) == 1
    assert audit_db.rows("pcare_send_attempts")[0]["next_attempt_at"] is None


def test_write_state_and_where_no_rawat_comes_from(sim, audit_db):
    client = create_app(settings(sim, audit_db)).test_client()
    # from the body key, from the header, and read by the core from the payload
    proxy(client, "kunjungan", "POST", kunjungan("a"), no_rawat="2026/11/24/000001", triggered_by="dr.andi")
    proxy(client, "kunjungan", "POST", kunjungan("b"), headers={"x-no-rawat": "2026/11/24/000002"})
    proxy(client, "kunjungan", "POST", kunjungan("c", noRawat="2026/11/24/000003"))
    proxy(client, "kunjungan", "POST", kunjungan("d"))  # no visit named: logged, no send state
    proxy(client, "dokter/0/10", no_rawat="2026/11/24/000004")  # a read: no send state
    log = audit_db.rows("pcare_bpjs_log")
    assert [r["no_rawat"] for r in log] == ["2026/11/24/000001", "2026/11/24/000002", "2026/11/24/000003", None,
                                            "2026/11/24/000004"]
    assert log[0]["triggered_by"] == "dr.andi"
    sends = audit_db.rows("pcare_send_attempts")
    assert [s["no_rawat"] for s in sends] == ["2026/11/24/000001", "2026/11/24/000002", "2026/11/24/000003"]
    for send, logged in zip(sends, log):
        assert send["status"] == "sent" and send["attempts"] == 1
        assert send["result_number"].startswith("0114U0011126Y")
        assert send["payload_hash"] == logged["payload_hash"] and send["correlation_id"] == logged["correlation_id"]
        assert json.loads(send["payload"])["noKartu"] == CARD  # identifiers kept to resend
        assert CARD not in logged["request_payload"]  # but masked in the log
    # sending the same payload again counts as another attempt of the same row
    proxy(client, "kunjungan", "POST", kunjungan("a"), no_rawat="2026/11/24/000001")
    assert audit_db.rows("pcare_send_attempts")[0]["attempts"] == 2
    status, _ = proxy(client, "kunjungan", "POST", kunjungan(), no_rawat=5)
    assert status == 400


def test_a_database_failure_never_fails_the_call(sim, audit_db, caplog):
    app = create_app(settings(sim, audit_db))
    from bpjs_codec.flask_app.tables import metadata

    metadata.drop_all(audit_db.engine)  # the tables vanish under the running service
    client = app.test_client()
    with caplog.at_level(logging.WARNING):
        status, body = proxy(client, "dokter/0/10")
        assert status == 200 and body["response"]["count"] == 8
        status, body = proxy(client, "kunjungan", "POST", kunjungan(f"x {SIM['secret']}"), no_rawat="2026/11/24/1")
        assert status == 201
    assert "audit: log row not written" in caplog.text and "audit: send state not written" in caplog.text
    assert "the BPJS call was not affected" in caplog.text
    assert_no_canary(caplog.text)
    assert CARD not in caplog.text and "2026/11/24/1" not in caplog.text


def test_database_down_at_start_up(sim, caplog):
    """The proxy starts and answers; the log is written once the database is back."""
    dead_port = dead_host().split(":")[2].split("/")[0]
    with caplog.at_level(logging.WARNING):
        app = create_app(settings(sim, type("Db", (), {"url": f"mysql+pymysql://u:DbPassw0rd-x@127.0.0.1:{dead_port}/d"})))
        status, body = proxy(app.test_client(), "dokter/0/10")
    assert status == 200 and body["response"]["count"] == 8
    assert "database unreachable at start-up" in caplog.text and "log row not written" in caplog.text
    assert "DbPassw0rd-x" not in caplog.text
    assert_no_canary(caplog.text)


def test_the_service_runs_without_sqlalchemy(sim):
    """SQLAlchemy is an optional extra: only the audit log needs it."""
    script = f"""
import sys
sys.modules["sqlalchemy"] = None  # as if not installed
import bpjs_codec
import bpjs_codec
from bpjs_codec.flask_app import create_app
base = {{"HOST_BPJS": "{sim.url}/pcare-rest", "CONSID": "{SIM['cons_id']}", "SECRET": "{SIM['secret']}",
        "USER_KEY": "{SIM['user_key']}", "USERNAME": "{SIM['username']}", "PASSWORD": "{SIM['password']}"}}
client = create_app(base).test_client()
reply = client.post("/", json={{"url": "dokter/0/10", "method": "GET", "payload": ""}})
assert reply.status_code == 200, reply.data
assert client.get("/monitoring/summary").status_code == 404
try:
    create_app(dict(base, BPJS_AUDIT_LOG="true"))
except SystemExit as error:  # one line, no traceback (test_flask_limits runs it uncaught)
    print(error)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "pip install 'bpjs-codec[audit]'" in done.stdout


def test_values_json_cannot_hold_still_get_their_row(sim, audit_db):
    client = create_app(settings(sim, audit_db)).test_client()
    body = '{"url": "kunjungan", "method": "POST", "no_rawat": "2026/11/24/000077", ' \
           '"payload": {"noKartu": "0001234567890", "tglDaftar": "24-11-2026", "suhu": NaN}}'
    mark = len(sim.requests())
    reply = client.post("/", data=body, content_type="application/json")
    assert reply.status_code == 412  # the simulator, like BPJS, refuses NaN
    rows = audit_db.rows("pcare_bpjs_log")
    assert len(rows) == len(sim_requests(sim, mark)) == 1  # the attempt that was made has its row
    # The body text as sent, which JSON cannot read, is stored as the core's
    # placeholder, never raw (the card number is not masked in it otherwise).
    sent = json.dumps({"noKartu": "0001234567890", "tglDaftar": "24-11-2026", "suhu": float("nan")})
    size = len(sent.encode())
    assert json.loads(rows[0]["request_payload"]) == f"[unredactable: NaN or infinity, {size} bytes]"
    assert rows[0]["no_rawat"] == "2026/11/24/000077" and CARD not in json.dumps(rows[0], default=str)
    assert rows[0]["meta_code"] == 412
    key = bpjs_codec.derive_hash_key(SIM["secret"])
    assert rows[0]["payload_hash"] == bpjs_codec.payload_hash(sent, key)  # of the text, as a JSON string
    # Its send state cannot be resent from the placeholder: the core refuses it.
    state = audit_db.rows("pcare_send_attempts")[0]
    assert state["payload"] == rows[0]["request_payload"]
    reply = client.post("/resend/2026/11/24/000077", headers=AUTH)
    result = reply.get_json()["response"]["results"][0]
    assert result["result"] == "unresendable" and len(sim_requests(sim, mark)) == 1, result


# --- 1,000 mixed requests ------------------------------------------------------------------

# (url, method, payload kind, expected upstream attempts, success, meta_code, weight)
MIX = [
    ("dokter/0/10", "GET", None, 1, True, 200, 30),
    ("peserta/nokartu/0001234567890/tglPelayanan/2026-11-24", "GET", None, 1, True, 200, 10),
    ("peserta/nokartu/0009999999999/tglPelayanan/2026-11-24", "GET", None, 1, False, 204, 5),
    ("diagnosa/A00/0/5", "GET", None, 1, True, 200, 10),
    ("dokter/0/10?__fault=500", "GET", None, 3, False, 500, 3),
    ("dokter/0/10?__fault=503", "GET", None, 3, False, None, 3),
    ("dokter/0/10?__fault=drop", "GET", None, 3, False, None, 2),
    ("dokter/0/10?__fault=wrong-key", "GET", None, 1, False, None, 3),
    ("dokter/0/10?__fault=not-json", "GET", None, 1, False, None, 2),
    ("dokter/0/10?__fault=lz-truncate", "GET", None, 1, False, None, 2),
    ("dokter/0/10?__fault=plain", "GET", None, 1, True, 200, 3),
    ("kunjungan", "POST", "ok", 1, True, 201, 20),
    ("kunjungan?__fault=500", "POST", "ok", 1, False, 500, 3),
    ("kunjungan", "POST", "unknown-card", 1, False, 412, 4),
]
VCLAIM = ("referensi/poli/INT", "GET", "vclaim", 1, True, 200, 5)
# the route each URL's KPIs are reported under, written out by hand
ROUTES = {
    "dokter/0/10": "dokter/{}/{}",
    "peserta/nokartu/0001234567890/tglPelayanan/2026-11-24": "peserta/nokartu/{}/tglPelayanan/{}",
    "peserta/nokartu/0009999999999/tglPelayanan/2026-11-24": "peserta/nokartu/{}/tglPelayanan/{}",
    "diagnosa/A00/0/5": "diagnosa/A00/{}/{}",
    "kunjungan": "kunjungan",
    "referensi/poli/INT": "referensi/poli/INT",
}
ROUTES.update({url: ROUTES[url.split("?")[0]] for url, *_ in MIX if "?" in url})
# the same, keyed by the endpoint as the log stores it (card numbers masked)
STORED_ROUTES = {
    bpjs_codec.redact_endpoint(url): route
    for url, route in ROUTES.items()
}


def test_a_thousand_mixed_requests(sim, audit_db):
    app = create_app(settings(sim, audit_db, BPJS_HTTP_RETRY_TIMES="2"))
    rng = random.Random(1124)
    kinds = MIX + [VCLAIM]
    jobs = rng.choices(kinds, weights=[k[-1] for k in kinds], k=1000)
    started = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - dt.timedelta(minutes=1)
    mark = len(sim.requests())
    local = threading.local()

    def run(numbered):
        number, (url, method, kind, _, _, _, _) = numbered
        client = getattr(local, "client", None) or app.test_client()
        local.client = client
        headers = header_credentials(f"{sim.url}/vclaim-rest") if kind == "vclaim" else {}
        extra = {}
        payload = ""
        if method == "POST":
            card = CARD if kind == "ok" else "0009999999999"
            # canaries in free text and in secret-named fields: the log must scrub them
            payload = kunjungan(f"keluhan {number} {SIM['secret']}", card, password=SIM["password"],
                                catatan=f"uk={SIM['user_key']} token={TOKEN}")
            extra["no_rawat"] = f"2026/11/24/{number:06d}"
        status, body = proxy(client, url, method, payload, headers, **extra)
        return status, body

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(run, enumerate(jobs)))
    elapsed = time.perf_counter() - began
    assert elapsed < 60, f"1,000 requests took {elapsed:.1f} s"

    # every answer is what the service promises for its kind
    for (url, _method, _kind, _, success, meta_code, _), (status, body) in zip(jobs, answers):
        assert set(body) == {"metaData", "response"}
        if success:
            assert status in (200, 201), (url, status, body)
        else:
            assert status >= 400 or meta_code in (204, 412), (url, status, body)

    # exactly one row per upstream attempt: the simulator's log is the witness
    seen = sim_requests(sim, mark)
    rows = audit_db.rows("pcare_bpjs_log")
    expected_attempts = sum(job[3] for job in jobs)
    assert len(seen) == len(rows) == expected_attempts
    assert Counter(r["status"] for r in seen) == Counter(r["http_status"] for r in rows)
    by_request = defaultdict(list)
    for row in rows:
        by_request[row["correlation_id"]].append(row["attempt"])
    assert len(by_request) == 1000
    assert sorted(len(a) for a in by_request.values()) == sorted(job[3] for job in jobs)
    assert all(sorted(a) == list(range(1, len(a) + 1)) for a in by_request.values())

    # the summary's KPIs are the ones computed here
    expected = defaultdict(lambda: [0, 0])
    meta_codes = Counter()
    for url, _method, _kind, attempts, success, meta_code, _ in jobs:
        # KPIs are per route: query dropped, identifiers, numbers and dates as {}
        expected[ROUTES[url]][0] += attempts
        expected[ROUTES[url]][1] += attempts if success else 0
        meta_codes["null" if meta_code is None else str(meta_code)] += attempts
    window = {"start": started.isoformat() + "Z",
              "end": (dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%S+00:00")}
    reply = app.test_client().get("/monitoring/summary", query_string=window, headers=AUTH)
    assert reply.status_code == 200
    summary = reply.get_json()["response"]
    assert summary["total"] == expected_attempts
    assert summary["success"] == sum(s for _, s in expected.values())
    assert summary["failure_rate"] == pytest.approx(1 - summary["success"] / expected_attempts)
    durations = defaultdict(list)
    for row in rows:
        durations[STORED_ROUTES[row["endpoint"]]].append(row["duration_ms"])
    assert {e["endpoint"] for e in summary["endpoints"]} == set(expected)
    for entry in summary["endpoints"]:
        count, succeeded = expected[entry["endpoint"]]
        assert (entry["count"], entry["success"], entry["failed"]) == (count, succeeded, count - succeeded)
        assert entry["success_rate"] == pytest.approx(succeeded / count)
        assert entry["failure_rate"] == pytest.approx(1 - succeeded / count)
        ordered = sorted(durations[entry["endpoint"]])
        for p in (50, 95, 99):
            assert entry[f"p{p}_ms"] == ordered[math.ceil(p / 100 * len(ordered)) - 1]
    http = Counter("null" if r["status"] is None else str(r["status"]) for r in seen)
    assert summary["http_status"] == dict(http)
    assert summary["meta_code"] == dict(meta_codes)
    labels = Counter()
    for row in rows:
        if row["status"] == "failed":
            labels[row["meta_message"] or row["error_kind"] or
                   (f"HTTP {row['http_status']}" if row["http_status"] is not None else "no reply")] += 1
    assert [(t["message"], t["count"]) for t in summary["top_errors"]] == \
        sorted(labels.items(), key=lambda item: (-item[1], item[0]))[:10]
    assert any("padding" in t["message"] for t in summary["top_errors"])

    # writes: one send state per visit, accepted ones with their number
    sends = audit_db.rows("pcare_send_attempts")
    posts = [job for job in jobs if job[1] == "POST"]
    assert len(sends) == len(posts)
    assert sum(s["status"] == "sent" for s in sends) == sum(job[4] for job in posts)
    assert all(s["result_number"] for s in sends if s["status"] == "sent")
    assert all(SIM["secret"] not in s["payload"] and "[redacted]" in s["payload"] for s in sends)

    # no canary in any column of any row (nor in the SQLite file itself)
    assert_no_canary(audit_db.everything())
    for row in rows:
        for column in ("request_payload", "response_body_json"):
            if row[column] is not None:
                json.loads(row[column])


# --- monitoring endpoints --------------------------------------------------------------


def test_monitoring_needs_the_token(sim, audit_db):
    client = create_app(settings(sim, audit_db)).test_client()
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN},
                    {"Authorization": f"Basic {TOKEN}"}, {"Authorization": f"Bearer {TOKEN}x"}):
        reply = client.get("/monitoring/summary", headers=headers)
        assert reply.status_code == 401 and reply.mimetype == "application/json"
        assert reply.headers["WWW-Authenticate"].startswith("Bearer")
        assert TOKEN not in reply.get_data(as_text=True)
        assert client.post("/resend/2026/11/24/000001", headers=headers).status_code == 401
    assert client.get("/monitoring/summary", headers=AUTH).status_code == 200
    assert client.get("/monitoring/summary", headers={"Authorization": f"bearer  {TOKEN} "}).status_code == 200
    preflight = {"Origin": "http://simrs.local", "Access-Control-Request-Method": "GET",
                 "Access-Control-Request-Headers": "authorization"}
    # Without BPJS_CORS_ORIGINS no preflight is granted; with it, the listed origin's is.
    assert client.options("/monitoring/summary", headers=preflight).status_code == 405
    granted = create_app(settings(sim, audit_db, BPJS_CORS_ORIGINS="http://simrs.local")).test_client()
    reply = granted.options("/monitoring/summary", headers=preflight)
    assert reply.status_code == 200 and reply.headers["Access-Control-Allow-Origin"] == "http://simrs.local"


def test_attempts_raw_and_summary_parameters(sim, audit_db):
    client = create_app(settings(sim, audit_db)).test_client()
    for i in range(5):
        proxy(client, "kunjungan", "POST", kunjungan(f"k{i}"), no_rawat=f"2026/11/24/00000{i}")
    proxy(client, "kunjungan", "POST", kunjungan("bad", card="0009999999999"), no_rawat="2026/11/24/000009")
    reply = client.get("/monitoring/attempts", headers=AUTH, query_string={"limit": 2, "offset": 1})
    page = reply.get_json()["response"]
    assert (page["total"], len(page["items"])) == (6, 2)
    assert [i["no_rawat"] for i in page["items"]] == ["2026/11/24/000004", "2026/11/24/000003"]
    assert "payload" not in page["items"][0]
    failed = client.get("/monitoring/attempts?status=failed&endpoint=kunjungan", headers=AUTH).get_json()
    assert [(i["no_rawat"], i["last_meta_code"]) for i in failed["response"]["items"]] == [("2026/11/24/000009", 412)]
    for bad in ("status=done", "limit=0", "limit=501", "offset=-1", "limit=x"):
        reply = client.get(f"/monitoring/attempts?{bad}", headers=AUTH)
        assert reply.status_code == 400 and reply.mimetype == "application/json"

    raw = client.get("/monitoring/raw/2026/11/24/000009", headers=AUTH).get_json()["response"]
    assert raw["no_rawat"] == "2026/11/24/000009"
    assert len(raw["log"]) == 1 and raw["log"][0]["meta_message"] == "PRECONDITION_FAILED"
    # stored whole (to resend it), shown masked
    assert json.loads(raw["send_attempts"][0]["payload"])["noKartu"] == "*********9999"
    assert "0009999999999" not in json.dumps(raw["send_attempts"])
    assert client.get("/monitoring/raw/2026/11/24/999999", headers=AUTH).status_code == 404

    today = dt.datetime.now(dt.timezone.utc).date()
    for query, total in (
        (f"start={today}&end={today}", 6),  # a date as end: the whole day
        (f"start={today + dt.timedelta(days=1)}", 0),
        (f"end={today - dt.timedelta(days=1)}", 0),
        (f"start={today}T00:00:00+07:00", 6),
        (f"start={today}T00:00:00 07:00", 6),  # "+" unencoded in a query string
    ):
        summary = client.get(f"/monitoring/summary?{query}", headers=AUTH).get_json()["response"]
        assert summary["total"] == total, query
    for bad in ("start=yesterday", "end=2026-13-01", f"start={today}&end={today - dt.timedelta(days=2)}"):
        reply = client.get(f"/monitoring/summary?{bad}", headers=AUTH)
        assert reply.status_code == 400 and reply.get_json()["metaData"]["code"] == 400


# --- resend ----------------------------------------------------------------------------


def down_app(sim, audit_db, service_path="pcare-rest"):
    """The service on the same database while BPJS is down (HOST_BPJS at a
    port nobody listens on). Header credentials would not do: their writes
    never make a send state (a resend only sends the service's own)."""
    return create_app(settings(sim, audit_db, HOST_BPJS=dead_host(service_path)))


def failed_write(sim, audit_db, no_rawat, payload, url="kunjungan", app=None):
    """A write that failed because BPJS was down; returns the app (BPJS back) that resends it."""
    app = app or create_app(settings(sim, audit_db))
    status, body = proxy(down_app(sim, audit_db).test_client(), url, "POST", payload,
                         no_rawat=no_rawat, triggered_by="perawat01")
    assert status == 502, body
    return app


def send_state(audit_db, no_rawat):
    return [s for s in audit_db.rows("pcare_send_attempts") if s["no_rawat"] == no_rawat]


def test_resend_sends_a_failed_write_once(sim, audit_db):
    app = failed_write(sim, audit_db, "2026/11/24/000100", kunjungan())
    before = send_state(audit_db, "2026/11/24/000100")[0]
    assert (before["status"], before["attempts"], before["next_attempt_at"]) == ("failed", 1, None)
    assert "connection refused" in before["last_error"]
    mark = len(sim.requests())
    reply = app.test_client().post("/resend/2026/11/24/000100", headers={**AUTH, "x-triggered-by": "admin"})
    assert reply.status_code == 200
    result = reply.get_json()["response"]["results"][0]
    assert (result["result"], result["attempt"]) == ("sent", 2)
    assert [r["method"] for r in sim_requests(sim, mark)] == ["POST"]
    after = send_state(audit_db, "2026/11/24/000100")[0]
    assert (after["status"], after["attempts"], after["result_number"]) == ("sent", 2, result["result_number"])
    log = audit_db.rows("pcare_bpjs_log")
    assert [(r["attempt"], r["status"], r["triggered_by"]) for r in log] == [(1, "failed", "perawat01"),
                                                                           (2, "success", "admin")]
    assert log[0]["correlation_id"] == log[1]["correlation_id"] == before["correlation_id"]
    again = app.test_client().post("/resend/2026/11/24/000100", headers=AUTH)
    assert again.status_code == 200 and again.get_json()["response"]["status"] == "nothing_to_resend"
    assert app.test_client().post("/resend/2026/11/24/000404", headers=AUTH).status_code == 404
    assert len(sim_requests(sim, mark)) == 1


def test_resend_skips_a_write_already_accepted(sim, audit_db):
    app = create_app(settings(sim, audit_db))
    status, body = proxy(app.test_client(), "kunjungan", "POST", kunjungan(), no_rawat="2026/11/24/000200")
    assert status == 201
    accepted = body["response"]["message"]
    # accepted by BPJS, but its state was lost (a crash after the reply)
    audit_db.execute("UPDATE pcare_send_attempts SET status = 'failed', result_number = NULL "
                     "WHERE no_rawat = :n", n="2026/11/24/000200")
    mark = len(sim.requests())
    reply = app.test_client().post("/resend/2026/11/24/000200", headers=AUTH)
    assert reply.status_code == 200
    result = reply.get_json()["response"]["results"][0]
    assert (result["result"], result["result_number"]) == ("already_sent", accepted)
    assert sim_requests(sim, mark) == []  # nothing sent
    state = send_state(audit_db, "2026/11/24/000200")[0]
    assert (state["status"], state["result_number"]) == ("sent", accepted)


def test_resend_switches_a_second_create_to_an_update(sim, audit_db):
    app = create_app(settings(sim, audit_db))
    status, body = proxy(app.test_client(), "kunjungan", "POST", kunjungan("demam"), no_rawat="2026/11/24/000300")
    assert status == 201
    accepted = body["response"]["message"]
    # the clerk corrects the visit and sends a new create while BPJS is down
    failed_write(sim, audit_db, "2026/11/24/000300", kunjungan("demam tinggi"), app=app)
    mark = len(sim.requests())
    reply = app.test_client().post("/resend/2026/11/24/000300?endpoint=kunjungan", headers=AUTH)
    assert reply.status_code == 200
    result = reply.get_json()["response"]["results"][0]
    assert result["switched_to"] == "PUT kunjungan" and result["result"] == "sent", json.dumps(result)
    assert result["result_number"] == accepted
    assert [(r["method"], r["path"]) for r in sim_requests(sim, mark)] == [("PUT", "/pcare-rest/kunjungan")]
    states = send_state(audit_db, "2026/11/24/000300")
    assert [(s["status"], s["result_number"]) for s in states] == [("sent", accepted), ("sent", accepted)]
    put = audit_db.rows("pcare_bpjs_log")[-1]
    assert (put["method"], put["status"], put["attempt"]) == ("PUT", "success", 2)
    assert json.loads(put["request_payload"])["noKunjungan"] == accepted


def test_client_errors_are_not_retried_and_5xx_are_scheduled(sim, audit_db):
    app = create_app(settings(sim, audit_db, BPJS_RESEND_SCHEDULE="60,300"))
    client = app.test_client()
    # a business refusal (HTTP 200, code 412) and an HTTP 404: never scheduled; a 5xx
    # create: never scheduled either (its lost reply may hide a registered visit); a
    # 5xx update: scheduled after a person's resend
    proxy(client, "kunjungan", "POST", kunjungan(card="0009999999999"), no_rawat="2026/11/24/000401")
    proxy(client, "kunjunganx", "POST", kunjungan(), no_rawat="2026/11/24/000402")
    proxy(client, "kunjungan?__fault=503", "POST", kunjungan(), no_rawat="2026/11/24/000403")
    proxy(client, "kunjungan?__fault=503", "PUT", kunjungan(noKunjungan="0001"), no_rawat="2026/11/24/000404")
    for no_rawat in ("2026/11/24/000401", "2026/11/24/000402", "2026/11/24/000403", "2026/11/24/000404"):
        state = send_state(audit_db, no_rawat)[0]
        assert (state["status"], state["next_attempt_at"]) == ("failed", None)
        result = client.post(f"/resend/{no_rawat}", headers=AUTH).get_json()["response"]["results"][0]
        assert result["result"] == "failed"
        state = send_state(audit_db, no_rawat)[0]
        assert state["attempts"] == 2
        if no_rawat.endswith("404"):  # 5xx update after the duplicate check: scheduled
            assert result["retry"] is True and state["next_attempt_at"] is not None
            delay = state["next_attempt_at"] - state["updated_at"]
            assert dt.timedelta(seconds=299) <= delay <= dt.timedelta(seconds=301)
        else:
            assert result["retry"] is False and state["next_attempt_at"] is None, result
    assert send_state(audit_db, "2026/11/24/000401")[0]["last_meta_code"] == 412
    assert send_state(audit_db, "2026/11/24/000402")[0]["last_http_status"] == 404

    # resend-due: nothing due yet; then the scheduled one only, until attempts run out
    runner = app.test_cli_runner()
    mark = len(sim.requests())
    outcome = runner.invoke(args=["bpjs", "resend-due"])
    assert outcome.exit_code == 0 and "nothing due" in outcome.output
    assert sim_requests(sim, mark) == []
    for attempts, scheduled in ((3, True), (4, False)):
        audit_db.execute("UPDATE pcare_send_attempts SET next_attempt_at = :t WHERE next_attempt_at IS NOT NULL",
                         t=dt.datetime(2000, 1, 1))
        outcome = runner.invoke(args=["bpjs", "resend-due"])
        assert outcome.exit_code == 0, outcome.output
        assert "2026/11/24/000404 PUT kunjungan?__fault=503: failed" in outcome.output
        state = send_state(audit_db, "2026/11/24/000404")[0]
        assert state["attempts"] == attempts and (state["next_attempt_at"] is not None) == scheduled
    assert [(r["method"], r["path"]) for r in sim_requests(sim, mark)] == [("PUT", "/pcare-rest/kunjungan")] * 2
    scheduler_rows = [r for r in audit_db.rows("pcare_bpjs_log") if r["triggered_by"] == "scheduler"]
    assert [r["attempt"] for r in scheduler_rows] == [3, 4]
    # even if a create's row were scheduled (by hand, or an older version), a resend
    # that fails clears it
    audit_db.execute("UPDATE pcare_send_attempts SET next_attempt_at = :t WHERE no_rawat = :n",
                     t=dt.datetime(2000, 1, 1), n="2026/11/24/000403")
    outcome = runner.invoke(args=["bpjs", "resend-due"])
    assert "2026/11/24/000403 POST kunjungan?__fault=503: failed" in outcome.output
    assert send_state(audit_db, "2026/11/24/000403")[0]["next_attempt_at"] is None


def test_concurrent_resends_send_once(sim, audit_db, monkeypatch):
    """Two workers (two apps, two connection pools) resend the same visit at
    the same moment. Both read the row as failed before either takes it (the
    worst interleaving, forced): the compare-and-set lets exactly one send.
    The per-visit lock is bypassed here, so the row's own compare-and-set is
    what is tested (test_the_visit_lock_... tests the lock)."""
    from bpjs_codec.flask_app.store import AuditStore

    real_failed_rows = AuditStore.failed_rows
    monkeypatch.setattr(AuditStore, "lock_visit", lambda self, no_rawat, owner, now: True)

    for round_number in range(3):
        no_rawat = f"2026/11/24/0005{round_number:02d}"
        failed_write(sim, audit_db, no_rawat, kunjungan(f"race {round_number}"))
        workers = [create_app(settings(sim, audit_db)) for _ in range(2)]
        both_read = threading.Barrier(2, timeout=30)

        def failed_rows_then_wait(self, *args, both_read=both_read, **kwargs):
            rows = real_failed_rows(self, *args, **kwargs)
            both_read.wait()
            return rows

        monkeypatch.setattr(AuditStore, "failed_rows", failed_rows_then_wait)
        mark = len(sim.requests())

        def resend(app, no_rawat=no_rawat):
            reply = app.test_client().post(f"/resend/{no_rawat}", headers=AUTH)
            return reply.status_code, reply.get_json()["response"]

        with ThreadPoolExecutor(max_workers=2) as pool:
            answers = list(pool.map(resend, workers))
        monkeypatch.setattr(AuditStore, "failed_rows", real_failed_rows)
        assert len(sim_requests(sim, mark, "kunjungan")) == 1, answers
        assert sorted((status, body["status"]) for status, body in answers) == [(200, "done"), (409, "in_progress")]
        state = send_state(audit_db, no_rawat)[0]
        assert (state["status"], state["attempts"]) == ("sent", 2)


def test_resend_due_from_the_documented_command(sim, audit_db, tmp_path):
    """`flask --app bpjs_codec.flask_app bpjs resend-due`, settings from .env."""
    lines = settings(sim, audit_db, BPJS_RESEND_SCHEDULE="0")
    (tmp_path / ".env").write_text("".join(f"{k}={v}\n" for k, v in lines.items()))
    app = create_app()
    proxy(app.test_client(), "kunjungan?__fault=500", "PUT", kunjungan(noKunjungan="0001"),
          no_rawat="2026/11/24/000600")
    app.test_client().post("/resend/2026/11/24/000600", headers=AUTH)  # fails again: scheduled in 0 s
    assert send_state(audit_db, "2026/11/24/000600")[0]["next_attempt_at"] is not None
    env = {k: v for k, v in os.environ.items() if k not in ENV_KEYS}
    flask = os.path.join(os.path.dirname(sys.executable), "flask")
    mark = len(sim.requests())
    done = subprocess.run([flask, "--app", "bpjs_codec.flask_app", "bpjs", "resend-due"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "resend-due: 1 visit(s): 1 failed" in done.stdout
    assert len(sim_requests(sim, mark)) == 1
    assert_no_canary(done.stdout + done.stderr)
    off = subprocess.run([flask, "--app", "bpjs_codec.flask_app", "bpjs", "resend-due"], cwd=tmp_path / "..",
                         env=env, capture_output=True, text=True, timeout=120)
    assert off.returncode != 0 and "BPJS_AUDIT_LOG" in off.stderr


def test_resend_sends_the_endpoint_as_sent(sim, audit_db):
    """The send state keeps the endpoint as sent (a card number in the path and
    the query): the log masks it, the resend sends it whole, the duplicate check
    compares with the log's masked form, and the monitoring pages show it masked."""
    no_rawat = "2026/11/24/000700"
    url = f"kunjungan/{CARD}?noKartu={CARD}"
    app = create_app(settings(sim, audit_db))
    client = app.test_client()
    status, body = proxy(down_app(sim, audit_db).test_client(), url, "DELETE", "", no_rawat=no_rawat)
    assert status == 502, body
    failed_write(sim, audit_db, no_rawat, kunjungan("batuk"), app=app)
    states = send_state(audit_db, no_rawat)
    assert [s["endpoint"] for s in states] == [url, "kunjungan"]
    log = audit_db.rows("pcare_bpjs_log")
    assert log[0]["endpoint"] == "kunjungan/*********7890?noKartu=*********7890"

    mark = len(sim.requests())
    reply = client.post(f"/resend/{no_rawat}?endpoint={url.replace('?', '%3F')}", headers=AUTH)
    assert reply.status_code == 200, reply.get_json()
    result = reply.get_json()["response"]["results"][0]
    assert result["result"] == "sent", result
    assert result["endpoint"] == result["shown_endpoint"] == "kunjungan/*********7890?noKartu=*********7890"
    assert [(r["method"], r["path"]) for r in sim_requests(sim, mark)] == [("DELETE", f"/pcare-rest/kunjungan/{CARD}")]
    assert send_state(audit_db, no_rawat)[0]["status"] == "sent"
    assert audit_db.rows("pcare_bpjs_log")[-1]["endpoint"] == "kunjungan/*********7890?noKartu=*********7890"

    # accepted, but its state lost: found in the log by the masked endpoint, not sent
    audit_db.execute("UPDATE pcare_send_attempts SET status = 'failed' WHERE no_rawat = :n AND method = 'DELETE'",
                     n=no_rawat)
    mark = len(sim.requests())
    reply = client.post(f"/resend/{no_rawat}?endpoint={url.replace('?', '%3F')}", headers=AUTH)
    assert reply.get_json()["response"]["results"][0]["result"] == "already_sent"
    assert sim_requests(sim, mark) == []

    # (the simulator's DELETE answers with the number it deleted, here the card
    # number: the result_number column, not the endpoint or the payload)
    raw = client.get(f"/monitoring/raw/{no_rawat}", headers=AUTH).get_json()["response"]["send_attempts"]
    assert all(CARD not in s["endpoint"] and CARD not in s["payload"] for s in raw)
    assert [s["endpoint"] for s in raw] == ["kunjungan/*********7890?noKartu=*********7890", "kunjungan"]
    assert json.loads(raw[1]["payload"])["keluhan"] == "batuk"
    attempts = client.get("/monitoring/attempts", headers=AUTH).get_json()["response"]["items"]
    assert all("payload" not in item and CARD not in item["endpoint"] for item in attempts)
    assert [i["endpoint"] for i in attempts] == ["kunjungan", "kunjungan/*********7890?noKartu=*********7890"]


def test_the_visit_lock_lets_one_resend_of_a_visit_run(sim, audit_db, monkeypatch):
    """Two workers resend the same visit, which has two failed creates (the
    clerk pressed "save" twice while BPJS was down). Rows are claimed one by
    one, so without the per-visit lock each worker would claim one and both
    would register a visit. With it: one POST, then the other create becomes
    the update of that visit."""
    from bpjs_codec.flask_app.store import AuditStore

    no_rawat = "2026/11/24/000800"
    app = failed_write(sim, audit_db, no_rawat, kunjungan("demam"))
    failed_write(sim, audit_db, no_rawat, kunjungan("demam tinggi"), app=app)
    workers = [create_app(settings(sim, audit_db)) for _ in range(2)]
    real_failed_rows = AuditStore.failed_rows
    both_read = threading.Barrier(2, timeout=3)

    def failed_rows_then_wait(self, *args, **kwargs):
        rows = real_failed_rows(self, *args, **kwargs)
        try:
            both_read.wait()  # without the lock: both workers hold both rows
        except threading.BrokenBarrierError:
            pass  # with it: the other worker never got this far
        return rows

    monkeypatch.setattr(AuditStore, "failed_rows", failed_rows_then_wait)
    mark = len(sim.requests())

    def resend(app):
        reply = app.test_client().post(f"/resend/{no_rawat}", headers=AUTH)
        return reply.status_code, reply.get_json()["response"]

    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(resend, workers))
    sent = [r["method"] for r in sim_requests(sim, mark, "kunjungan")]
    assert sent == ["POST", "PUT"], answers
    assert sorted((status, body["status"]) for status, body in answers) == [(200, "done"), (409, "in_progress")]
    assert [s["status"] for s in send_state(audit_db, no_rawat)] == ["sent", "sent"]
    assert audit_db.rows("pcare_resend_locks") == []  # released


def test_a_stale_visit_lock_is_taken_over(sim, audit_db):
    no_rawat = "2026/11/24/000810"
    app = failed_write(sim, audit_db, no_rawat, kunjungan())
    audit_db.execute("INSERT INTO pcare_resend_locks (no_rawat, owner, locked_at) VALUES (:n, 'killed', :t)",
                     n=no_rawat, t=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None))
    assert app.test_client().post(f"/resend/{no_rawat}", headers=AUTH).status_code == 409
    audit_db.execute("UPDATE pcare_resend_locks SET locked_at = :t", t=dt.datetime(2000, 1, 1))
    reply = app.test_client().post(f"/resend/{no_rawat}", headers=AUTH)
    assert reply.status_code == 200 and reply.get_json()["response"]["results"][0]["result"] == "sent"
    assert audit_db.rows("pcare_resend_locks") == []


def test_a_row_left_sending_by_a_killed_worker_is_taken_again(sim, audit_db):
    no_rawat = "2026/11/24/000900"
    app = failed_write(sim, audit_db, no_rawat, kunjungan())
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    audit_db.execute("UPDATE pcare_send_attempts SET status = 'sending', updated_at = :t WHERE no_rawat = :n",
                     t=now, n=no_rawat)
    busy = app.test_client().post(f"/resend/{no_rawat}", headers=AUTH)
    assert busy.status_code == 409  # a worker may still be sending it
    audit_db.execute("UPDATE pcare_send_attempts SET updated_at = :t WHERE no_rawat = :n",
                     t=now - dt.timedelta(minutes=11), n=no_rawat)
    mark = len(sim.requests())
    reply = app.test_client().post(f"/resend/{no_rawat}", headers=AUTH)
    assert reply.status_code == 200 and reply.get_json()["response"]["results"][0]["result"] == "sent"
    assert len(sim_requests(sim, mark, "kunjungan")) == 1
    assert send_state(audit_db, no_rawat)[0]["status"] == "sent"


def test_a_failure_after_sending_is_never_retried_automatically(sim, audit_db, monkeypatch):
    """The request went out, then saving its outcome failed: the row goes back
    to failed without its (already passed) next_attempt_at, so resend-due
    cannot send it a second time; a person can."""
    from bpjs_codec.flask_app.store import AuditStore

    no_rawat = "2026/11/24/001000"
    app = create_app(settings(sim, audit_db))
    proxy(app.test_client(), "kunjungan?__fault=503", "PUT", kunjungan(noKunjungan="0001"), no_rawat=no_rawat)
    audit_db.execute("UPDATE pcare_send_attempts SET next_attempt_at = :t WHERE no_rawat = :n",
                     t=dt.datetime(2000, 1, 1), n=no_rawat)

    def finish_fails(self, row_id, values):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(AuditStore, "finish", finish_fails)
    mark = len(sim.requests())
    outcome = app.test_cli_runner().invoke(args=["bpjs", "resend-due"])
    assert outcome.exit_code != 0
    assert len(sim_requests(sim, mark, "kunjungan")) == 1
    state = send_state(audit_db, no_rawat)[0]
    assert (state["status"], state["next_attempt_at"]) == ("failed", None)
    assert audit_db.rows("pcare_resend_locks") == []
    monkeypatch.undo()
    outcome = app.test_cli_runner().invoke(args=["bpjs", "resend-due"])
    assert outcome.exit_code == 0 and "nothing due" in outcome.output
    assert len(sim_requests(sim, mark, "kunjungan")) == 1


def test_resend_due_reports_a_database_error_without_values(sim, audit_db, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from bpjs_codec.flask_app.store import AuditStore

    app = create_app(settings(sim, audit_db))
    app.test_client()

    def due_fails(self, now, limit):
        raise OperationalError("SELECT no_rawat FROM pcare_send_attempts WHERE no_rawat = '2026/11/24/SECRET'",
                               {"no_rawat": "2026/11/24/SECRET"}, Exception(2013, "Lost connection"))

    monkeypatch.setattr(AuditStore, "due_no_rawat", due_fails)
    outcome = app.test_cli_runner().invoke(args=["bpjs", "resend-due"])
    assert outcome.exit_code != 0
    assert isinstance(outcome.exception, SystemExit), outcome.exception
    text = outcome.output.strip()
    assert len(text.splitlines()) == 1 and "database" in text, text
    assert "SECRET" not in text and "SELECT" not in text and "Traceback" not in text


# --- the audit hash key, the core's resend words -------------------------------------------------


def test_the_payload_hash_is_keyed(sim, audit_db):
    """BPJS_AUDIT_HASH_KEY when set, else derive_hash_key(SECRET): the log and
    the send state hash the payload as sent with it; a short key fails at start-up."""
    payload = kunjungan("pusing")
    for extra, key in (({}, bpjs_codec.derive_hash_key(SIM["secret"])),
                       ({"BPJS_AUDIT_HASH_KEY": "flask-installation-key-0001"}, "flask-installation-key-0001")):
        no_rawat = f"2026/11/24/0011{len(extra)}"
        client = create_app(settings(sim, audit_db, **extra)).test_client()
        status, _ = proxy(client, "kunjungan", "POST", payload, no_rawat=no_rawat)
        assert status in (200, 201)
        logged = [r for r in audit_db.rows("pcare_bpjs_log") if r["no_rawat"] == no_rawat]
        assert logged[0]["payload_hash"] == bpjs_codec.payload_hash(payload, key)
        assert send_state(audit_db, no_rawat)[0]["payload_hash"] == logged[0]["payload_hash"]
    assert bpjs_codec.payload_hash(payload, "flask-installation-key-0001") != \
        bpjs_codec.payload_hash(payload, bpjs_codec.derive_hash_key(SIM["secret"]))
    with pytest.raises(bpjs_codec.ConfigError) as info:
        create_app(settings(sim, audit_db, BPJS_AUDIT_HASH_KEY="short-key-9"))
    assert "hash_key" in str(info.value) and "short-key-9" not in str(info.value)


def test_a_row_of_another_service_is_unsupported(sim, audit_db):
    """The credentials in use send PCare; a VClaim row is refused by the core's
    rule (result word unsupported_service), nothing is sent, the endpoint is shown masked."""
    no_rawat = "2026/11/24/001200"
    app = create_app(settings(sim, audit_db))
    url = f"Peserta/nokartu/{CARD}/tglSEP/2026-11-24"
    status, body = proxy(down_app(sim, audit_db, "vclaim-rest").test_client(), url, "PUT", {"noKartu": CARD},
                         no_rawat=no_rawat)
    assert status == 502, body
    mark = len(sim.requests())
    reply = app.test_client().post(f"/resend/{no_rawat}", headers=AUTH)
    result = reply.get_json()["response"]["results"][0]
    assert result["result"] == "unsupported_service", result
    assert result["shown_endpoint"] == "Peserta/nokartu/*********7890/tglSEP/2026-11-24"
    assert CARD not in json.dumps(reply.get_json())
    assert sim_requests(sim, mark) == []
    state = send_state(audit_db, no_rawat)[0]
    assert (state["status"], state["next_attempt_at"]) == ("failed", None)
