"""The flask-bpjs wire contract: every request of data/flask_bpjs_observed.json
(the original app's documented requests and the edge cases around them, with
what the original answered against bpjs-sim) sent to the drop-in over real HTTP
on loopback, against a fresh simulator whose log counts what reached "BPJS".

Where the original answered JSON, the drop-in must answer the same status and
the same parsed body (key order is not part of the contract: the original
sorts keys), ``metaData.code`` type included, unless the case is one of the
deliberate differences below (each listed in bindings-python/README.md,
"Differences from flask-bpjs"). Where the original crashed into an HTML page,
the drop-in answers JSON with a message.
"""

from __future__ import annotations

import json
import pathlib
import socket
import threading

import pytest
import requests
from werkzeug.serving import make_server

from bpjs_codec.flask_app import create_app
from conftest import SIM, running_sim

OBSERVED = json.loads((pathlib.Path(__file__).parent / "data" / "flask_bpjs_observed.json").read_text("utf-8"))
CASES = OBSERVED["cases"]

# The .env of each group, as the original ran with it (plus PCare's login, which
# the original could not send).
GROUPS = {
    "vclaim": ("vclaim-rest/", "1"),
    "antreanrs": ("antreanrs/", "1"),
    "aplicares": ("aplicaresws/rest/", "0"),
    "apotek": ("apotek-rest/", "1"),
    "pcare": ("pcare-rest/", "1"),
}

CONFIG_400 = {"status": 400, "kind": "config", "upstream": 0}

# Deliberate differences where the original answered JSON: case id -> what
# the drop-in answers instead (keys not given: as the original).
CHANGED = {
    "V1": {"welcome": True},  # the welcome text is the drop-in's own (code 200, HTTP 405, note kept)
    "V25": {"upstream": 0},  # url "": the same 404 "URL tidak ditemukan", answered without calling BPJS
    "V32": {"status": 200, "code": "200", "upstream": 1, "response_any": True},  # ...; charset=utf-8 accepted
    "V33": {"status": 200, "code": "200", "upstream": 1, "response_any": True},  # Application/JSON accepted
    "V38": {"upstream": 3},  # a GET that got a 5xx is retried (the core's retry rule), status kept
    "V39": {"message_any": True, "upstream": 3},  # HTML page: its title, not the whole page
    "V48": CONFIG_400,  # x-user_key / x-is_encrypt dropped by the server: incomplete set, never .env
    "V50": CONFIG_400,
    "V52": CONFIG_400,  # partial header credentials: 400 naming what is missing
    "V53": CONFIG_400,
    "V54": {"response_type": str},  # x-is-encrypt 0: the ciphertext (of this request's timestamp)
    "V56": CONFIG_400,  # x-host without a BPJS service path: refused before any connection
    "V59": {"message_any": True},  # a plain-text error reply: its size, not its text
    # the underscore duplicate is dropped by the server (the original joined both values)
    "V62": {"status": 200, "code": "200", "response_any": True},
    "V63": {"response_any": True},  # /change_log: the drop-in's own notes
    "AR5": {"upstream": 3},
    "AP1": {"extra_meta": {"totalitems": 6}},  # Aplicares' totalitems kept (the original lost it)
    "AP2": {"extra_meta": {"totalitems": 0}},
    "AP3": {"code": 0},  # code 0: HTTP 400 as the original, the code as BPJS sent it
    "P1": {"status": 200, "code": 200, "response_any": True},  # PCare's X-authorization is sent
}

# Where the original crashed (Werkzeug's or gunicorn's HTML page): what the
# drop-in answers, always JSON. (status, kind or None)
CRASHED = {
    "V26": (400, None), "V27": (400, None), "V29": (400, None),  # url/method not strings, body a string
    "V30": (400, None), "V31": (400, None),  # invalid / empty JSON: HTML 400 there
    "V40": (502, None),  # dropped connection
    "V42": (200, None),  # an unencrypted reply while IS_ENCRYPT=1: recognised by content
    "V43": (502, "padding"), "V44": (502, "cipher_length"), "V45": (502, "padding"),
    "V46": (502, "lz_truncated"), "V47": (502, "json"),
    "V55": (400, "config"),  # x-host at a closed port: not an allowed host, nothing connects
    "V60": (400, "config"),  # x-host without a scheme
    "V61": (200, None),  # x-is-encrypt "yes" reads as on
    "V65": (404, None), "V66": (200, None), "V67": (404, None),  # /history, /health, unknown route
    "AR4": (200, None),  # Antrean RS dashboard, never encrypted
}


pytestmark = pytest.mark.usefixtures("flask_env")


@pytest.fixture(scope="module")
def sim(tmp_path_factory):
    """A fresh simulator (the SEP and antrean cases change its state in order)."""
    log = tmp_path_factory.mktemp("contract") / "sim.log"
    with running_sim(log) as running:
        yield running


@pytest.fixture(scope="module")
def servers(sim):
    """One drop-in per group on a real server (Werkzeug's, as `flask run`):
    header names with underscores are dropped as they are in production."""
    started = {}
    for group, (path, encrypt) in GROUPS.items():
        app = create_app({
            "HOST_BPJS": f"{sim.url}/{path}", "CONSID": SIM["cons_id"], "SECRET": SIM["secret"],
            "USER_KEY": SIM["user_key"], "IS_ENCRYPT": encrypt, "USERNAME": SIM["username"],
            "PASSWORD": SIM["password"], "BPJS_HTTP_RETRY_SLEEP": "0",
        })
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        started[group] = (server, thread)
    yield {group: f"http://127.0.0.1:{server.server_port}" for group, (server, _) in started.items()}
    for server, thread in started.values():
        server.shutdown()
        thread.join()


def closed_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return str(probe.getsockname()[1])


def fill(value, sim_url: str, closed: str):
    text = json.dumps(value).replace("http://SIMHOST", sim_url).replace("CLOSEDPORT", closed)
    return json.loads(text)


def send(case: dict, base: str, sim_url: str) -> requests.Response:
    closed = closed_port()
    headers = fill(case["headers"], sim_url, closed)
    if case["content_type"] is not None:
        headers["Content-Type"] = case["content_type"]
    if case["raw"] is not None:
        data = case["raw"].encode()
    elif case["json_body"] is not None:
        data = json.dumps(fill(case["json_body"], sim_url, closed)).encode()
    else:
        data = None
    return requests.request(case["method"], base + case["path"], data=data, headers=headers, timeout=60)


@pytest.mark.parametrize("case", CASES, ids=[f"{c['id']}-{c['name']}" for c in CASES])
def test_same_answer_as_flask_bpjs(case, servers, sim):
    before = len(sim.requests())
    reply = send(case, servers[case["group"]], sim.url)
    calls = len(sim.requests()) - before
    original = case["original"]

    if case["method"] == "HEAD":  # never reaches BPJS, as the original
        assert (reply.status_code, calls) == (original["status"], 0)
        return
    assert reply.headers["Content-Type"].startswith("application/json"), reply.text[:200]
    body = reply.json()
    assert list(body) == ["metaData", "response"]

    if not original["json"]:
        status, kind = CRASHED[case["id"]]
        assert reply.status_code == status, body
        assert isinstance(body["metaData"]["message"], str) and body["metaData"]["message"]
        if kind is not None:
            assert body["metaData"]["kind"] == kind
        if case["id"] == "V47":  # the decrypted text is never quoted
            assert "Sukses" not in body["metaData"]["message"]
        return

    expected = json.loads(json.dumps(original["body"]).replace("http://SIMHOST", servers[case["group"]]))
    change = CHANGED.get(case["id"], {})
    assert reply.status_code == change.get("status", original["status"]), body
    assert calls == change.get("upstream", original["upstream_calls"])
    meta = body["metaData"]
    if "kind" in change:
        assert meta["kind"] == change["kind"] and meta["code"] == 400
        assert "missing" in meta["message"] or "x-host" in meta["message"]
        return
    if change.get("welcome"):
        assert meta["code"] == 200 and meta["note"].endswith("/change_log") and "POST" in meta["message"]
        assert body["response"] is None
        return
    expected_meta = dict(expected["metaData"], **change.get("extra_meta", {}))
    if "code" in change:
        expected_meta["code"] = change["code"]
    if change.get("message_any"):
        assert isinstance(meta["message"], str) and meta["message"]
        expected_meta["message"] = meta["message"]
    if "status" in change and "code" in change and case["id"] not in ("AP3",):
        expected_meta["message"] = meta["message"]  # the reply of a request the original did not send
    assert meta == expected_meta
    assert type(meta["code"]) is type(expected_meta["code"])  # "200" stays a string, 1 a number
    if "response_type" in change:
        assert isinstance(body["response"], change["response_type"])
    elif not change.get("response_any"):
        assert body["response"] == expected["response"]


def test_every_observed_case_has_a_rule():
    """A case added to the data file without a decision fails here."""
    for case in CASES:
        if not case["original"]["json"] and case["method"] != "HEAD":
            assert case["id"] in CRASHED, case["name"]
