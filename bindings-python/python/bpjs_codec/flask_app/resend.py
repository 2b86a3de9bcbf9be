"""Resend ("Kirim Ulang") of failed writes, by the rules of docs/audit.md.
Every decision is the core's (``resend_plan``, ``resend_outcome``,
``stale_limits``); this module keeps the SQL, the locks and the HTTP call:

1. lock: the visit's row in ``pcare_resend_locks`` (an insert on its primary
   key, so of two gunicorn workers or two clerks exactly one resends the
   visit; the other gets ``in_progress``; a lock older than the core's
   ``lock_stale_secs`` is taken over);
2. rows: the visit's ``failed`` ones (due ones only for ``resend-due``) and,
   for a person's resend, rows left in ``sending`` longer than
   ``row_stale_secs`` (a killed worker's); each taken by a compare-and-set
   ``failed`` -> ``sending`` (lost: ``in_progress``); after ``window_secs``
   since the lock was taken no row is taken (``deferred``);
3. per taken row: the host looks up a success logged for the same no_rawat +
   masked endpoint + payload_hash and, for a POST, the noKunjungan already
   accepted for another payload of the visit; ``resend_plan`` says
   ``already_sent`` / ``refuse`` (the row's new state, nothing sent) or
   ``send`` (method, endpoint and body exactly); after the send,
   ``resend_outcome`` gives the result word and the row's new state. A
   failure after the request went out is ``interrupted``: failed,
   unscheduled (it may be registered at BPJS).

Results show ``shown_endpoint``, the masked endpoint, never the row's own
(card numbers sit in paths). ``flask --app bpjs_codec.flask_app bpjs
resend-due`` runs the rows whose ``next_attempt_at`` has passed, by the same
rules.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, Optional

import bpjs_codec

from .attempts import Attempt, send_once
from .audit_log import core_row
from .settings import Upstream
from .state import ServiceState
from .store import send_row_state, state_columns, unix, utcnow
from .tables import ENV_CREDENTIALS, SENDING


def _accepted_kunjungan(state: ServiceState, row: dict, shown: str) -> Optional[str]:
    """The noKunjungan BPJS already gave this visit for another payload, if any."""
    assert state.store is not None
    for accepted in state.store.accepted_numbers(row["no_rawat"], row["endpoint"], row["id"]):
        return accepted
    for logged in state.store.logged_successes(row["no_rawat"], shown, "POST"):
        if logged["payload_hash"] == row["payload_hash"]:
            continue  # the same payload: the duplicate check handles it
        number = bpjs_codec.logged_result_number({"response_body_json": logged["response_body_json"]})
        if number:
            return number
    return None


def resend(
    state: ServiceState,
    upstream: Upstream,
    no_rawat: str,
    *,
    endpoint: Optional[str] = None,
    triggered_by: Optional[str] = None,
    due_only: bool = False,
    authenticated_as: Optional[str] = None,
) -> dict:
    """Resends the failed writes of one visit; returns what happened to each.

    ``status``: ``done`` (rows handled, see ``results``), ``in_progress``
    (another worker is resending this visit, or holds every failed row),
    ``nothing_to_resend`` (no failed row; ``rows`` says how many exist at all).

    ``upstream`` must be the configured one (``resolve(settings, {})``): a
    resend never uses credentials or a host from a request."""
    if upstream.source != ENV_CREDENTIALS:
        raise bpjs_codec.ConfigError("config: resend: only the configured host and credentials may resend")
    store = state.store
    assert store is not None
    owner = uuid.uuid4().hex
    if not store.lock_visit(no_rawat, owner, utcnow()):
        return {"no_rawat": no_rawat, "status": "in_progress", "results": []}
    try:
        return _resend_visit(state, upstream, no_rawat, endpoint, triggered_by, due_only, authenticated_as)
    finally:
        store.unlock_visit(no_rawat, owner)


def _resend_visit(state: ServiceState, upstream: Upstream, no_rawat: str, endpoint: Optional[str],
                  triggered_by: Optional[str], due_only: bool, authenticated_as: Optional[str]) -> dict:
    store = state.store
    assert store is not None
    locked_at = now = utcnow()
    # A person's resend also takes rows a killed worker left in `sending`.
    rows = store.failed_rows(no_rawat, endpoint, now if due_only else None,
                             None if due_only else now - store.row_stale)
    secret_values = state.secret_values(upstream)
    results = []
    for row in rows:
        shown = bpjs_codec.redact_endpoint(row["endpoint"], {"secret_values": secret_values})
        base = {"id": row["id"], "endpoint": shown, "shown_endpoint": shown, "method": row["method"]}
        if utcnow() - locked_at > store.window:
            results.append({**base, "result": "deferred"})  # the lock may soon be taken over: stop taking rows
            continue
        if not store.claim(row["id"], utcnow()):
            results.append({**base, "result": "in_progress"})
            continue
        if row.get("credential_source") != ENV_CREDENTIALS:
            # Written with credentials from request headers, or before this
            # column existed: its content is whatever a caller sent; never
            # sent with the hospital's credentials (README: how to accept an
            # old row after checking it).
            store.release(row["id"], utcnow(), unschedule=True)
            results.append({**base, "result": "refused",
                            "message": "not written with the service's own credentials: never resent"})
            continue
        results.append(_resend_row(state, upstream, row, triggered_by, base, secret_values, authenticated_as))
    if rows and all(r["result"] == "in_progress" for r in results):
        return {"no_rawat": no_rawat, "status": "in_progress", "results": results}
    if not rows:
        existing = store.rows_of(no_rawat, endpoint)
        busy = any(r["status"] == SENDING for r in existing)
        return {"no_rawat": no_rawat, "status": "in_progress" if busy else "nothing_to_resend",
                "rows": len(existing), "results": []}
    return {"no_rawat": no_rawat, "status": "done", "results": results}


def _resend_row(state: ServiceState, upstream: Upstream, row: dict, triggered_by: Optional[str], base: dict,
                secret_values: list, authenticated_as: Optional[str]) -> dict:
    store = state.store
    assert store is not None
    taken = dict(send_row_state(row) or {}, status=SENDING)
    sent = False
    try:
        bodyless = row["payload_hash"] == bpjs_codec.payload_hash(None, state.hash_key(upstream))
        logged = store.logged_success(row["no_rawat"], base["shown_endpoint"], row["payload_hash"], bodyless)
        accepted = _accepted_kunjungan(state, row, base["shown_endpoint"]) if row["method"] == "POST" else None
        plan = bpjs_codec.resend_plan(
            {"service": row["service"], "method": row["method"], "endpoint": row["endpoint"],
             "payload": row["payload"], "result_number": row["result_number"]},
            {"services": [upstream.service], "accepted_no_kunjungan": accepted, "secret_values": secret_values,
             "logged_success": None if logged is None else {
                 "http_status": logged["http_status"], "meta_code": logged["meta_code"],
                 "response_body_json": logged["response_body_json"]}},
        )
        if plan["action"] != "send":
            # already_sent or refused: the row's new state, nothing sent.
            new_state: Mapping[str, Any] = plan["state"] or {}
            store.finish(row["id"], state_columns(new_state, utcnow()))
            out = {**base, "result": plan["result"], "message": plan["reason"]}
            if plan["action"] == "already_sent":
                out["result_number"] = new_state.get("result_number")
            return out
        attempt_number = store.next_attempt_number(row["correlation_id"], row["attempts"] + 1)
        sent = True  # from here on the request may reach BPJS
        try:
            attempt = send_once(
                state, upstream, plan["method"], plan["endpoint"], plan["body"], content_type=None,
                correlation_id=row["correlation_id"], number=attempt_number, triggered_by=triggered_by,
                no_rawat=row["no_rawat"], log=True, authenticated_as=authenticated_as,
            )
        except bpjs_codec.ConfigError:
            # The credentials were refused before sending: nothing went out.
            sent = False
            return _finish(state, row, taken, plan, None, base, {"outcome": "not_sent"})
        return _finish(state, row, taken, plan, attempt, base, _outcome_of(attempt))
    except BaseException:
        # After the request went out it may have been registered: the core's
        # "interrupted" state (failed, unscheduled; a person decides); before,
        # the row as it was.
        try:
            outcome = {"by": "resend", "outcome": "interrupted" if sent else "not_sent", "method": row["method"],
                       "now": unix(utcnow())}
            after = bpjs_codec.send_state(taken, outcome, state.resend_policy)
            if after["write"] != "none":
                store.finish(row["id"], state_columns(after, utcnow()))
        except Exception:
            store.release(row["id"], utcnow(), unschedule=sent)
        raise


def _outcome_of(attempt: Attempt) -> dict:
    """The attempt as resend_outcome reads it: its log row when there is one;
    without a record (the log row could not be built) the request may have
    gone out: interrupted."""
    if attempt.row is not None:
        return {"outcome": "answered", "record": core_row(attempt.row)}
    out: dict = {"outcome": "interrupted"}
    if attempt.reply is not None:
        out["http_status"] = attempt.reply.status
    return out


def _finish(state: ServiceState, row: dict, taken: dict, plan: Any, attempt: Optional[Attempt], base: dict,
            outcome: dict) -> dict:
    store = state.store
    assert store is not None
    decided = bpjs_codec.resend_outcome(taken, plan, {**outcome, "now": unix(utcnow())}, state.resend_policy)
    after = decided["state"]
    store.finish(row["id"], state_columns(after, utcnow()))
    out = {**base, "method": plan["method"], "result": decided["result"], "message": decided["message"],
           "reason": decided["reason"]}
    if attempt is not None:
        logged = attempt.row or {}
        out.update(attempt=attempt.number, http_status=attempt.reply.status if attempt.reply is not None else None,
                   meta_code=logged.get("meta_code"))
    if decided["switched_to"]:
        out["switched_to"] = f"{plan['method']} {plan['shown_endpoint']}"
        out["noKunjungan"] = decided["switched_to"]
    if decided["result"] == "sent":
        out["result_number"] = after["result_number"]
    else:
        out["retry"] = after["next_attempt_at"] is not None
        next_at = after["next_attempt_at"]
        out["next_attempt_at"] = state_columns(after, utcnow())["next_attempt_at"].isoformat() + "Z" if next_at \
            else None
    return out


def resend_due(state: ServiceState, upstream: Upstream, *, limit: int, triggered_by: str) -> list:
    """Every visit with a failed row whose next_attempt_at has passed."""
    assert state.store is not None
    return [
        resend(state, upstream, no_rawat, triggered_by=triggered_by, due_only=True, authenticated_as="cli")
        for no_rawat in state.store.due_no_rawat(utcnow(), limit)
    ]
