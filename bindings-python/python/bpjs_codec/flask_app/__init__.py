"""A drop-in replacement for the flask-bpjs proxy service, decoding with bpjs_codec.

Run it (bound to loopback, or behind the hospital's reverse proxy: the
service signs with the hospital's BPJS credentials for whoever reaches it)::

    flask --app bpjs_codec.flask_app run                                           # development
    gunicorn -w 2 --threads 8 -b 127.0.0.1:8000 'bpjs_codec.flask_app:create_app()'  # production

Clients ``POST /`` with ``Content-Type: application/json`` and
``{"url": "referensi/poli/INT", "method": "GET", "payload": ""}``; the service
signs the request for BPJS, sends it, decodes the reply and answers
``{"metaData": {"code": ..., "message": ...}, "response": <decoded>}`` with
``code`` exactly as BPJS sent it and the HTTP status of flask-bpjs (the code;
1 is 200, 0 is 400).

Credentials come from ``.env`` (or the environment): ``HOST_BPJS``,
``CONSID``, ``SECRET``, ``USER_KEY``, ``IS_ENCRYPT`` (default 1), plus
``USERNAME``, ``PASSWORD``, ``APP_CODE`` for PCare / iCare FKTP; or, when all
of ``x-host``, ``x-consid``, ``x-secret``, ``x-user-key`` and ``x-is-encrypt``
are sent, from those headers (+ ``x-username``, ``x-password``,
``x-app-code``, ``x-service``). Some but not all of them is a 400 naming the
missing ones. ``x-host`` may only point at BPJS's hosts, ``HOST_BPJS`` and
``BPJS_ALLOWED_HOSTS``.

Security settings: ``BPJS_PROXY_TOKEN`` (bearer token required on ``POST /``),
``BPJS_CORS_ORIGINS`` (origins granted cross-origin use, preflight included),
``MAX_CONTENT_LENGTH`` (request body, 1 MiB), ``BPJS_MAX_REPLY_BYTES``
(32 MiB, identity encoding only), ``BPJS_MAX_OUTPUT`` (decoded size, 4 Mi
UTF-16 units; plain JSON replies in bytes), ``BPJS_MAX_JSON_VALUES`` (values
of a plain JSON reply, 1 Mi),
``BPJS_HTTP_TOTAL_TIMEOUT`` (25 s for a call and its retries). The
differences from flask-bpjs are listed in bindings-python/README.md
("Differences from flask-bpjs").

Audit trail (docs/audit.md), opt-in with ``BPJS_AUDIT_LOG=true``: one
``pcare_bpjs_log`` row per upstream attempt and the ``pcare_send_attempts``
state of every write naming a ``no_rawat``, in ``BPJS_AUDIT_DB_URL`` (any
SQLAlchemy URL; default a SQLite file in the instance folder, mode 0600).
With ``BPJS_MONITORING_TOKENS`` (``name=token,...``) or
``BPJS_MONITORING_TOKEN``: ``/monitoring/summary``, ``/monitoring/attempts``,
``/monitoring/raw/<no_rawat>``, ``POST /resend/<no_rawat>``; and
``flask --app bpjs_codec.flask_app bpjs resend-due`` for cron,
``bpjs purge --older-than 90d`` for retention.
"""

from __future__ import annotations

import hmac
import math
import os
import re
import traceback
import uuid
from collections.abc import Mapping
from typing import Any, Optional

from flask import Flask, request
from flask_cors import CORS
from werkzeug.exceptions import HTTPException

import bpjs_codec

from . import replies
from .attempts import Attempt, send_with_retries
from .cli import register_cli
from .settings import (
    allowed_hosts,
    configured_hash_key,
    configured_host,
    flag_setting,
    float_setting,
    int_setting,
    list_setting,
    load_settings,
    monitoring_tokens,
    resolve,
    schedule_setting,
)
from .state import ServiceState
from .upstream import new_session, request_body

__all__ = ["create_app"]

# Methods sent as themselves; any other (PATCH, "FOO") goes out as a GET, as
# flask-bpjs did.
_WRITE_METHODS = ("POST", "PUT", "DELETE")
MIB = 1024 * 1024
# The proxy's decoded-size cap, lower than the core's 32 Mi units: the decoded
# JSON becomes Python objects, many times the text's size when it is dense
# (8 Mi units of "[[],[],...]" took a worker +226 MiB, 4 Mi +113 MiB; docs/reliability.md).
DEFAULT_MAX_OUTPUT = 4 * MIB
# The most JSON values (counted as the , : [ { characters of the text, an
# upper bound) a plain-JSON reply may have before it is parsed into objects.
DEFAULT_MAX_JSON_VALUES = MIB
_ARGUMENTS = ("Pastikan untuk mengirim url, method dan payload. "
              "Jika tidak ada data yang dikirim, payload : '' (string kosong)")


def create_app(
    config: Optional[Mapping[str, Any]] = None,
    *,
    dotenv_path: Optional[str] = None,
    instance_path: Optional[str] = None,
) -> Flask:
    """Application factory (``flask run`` and gunicorn find it by name).

    ``config`` overrides the ``.env`` file and the environment, with the same
    names (``HOST_BPJS``, ``CONSID``, ``SECRET``, ``USER_KEY``, ``IS_ENCRYPT``,
    ``USERNAME``, ``PASSWORD``, ``APP_CODE``, ``SERVICE``, the ``BPJS_*``
    settings and ``MAX_CONTENT_LENGTH``; see :mod:`.settings`).
    ``instance_path`` is Flask's instance folder (the default audit database
    lives there).

    >>> app = create_app({"HOST_BPJS": "http://127.0.0.1:1/vclaim-rest", "CONSID": "1", "SECRET": "s"})
    >>> app.name
    'bpjs_codec.flask_app'
    """
    app = Flask(__name__, instance_path=instance_path)
    settings = load_settings(config, dotenv_path)
    retry_times = int_setting(settings, "BPJS_HTTP_RETRY_TIMES", 2)
    if retry_times > 10:
        raise bpjs_codec.ConfigError("config: BPJS_HTTP_RETRY_TIMES: expected 0 to 10")
    configured_hash_key(settings)  # a BPJS_AUDIT_HASH_KEY that is too short fails at start-up
    connect_timeout = float_setting(settings, "BPJS_HTTP_CONNECT_TIMEOUT", 10.0)
    read_timeout = float_setting(settings, "BPJS_HTTP_TIMEOUT", 30.0)
    total_timeout = float_setting(settings, "BPJS_HTTP_TOTAL_TIMEOUT", 25.0)
    if total_timeout <= 0:
        raise bpjs_codec.ConfigError("config: BPJS_HTTP_TOTAL_TIMEOUT: expected a number of seconds above 0")
    max_stored = int_setting(settings, "BPJS_AUDIT_MAX_STORED_BYTES", 0)
    cors_origins = cors_setting(list_setting(settings, "BPJS_CORS_ORIGINS"))
    tokens = monitoring_tokens(settings)
    proxy_token = str(settings.get("BPJS_PROXY_TOKEN") or "").strip() or None
    configured_secrets = [str(settings.get(name) or "").strip() for name in ("SECRET", "USER_KEY", "PASSWORD")]
    state = ServiceState(
        settings=settings,
        session=new_session(secret_values=[*configured_secrets, proxy_token, *tokens]),
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        total_timeout=total_timeout,
        verify=not flag_setting(settings, "BPJS_HTTP_DISABLE_SSL_VERIFY", False),
        max_output=int_setting(settings, "BPJS_MAX_OUTPUT", DEFAULT_MAX_OUTPUT, minimum=1),
        max_reply_bytes=int_setting(settings, "BPJS_MAX_REPLY_BYTES", 32 * MIB, minimum=1),
        max_json_values=int_setting(settings, "BPJS_MAX_JSON_VALUES", DEFAULT_MAX_JSON_VALUES, minimum=1),
        max_stored_bytes=max_stored or None,
        allowed_hosts=allowed_hosts(settings),
        retry_times=retry_times,
        retry_sleep=int_setting(settings, "BPJS_HTTP_RETRY_SLEEP", 500) / 1000,
        log_requests=flag_setting(settings, "BPJS_AUDIT_LOG", False),
        monitoring_tokens=tokens,
        proxy_token=proxy_token,
        resend_policy={
            "max_attempts": int_setting(settings, "BPJS_RESEND_MAX_ATTEMPTS", 4, minimum=1),
            "schedule_secs": schedule_setting(settings, "BPJS_RESEND_SCHEDULE", [60, 300, 900]),
        },
        # A resend sends each row once, within one total deadline; the core
        # adds the margin and the lock window.
        stale=bpjs_codec.stale_limits({"deadline_secs": math.ceil(total_timeout), "attempts": 1}),
    )
    app.config["MAX_CONTENT_LENGTH"] = int_setting(settings, "MAX_CONTENT_LENGTH", MIB, minimum=1)
    host, host_source = configured_host(settings)
    if host_source == "HOST_BPJS":
        app.logger.info("BPJS host from HOST_BPJS")
    else:
        app.logger.warning("BPJS host: %s", "from HOST (HOST_BPJS is not set)" if host else host_source)
    if state.log_requests or state.monitoring_on:
        _open_audit_store(app, state, settings)
    app.extensions["bpjs_codec"] = state
    _cors(app, cors_origins)
    if state.proxy_token is None:
        app.logger.warning(
            "BPJS_PROXY_TOKEN is not set: anyone who can reach this service uses the hospital's BPJS "
            "credentials through it; bind it to 127.0.0.1 or put it behind the hospital's reverse proxy"
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code == 413:
            return replies.error(413, f"Body lebih besar dari {app.config['MAX_CONTENT_LENGTH']} byte "
                                      "(MAX_CONTENT_LENGTH)")
        return replies.error(error.code or 500, error.description or error.name)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        # Type and stack only: an exception's text can quote a header value.
        app.logger.error(
            "unexpected %s while handling %s %s\n%s",
            type(error).__name__,
            request.method,
            request.path,
            "".join(traceback.format_tb(error.__traceback__)),
        )
        return replies.error(500, f"internal error ({type(error).__name__}); see the service log")

    @app.route("/", methods=["GET", "POST", "PUT", "DELETE", "PATCH"])
    def bridging():
        if request.method == "POST":
            return _proxy(app, state)
        if request.method == "GET":
            # flask-bpjs's welcome: HTTP 405 with code 200 and a note.
            return replies.envelope(
                200,
                f"Selamat datang di {request.host_url} bpjs-codec {bpjs_codec.__version__}: proxy bridging BPJS "
                "(VClaim, Antrean RS, PCare, Apotek, Aplicares, iCare). Gunakan POST / dengan JSON "
                "{url, method, payload}.",
                None,
                405,
                note=f"Catatan perubahan tersedia di {request.host_url}change_log",
            )
        # HEAD too: it never reaches BPJS.
        return replies.error(405, "Method dilarang, gunakan method POST")

    @app.route("/change_log", methods=["GET", "POST", "PUT", "DELETE", "PATCH"])
    def change_log():
        if request.method != "GET":
            return replies.error(405, "Method dilarang, gunakan method GET")
        return replies.envelope(200, "Catatan Perubahan", replies.change_log(), 405)

    @app.get("/health")
    def health():
        return replies.envelope(200, "OK", {"version": bpjs_codec.__version__})

    if state.store is not None:
        # SQLAlchemy is imported only when the audit database is used.
        from .monitoring import blueprint

        app.register_blueprint(blueprint(state))
    else:

        @app.route("/monitoring/<path:_rest>", methods=["GET", "POST"])
        @app.route("/resend/<path:_rest>", methods=["GET", "POST"])
        def monitoring_off(_rest: str):
            return replies.error(404, "monitoring is off: set BPJS_MONITORING_TOKENS to turn it on")

    register_cli(app, state)
    return app


# One exact origin: scheme://host[:port], nothing else (no path, no pattern).
_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?\Z")


def cors_setting(entries: list) -> Optional[list]:
    """``BPJS_CORS_ORIGINS``: exact origins (``https://simrs.rs.local``,
    ``http://10.0.0.5:8080``), or ``*`` alone for every origin; None when
    unset. Anything else stops the start-up with one line (an entry is never
    read as a pattern: ``https://simrs\\.rs\\.local`` must not also allow
    ``https://simrs.rs.local.evil.example``).

    >>> exact = cors_setting(["https://simrs.rs.local", "http://10.0.0.5:8080"])[0]
    >>> [bool(exact.match(o)) for o in ("https://simrs.rs.local", "https://simrs.rs.local.evil.example")]
    [True, False]
    """
    if not entries:
        return None
    if entries == ["*"]:
        return ["*"]
    for number, entry in enumerate(entries, 1):
        match = _ORIGIN.match(entry)
        if match is None or int((match.group(1) or ":1")[1:]) > 65535:
            raise SystemExit(
                f"bpjs-codec: config: BPJS_CORS_ORIGINS: entry {number} is not an exact origin "
                "scheme://host[:port] (no path, pattern or wildcard; '*' alone allows every origin)"
            )
    return [re.compile(re.escape(entry.lower()) + r"\Z", re.IGNORECASE) for entry in entries]


def _cors(app: Flask, origins: Optional[list]) -> None:
    """``BPJS_CORS_ORIGINS`` set: those exact origins (or, with ``*``, every
    origin) may use the service from a browser, preflight included. Unset: as
    flask-bpjs behaved in practice, simple replies carry
    ``Access-Control-Allow-Origin`` for any origin but a preflight is refused
    (405), so no other web page can send the JSON POST."""
    if origins == ["*"]:
        CORS(app, origins="*")
        app.logger.warning(
            "BPJS_CORS_ORIGINS is '*': every web page a clerk's browser opens may send requests to this service "
            "and read the replies%s", "" if app.extensions["bpjs_codec"].proxy_token else
            " with the hospital's BPJS credentials (BPJS_PROXY_TOKEN is not set)"
        )
        return
    if origins:
        CORS(app, origins=origins)
        return
    CORS(app)
    app.logger.warning(
        "BPJS_CORS_ORIGINS is not set: replies carry Access-Control-Allow-Origin for every origin (as "
        "flask-bpjs), so any web page can read a reply to a request it can send; cross-origin preflights are "
        "refused (405), so a browser cannot send JSON or credential headers from another origin. Set "
        "BPJS_CORS_ORIGINS to the SIMRS origins that need it"
    )

    @app.before_request
    def refuse_preflight():
        if request.method == "OPTIONS":
            return replies.error(405, "Method dilarang, gunakan method POST")
        return None


def _open_audit_store(app: Flask, state: ServiceState, settings: Mapping[str, Any]) -> None:
    """Creates the tables if missing. SQLAlchemy is an optional dependency
    (``pip install 'bpjs-codec[audit]'``): imported only when needed; missing,
    the service stops with one line saying so."""
    try:
        from .audit_log import AuditLog
        from .store import AuditStore
    except ImportError as error:
        raise SystemExit(
            f"bpjs-codec: BPJS_AUDIT_LOG / BPJS_MONITORING_TOKENS need SQLAlchemy ({error.name} is not installed): "
            "pip install 'bpjs-codec[audit]'"
        ) from None
    url = str(settings.get("BPJS_AUDIT_DB_URL") or "").strip()
    default = not url
    if default:
        url = "sqlite:///" + os.path.join(app.instance_path, "bpjs_audit.sqlite3")
    try:
        store = AuditStore(url, state.stale)
    except Exception as error:  # the URL holds a password: its type only
        raise bpjs_codec.ConfigError(f"config: BPJS_AUDIT_DB_URL: not a database URL ({type(error).__name__})") \
            from None
    if default:
        store.create_private_file()
    try:
        store.create_tables()
    except Exception as error:  # the proxy works without its log; the tables come later
        from .store import describe

        app.logger.warning("audit: database unreachable at start-up (%s); tables created when it is back",
                           describe(error))
    # gunicorn forks the workers after this: each opens its own connections.
    store.dispose()
    state.store = store
    state.audit = AuditLog(store, state, app.logger)


def bearer_token(headers: Any) -> Optional[str]:
    scheme, _, given = str(headers.get("Authorization", "")).partition(" ")
    return given.strip() if scheme.lower() == "bearer" and given.strip() else None


def token_matches(given: Optional[str], token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


def _text_field(data: Mapping[str, Any], key: str, header: str) -> Optional[str]:
    value = data.get(key)
    if value is None or value == "":
        value = request.headers.get(header) or None
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{key}: expected a string")
    return value.strip() or None if value is not None else None


def _proxy(app: Flask, state: ServiceState):
    if state.proxy_token is not None and not token_matches(bearer_token(request.headers), state.proxy_token):
        reply = replies.error(401, "proxy: send Authorization: Bearer <BPJS_PROXY_TOKEN>")
        reply.headers["WWW-Authenticate"] = 'Bearer realm="bpjs-proxy"'
        return reply
    limit = app.config["MAX_CONTENT_LENGTH"]
    too_large = replies.error(413, f"Body lebih besar dari {limit} byte (MAX_CONTENT_LENGTH)")
    if request.content_length is not None and request.content_length > limit:
        return too_large
    if not request.is_json:  # also accepts "application/json; charset=utf-8"
        return replies.error(
            400, "Pastikan format body json dan menggunakan header Content-Type: application/json"
        )
    # A chunked body has no Content-Length: Werkzeug stops reading it at the
    # limit without a word, and the cut JSON would look invalid.
    if request.content_length is None and len(request.get_data(cache=True)) >= limit:
        return too_large
    try:
        data = request.get_json(silent=True)
    except RecursionError:
        return replies.error(400, "Body JSON tidak valid: nested too deeply")
    if data is None:
        return replies.error(400, "Body JSON tidak valid: expected an object {url, method, payload}")
    if not isinstance(data, dict) or not all(key in data for key in ("url", "method", "payload")):
        return replies.error(400, _ARGUMENTS)
    url, method = data["url"], data["method"]
    if not isinstance(url, str) or not isinstance(method, str):
        return replies.error(400, _ARGUMENTS)
    method = method.strip().upper()
    if method not in _WRITE_METHODS:
        method = "GET"
    # Optional: PCare `kunjungan` wants text/plain on some deployments.
    content_type = data.get("content_type")
    if content_type is not None and not isinstance(content_type, str):
        return replies.error(400, "content_type: expected a string such as \"text/plain\"")
    # Optional, for the audit trail: the visit and who sent it (as claimed).
    try:
        no_rawat = _text_field(data, "no_rawat", "x-no-rawat")
        triggered_by = _text_field(data, "triggered_by", "x-triggered-by")
    except ValueError as error:
        return replies.error(400, str(error))
    endpoint = url.strip().strip("/")
    try:
        body = request_body(data["payload"])
    except RecursionError:
        return replies.error(400, "payload: nested too deeply")

    try:
        upstream = resolve(state.settings, request.headers, state.allowed_hosts)
    except bpjs_codec.ConfigError as error:
        app.logger.warning("configuration error: %s", error)
        return replies.error(400, str(error), kind="config")
    if not endpoint:
        return replies.error(404, "URL tidak ditemukan")
    try:
        attempt = send_with_retries(
            state, upstream, method, endpoint, body,
            content_type=content_type or None,
            correlation_id=uuid.uuid4().hex,
            triggered_by=triggered_by,
            no_rawat=no_rawat,
            authenticated_as="proxy-token" if state.proxy_token is not None else None,
        )
    except bpjs_codec.ConfigError as error:
        app.logger.warning("configuration error: %s", error)
        return replies.error(400, str(error), kind="config")
    if state.log_requests and state.audit is not None and upstream.source == "env":
        # Header credentials never make send state: a resend only ever sends
        # with the configured credentials, and a row a caller forged with
        # credentials of their own must not decide what it sends.
        state.audit.record_write(upstream, method, endpoint, body, attempt)
    return _reply(app, upstream, method, attempt)


def _reply(app: Flask, upstream: Any, method: str, attempt: Attempt):
    if attempt.transport_error is not None:
        app.logger.warning("%s (attempt %d)", attempt.transport_error, attempt.number)
        return replies.error(504 if attempt.transport_error.timeout else 502, str(attempt.transport_error))
    reply = attempt.reply
    assert reply is not None
    app.logger.info(
        "%s %s (%s credentials) -> HTTP %d in %.0f ms (attempt %d)",
        method,
        upstream.service,
        upstream.source,
        reply.status,
        reply.elapsed_ms,
        attempt.number,
    )
    if attempt.decode_error is not None:
        app.logger.warning("decode failed for %s: kind %s", upstream.service, attempt.decode_error.kind)
        return replies.decode_failure(attempt.decode_error.kind)
    return replies.answer(attempt.decoded, reply.status)
