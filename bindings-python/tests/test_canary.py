"""No patient data in any error (issue: one data-safe policy): the canary
vectors of tests/vectors/vectors.json (``canary``, ``ciphertext_rule``), and
the Flask service end to end: requests whose upstream reply or payload
carries the canary leave it in no reply body, log record or audit row."""

from __future__ import annotations

import json
import logging
import pickle

import pytest

import bpjs_codec
from bpjs_codec.flask_app import create_app
from bpjs_codec.flask_app.settings import ENV_KEYS
from conftest import SIM, load_vectors, running_sim

VECTORS = load_vectors()
FORBIDDEN = VECTORS["canary"]["forbidden"]
CANARY, CARD = "CANARY-0001234567890", "0001234567890"


def assert_clean(text: str, where: str) -> None:
    for word in FORBIDDEN:
        assert word not in text, f"{where} holds {word!r}: {text[:300]}"


def call_of(case: dict):
    options = {"max_output": case["max_output"]} if "max_output" in case else {}
    key = (case["cons_id"], case["secret"], case["timestamp"])
    calls = {
        "process_wrapper": lambda: bpjs_codec.process_wrapper(*key, case["input"], **options),
        "decrypt_and_decompress": lambda: bpjs_codec.decrypt_and_decompress(*key, case["input"], **options),
        "decrypt": lambda: bpjs_codec.decrypt("".join(key), case["input"]),
        "lz_decompress": lambda: bpjs_codec.lz_decompress(case["input"], **options),
        "build_headers": lambda: bpjs_codec.build_headers(case["input"], case["cons_id"], case["secret"],
                                                          user_key=case.get("user_key"), timestamp=case["timestamp"]),
    }
    assert case["call"] in calls, f"canary case {case['name']}: unknown call {case['call']} (add it here)"
    return calls[case["call"]]


def test_the_canary_is_in_the_inputs():
    assert FORBIDDEN and CANARY in FORBIDDEN
    assert sum(any(word in c["input"] for word in FORBIDDEN) for c in VECTORS["canary"]["cases"]) >= 2


@pytest.mark.parametrize("case", VECTORS["canary"]["cases"], ids=[c["name"] for c in VECTORS["canary"]["cases"]])
def test_canary(case, caplog):
    caplog.set_level(logging.DEBUG)
    with pytest.raises(bpjs_codec.DecodeError) as info:
        call_of(case)()
    error = info.value
    assert error.kind == case["error"], str(error)
    for where, text in (("str", str(error)), ("repr", repr(error)), ("args", repr(error.args)),
                        ("message", str(getattr(error, "message", ""))), ("pickle", repr(pickle.dumps(error))),
                        ("traceback", "".join(info.traceback.format() if hasattr(info.traceback, "format")
                                              else [str(entry) for entry in info.traceback]))):
        assert_clean(text, where)
    assert_clean(caplog.text, "the log")
    if case["call"] == "process_wrapper":
        # The audit row of the failed attempt, as the drop-in stores it.
        row = bpjs_codec.audit_record(
            {"service": "vclaim", "method": "GET", "endpoint": f"Peserta/nokartu/{CARD}/tglSEP/2026-12-05",
             "correlation_id": "canary", "http_status": 200, "error_kind": error.kind,
             "error_message": str(error)},
            {"hash_key": bpjs_codec.derive_hash_key(case["secret"]), "secret_values": [case["secret"]]},
        )
        assert row["status"] == "failed"
        assert_clean(json.dumps(row), "the audit row")


@pytest.mark.parametrize("case", VECTORS["ciphertext_rule"], ids=[c["name"] for c in VECTORS["ciphertext_rule"]])
def test_ciphertext_rule(case):
    assert bpjs_codec.is_ciphertext(case["response"]) is case["ciphertext"]


def test_ciphertext_rule_is_what_process_wrapper_follows():
    """A string the rule calls plain passes through; one it calls ciphertext is decoded or an error."""
    args = ("1000", "S3cr3t", "1732406400")
    for case in VECTORS["ciphertext_rule"]:
        body = json.dumps({"metaData": {"code": "200", "message": "OK"}, "response": case["response"]})
        try:
            out = bpjs_codec.process_wrapper(*args, body)
        except bpjs_codec.DecodeError:
            assert case["ciphertext"], case["name"]
        else:
            assert not case["ciphertext"] and out["response"] == case["response"], case["name"]


# --- the Flask service: the canary in upstream replies and in payloads -----------------------------

FAULTS = ["lz-truncate", "truncate", "truncate-block", "wrong-key", "not-json", "503", "502", "drop", "412", "500"]
PESERTA = f"Peserta/nokartu/{CARD}/tglSEP/2026-11-24"


@pytest.fixture
def canary_sim(tmp_path):
    """A simulator whose peserta reply carries the canary (a --data fixture)."""
    fixture = tmp_path / "data" / "vclaim" / (PESERTA + ".json")
    fixture.parent.mkdir(parents=True)
    fixture.write_text(json.dumps({"peserta": {"nama": CANARY, "noKartu": CARD, "nik": "3201011705800001",
                                                "keterangan": f"kartu {CARD} {CANARY}"}}))
    command_log = tmp_path / "sim.log"
    with running_sim(command_log, extra=["--data", str(tmp_path / "data")]) as sim:
        yield sim


def test_flask_keeps_the_canary_out_of_errors_logs_and_rows(canary_sim, tmp_path, monkeypatch, caplog):
    for key in ENV_KEYS:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)
    caplog.set_level(logging.DEBUG)
    database = tmp_path / "audit.sqlite3"
    app = create_app({
        "HOST_BPJS": f"{canary_sim.url}/vclaim-rest", "CONSID": SIM["cons_id"], "SECRET": SIM["secret"],
        "USER_KEY": SIM["user_key"], "BPJS_AUDIT_LOG": "true", "BPJS_AUDIT_DB_URL": f"sqlite:///{database}",
        "BPJS_HTTP_RETRY_SLEEP": "0", "BPJS_HTTP_RETRY_TIMES": "0",
    })
    client = app.test_client()
    # The fixture really is served: a successful read returns the canary to its caller (that is its data).
    ok = client.post("/", json={"url": PESERTA, "method": "GET", "payload": ""})
    assert ok.status_code == 200 and ok.get_json()["response"]["peserta"]["nama"] == CANARY
    replies = []
    for fault in FAULTS:
        reply = client.post("/", json={"url": f"{PESERTA}?__fault={fault}", "method": "GET", "payload": ""})
        assert reply.status_code >= 400, (fault, reply.status_code)
        replies.append(reply.get_data(as_text=True))
    # A write whose payload and path carry the card number and the canary in identifier fields.
    payload = {"noKartu": CARD, "nik": CANARY, "noKTP": CANARY, "password": CANARY, "tglSep": "2026-11-24"}
    for fault in ("500", "wrong-key", "drop"):
        reply = client.post("/", json={"url": f"SEP/2.0/update/{CARD}?__fault={fault}", "method": "PUT",
                                       "payload": payload, "no_rawat": "2026/11/24/000999"})
        assert reply.status_code >= 400
        replies.append(reply.get_data(as_text=True))
    for text in replies:
        assert_clean(text, "a Flask reply")
    for record in caplog.records:
        assert_clean(record.getMessage() + repr(record.args) + (record.exc_text or ""), "a log record")

    import sqlite3

    with sqlite3.connect(database) as connection:
        connection.row_factory = sqlite3.Row
        log = [dict(r) for r in connection.execute("SELECT * FROM pcare_bpjs_log WHERE id > 1")]
        states = [dict(r) for r in connection.execute("SELECT * FROM pcare_send_attempts")]
    assert len(log) == len(FAULTS) + 3
    for row in log:
        assert_clean(json.dumps(row, default=str), "a pcare_bpjs_log row")
    # The send state keeps the payload and the endpoint as sent (identifiers kept,
    # to resend them: docs/audit.md); its other columns are clean.
    assert len(states) == 3  # one per endpoint as sent (the fault is in its query)
    for state in states:
        assert json.loads(state["payload"])["password"] == "[redacted]"
        for column, value in state.items():
            if column not in ("payload", "endpoint"):
                assert_clean(str(value), f"pcare_send_attempts.{column}")
