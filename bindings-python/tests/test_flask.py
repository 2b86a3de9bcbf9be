"""The Flask service (bpjs_codec.flask_app) end to end against bpjs-sim:
Flask's test client, a real server on loopback, and the two documented
entry points (flask run, gunicorn)."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from bpjs_codec.flask_app import create_app
from bpjs_codec.flask_app.settings import ENV_KEYS
from conftest import SIM, stop

SECRETS = (SIM["secret"], SIM["user_key"], SIM["password"])

# (service, prod path, dev path, method, url, payload, check of the decoded response)
SERVICES = [
    ("vclaim", "vclaim-rest", "vclaim-rest-dev", "GET", "referensi/poli/INT", "",
     lambda r: r["poli"][0]["nama"] == "PENYAKIT DALAM"),
    ("pcare", "pcare-rest", "pcare-rest-dev", "GET", "dokter/0/10", "",
     lambda r: r["list"][0]["nmDokter"] == "dr. ANDI SIMULASI"),
    ("pcare", "pcare-rest-v3.0", "pcare-rest-v3.0", "GET", "diagnosa?keyword=A00&offset=0&limit=5", "",
     lambda r: len(r["list"]) >= 1),
    ("antreanrs", "antreanrs", "antreanrs_dev", "GET", "ref/poli", "", lambda r: r[0]["kdpoli"] == "INT"),
    ("antreanfktp", "antreanfktp", "antreanfktp_dev", "GET", "ref/poli/tanggal/2026-11-24", "",
     lambda r: r[0]["namapoli"] == "POLI UMUM"),
    ("icare-fktp", "wsihs/api/pcare", "ihs_dev/api/pcare", "POST", "validate",
     {"param": "0001234567890", "kodedokter": 100001}, lambda r: r["url"].startswith("https://icare.sim.invalid/")),
    ("icare-fkrtl", "wsihs/api/rs", "ihs_dev/api/rs", "POST", "validate",
     {"param": "0001234567890", "kodedokter": 100001}, lambda r: r["url"].startswith("https://icare.sim.invalid/")),
    ("apotek", "apotek-rest", "apotek-rest-dev", "GET", "referensi/dpho", "",
     lambda r: r["list"][0]["namaobat"] == "Amlodipin 5 mg tab"),
    ("aplicares", "aplicaresws/rest", "aplicaresws/rest", "GET", "bed/read/0301R001/1/10", "",
     lambda r: len(r["list"]) == 6),
]


def env_settings(host: str) -> dict:
    return {
        "HOST_BPJS": host,
        "CONSID": SIM["cons_id"],
        "SECRET": SIM["secret"],
        "USER_KEY": SIM["user_key"],
        "IS_ENCRYPT": "1",
        "USERNAME": SIM["username"],
        "PASSWORD": SIM["password"],
        "APP_CODE": SIM["app_code"],
    }


def header_credentials(host: str) -> dict:
    return {
        "x-host": host,
        "x-consid": SIM["cons_id"],
        "x-secret": SIM["secret"],
        "x-user_key": SIM["user_key"],
        "x-is_encrypt": "1",
        "x-username": SIM["username"],
        "x-password": SIM["password"],
        "x-app_code": SIM["app_code"],
    }


pytestmark = pytest.mark.usefixtures("flask_env")


@pytest.fixture
def app(sim_url):
    return create_app(env_settings(f"{sim_url}/vclaim-rest"))


@pytest.fixture
def client(app):
    return app.test_client()


def post(client, url, method="GET", payload="", headers=None, **kwargs):
    reply = client.post("/", json={"url": url, "method": method, "payload": payload}, headers=headers or {}, **kwargs)
    assert reply.mimetype == "application/json", reply.data[:200]
    return reply, reply.get_json()


def assert_no_secret(text: str):
    for secret in SECRETS:
        assert secret not in text


# --- every service path, both credential sources ---------------------------------


@pytest.mark.parametrize("development", [False, True], ids=["prod", "dev"])
@pytest.mark.parametrize("service, prod, dev, method, url, payload, check", SERVICES,
                         ids=[f"{s[0]}:{s[1]}" for s in SERVICES])
def test_header_credentials_every_service(sim_url, client, service, prod, dev, method, url, payload, check,
                                          development):
    host = f"{sim_url}/{dev if development else prod}/"
    reply, body = post(client, url, method, payload, headers=header_credentials(host))
    assert reply.status_code == 200, body
    assert list(body) == ["metaData", "response"]
    assert check(body["response"])
    assert_no_secret(reply.get_data(as_text=True))


def test_dotenv_credentials(sim_url, tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("".join(f"{k}={v}\n" for k, v in env_settings(f"{sim_url}/pcare-rest").items()))
    client = create_app().test_client()  # reads ./.env (the test runs in tmp_path)
    reply, body = post(client, "dokter/0/10")
    assert reply.status_code == 200, body
    assert body["metaData"] == {"code": 200, "message": "OK"}
    assert body["response"]["count"] == 8
    other = create_app(dotenv_path=str(dotenv)).test_client()
    assert post(other, "dokter/0/10")[1] == body


def test_environment_credentials(sim_url, monkeypatch):
    for key, value in env_settings(f"{sim_url}/antreanrs").items():
        monkeypatch.setenv(key, value)
    reply, body = post(create_app().test_client(), "ref/poli")
    assert reply.status_code == 200 and body["response"][0]["kdpoli"] == "INT"


def test_hyphenated_header_names(sim_url, client):
    headers = {k.replace("_", "-"): v for k, v in header_credentials(f"{sim_url}/antreanrs").items()}
    reply, body = post(client, "ref/poli", headers=headers)
    assert reply.status_code == 200 and body["response"][0]["kdpoli"] == "INT"


@pytest.mark.parametrize("dropped", [("x-is_encrypt",), ("x-user_key", "x-is_encrypt"), ("x-host",)])
def test_incomplete_header_credentials_are_a_400_naming_the_missing(sim_url, client, dropped):
    """Never the silent fallback to .env of flask-bpjs (whose request with a
    wrong x-secret got real data once a server dropped x-user_key)."""
    headers = header_credentials(f"{sim_url}/vclaim-rest-dev")
    headers["x-secret"] = "wrong-secret-1234"
    for name in dropped:
        del headers[name]
    reply, body = post(client, "referensi/poli/INT", headers=headers)
    assert reply.status_code == 400 and body["response"] is None
    assert body["metaData"]["kind"] == "config"
    for name in dropped:
        assert name.replace("_", "-") in body["metaData"]["message"]
    assert "wrong-secret-1234" not in reply.get_data(as_text=True)


def test_pcare_needs_its_login(sim_url):
    settings = env_settings(f"{sim_url}/pcare-rest")
    del settings["PASSWORD"]
    reply, body = post(create_app(settings).test_client(), "dokter/0/10")
    assert reply.status_code == 400
    assert body["metaData"]["kind"] == "config" and "password" in body["metaData"]["message"]
    assert_no_secret(reply.get_data(as_text=True))


def test_rejected_signature_comes_through_as_json(sim_url):
    settings = env_settings(f"{sim_url}/vclaim-rest")
    settings["SECRET"] = "not-the-secret-123"
    reply, body = post(create_app(settings).test_client(), "referensi/poli/INT")
    # the simulator rejects the signature: its 401 envelope comes through as JSON
    assert reply.status_code == 401
    assert body["metaData"] == {"code": "401", "message": "Invalid signature"}  # VClaim's code is a string
    assert "not-the-secret-123" not in reply.get_data(as_text=True)


# --- the flask-bpjs reply contract -------------------------------------------------


def test_envelope_fields_and_status_codes(sim_url, client):
    reply, body = post(client, "referensi/poli/NOSUCH")
    assert (reply.status_code, body["metaData"]["code"], body["response"]) == (201, "201", None)
    pcare = header_credentials(f"{sim_url}/pcare-rest")
    reply, body = post(client, "peserta/nokartu/0009999999999/tglPelayanan/2026-11-24", headers=pcare)
    assert reply.status_code == 200  # PCare code 204 must not drop the body
    assert body["metaData"]["code"] == 204 and body["metaData"]["message"] == "NO_CONTENT"
    aplicares = header_credentials(f"{sim_url}/aplicaresws/rest")
    reply, body = post(client, "bed/read/0301R001/1/10", headers=aplicares)
    assert reply.status_code == 200  # code 1 is HTTP 200 (SPEC section 5), the code stays 1
    assert body["metaData"] == {"code": 1, "message": "OK", "totalitems": 6}
    reply, body = post(client, "bed/read/0301R001/a/b", headers=aplicares)
    assert reply.status_code == 400 and body["metaData"]["code"] == 0  # code 0: HTTP 400, as flask-bpjs
    reply, body = post(client, "SEP/2.0/delete", "DELETE",
                       {"request": {"t_sep": {"noSep": "0301R0011124V000001", "user": "sim"}}})
    assert reply.status_code == 200 and body["response"] == "0301R0011124V000001"  # plain, by content
    reply, body = post(client, "no/such/endpoint")
    assert reply.status_code == 404 and body["response"] is None
    assert body["metaData"] == {"code": 404, "message": "URL tidak ditemukan"}


def test_large_reply(sim_url):
    client = create_app(env_settings(f"{sim_url}/pcare-rest")).test_client()
    reply, body = post(client, "diagnosa/-/0/100000")
    assert reply.status_code == 200
    assert body["response"]["count"] == len(body["response"]["list"]) > 1000


def test_is_encrypt_off_passes_the_response_through(sim_url):
    settings = dict(env_settings(f"{sim_url}/vclaim-rest"), IS_ENCRYPT="0")
    reply, body = post(create_app(settings).test_client(), "referensi/poli/INT")
    assert reply.status_code == 200 and isinstance(body["response"], str)


# --- faults ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "fault, status, kind",
    [
        ("wrong-key", 502, "padding"),
        ("truncate-block", 502, "padding"),
        ("lz-truncate", 502, "lz_truncated"),
        ("not-json", 502, "json"),
    ],
)
def test_decode_failures_are_502_with_kind(client, fault, status, kind, caplog):
    with caplog.at_level(logging.INFO):
        reply, body = post(client, f"referensi/poli/INT?__fault={fault}")
    assert reply.status_code == status
    assert body["response"] is None
    assert body["metaData"]["kind"] == kind
    assert f"({kind})" in body["metaData"]["message"]
    if kind == "padding":
        assert "wrong cons id, secret or timestamp" in body["metaData"]["message"]
    assert_no_secret(reply.get_data(as_text=True))
    assert_no_secret(caplog.text)
    assert kind in caplog.text


def test_plain_and_truncated_responses(client):
    reply, body = post(client, "referensi/poli/INT?__fault=plain")
    assert reply.status_code == 200 and body["response"]["poli"][0]["kode"] == "INT"
    # A cut ciphertext (base64, no longer a multiple of 16 bytes) is still
    # ciphertext by the core's rule: an error with its kind, never a success
    # carrying the cut text.
    reply, body = post(client, "referensi/poli/INT?__fault=truncate")
    assert reply.status_code == 502 and body["metaData"]["kind"] == "cipher_length"
    assert body["response"] is None


def test_upstream_server_errors_keep_their_status(client):
    # flask-bpjs's rule: the status (and code) of the reply.
    reply, body = post(client, "referensi/poli/INT?__fault=503")
    assert reply.status_code == 503 and body["metaData"]["code"] == 503
    assert "503" in body["metaData"]["message"]
    assert "<" not in body["metaData"]["message"]  # the HTML page, summarised
    reply, body = post(client, "referensi/poli/INT?__fault=500")
    assert reply.status_code == 500
    assert body["metaData"] == {"code": "500", "message": "Internal Server Error"}


def test_dropped_connection_is_502(client):
    reply, body = post(client, "referensi/poli/INT?__fault=drop")
    assert reply.status_code == 502
    assert "BPJS unreachable" in body["metaData"]["message"]


def test_timeout_is_504(sim_url):
    settings = dict(env_settings(f"{sim_url}/vclaim-rest"), BPJS_HTTP_TIMEOUT="0.3")
    reply, body = post(create_app(settings).test_client(), "referensi/poli/INT?__fault=slow:3000")
    assert reply.status_code == 504
    assert "timeout" in body["metaData"]["message"]


def test_refused_connection_is_502():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = create_app(env_settings(f"http://127.0.0.1:{port}/vclaim-rest")).test_client()
    reply, body = post(client, "referensi/poli/INT")
    assert reply.status_code == 502
    assert "connection refused" in body["metaData"]["message"]


# --- HTTP behaviour of the service itself --------------------------------------------


def test_charset_content_type_is_accepted(client):
    reply = client.post(
        "/", data=json.dumps({"url": "referensi/poli/INT", "method": "GET", "payload": ""}),
        content_type="application/json; charset=utf-8",
    )
    assert reply.status_code == 200 and reply.get_json()["response"]["poli"]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"data": "url=x", "content_type": "application/x-www-form-urlencoded"},
        {"data": "{not json", "content_type": "application/json"},
        {"json": {"method": "GET"}},
        {"json": {"url": "x", "method": "TRACE"}},
        {"json": {"url": "x", "method": "POST", "payload": "", "content_type": 5}},
        {"json": [1, 2]},
    ],
)
def test_bad_requests_are_json_400(client, kwargs):
    reply = client.post("/", **kwargs)
    assert reply.status_code == 400
    assert reply.get_json()["metaData"]["code"] == 400


def test_errors_are_json_never_html(client):
    for call in (lambda: client.put("/"), lambda: client.patch("/"), lambda: client.get("/nope"),
                 lambda: client.get("/history"), lambda: client.post("/change_log")):
        reply = call()
        assert reply.status_code in (404, 405)
        assert reply.mimetype == "application/json"
        assert reply.get_json()["metaData"]["code"] == reply.status_code
    # flask-bpjs's welcome: HTTP 405 carrying code 200 and a note.
    reply = client.get("/")
    assert reply.status_code == 405 and reply.get_json()["metaData"]["code"] == 200
    assert "change_log" in reply.get_json()["metaData"]["note"]
    assert client.get("/change_log").get_json()["metaData"]["message"] == "Catatan Perubahan"


def test_unexpected_errors_are_json_500_and_logged_without_secrets(sim_url, monkeypatch, caplog):
    import bpjs_codec.flask_app as flask_app

    def boom(*args, **kwargs):
        raise RuntimeError(f"header value {SIM['user_key']} rejected")

    monkeypatch.setattr(flask_app.attempts, "call", boom)
    app = create_app(env_settings(f"{sim_url}/vclaim-rest"))
    with caplog.at_level(logging.ERROR):
        reply, body = post(app.test_client(), "referensi/poli/INT")
    assert reply.status_code == 500 and body["metaData"]["code"] == 500
    assert "RuntimeError" in caplog.text
    assert_no_secret(caplog.text + reply.get_data(as_text=True))


PREFLIGHT = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type, x-consid"}


def test_cors_without_origins_refuses_preflight(client, caplog):
    """Unset BPJS_CORS_ORIGINS: as flask-bpjs in practice, a preflight is
    refused (405), so no other web page can send the JSON POST; simple
    replies carry Access-Control-Allow-Origin as the original's did."""
    reply = client.options("/", headers={"Origin": "https://evil.example", **PREFLIGHT})
    assert reply.status_code == 405 and reply.mimetype == "application/json"
    reply, _ = post(client, "referensi/poli/INT", headers={"Origin": "http://simrs.local"})
    assert "Access-Control-Allow-Origin" in reply.headers


def test_cors_origins_grant_listed_origins_only(sim_url, caplog):
    settings = dict(env_settings(f"{sim_url}/vclaim-rest"), BPJS_CORS_ORIGINS="http://simrs.local, https://b.local")
    with caplog.at_level(logging.WARNING):
        client = create_app(settings).test_client()
    assert "BPJS_CORS_ORIGINS is not set" not in caplog.text
    reply = client.options("/", headers={"Origin": "http://simrs.local", **PREFLIGHT})
    assert reply.status_code == 200
    assert reply.headers["Access-Control-Allow-Origin"] == "http://simrs.local"
    assert "x-consid" in reply.headers["Access-Control-Allow-Headers"].lower()
    reply = client.options("/", headers={"Origin": "https://evil.example", **PREFLIGHT})
    assert "Access-Control-Allow-Origin" not in reply.headers
    reply, _ = post(client, "referensi/poli/INT", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in reply.headers


def test_unset_cors_origins_warns_what_is_exposed(sim_url, caplog):
    with caplog.at_level(logging.WARNING):
        create_app(env_settings(f"{sim_url}/vclaim-rest"))
    assert "BPJS_CORS_ORIGINS is not set" in caplog.text and "preflights are refused" in caplog.text


# --- concurrency, real servers ------------------------------------------------------------


def test_concurrent_requests(sim_url, app):
    """100 requests from 8 threads, mixed services and sizes, all decoded."""
    jobs = []
    for i in range(100):
        service, prod, _, method, url, payload, check = SERVICES[i % len(SERVICES)]
        if i % 25 == 0:
            prod, method, url, payload = "pcare-rest", "GET", "diagnosa/-/0/100000", ""
            check = lambda r: r["count"] == len(r["list"])  # noqa: E731
        jobs.append((f"{sim_url}/{prod}", method, url, payload, check))

    def run(job):
        host, method, url, payload, check = job
        client = app.test_client()
        reply, body = post(client, url, method, payload, headers=header_credentials(host))
        return reply.status_code == 200 and check(body["response"])

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(run, jobs))
    assert results == [True] * 100


def test_real_server_on_loopback(app):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}/"
        with requests.Session() as session:  # keep-alive to the service too
            for _ in range(3):
                reply = session.post(base, json={"url": "referensi/poli/INT", "method": "GET", "payload": ""},
                                     timeout=30)
                assert reply.status_code == 200
                assert reply.json()["response"]["poli"][0]["nama"] == "PENYAKIT DALAM"
            assert session.get(base, timeout=30).status_code == 405
    finally:
        server.shutdown()
        thread.join()


def _entry_point_commands():
    bin_dir = os.path.dirname(sys.executable)
    commands = [pytest.param([os.path.join(bin_dir, "flask"), "run", "--port", "0"], id="flask-run")]
    gunicorn = os.path.join(bin_dir, "gunicorn")
    commands.append(pytest.param(
        [gunicorn, "--bind", "127.0.0.1:0", "--workers", "1", "--threads", "4", "bpjs_codec.flask_app:create_app()"],
        id="gunicorn",
        marks=pytest.mark.skipif(not os.path.exists(gunicorn) and not shutil.which("gunicorn"),
                                 reason="gunicorn not installed"),
    ))
    return commands


@pytest.mark.parametrize("command", _entry_point_commands())
def test_documented_entry_points(sim_url, command, tmp_path):
    """`FLASK_APP=bpjs_codec.flask_app flask run` and
    `gunicorn 'bpjs_codec.flask_app:create_app()'`, credentials from .env."""
    (tmp_path / ".env").write_text(
        "".join(f"{k}={v}\n" for k, v in env_settings(f"{sim_url}/vclaim-rest").items())
    )
    env = {k: v for k, v in os.environ.items() if k not in ENV_KEYS}
    env["FLASK_APP"] = "bpjs_codec.flask_app"
    process = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    output = []
    try:
        url = None
        for line in process.stdout:
            output.append(line)
            found = re.search(r"(?:Running on|Listening at:) (http://127\.0\.0\.1:\d+)", line)
            if found:
                url = found.group(1)
                break
        assert url, "".join(output)
        threading.Thread(target=lambda: output.extend(process.stdout), daemon=True).start()
        reply = requests.post(url + "/", json={"url": "referensi/poli/INT", "method": "GET", "payload": ""},
                              timeout=30)
        assert reply.status_code == 200
        assert reply.json()["response"]["poli"][0]["kode"] == "INT"
        # Header credentials for another service, hyphenated: gunicorn drops
        # header names with underscores (x-user_key) unless --header-map dangerous.
        hyphenated = {k.replace("_", "-"): v for k, v in header_credentials(f"{sim_url}/pcare-rest").items()}
        reply = requests.post(url + "/", json={"url": "dokter/0/10", "method": "GET", "payload": ""},
                              headers=hyphenated, timeout=30)
        assert reply.status_code == 200, reply.text
        assert reply.json()["response"]["count"] == 8
    finally:
        stop(process)
    assert_no_secret("".join(output))


def test_pcare_post_with_text_plain(sim_url, client):
    """PCare `kunjungan` with the configurable Content-Type; its code 201 means created."""
    pcare = header_credentials(f"{sim_url}/pcare-rest")
    reply = client.post("/", headers=pcare, json={
        "url": "kunjungan", "method": "POST", "payload": {"noKartu": "0001234567890"}, "content_type": "text/plain",
    })
    body = reply.get_json()
    assert reply.status_code == 201, body
    assert body["metaData"] == {"message": "CREATED", "code": 201}
    assert body["response"]["field"] == "noKunjungan"


def test_host_userinfo_never_echoed(caplog):
    # A gateway password in HOST_BPJS must reach neither the client nor the log.
    client = create_app(env_settings("http://gwuser:GwPassw0rd@127.0.0.1:9/vclaim-rest")).test_client()
    with caplog.at_level(logging.DEBUG):
        reply, body = post(client, "referensi/poli/INT")
    assert reply.status_code == 502, body
    shown = reply.get_data(as_text=True) + caplog.text
    assert "GwPassw0rd" not in shown and "gwuser" not in shown
    assert "127.0.0.1:9" in body["metaData"]["message"]
