"""The HTTP call to BPJS: one keep-alive ``requests.Session`` per app, with
timeouts, and transport failures turned into messages that are safe to show
(no header values, so no user_key or signature)."""

from __future__ import annotations

import http.cookiejar
import json
import logging
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any, Optional

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url

import bpjs_codec

from .settings import Upstream


@dataclass
class Reply:
    status: int
    body: bytes  # bytes: no charset guessing on a 1 MB reply; the codec reads UTF-8
    timestamp: str
    elapsed_ms: float


class TransportError(Exception):
    """BPJS could not be reached, did not answer in time, or answered more
    than the service accepts (no secrets in the message). ``too_large``: the
    reply was cut at BPJS_MAX_REPLY_BYTES (never retried: it would be again)."""

    def __init__(self, message: str, timeout: bool, too_large: bool = False) -> None:
        super().__init__(message)
        self.timeout = timeout
        # Also set for a reply refused unread (a Content-Encoding): the same again.
        self.too_large = too_large


class Deadline:
    """One total deadline for an upstream call, its retries included.

    The connect and read timeouts of ``requests`` bound each socket
    operation, not the call: an upstream that drips a byte a second never
    trips them. At the deadline a timer shuts down the sockets the call is
    reading from (registered by :class:`_WatchedHTTPConnection`), so the
    blocked read returns at once and the call ends as a timeout.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expires = time.monotonic() + seconds
        self.fired = False
        self._sockets: list = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True

    def __enter__(self) -> Deadline:
        _local.deadline = self
        self._timer.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._timer.cancel()
        _local.deadline = None
        with self._lock:
            self._sockets.clear()

    def remaining(self) -> float:
        return self.expires - time.monotonic()

    def watch(self, sock: Any) -> None:
        with self._lock:
            if self.fired:
                _shutdown(sock)
            else:
                self._sockets.append(sock)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            for sock in self._sockets:
                _shutdown(sock)


def _shutdown(sock: Any) -> None:
    try:
        # The plain socket's shutdown (an SSLSocket's own would also drop its
        # TLS state under a reader in another thread).
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


_local = threading.local()


def _watch_current(sock: Any) -> None:
    deadline = getattr(_local, "deadline", None)
    if deadline is not None and sock is not None:
        deadline.watch(sock)


class _WatchedHTTPConnection(HTTPConnection):
    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        _watch_current(self.sock)
        return super().getresponse(*args, **kwargs)


class _WatchedHTTPSConnection(HTTPSConnection):
    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        _watch_current(self.sock)
        return super().getresponse(*args, **kwargs)


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class _DeadlineAdapter(HTTPAdapter):
    """An adapter whose connections register their sockets with the current :class:`Deadline`."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


class MaskedPaths(logging.Filter):
    """urllib3 logs each request's path at DEBUG (``"GET /vclaim-rest/Peserta/
    nokartu/0001234567890/..." 200``): card numbers sit in paths, so the
    path arguments of its records are masked by the core's redact_endpoint,
    with the secrets of the service (:func:`mask_client_logs`) and of the call
    in progress on this thread (header credentials) as its ``secret_values``."""

    def __init__(self) -> None:
        super().__init__()
        self.secret_values: set = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            values = sorted(self.secret_values | set(getattr(_local, "secret_values", ()) or ()))
            options = {"secret_values": values}
            record.args = tuple(
                bpjs_codec.redact_endpoint(arg, options) if isinstance(arg, str) and "/" in arg else arg
                for arg in record.args
            )
        return True


def mask_client_logs(secret_values: Any = ()) -> None:
    """Installs :class:`MaskedPaths` on urllib3's request logger (once) and
    adds ``secret_values`` (a service's configured secrets) to what it scrubs."""
    logger = logging.getLogger("urllib3.connectionpool")
    masks = [f for f in logger.filters if isinstance(f, MaskedPaths)]
    if not masks:
        masks = [MaskedPaths()]
        logger.addFilter(masks[0])
    masks[0].secret_values.update(v for v in secret_values if v)


def new_session(pool_size: int = 32, secret_values: Any = ()) -> requests.Session:
    """A keep-alive session whose pool serves the threads of one worker
    (``secret_values``: scrubbed from urllib3's request log lines)."""
    mask_client_logs(secret_values)
    session = requests.Session()
    # Signed headers go to the configured host only: no .netrc or proxy
    # credentials from the environment, and (below) no redirects followed and
    # no cookies kept between the tenants of a header-credential service.
    session.trust_env = False
    session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
    adapter = _DeadlineAdapter(pool_connections=8, pool_maxsize=pool_size, max_retries=0)
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
    """The body text of a proxied ``payload``: flask-bpjs sends the payload
    as JSON text, a string too (a pre-serialised document goes out as a JSON
    string literal, which BPJS refuses: sending it raw would turn a refused
    write into a real one for a client written against the original); an
    empty payload sends no body. Everything below the proxy (sending, the
    log, the send state, a resend) works on this text."""
    if payload is None or payload == "":
        return None
    return json.dumps(payload)


def _origin(url: str) -> str:
    """Scheme, host and port only, as urllib3 (which sends the request) reads
    them: a ``user:password@`` in HOST_BPJS never reaches a reply or a log."""
    try:
        parts = parse_url(url)
    except LocationParseError:
        return "(an unreadable URL)"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.host or ''}{port}"


def _reason(error: BaseException) -> str:
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


def _read_body(response: requests.Response, limit: int, deadline: Deadline, url: str) -> bytes:
    """The reply, streamed, cut at ``limit`` bytes. A compressed reply is
    refused unread (identity was asked for, and BPJS does not compress):
    decompressing would spend the memory before the limit could count it."""
    encoding = response.headers.get("Content-Encoding", "").strip().lower()
    if encoding not in ("", "identity"):
        response.close()
        raise TransportError(
            f"BPJS reply from {_origin(url)} is compressed (Content-Encoding, {len(encoding)} chars) although "
            "identity was asked for: refused unread",
            timeout=False, too_large=True,
        )
    declared = response.headers.get("Content-Length")
    if declared is not None and declared.strip().isdigit() and int(declared) > limit:
        response.close()
        raise _too_large(limit, url)
    chunks = []
    size = 0
    for chunk in response.iter_content(64 * 1024):
        size += len(chunk)
        if size > limit:
            response.close()
            raise _too_large(limit, url)
        chunks.append(chunk)
        if deadline.remaining() <= 0:
            response.close()
            raise _deadline_error(deadline, url)
    return b"".join(chunks)


def _too_large(limit: int, url: str) -> TransportError:
    return TransportError(
        f"BPJS reply from {_origin(url)} is larger than {limit} bytes (BPJS_MAX_REPLY_BYTES): not read further",
        timeout=False, too_large=True,
    )


def _deadline_error(deadline: Deadline, url: str) -> TransportError:
    return TransportError(
        f"BPJS did not answer within {deadline.seconds:g} s (BPJS_HTTP_TOTAL_TIMEOUT) at {_origin(url)}",
        timeout=True,
    )


def call(
    session: requests.Session,
    upstream: Upstream,
    method: str,
    endpoint: str,
    body: Optional[str],
    *,
    content_type: Optional[str],
    connect_timeout: float,
    read_timeout: float,
    verify: bool,
    deadline: Deadline,
    max_reply_bytes: int,
) -> Reply:
    """Signs and sends one request within ``deadline`` (entered by the
    caller); the reply is decoded with its own timestamp."""
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
    # Uncompressed only: a decompression bomb never reaches the reply limit's count.
    headers["Accept-Encoding"] = "identity"
    url = upstream.url(endpoint)
    remaining = deadline.remaining()
    if remaining <= 0:
        raise _deadline_error(deadline, url)
    started = time.perf_counter()
    # This call's own credentials, scrubbed from urllib3's log line of its path.
    _local.secret_values = [v for v in (upstream.secret, upstream.user_key, upstream.password) if v]
    try:
        response = session.request(
            method,
            url,
            headers=headers,
            data=body.encode("utf-8") if body is not None else None,
            timeout=(min(connect_timeout, remaining), min(read_timeout, remaining)),
            verify=verify,
            allow_redirects=False,
            stream=True,
        )
        with response:
            content = _read_body(response, max_reply_bytes, deadline, url)
    except TransportError:
        raise
    except requests.Timeout as error:
        if deadline.fired or deadline.remaining() <= 0:
            raise _deadline_error(deadline, url) from None
        which = "connect" if isinstance(error, requests.ConnectTimeout) else "read"
        limit = connect_timeout if which == "connect" else read_timeout
        raise TransportError(
            f"BPJS did not answer within {limit:g} s ({which} timeout) at {_origin(url)}", timeout=True
        ) from None
    except (requests.RequestException, OSError) as error:
        if deadline.fired:
            raise _deadline_error(deadline, url) from None
        raise TransportError(f"BPJS unreachable at {_origin(url)}: {_reason(error)}", timeout=False) from None
    finally:
        _local.secret_values = ()
    if deadline.fired:
        raise _deadline_error(deadline, url)
    elapsed_ms = (time.perf_counter() - started) * 1000
    return Reply(response.status_code, content, headers["X-timestamp"], elapsed_ms)
