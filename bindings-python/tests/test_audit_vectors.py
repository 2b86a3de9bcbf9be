"""The audit conformance vectors (tests/vectors/audit.json, docs/audit.md):
every section, the same cases the Rust, PHP and Node suites run.

JSON text in the vectors (`json`, `*_json`) is parsed with Python's own json
module, as a hospital app would parse it, before it reaches the binding."""

from __future__ import annotations

import json
import os
import pathlib

import pytest

import bpjs_codec
from bpjs_codec import ConfigError

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _load() -> dict:
    path = pathlib.Path(os.environ.get("BPJS_AUDIT_VECTORS") or ROOT / "tests" / "vectors" / "audit.json")
    if not path.is_file():
        raise RuntimeError(f"audit vectors missing: {path} (set BPJS_AUDIT_VECTORS)")
    return json.loads(path.read_text(encoding="utf-8"))


AUDIT = _load()


def cases(section: str):
    items = AUDIT[section]
    assert items, f"audit.json: section {section} is empty"
    return pytest.mark.parametrize("case", items, ids=[c["name"] for c in items])


def with_parsed_json(attempt: dict) -> dict:
    """Keys ending in `_json` hold JSON text: parsed, under the name without the suffix."""
    out = {}
    for key, value in attempt.items():
        if key.endswith("_json"):
            out[key[: -len("_json")]] = json.loads(value)
        else:
            out[key] = value
    return out


def test_every_section_is_run():
    run_here = {
        "canonical", "hash_keys", "hash_key_errors", "redact", "redact_errors", "retry", "retry_errors", "record",
        "record_errors", "send_state", "send_state_errors", "resend_plan", "resend_plan_errors", "resend_outcome",
        "resend_outcome_errors", "stale_limits", "stale_limits_errors",
    }
    sections = {key for key, value in AUDIT.items() if isinstance(value, list) and key != "columns"}
    assert sections == run_here, "a new audit.json section needs a test here"


@cases("canonical")
def test_canonical(case):
    value = json.loads(case["json"])
    assert bpjs_codec.canonical_json(value) == case["canonical"]
    assert bpjs_codec.payload_hash(value, AUDIT["hash_key"]) == case["hash"]


@cases("hash_keys")
def test_hash_keys(case):
    assert bpjs_codec.derive_hash_key(case["secret"]) == case["hash_key"]


@cases("hash_key_errors")
def test_hash_key_errors(case):
    with pytest.raises(ConfigError) as info:
        if "secret" in case:
            bpjs_codec.derive_hash_key(case["secret"])
        else:
            bpjs_codec.payload_hash(None, case["hash_key"])
    assert info.value.kind == case["error"]
    assert ("secret" if "secret" in case else "hash_key") in str(info.value)
    if case.get("hash_key"):
        assert case["hash_key"] not in str(info.value)


@cases("redact")
def test_redact(case):
    value = json.loads(case["json"])
    result = bpjs_codec.redact(value, case.get("options"))
    assert result == case["expected"]
    assert json.dumps(result) == json.dumps(case["expected"])  # key order and types too


@cases("redact_errors")
def test_redact_errors(case):
    with pytest.raises(ConfigError) as info:
        bpjs_codec.redact({"noKartu": "0001234567890"}, case["options"])
    assert info.value.kind == case["error"]
    for value in _leaf_strings(case["options"]):
        if len(value) >= 4:
            assert value not in str(info.value)


@cases("retry")
def test_retry(case):
    decision = bpjs_codec.retry_decision(case["attempt"], case.get("policy"))
    assert set(decision) == {"retry", "delay_secs", "reason"}
    assert {"retry": decision["retry"], "delay_secs": decision["delay_secs"]} == case["expected"]
    assert isinstance(decision["retry"], bool)
    assert isinstance(decision["reason"], str) and decision["reason"]


@cases("retry_errors")
def test_retry_errors(case):
    with pytest.raises(ConfigError) as info:
        bpjs_codec.retry_decision(case["attempt"])
    assert info.value.kind == case["error"]


@cases("record")
def test_record(case):
    row = bpjs_codec.audit_record(with_parsed_json(case["attempt"]), case.get("options"))
    assert list(row) == AUDIT["columns"]
    for column, expected in case["expected"].items():
        if column.endswith("_text"):  # the stored text exactly, as a host reads it back
            assert row[column[: -len("_text")]] == expected, column
            continue
        actual = row[column]
        if column in ("request_payload", "response_body_json") and actual is not None:
            actual = json.loads(actual)
        assert actual == expected, column  # numbers by value: 65.0 == 65


# The record cases that state the stored endpoint, and those that state the
# number an accepted write registered: the same values from the functions alone.
ENDPOINTS = [c for c in AUDIT["record"] if "endpoint" in c["expected"]]
NUMBERS = [c for c in AUDIT["record"] if c["expected"].get("status") == "success" and "result_number" in c["expected"]]


@pytest.mark.parametrize("case", ENDPOINTS, ids=[c["name"] for c in ENDPOINTS])
def test_redact_endpoint_as_the_row_stores_it(case):
    endpoint = case["attempt"]["endpoint"]
    options = {k: v for k, v in (case.get("options") or {}).items() if k != "hash_key"}
    # The log row caps its endpoint column (255 bytes, marker included);
    # redact_endpoint never cuts (a resend sends what it returns).
    assert capped(bpjs_codec.redact_endpoint(endpoint, options), 255) == case["expected"]["endpoint"]


def capped(text: str, limit: int) -> str:
    """A stored text column's cap (docs/audit.md): at most ``limit`` UTF-8
    bytes, the marker included, cut on a character boundary."""
    size = len(text.encode("utf-8"))
    if size <= limit:
        return text
    marker = f"...[truncated: {size} bytes in all]"
    kept = text.encode("utf-8")[: limit - len(marker)].decode("utf-8", errors="ignore")
    return kept + marker


@pytest.mark.parametrize("case", NUMBERS, ids=[c["name"] for c in NUMBERS])
def test_result_number_as_the_row_stores_it(case):
    decoded = with_parsed_json(case["attempt"]).get("decoded")
    assert bpjs_codec.result_number(decoded) == case["expected"]["result_number"]


def test_endpoint_and_number_vectors_exist():
    assert len(ENDPOINTS) >= 3 and any("*" in c["expected"]["endpoint"] for c in ENDPOINTS)
    assert len(NUMBERS) >= 2 and all(c["expected"]["result_number"] for c in NUMBERS)


@cases("record_errors")
def test_record_errors(case):
    with pytest.raises(ConfigError) as info:
        bpjs_codec.audit_record(case["attempt"], case.get("options"))
    assert info.value.kind == case["error"]


def assert_subset(got, expected, path="") -> None:
    """`expected` lists some keys (nested objects too): each must match exactly, types included."""
    if isinstance(expected, dict):
        assert isinstance(got, dict), path
        for key, value in expected.items():
            assert key in got, f"{path}.{key} is missing"
            assert_subset(got[key], value, f"{path}.{key}")
    else:
        assert got == expected and type(got) is type(expected), path


@cases("send_state")
def test_send_state(case):
    out = bpjs_codec.send_state(case["row"], case["attempt"], case.get("policy"))
    assert_subset(out, case["expected"])
    assert isinstance(out["reason"], str) and out["reason"]


@cases("send_state_errors")
def test_send_state_errors(case):
    with pytest.raises(ConfigError) as info:
        bpjs_codec.send_state(case["row"], case["attempt"], case.get("policy"))
    assert info.value.kind == case["error"]


@cases("resend_plan")
def test_resend_plan(case):
    plan = bpjs_codec.resend_plan(case["row"], case.get("context"))
    assert_subset(plan, case["expected"])
    assert set(plan) == {"action", "result", "method", "endpoint", "body", "shown_endpoint", "switched_to", "state",
                         "reason"}
    # The shown endpoint is the masked endpoint of the plan (what is sent: the
    # update's path after a switch), whatever the plan.
    assert plan["shown_endpoint"] == bpjs_codec.redact_endpoint(
        plan["endpoint"], {"secret_values": (case.get("context") or {}).get("secret_values", [])})


@cases("resend_plan_errors")
def test_resend_plan_errors(case):
    with pytest.raises(ConfigError) as info:
        bpjs_codec.resend_plan(case["row"], case.get("context"))
    assert info.value.kind == case["error"]


@cases("resend_outcome")
def test_resend_outcome(case):
    out = bpjs_codec.resend_outcome(case["row"], case["plan"], case["attempt"], case.get("policy"))
    assert_subset(out, case["expected"])
    assert out["shown_endpoint"] == case["plan"]["shown_endpoint"]


@cases("resend_outcome_errors")
def test_resend_outcome_errors(case):
    with pytest.raises(ConfigError) as info:
        bpjs_codec.resend_outcome(case["row"], case["plan"], case["attempt"], case.get("policy"))
    assert info.value.kind == case["error"]


@cases("stale_limits")
def test_stale_limits(case):
    assert bpjs_codec.stale_limits(case["settings"]) == case["expected"]


@cases("stale_limits_errors")
def test_stale_limits_errors(case):
    with pytest.raises(ConfigError) as info:
        bpjs_codec.stale_limits(case["settings"])
    assert info.value.kind == case["error"]


# A plan as resend_plan returned it is what resend_outcome takes: the two
# functions chain without the host touching the plan.
def test_plan_then_outcome_chain():
    row = {"service": "pcare", "method": "POST", "endpoint": "kunjungan",
           "payload": '{"noKunjungan":null,"kdPoli":"001"}', "result_number": None}
    plan = bpjs_codec.resend_plan(row, {"accepted_no_kunjungan": "0301U0011126Y000123"})
    state = {"status": "sending", "method": "POST", "attempts": 1, "next_attempt_at": None, "result_number": None,
             "last_http_status": 503, "last_meta_code": None, "last_error": "HTTP 503"}
    record = {"status": "failed", "http_status": 503, "meta_code": None, "meta_message": None, "error_kind": None,
              "result_number": None}
    out = bpjs_codec.resend_outcome(state, plan, {"outcome": "answered", "record": record, "now": 1795000000})
    # A create (a POST switched to PUT) is never scheduled.
    assert out["result"] == "failed" and out["state"]["next_attempt_at"] is None
    assert out["switched_to"] == "0301U0011126Y000123"


def test_logged_result_number():
    body = '{"metaData":{"code":201},"response":{"field":"noKunjungan","message":"0301U0011126Y000123"}}'
    assert bpjs_codec.logged_result_number({"response_body_json": body}) == "0301U0011126Y000123"
    cut = body[:40] + "...[truncated: 90 bytes in all]"
    assert bpjs_codec.logged_result_number({"response_body_json": cut}) is None
    assert bpjs_codec.logged_result_number({"response_body_json": None}) is None
    assert bpjs_codec.logged_result_number({}) is None
    with pytest.raises(ConfigError):
        bpjs_codec.logged_result_number({"id": 1})


def _leaf_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _leaf_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaf_strings(item)
