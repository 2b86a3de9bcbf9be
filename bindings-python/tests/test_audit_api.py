"""The audit functions' Python surface: how Python values become JSON
(tuples, nesting, keys, floats, bools, ints), what is refused and how, and
what errors may (not) show. The rules themselves are tested by the vectors."""

from __future__ import annotations

import collections
import enum
import json
import threading

import pytest

import bpjs_codec
from bpjs_codec import ConfigError

SECRET = "canary-Secret-7731"
KEY = "python-audit-hash-key-0001"
OPTIONS = {"hash_key": KEY}


class Kind(enum.IntEnum):
    ONE = 1


class Code(str, enum.Enum):
    POLI = "001"


def test_tuples_are_arrays_and_nesting_is_kept():
    value = {"a": (1, [2, (3, {"b": ()})]), "c": []}
    assert bpjs_codec.canonical_json(value) == '{"a":[1,[2,[3,{"b":[]}]]],"c":[]}'
    assert bpjs_codec.redact(value) == {"a": [1, [2, [3, {"b": []}]]], "c": []}
    assert bpjs_codec.payload_hash(value, KEY) == bpjs_codec.payload_hash(json.loads(json.dumps(value)), KEY)


def test_floats_stay_floats_bools_stay_bools():
    assert bpjs_codec.canonical_json([1.0, 1, True, False, None, -0.0, 0.1, 1e300]) == (
        "[1,1,true,false,null,0,0.1,1e+300]"  # ECMAScript number text, as RFC 8785
    )
    out = bpjs_codec.redact({"f": 1.0, "i": 1, "t": True, "n": None})
    assert [type(v) for v in out.values()] == [float, int, bool, type(None)]
    # 65.0 and 65 are one payload, True and 1 are not
    assert bpjs_codec.payload_hash({"b": 65.0}, KEY) == bpjs_codec.payload_hash({"b": 65}, KEY)
    assert bpjs_codec.payload_hash({"b": True}, KEY) != bpjs_codec.payload_hash({"b": 1}, KEY)


def test_64_bit_integers_are_exact():
    for n in (2**63 - 1, -(2**63), 2**64 - 1, 3171234567890001):
        assert bpjs_codec.canonical_json(n) == str(n)
        assert bpjs_codec.redact([n]) == [n]


def test_subclasses_are_their_json_type():
    value = collections.OrderedDict([("z", Kind.ONE), ("a", Code.POLI)])
    assert bpjs_codec.canonical_json(value) == '{"a":"001","z":1}'


@pytest.mark.parametrize(
    "value, said",
    [
        ({1: "a"}, "keys must be str"),
        ({("a",): 1}, "keys must be str"),
        ({"a": {None: 1}}, "keys must be str"),
        ({"a": float("nan")}, "NaN"),
        ([float("inf")], "NaN and infinity"),
        ([float("-inf")], "NaN and infinity"),
        (2**64, "64-bit"),
        (-(2**63) - 1, "64-bit"),
        ({"a": {1, 2}}, "set"),
        (b"{}", "bytes"),
        ({"a": object()}, "object"),
        ({"a": 1.5j}, "complex"),
    ],
)
def test_values_json_cannot_hold_are_config_errors(value, said):
    for call in (
        lambda: bpjs_codec.canonical_json(value),
        lambda: bpjs_codec.payload_hash(value, KEY),
        lambda: bpjs_codec.redact(value),
        lambda: bpjs_codec.audit_record({"method": "POST", "endpoint": "x", "correlation_id": "c",
                                         "request_payload": value}, OPTIONS),
    ):
        with pytest.raises(ConfigError) as info:
            call()
        assert info.value.kind == "config"
        assert said in str(info.value)


def test_nesting_is_bounded_without_crashing():
    def nested(levels):
        value = "leaf"
        for _ in range(levels):
            value = [value]
        return value

    assert bpjs_codec.canonical_json(nested(128)) == "[" * 128 + '"leaf"' + "]" * 128
    for levels in (129, 100_000):
        with pytest.raises(ConfigError) as info:
            bpjs_codec.payload_hash(nested(levels), KEY)
        assert "nested deeper than 128" in str(info.value)
    deep_dict = {}
    for _ in range(1000):
        deep_dict = {"k": deep_dict}
    with pytest.raises(ConfigError):
        bpjs_codec.redact(deep_dict)


def test_json_text_payload_is_the_same_payload():
    as_object = {"noRawat": "2026/11/24/000001", "noKartu": "0001234567890", "beratBadan": 65.0}
    base = {"service": "pcare", "method": "POST", "endpoint": "kunjungan", "correlation_id": "c"}
    a = bpjs_codec.audit_record({**base, "request_payload": as_object}, OPTIONS)
    b = bpjs_codec.audit_record({**base, "request_payload": json.dumps(as_object, indent=2)}, OPTIONS)
    assert a["payload_hash"] == b["payload_hash"] == bpjs_codec.payload_hash(as_object, KEY)
    assert a["no_rawat"] == "2026/11/24/000001"
    assert json.loads(a["request_payload"])["noKartu"] == "*********7890"


def test_options_and_policy_none_mean_defaults():
    value = {"user_key": "x", "nik": "3201011705800001"}
    assert bpjs_codec.redact(value, None) == bpjs_codec.redact(value, {}) == bpjs_codec.redact(value)
    attempt = {"http_status": 503, "attempt": 1, "method": "GET"}
    assert bpjs_codec.retry_decision(attempt, None) == bpjs_codec.retry_decision(attempt, {})
    assert bpjs_codec.retry_decision(attempt, {"schedule_secs": (5, 10)})["delay_secs"] == 5


def test_wrong_shapes_are_config_errors_naming_the_argument():
    for call, named in (
        (lambda: bpjs_codec.audit_record("GET kunjungan", OPTIONS), "audit attempt"),
        (lambda: bpjs_codec.audit_record([("method", "GET")], OPTIONS), "audit attempt"),
        (lambda: bpjs_codec.audit_record({"method": "GET", "endpoint": "x", "correlation_id": "c"}, {}), "hash_key"),
        (lambda: bpjs_codec.audit_record({"method": "GET", "endpoint": "x", "correlation_id": "c"}, None), "hash_key"),
        (lambda: bpjs_codec.redact({}, ["secret_values"]), "redact options"),
        (lambda: bpjs_codec.retry_decision({"http_status": 500, "attempt": 1, "method": "GET"}, 4), "retry policy"),
        (lambda: bpjs_codec.retry_decision({"http_status": 500, "attempt": True, "method": "GET"}), "attempt"),
        (lambda: bpjs_codec.audit_record({"method": "GET", "endpoint": "x", "correlation_id": "c",
                                          "http_status": 200.5}, OPTIONS), "http_status"),
    ):
        with pytest.raises(ConfigError) as info:
            call()
        assert named in str(info.value)


def test_errors_never_show_keys_or_values():
    attempts = [
        lambda: bpjs_codec.redact({}, {"secret_values": SECRET}),
        lambda: bpjs_codec.redact({SECRET: {1: SECRET}}),
        lambda: bpjs_codec.redact({"x": [SECRET, float("nan")]}),
        lambda: bpjs_codec.audit_record({"method": SECRET, "endpoint": "x", "correlation_id": "c"}, OPTIONS),
        lambda: bpjs_codec.audit_record({"method": "GET", "endpoint": "x", "correlation_id": "c",
                                         "service": SECRET}, OPTIONS),
        lambda: bpjs_codec.audit_record({"method": "GET", "endpoint": "x", "correlation_id": "c",
                                         "triggered_by": {SECRET: 1}}, OPTIONS),
        lambda: bpjs_codec.audit_record({"method": "GET", "endpoint": "x", "correlation_id": "c"},
                                        {"hash_key": SECRET[:10]}),
        lambda: bpjs_codec.payload_hash({}, SECRET[:12]),
        lambda: bpjs_codec.retry_decision({"transport": SECRET, "attempt": 1, "method": "GET"}),
    ]
    for call in attempts:
        with pytest.raises(ConfigError) as info:
            call()
        shown = f"{info.value} {info.value!r} {info.value.args!r}"
        assert SECRET not in shown


def test_secret_values_scrub_every_column():
    row = bpjs_codec.audit_record(
        {
            "service": "vclaim", "method": "POST", "endpoint": f"SEP/{SECRET}/insert", "http_status": 200,
            "request_payload": {"catatan": f"pw {SECRET}", SECRET: 1},
            "response_body_raw": f"<html>{SECRET}</html>",
            "decoded": {"metaData": {"code": "200", "message": SECRET}, "response": [SECRET]},
            "correlation_id": "c", "triggered_by": "admin",
        },
        {"secret_values": [SECRET], "hash_key": KEY},
    )
    assert SECRET not in json.dumps(row)
    assert row["payload_hash"] == bpjs_codec.payload_hash({"catatan": f"pw {SECRET}", SECRET: 1}, KEY)


def test_large_values_from_many_threads():
    """Big payloads release the GIL in the core: threads agree and nothing is lost."""
    payload = {"list": [{"kdDiag": f"A{i:02d}.{i % 10}", "nmDiag": "x" * 40, "n": i * 1.5} for i in range(5000)]}
    expected = bpjs_codec.payload_hash(payload, KEY)
    results, errors = [], []

    def work():
        try:
            for _ in range(5):
                results.append(bpjs_codec.payload_hash(payload, KEY))
                row = bpjs_codec.audit_record({"method": "GET", "endpoint": "diagnosa", "correlation_id": "c",
                                               "http_status": 200, "decoded": payload}, OPTIONS)
                assert row["response_body_json"].endswith("bytes in all]")
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert results == [expected] * 20


# --- redact_endpoint, result_number ----------------------------------------------------------


def test_redact_endpoint_masks_paths_and_queries():
    assert bpjs_codec.redact_endpoint("peserta/nokartu/0001234567890/tglSEP/2026-11-24") == \
        "peserta/nokartu/*********7890/tglSEP/2026-11-24"
    assert bpjs_codec.redact_endpoint("Peserta/nik/3171234567890001") == "Peserta/nik/************0001"
    assert bpjs_codec.redact_endpoint("referensi/poli/INT") == "referensi/poli/INT"
    masked = bpjs_codec.redact_endpoint("x?noKartu=0001234567890&password=pw&page=1")
    assert masked == "x?noKartu=*********7890&password=[redacted]&page=1"
    # The options of redact(): the same endpoint, more or fewer masks.
    assert bpjs_codec.redact_endpoint(f"SEP/{SECRET}/x", {"secret_values": [SECRET]}) == "SEP/[redacted]/x"
    assert bpjs_codec.redact_endpoint("p/nokartu/0001234567890", {"keep_last": 2}) == "p/nokartu/***********90"
    assert bpjs_codec.redact_endpoint("p/nokartu/0001234567890", None) == "p/nokartu/*********7890"


def test_redact_endpoint_is_what_the_row_stores():
    for endpoint in ("peserta/nokartu/0001234567890/tglSEP/2026-11-24", "rujukan/peserta/0001234567890",
                     "x?nik=3171234567890001&user_key=abc", "kunjungan"):
        row = bpjs_codec.audit_record({"method": "GET", "endpoint": endpoint, "correlation_id": "c"}, OPTIONS)
        assert bpjs_codec.redact_endpoint(endpoint) == row["endpoint"]


def test_redact_endpoint_wrong_arguments():
    with pytest.raises(ConfigError, match="secretValues"):
        bpjs_codec.redact_endpoint("x", {"secretValues": [SECRET]})
    with pytest.raises(ConfigError) as info:
        bpjs_codec.redact_endpoint("x", {"secret_values": SECRET})
    assert SECRET not in f"{info.value} {info.value!r}"
    with pytest.raises(TypeError):
        bpjs_codec.redact_endpoint(b"peserta/0001234567890")


@pytest.mark.parametrize("decoded, number", [
    ({"metaData": {"code": 201}, "response": {"field": "noKunjungan", "message": "0114U1630316Y000003"}},
     "0114U1630316Y000003"),
    ({"metaData": {"code": 201}, "response": {"field": "noUrut", "message": 12}}, "12"),
    ({"metaData": {"code": "200"}, "response": {"sep": {"noSep": "0301R0011124V000123", "peserta": {}}}},
     "0301R0011124V000123"),
    ({"response": [{"noKunjungan": "K1"}, {"noKunjungan": "K2"}]}, "K1"),
    ({"response": {"field": "kdPoli", "message": "001"}}, None),
    ({"response": {"noSep": ""}}, None),
    ({"metaData": {"code": 200}, "response": None}, None),
    ({"metaData": {"code": 200}}, None),
    ("0301R0011124V000123", None),
    (None, None),
])
def test_result_number(decoded, number):
    assert bpjs_codec.result_number(decoded) == number


def test_result_number_is_the_rows_number():
    decoded = {"metaData": {"code": 201, "message": "CREATED"},
               "response": {"field": "noKunjungan", "message": "0114U1630316Y000003"}}
    row = bpjs_codec.audit_record({"service": "pcare", "method": "POST", "endpoint": "kunjungan",
                                   "http_status": 201, "decoded": decoded, "correlation_id": "c"}, OPTIONS)
    assert row["result_number"] == bpjs_codec.result_number(decoded) == "0114U1630316Y000003"


def test_result_number_refuses_what_json_cannot_hold():
    with pytest.raises(ConfigError):
        bpjs_codec.result_number({"response": {"noSep": float("nan")}})
    with pytest.raises(ConfigError) as info:
        bpjs_codec.result_number({"response": {SECRET: object()}})
    assert SECRET not in f"{info.value} {info.value!r}"
