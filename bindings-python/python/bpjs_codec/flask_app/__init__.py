"""A drop-in replacement for the flask-bpjs proxy service, decoding with bpjs_codec.

Run it::

    FLASK_APP=bpjs_codec.flask_app flask run                       # development
    gunicorn -w 2 --threads 8 -b 0.0.0.0:8000 'bpjs_codec.flask_app:create_app()'   # production

Clients ``POST /`` with ``Content-Type: application/json`` and
``{"url": "referensi/poli/INT", "method": "GET", "payload": ""}``; the service
signs the request for BPJS, sends it, decodes the reply and answers
``{"metaData": {"code": ..., "message": ...}, "response": <decoded>}``.

Credentials come from ``.env`` (or the environment): ``HOST_BPJS`` (or
``HOST``), ``CONSID``, ``SECRET``, ``USER_KEY``, ``IS_ENCRYPT`` (default 1),
plus ``USERNAME``, ``PASSWORD``, ``APP_CODE`` for PCare / iCare FKTP; or, when
all of ``x-host``, ``x-consid``, ``x-secret``, ``x-user_key`` and
``x-is_encrypt`` are sent, from those headers (+ ``x-username``,
``x-password``, ``x-app_code``; the hyphenated spellings such as ``x-user-key``
are accepted too, because gunicorn and nginx drop header names with
underscores by default). The BPJS service (header rules) is read
from the host's path (``.../vclaim-rest-dev/`` is VClaim), or set with
``SERVICE`` / ``x-service``.

Differences from flask-bpjs, on purpose: every error is JSON (never an HTML
500); BPJS timeouts answer 504 and unreachable hosts 502, with a message; a
reply that cannot be decoded answers 502 naming the error kind and its likely
cause (never a secret); ``application/json; charset=utf-8`` is accepted; CORS
preflight works; a code such as 204 never drops the body; calls to BPJS use a
keep-alive session with timeouts (``BPJS_HTTP_CONNECT_TIMEOUT``, default 10 s;
``BPJS_HTTP_TIMEOUT``, default 30 s); replies that are not encrypted (SEP
delete, dashboards, older PCare paths) are recognised by their content, not by
a list of URLs. A GET that times out, loses its connection or gets a 5xx is
tried again (``BPJS_HTTP_RETRY_TIMES``, default 2, ``BPJS_HTTP_RETRY_SLEEP``
ms, default 500), never a write (the core's retry rule).

Audit trail (docs/audit.md), opt-in with ``BPJS_AUDIT_LOG=true``: one
``pcare_bpjs_log`` row per upstream attempt and the ``pcare_send_attempts``
state of every write naming a ``no_rawat``, in ``BPJS_AUDIT_DB_URL`` (any
SQLAlchemy URL; default a SQLite file in the instance folder), hashed with
``BPJS_AUDIT_HASH_KEY`` (default ``bpjs_codec.derive_hash_key(SECRET)``). With
``BPJS_MONITORING_TOKEN`` set: ``/monitoring/summary``, ``/monitoring/attempts``,
``/monitoring/raw/<no_rawat>``, ``POST /resend/<no_rawat>``; and
``flask --app bpjs_codec.flask_app bpjs resend-due`` for cron.
"""

from __future__ import annotations

import math
import os
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
    configured_hash_key,
    flag_setting,
    float_setting,
    int_setting,
    load_settings,
    resolve,
    schedule_setting,
)
from .state import ServiceState
from .upstream import new_session

__all__ = ["create_app"]

_METHODS = ("GET", "POST", "PUT", "DELETE")


def create_app(
    config: Optional[Mapping[str, Any]] = None,
    *,
    dotenv_path: Optional[str] = None,
    instance_path: Optional[str] = None,
) -> Flask:
    """Application factory (``flask run`` and gunicorn find it by name).

    ``config`` overrides the ``.env`` file and the environment, with the same
    names (``HOST_BPJS``, ``CONSID``, ``SECRET``, ``USER_KEY``, ``IS_ENCRYPT``,
    ``USERNAME``, ``PASSWORD``, ``APP_CODE``, ``SERVICE``, ``BPJS_HTTP_TIMEOUT``,
    ``BPJS_HTTP_CONNECT_TIMEOUT``, ``BPJS_HTTP_DISABLE_SSL_VERIFY``,
    ``BPJS_HTTP_RETRY_TIMES``, ``BPJS_HTTP_RETRY_SLEEP``, ``BPJS_MAX_OUTPUT``,
    ``BPJS_AUDIT_LOG``, ``BPJS_AUDIT_DB_URL``, ``BPJS_AUDIT_HASH_KEY``,
    ``BPJS_MONITORING_TOKEN``, ``BPJS_RESEND_MAX_ATTEMPTS``,
    ``BPJS_RESEND_SCHEDULE``, ``DOTENV_PATH``; see :mod:`.settings`).
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
    state = ServiceState(
        settings=settings,
        session=new_session(),
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        verify=not flag_setting(settings, "BPJS_HTTP_DISABLE_SSL_VERIFY", False),
        max_output=int(settings["BPJS_MAX_OUTPUT"]) if str(settings.get("BPJS_MAX_OUTPUT") or "").strip() else None,
        retry_times=retry_times,
        retry_sleep=int_setting(settings, "BPJS_HTTP_RETRY_SLEEP", 500) / 1000,
        log_requests=flag_setting(settings, "BPJS_AUDIT_LOG", False),
        monitoring_token=(str(settings.get("BPJS_MONITORING_TOKEN") or "").strip() or None),
        resend_policy={
            "max_attempts": int_setting(settings, "BPJS_RESEND_MAX_ATTEMPTS", 4, minimum=1),
            "schedule_secs": schedule_setting(settings, "BPJS_RESEND_SCHEDULE", [60, 300, 900]),
        },
        # A resend sends each row once: its longest send is one connect plus
        # one read timeout; the core adds the margin and the lock window.
        stale=bpjs_codec.stale_limits({"deadline_secs": math.ceil(connect_timeout + read_timeout), "attempts": 1}),
    )
    if state.log_requests or state.monitoring_token:
        _open_audit_store(app, state, settings)
    app.extensions["bpjs_codec"] = state
    CORS(app)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
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

    @app.route("/", methods=["GET", "POST"])
    def bridging():
        if request.method == "GET":
            return replies.error(
                405,
                f"Selamat datang di {request.host_url}: bpjs-codec {bpjs_codec.__version__}, "
                "a BPJS bridging proxy. Use POST / with JSON {url, method, payload}.",
            )
        return _proxy(app, state)

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
            return replies.error(404, "monitoring is off: set BPJS_MONITORING_TOKEN to turn it on")

    register_cli(app, state)
    return app


def _open_audit_store(app: Flask, state: ServiceState, settings: Mapping[str, Any]) -> None:
    """Creates the tables if missing. SQLAlchemy is an optional dependency
    (``pip install 'bpjs-codec[audit]'``): imported only when needed."""
    try:
        from .audit_log import AuditLog
        from .store import AuditStore
    except ImportError as error:
        raise bpjs_codec.ConfigError(
            f"config: BPJS_AUDIT_LOG / BPJS_MONITORING_TOKEN need SQLAlchemy ({error.name} missing): "
            "pip install 'bpjs-codec[audit]'"
        ) from None
    url = str(settings.get("BPJS_AUDIT_DB_URL") or "").strip()
    if not url:
        url = "sqlite:///" + os.path.join(app.instance_path, "bpjs_audit.sqlite3")
    try:
        store = AuditStore(url, state.stale)
    except Exception as error:  # the URL holds a password: its type only
        raise bpjs_codec.ConfigError(f"config: BPJS_AUDIT_DB_URL: not a database URL ({type(error).__name__})") \
            from None
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


def _text_field(data: Mapping[str, Any], key: str, header: str) -> Optional[str]:
    value = data.get(key)
    if value is None or value == "":
        value = request.headers.get(header) or None
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{key}: expected a string")
    return value.strip() or None if value is not None else None


def _proxy(app: Flask, state: ServiceState):
    if not request.is_json:  # also accepts "application/json; charset=utf-8"
        return replies.error(
            400, "Pastikan format body json dan menggunakan header Content-Type: application/json"
        )
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return replies.error(400, "Body JSON tidak valid: expected an object {url, method, payload}")
    url, method = data.get("url"), data.get("method")
    if not isinstance(url, str) or not url.strip() or not isinstance(method, str) or not method.strip():
        return replies.error(
            400,
            "Pastikan untuk mengirim url, method dan payload. "
            "Jika tidak ada data yang dikirim, payload : '' (string kosong)",
        )
    method = method.strip().upper()
    if method not in _METHODS:
        return replies.error(400, f"method: unsupported HTTP method {method!r}; expected GET, POST, PUT or DELETE")
    # Optional: PCare `kunjungan` wants text/plain on some deployments.
    content_type = data.get("content_type")
    if content_type is not None and not isinstance(content_type, str):
        return replies.error(400, "content_type: expected a string such as \"text/plain\"")
    # Optional, for the audit trail: the visit and who sent it.
    try:
        no_rawat = _text_field(data, "no_rawat", "x-no-rawat")
        triggered_by = _text_field(data, "triggered_by", "x-triggered-by")
    except ValueError as error:
        return replies.error(400, str(error))
    endpoint = url.strip()
    payload = data.get("payload")

    try:
        upstream = resolve(state.settings, request.headers)
        attempt = send_with_retries(
            state, upstream, method, endpoint, payload,
            content_type=content_type or None,
            correlation_id=uuid.uuid4().hex,
            triggered_by=triggered_by,
            no_rawat=no_rawat,
        )
    except bpjs_codec.ConfigError as error:
        app.logger.warning("configuration error: %s", error)
        return replies.error(400, str(error), kind="config")
    if state.log_requests and state.audit is not None:
        state.audit.record_write(upstream, method, endpoint, payload, attempt)
    return _reply(app, upstream, method, endpoint, attempt)


def _reply(app: Flask, upstream: Any, method: str, endpoint: str, attempt: Attempt):
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
        return replies.decode_failure(attempt.decode_error.kind, str(attempt.decode_error))
    return _answer(attempt.decoded, reply.status, endpoint)


def _answer(decoded: Any, upstream_status: int, endpoint: str):
    if isinstance(decoded, str):  # not JSON: a gateway page, a plain-text answer
        if upstream_status == 404:
            # Card numbers sit in paths: the endpoint is shown masked.
            return replies.error(404, f"URL tidak ditemukan: {bpjs_codec.redact_endpoint(endpoint)}")
        if upstream_status >= 500:
            return replies.error(
                502, f"BPJS answered HTTP {upstream_status}: {replies.snippet(decoded)}",
                upstream_status=upstream_status,
            )
        if upstream_status >= 400:
            return replies.error(upstream_status, replies.snippet(decoded))
        return replies.envelope(upstream_status, "OK (plain text reply)", decoded, 200)

    if not isinstance(decoded, dict):  # JSON, but not an envelope
        status = 200 if upstream_status < 400 else replies.http_status(None, False, upstream_status)
        return replies.envelope(upstream_status, "OK" if status == 200 else "error", decoded, status)

    normalised = bpjs_codec.metadata(decoded)
    # The core's reading of the status; code 1 (Antrean, Aplicares) reads as 200.
    code = 200 if normalised["ok"] else normalised["code"]
    message = normalised["message"]
    extra = {k: v for k, v in replies.meta_of(decoded).items() if k.lower() not in ("code", "message")}
    http = replies.http_status(normalised["code"], normalised["ok"], upstream_status)
    if upstream_status >= 500:
        extra["upstream_status"] = upstream_status
    return replies.envelope(code, message, decoded.get("response"), http, **extra)
