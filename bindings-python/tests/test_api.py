"""The module's Python surface: argument types, keywords, results, every
error kind, and what errors may (not) show."""

from __future__ import annotations

import doctest
import json
import pickle

import pytest

import bpjs_codec
from bpjs_codec import ConfigError, DecodeError

CONS_ID, SECRET, TS = "1000", "S3cr3t", 1732406400
DOC = '{"poli":[{"kode":"INT","nama":"Penyakit Dalam"}],"emoji":"\U0001f600","n":-1.5e3}'


def encrypted(text: str = DOC, ts=TS) -> str:
    return bpjs_codec.compress_and_encrypt(CONS_ID, SECRET, ts, text)


def envelope(response, key="metaData") -> str:
    return json.dumps({key: {"code": "200", "message": "OK"}, "response": response})


# --- results and argument types ---------------------------------------------


def test_round_trip_with_int_and_str_timestamps_and_bytes():
    ct = encrypted()
    for ts in (TS, str(TS)):
        assert bpjs_codec.decrypt_and_decompress(CONS_ID, SECRET, ts, ct) == DOC
        assert bpjs_codec.decrypt_and_decompress(CONS_ID, SECRET, ts, ct.encode()) == DOC
    assert bpjs_codec.decrypt_and_decompress(
        cons_id=CONS_ID, secret=SECRET, timestamp=TS, ciphertext=ct, max_output=10_000
    ) == DOC


def test_layers_compose():
    ct = encrypted()
    lz = bpjs_codec.decrypt(CONS_ID + SECRET + str(TS), ct)
    assert lz == bpjs_codec.lz_compress(DOC)
    assert bpjs_codec.lz_decompress(lz) == DOC
    assert bpjs_codec.lz_decompress(lz.encode(), max_output=len(DOC) + 1) == DOC


def test_wrapped_and_unpadded_base64_is_accepted():
    ct = encrypted()
    wrapped = "\n".join(ct[i : i + 60] for i in range(0, len(ct), 60)).rstrip("=")
    assert bpjs_codec.decrypt_and_decompress(CONS_ID, SECRET, TS, wrapped) == DOC


def test_process_wrapper_returns_json_loads_result():
    body = envelope(encrypted())
    result = bpjs_codec.process_wrapper(CONS_ID, SECRET, TS, body)
    assert result == {"metaData": {"code": "200", "message": "OK"}, "response": json.loads(DOC)}
    assert list(result) == ["metaData", "response"]
    assert bpjs_codec.process_wrapper(CONS_ID, SECRET, str(TS), body.encode()) == result


def test_process_wrapper_keeps_casing_order_and_plain_values():
    body = json.dumps({"response": encrypted('[1,2,{"a":null}]'), "metadata": {"code": 200, "message": "Ok."}})
    result = bpjs_codec.process_wrapper(CONS_ID, SECRET, TS, body)
    assert list(result) == ["response", "metadata"]
    assert result["response"] == [1, 2, {"a": None}]
    for plain in ("0301R0011124V000001", "OK", None, {"a": 1}, [1, 2]):
        assert bpjs_codec.process_wrapper(CONS_ID, SECRET, TS, envelope(plain)) == json.loads(envelope(plain))
    plain = '{"metaData":{"code":"200"}}'
    assert bpjs_codec.process_wrapper(CONS_ID, SECRET, TS, plain) == {"metaData": {"code": "200"}}


def test_process_wrapper_returns_non_json_text():
    page = "<html><body>503 Service Temporarily Unavailable</body></html>"
    assert bpjs_codec.process_wrapper(CONS_ID, SECRET, TS, page) == page
    assert bpjs_codec.process_wrapper(CONS_ID, SECRET, TS, page.encode()) == page
    assert bpjs_codec.process_wrapper(CONS_ID, SECRET, TS, "[1, 2]") == [1, 2]


def test_metadata_accepts_objects_and_text():
    ok = {"code": 200, "message": "OK", "ok": True}
    assert bpjs_codec.metadata({"metaData": {"code": "200", "message": "OK"}}) == ok
    assert bpjs_codec.metadata('{"metaData":{"code":"200","message":"OK"}}') == ok
    assert bpjs_codec.metadata(b'{"metaData":{"code":"200","message":"OK"}}') == ok
    assert bpjs_codec.metadata({"metadata": {"Code": 1, "Message": "Ok"}}) == {"code": 1, "message": "Ok", "ok": True}
    assert bpjs_codec.metadata({"metadata": {"code": 201, "message": "Gagal"}})["ok"] is False
    assert bpjs_codec.metadata("<html>") == {"code": None, "message": None, "ok": False}
    assert bpjs_codec.metadata([1, 2]) == {"code": None, "message": None, "ok": False}
    decoded = bpjs_codec.process_wrapper(CONS_ID, SECRET, TS, envelope(encrypted()))
    assert bpjs_codec.metadata(decoded)["ok"] is True
    with pytest.raises(TypeError):
        bpjs_codec.metadata({"metaData": object()})
    deep = []
    for _ in range(100_000):
        deep = [deep]
    # Only the status entry is read: a huge or deep `response` costs nothing...
    assert bpjs_codec.metadata({"metaData": {"code": 200}, "response": deep})["ok"] is True
    # ...and a crafted status object still cannot overflow the stack.
    with pytest.raises(RecursionError):
        bpjs_codec.metadata({"metaData": {"code": 200, "extra": deep}})
    assert bpjs_codec.status_object({"MetaData": {"code": 1}, "response": None}) == {"code": 1}
    assert bpjs_codec.status_object({"metaData": "not an object"}) is None


def test_wrong_argument_types_are_type_errors():
    with pytest.raises(TypeError):
        bpjs_codec.decrypt_and_decompress(CONS_ID, SECRET, TS, 123)
    with pytest.raises(TypeError):
        bpjs_codec.decrypt_and_decompress(CONS_ID, SECRET, 1.5, "AAAA")
    with pytest.raises(TypeError):
        bpjs_codec.lz_decompress("Q", max_output="10")


# --- every error kind ----------------------------------------------------------


def kind_of(call) -> str:
    with pytest.raises(DecodeError) as info:
        call()
    return info.value.kind


def test_every_error_kind():
    ct = encrypted()
    long_lz = bpjs_codec.lz_compress("hello world " * 20)
    seen = {
        "base64": kind_of(lambda: bpjs_codec.decrypt_and_decompress(CONS_ID, SECRET, TS, "!!!!")),
        "cipher_length": kind_of(lambda: bpjs_codec.decrypt_and_decompress(CONS_ID, SECRET, TS, "AAAA")),
        "padding": kind_of(lambda: bpjs_codec.decrypt_and_decompress(CONS_ID, SECRET, TS + 1, ct)),
        "lz_empty": kind_of(lambda: bpjs_codec.lz_decompress("")),
        "lz_invalid_char": kind_of(lambda: bpjs_codec.lz_decompress("abc!")),
        "lz_truncated": kind_of(lambda: bpjs_codec.lz_decompress(long_lz[: len(long_lz) // 2])),
        "lz_corrupt": kind_of(lambda: bpjs_codec.lz_decompress("z")),
        "output_limit": kind_of(lambda: bpjs_codec.lz_decompress(long_lz, max_output=10)),
        "json": kind_of(lambda: bpjs_codec.process_wrapper(CONS_ID, SECRET, TS, envelope(encrypted("bukan JSON")))),
        "config": kind_of(lambda: bpjs_codec.decrypt_and_decompress("", SECRET, TS, ct)),
    }
    assert seen == {kind: kind for kind in bpjs_codec.ERROR_KINDS}


def test_decode_errors_through_the_pipeline():
    empty_plaintext = bpjs_codec.compress_and_encrypt(CONS_ID, SECRET, TS, "")  # lz of "" is "Q", not empty
    assert bpjs_codec.decrypt_and_decompress(CONS_ID, SECRET, TS, empty_plaintext) == ""
    assert kind_of(lambda: bpjs_codec.process_wrapper(CONS_ID, SECRET, TS + 1, envelope(encrypted()))) == "padding"
    big = encrypted("x" * 5000)
    limit = {"max_output": 100}
    assert kind_of(lambda: bpjs_codec.decrypt_and_decompress(CONS_ID, SECRET, TS, big, **limit)) == "output_limit"
    assert kind_of(lambda: bpjs_codec.process_wrapper(CONS_ID, SECRET, TS, envelope(big), **limit)) == "output_limit"


def test_exception_classes():
    assert issubclass(DecodeError, ValueError)
    assert issubclass(ConfigError, DecodeError)
    with pytest.raises(ValueError):
        bpjs_codec.lz_decompress("")
    with pytest.raises(ConfigError) as info:
        bpjs_codec.decrypt_and_decompress(CONS_ID, SECRET, "", "AAAA")
    assert info.value.kind == "config"
    with pytest.raises(ConfigError):
        bpjs_codec.lz_decompress("Q", max_output=-1)


def test_errors_pickle_with_their_kind():
    with pytest.raises(DecodeError) as info:
        bpjs_codec.lz_decompress("")
    copy = pickle.loads(pickle.dumps(info.value))
    assert (type(copy), copy.kind, str(copy)) == (DecodeError, "lz_empty", str(info.value))


def test_no_secret_in_messages_or_repr():
    secret = "VerySecret-1234"
    user_key, password = "UserKey-5678", "Passw0rd-9012"
    ct = bpjs_codec.compress_and_encrypt(CONS_ID, secret, TS, DOC)
    derived = [
        bpjs_codec.signature(CONS_ID, secret, TS),
        bpjs_codec.authorization("u", password),
        CONS_ID + secret + str(TS),
    ]
    errors = []
    for call in (
        lambda: bpjs_codec.decrypt_and_decompress(CONS_ID, secret, TS + 1, ct),
        lambda: bpjs_codec.process_wrapper(CONS_ID, secret, TS + 1, envelope(ct)),
        lambda: bpjs_codec.decrypt(CONS_ID + secret + "0", ct),
        lambda: bpjs_codec.build_headers("pcare", CONS_ID, secret, user_key=user_key, username="u"),
        lambda: bpjs_codec.build_headers("pcare", CONS_ID, secret, user_key=user_key, password=password),
        lambda: bpjs_codec.build_headers("vclaim", "", secret, user_key=user_key),
    ):
        with pytest.raises(DecodeError) as info:
            call()
        errors.append(info.value)
    padding = errors[0]
    assert padding.kind == "padding"
    assert "wrong cons_id, secret or timestamp" in str(padding)
    for error in errors:
        shown = f"{error} {error!r} {error.args!r}"
        for value in (secret, user_key, password, *derived):
            assert value not in shown


# --- docstrings ------------------------------------------------------------------


def test_docstring_examples():
    """The examples in the docstrings (native functions included) run."""
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    names = [n for n in bpjs_codec.__all__ if callable(getattr(bpjs_codec, n))]
    tested = 0
    for name in names:
        for test in finder.find(getattr(bpjs_codec, name), name, globs={}):
            runner.run(test)
            tested += 1
    assert tested >= 10
    assert runner.summarize(verbose=False).failed == 0
    for name in names:
        assert getattr(bpjs_codec, name).__doc__, f"{name} has no docstring"


# --- find_timestamp, is_sensitive_header, status_object ----------------------------------------


def test_find_timestamp_searches_both_sides_of_the_clock():
    skewed = encrypted(ts=TS + 90)
    assert bpjs_codec.find_timestamp(CONS_ID, SECRET, skewed, TS, window=90) == str(TS + 90)
    assert bpjs_codec.find_timestamp(CONS_ID, SECRET, skewed, TS + 200, window=110) == str(TS + 90)
    assert bpjs_codec.find_timestamp(CONS_ID, SECRET, skewed.encode(), str(TS), window=89) is None
    # The default window is ten minutes each side.
    assert bpjs_codec.find_timestamp(CONS_ID, SECRET, encrypted(ts=TS - 600), TS) == str(TS - 600)
    assert bpjs_codec.find_timestamp(CONS_ID, SECRET, encrypted(ts=TS - 601), TS) is None
    # What it finds decodes the reply.
    found = bpjs_codec.find_timestamp(CONS_ID, SECRET, skewed, TS)
    assert json.loads(bpjs_codec.decrypt_and_decompress(CONS_ID, SECRET, found, skewed)) == json.loads(DOC)


def test_find_timestamp_arguments():
    ct = encrypted()
    with pytest.raises(ConfigError, match="window"):
        bpjs_codec.find_timestamp(CONS_ID, SECRET, ct, TS, window=bpjs_codec.MAX_WINDOW_SECS + 1)
    with pytest.raises(ConfigError, match="window"):
        bpjs_codec.find_timestamp(CONS_ID, SECRET, ct, TS, window=-1)
    with pytest.raises(TypeError):
        bpjs_codec.find_timestamp(CONS_ID, SECRET, ct, TS, window=True)
    with pytest.raises(TypeError):
        bpjs_codec.find_timestamp(CONS_ID, SECRET, ct, TS, window="60")
    with pytest.raises(TypeError):
        bpjs_codec.find_timestamp(CONS_ID, SECRET, ct, TS, 60)  # window is keyword-only
    with pytest.raises(ConfigError, match="timestamp"):
        bpjs_codec.find_timestamp(CONS_ID, SECRET, ct, "soon")
    with pytest.raises(ConfigError, match="cons_id"):
        bpjs_codec.find_timestamp("", SECRET, ct, TS)
    with pytest.raises(TypeError):
        bpjs_codec.find_timestamp(CONS_ID, SECRET, 123, TS)
    assert bpjs_codec.MAX_WINDOW_SECS == 7 * 24 * 3600


def test_find_timestamp_errors_show_no_secret_or_reply():
    for call in (
        lambda: bpjs_codec.find_timestamp(CONS_ID, SECRET, "0301R0011124V000123", TS),
        lambda: bpjs_codec.find_timestamp(CONS_ID, SECRET, "<html>0001234567890</html>", TS),
    ):
        with pytest.raises(DecodeError) as info:
            call()
        shown = f"{info.value} {info.value!r}"
        assert SECRET not in shown and "0301R0011124V000123" not in shown and "0001234567890" not in shown


@pytest.mark.parametrize("name, sensitive", [
    ("X-signature", True), ("x-signature", True), ("USER_KEY", True), ("X-Authorization", True),
    ("authorization", True), ("X-cons-id", False), ("X-timestamp", False), ("Content-Type", False),
    ("", False),
])
def test_is_sensitive_header(name, sensitive):
    assert bpjs_codec.is_sensitive_header(name) is sensitive


def test_every_secret_header_built_is_sensitive():
    headers = bpjs_codec.build_headers("pcare", CONS_ID, SECRET, user_key="uk", username="u", password="p",
                                       timestamp=TS)
    secret = {name for name in headers if bpjs_codec.is_sensitive_header(name)}
    assert secret == {"X-signature", "user_key", "X-authorization"}
    with pytest.raises(TypeError):
        bpjs_codec.is_sensitive_header(None)


def test_status_object_keeps_extra_fields():
    status = {"code": 200, "message": "Ok", "totalitems": 2}
    assert bpjs_codec.status_object({"metadata": status, "response": {"list": []}}) == status
    assert bpjs_codec.status_object("not parsed") is None
    assert bpjs_codec.status_object({"response": 1}) is None
