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
a list of URLs.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any, Mapping, Optional

from flask import Flask, request
from flask_cors import CORS
from werkzeug.exceptions import HTTPException

import bpjs_codec

from . import replies
from .settings import flag_setting, float_setting, load_settings, resolve
from .upstream import TransportError, call, new_session

__all__ = ["create_app"]

_METHODS = ("GET", "POST", "PUT", "DELETE")


def create_app(config: Optional[Mapping[str, Any]] = None, *, dotenv_path: Optional[str] = None) -> Flask:
    """Application factory (``flask run`` and gunicorn find it by name).

    ``config`` overrides the ``.env`` file and the environment, with the same
    names (``HOST_BPJS``, ``CONSID``, ``SECRET``, ``USER_KEY``, ``IS_ENCRYPT``,
    ``USERNAME``, ``PASSWORD``, ``APP_CODE``, ``SERVICE``, ``BPJS_HTTP_TIMEOUT``,
    ``BPJS_HTTP_CONNECT_TIMEOUT``, ``BPJS_HTTP_DISABLE_SSL_VERIFY``,
    ``BPJS_MAX_OUTPUT``, ``DOTENV_PATH``).

    >>> app = create_app({"HOST_BPJS": "http://127.0.0.1:1/vclaim-rest", "CONSID": "1", "SECRET": "s"})
    >>> app.name
    'bpjs_codec.flask_app'
    """
    app = Flask(__name__)
    settings = load_settings(config, dotenv_path)
    # Secrets stay out of app.config (debug pages and extensions print it).
    state = {
        "settings": settings,
        "session": new_session(),
        "connect_timeout": float_setting(settings, "BPJS_HTTP_CONNECT_TIMEOUT", 10.0),
        "read_timeout": float_setting(settings, "BPJS_HTTP_TIMEOUT", 30.0),
        "verify": not flag_setting(settings, "BPJS_HTTP_DISABLE_SSL_VERIFY", False),
        "max_output": int(settings["BPJS_MAX_OUTPUT"]) if str(settings.get("BPJS_MAX_OUTPUT") or "").strip() else None,
    }
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

    return app


def _proxy(app: Flask, state: dict):
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
            "Pastikan untuk mengirim url, method dan payload. Jika tidak ada data yang dikirim, payload : '' (string kosong)",
        )
    method = method.strip().upper()
    if method not in _METHODS:
        return replies.error(400, f"method: unsupported HTTP method {method!r}; expected GET, POST, PUT or DELETE")
    # Optional: PCare `kunjungan` wants text/plain on some deployments.
    content_type = data.get("content_type")
    if content_type is not None and not isinstance(content_type, str):
        return replies.error(400, "content_type: expected a string such as \"text/plain\"")

    try:
        upstream = resolve(state["settings"], request.headers)
        reply = call(
            state["session"],
            upstream,
            method,
            url.strip(),
            data.get("payload"),
            content_type=content_type or None,
            connect_timeout=state["connect_timeout"],
            read_timeout=state["read_timeout"],
            verify=state["verify"],
        )
    except bpjs_codec.ConfigError as error:
        app.logger.warning("configuration error: %s", error)
        return replies.error(400, str(error), kind="config")
    except TransportError as error:
        app.logger.warning("%s", error)
        return replies.error(504 if error.timeout else 502, str(error))

    app.logger.info(
        "%s %s (%s credentials) -> HTTP %d in %.0f ms",
        method,
        upstream.service,
        upstream.source,
        reply.status,
        reply.elapsed_ms,
    )
    try:
        if upstream.decode:
            decoded = bpjs_codec.process_wrapper(
                upstream.cons_id, upstream.secret, reply.timestamp, reply.body, max_output=state["max_output"]
            )
        else:
            decoded = _parse(reply.body)
    except bpjs_codec.DecodeError as error:
        app.logger.warning("decode failed for %s: kind %s", upstream.service, error.kind)
        return replies.decode_failure(error.kind, str(error))
    return _answer(decoded, reply.status, url.strip())


def _parse(body: bytes) -> Any:
    import json

    text = body.decode("utf-8", errors="replace")
    try:
        return json.loads(text)
    except ValueError:
        return text


def _answer(decoded: Any, upstream_status: int, endpoint: str):
    if isinstance(decoded, str):  # not JSON: a gateway page, a plain-text answer
        if upstream_status == 404:
            return replies.error(404, f"URL tidak ditemukan: {endpoint}")
        if upstream_status >= 500:
            return replies.error(
                502, f"BPJS answered HTTP {upstream_status}: {replies.snippet(decoded)}", upstream_status=upstream_status
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
