"""Resend ("Kirim Ulang") of failed writes, by the rules of docs/audit.md:

1. lock: a compare-and-set of the row's status ``failed`` -> ``sending``, in
   the database, so two gunicorn workers (or two clerks) cannot both send it;
2. per failed row of the visit: a success already logged for the same
   no_rawat + endpoint + payload_hash is marked ``sent`` without sending; a
   ``POST kunjungan`` whose visit already has an accepted noKunjungan becomes
   ``PUT kunjungan`` with that number; anything else is sent again, with the
   original correlation_id and the next attempt number;
3. the row ends ``sent`` (with result_number) or ``failed`` with
   ``next_attempt_at`` from the core's retry_decision (marked safe: the
   duplicate check is done), null when it says stop.

``flask --app bpjs_codec.flask_app bpjs resend-due`` runs the rows whose
``next_attempt_at`` has passed, by the same rules.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Optional

import bpjs_codec

from .attempts import Attempt, send_once
from .audit_log import last_error, logged_result_number
from .settings import Upstream
from .state import ServiceState
from .store import utcnow
from .tables import FAILED, SENT

KUNJUNGAN = "kunjungan"


def _is_kunjungan_create(row: dict) -> bool:
    path = row["endpoint"].split("?", 1)[0].strip("/").lower()
    return row["method"] == "POST" and path == KUNJUNGAN and row["service"] in (None, "pcare")


def _accepted_kunjungan(state: ServiceState, row: dict) -> Optional[str]:
    """The noKunjungan BPJS already gave this visit for another payload, if any."""
    assert state.store is not None
    for accepted in state.store.accepted_numbers(row["no_rawat"], row["endpoint"], row["id"]):
        return accepted
    for logged in state.store.logged_successes(row["no_rawat"], row["endpoint"], "POST"):
        if logged["payload_hash"] == row["payload_hash"]:
            continue  # the same payload: the duplicate check handles it
        number = logged_result_number(logged)
        if number:
            return number
    return None


def _payload_value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def resend(
    state: ServiceState,
    upstream: Upstream,
    no_rawat: str,
    *,
    endpoint: Optional[str] = None,
    triggered_by: Optional[str] = None,
    due_only: bool = False,
) -> dict:
    """Resends the failed writes of one visit; returns what happened to each.

    ``status``: ``done`` (rows handled, see ``results``), ``in_progress``
    (another worker holds every failed row), ``nothing_to_resend`` (no failed
    row; ``rows`` says how many exist at all)."""
    store = state.store
    assert store is not None
    now = utcnow()
    rows = store.failed_rows(no_rawat, endpoint, now if due_only else None)
    results = []
    for row in rows:
        if not store.claim(row["id"], utcnow()):
            results.append({"id": row["id"], "endpoint": row["endpoint"], "result": "in_progress"})
            continue
        try:
            results.append(_resend_row(state, upstream, row, triggered_by))
        except BaseException:
            store.release(row["id"], utcnow())
            raise
    if rows and all(r["result"] == "in_progress" for r in results):
        return {"no_rawat": no_rawat, "status": "in_progress", "results": results}
    if not rows:
        existing = store.rows_of(no_rawat, endpoint)
        busy = any(r["status"] == "sending" for r in existing)
        return {"no_rawat": no_rawat, "status": "in_progress" if busy else "nothing_to_resend",
                "rows": len(existing), "results": []}
    return {"no_rawat": no_rawat, "status": "done", "results": results}


def _resend_row(state: ServiceState, upstream: Upstream, row: dict, triggered_by: Optional[str]) -> dict:
    store = state.store
    assert store is not None
    base = {"id": row["id"], "endpoint": row["endpoint"], "method": row["method"]}
    if row["service"] and row["service"] != upstream.service:
        store.release(row["id"], utcnow())
        return {**base, "result": "wrong_service",
                "message": f"the row is for {row['service']}, the credentials are for {upstream.service}"}

    # Accepted before, but its state was not saved: nothing to send.
    logged = store.logged_success(row["no_rawat"], row["endpoint"], row["payload_hash"])
    if logged is not None:
        number = logged_result_number(logged)
        store.finish(row["id"], {"status": SENT, "result_number": number, "next_attempt_at": None,
                                 "last_error": None, "last_http_status": logged["http_status"],
                                 "last_meta_code": logged["meta_code"], "updated_at": utcnow()})
        return {**base, "result": "already_sent", "result_number": number}

    method, payload = row["method"], _payload_value(row["payload"])
    switched = None
    if _is_kunjungan_create(row) and isinstance(payload, dict):
        number = _accepted_kunjungan(state, row)
        if number:
            # A second POST would register a second visit: edit the accepted one.
            method, payload, switched = "PUT", {**payload, "noKunjungan": number}, number

    attempt_number = store.next_attempt_number(row["correlation_id"], row["attempts"] + 1)
    attempt = send_once(
        state, upstream, method, row["endpoint"], payload, content_type=None,
        correlation_id=row["correlation_id"], number=attempt_number, triggered_by=triggered_by,
        no_rawat=row["no_rawat"], log=True,
    )
    return _finish(state, row, method, attempt, base, switched)


def _finish(state: ServiceState, row: dict, method: str, attempt: Attempt, base: dict,
            switched: Optional[str]) -> dict:
    store = state.store
    assert store is not None
    logged = attempt.row or {}
    attempts = row["attempts"] + 1
    values: dict = {
        "attempts": attempts,
        "last_http_status": attempt.reply.status if attempt.reply is not None else None,
        "last_meta_code": logged.get("meta_code"),
        "updated_at": utcnow(),
    }
    out = {**base, "attempt": attempt.number, "http_status": values["last_http_status"],
           "meta_code": values["last_meta_code"]}
    if switched:
        out["switched_to"] = f"PUT {row['endpoint']}"
        out["noKunjungan"] = switched
    if attempt.succeeded:
        number = logged.get("result_number") or switched
        values.update(status=SENT, result_number=number, last_error=None, next_attempt_at=None)
        store.finish(row["id"], values)
        return {**out, "result": "sent", "result_number": number}

    decision = bpjs_codec.retry_decision({**attempt.retry_input(method), "attempt": attempts, "marked_safe": True},
                                         state.resend_policy)
    next_at = utcnow() + dt.timedelta(seconds=decision["delay_secs"]) if decision["retry"] else None
    error = last_error(logged) or (str(attempt.transport_error) if attempt.transport_error else None)
    values.update(status=FAILED, last_error=error, next_attempt_at=next_at)
    store.finish(row["id"], values)
    return {**out, "result": "failed", "message": error, "retry": decision["retry"],
            "reason": decision["reason"],
            "next_attempt_at": next_at.isoformat() + "Z" if next_at else None}


def resend_due(state: ServiceState, upstream: Upstream, *, limit: int, triggered_by: str) -> list:
    """Every visit with a failed row whose next_attempt_at has passed."""
    assert state.store is not None
    return [
        resend(state, upstream, no_rawat, triggered_by=triggered_by, due_only=True)
        for no_rawat in state.store.due_no_rawat(utcnow(), limit)
    ]
