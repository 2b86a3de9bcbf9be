"""Where the Flask service gets its settings and BPJS credentials: ``.env`` /
environment (the flask-bpjs names) or, when all are given, the ``x-*``
request headers.

Settings (``.env``, environment, or ``create_app(config)``):

- ``HOST_BPJS`` (or ``HOST``), ``CONSID``, ``SECRET``, ``USER_KEY``,
  ``IS_ENCRYPT`` (default 1), ``USERNAME``, ``PASSWORD``, ``APP_CODE``,
  ``SERVICE``: the upstream and its credentials (see :func:`resolve`).
- ``BPJS_HTTP_CONNECT_TIMEOUT`` (10 s), ``BPJS_HTTP_TIMEOUT`` (30 s),
  ``BPJS_HTTP_DISABLE_SSL_VERIFY``, ``BPJS_MAX_OUTPUT``,
  ``BPJS_HTTP_RETRY_TIMES`` (2), ``BPJS_HTTP_RETRY_SLEEP`` (500 ms).
- ``BPJS_AUDIT_LOG`` (off), ``BPJS_AUDIT_DB_URL`` (a SQLite file in the
  instance folder), ``BPJS_MONITORING_TOKEN``, ``BPJS_RESEND_MAX_ATTEMPTS``
  (4), ``BPJS_RESEND_SCHEDULE`` (``60,300,900``): docs/audit.md.
- ``BPJS_AUDIT_HASH_KEY``: the key of the audit rows' ``payload_hash``
  (HMAC-SHA256; at least 16 bytes). Default: ``bpjs_codec.derive_hash_key``
  of the request's consumer secret, stable as long as the secret is. Set it
  to ``derive_hash_key(old secret)`` before rotating the secret, so hashes
  stay comparable; keep it out of the database and the logs (see
  :func:`audit_hash_key`).

Nothing here is ever logged or echoed: ``repr`` of :class:`Upstream` hides
the secret, user_key and password.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Optional

import bpjs_codec

# .env / environment names of flask-bpjs; USERNAME, PASSWORD and APP_CODE are
# for PCare and iCare FKTP (X-authorization).
ENV_KEYS = (
    "HOST_BPJS",
    "HOST",
    "CONSID",
    "SECRET",
    "USER_KEY",
    "IS_ENCRYPT",
    "USERNAME",
    "PASSWORD",
    "APP_CODE",
    "SERVICE",
    "BPJS_HTTP_TIMEOUT",
    "BPJS_HTTP_CONNECT_TIMEOUT",
    "BPJS_HTTP_DISABLE_SSL_VERIFY",
    "BPJS_MAX_OUTPUT",
    # GET-only retries of one proxied request (the core's retry rule decides which failures).
    "BPJS_HTTP_RETRY_TIMES",
    "BPJS_HTTP_RETRY_SLEEP",
    # Audit trail, monitoring and resend (docs/audit.md).
    "BPJS_AUDIT_LOG",
    "BPJS_AUDIT_DB_URL",
    "BPJS_MONITORING_TOKEN",
    "BPJS_RESEND_MAX_ATTEMPTS",
    "BPJS_RESEND_SCHEDULE",
    # The key of the audit payload hash (default: derived from SECRET).
    "BPJS_AUDIT_HASH_KEY",
)

# Header credentials of flask-bpjs (all of host, consid, secret, user_key and
# is_encrypt must be present, else the .env credentials are used).
HEADER_REQUIRED = ("x-host", "x-consid", "x-secret", "x-user_key", "x-is_encrypt")
HEADER_OPTIONAL = ("x-username", "x-password", "x-app_code", "x-service")


def load_settings(config: Optional[Mapping[str, Any]], dotenv_path: Optional[str]) -> dict:
    """Settings in increasing precedence: ``.env`` file, environment, ``config``."""
    settings: dict = {}
    path = (config or {}).get("DOTENV_PATH") or dotenv_path or os.environ.get("BPJS_DOTENV") or ".env"
    if os.path.isfile(path):
        from dotenv import dotenv_values

        settings.update({k: v for k, v in dotenv_values(path).items() if v is not None})
    settings.update({k: os.environ[k] for k in ENV_KEYS if k in os.environ})
    if config:
        settings.update(config)
    return settings


def _flag(value: Any, default: bool) -> bool:
    if value is None or value == "":
        return default
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def detect_service(host: str) -> Optional[str]:
    """The bpjs_codec service whose URL path the host ends with, if any
    (the core's service table decides, legacy ``pcare-rest-v3.0`` included)."""
    return bpjs_codec.service_from_url(host if "://" in host else "http://" + host)


@dataclass(frozen=True)
class Upstream:
    """Everything needed to call BPJS for one proxied request."""

    host: str
    service: str
    cons_id: str
    secret: str = field(repr=False)
    user_key: Optional[str] = field(default=None, repr=False)
    username: Optional[str] = None
    password: Optional[str] = field(default=None, repr=False)
    app_code: Optional[str] = None
    decode: bool = True
    source: str = "env"  # "env" or "headers"

    def url(self, endpoint: str) -> str:
        return self.host.rstrip("/") + "/" + endpoint.lstrip("/")


def _nonempty(value: Any) -> Optional[str]:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def resolve(settings: Mapping[str, Any], headers: Any) -> Upstream:
    """Header credentials when all are given (flask-bpjs), else the settings.

    ``headers``: anything with a case-insensitive ``get`` (Flask's request.headers).

    Raises ``bpjs_codec.ConfigError`` naming what is missing.
    """
    # x-user_key or x-user-key: gunicorn (22+) and nginx drop header names
    # with underscores by default, so the hyphenated spelling is accepted too.
    given = {
        name: _nonempty(headers.get(name)) or _nonempty(headers.get(name.replace("_", "-")))
        for name in HEADER_REQUIRED + HEADER_OPTIONAL
    }
    if all(given[name] for name in HEADER_REQUIRED):
        values = {
            "host": given["x-host"],
            "cons_id": given["x-consid"],
            "secret": given["x-secret"],
            "user_key": given["x-user_key"],
            "is_encrypt": given["x-is_encrypt"],
            "username": given["x-username"],
            "password": given["x-password"],
            "app_code": given["x-app_code"],
            "service": given["x-service"],
        }
        source = "headers"
    else:
        values = {
            "host": _nonempty(settings.get("HOST_BPJS")) or _nonempty(settings.get("HOST")),
            "cons_id": _nonempty(settings.get("CONSID")),
            "secret": _nonempty(settings.get("SECRET")),
            "user_key": _nonempty(settings.get("USER_KEY")),
            "is_encrypt": settings.get("IS_ENCRYPT"),
            "username": _nonempty(settings.get("USERNAME")),
            "password": _nonempty(settings.get("PASSWORD")),
            "app_code": _nonempty(settings.get("APP_CODE")),
            "service": _nonempty(settings.get("SERVICE")),
        }
        source = "env"
    if not values["host"]:
        raise bpjs_codec.ConfigError(
            "config: host: missing (set HOST_BPJS in .env, or send x-host with the other x-* headers)"
        )
    service = values["service"] or detect_service(values["host"]) or "vclaim"
    if service not in bpjs_codec.SERVICES:
        raise bpjs_codec.ConfigError(
            f"config: service: unknown service {service!r}; expected one of {', '.join(bpjs_codec.SERVICES)}"
        )
    return Upstream(
        host=values["host"],
        service=service,
        cons_id=values["cons_id"] or "",
        secret=values["secret"] or "",
        user_key=values["user_key"],
        username=values["username"],
        password=values["password"],
        app_code=values["app_code"],
        decode=_flag(values["is_encrypt"], default=True),
        source=source,
    )


def float_setting(settings: Mapping[str, Any], name: str, default: float) -> float:
    value = settings.get(name)
    if value is None or str(value).strip() == "":
        return default
    try:
        return float(value)
    except ValueError:
        raise bpjs_codec.ConfigError(f"config: {name}: expected a number of seconds, got {value!r}") from None


def flag_setting(settings: Mapping[str, Any], name: str, default: bool) -> bool:
    return _flag(settings.get(name), default)


def int_setting(settings: Mapping[str, Any], name: str, default: int, minimum: int = 0) -> int:
    value = settings.get(name)
    if value is None or str(value).strip() == "":
        return default
    try:
        number = int(str(value).strip())
    except ValueError:
        raise bpjs_codec.ConfigError(f"config: {name}: expected a whole number, got {value!r}") from None
    if number < minimum:
        raise bpjs_codec.ConfigError(f"config: {name}: expected {minimum} or more, got {number}")
    return number


def schedule_setting(settings: Mapping[str, Any], name: str, default: list) -> list:
    """A comma-separated list of whole seconds (``60,300,900``)."""
    value = settings.get(name)
    if value is None or str(value).strip() == "":
        return list(default)
    try:
        schedule = [int(part) for part in str(value).split(",") if part.strip()]
    except ValueError:
        schedule = []
    if not schedule or min(schedule) < 0:
        raise bpjs_codec.ConfigError(f"config: {name}: expected whole seconds separated by commas, e.g. 60,300,900")
    return schedule


def configured_hash_key(settings: Mapping[str, Any]) -> Optional[str]:
    """``BPJS_AUDIT_HASH_KEY`` when set, checked by the core (at least 16
    bytes; ``ConfigError`` naming ``hash_key`` otherwise, never its value)."""
    key = settings.get("BPJS_AUDIT_HASH_KEY")
    if key is None or str(key) == "":
        return None
    key = str(key)
    bpjs_codec.payload_hash(None, key)  # the core's check of the key
    return key


def audit_hash_key(settings: Mapping[str, Any], upstream: Upstream) -> str:
    """The key of this request's audit ``payload_hash``: ``BPJS_AUDIT_HASH_KEY``
    when set, else ``derive_hash_key(secret)`` of the credentials in use (with
    header credentials, each facility hashes with its own secret).

    >>> up = Upstream(host="http://h/vclaim-rest", service="vclaim", cons_id="1", secret="simSecret2026")
    >>> audit_hash_key({}, up) == bpjs_codec.derive_hash_key("simSecret2026")
    True
    >>> audit_hash_key({"BPJS_AUDIT_HASH_KEY": "installation-key-0001"}, up)
    'installation-key-0001'
    """
    return configured_hash_key(settings) or bpjs_codec.derive_hash_key(upstream.secret)
