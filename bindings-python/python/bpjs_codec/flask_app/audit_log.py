"""The audit trail of the Flask service: one ``pcare_bpjs_log`` row per
upstream attempt, built only by the core's ``audit_record`` (with this
request's secret, password and user_key as ``secret_values``), and the
``pcare_send_attempts`` state of every write that names a ``no_rawat``.

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

if TYPE_CHECKING:
    from .attempts import Attempt
    from .state import ServiceState

WRITE_METHODS = ("POST", "PUT", "DELETE")


def logged_result_number(logged: dict) -> Optional[str]:
    """What a logged success registered (noKunjungan, noUrut, noSep), read
    from its stored reply by the core's rule (audit_record's result_number)."""
    try:
        decoded = json.loads(logged.get("response_body_json") or "null")
    except ValueError:  # cut at max_body_chars
        return None
    if not isinstance(decoded, dict):
        return None
    try:
        row = bpjs_codec.audit_record({
            "service": logged.get("service"), "method": logged.get("method") or "POST",
            "endpoint": logged.get("endpoint") or "", "http_status": logged.get("http_status"),
            "decoded": decoded, "correlation_id": logged.get("correlation_id") or "-",
        })
    except bpjs_codec.ConfigError:
        return None
    return row["result_number"]


def masked_endpoint(method: str, endpoint: str) -> str:
    """The endpoint as the log stores it: identifiers masked by the core
    (``peserta/nokartu/*********7890/...``). ``pcare_send_attempts`` keeps
    the endpoint as sent, so its rows are compared with the log, and shown,
    in this form."""
    return str(bpjs_codec.audit_record({"method": method, "endpoint": endpoint, "correlation_id": "-"})["endpoint"])


def parsed_payload(payload: Any) -> Any:
    """The payload as a value: JSON text is parsed, as the core does for its hash."""
    if payload is None or payload == "":
        return None
    if isinstance(payload, str) and payload.lstrip()[:1] in ("{", "["):
        try:
            return json.loads(payload)
        except ValueError:
            return payload
    return payload


def last_error(row: dict) -> Optional[str]:
    """What went wrong, in words, from a failed log row (already redacted)."""
    if row.get("meta_message"):
        return str(row["meta_message"])
    if row.get("error_kind"):
        return str(row["error_kind"])
    if row.get("http_status") is not None:
        return f"HTTP {row['http_status']}"
    return None


class AuditLog:
    def __init__(self, store: AuditStore, state: "ServiceState", logger: logging.Logger) -> None:
        self.store = store
        self._state = state
        self._logger = logger

    def _warn(self, what: str, error: BaseException) -> None:
        kind = getattr(error, "kind", None)
        self._logger.warning(
            "audit: %s not written (%s%s); the BPJS call was not affected",
            what, describe(error), f", kind {kind}" if kind else "",
        )

    def build_row(
        self,
        upstream: Upstream,
        method: str,
        endpoint: str,
        payload: Any,
        attempt: "Attempt",
        *,
        correlation_id: str,
        triggered_by: Optional[str],
        no_rawat: Optional[str],
    ) -> dict:
        reply = attempt.reply
        fields: dict = {
            "service": upstream.service,
            "method": method,
            "endpoint": endpoint,
            "request_payload": None if payload == "" else payload,
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
        options = {"secret_values": self._state.secret_values(upstream)}
        try:
            return dict(bpjs_codec.audit_record(fields, options))
        except bpjs_codec.ConfigError:
            # A value JSON cannot hold (NaN parsed from a client's body or a
            # plain reply): the payload goes in as text, the reply as raw text
            # only, so the attempt still gets its row.
            if fields["request_payload"] is not None and not isinstance(fields["request_payload"], str):
                fields["request_payload"] = json.dumps(fields["request_payload"], default=str, ensure_ascii=False)
            fields["decoded"] = None
            return dict(bpjs_codec.audit_record(fields, options))

    def log_attempt(
        self,
        upstream: Upstream,
        method: str,
        endpoint: str,
        payload: Any,
        attempt: "Attempt",
        *,
        correlation_id: str,
        triggered_by: Optional[str],
        no_rawat: Optional[str],
    ) -> Optional[dict]:
        """Writes the attempt's row; returns it (None if it could not be built)."""
        try:
            row = self.build_row(upstream, method, endpoint, payload, attempt, correlation_id=correlation_id,
                                 triggered_by=triggered_by, no_rawat=no_rawat)
        except Exception as error:  # never fail the BPJS call
            self._warn("log row", error)
            return None
        try:
            self.store.add_log(row, attempt.number, utcnow())
        except Exception as error:
            self._warn("log row", error)
        return row

    def stored_payload(self, upstream: Upstream, payload: Any) -> str:
        """The JSON to resend: secret fields and literal secrets removed,
        patient identifiers kept (they are needed to send it again)."""
        options = {"identifier_fields": [], "secret_values": self._state.secret_values(upstream)}
        value = parsed_payload(payload)
        try:
            redacted = bpjs_codec.redact(value, options)
        except bpjs_codec.ConfigError:
            redacted = bpjs_codec.redact(json.dumps(value, default=str, ensure_ascii=False), options)
        return json.dumps(redacted, ensure_ascii=False)

    def record_write(self, upstream: Upstream, method: str, endpoint: str, payload: Any, attempt: "Attempt") -> None:
        """Upserts ``pcare_send_attempts`` for a write that names a no_rawat."""
        row = attempt.row
        if method not in WRITE_METHODS or row is None or not row.get("no_rawat"):
            return
        try:
            succeeded = row["status"] == "success"
            self.store.record_write(
                no_rawat=row["no_rawat"],
                service=row["service"],
                endpoint=endpoint,  # as sent (the log's is masked): a resend sends it again
                method=method,
                payload=self.stored_payload(upstream, payload),
                payload_hash=row["payload_hash"] or bpjs_codec.payload_hash(None),
                succeeded=succeeded,
                http_status=row["http_status"],
                meta_code=row["meta_code"],
                error=last_error(row),
                result_number=row.get("result_number") if succeeded else None,
                correlation_id=row["correlation_id"],
                now=utcnow(),
            )
        except Exception as error:
            self._warn("send state", error)
