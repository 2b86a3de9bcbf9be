"""The endpoint catalogue (docs/catalogue.md) through the Python binding:
``catalogue()`` lists the core's table, ``request()`` builds every entry
(path, body, URL, headers), the stub's endpoint-name Literals are exactly
the catalogue's names, and the whole catalogue is walked against bpjs-sim
over real HTTP, each reply decoded with ``process_wrapper``."""

from __future__ import annotations

import ast
import json
import pathlib
import re
import subprocess
import sys
import urllib.parse

import pytest
import requests

import bpjs_codec
from bpjs_codec import ConfigError
from conftest import SIM

ROOT = pathlib.Path(__file__).resolve().parents[2]
STUB = ROOT / "bindings-python" / "python" / "bpjs_codec" / "_bpjs_codec.pyi"
TOOL = ROOT / "bindings-python" / "tools" / "endpoint_names.py"
CATALOGUE = bpjs_codec.catalogue()
CREDENTIALS = {k: SIM[k] for k in ("cons_id", "secret", "user_key", "username", "password", "app_code")}
TS = 1764892800
IDS = [f"{e['service']}:{e['name']}" for e in CATALOGUE]
# The request keys of the core's build_request_json, then the binding's own.
CORE_KEYS = ["service", "name", "method", "path", "content_type", "body", "encrypted_reply", "production_path",
             "development_path"]


def field_value(name: str):
    """A plausible value for a body field, by its BPJS name (as the simulator's own walk)."""
    lower = name.lower()
    if lower in ("nokartu", "nomorkartu", "param"):
        return "0001234567890"
    if lower.startswith("tgl") or lower.startswith("tanggal"):
        return "2026-12-05"
    if lower in ("kodepoli", "kdpoli"):
        return "INT"
    if lower in ("status", "taskid", "waktu", "kodedokter", "jenisresep"):
        return 1
    return "1"


def sample_body(fields: list) -> dict:
    body: dict = {}
    for field in fields:
        if isinstance(field, str):
            body[field] = field_value(field)
        else:
            for name, inner in field.items():
                body[name] = sample_body(inner)
    return body


def sample_params(entry: dict) -> dict:
    params = {p["name"]: p["example"] for p in entry["params"]}
    if entry["body"] is not None:
        params["body"] = sample_body(entry["body"]["fields"])
    return params


def expected_path(entry: dict, params: dict) -> str:
    """The template filled in by this test's own reading of docs/catalogue.md."""
    def fill(match: re.Match) -> str:
        return urllib.parse.quote(str(params[match.group(1)]), safe="-._~")
    return "/" + re.sub(r"\{([A-Za-z0-9_]+)\??:[^}]+\}", fill, entry["path"])


def wrapped(entry: dict, body: dict):
    for key in reversed(entry["body"]["wrapper"]):
        body = {key: body}
    return body


# --- the table ---------------------------------------------------------------------------


def test_catalogue_is_the_documented_table():
    assert len(CATALOGUE) == 191
    counts: dict = {}
    for entry in CATALOGUE:
        counts[entry["service"]] = counts.get(entry["service"], 0) + 1
        assert list(entry) == ["service", "name", "method", "path", "params", "encrypted_reply", "content_type",
                               "body", "reply", "production_path", "development_path"]
    assert counts == {"vclaim": 88, "pcare": 56, "apotek": 18, "antreanrs": 17, "antreanfktp": 5, "aplicares": 5,
                      "icare-fkrtl": 1, "icare-fktp": 1}
    assert len(set(IDS)) == len(IDS)
    nik = next(e for e in CATALOGUE if (e["service"], e["name"]) == ("vclaim", "peserta.nik"))
    assert nik == {
        "service": "vclaim", "name": "peserta.nik", "method": "GET",
        "path": "Peserta/nik/{nik:nik}/tglSEP/{tgl_sep:date}",
        "params": [{"name": "nik", "type": "nik", "optional": False, "expected": "a NIK of 16 digits",
                    "example": "3201011705800001"},
                   {"name": "tgl_sep", "type": "date", "optional": False, "expected": "a date YYYY-MM-DD",
                    "example": "2026-12-05"}],
        "encrypted_reply": True, "content_type": "application/json", "body": None,
        "reply": {"envelope": "metaData", "code": "string", "ok_code": 200},
        "production_path": "vclaim-rest", "development_path": "vclaim-rest-dev",
    }
    # A fresh list each call: changing it changes nothing in the core.
    copy = bpjs_codec.catalogue()
    copy[0]["name"] = "changed"
    assert bpjs_codec.catalogue()[0]["name"] == CATALOGUE[0]["name"]


def test_the_documented_request():
    r = bpjs_codec.request("vclaim", "peserta.nik", {"nik": "3201011705800001", "tgl_sep": "2026-12-05"})
    assert r == {
        "service": "vclaim", "name": "peserta.nik", "method": "GET",
        "path": "/Peserta/nik/3201011705800001/tglSEP/2026-12-05", "content_type": "application/json", "body": None,
        "encrypted_reply": True, "production_path": "vclaim-rest", "development_path": "vclaim-rest-dev",
        "url": "https://apijkn.bpjs-kesehatan.go.id/vclaim-rest/Peserta/nik/3201011705800001/tglSEP/2026-12-05",
    }


@pytest.mark.parametrize("entry", CATALOGUE, ids=IDS)
def test_every_entry_builds(entry):
    params = sample_params(entry)
    r = bpjs_codec.request(entry["service"], entry["name"], params)
    assert list(r) == CORE_KEYS + ["url"]
    for key in ("service", "name", "method", "encrypted_reply", "production_path", "development_path"):
        assert r[key] == entry[key], key
    if entry["content_type"] is not None:
        assert r["content_type"] == entry["content_type"]
    assert r["path"] == expected_path(entry, params)
    if entry["body"] is None:
        assert r["body"] is None
    else:
        assert json.loads(r["body"]) == wrapped(entry, params["body"])
    assert r["url"] == f"{bpjs_codec.PRODUCTION_HOST}/{entry['production_path']}{r['path']}"
    dev = bpjs_codec.request(entry["service"], entry["name"], params, development=True)
    assert dev["url"] == f"{bpjs_codec.DEVELOPMENT_HOST}/{entry['development_path']}{r['path']}"
    # The params as JSON text through json.loads are the same request (the binding converts only).
    assert bpjs_codec.request(entry["service"], entry["name"], json.loads(json.dumps(params))) == r


def test_headers_are_build_headers_for_the_request():
    body = {"noKartu": "0001234567890", "tglSep": "2026-12-05"}
    r = bpjs_codec.request("vclaim", "sep.insert", {"body": body}, credentials=CREDENTIALS, timestamp=TS)
    assert r["headers"] == bpjs_codec.build_headers(
        "vclaim", SIM["cons_id"], SIM["secret"], user_key=SIM["user_key"], username=SIM["username"],
        password=SIM["password"], app_code=SIM["app_code"], timestamp=TS, method="POST",
        content_type=r["content_type"])
    assert list(r["headers"])[:3] == ["X-cons-id", "X-timestamp", "X-signature"]
    assert r["headers"]["Content-Type"] == r["content_type"] == "Application/x-www-form-urlencoded"
    pcare = bpjs_codec.request("pcare", "referensi.dokter", {"start": "0", "limit": "10"}, credentials=CREDENTIALS)
    assert "X-authorization" in pcare["headers"] and pcare["headers"]["X-timestamp"].isdigit()
    plain = bpjs_codec.request("pcare", "referensi.dokter", {"start": "0", "limit": "10"}, credentials=None)
    assert "headers" not in plain


def test_base_url_is_the_service_root():
    params = {"nik": "3201011705800001", "tgl_sep": "2026-12-05"}
    for base in ("http://127.0.0.1:9/vclaim-rest-dev", "http://127.0.0.1:9/vclaim-rest-dev/"):
        r = bpjs_codec.request("vclaim", "peserta.nik", params, base_url=base)
        assert r["url"] == "http://127.0.0.1:9/vclaim-rest-dev/Peserta/nik/3201011705800001/tglSEP/2026-12-05"


NIK = "3201011705800002"


@pytest.mark.parametrize("call, named", [
    (lambda: bpjs_codec.request("vclaim", "peserta.nik", {"nik": NIK[:-1] + "X", "tgl_sep": "2026-12-05"}), "nik"),
    (lambda: bpjs_codec.request("vclaim", "peserta.nik", {"nik": NIK, "tgl_sep": "2026-02-30"}), "tgl_sep"),
    (lambda: bpjs_codec.request("vclaim", "peserta.nik", {"nik": NIK}), "tgl_sep"),
    # An unknown name is told by its length: it may be a URL path with a card number.
    (lambda: bpjs_codec.request("vclaim", "peserta.nok", {"nik": NIK}), "no endpoint by the name given (11 bytes)"),
    (lambda: bpjs_codec.request("bpjs", "peserta.nik", {"nik": NIK}), "service"),
    (lambda: bpjs_codec.request("vclaim", "peserta.nik", {"nik": NIK, "tgl_sep": "2026-12-05"},
                                credentials={"cons_id": "1", "secret": NIK, "userKey": NIK}), "unknown key"),
    (lambda: bpjs_codec.request("vclaim", "peserta.nik", {"nik": NIK, "tgl_sep": "2026-12-05"},
                                credentials={"secret": NIK}), "cons_id"),
    (lambda: bpjs_codec.request("vclaim", "peserta.nik", {"nik": NIK, "tgl_sep": "2026-12-05"},
                                credentials={"cons_id": "1", "secret": NIK}), "user_key"),
    (lambda: bpjs_codec.request("vclaim", "peserta.nik", {"nik": NIK, "tgl_sep": float("nan")}), "NaN"),
])
def test_errors_name_the_parameter_never_the_value(call, named):
    with pytest.raises(ConfigError) as info:
        call()
    shown = f"{info.value} {info.value!r}"
    assert named.lower() in shown.lower()
    assert NIK not in shown and NIK[:-1] not in shown
    assert "peserta.nok" not in shown


def test_a_card_number_must_be_text():
    with pytest.raises(ConfigError):
        bpjs_codec.request("vclaim", "peserta.nokartu", {"no_kartu": 1234567890, "tgl_sep": "2026-12-05"})


# --- the stub's endpoint names --------------------------------------------------------------


def stub_literals() -> dict:
    """``<Service>Endpoint = Literal[...]`` assignments of the stub: alias -> names."""
    out = {}
    for node in ast.parse(STUB.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) and \
                node.targets[0].id.endswith("Endpoint") and isinstance(node.value, ast.Subscript):
            elements = node.value.slice.elts if isinstance(node.value.slice, ast.Tuple) else [node.value.slice]
            out[node.targets[0].id] = [e.value for e in elements if isinstance(e, ast.Constant)]
    return out


def alias(service: str) -> str:
    return "".join(part.capitalize() for part in service.split("-")) + "Endpoint"


def test_stub_endpoint_names_are_the_catalogue():
    literals = stub_literals()
    by_service: dict = {}
    for entry in CATALOGUE:
        by_service.setdefault(alias(entry["service"]), []).append(entry["name"])
    assert literals == by_service, "run bindings-python/tools/endpoint_names.py after a catalogue change"
    # EndpointName covers every service's Literal, and request() has one overload per service.
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    endpoint_name = next(n for n in tree.body if isinstance(n, ast.Assign) and
                         getattr(n.targets[0], "id", "") == "EndpointName")
    assert sorted(e.id for e in endpoint_name.value.slice.elts) == sorted(by_service)
    overloads = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "request"]
    assert len(overloads) == len(by_service)


def test_the_generator_agrees():
    result = subprocess.run([sys.executable, str(TOOL), "--check"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, "the stub's endpoint names are stale: run bindings-python/tools/endpoint_names.py"


# --- the walk over real HTTP ---------------------------------------------------------------------


def send(sim_url: str, entry: dict, params: dict):
    r = bpjs_codec.request(entry["service"], entry["name"], params, credentials=CREDENTIALS,
                           base_url=f"{sim_url}/{entry['production_path']}")
    reply = requests.request(r["method"], r["url"], headers=r["headers"], data=r["body"], timeout=30)
    return r, reply


def test_walk_the_whole_catalogue(sim_url):
    ok, business_errors, walked = 0, [], 0
    for entry in CATALOGUE:
        if entry["production_path"] == "erekammedis":
            continue  # its body is built by build_medical_record_request: test_erm_insert_against_the_simulator
        walked += 1
        label = f"{entry['service']} {entry['name']}"
        r, reply = send(sim_url, entry, sample_params(entry))
        assert reply.status_code == 200, f"{label}: HTTP {reply.status_code}"
        envelope = bpjs_codec.process_wrapper(SIM["cons_id"], SIM["secret"], r["headers"]["X-timestamp"], reply.text)
        assert isinstance(envelope, dict), label
        shape = entry["reply"]
        meta = envelope.get(shape["envelope"])
        assert isinstance(meta, dict), f"{label}: no {shape['envelope']}"
        code = meta["code"]
        if shape["code"] == "string":
            assert isinstance(code, str), label
        else:
            assert isinstance(code, int) and not isinstance(code, bool), label
        known_exception = (entry["service"], entry["name"]) == ("antreanrs", "referensi.poli")
        if int(code) == shape["ok_code"] or (known_exception and int(code) == 200):
            ok += 1
            raw = json.loads(reply.text).get("response")
            if entry["encrypted_reply"] and envelope.get("response") is not None:
                assert isinstance(raw, str) and raw != envelope["response"], f"{label}: reply not encrypted"
            if not entry["encrypted_reply"]:
                assert raw == envelope.get("response"), f"{label}: a plain endpoint answered ciphertext"
        else:
            # Records the run did not create (a SEP, a booking) answer the service's "not found".
            assert not bpjs_codec.metadata(envelope)["ok"], f"{label}: code {code} read as ok"
            business_errors.append(f"{label}: {code}")
    assert walked == len(CATALOGUE) - 1
    assert ok >= 170, business_errors
    assert len(business_errors) <= 20, business_errors


def test_erm_insert_against_the_simulator(sim_url):
    entry = next(e for e in CATALOGUE if e["production_path"] == "erekammedis")
    body = bpjs_codec.build_medical_record_request(SIM["cons_id"], SIM["secret"], "0301R001", {
        "noSep": "0301R0011124V000123", "jnsPelayanan": "2", "bulan": 11, "tahun": 2024,
        "bundle": {"resourceType": "Bundle", "type": "document", "entry": []}})
    r = bpjs_codec.request(entry["service"], entry["name"], {"body": json.loads(body)}, credentials=CREDENTIALS,
                           base_url=f"{sim_url}/{entry['production_path']}")
    assert json.loads(r["body"]) == json.loads(body)  # an already wrapped body is sent as is
    assert r["content_type"] == "text/plain"
    reply = requests.request(r["method"], r["url"], headers=r["headers"], data=r["body"], timeout=30)
    assert reply.status_code == 200, reply.status_code
    envelope = bpjs_codec.process_wrapper(SIM["cons_id"], SIM["secret"], r["headers"]["X-timestamp"], reply.text)
    assert bpjs_codec.metadata(envelope)["ok"], envelope
    assert envelope["metaData"]["code"] == "200" and "keterangan" in envelope["response"]
