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
    run_here = {"canonical", "redact", "redact_errors", "retry", "retry_errors", "record", "record_errors"}
    sections = {key for key, value in AUDIT.items() if isinstance(value, list) and key != "columns"}
    assert sections == run_here, "a new audit.json section needs a test here"


@cases("canonical")
def test_canonical(case):
    value = json.loads(case["json"])
    assert bpjs_codec.canonical_json(value) == case["canonical"]
    assert bpjs_codec.payload_hash(value) == case["hash"]


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
    assert bpjs_codec.redact_endpoint(endpoint, case.get("options")) == case["expected"]["endpoint"]


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
        bpjs_codec.audit_record(case["attempt"])
    assert info.value.kind == case["error"]


def _leaf_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _leaf_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaf_strings(item)
