"""The shared conformance vectors (tests/vectors/vectors.json), the same file
the Rust, PHP and Node suites run."""

from __future__ import annotations

import json

import pytest

import bpjs_codec
from conftest import load_vectors

VECTORS = load_vectors()
ENVELOPE_META = {"code": "200", "message": "OK"}


def cases(section):
    return pytest.mark.parametrize("case", VECTORS[section], ids=[c["name"] for c in VECTORS[section]])


def raises_kind(kind, call):
    with pytest.raises(bpjs_codec.DecodeError) as info:
        call()
    assert info.value.kind == kind, str(info.value)
    if kind == "config":
        assert isinstance(info.value, bpjs_codec.ConfigError)
    return info.value


def test_default_max_output_matches():
    assert VECTORS["format"] == 1
    assert bpjs_codec.DEFAULT_MAX_OUTPUT == VECTORS["default_max_output"]


@cases("decode")
def test_decode(case):
    args = (case["cons_id"], case["secret"], case["timestamp"], case["ciphertext"])
    limit = {"max_output": case["max_output"]} if "max_output" in case else {}
    key = case["cons_id"] + case["secret"] + case["timestamp"]
    if "plaintext" in case:
        assert bpjs_codec.decrypt(key, case["ciphertext"]) == case["plaintext"]
    else:
        with pytest.raises(bpjs_codec.DecodeError):
            bpjs_codec.decrypt(key, case["ciphertext"])
    if "text" in case:
        assert bpjs_codec.decrypt_and_decompress(*args, **limit) == case["text"]
        # bytes input and an int timestamp give the same text
        text = case["timestamp"]
        ts = int(text) if text.isdigit() and text[0] != "0" else text
        assert bpjs_codec.decrypt_and_decompress(
            case["cons_id"], case["secret"], ts, case["ciphertext"].encode(), **limit
        ) == case["text"]
    else:
        raises_kind(case["error"], lambda: bpjs_codec.decrypt_and_decompress(*args, **limit))

    body = json.dumps({"metaData": ENVELOPE_META, "response": case["ciphertext"]}, separators=(",", ":"))
    call = lambda: bpjs_codec.process_wrapper(*args[:3], body, **limit)  # noqa: E731
    if case["envelope"] == "decoded":
        result = call()
        assert result == {"metaData": ENVELOPE_META, "response": json.loads(case["text"])}
    elif case["envelope"] == "passthrough":
        assert call() == json.loads(body)
    else:
        raises_kind(case["envelope"], call)


@cases("lz")
def test_lz(case):
    limit = {"max_output": case["max_output"]} if "max_output" in case else {}
    if "text" in case:
        assert bpjs_codec.lz_decompress(case["input"], **limit) == case["text"]
        if case["input"].isascii():
            assert bpjs_codec.lz_decompress(case["input"].encode(), **limit) == case["text"]
    else:
        raises_kind(case["error"], lambda: bpjs_codec.lz_decompress(case["input"], **limit))


@cases("envelopes")
def test_envelopes(case):
    call = lambda body: bpjs_codec.process_wrapper(  # noqa: E731
        case["cons_id"], case["secret"], case["timestamp"], body
    )
    expected = case["result"]
    if "json" in expected:
        result = call(case["body"])
        assert result == expected["json"]
        # json.loads identity, key order included
        assert json.dumps(result, ensure_ascii=False) == json.dumps(expected["json"], ensure_ascii=False)
        assert call(case["body"].encode()) == result
    elif "text" in expected:
        assert call(case["body"]) == expected["text"]
    else:
        raises_kind(expected["error"], lambda: call(case["body"]))


@cases("metadata")
def test_metadata(case):
    assert bpjs_codec.metadata(case["input"]) == case["expected"]
    if not isinstance(case["input"], str):
        # the same envelope as JSON text
        assert bpjs_codec.metadata(json.dumps(case["input"])) == case["expected"]


@cases("headers")
def test_headers(case):
    creds = case["credentials"]
    kwargs = {k: creds[k] for k in ("user_key", "username", "password", "app_code") if k in creds}
    call = lambda: bpjs_codec.build_headers(  # noqa: E731
        case["service"], creds.get("cons_id", ""), creds.get("secret", ""),
        timestamp=case["timestamp"], method=case.get("method", "GET"), **kwargs,
    )
    if "expected" in case:
        assert list(call().items()) == list(case["expected"].items())
    else:
        error = raises_kind(case["error"], call)
        assert str(error).startswith(f"config: {case['error_field']}")
        for secret in (creds.get("secret"), creds.get("user_key"), creds.get("password")):
            if secret:
                assert secret not in str(error) and secret not in repr(error)


# --- find_timestamp: the decode vectors, searched from a skewed clock --------------------------

DECODABLE = [c for c in VECTORS["decode"] if c["envelope"] == "decoded" and len(c["ciphertext"]) < 4096]
NOT_ENCRYPTED = [c for c in VECTORS["decode"] if c.get("error") in ("base64", "cipher_length")]


@pytest.mark.parametrize("case", DECODABLE, ids=[c["name"] for c in DECODABLE])
def test_find_timestamp_finds_the_vectors_timestamp(case):
    ts = int(case["timestamp"])
    args = (case["cons_id"], case["secret"], case["ciphertext"])
    assert bpjs_codec.find_timestamp(*args, ts, window=0) == case["timestamp"]
    assert bpjs_codec.find_timestamp(*args, ts + 37, window=40) == case["timestamp"]
    assert bpjs_codec.find_timestamp(*args, str(ts - 5), window=5) == case["timestamp"]
    assert bpjs_codec.find_timestamp(*args, ts + 37, window=36) is None
    assert bpjs_codec.find_timestamp(case["cons_id"], case["secret"] + "x", case["ciphertext"], ts, window=3) is None


def test_find_timestamp_has_vectors():
    assert len(DECODABLE) >= 10 and len(NOT_ENCRYPTED) >= 5


@pytest.mark.parametrize("case", NOT_ENCRYPTED, ids=[c["name"] for c in NOT_ENCRYPTED])
def test_find_timestamp_refuses_what_is_not_encrypted(case):
    error = raises_kind(case["error"], lambda: bpjs_codec.find_timestamp(
        case["cons_id"], case["secret"], case["ciphertext"], int(case["timestamp"]), window=600))
    if len(case["ciphertext"]) >= 8:
        assert case["ciphertext"].strip() not in str(error)


# --- is_sensitive_header: the header vectors -------------------------------------------------

SECRET_HEADERS = {"x-signature", "user_key", "x-authorization", "authorization"}


@cases("headers")
def test_is_sensitive_header_on_every_header_built(case):
    for name in case.get("expected", {}):
        for spelling in (name, name.lower(), name.upper()):
            assert bpjs_codec.is_sensitive_header(spelling) is (name.lower() in SECRET_HEADERS), spelling


# --- requests: the catalogue's request builder (docs/catalogue.md) ---------------------------

FORBIDDEN = VECTORS["canary"]["forbidden"]


def test_every_vectors_section_is_run():
    # bombs: test_bomb.py; ciphertext_rule and canary: test_canary.py.
    run = {"decode", "lz", "envelopes", "metadata", "headers", "bombs", "ciphertext_rule", "requests"}
    assert {key for key, value in VECTORS.items() if isinstance(value, list)} == run, \
        "a new vectors.json section needs a test"


@cases("requests")
def test_requests(case):
    call = lambda: bpjs_codec.request(case["service"], case["endpoint"], case["params"])  # noqa: E731
    if "expected" in case:
        built = call()
        assert (built["method"], built["path"]) == (case["expected"]["method"], case["expected"]["path"])
        return
    error = raises_kind(case["error"], call)
    if "error_names" in case:
        assert f"`{case['error_names']}`" in str(error), str(error)
    values = [v for v in case["params"].values() if isinstance(v, str) and len(v) >= 3 and v.strip(".") != ""]
    for shown in (str(error), repr(error), repr(error.args)):
        for word in FORBIDDEN + values:
            assert word not in shown, f"the error repeats {word!r}: {shown[:300]}"
