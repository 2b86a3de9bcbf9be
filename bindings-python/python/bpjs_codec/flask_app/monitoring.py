"""Monitoring and resend endpoints, behind ``Authorization: Bearer <token>``
of ``BPJS_MONITORING_TOKENS`` (``name=token,...``, one per person) or
``BPJS_MONITORING_TOKEN`` (compared in constant time, every token each
time). Without a configured token they do not exist (404); a wrong or missing
token is 401. A resend records the token's name (``authenticated_as``)
beside the ``triggered_by`` the request claims.

- ``GET /monitoring/summary?start=&end=``: per endpoint (as a route, see
  ``route``) count, success and failure rate, p50/p95/p99 duration; top
  error messages; distribution of http_status and meta_code.
- ``GET /monitoring/attempts?status=&endpoint=&limit=&offset=``: the send
  state of writes (``pcare_send_attempts``), newest first.
- ``GET /monitoring/raw/<no_rawat>``: every log row and send state of a visit.

A send state's ``endpoint`` is stored as sent (identifiers kept, to resend it)
and its ``payload`` keeps the patient identifiers: both pages show the
endpoint masked as the log does, ``raw`` the payload masked by the core's
``redact``, ``attempts`` no payload.
- ``POST /resend/<no_rawat>?endpoint=``: resend its failed writes (resend.py).

Replies use the service's envelope ``{"metaData": {...}, "response": ...}``.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import math
import re
from typing import Any, Optional

from flask import Blueprint, g, request
from sqlalchemy import case, func, select

import bpjs_codec

from . import replies
from .audit_log import parsed_payload
from .resend import resend
from .settings import resolve
from .state import ServiceState
from .tables import FAILED, SENDING, SENT, bpjs_log, send_attempts

MAX_LIMIT = 500
_OFFSET_WITHOUT_PLUS = re.compile(r"^(.*\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$")


class BadRequest(Exception):
    pass


def parse_time(text: Optional[str], name: str, *, end: bool) -> Optional[dt.datetime]:
    """An ISO date or date-time as naive UTC. A date alone is the start of
    that day; as ``end``, the end of it (the whole day is included). A
    date-time without offset is UTC."""
    if text is None or not text.strip():
        return None
    value = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            day = dt.datetime.combine(dt.date.fromisoformat(value), dt.time())
            return day + dt.timedelta(days=1) if end else day
        if value[-1] in "Zz":
            value = value[:-1] + "+00:00"
        # An unencoded "+07:00" in a query string arrives as " 07:00".
        value = _OFFSET_WITHOUT_PLUS.sub(r"\1+\2", value)
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"{name}: expected an ISO date (2026-11-24) or date-time (2026-11-24T08:00:00+07:00)") \
            from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return parsed


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    text = request.args.get(name)
    if text is None or text == "":
        return default
    try:
        value = int(text)
    except ValueError:
        raise BadRequest(f"{name}: expected a whole number") from None
    if not low <= value <= high:
        raise BadRequest(f"{name}: expected {low} to {high}")
    return value


def percentile(ordered: list, p: float) -> Optional[int]:
    """Nearest-rank percentile of an ascending list."""
    if not ordered:
        return None
    return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1]


def _jsonable(row: Any) -> dict:
    out = {}
    for key, value in dict(row).items():
        out[key] = value.isoformat() + "Z" if isinstance(value, dt.datetime) else value
    return out


def _send_state(row: Any) -> dict:
    """A ``pcare_send_attempts`` row for the monitoring pages: endpoint
    masked, payload (when selected) redacted."""
    out = _jsonable(row)
    out["endpoint"] = bpjs_codec.redact_endpoint(out.get("endpoint") or "")
    if "payload" in out:
        try:
            out["payload"] = json.dumps(bpjs_codec.redact(parsed_payload(out["payload"])), ensure_ascii=False)
        except bpjs_codec.ConfigError:
            out["payload"] = None
    return out


def _error_label(message: Optional[str], kind: Optional[str], http_status: Optional[int]) -> str:
    if message:
        return message
    if kind:
        return kind
    return f"HTTP {http_status}" if http_status is not None else "no reply"


_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2}|\d{2}-\d{2}-\d{4})$")


def route(endpoint: Optional[str]) -> str:
    """The endpoint as a route, for per-endpoint KPIs: the query string
    dropped, and every segment that is a (masked) identifier, a number or a
    date replaced by ``{}`` (``peserta/nokartu/*********7890/tglPelayanan/
    2026-11-24`` -> ``peserta/nokartu/{}/tglPelayanan/{}``), so one patient's
    lookups do not make a group of their own."""
    path = (endpoint or "").split("?", 1)[0]
    return "/".join(
        "{}" if segment and ("*" in segment or segment.isdigit() or _DATE.match(segment)) else segment
        for segment in path.split("/")
    )


def summary(state: ServiceState, start: Optional[dt.datetime], end: Optional[dt.datetime]) -> dict:
    assert state.store is not None
    t = bpjs_log
    where = []
    if start is not None:
        where.append(t.c.created_at >= start)
    if end is not None:
        where.append(t.c.created_at < end)
    success = func.sum(case((t.c.status == "success", 1), else_=0))
    with state.store.engine.connect() as connection:
        counts: dict = {}
        for endpoint, count, succeeded in connection.execute(
            select(t.c.endpoint, func.count(), success).where(*where).group_by(t.c.endpoint)
        ):
            total = counts.setdefault(route(endpoint), [0, 0])
            total[0] += count
            total[1] += int(succeeded or 0)
        durations: dict = {}
        for endpoint, duration in connection.execute(select(t.c.endpoint, t.c.duration_ms).where(*where)):
            durations.setdefault(route(endpoint), []).append(int(duration))
        failures = connection.execute(
            select(t.c.meta_message, t.c.error_kind, t.c.http_status, func.count())
            .where(*where, t.c.status == "failed")
            .group_by(t.c.meta_message, t.c.error_kind, t.c.http_status)
        ).all()
        http = connection.execute(select(t.c.http_status, func.count()).where(*where).group_by(t.c.http_status)).all()
        meta = connection.execute(select(t.c.meta_code, func.count()).where(*where).group_by(t.c.meta_code)).all()

    endpoints = []
    for endpoint, (count, succeeded) in counts.items():
        ordered = sorted(durations.get(endpoint, []))
        endpoints.append({
            "endpoint": endpoint,
            "count": count,
            "success": succeeded,
            "failed": count - succeeded,
            "success_rate": succeeded / count,
            "failure_rate": (count - succeeded) / count,
            "p50_ms": percentile(ordered, 50),
            "p95_ms": percentile(ordered, 95),
            "p99_ms": percentile(ordered, 99),
        })
    endpoints.sort(key=lambda e: (-e["count"], e["endpoint"]))
    labels: dict = {}
    for message, kind, http_status, count in failures:
        label = _error_label(message, kind, http_status)
        labels[label] = labels.get(label, 0) + count
    top = sorted(labels.items(), key=lambda item: (-item[1], item[0]))[:10]
    total = sum(e["count"] for e in endpoints)
    succeeded_total = sum(e["success"] for e in endpoints)
    return {
        "start": start.isoformat() + "Z" if start else None,
        "end": end.isoformat() + "Z" if end else None,
        "total": total,
        "success": succeeded_total,
        "failed": total - succeeded_total,
        "success_rate": succeeded_total / total if total else None,
        "failure_rate": (total - succeeded_total) / total if total else None,
        "endpoints": endpoints,
        "top_errors": [{"message": label, "count": count} for label, count in top],
        "http_status": {("null" if k is None else str(k)): n for k, n in http},
        "meta_code": {("null" if k is None else str(k)): n for k, n in meta},
    }


def token_name(state: ServiceState, authorization: str) -> Optional[str]:
    """The name of the monitoring token in an ``Authorization: Bearer``
    value, or None. Every configured token is compared (in constant time),
    so the time taken does not tell which one nearly matched."""
    scheme, _, given = authorization.partition(" ")
    given = given.strip()
    found = None
    for token, name in state.monitoring_tokens.items():
        if hmac.compare_digest(given.encode(), token.encode()) and scheme.lower() == "bearer" and given:
            found = name
    return found


def blueprint(state: ServiceState) -> Blueprint:
    bp = Blueprint("bpjs_monitoring", __name__)

    @bp.before_request
    def require_token():
        if request.method == "OPTIONS":  # CORS preflight carries no credentials
            return None
        if not state.monitoring_on or state.store is None:
            return replies.error(404, "monitoring is off: set BPJS_MONITORING_TOKENS to turn it on")
        name = token_name(state, request.headers.get("Authorization", ""))
        if name is None:
            reply = replies.error(401, "monitoring: send Authorization: Bearer <your BPJS_MONITORING_TOKENS token>")
            reply.headers["WWW-Authenticate"] = 'Bearer realm="bpjs-monitoring"'
            return reply
        g.bpjs_token_name = name
        return None

    @bp.errorhandler(BadRequest)
    def bad_request(error: BadRequest):
        return replies.error(400, str(error))

    @bp.get("/monitoring/summary")
    def monitoring_summary():
        start = parse_time(request.args.get("start"), "start", end=False)
        end = parse_time(request.args.get("end"), "end", end=True)
        if start is None and end is None:
            start = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - dt.timedelta(hours=24)
        if start is not None and end is not None and end <= start:
            raise BadRequest("end: must be after start")
        return replies.envelope(200, "OK", summary(state, start, end))

    @bp.get("/monitoring/attempts")
    def monitoring_attempts():
        assert state.store is not None
        t = send_attempts
        status = request.args.get("status") or None
        if status is not None and status not in (FAILED, SENDING, SENT):
            raise BadRequest("status: expected failed, sending or sent")
        endpoint = request.args.get("endpoint") or None
        limit = _int_arg("limit", 50, 1, MAX_LIMIT)
        offset = _int_arg("offset", 0, 0, 10**9)
        where = []
        if status is not None:
            where.append(t.c.status == status)
        if endpoint is not None:
            where.append(t.c.endpoint == endpoint)
        columns = [c for c in t.c if c.name != "payload"]
        with state.store.engine.connect() as connection:
            total = connection.execute(select(func.count()).select_from(t).where(*where)).scalar()
            rows = connection.execute(
                select(*columns).where(*where).order_by(t.c.id.desc()).limit(limit).offset(offset)
            ).mappings().all()
        return replies.envelope(200, "OK", {"total": total, "limit": limit, "offset": offset,
                                            "items": [_send_state(r) for r in rows]})

    @bp.get("/monitoring/raw/<path:no_rawat>")
    def monitoring_raw(no_rawat: str):
        assert state.store is not None
        with state.store.engine.connect() as connection:
            log = connection.execute(
                select(bpjs_log).where(bpjs_log.c.no_rawat == no_rawat).order_by(bpjs_log.c.id)
            ).mappings().all()
            sends = connection.execute(
                select(send_attempts).where(send_attempts.c.no_rawat == no_rawat).order_by(send_attempts.c.id)
            ).mappings().all()
        if not log and not sends:
            return replies.error(404, f"no log row for no_rawat {no_rawat}")
        return replies.envelope(200, "OK", {"no_rawat": no_rawat, "log": [_jsonable(r) for r in log],
                                            "send_attempts": [_send_state(r) for r in sends]})

    @bp.post("/resend/<path:no_rawat>")
    def resend_visit(no_rawat: str):
        body = request.get_json(silent=True) if request.is_json else None
        body = body if isinstance(body, dict) else {}
        # As claimed by the request; the token's name is recorded beside it.
        triggered_by = request.headers.get("x-triggered-by") or request.args.get("triggered_by") \
            or body.get("triggered_by") or g.bpjs_token_name
        if not isinstance(triggered_by, str):
            raise BadRequest("triggered_by: expected a string")
        try:
            # The configured host and credentials only, whatever x-* headers
            # the request carries.
            upstream = resolve(state.settings, {})
        except bpjs_codec.ConfigError as error:
            return replies.error(400, str(error), kind="config")
        outcome = resend(state, upstream, no_rawat, endpoint=request.args.get("endpoint") or None,
                         triggered_by=triggered_by, authenticated_as=g.bpjs_token_name)
        if outcome["status"] == "in_progress":
            return replies.envelope(409, "in progress: another resend of this visit is running", outcome, 409)
        if outcome["status"] == "nothing_to_resend":
            if not outcome["rows"]:
                return replies.envelope(404, f"no write recorded for no_rawat {no_rawat}", outcome, 404)
            return replies.envelope(200, "nothing to resend: no failed write", outcome)
        return replies.envelope(200, "OK", outcome)

    return bp
