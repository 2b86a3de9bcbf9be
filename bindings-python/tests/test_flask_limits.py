"""The Flask service's limits, each a setting with a safe default: request
body (MAX_CONTENT_LENGTH), upstream reply bytes (BPJS_MAX_REPLY_BYTES),
decoded size (BPJS_MAX_OUTPUT), one total deadline per upstream call
(BPJS_HTTP_TOTAL_TIMEOUT), stored text size (BPJS_AUDIT_MAX_STORED_BYTES);
and retention (bpjs purge), the private default SQLite file, the one-line
error of a missing [audit] extra, HOST taken only when it is a BPJS URL.

Each misbehaving upstream is a tiny local server (local_upstream.py) or the
simulator's own fault; every answer must be JSON."""

from __future__ import annotations

import json
import logging
import os
import stat
import subprocess
import sys

import pytest
from local_upstream import MIB, bomb, drip_body, drip_headers, huge, local_upstream

import bpjs_codec
from bpjs_codec.flask_app import DEFAULT_MAX_OUTPUT, create_app
from conftest import SIM, artifacts_dir, proxy_settings, running_sim

BODY = {"url": "referensi/poli/INT", "method": "GET", "payload": ""}


pytestmark = pytest.mark.usefixtures("flask_env")


@pytest.fixture(scope="module")
def sim(tmp_path_factory):
    log = tmp_path_factory.mktemp("limits") / "sim.log"
    with running_sim(log) as running:
        yield running




def post(client, body=None, **kwargs):
    reply = client.post("/", json=body or BODY, **kwargs)
    assert reply.mimetype == "application/json", reply.data[:200]
    return reply.status_code, reply.get_json()


# --- request body ------------------------------------------------------------------


def test_a_40_mb_body_is_refused_413(sim):
    client = create_app(proxy_settings(f"{sim.url}/vclaim-rest")).test_client()
    mark = len(sim.requests())
    huge_body = b'{"url": "referensi/poli/INT", "method": "POST", "payload": "' + b"a" * (40 * MIB) + b'"}'
    reply = client.post("/", data=huge_body, content_type="application/json")
    assert reply.status_code == 413 and reply.mimetype == "application/json"
    assert "MAX_CONTENT_LENGTH" in reply.get_json()["metaData"]["message"]
    assert sim.requests()[mark:] == []
    # the setting: a larger limit lets a 2 MiB body through
    bigger = create_app(proxy_settings(f"{sim.url}/vclaim-rest", MAX_CONTENT_LENGTH=str(4 * MIB))).test_client()
    status, _ = post(bigger, dict(BODY, padding="a" * (2 * MIB)))
    assert status == 200


# --- reply bytes -------------------------------------------------------------------


@pytest.mark.parametrize("declare", [False, True], ids=["streamed", "content-length"])
def test_a_100_mb_reply_is_cut(declare):
    with local_upstream(huge(100 * MIB, declare=declare)) as upstream:
        client = create_app(proxy_settings(f"{upstream.url}/vclaim-rest", IS_ENCRYPT="0")).test_client()
        status, body = post(client)
        assert status == 502
        assert "BPJS_MAX_REPLY_BYTES" in body["metaData"]["message"] and body["response"] is None
        assert upstream.connections == 1  # a reply too large is not asked for again
    assert upstream.bytes_sent < 100 * MIB  # the proxy stopped reading


def test_the_reply_limit_is_a_setting(sim):
    client = create_app(proxy_settings(f"{sim.url}/pcare-rest", USERNAME=SIM["username"], PASSWORD=SIM["password"],
                                 BPJS_MAX_REPLY_BYTES="1000")).test_client()
    status, body = post(client, {"url": "diagnosa/-/0/100000", "method": "GET", "payload": ""})
    assert status == 502 and "larger than 1000 bytes" in body["metaData"]["message"]


# --- decoded size ------------------------------------------------------------------

MEASURE = r"""
import json, resource, sys, time
import bpjs_codec
from bpjs_codec.flask_app import create_app

def peak_kib():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))

url, timestamp = sys.argv[1], sys.argv[2]
real = bpjs_codec.build_headers
def fixed_timestamp(*args, **kwargs):  # the bomb was encrypted for this X-timestamp
    kwargs["timestamp"] = timestamp
    return real(*args, **kwargs)
bpjs_codec.build_headers = fixed_timestamp
config = {"HOST_BPJS": url + "/vclaim-rest", "CONSID": sys.argv[3], "SECRET": sys.argv[4], "USER_KEY": sys.argv[5],
          "BPJS_HTTP_RETRY_SLEEP": "0"}
client = create_app(config).test_client()
client.get("/health")
baseline, ru_baseline = peak_kib(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
reply = client.post("/", json={"url": "referensi/poli/INT", "method": "GET", "payload": ""})
elapsed = time.perf_counter() - started
print(json.dumps({"status": reply.status_code, "body": reply.get_json(), "baseline_kib": baseline,
                  "peak_kib": peak_kib(), "ru_maxrss_before_kib": ru_baseline,
                  "ru_maxrss_after_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "elapsed_s": round(elapsed, 3)}))
"""


def test_a_bomb_reply_is_refused_with_bounded_memory():
    """A reply of a few KB that decompresses to 9 Mi characters: refused at
    the proxy's 4 Mi-unit cap (kind output_limit), the worker's peak RSS
    bounded (measured in a fresh process: VmHWM and getrusage's ru_maxrss)."""
    timestamp = "1764900000"
    with local_upstream(bomb(timestamp, units=9 * MIB)) as upstream:
        done = subprocess.run([sys.executable, "-c", MEASURE, upstream.url, timestamp, SIM["cons_id"], SIM["secret"],
                               SIM["user_key"]], capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        sent = upstream.bytes_sent
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["status"] == 502, figures
    assert figures["body"]["metaData"]["kind"] == "output_limit"
    growth_mib = (figures["peak_kib"] - figures["baseline_kib"]) / 1024
    assert growth_mib < 256, figures  # the cap's text is 8 MiB; no Python objects were built
    line = (f"bomb reply {sent} bytes -> 9 Mi units, cap {DEFAULT_MAX_OUTPUT} units: HTTP {figures['status']} "
            f"{figures['body']['metaData']['kind']} in {figures['elapsed_s']} s, peak RSS +{growth_mib:.1f} MiB "
            f"(VmHWM {figures['baseline_kib']} -> {figures['peak_kib']} KiB; ru_maxrss "
            f"{figures['ru_maxrss_before_kib']} -> {figures['ru_maxrss_after_kib']} KiB)")
    print(line)
    artifacts = artifacts_dir()
    if artifacts is not None:
        (artifacts / "python-flask-bomb.txt").write_text(line + "\n", encoding="utf-8")


def test_the_decoded_size_limit_is_a_setting(sim):
    client = create_app(proxy_settings(f"{sim.url}/pcare-rest", USERNAME=SIM["username"], PASSWORD=SIM["password"],
                                 BPJS_MAX_OUTPUT="1000")).test_client()
    status, body = post(client, {"url": "diagnosa/-/0/100000", "method": "GET", "payload": ""})
    assert status == 502 and body["metaData"]["kind"] == "output_limit"


# --- one total deadline ------------------------------------------------------------


@pytest.mark.parametrize("drip", [drip_body, drip_headers], ids=["body", "headers"])
def test_a_slow_drip_ends_at_the_total_deadline(drip, caplog):
    """Each byte comes well within the 2 s read timeout: only the total
    deadline (1.5 s here) ends the call, and no retry starts after it."""
    with local_upstream(drip()) as upstream:
        client = create_app(proxy_settings(f"{upstream.url}/vclaim-rest", BPJS_HTTP_TIMEOUT="2",
                                     BPJS_HTTP_TOTAL_TIMEOUT="1.5")).test_client()
        with caplog.at_level(logging.WARNING):
            status, body = post(client)
        assert status == 504
        assert "BPJS_HTTP_TOTAL_TIMEOUT" in body["metaData"]["message"]
        assert upstream.connections == 1


def test_a_slow_simulator_ends_at_the_total_deadline(sim):
    """The simulator's `slow` fault past the deadline: 504, and the GET is not
    tried again after the deadline (the retries share it)."""
    client = create_app(proxy_settings(f"{sim.url}/vclaim-rest", BPJS_HTTP_TIMEOUT="30",
                                 BPJS_HTTP_TOTAL_TIMEOUT="1")).test_client()
    mark = len(sim.requests())
    status, body = post(client, dict(BODY, url="referensi/poli/INT?__fault=slow:4000"))
    assert status == 504 and "BPJS_HTTP_TOTAL_TIMEOUT" in body["metaData"]["message"]
    assert len(sim.requests()[mark:]) <= 1


def test_the_resend_stale_limit_exceeds_the_total_deadline(sim):
    for total in ("25", "1", "100"):
        app = create_app(proxy_settings(f"{sim.url}/vclaim-rest", BPJS_HTTP_TOTAL_TIMEOUT=total))
        stale = app.extensions["bpjs_codec"].stale
        assert stale["row_stale_secs"] > float(total) and stale["lock_stale_secs"] > stale["row_stale_secs"]
    defaults = create_app(proxy_settings(f"{sim.url}/vclaim-rest"))
    assert defaults.extensions["bpjs_codec"].total_timeout < 30  # below gunicorn's worker timeout


# --- audit: stored size, retention, the file ----------------------------------------


def audit_app(sim, tmp_path, **extra):
    return create_app(proxy_settings(f"{sim.url}/pcare-rest", USERNAME=SIM["username"], PASSWORD=SIM["password"],
                               BPJS_AUDIT_LOG="true", **extra), instance_path=str(tmp_path / "instance"))


def test_the_stored_payload_size_is_a_setting(sim, tmp_path):
    app = audit_app(sim, tmp_path, BPJS_AUDIT_MAX_STORED_BYTES="1024")
    payload = {"noKartu": "0001234567890", "tglDaftar": "24-11-2026", "kdPoli": "001", "keluhan": "k" * 5000}
    post(app.test_client(), {"url": "kunjungan", "method": "POST", "payload": payload, "no_rawat": "2026/11/24/1"})
    import sqlite3

    with sqlite3.connect(tmp_path / "instance" / "bpjs_audit.sqlite3") as db:
        stored = db.execute("SELECT request_payload FROM pcare_bpjs_log").fetchone()[0]
    assert len(stored.encode()) <= 1024 and "[truncated:" in stored


def test_the_default_database_file_is_private(sim, tmp_path):
    app = audit_app(sim, tmp_path)
    post(app.test_client())
    path = tmp_path / "instance" / "bpjs_audit.sqlite3"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) & 0o077 == 0


def test_purge_deletes_old_rows_and_keeps_failed_writes(sim, tmp_path):
    app = audit_app(sim, tmp_path, BPJS_AUDIT_RETENTION_DAYS="30")
    client = app.test_client()
    post(client)  # a GET: a log row
    kunjungan = {"noKartu": "0001234567890", "tglDaftar": "24-11-2026", "kdPoli": "001", "keluhan": "demam"}
    post(client, {"url": "kunjungan", "method": "POST", "payload": kunjungan, "no_rawat": "2026/11/24/2"})
    post(client, {"url": "kunjungan?__fault=503", "method": "POST", "payload": kunjungan, "no_rawat": "2026/11/24/3"})
    import sqlite3

    db_path = tmp_path / "instance" / "bpjs_audit.sqlite3"
    with sqlite3.connect(db_path) as db:
        db.execute("UPDATE pcare_bpjs_log SET created_at = datetime('now', '-100 days')")
        db.execute("UPDATE pcare_send_attempts SET updated_at = datetime('now', '-100 days')")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["bpjs", "purge", "--older-than", "90d"])
    assert result.exit_code == 0, result.output
    assert "3 from pcare_bpjs_log" in result.output and "1 from pcare_send_attempts" in result.output
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT count(*) FROM pcare_bpjs_log").fetchone()[0] == 0
        assert db.execute("SELECT no_rawat, status FROM pcare_send_attempts").fetchall() == [("2026/11/24/3", "failed")]
    # the setting decides without --older-than; nothing newer than it goes
    post(client)
    result = runner.invoke(args=["bpjs", "purge"])
    assert result.exit_code == 0 and "0 from pcare_bpjs_log" in result.output
    assert runner.invoke(args=["bpjs", "purge", "--older-than", "soon"]).exit_code != 0


def test_a_missing_audit_extra_is_one_line(sim, tmp_path):
    script = f"""
import sys
sys.modules["sqlalchemy"] = None  # as if bpjs-codec[audit] were not installed
from bpjs_codec.flask_app import create_app
create_app({{"HOST_BPJS": "{sim.url}/vclaim-rest", "CONSID": "1", "SECRET": "s", "BPJS_AUDIT_LOG": "true"}})
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if line.strip() and "WARNING" not in line
             and "BPJS_" not in line.split(":")[0]]
    message = [line for line in done.stderr.splitlines() if "pip install 'bpjs-codec[audit]'" in line]
    assert len(message) == 1 and "Traceback" not in done.stderr, done.stderr
    assert lines


# --- HOST ------------------------------------------------------------------------


def test_host_alone_is_used_only_when_it_is_a_bpjs_url(sim, caplog):
    base = {"CONSID": SIM["cons_id"], "SECRET": SIM["secret"], "USER_KEY": SIM["user_key"]}
    with caplog.at_level(logging.WARNING):
        client = create_app(dict(base, HOST="web01")).test_client()
    assert "HOST ignored: not a BPJS service URL" in caplog.text
    status, body = post(client)
    assert status == 400 and "HOST_BPJS" in body["metaData"]["message"]
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        client = create_app(dict(base, HOST=f"{sim.url}/vclaim-rest")).test_client()
    assert "from HOST (HOST_BPJS is not set)" in caplog.text
    assert post(client)[0] == 200
    # HOST_BPJS wins over HOST
    both = create_app(dict(base, HOST="http://127.0.0.1:9/vclaim-rest", HOST_BPJS=f"{sim.url}/vclaim-rest"))
    assert post(both.test_client())[0] == 200


def test_limit_defaults():
    app = create_app({"HOST_BPJS": "http://127.0.0.1:9/vclaim-rest", "CONSID": "1", "SECRET": "s"})
    state = app.extensions["bpjs_codec"]
    assert app.config["MAX_CONTENT_LENGTH"] == MIB
    assert state.max_reply_bytes == 32 * MIB
    assert state.max_output == DEFAULT_MAX_OUTPUT == 4 * MIB
    assert DEFAULT_MAX_OUTPUT < bpjs_codec.DEFAULT_MAX_OUTPUT
    assert state.total_timeout == 25.0
