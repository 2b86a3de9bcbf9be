"""The HTTP call to BPJS: one keep-alive ``requests.Session`` per app, with
timeouts, and transport failures turned into messages that are safe to show
(no header values, so no user_key or signature)."""

from __future__ import annotations

import http.cookiejar
import json
import logging
import time
from dataclasses import dataclass
from typing import Any, Optional
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

import bpjs_codec

from .settings import Upstream


@dataclass
class Reply:
    status: int
    body: bytes  # bytes: no charset guessing on a 1 MB reply; the codec reads UTF-8
    timestamp: str
    elapsed_ms: float


class TransportError(Exception):
    """BPJS could not be reached or did not answer in time (no secrets in the message)."""

    def __init__(self, message: str, timeout: bool) -> None:
        super().__init__(message)
        self.timeout = timeout


class MaskedPaths(logging.Filter):
    """urllib3 logs each request's path at DEBUG (``"GET /vclaim-rest/Peserta/
    nokartu/0001234567890/..." 200``): card numbers sit in paths, so the
    path arguments of its records are masked by the core's redact_endpoint."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                bpjs_codec.redact_endpoint(arg) if isinstance(arg, str) and "/" in arg else arg
                for arg in record.args
            )
        return True


def mask_client_logs() -> None:
    """Installs :class:`MaskedPaths` on urllib3's request logger (once)."""
    logger = logging.getLogger("urllib3.connectionpool")
    if not any(isinstance(f, MaskedPaths) for f in logger.filters):
        logger.addFilter(MaskedPaths())


def new_session(pool_size: int = 32) -> requests.Session:
    """A keep-alive session whose pool serves the threads of one worker."""
    mask_client_logs()
    session = requests.Session()
    # Signed headers go to the configured host only: no .netrc or proxy
    # credentials from the environment, and (below) no redirects followed and
    # no cookies kept between the tenants of a header-credential service.
    session.trust_env = False
    session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
    adapter = HTTPAdapter(pool_connections=8, pool_maxsize=pool_size, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def strict_json(text: str) -> Any:
    """``json.loads`` without Python's NaN / Infinity extension (the core
    refuses them, as JSON does); ``ValueError`` for anything that is not JSON."""
    return json.loads(text, parse_constant=_no_constants)


def request_body(payload: Any) -> Optional[str]:
    """flask-bpjs sends the payload as JSON text; an empty payload sends no body."""
    if payload is None or payload == "":
        return None
    if isinstance(payload, str):
        return payload  # already serialised (e.g. PCare kunjungan as text/plain)
    return json.dumps(payload)


def _origin(url: str) -> str:
    """Scheme, host and port only: a ``user:password@`` in HOST_BPJS never reaches a reply or a log."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:  # a malformed port: leave it out
        port = ""
    return f"{parts.scheme}://{host}{port}"


def _reason(error: requests.RequestException) -> str:
    text = repr(error).lower()
    if "refused" in text:
        return "connection refused"
    if "remotedisconnected" in text or "without response" in text or "aborted" in text or "reset" in text:
        return "connection closed without a reply"
    if "name or service not known" in text or "nodename" in text or "getaddrinfo" in text:
        return "host name not found"
    if isinstance(error, requests.exceptions.SSLError):
        return "TLS handshake failed"
    return type(error).__name__


def call(
    session: requests.Session,
    upstream: Upstream,
    method: str,
    endpoint: str,
    payload: Any,
    *,
    content_type: Optional[str],
    connect_timeout: float,
    read_timeout: float,
    verify: bool,
) -> Reply:
    """Signs and sends one request; the reply is decoded with its own timestamp."""
    headers = bpjs_codec.build_headers(
        upstream.service,
        upstream.cons_id,
        upstream.secret,
        user_key=upstream.user_key,
        username=upstream.username,
        password=upstream.password,
        app_code=upstream.app_code,
        method=method,
        content_type=content_type,
    )
    url = upstream.url(endpoint)
    started = time.perf_counter()
    try:
        response = session.request(
            method,
            url,
            headers=headers,
            data=request_body(payload),
            timeout=(connect_timeout, read_timeout),
            verify=verify,
            allow_redirects=False,
        )
    except requests.Timeout as error:
        which = "connect" if isinstance(error, requests.ConnectTimeout) else "read"
        limit = connect_timeout if which == "connect" else read_timeout
        raise TransportError(
            f"BPJS did not answer within {limit:g} s ({which} timeout) at {_origin(url)}", timeout=True
        ) from None
    except requests.RequestException as error:
        raise TransportError(f"BPJS unreachable at {_origin(url)}: {_reason(error)}", timeout=False) from None
    elapsed_ms = (time.perf_counter() - started) * 1000
    return Reply(response.status_code, response.content, headers["X-timestamp"], elapsed_ms)
