"""The audit trail of the Flask service: one ``pcare_bpjs_log`` row per
upstream attempt, built only by the core's ``audit_record`` (with this
request's secret, password and user_key as ``secret_values`` and the audit
hash key), and the ``pcare_send_attempts`` state of every write that names a
``no_rawat``, as the core's ``send_state`` decides it.

Writing the log never fails the BPJS call: a database or conversion error is
reported on the app's logger by type and code, without values.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any, Optional

import bpjs_codec

from .settings import Upstream
from .store import AuditStore, describe, utcnow
from .upstream import strict_json

if TYPE_CHECKING:
    from .attempts import Attempt
    from .state import ServiceState

WRITE_METHODS = ("POST", "PUT", "DELETE")
# Columns this drop-in adds to the core's row (not keys the core reads back).
LOCAL_COLUMNS = ("credential_source", "authenticated_as")


def core_row(row: dict) -> dict:
    """The log row as the core built it (what send_state and resend_outcome read)."""
    return {k: v for k, v in row.items() if k not in LOCAL_COLUMNS}


def parsed_payload(payload: Any) -> Any:
    """The payload as a value: JSON text is parsed (the monitoring pages show it redacted)."""
    if payload is None or payload == "":
        return None
    if isinstance(payload, str) and payload.lstrip()[:1] in ("{", "["):
        try:
            return strict_json(payload)
        except ValueError:
            return payload
    return payload


class AuditLog:
    def __init__(self, store: AuditStore, state: ServiceState, logger: logging.Logger) -> None:
        self.store = store
        self._state = state
        self._logger = logger

    def _warn(self, what: str, error: BaseException) -> None:
        kind = getattr(error, "kind", None)
        self._logger.warning(
            "audit: %s not written (%s%s); the BPJS call was not affected",
            what, describe(error), f", kind {kind}" if kind else "",
        )

    def options(self, upstream: Upstream) -> dict:
        """audit_record's options for this request's credentials."""
        options: dict = {"secret_values": self._state.secret_values(upstream),
                         "hash_key": self._state.hash_key(upstream)}
        if self._state.max_stored_bytes is not None:
            options["max_stored_bytes"] = self._state.max_stored_bytes
        return options

    def build_row(
        self,
        upstream: Upstream,
        method: str,
        endpoint: str,
        payload: Optional[str],
        attempt: Attempt,
        *,
        correlation_id: str,
        triggered_by: Optional[str],
        no_rawat: Optional[str],
        authenticated_as: Optional[str] = None,
    ) -> dict:
        reply = attempt.reply
        fields: dict = {
            "service": upstream.service,
            "method": method,
            "endpoint": endpoint,
            # The body text exactly as sent: the core parses it, hashes it and,
            # when it is not JSON (NaN written by json.dumps, a form body),
            # stores a placeholder instead of it.
            "request_payload": payload,
            "http_status": reply.status if reply is not None else None,
            "response_body_raw": reply.body.decode("utf-8", errors="replace") if reply is not None else None,
            # A body that is not JSON comes back as str: the core then reads the raw text.
            "decoded": None if isinstance(attempt.decoded, str) else attempt.decoded,
            "duration_ms": int(round(attempt.duration_ms)),
            "correlation_id": correlation_id,
            "triggered_by": triggered_by,
            "no_rawat": no_rawat,
        }
        if attempt.decode_error is not None:
            fields["error_kind"] = attempt.decode_error.kind
            fields["error_message"] = str(attempt.decode_error)
        if attempt.transport_error is not None:
            fields["transport_error"] = str(attempt.transport_error)
        row = dict(bpjs_codec.audit_record(fields, self.options(upstream)))
        # Beside the core's row: whose credentials were used (a header-credential
        # row is never trusted by a resend) and who was authenticated, beside the
        # claimed triggered_by.
        row["credential_source"] = upstream.source
        row["authenticated_as"] = authenticated_as
        return row

    def log_attempt(
        self,
        upstream: Upstream,
        method: str,
        endpoint: str,
        payload: Optional[str],
        attempt: Attempt,
        *,
        correlation_id: str,
        triggered_by: Optional[str],
        no_rawat: Optional[str],
        authenticated_as: Optional[str] = None,
    ) -> Optional[dict]:
        """Writes the attempt's row; returns it (None if it could not be built)."""
        try:
            row = self.build_row(upstream, method, endpoint, payload, attempt, correlation_id=correlation_id,
                                 triggered_by=triggered_by, no_rawat=no_rawat, authenticated_as=authenticated_as)
        except Exception as error:  # never fail the BPJS call
            self._warn("log row", error)
            return None
        try:
            self.store.add_log(row, attempt.number, utcnow())
        except Exception as error:
            self._warn("log row", error)
        return row

    def stored_payload(self, upstream: Upstream, payload: Optional[str], row: dict) -> str:
        """The JSON to resend: secret fields and literal secrets removed,
        patient identifiers kept (they are needed to send it again). A body
        the core cannot redact (not JSON, NaN, too deep) is stored as the log
        row's placeholder, which a resend refuses (``unresendable``)."""
        text = payload
        if text is None or not text.strip():
            return "null"
        options = {"identifier_fields": [], "secret_values": self._state.secret_values(upstream)}
        try:
            return json.dumps(bpjs_codec.redact(strict_json(text), options), ensure_ascii=False)
        except (ValueError, RecursionError):  # ConfigError is a ValueError
            return str(row.get("request_payload") or "null")

    def record_write(self, upstream: Upstream, method: str, endpoint: str, payload: Optional[str],
                     attempt: Attempt) -> None:
        """Upserts ``pcare_send_attempts`` for a write that names a no_rawat,
        with the state the core's ``send_state`` gives (by: the application)."""
        row = attempt.row
        if method not in WRITE_METHODS or row is None or not row.get("no_rawat"):
            return
        try:
            key = row["payload_hash"] or bpjs_codec.payload_hash(None, self._state.hash_key(upstream))
            self.store.record_write(
                no_rawat=row["no_rawat"],
                service=row["service"],
                endpoint=endpoint,  # as sent (the log's is masked): a resend sends it again
                method=method,
                payload=self.stored_payload(upstream, payload, row),
                payload_hash=key,
                correlation_id=row["correlation_id"],
                attempt={"by": "send", "outcome": "answered", "method": method, "record": core_row(row)},
                policy=self._state.resend_policy,
                now=utcnow(),
            )
        except Exception as error:
            self._warn("send state", error)
