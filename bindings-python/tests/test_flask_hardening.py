"""The second security review of the Flask service, each finding an attack
over real HTTP on 127.0.0.1: the service runs in a Werkzeug server on port 0,
its upstream is the simulator or a tiny local server (local_upstream.py).

- x-host read differently by two URL parsers (a backslash): refused before
  any connection, and the URL sent is rebuilt from the allowed host;
- compressed replies: identity asked for, anything else refused unread;
- plain JSON replies (IS_ENCRYPT=0, or plain by content) capped by
  BPJS_MAX_OUTPUT and BPJS_MAX_JSON_VALUES before Python objects are built,
  the worker's peak RSS measured in a fresh process;
- BPJS_CORS_ORIGINS entries are exact origins; a chunked body over
  MAX_CONTENT_LENGTH is a 413; deeply nested JSON a 400; a secret in the
  endpoint never in urllib3's DEBUG line."""

from __future__ import annotations

import contextlib
import gzip
import http.client
import json
import logging
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest
import requests
from local_upstream import MIB, count_only, local_upstream, read_request, wait_for
from werkzeug.serving import make_server

import bpjs_codec
from bpjs_codec.flask_app import DEFAULT_MAX_JSON_VALUES, DEFAULT_MAX_OUTPUT, create_app
from bpjs_codec.flask_app.settings import allowed_hosts, check_header_host
from conftest import SIM, artifacts_dir, proxy_settings, running_sim

BODY = {"url": "referensi/poli/INT", "method": "GET", "payload": ""}


pytestmark = pytest.mark.usefixtures("flask_env")


@pytest.fixture(scope="module")
def sim(tmp_path_factory):
    log = tmp_path_factory.mktemp("hardening") / "sim.log"
    with running_sim(log) as running:
        yield running




@contextlib.contextmanager
def serving(config: dict) -> Iterator[str]:
    """The service over real HTTP on 127.0.0.1 (port 0): its base URL."""
    server = make_server("127.0.0.1", 0, create_app(config), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def post(base: str, body=None, headers=None):
    reply = requests.post(base + "/", json=body or BODY, headers=headers or {}, timeout=60)
    assert reply.headers["Content-Type"].startswith("application/json"), reply.text[:200]
    return reply.status_code, reply.json()


def credentials(host: str) -> dict:
    return {"x-host": host, "x-consid": SIM["cons_id"], "x-secret": SIM["secret"], "x-user-key": SIM["user_key"],
            "x-is-encrypt": "0"}


def answer_json(body: bytes, extra_headers: bytes = b"", seen: list | None = None):
    """A local upstream answering ``body`` to every request (and noting each request's headers)."""

    def serve(connection: socket.socket, upstream) -> None:
        headers = read_request(connection)
        if seen is not None:
            seen.append(headers)
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n%s\r\n"
                           % (len(body), extra_headers) + body)
        upstream.bytes_sent += len(body)

    return serve


# --- 1. x-host: the allow-list read as urllib3 sends ------------------------------------


def test_a_backslash_in_x_host_never_reaches_another_port(sim):
    """``http://127.0.0.1:OTHER\\@127.0.0.1:SIM/vclaim-rest``: urlsplit reads the
    allowed host after the ``@``, urllib3 ends the authority at the backslash
    and connects to OTHER. Refused with 400, and OTHER sees no connection;
    the same for BPJS's own https host behind the backslash."""
    sim_port = sim.url.rsplit(":", 1)[1]
    with local_upstream(count_only) as internal, serving(proxy_settings(f"{sim.url}/vclaim-rest")) as base:
        mark = len(sim.requests())
        for host in (f"http://127.0.0.1:{internal.port}\\@127.0.0.1:{sim_port}/vclaim-rest",
                     f"https://127.0.0.1:{internal.port}\\@apijkn.bpjs-kesehatan.go.id/vclaim-rest",
                     f"http://127.0.0.1:{internal.port}%5C@127.0.0.1:{sim_port}/vclaim-rest",
                     f"http://x@127.0.0.1:{sim_port}/vclaim-rest",
                     f"http://127.0.0.1:{sim_port}/vclaim\t-rest",
                     f"http://127.0.0.1:{sim_port} /vclaim-rest"):
            status, body = post(base, headers=credentials(host))
            assert status == 400 and body["metaData"]["kind"] == "config", (host, body)
            assert "x-host" in body["metaData"]["message"]
        assert not wait_for(lambda: internal.connections > 0, seconds=1.0)
        assert internal.connections == 0
        assert sim.requests()[mark:] == []
        # the allowed host itself still works (the witness: the sim gets it)
        status, body = post(base, headers=credentials(f"HTTP://127.0.0.1:{sim_port}/vclaim-rest/"))
        assert status == 200, body
        assert len(sim.requests()) == mark + 1


def test_the_url_sent_is_rebuilt_from_the_allowed_host():
    allowed = allowed_hosts({})
    assert check_header_host("https://APIJKN.bpjs-kesehatan.go.id:443/vclaim-rest/", allowed) == \
        "https://apijkn.bpjs-kesehatan.go.id/vclaim-rest"
    assert check_header_host("http://[::1]:8080/pcare-rest", allowed_hosts({"BPJS_ALLOWED_HOSTS": "[::1]:8080"})) \
        == "http://[::1]:8080/pcare-rest"
    for host in ("https://127.0.0.1:1\\@apijkn.bpjs-kesehatan.go.id/vclaim-rest",
                 "https://apijkn.bpjs-kesehatan.go.id@127.0.0.1/vclaim-rest",
                 "https://apijkn.bpjs-kesehatan.go.id/vclaim-rest\x00",
                 "https://apijkn.bpjs-kesehatan.go.id/vclaim%2Drest"):
        with pytest.raises(bpjs_codec.ConfigError, match="x-host"):
            check_header_host(host, allowed)


# --- 2. compressed replies -----------------------------------------------------------


def test_a_compressed_reply_is_refused_unread():
    """Identity is asked for; a gzip reply (a small valid one, and a
    ``gzip, gzip`` bomb of 64 MiB of zeros) is a 502 JSON, not retried."""
    small = gzip.compress(b'{"metaData":{"code":"200","message":"OK"},"response":{}}')
    bomb = gzip.compress(gzip.compress(b"0" * (64 * MIB)))
    for body, encoding in ((small, b"gzip"), (bomb, b"gzip, gzip")):
        seen: list = []
        with local_upstream(answer_json(body, b"Content-Encoding: " + encoding + b"\r\n", seen)) as upstream, \
                serving(proxy_settings(f"{upstream.url}/vclaim-rest", IS_ENCRYPT="0")) as base:
            status, reply = post(base)
            assert status == 502, reply
            assert "Content-Encoding" in reply["metaData"]["message"] and reply["response"] is None
            assert upstream.connections == 1  # the same reply would come again: no retry
        assert seen and seen[0].get("accept-encoding") == "identity"


# --- 3. plain replies: decoded size and object build-up ---------------------------------

DENSE = b'{"metaData":{"code":"200","message":"OK"},"response":[' + b"[]," * (2 * MIB) + b"[]]}"


@pytest.mark.parametrize("is_encrypt", ["0", "1"], ids=["IS_ENCRYPT=0", "plain-by-content"])
def test_plain_replies_are_capped_before_parsing(is_encrypt):
    """A plain reply over BPJS_MAX_OUTPUT (a few long strings) and one over
    BPJS_MAX_JSON_VALUES (``[[],[],...]``): 502 output_limit, on both paths."""
    long = b'{"metaData":{"code":"200","message":"OK"},"response":"' + b"a" * 5000 + b'"}'
    with local_upstream(answer_json(long)) as upstream:
        with serving(proxy_settings(f"{upstream.url}/vclaim-rest", IS_ENCRYPT="0", BPJS_MAX_OUTPUT="1000")) as base:
            status, body = post(base)
            assert status == 502 and body["metaData"]["kind"] == "output_limit", body
    with local_upstream(answer_json(DENSE)) as upstream:
        with serving(proxy_settings(f"{upstream.url}/vclaim-rest", IS_ENCRYPT=is_encrypt)) as base:
            status, body = post(base)
            assert status == 502 and body["metaData"]["kind"] == "output_limit", body
            assert "BPJS_MAX_JSON_VALUES" in body["metaData"]["message"]
        # under the limits, the same shape goes through
        with serving(proxy_settings(f"{upstream.url}/vclaim-rest", IS_ENCRYPT=is_encrypt,
                              BPJS_MAX_JSON_VALUES=str(8 * MIB), BPJS_MAX_OUTPUT=str(8 * MIB))) as base:
            status, body = post(base)
            assert status == 200 and len(body["response"]) == 2 * MIB + 1


MEASURE = r"""
import json, sys, time
import bpjs_codec
from bpjs_codec.flask_app import create_app

def peak_kib():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))

config, timestamp = json.loads(sys.argv[1]), sys.argv[2]
real = bpjs_codec.build_headers
def fixed_timestamp(*args, **kwargs):  # the reply was encrypted for this X-timestamp
    kwargs["timestamp"] = timestamp
    return real(*args, **kwargs)
bpjs_codec.build_headers = fixed_timestamp
client = create_app(config).test_client()
client.get("/health")
baseline = peak_kib()
started = time.perf_counter()
reply = client.post("/", json={"url": "referensi/poli/INT", "method": "GET", "payload": ""})
elapsed = time.perf_counter() - started
body = reply.get_json()
print(json.dumps({"status": reply.status_code, "meta": body["metaData"], "baseline_kib": baseline,
                  "peak_kib": peak_kib(), "elapsed_s": round(elapsed, 3)}))
"""


def measure(upstream_url: str, is_encrypt: str, timestamp: str = "1764900000") -> dict:
    config = proxy_settings(f"{upstream_url}/vclaim-rest", IS_ENCRYPT=is_encrypt)
    done = subprocess.run([sys.executable, "-c", MEASURE, json.dumps(config), timestamp], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["growth_mib"] = round((figures["peak_kib"] - figures["baseline_kib"]) / 1024, 1)
    return figures


def test_dense_replies_keep_the_worker_small():
    """``[[],[],...]`` replies, the peak RSS growth of a fresh worker process:
    31 MB plain (IS_ENCRYPT=0 and plain by content) refused before parsing;
    an encrypted one that decodes to just under the 4 Mi-unit default
    answered, its objects bounded by the lower default."""
    lines = []
    big = b'{"metaData":{"code":"200","message":"OK"},"response":[' + b"[]," * (10 * MIB) + b"[]]}"
    with local_upstream(answer_json(big)) as upstream:
        for is_encrypt in ("0", "1"):
            figures = measure(upstream.url, is_encrypt)
            assert figures["status"] == 502 and figures["meta"]["kind"] == "output_limit", figures
            assert figures["growth_mib"] < 128, figures
            lines.append(f"plain [[],...] {len(big)} bytes, IS_ENCRYPT={is_encrypt}: HTTP {figures['status']} "
                         f"output_limit in {figures['elapsed_s']} s, peak RSS +{figures['growth_mib']} MiB")
    timestamp = "1764900000"
    units = DEFAULT_MAX_OUTPUT - 64
    inner = '{"list":[' + "[]," * ((units - 12) // 3) + "[]]}"
    cipher = bpjs_codec.compress_and_encrypt(SIM["cons_id"], SIM["secret"], timestamp, inner)
    envelope = ('{"metaData":{"code":"200","message":"OK"},"response":"' + cipher + '"}').encode()
    with local_upstream(answer_json(envelope)) as upstream:
        figures = measure(upstream.url, "1", timestamp)
    assert figures["status"] == 200, figures
    assert figures["growth_mib"] < 192, figures
    lines.append(f"encrypted {len(envelope)} bytes -> {len(inner)} units of [[],...] (cap {DEFAULT_MAX_OUTPUT}): "
                 f"HTTP 200 in {figures['elapsed_s']} s, peak RSS +{figures['growth_mib']} MiB")
    print("\n".join(lines))
    artifacts = artifacts_dir()
    if artifacts is not None:
        (artifacts / "python-flask-dense.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_limit_defaults():
    app = create_app(proxy_settings("http://127.0.0.1:9/vclaim-rest"))
    state = app.extensions["bpjs_codec"]
    assert state.max_output == DEFAULT_MAX_OUTPUT == 4 * MIB
    assert state.max_json_values == DEFAULT_MAX_JSON_VALUES == MIB


# --- 4. CORS, request body, logs -----------------------------------------------------


def test_cors_origins_are_exact(sim):
    config = proxy_settings(f"{sim.url}/vclaim-rest", BPJS_CORS_ORIGINS="https://simrs.rs.local, http://10.0.0.5:8080")
    with serving(config) as base:
        for origin, allowed in (("https://simrs.rs.local", True), ("http://10.0.0.5:8080", True),
                                ("https://simrs.rs.local.evil.example", False), ("null", False),
                                ("https://simrs.rs.localx", False), ("http://10.0.0.5:80801", False)):
            reply = requests.options(base + "/", headers={"Origin": origin, "Access-Control-Request-Method": "POST",
                                                          "Access-Control-Request-Headers": "content-type"},
                                     timeout=30)
            assert (reply.headers.get("Access-Control-Allow-Origin") == origin) is allowed, (origin, reply.headers)
    with serving(proxy_settings(f"{sim.url}/vclaim-rest", BPJS_CORS_ORIGINS="*")) as base:
        reply = requests.options(base + "/", headers={"Origin": "https://any.example",
                                                      "Access-Control-Request-Method": "POST"}, timeout=30)
        assert reply.headers.get("Access-Control-Allow-Origin") in ("*", "https://any.example")


@pytest.mark.parametrize("entry", ["https://simrs\\.rs\\.local", "https://simrs.rs.local(:8443)?", "*.rs.local",
                                   "https://simrs.rs.local/", "simrs.rs.local", "null", "*, https://a.example",
                                   "https://a.example:99999"])
def test_a_cors_entry_that_is_not_an_origin_stops_the_start_up_in_one_line(entry, tmp_path):
    script = ("from bpjs_codec.flask_app import create_app\n"
              f"create_app({{'HOST_BPJS': 'http://127.0.0.1:9/vclaim-rest', 'BPJS_CORS_ORIGINS': {entry!r}}})\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    message = [line for line in done.stderr.splitlines() if "BPJS_CORS_ORIGINS" in line]
    assert len(message) == 1 and "exact origin" in message[0]


def test_a_chunked_body_over_the_limit_is_413(sim):
    mark = len(sim.requests())
    with serving(proxy_settings(f"{sim.url}/vclaim-rest")) as base:
        port = int(base.rsplit(":", 1)[1])
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        payload = b'{"url": "referensi/poli/INT", "method": "POST", "payload": "' + b"a" * (2 * MIB) + b'"}'
        chunks = (payload[i:i + 65536] for i in range(0, len(payload), 65536))
        try:
            connection.request("POST", "/", body=chunks, headers={"Content-Type": "application/json"},
                               encode_chunked=True)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may answer before it read everything
        reply = connection.getresponse()
        data = json.loads(reply.read())
        connection.close()
    assert reply.status == 413, data
    assert "MAX_CONTENT_LENGTH" in data["metaData"]["message"]
    assert sim.requests()[mark:] == []


def test_deeply_nested_json_is_400(sim):
    mark = len(sim.requests())
    with serving(proxy_settings(f"{sim.url}/vclaim-rest")) as base:
        for text in ("[" * 100000 + "]" * 100000,
                     '{"url": "x", "method": "POST", "payload": ' + '{"a":' * 50000 + "1" + "}" * 50000 + "}"):
            reply = requests.post(base + "/", data=text, headers={"Content-Type": "application/json"}, timeout=60)
            assert reply.status_code == 400, reply.text[:300]
            assert reply.json()["metaData"]["message"].endswith("nested too deeply")
    assert sim.requests()[mark:] == []


def test_a_secret_in_the_endpoint_is_not_in_the_urllib3_debug_line(caplog):
    # Its own simulator without a request log: the paths sent here carry the secret on
    # purpose, and make test's credential scan reads every file the suites leave.
    with running_sim() as sim, caplog.at_level(logging.DEBUG, logger="urllib3.connectionpool"), \
            serving(proxy_settings(f"{sim.url}/vclaim-rest")) as base:
        post(base, {"url": f"referensi/poli/{SIM['secret']}", "method": "GET", "payload": ""})
        # header credentials: the call's own secret
        other = "otherSecret-4417"
        post(base, {"url": f"referensi/poli/{other}", "method": "GET", "payload": ""},
             headers=dict(credentials(f"{sim.url}/vclaim-rest"), **{"x-secret": other}))
    lines = [r.getMessage() for r in caplog.records if r.name == "urllib3.connectionpool"]
    assert any("referensi/poli" in line for line in lines), lines  # the witness: the line is there
    assert not any(SIM["secret"] in line or other in line for line in lines), lines
