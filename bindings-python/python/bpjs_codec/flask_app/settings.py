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
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Optional
from urllib.parse import urlsplit

from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url

import bpjs_codec

# .env / environment names of flask-bpjs; USERNAME, PASSWORD and APP_CODE are
# for PCare and iCare FKTP (X-authorization).
ENV_KEYS: tuple = (
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

# Header credentials of flask-bpjs: all of the required ones, or none (then
# the .env credentials). Written with hyphens: Werkzeug >= 3 and gunicorn >= 22
# drop header names with underscores (x-user_key), which made a request that
# sent them fall back to the .env credentials without a word. Both spellings
# are read (Werkzeug maps either to HTTP_X_USER_KEY when it lets them through).
HEADER_REQUIRED = ("x-host", "x-consid", "x-secret", "x-user-key", "x-is-encrypt")
HEADER_OPTIONAL = ("x-username", "x-password", "x-app-code", "x-service")

# Settings that are lists or limits of the service itself (read by create_app).
LIMIT_KEYS = (
    "MAX_CONTENT_LENGTH",
    "BPJS_MAX_REPLY_BYTES",
    "BPJS_MAX_JSON_VALUES",
    "BPJS_HTTP_TOTAL_TIMEOUT",
    "BPJS_AUDIT_MAX_STORED_BYTES",
    "BPJS_AUDIT_RETENTION_DAYS",
    "BPJS_ALLOWED_HOSTS",
    "BPJS_CORS_ORIGINS",
    "BPJS_PROXY_TOKEN",
    "BPJS_MONITORING_TOKENS",
)
ENV_KEYS = ENV_KEYS + LIMIT_KEYS


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


def configured_host(settings: Mapping[str, Any]) -> tuple:
    """The BPJS base URL of the settings and where it came from:
    ``(url, "HOST_BPJS")``; ``(url, "HOST")`` only when ``HOST_BPJS`` is
    absent and ``HOST`` is a URL with a BPJS service path (``HOST`` is a
    generic variable many shells and containers set to a machine name);
    ``(None, reason)`` otherwise.

    >>> configured_host({"HOST": "web01"})
    (None, 'HOST ignored: not a BPJS service URL (set HOST_BPJS)')
    >>> configured_host({"HOST": "https://apijkn.bpjs-kesehatan.go.id/vclaim-rest"})[1]
    'HOST'
    """
    host = _nonempty(settings.get("HOST_BPJS"))
    if host:
        return host, "HOST_BPJS"
    generic = _nonempty(settings.get("HOST"))
    if generic is None:
        return None, "HOST_BPJS not set"
    if "://" in generic and bpjs_codec.service_from_url(generic) is not None:
        return generic, "HOST"
    return None, "HOST ignored: not a BPJS service URL (set HOST_BPJS)"


def host_port(url: str) -> Optional[tuple]:
    """``(host, port)`` of an ``http(s)://`` URL or a bare ``host[:port]``
    entry, lower-case, the port defaulted by scheme; None when unreadable."""
    text = url.strip()
    if not text:
        return None
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return None
    return parts.hostname.lower(), port


def allowed_hosts(settings: Mapping[str, Any]) -> frozenset:
    """Where ``x-host`` may point: BPJS's production and development hosts
    (the core's), the configured host, and ``BPJS_ALLOWED_HOSTS`` (a comma
    list of ``host[:port]`` or URLs)."""
    entries = [bpjs_codec.PRODUCTION_HOST, bpjs_codec.DEVELOPMENT_HOST]
    host, _ = configured_host(settings)
    if host:
        entries.append(host)
    entries += [e for e in str(settings.get("BPJS_ALLOWED_HOSTS") or "").split(",") if e.strip()]
    out = set()
    for entry in entries:
        parsed = host_port(entry)
        if parsed is None:
            raise bpjs_codec.ConfigError(
                "config: BPJS_ALLOWED_HOSTS: expected host[:port] or http(s) URLs separated by commas"
            )
        out.add(parsed)
    return frozenset(out)


# What an x-host may contain: a BPJS URL needs nothing else. This keeps out
# the characters two URL parsers read differently (a backslash ends urllib3's
# authority but not urlsplit's, ``@`` starts userinfo, ``%`` escapes), and
# whitespace and control characters.
_X_HOST_CHARS = re.compile(r"[A-Za-z0-9.:/_\[\]-]+\Z")


def check_header_host(host: str, allowed: frozenset) -> str:
    """Refuses an ``x-host`` that is not an allowed BPJS URL, before any
    connection: the header would otherwise point the proxy (with any method
    and body) at any address of the hospital's network.

    The URL is read by urllib3's parser, the one ``requests`` sends with, and
    the base URL returned is rebuilt from the allowed ``(scheme, host, port)``
    and the service path: the caller's string itself is never sent.

    >>> check_header_host("https://APIJKN.bpjs-kesehatan.go.id/vclaim-rest/", allowed_hosts({}))
    'https://apijkn.bpjs-kesehatan.go.id/vclaim-rest'
    """
    if not _X_HOST_CHARS.match(host):
        raise bpjs_codec.ConfigError(
            "config: x-host: only letters, digits and . : / - _ [ ] are allowed "
            "(no backslash, @, %, whitespace or control characters)"
        )
    if "://" not in host:
        raise bpjs_codec.ConfigError("config: x-host: expected an http(s) URL of a BPJS service")
    try:
        parsed = parse_url(host)
        port = parsed.port
    except (LocationParseError, ValueError):
        raise bpjs_codec.ConfigError("config: x-host: not a URL") from None
    scheme = (parsed.scheme or "").lower()
    if scheme not in ("http", "https") or not parsed.host:
        raise bpjs_codec.ConfigError("config: x-host: expected an http(s) URL of a BPJS service")
    name = parsed.host.lower().strip("[]")
    key = (name, port or (443 if scheme == "https" else 80))
    # Both parsers must read the same host and port, and it must be allowed.
    if key not in allowed or host_port(host) != key:
        raise bpjs_codec.ConfigError(
            "config: x-host: not an allowed BPJS host (BPJS's own hosts and HOST_BPJS are; "
            "add others to BPJS_ALLOWED_HOSTS)"
        )
    path = "/" + (parsed.path or "").strip("/")
    default_port = 443 if scheme == "https" else 80
    netloc = ("[" + name + "]" if ":" in name else name) + (f":{key[1]}" if key[1] != default_port else "")
    base = f"{scheme}://{netloc}{path}"
    if path == "/" or bpjs_codec.service_from_url(base) is None:
        raise bpjs_codec.ConfigError(
            "config: x-host: the path is not a BPJS service path (e.g. /vclaim-rest, /pcare-rest, /antreanrs)"
        )
    return base


def _header(headers: Any, name: str) -> Optional[str]:
    return _nonempty(headers.get(name)) or _nonempty(headers.get(name.replace("-", "_")))


def resolve(settings: Mapping[str, Any], headers: Any, allowed: Optional[frozenset] = None) -> Upstream:
    """Header credentials when all are given (flask-bpjs), else the settings.

    ``headers``: anything with a case-insensitive ``get`` (Flask's
    request.headers); ``{}`` for the configured credentials only. Some but not
    all of the credential headers: ``ConfigError`` naming the missing ones
    (never a silent fallback to .env). ``allowed``: where ``x-host`` may point
    (:func:`allowed_hosts` of the settings when None).

    Raises ``bpjs_codec.ConfigError`` naming what is missing or refused.
    """
    given = {name: _header(headers, name) for name in HEADER_REQUIRED + HEADER_OPTIONAL}
    credential_headers = HEADER_REQUIRED + ("x-username", "x-password", "x-app-code")
    if any(given[name] for name in credential_headers):
        missing = [name for name in HEADER_REQUIRED if not given[name]]
        if missing:
            raise bpjs_codec.ConfigError(
                f"config: header credentials incomplete: {', '.join(missing)} missing. Send all of "
                f"{', '.join(HEADER_REQUIRED)} (with hyphens: servers drop header names with underscores), "
                "or none to use the service's own credentials"
            )
        base = check_header_host(str(given["x-host"]), allowed if allowed is not None else allowed_hosts(settings))
        values = {
            "host": base,
            "cons_id": given["x-consid"],
            "secret": given["x-secret"],
            "user_key": given["x-user-key"],
            "is_encrypt": given["x-is-encrypt"],
            "username": given["x-username"],
            "password": given["x-password"],
            "app_code": given["x-app-code"],
            "service": given["x-service"],
        }
        source = "headers"
    else:
        values = {
            "host": configured_host(settings)[0],
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


def list_setting(settings: Mapping[str, Any], name: str) -> list:
    """A comma-separated list (empty entries dropped)."""
    return [part.strip() for part in str(settings.get(name) or "").split(",") if part.strip()]


def monitoring_tokens(settings: Mapping[str, Any]) -> dict:
    """``BPJS_MONITORING_TOKENS`` (``name=token,...``: one token per person,
    whose name is recorded with each resend) and ``BPJS_MONITORING_TOKEN``
    (one shared token, named ``monitoring``): token -> name.

    >>> monitoring_tokens({"BPJS_MONITORING_TOKENS": "ani=tok-ani-0001, budi=tok-budi-0002"})["tok-budi-0002"]
    'budi'
    """
    tokens: dict = {}
    for entry in list_setting(settings, "BPJS_MONITORING_TOKENS"):
        name, sep, token = entry.partition("=")
        if not sep or not name.strip() or not token.strip():
            raise bpjs_codec.ConfigError(
                "config: BPJS_MONITORING_TOKENS: expected name=token entries separated by commas"
            )
        if token.strip() in tokens:
            raise bpjs_codec.ConfigError(f"config: BPJS_MONITORING_TOKENS: the token of {name.strip()} is not unique")
        tokens[token.strip()] = name.strip()
    single = str(settings.get("BPJS_MONITORING_TOKEN") or "").strip()
    if single and single not in tokens:
        tokens[single] = "monitoring"
    return tokens
