"""eRekam Medis (docs/erm.md) through the Python binding: every section of
tests/vectors/erm.json (written by an independent node:crypto + node:zlib
implementation), and the Python surface (dict or JSON text fields, bytes
input, the byte cap, messages without the bundle or the key parts)."""

from __future__ import annotations

import json
import os
import pathlib

import pytest

import bpjs_codec
from bpjs_codec import ConfigError, DecodeError

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _load() -> dict:
    path = pathlib.Path(os.environ.get("BPJS_ERM_VECTORS") or ROOT / "tests" / "vectors" / "erm.json")
    if not path.is_file():
        raise RuntimeError(f"eRM vectors missing: {path} (set BPJS_ERM_VECTORS)")
    return json.loads(path.read_text(encoding="utf-8"))


ERM = _load()
KEY = ("1000", "S3cr3tK3y", "0301R001")
FIELDS = {"noSep": "0301R0011124V000123", "jnsPelayanan": "2", "bulan": "11", "tahun": "2024"}


def cases(section: str, where=lambda c: True):
    items = [c for c in ERM[section] if where(c)]
    assert items, f"erm.json: section {section} is empty"
    return pytest.mark.parametrize("case", items, ids=[c["name"] for c in items])


def test_every_section_is_run():
    assert {k for k, v in ERM.items() if isinstance(v, list)} == {"decrypt", "bundles", "requests", "bodies"}
    assert ERM["default_max_output"] == bpjs_codec.DEFAULT_MAX_OUTPUT


def key_of(case: dict) -> tuple:
    return case["cons_id"], case["secret"], case["kode_ppk"]


def no_content_in(error: Exception, case: dict, *content: str) -> None:
    shown = f"{error} {error!r} {error.args!r}"
    for text in (case["secret"], "Siti", *content):
        assert text not in shown


@cases("decrypt")
def test_decrypt(case):
    call = lambda: bpjs_codec.decrypt_medical_record(*key_of(case), case["data_mr"], case.get("max_output"))  # noqa: E731
    if "error" in case:
        expected = ConfigError if case["error"] == "config" else DecodeError
        with pytest.raises(expected) as info:
            call()
        assert info.value.kind == case["error"]
        no_content_in(info.value, case, "resourceType")
        return
    assert call() == case["bundle"]
    # bytes input, and the keyword form, are the same call
    as_bytes = bpjs_codec.decrypt_medical_record(*key_of(case), case["data_mr"].encode(),
                                                 max_output=case.get("max_output"))
    assert as_bytes == case["bundle"]


@cases("bundles")
def test_bundles(case):
    fields = {**FIELDS, "bundle": case["bundle_json"]}
    if "error" in case:
        with pytest.raises(DecodeError) as info:
            bpjs_codec.build_medical_record_request(*KEY, fields)
        assert info.value.kind == case["error"]
        return
    body = json.loads(bpjs_codec.build_medical_record_request(*KEY, fields))
    assert bpjs_codec.decrypt_medical_record(*KEY, body["request"]["dataMR"]) == case["bundle_json"]


@cases("requests")
def test_requests(case):
    if "error" in case:
        expected = ConfigError if case["error"] == "config" else DecodeError
        with pytest.raises(expected) as info:
            bpjs_codec.build_medical_record_request(*key_of(case), case["fields_json"])
        assert info.value.kind == case["error"]
        assert case["error_field"] in str(info.value)
        no_content_in(info.value, case, "0301R0011124V000123", "Patient")
        return
    body = bpjs_codec.build_medical_record_request(*key_of(case), case["fields_json"])
    request = json.loads(body)["request"]
    assert list(json.loads(body)) == ["request"]
    assert list(request) == ["noSep", "jnsPelayanan", "bulan", "tahun", "dataMR"]
    assert {k: v for k, v in request.items() if k != "dataMR"} == case["request"]
    assert bpjs_codec.decrypt_medical_record(*key_of(case), request["dataMR"]) == case["bundle"]
    # The same fields as a dict: the same request; the bundle is written by
    # the binding, so it is the same JSON value (its bytes may differ).
    from_dict = json.loads(bpjs_codec.build_medical_record_request(*key_of(case), json.loads(case["fields_json"])))
    assert {k: v for k, v in from_dict["request"].items() if k != "dataMR"} == case["request"]
    bundle = bpjs_codec.decrypt_medical_record(*key_of(case), from_dict["request"]["dataMR"])
    assert json.loads(bundle) == json.loads(case["bundle"])


@cases("bodies", where=lambda c: "error" not in c)
def test_bodies(case):
    # The receiving side's parser is the simulator's, not part of the host API:
    # here the dataMR of each received body opens to its bundle.
    request = json.loads(case["body"])["request"]
    assert bpjs_codec.decrypt_medical_record(*key_of(case), request["dataMR"]) == case["bundle"]


def test_encrypt_is_deterministic_and_opens():
    bundle = '{"resourceType":"Bundle","entry":[{"nama":"Siti"}]}'
    data_mr = bpjs_codec.encrypt_medical_record(*KEY, bundle)
    assert data_mr == bpjs_codec.encrypt_medical_record(*KEY, bundle)
    assert bpjs_codec.decrypt_medical_record(*KEY, data_mr) == bundle
    with pytest.raises(DecodeError) as info:
        bpjs_codec.decrypt_medical_record("1000", "S3cr3tK3y", "0301R002", data_mr)
    assert info.value.kind == "padding"
    with pytest.raises(DecodeError) as info:
        bpjs_codec.decrypt_medical_record(*KEY, data_mr, max_output=len(bundle.encode()) - 1)
    assert info.value.kind == "output_limit"
    assert bpjs_codec.decrypt_medical_record(*KEY, data_mr, max_output=len(bundle.encode())) == bundle


def test_wrong_arguments():
    with pytest.raises(ConfigError) as info:
        bpjs_codec.encrypt_medical_record("1000", "S3cr3tK3y", "", "{}")
    assert "kode" in str(info.value).lower()
    with pytest.raises(TypeError):
        bpjs_codec.decrypt_medical_record(*KEY, "AAAA", max_output="10")
    with pytest.raises(ConfigError):
        bpjs_codec.decrypt_medical_record(*KEY, "AAAA", max_output=-1)
    with pytest.raises(ConfigError) as info:
        bpjs_codec.build_medical_record_request(*KEY, {**FIELDS, "noSEP": "Siti", "bundle": {"resourceType": "Bundle"}})
    assert "Siti" not in str(info.value)
    with pytest.raises(ConfigError):
        nan_bundle = {"resourceType": "Bundle", "x": float("nan")}
        bpjs_codec.build_medical_record_request(*KEY, {**FIELDS, "bundle": nan_bundle})
    with pytest.raises(ConfigError):
        bpjs_codec.build_medical_record_request(*KEY, "not json")
