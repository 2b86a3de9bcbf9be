"""Property tests: random envelopes, strings, bytes and objects into every
public function. Whatever comes in, what comes out is the documented result
or a documented error: ``DecodeError`` with a kind from ``ERROR_KINDS``, or
``TypeError`` for an argument of the wrong Python type (README, Errors).
Never another exception, never a crash, never a hang (hypothesis' deadline).

Example counts stay modest for ``make test``; ``BPJS_HYPOTHESIS_EXAMPLES``
raises them (the soak run does)."""

from __future__ import annotations

import base64
import json
import math
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bpjs_codec
from bpjs_codec import DecodeError

CONS_ID, SECRET, TS = "1000", "S3cr3t", 1732406400

settings.register_profile(
    "bpjs",
    max_examples=int(os.environ.get("BPJS_HYPOTHESIS_EXAMPLES", "60")),
    deadline=2000,  # ms per example: a hang or a quadratic blow-up fails
    database=None,  # nothing written next to the sources
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("bpjs")

KINDS = set(bpjs_codec.ERROR_KINDS)
# The audit hash key (audit_record requires one; payload_hash takes it).
KEY = "property-tests-hash-key"


def outcome(call):
    """The result, or the documented exception; anything else fails the test."""
    try:
        return call()
    except DecodeError as error:
        assert error.kind in KINDS, error.kind
        assert isinstance(str(error), str) and repr(error)
        return error
    except TypeError as error:
        return error


# --- strategies ----------------------------------------------------------------------------

# Text with anything Python allows in a str, lone surrogates included.
any_text = st.one_of(
    st.text(),
    st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), max_size=3).map(lambda s: "ab" + s),
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$ =\n"),
)
base64_text = st.binary(max_size=200).map(lambda b: base64.b64encode(b).decode())
block_ciphertext = st.integers(1, 12).flatmap(lambda n: st.binary(min_size=16 * n, max_size=16 * n)).map(
    lambda b: base64.b64encode(b).decode())
data = st.one_of(any_text, st.binary(max_size=300), base64_text, block_ciphertext)
timestamps = st.one_of(st.integers(min_value=-(2**70), max_value=2**70), any_text,
                       st.sampled_from([TS, str(TS), "", " 1", "1.5", "0"]))

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(-(2**63), 2**64 - 1),
                         st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=20))
json_values = st.recursive(json_scalars, lambda children: st.one_of(
    st.lists(children, max_size=5), st.dictionaries(st.text(max_size=10), children, max_size=5)), max_leaves=30)
# Python objects that JSON cannot hold, mixed in.
odd_values = st.recursive(
    st.one_of(json_scalars, st.floats(), st.integers(), st.binary(max_size=5), st.just(object()),
              st.frozensets(st.integers(), max_size=2)),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.tuples(children, children),
        st.dictionaries(st.one_of(st.text(max_size=5), st.integers(), st.none()), children, max_size=4)),
    max_leaves=20)


@st.composite
def envelopes(draw):
    """BPJS-like bodies: real ciphertext (sometimes damaged), random blocks,
    plain values, either casing, or no JSON at all."""
    text = draw(st.one_of(json_values.map(json.dumps), st.text(max_size=50)))
    ts = draw(st.sampled_from([TS, TS + 1]))  # TS + 1: the wrong key
    ciphertext = bpjs_codec.compress_and_encrypt(CONS_ID, SECRET, ts, text)
    damage = draw(st.sampled_from(["none", "cut", "flip", "wrap"]))
    if damage == "cut":
        ciphertext = ciphertext[: draw(st.integers(0, len(ciphertext)))]
    elif damage == "flip" and ciphertext:
        i = draw(st.integers(0, len(ciphertext) - 1))
        ciphertext = ciphertext[:i] + draw(st.sampled_from("A/+=!é ")) + ciphertext[i + 1:]
    elif damage == "wrap":
        ciphertext = "\n".join(ciphertext[i:i + 7] for i in range(0, len(ciphertext), 7))
    response = draw(st.one_of(st.just(ciphertext), block_ciphertext, json_values))
    key = draw(st.sampled_from(["metaData", "metadata", "MetaData"]))
    code = draw(st.one_of(st.sampled_from(["200", 200, 1, 201, "abc", None]), json_scalars))
    body = json.dumps({key: {"code": code, "message": "x"}, "response": response})
    return draw(st.one_of(st.just(body), st.just(body.encode()), st.just(body[: len(body) // 2]), any_text))


# --- decoding ----------------------------------------------------------------------------------


@given(data, st.one_of(st.none(), st.integers(0, 10_000)))
def test_lz_decompress(text, max_output):
    result = outcome(lambda: bpjs_codec.lz_decompress(text, max_output=max_output))
    if isinstance(result, str) and max_output is not None:
        assert len(result.encode("utf-16-le", "surrogatepass")) // 2 <= max_output


@given(any_text, data)
def test_decrypt(key, ciphertext):
    result = outcome(lambda: bpjs_codec.decrypt(key, ciphertext))
    assert isinstance(result, (str, DecodeError, TypeError))


@given(any_text, any_text, timestamps, data, st.one_of(st.none(), st.integers(0, 100_000)))
def test_decrypt_and_decompress(cons_id, secret, timestamp, ciphertext, max_output):
    result = outcome(lambda: bpjs_codec.decrypt_and_decompress(cons_id, secret, timestamp, ciphertext,
                                                               max_output=max_output))
    assert isinstance(result, (str, DecodeError, TypeError))


@given(envelopes())
def test_process_wrapper_on_envelopes(body):
    result = outcome(lambda: bpjs_codec.process_wrapper(CONS_ID, SECRET, TS, body))
    if not isinstance(result, Exception):
        assert isinstance(result, (dict, list, str, int, float, bool, type(None)))
        status = bpjs_codec.metadata(result)
        assert set(status) == {"code", "message", "ok"} and isinstance(status["ok"], bool)


@given(any_text, any_text, timestamps, data)
def test_process_wrapper_on_anything(cons_id, secret, timestamp, body):
    outcome(lambda: bpjs_codec.process_wrapper(cons_id, secret, timestamp, body))


@given(st.one_of(json_values, any_text, st.binary(max_size=50), odd_values))
def test_metadata(envelope):
    result = outcome(lambda: bpjs_codec.metadata(envelope))
    if isinstance(result, dict):
        assert set(result) == {"code", "message", "ok"}
        assert result["ok"] == (result["code"] in (200, 1))


@given(st.text(), st.sampled_from([TS, str(TS), 0, "99999999999"]))
def test_compress_and_encrypt_round_trip(text, timestamp):
    ciphertext = bpjs_codec.compress_and_encrypt(CONS_ID, SECRET, timestamp, text)
    assert bpjs_codec.decrypt_and_decompress(CONS_ID, SECRET, timestamp, ciphertext) == text
    assert bpjs_codec.lz_decompress(bpjs_codec.lz_compress(text)) == text


@given(any_text, any_text, timestamps, any_text)
def test_compress_and_encrypt_on_anything(cons_id, secret, timestamp, text):
    result = outcome(lambda: bpjs_codec.compress_and_encrypt(cons_id, secret, timestamp, text))
    if isinstance(result, str):
        assert bpjs_codec.decrypt_and_decompress(cons_id, secret, timestamp, result) == text


@given(any_text, any_text, data, st.one_of(timestamps, st.integers(0, 2**40)), st.integers(0, 8))
def test_find_timestamp_on_anything(cons_id, secret, ciphertext, around, window):
    result = outcome(lambda: bpjs_codec.find_timestamp(cons_id, secret, ciphertext, around, window=window))
    if isinstance(result, str):
        # What it finds decodes the reply with that key.
        outcome(lambda: bpjs_codec.decrypt_and_decompress(cons_id, secret, result, ciphertext))
        assert abs(int(result) - int(around)) <= window


@given(st.text(max_size=40), st.integers(0, 2**33), st.integers(-30, 30))
def test_find_timestamp_finds_what_was_used(text, around, skew):
    used = max(around + skew, 0)
    ciphertext = bpjs_codec.compress_and_encrypt(CONS_ID, SECRET, used, text)
    assert bpjs_codec.find_timestamp(CONS_ID, SECRET, ciphertext, around, window=30) == str(used)


@given(st.one_of(any_text, st.sampled_from(["X-signature", "user_key", "X-authorization", "Authorization"])))
def test_is_sensitive_header(name):
    result = outcome(lambda: bpjs_codec.is_sensitive_header(name))
    if isinstance(result, Exception):
        assert isinstance(result, bpjs_codec.ConfigError)  # a lone surrogate is no text
    elif name.isascii():
        assert result is bpjs_codec.is_sensitive_header(name.swapcase())  # any casing


# --- signing --------------------------------------------------------------------------------


@given(st.one_of(st.sampled_from(bpjs_codec.SERVICES), any_text), any_text, any_text,
       st.one_of(st.none(), any_text), st.one_of(st.none(), any_text), st.one_of(st.none(), any_text),
       st.one_of(st.none(), any_text), st.one_of(st.none(), timestamps),
       st.one_of(st.sampled_from(["GET", "POST", "PUT", "DELETE"]), any_text), st.one_of(st.none(), any_text))
def test_build_headers(service, cons_id, secret, user_key, username, password, app_code, timestamp, method,
                       content_type):
    result = outcome(lambda: bpjs_codec.build_headers(
        service, cons_id, secret, user_key=user_key, username=username, password=password, app_code=app_code,
        timestamp=timestamp, method=method, content_type=content_type))
    if isinstance(result, dict):
        assert result["X-cons-id"] == cons_id
        assert result["X-signature"] == bpjs_codec.signature(cons_id, secret, result["X-timestamp"])
    elif isinstance(result, DecodeError):
        assert result.kind == "config"
        echoed = " ".join(str(v) for v in (service, cons_id, username, app_code, timestamp, method, content_type))
        for value in (secret, password, user_key):
            if value and len(value) >= 4 and value not in echoed:  # names of what was wrong may be echoed
                assert value not in str(result)


@given(any_text, any_text, timestamps)
def test_signature(cons_id, secret, timestamp):
    result = outcome(lambda: bpjs_codec.signature(cons_id, secret, timestamp))
    if isinstance(result, str):
        assert len(base64.b64decode(result)) == 32


@given(st.one_of(any_text, st.integers(), st.none(), st.binary(max_size=5)), any_text)
def test_wrong_python_types_are_type_errors(odd, text):
    if not isinstance(odd, str):
        for call in (lambda: bpjs_codec.signature(odd, text, TS), lambda: bpjs_codec.decrypt(odd, "AAAA"),
                     lambda: bpjs_codec.lz_compress(odd)):
            with pytest.raises(TypeError):
                call()


# --- audit ----------------------------------------------------------------------------------


def _finite(value) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, (list, tuple)):
        return all(_finite(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _finite(v) for k, v in value.items())
    return value is None or isinstance(value, (str, bool)) or (isinstance(value, int) and -(2**63) <= value < 2**64)


@given(odd_values)
def test_canonical_json_and_payload_hash(value):
    result = outcome(lambda: bpjs_codec.canonical_json(value))
    if isinstance(result, str):
        assert _finite(value)
        reparsed = json.loads(result)
        assert bpjs_codec.canonical_json(reparsed) == result
        assert bpjs_codec.payload_hash(reparsed, KEY) == bpjs_codec.payload_hash(value, KEY)
    else:
        assert isinstance(result, bpjs_codec.ConfigError) and not _finite(value)


@given(odd_values, st.one_of(st.none(), st.fixed_dictionaries({}, optional={
    "secret_values": st.lists(any_text, max_size=3), "keep_last": st.integers(-2, 70),
    "extra_secret_fields": st.lists(st.text(max_size=8), max_size=3),
    "identifier_fields": st.lists(st.text(), max_size=2),
    "max_stored_bytes": st.integers(-1, 100), "bogus": st.integers()}), odd_values))
def test_redact(value, options):
    result = outcome(lambda: bpjs_codec.redact(value, options))
    if isinstance(result, Exception):
        assert isinstance(result, bpjs_codec.ConfigError)
    else:
        json.dumps(result)  # JSON all the way down


CARD = "0001234567890"
segments = st.lists(st.one_of(st.sampled_from(["peserta", "nokartu", "nik", "SEP", "2.0", "", CARD]),
                              st.text(max_size=6)), max_size=6).map("/".join)
queries = st.lists(st.tuples(st.sampled_from(["noKartu", "user_key", "page", "x"]),
                             st.sampled_from([CARD, "1", ""])), max_size=3).map(
    lambda pairs: "&".join(f"{k}={v}" for k, v in pairs))


@given(st.one_of(any_text, st.tuples(segments, queries).map(lambda p: f"{p[0]}?{p[1]}" if p[1] else p[0])))
def test_redact_endpoint(endpoint):
    result = outcome(lambda: bpjs_codec.redact_endpoint(endpoint))
    if isinstance(result, Exception):
        assert isinstance(result, bpjs_codec.ConfigError)  # a lone surrogate is no text
        return
    query = endpoint.partition("?")[2]
    # A card number as a path segment, or as the value of an identifier
    # parameter, never survives.
    assert CARD not in result.partition("?")[0].split("/")
    if f"noKartu={CARD}" in query.split("&"):
        assert f"noKartu={CARD}" not in result.partition("?")[2].split("&")
    row = bpjs_codec.audit_record({"method": "GET", "endpoint": endpoint, "correlation_id": "c"}, {"hash_key": KEY})
    assert row["endpoint"] == result


@given(odd_values)
def test_result_number(decoded):
    result = outcome(lambda: bpjs_codec.result_number(decoded))
    if isinstance(result, Exception):
        assert isinstance(result, bpjs_codec.ConfigError) and not _finite(decoded)
    else:
        assert result is None or (isinstance(result, str) and result)


secrets = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#", min_size=4,
                  max_size=10).filter(lambda s: s not in "[redacted]")


@st.composite
def values_hiding(draw, secret):
    """A JSON value with the secret copied into some of its strings and keys."""
    def salt(text):
        return text + secret + text if draw(st.booleans()) else text
    value = draw(json_values)

    def walk(v):
        if isinstance(v, str):
            return salt(v)
        if isinstance(v, list):
            return [walk(i) for i in v]
        if isinstance(v, dict):
            return {salt(k): walk(i) for k, i in v.items()}
        return v
    return walk(value)


@given(secrets.flatmap(lambda secret: st.tuples(st.just(secret), values_hiding(secret))))
def test_redact_scrubs_secret_values_everywhere(case):
    secret, value = case
    # identifier_fields=[]: as the Flask service stores the payload to resend
    result = bpjs_codec.redact(value, {"secret_values": [secret], "identifier_fields": []})
    assert not any(secret in text for text in _strings(result))


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)


attempt_fields = st.fixed_dictionaries(
    {"method": st.one_of(st.sampled_from(["GET", "POST", "PUT", "DELETE"]), any_text),
     "endpoint": any_text, "correlation_id": any_text},
    optional={
        "service": st.one_of(st.sampled_from(bpjs_codec.SERVICES), any_text, st.none()),
        "request_payload": odd_values, "http_status": st.one_of(st.integers(-5, 1200), st.floats(), any_text),
        "response_body_raw": st.one_of(any_text, st.none()), "decoded": odd_values,
        "error_kind": st.one_of(st.sampled_from(bpjs_codec.ERROR_KINDS), any_text),
        "error_message": any_text, "transport_error": any_text, "duration_ms": st.integers(-1, 2**40),
        "triggered_by": st.one_of(any_text, st.integers()), "no_rawat": st.one_of(any_text, st.none()),
        "unknown": st.integers(),
    })


@given(st.one_of(attempt_fields, odd_values), st.fixed_dictionaries(
    {"hash_key": st.just(KEY)}, optional={"secret_values": st.lists(st.text(min_size=4, max_size=12), max_size=2),
                                          "max_stored_bytes": st.integers(64, 200)}))
def test_audit_record(attempt, options):
    result = outcome(lambda: bpjs_codec.audit_record(attempt, options))
    if isinstance(result, dict):
        assert result["status"] in ("success", "failed")
        cap = options.get("max_stored_bytes", 65536)
        for column in ("request_payload", "response_body_raw", "response_body_json"):
            text = result[column]
            if text is not None:
                assert len(text.encode("utf-8", "surrogatepass")) <= cap
                if column != "response_body_raw" and "...[truncated: " not in text:
                    json.loads(text)  # JSON text unless cut
    else:
        assert isinstance(result, bpjs_codec.ConfigError)


@given(st.one_of(st.fixed_dictionaries(
    {"attempt": st.one_of(st.integers(-2, 10), st.floats(), st.booleans()),
     "method": st.one_of(st.sampled_from(["GET", "POST"]), any_text)},
    optional={"http_status": st.integers(-1, 1000), "transport": st.one_of(st.sampled_from(["timeout", "connection"]),
                                                                           any_text),
              "error_kind": st.one_of(st.sampled_from(bpjs_codec.ERROR_KINDS), any_text),
              "marked_safe": st.one_of(st.booleans(), st.integers())}), odd_values),
    st.one_of(st.none(), st.fixed_dictionaries({}, optional={
        "max_attempts": st.integers(-1, 200), "schedule_secs": st.lists(st.integers(-1, 10**6), max_size=4)})))
def test_retry_decision(attempt, policy):
    result = outcome(lambda: bpjs_codec.retry_decision(attempt, policy))
    if isinstance(result, dict):
        assert set(result) == {"retry", "delay_secs", "reason"} and result["reason"]
        if result["retry"]:
            assert attempt.get("error_kind") is None
            assert attempt.get("method") == "GET" or attempt.get("marked_safe") is True
    else:
        assert isinstance(result, bpjs_codec.ConfigError)
