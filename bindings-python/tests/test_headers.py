"""build_headers, signature and authorization against a pure-Python computation."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

import bpjs_codec

CREDS = dict(user_key="uk-123", username="dokter", password="p4ss:w0rd")
CONS_ID, SECRET, TS = "1000", "S3cr3t+/=", 1732406400


def py_signature(cons_id: str, secret: str, timestamp: str) -> str:
    digest = hmac.new(secret.encode(), f"{cons_id}&{timestamp}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def py_authorization(username: str, password: str, app_code: str = "095") -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}:{app_code}".encode()).decode()


# What each service sends (SPEC section 2), written out independently of the core.
EXPECTED_NAMES = {
    "vclaim": ["X-cons-id", "X-timestamp", "X-signature", "user_key", "Accept", "Content-Type"],
    "antreanrs": ["X-cons-id", "X-timestamp", "X-signature", "user_key", "Accept", "Content-Type"],
    "antreanfktp": ["X-cons-id", "X-timestamp", "X-signature", "user_key", "X-authorization", "Accept", "Content-Type"],
    "pcare": ["X-cons-id", "X-timestamp", "X-signature", "user_key", "X-authorization", "Accept", "Content-Type"],
    "icare-fktp": ["X-cons-id", "X-timestamp", "X-signature", "user_key", "X-authorization", "Accept", "Content-Type"],
    "icare-fkrtl": ["X-cons-id", "X-timestamp", "X-signature", "user_key", "Accept", "Content-Type"],
    "apotek": ["X-cons-id", "X-timestamp", "X-signature", "user_key", "Accept", "Content-Type"],
    "aplicares": ["X-cons-id", "X-timestamp", "X-signature", "Accept", "Content-Type"],
}


def test_every_service_is_covered():
    assert set(bpjs_codec.SERVICES) == set(EXPECTED_NAMES)


@pytest.mark.parametrize("service", sorted(EXPECTED_NAMES))
@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE"])
def test_headers_match_python_hmac(service, method):
    headers = bpjs_codec.build_headers(service, CONS_ID, SECRET, timestamp=TS, method=method, **CREDS)
    assert list(headers) == EXPECTED_NAMES[service]
    assert headers["X-cons-id"] == CONS_ID
    assert headers["X-timestamp"] == str(TS)
    assert headers["X-signature"] == py_signature(CONS_ID, SECRET, str(TS))
    assert "%" not in headers["X-signature"]  # never URL-encoded
    if "user_key" in headers:
        assert headers["user_key"] == CREDS["user_key"]
    if "X-authorization" in headers:
        assert headers["X-authorization"] == py_authorization(CREDS["username"], CREDS["password"])
    assert headers["Accept"] == "application/json"
    form_quirk = service in ("vclaim", "antreanrs") and method != "GET"
    assert headers["Content-Type"] == ("Application/x-www-form-urlencoded" if form_quirk else "application/json")


@pytest.mark.parametrize("service", sorted(EXPECTED_NAMES))
def test_clock_timestamp_is_used_everywhere(service):
    headers = bpjs_codec.build_headers(service, CONS_ID, SECRET, **CREDS)
    ts = headers["X-timestamp"]
    assert ts.isdigit()
    assert headers["X-signature"] == py_signature(CONS_ID, SECRET, ts)


def test_timestamp_int_and_str_agree():
    a = bpjs_codec.build_headers("vclaim", CONS_ID, SECRET, user_key="k", timestamp=TS)
    b = bpjs_codec.build_headers("vclaim", CONS_ID, SECRET, user_key="k", timestamp=str(TS))
    assert a == b
    assert bpjs_codec.signature(CONS_ID, SECRET, TS) == py_signature(CONS_ID, SECRET, str(TS))


def test_app_code_and_content_type_override():
    headers = bpjs_codec.build_headers(
        "pcare", CONS_ID, SECRET, timestamp=TS, app_code="123", content_type="text/plain", method="post", **CREDS
    )
    assert headers["X-authorization"] == py_authorization(CREDS["username"], CREDS["password"], "123")
    assert headers["Content-Type"] == "text/plain"
    assert bpjs_codec.authorization("u", "p") == py_authorization("u", "p")
    assert bpjs_codec.authorization("u", "p", "777") == py_authorization("u", "p", "777")


def test_antreanfktp_authorization_is_opt_in():
    headers = bpjs_codec.build_headers("antreanfktp", CONS_ID, SECRET, user_key="k", timestamp=TS)
    assert "X-authorization" not in headers


@pytest.mark.parametrize(
    "service, kwargs, field",
    [
        ("vclaim", {}, "user_key"),
        ("pcare", {"user_key": "k"}, "username"),
        ("pcare", {"user_key": "k", "username": "u"}, "password"),
        ("icare-fktp", {"user_key": "k", "username": "u"}, "password"),
        ("apotek", {"user_key": ""}, "user_key"),
    ],
)
def test_missing_credentials_are_named(service, kwargs, field):
    with pytest.raises(bpjs_codec.ConfigError) as info:
        bpjs_codec.build_headers(service, CONS_ID, SECRET, timestamp=TS, **kwargs)
    assert info.value.kind == "config"
    assert field in str(info.value)
    assert SECRET not in str(info.value) and SECRET not in repr(info.value)


@pytest.mark.parametrize(
    "args, field",
    [
        (("vclaim", "", SECRET), "cons_id"),
        (("vclaim", CONS_ID, ""), "secret"),
        (("nosuch", CONS_ID, SECRET), "service"),
    ],
)
def test_bad_arguments_are_config_errors(args, field):
    with pytest.raises(bpjs_codec.ConfigError, match=field):
        bpjs_codec.build_headers(*args, user_key="k", timestamp=TS)


def test_bad_method_and_timestamp():
    with pytest.raises(bpjs_codec.ConfigError, match="method"):
        bpjs_codec.build_headers("vclaim", CONS_ID, SECRET, user_key="k", method="PATCH")
    for bad in (-1, "12.5", "abc", ""):
        with pytest.raises(bpjs_codec.ConfigError, match="timestamp"):
            bpjs_codec.build_headers("vclaim", CONS_ID, SECRET, user_key="k", timestamp=bad)
    with pytest.raises(TypeError):
        bpjs_codec.build_headers("vclaim", CONS_ID, SECRET, user_key="k", timestamp=1.5)


def test_service_path():
    assert bpjs_codec.service_path("vclaim") == "vclaim-rest"
    assert bpjs_codec.service_path("vclaim", development=True) == "vclaim-rest-dev"
    assert bpjs_codec.service_path("icare-fkrtl") == "wsihs/api/rs"


@pytest.mark.parametrize("fn", [bpjs_codec.signature, lambda c, s, t: bpjs_codec.compress_and_encrypt(c, s, t, "{}")])
@pytest.mark.parametrize("args, field", [(("", SECRET, TS), "cons_id"), ((CONS_ID, "", TS), "secret")])
def test_signing_and_encrypting_need_key_parts(fn, args, field):
    # The same rule and message as the other hosts: the core's check_key_parts.
    with pytest.raises(bpjs_codec.ConfigError, match=field):
        fn(*args)
