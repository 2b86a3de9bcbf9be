"""One upstream attempt (sign, send, decode, log) and the GET retries around
it. The proxy and the resend service both send through here, so every
attempt, first try, retry or resend, gets exactly one log row."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Optional

import bpjs_codec

from .settings import Upstream
from .state import ServiceState
from .upstream import Deadline, Reply, TransportError, call, strict_json


@dataclass
class Attempt:
    """How one attempt ended: a transport error, a decode error, or a decoded reply."""

    number: int
    reply: Optional[Reply] = None
    decoded: Any = None
    decode_error: Optional[bpjs_codec.DecodeError] = None
    transport_error: Optional[TransportError] = None
    duration_ms: float = 0.0
    # The log row as the core built it (None when logging is off).
    row: Optional[dict] = None

    def retry_input(self, method: str) -> dict:
        """The attempt as the core's retry_decision reads it."""
        out: dict = {"attempt": self.number, "method": method}
        if self.transport_error is not None:
            out["transport"] = "timeout" if self.transport_error.timeout else "connection"
        else:
            assert self.reply is not None
            out["http_status"] = self.reply.status
        if self.decode_error is not None:
            out["error_kind"] = self.decode_error.kind
        return out

    @property
    def succeeded(self) -> bool:
        return self.row is not None and self.row.get("status") == "success"


# An encrypted envelope has a handful of , : [ { characters (base64 has
# none): a reply with more is plain JSON, however it was configured.
_ENVELOPE_SEPARATORS = 64


def json_values_bound(body: bytes) -> int:
    """An upper bound of the JSON values and members in ``body``: every value
    but the first follows one of ``, : [ {`` (counted in strings too, so it
    never undercounts). Counted before any object is built: a dense reply
    (``[[],[],...]``) becomes ~30 times its size in Python objects."""
    return body.count(b",") + body.count(b":") + body.count(b"[") + body.count(b"{")


def check_plain_size(body: bytes, max_output: Optional[int], max_values: int, encrypted: bool) -> None:
    """Refuses (``DecodeError`` kind ``output_limit``) a plain-JSON reply over
    BPJS_MAX_OUTPUT (in bytes, at least its UTF-16 units) or with more values
    than BPJS_MAX_JSON_VALUES, before it is parsed. With IS_ENCRYPT on, the
    core caps what it decrypts; a reply that is plain by its content (more
    separators than an encrypted envelope has) is checked here."""
    values = json_values_bound(body)
    if values > max_values:
        raise bpjs_codec.DecodeError(
            f"output_limit: the reply has up to {values} JSON values, more than {max_values} (BPJS_MAX_JSON_VALUES)",
            "output_limit",
        )
    plain = not encrypted or values > _ENVELOPE_SEPARATORS
    if plain and max_output is not None and len(body) > max_output:
        raise bpjs_codec.DecodeError(
            f"output_limit: the plain JSON reply is {len(body)} bytes, more than {max_output} (BPJS_MAX_OUTPUT)",
            "output_limit",
        )


def parse_plain(body: bytes) -> Any:
    """A reply when IS_ENCRYPT is off: JSON when it is JSON (without Python's
    NaN / Infinity extension, which JSON and the core refuse), else the text."""
    text = body.decode("utf-8", errors="replace")
    try:
        return strict_json(text)
    except ValueError:
        return text


def send_once(
    state: ServiceState,
    upstream: Upstream,
    method: str,
    endpoint: str,
    body: Optional[str],
    *,
    content_type: Optional[str],
    correlation_id: str,
    number: int,
    triggered_by: Optional[str],
    no_rawat: Optional[str],
    log: bool,
    deadline: Optional[Deadline] = None,
    authenticated_as: Optional[str] = None,
) -> Attempt:
    """Sends once (within ``deadline``, else a total deadline of its own)
    and, with ``log``, writes the attempt's log row. Raises only
    ``ConfigError`` (missing credentials: nothing was sent, nothing logged)."""
    if deadline is None:
        with Deadline(state.total_timeout) as own:
            return send_once(state, upstream, method, endpoint, body, content_type=content_type,
                             correlation_id=correlation_id, number=number, triggered_by=triggered_by,
                             no_rawat=no_rawat, log=log, deadline=own, authenticated_as=authenticated_as)
    attempt = Attempt(number=number)
    started = time.perf_counter()
    try:
        reply = call(
            state.session,
            upstream,
            method,
            endpoint,
            body,
            content_type=content_type,
            connect_timeout=state.connect_timeout,
            read_timeout=state.read_timeout,
            verify=state.verify,
            deadline=deadline,
            max_reply_bytes=state.max_reply_bytes,
        )
    except TransportError as error:
        attempt.transport_error = error
    else:
        attempt.reply = reply
        try:
            check_plain_size(reply.body, state.max_output, state.max_json_values, upstream.decode)
            if upstream.decode:
                attempt.decoded = bpjs_codec.process_wrapper(
                    upstream.cons_id, upstream.secret, reply.timestamp, reply.body, max_output=state.max_output
                )
            else:
                attempt.decoded = parse_plain(reply.body)
        except bpjs_codec.DecodeError as error:
            attempt.decode_error = error
        except RecursionError:
            attempt.decode_error = bpjs_codec.DecodeError("json: the reply is nested too deeply", "json")
    attempt.duration_ms = (time.perf_counter() - started) * 1000
    if log and state.audit is not None:
        attempt.row = state.audit.log_attempt(
            upstream, method, endpoint, body, attempt,
            correlation_id=correlation_id, triggered_by=triggered_by, no_rawat=no_rawat,
            authenticated_as=authenticated_as,
        )
    return attempt


def send_with_retries(
    state: ServiceState,
    upstream: Upstream,
    method: str,
    endpoint: str,
    body: Optional[str],
    *,
    content_type: Optional[str],
    correlation_id: str,
    triggered_by: Optional[str],
    no_rawat: Optional[str],
    authenticated_as: Optional[str] = None,
) -> Attempt:
    """The proxy's call: retried while the core's retry_decision says so (a
    GET that timed out, lost its connection or got a 5xx; never a write, a
    4xx or a decode error), at most BPJS_HTTP_RETRY_TIMES more times, with
    BPJS_HTTP_RETRY_SLEEP between (the core's minutes-long schedule is for
    the resend job, not for a caller waiting on the line), and all of it
    within one BPJS_HTTP_TOTAL_TIMEOUT: no retry starts after it (gunicorn
    kills a sync worker at its own timeout, 30 s by default)."""
    policy = {"max_attempts": state.retry_times + 1}
    number = 1
    with Deadline(state.total_timeout) as deadline:
        while True:
            attempt = send_once(
                state, upstream, method, endpoint, body, content_type=content_type,
                correlation_id=correlation_id, number=number, triggered_by=triggered_by, no_rawat=no_rawat,
                log=state.log_requests, deadline=deadline, authenticated_as=authenticated_as,
            )
            if attempt.transport_error is not None and attempt.transport_error.too_large:
                return attempt  # the same reply would be cut again
            decision = bpjs_codec.retry_decision(attempt.retry_input(method), policy)
            if not decision["retry"] or deadline.fired or deadline.remaining() <= state.retry_sleep:
                return attempt
            if state.retry_sleep > 0:
                time.sleep(state.retry_sleep)
            number += 1
