"""Resend ("Kirim Ulang") of failed writes, by the rules of docs/audit.md:

1. lock: the visit's row in ``pcare_resend_locks`` (an insert on its primary
   key, so of two gunicorn workers or two clerks exactly one resends the
   visit; the other gets "in progress"; a lock older than the stale limit is
   taken over), then per row a compare-and-set of its status ``failed`` ->
   ``sending``;
2. per failed row of the visit (and, for a person's resend, per row left in
   ``sending`` longer than the stale limit): a success already logged for the
   same no_rawat + endpoint + payload_hash (the log's endpoint is the masked
   form of the row's) is marked ``sent`` without sending; a ``POST
   kunjungan`` whose visit already has an accepted noKunjungan becomes ``PUT
   kunjungan`` with that number; anything else is sent again, exactly as
   first sent (endpoint with its query string), with the original
   correlation_id and the next attempt number;
3. the row ends ``sent`` (with result_number) or ``failed``: a PUT or DELETE
   with ``next_attempt_at`` from the core's retry_decision (marked safe: the
   duplicate check is done), null when it says stop; a POST (a create) never
   scheduled (its lost reply may hide a visit registered at BPJS). If
   anything fails after the request went out, the row goes back to
   ``failed`` with ``next_attempt_at`` null.

``flask --app bpjs_codec.flask_app bpjs resend-due`` runs the rows whose
``next_attempt_at`` has passed, by the same rules.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any, Optional

import bpjs_codec

from .attempts import Attempt, send_once
from .audit_log import last_error, logged_result_number, masked_endpoint
from .settings import Upstream
from .state import ServiceState
from .store import STALE_SENDING, utcnow
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
    for logged in state.store.logged_successes(row["no_rawat"], masked_endpoint("POST", row["endpoint"]), "POST"):
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
    (another worker is resending this visit, or holds every failed row),
    ``nothing_to_resend`` (no failed row; ``rows`` says how many exist at all)."""
    store = state.store
    assert store is not None
    owner = uuid.uuid4().hex
    if not store.lock_visit(no_rawat, owner, utcnow()):
        return {"no_rawat": no_rawat, "status": "in_progress", "results": []}
    try:
        return _resend_visit(state, upstream, no_rawat, endpoint, triggered_by, due_only)
    finally:
        store.unlock_visit(no_rawat, owner)


def _resend_visit(state: ServiceState, upstream: Upstream, no_rawat: str, endpoint: Optional[str],
                  triggered_by: Optional[str], due_only: bool) -> dict:
    store = state.store
    assert store is not None
    now = utcnow()
    # A person's resend also takes rows a killed worker left in `sending`.
    rows = store.failed_rows(no_rawat, endpoint, now if due_only else None,
                             None if due_only else now - STALE_SENDING)
    results = []
    for row in rows:
        if not store.claim(row["id"], utcnow()):
            results.append({"id": row["id"], "endpoint": masked_endpoint(row["method"], row["endpoint"]),
                            "result": "in_progress"})
            continue
        progress = {"sent": False}
        try:
            results.append(_resend_row(state, upstream, row, triggered_by, progress))
        except BaseException:
            # After the request went out it may have been registered: no
            # automatic retry of this row, only a person's resend.
            store.release(row["id"], utcnow(), unschedule=progress["sent"])
            raise
    if rows and all(r["result"] == "in_progress" for r in results):
        return {"no_rawat": no_rawat, "status": "in_progress", "results": results}
    if not rows:
        existing = store.rows_of(no_rawat, endpoint)
        busy = any(r["status"] == "sending" for r in existing)
        return {"no_rawat": no_rawat, "status": "in_progress" if busy else "nothing_to_resend",
                "rows": len(existing), "results": []}
    return {"no_rawat": no_rawat, "status": "done", "results": results}


def _resend_row(state: ServiceState, upstream: Upstream, row: dict, triggered_by: Optional[str],
                progress: dict) -> dict:
    store = state.store
    assert store is not None
    # Answers and the log show the endpoint masked, as the log does.
    shown = masked_endpoint(row["method"], row["endpoint"])
    base = {"id": row["id"], "endpoint": shown, "method": row["method"]}
    if row["service"] and row["service"] != upstream.service:
        store.release(row["id"], utcnow())
        return {**base, "result": "wrong_service",
                "message": f"the row is for {row['service']}, the credentials are for {upstream.service}"}

    # Accepted before, but its state was not saved: nothing to send.
    logged = store.logged_success(row["no_rawat"], shown, row["payload_hash"])
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
    progress["sent"] = True  # from here on the request may reach BPJS
    attempt = send_once(
        state, upstream, method, row["endpoint"], payload, content_type=None,
        correlation_id=row["correlation_id"], number=attempt_number, triggered_by=triggered_by,
        no_rawat=row["no_rawat"], log=True,
    )
    return _finish(state, row, method, attempt, base, switched, shown)


def _finish(state: ServiceState, row: dict, method: str, attempt: Attempt, base: dict,
            switched: Optional[str], shown: str) -> dict:
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
        out["switched_to"] = f"PUT {shown}"
        out["noKunjungan"] = switched
    if attempt.succeeded:
        number = logged.get("result_number") or switched
        values.update(status=SENT, result_number=number, last_error=None, next_attempt_at=None)
        store.finish(row["id"], values)
        return {**out, "result": "sent", "result_number": number}

    decision = bpjs_codec.retry_decision({**attempt.retry_input(method), "attempt": attempts, "marked_safe": True},
                                         state.resend_policy)
    if decision["retry"] and "POST" in (method, row["method"]):
        # A create is never retried automatically: if its reply was lost it
        # may be registered at BPJS, which the log cannot see.
        decision = {**decision, "retry": False, "reason": "create_not_scheduled"}
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
