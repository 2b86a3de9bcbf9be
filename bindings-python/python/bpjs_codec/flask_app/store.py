"""The audit database: one SQLAlchemy engine per process, the tables created
on start-up, and the few statements the log, the monitoring pages and the
resend service need.

Any SQLAlchemy URL works (``mysql+pymysql://user:pass@host/db``,
``sqlite:////var/lib/bpjs/audit.sqlite3``). The URL holds a password: it is
never logged, and errors are reported by type and code only (a DBAPI error's
text quotes the statement and its parameters).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Iterable, Mapping
from typing import Any, Optional

from sqlalchemy import and_, create_engine, delete, event, insert, inspect, or_, select, text, update
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

import bpjs_codec

from .tables import (
    ADDED_COLUMNS,
    ENV_CREDENTIALS,
    FAILED,
    SENDING,
    SENT,
    bpjs_log,
    fit,
    metadata,
    resend_locks,
    send_attempts,
)

# The send-state columns the core's send_state reads and returns.
STATE_COLUMNS = ("status", "method", "attempts", "next_attempt_at", "result_number", "last_http_status",
                 "last_meta_code", "last_error")


def utcnow() -> dt.datetime:
    """Naive UTC, as the columns store it."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def unix(moment: Optional[dt.datetime]) -> Optional[int]:
    """A naive UTC column value as Unix seconds (what the core's functions take)."""
    if moment is None:
        return None
    return int(moment.replace(tzinfo=dt.timezone.utc).timestamp())


def from_unix(seconds: Optional[int]) -> Optional[dt.datetime]:
    """Unix seconds from the core as a naive UTC column value."""
    if seconds is None:
        return None
    return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).replace(tzinfo=None)


def send_row_state(row: Optional[Any]) -> Optional[dict]:
    """A ``pcare_send_attempts`` row as the core's send_state / resend_outcome read it."""
    if row is None:
        return None
    state = {column: row[column] for column in STATE_COLUMNS}
    state["next_attempt_at"] = unix(state["next_attempt_at"])
    state["attempts"] = int(state["attempts"] or 0)
    return state


def state_columns(state: Mapping[str, Any], now: dt.datetime) -> dict:
    """The core's new state (send_state, resend_plan, resend_outcome) as column values."""
    values = {column: state[column] for column in STATE_COLUMNS if column in state}
    if "next_attempt_at" in values:
        values["next_attempt_at"] = from_unix(values["next_attempt_at"])
    values["updated_at"] = now
    return values


def describe(error: BaseException) -> str:
    """An error's type and DBAPI code, never its text (which quotes values)."""
    original = getattr(error, "orig", None)
    code = None
    if original is not None:
        args = getattr(original, "args", ())
        code = args[0] if args and isinstance(args[0], int) else None
    name = type(original).__name__ if original is not None else type(error).__name__
    return f"{type(error).__name__}/{name}" + (f" {code}" if code is not None else "")


class AuditStore:
    """The audit tables of one database."""

    def __init__(self, url: str, stale: Optional[Mapping[str, Any]] = None) -> None:
        # The core's stale_limits: a row left in `sending` longer than
        # row_stale_secs (its worker was killed mid-send) may be taken again;
        # a visit lock older than lock_stale_secs is taken over.
        limits = stale or bpjs_codec.stale_limits()
        self.row_stale = dt.timedelta(seconds=limits["row_stale_secs"])
        self.lock_stale = dt.timedelta(seconds=limits["lock_stale_secs"])
        self.window = dt.timedelta(seconds=limits["window_secs"])
        parsed = make_url(url)
        if parsed.get_backend_name() in ("mysql", "mariadb") and "charset" not in parsed.query:
            parsed = parsed.update_query_dict({"charset": "utf8mb4"})  # Indonesian names, emoji in notes
        self._url = parsed
        self._engine: Optional[Engine] = None
        self._pid: Optional[int] = None
        self._lock = threading.Lock()
        self._tables_ready = False
        self._last_try = 0.0

    def __repr__(self) -> str:
        return f"AuditStore({self._url.get_backend_name()})"

    @property
    def backend(self) -> str:
        return self._url.get_backend_name()

    @property
    def engine(self) -> Engine:
        """This process's engine: gunicorn forks workers after create_app, and
        pooled connections must never be shared across processes."""
        with self._lock:
            if self._engine is None or self._pid != os.getpid():
                self._engine = self._new_engine()
                self._pid = os.getpid()
            return self._engine

    def _new_engine(self) -> Engine:
        if self.backend == "sqlite":
            engine = create_engine(self._url, connect_args={"timeout": 30, "check_same_thread": False})

            @event.listens_for(engine, "connect")
            def _pragmas(connection: Any, _record: Any) -> None:
                cursor = connection.cursor()
                # WAL: readers (monitoring) never block the writers (the proxy).
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.execute("PRAGMA busy_timeout=30000")
                cursor.close()

            return engine
        return create_engine(self._url, pool_pre_ping=True, pool_recycle=3600, pool_size=8, max_overflow=16)

    def create_tables(self) -> None:
        """Creates the tables and indexes that are missing. Several gunicorn
        workers may start at once: the loser of a race tries once more."""
        if self.backend == "sqlite" and self._url.database:
            directory = os.path.dirname(os.path.abspath(self._url.database))
            os.makedirs(directory, exist_ok=True)
        try:
            metadata.create_all(self.engine)
        except (OperationalError, ProgrammingError):
            metadata.create_all(self.engine)
        self._add_missing_columns()
        self._tables_ready = True

    def _add_missing_columns(self) -> None:
        """Tables made by an earlier version get the columns added since
        (all nullable): ``ALTER TABLE ... ADD COLUMN``."""
        inspector = inspect(self.engine)
        for table, name in ADDED_COLUMNS:
            present = {c["name"] for c in inspector.get_columns(table.name)}
            if name in present:
                continue
            column = table.c[name]
            kind = column.type.compile(dialect=self.engine.dialect)
            try:
                with self.engine.begin() as connection:
                    connection.execute(text(f"ALTER TABLE {table.name} ADD COLUMN {name} {kind} NULL"))
            except (OperationalError, ProgrammingError):
                # Another worker added it meanwhile.
                if name not in {c["name"] for c in inspect(self.engine).get_columns(table.name)}:
                    raise

    def create_private_file(self) -> None:
        """The default SQLite file, created readable by the service's user
        only (0600): it holds patients' payloads and the visits' state."""
        if self.backend != "sqlite" or not self._url.database:
            return
        path = os.path.abspath(self._url.database)
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            return
        os.close(descriptor)

    def ensure_tables(self) -> None:
        """Before each use: a database that was down at start-up gets its
        tables once it is back (tried at most every 30 s)."""
        if self._tables_ready:
            return
        now = time.monotonic()
        if now - self._last_try < 30 and self._last_try:
            return
        self._last_try = now
        self.create_tables()

    def dispose(self) -> None:
        """Closes the pool (after start-up, before gunicorn forks)."""
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
            self._engine = None

    # --- the log ------------------------------------------------------------------

    def add_log(self, row: dict, attempt: int, created_at: dt.datetime) -> None:
        self.ensure_tables()
        # The core's row also carries result_number, which is not a column of
        # the log (it goes to pcare_send_attempts).
        columns = {c.name for c in bpjs_log.columns}
        values = fit(bpjs_log, {k: v for k, v in dict(row, attempt=attempt, created_at=created_at).items()
                                if k in columns})
        with self.engine.begin() as connection:
            connection.execute(insert(bpjs_log).values(**values))

    def next_attempt_number(self, correlation_id: str, fallback: int) -> int:
        """The attempt number after the last one logged for this request
        (``fallback`` when none is logged, e.g. the log was pruned)."""
        with self.engine.connect() as connection:
            last = connection.execute(
                select(bpjs_log.c.attempt).where(bpjs_log.c.correlation_id == correlation_id)
                .order_by(bpjs_log.c.attempt.desc()).limit(1)
            ).scalar()
        return int(last) + 1 if last else fallback

    def logged_success(self, no_rawat: str, endpoint: str, payload_hash: str, bodyless: bool) -> Optional[dict]:
        """The latest success logged for this visit, endpoint and payload
        (``bodyless``: the write had no body, whose log row has no hash)."""
        same_payload = bpjs_log.c.payload_hash == payload_hash
        if bodyless:
            # a write without a body: the log has no hash, the state the hash of null
            same_payload = or_(same_payload, bpjs_log.c.payload_hash.is_(None))
        with self.engine.connect() as connection:
            found = connection.execute(
                select(bpjs_log).where(
                    bpjs_log.c.no_rawat == no_rawat,
                    bpjs_log.c.endpoint == endpoint,
                    same_payload,
                    bpjs_log.c.status == "success",
                    # A header-credential row is whatever its caller chose to send.
                    bpjs_log.c.credential_source == ENV_CREDENTIALS,
                ).order_by(bpjs_log.c.id.desc()).limit(1)
            ).mappings().first()
        return dict(found) if found else None

    def logged_successes(self, no_rawat: str, endpoint: str, method: str) -> list:
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(bpjs_log).where(
                    bpjs_log.c.no_rawat == no_rawat,
                    bpjs_log.c.endpoint == endpoint,
                    bpjs_log.c.method == method,
                    bpjs_log.c.status == "success",
                    bpjs_log.c.credential_source == ENV_CREDENTIALS,
                ).order_by(bpjs_log.c.id.desc())
            ).mappings().all()
        return [dict(r) for r in rows]

    # --- send state ---------------------------------------------------------------

    def record_write(
        self,
        *,
        no_rawat: str,
        service: Optional[str],
        endpoint: str,
        method: str,
        payload: str,
        payload_hash: str,
        correlation_id: str,
        attempt: dict,
        policy: dict,
        now: dt.datetime,
    ) -> None:
        """Upserts the state of one write (unique no_rawat + endpoint +
        payload_hash) with what the core's ``send_state`` returns for the
        row as read and ``attempt``. The update is a compare-and-set on the
        row as read (status and attempts), tried again when another worker
        changed it in between, so no attempt is lost."""
        self.ensure_tables()
        t = send_attempts
        key = fit(t, {"no_rawat": no_rawat, "endpoint": endpoint, "payload_hash": payload_hash})
        same = (t.c.no_rawat == key["no_rawat"], t.c.endpoint == key["endpoint"],
                t.c.payload_hash == key["payload_hash"])
        for _ in range(5):
            with self.engine.connect() as connection:
                current = connection.execute(select(t).where(*same)).mappings().first()
            state = bpjs_codec.send_state(send_row_state(current), {**attempt, "now": unix(now)}, policy)
            if state["write"] == "none":
                return
            values = fit(t, state_columns(state, now))
            if current is not None:
                with self.engine.begin() as connection:
                    changed = connection.execute(
                        update(t).where(t.c.id == current["id"], t.c.status == current["status"],
                                        t.c.attempts == current["attempts"]).values(**values)
                    ).rowcount
                if changed == 1:
                    return
                continue
            row = fit(t, {**key, "service": service, "payload": payload, "correlation_id": correlation_id,
                          "credential_source": ENV_CREDENTIALS, "created_at": now, **values})
            try:
                with self.engine.begin() as connection:
                    connection.execute(insert(t).values(**row))
                return
            except IntegrityError:  # another worker inserted it meanwhile: update that row
                continue
        raise RuntimeError("send state: the row kept changing under five tries")

    def failed_rows(self, no_rawat: str, endpoint: Optional[str], due_before: Optional[dt.datetime],
                    stale_before: Optional[dt.datetime] = None) -> list:
        """The ``failed`` rows of a visit (due ones only with ``due_before``);
        with ``stale_before``, also the rows left in ``sending`` since before
        it (a worker killed mid-send): a person's resend takes them again."""
        t = send_attempts
        state = t.c.status == FAILED
        if stale_before is not None:
            state = or_(state, and_(t.c.status == SENDING, t.c.updated_at < stale_before))
        conditions = [t.c.no_rawat == no_rawat, state]
        if endpoint is not None:
            conditions.append(t.c.endpoint == endpoint)
        if due_before is not None:
            conditions.append(and_(t.c.next_attempt_at.is_not(None), t.c.next_attempt_at <= due_before))
        with self.engine.connect() as connection:
            rows = connection.execute(select(t).where(*conditions).order_by(t.c.id)).mappings().all()
        return [dict(r) for r in rows]

    def rows_of(self, no_rawat: str, endpoint: Optional[str] = None) -> list:
        t = send_attempts
        conditions = [t.c.no_rawat == no_rawat]
        if endpoint is not None:
            conditions.append(t.c.endpoint == endpoint)
        with self.engine.connect() as connection:
            rows = connection.execute(select(t).where(*conditions).order_by(t.c.id)).mappings().all()
        return [dict(r) for r in rows]

    def due_no_rawat(self, now: dt.datetime, limit: int) -> list:
        t = send_attempts
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(t.c.no_rawat, t.c.next_attempt_at).where(
                    t.c.status == FAILED, t.c.next_attempt_at.is_not(None), t.c.next_attempt_at <= now
                ).order_by(t.c.next_attempt_at, t.c.id)
            ).all()
        seen: list = []
        for no_rawat, _ in rows:
            if no_rawat not in seen:
                seen.append(no_rawat)
                if len(seen) >= limit:
                    break
        return seen

    def claim(self, row_id: int, now: dt.datetime) -> bool:
        """Compare-and-set ``failed`` -> ``sending``: of several workers (or
        threads) resending the same row, exactly one gets True."""
        t = send_attempts
        with self.engine.begin() as connection:
            claimed = connection.execute(
                update(t).where(
                    t.c.id == row_id,
                    or_(t.c.status == FAILED, and_(t.c.status == SENDING, t.c.updated_at < now - self.row_stale)),
                ).values(status=SENDING, updated_at=now)
            ).rowcount
        return claimed == 1

    def finish(self, row_id: int, values: dict) -> None:
        """Ends a claim: the row's new state (``sent`` or ``failed``) and counters."""
        with self.engine.begin() as connection:
            connection.execute(update(send_attempts).where(send_attempts.c.id == row_id)
                               .values(**fit(send_attempts, values)))

    def release(self, row_id: int, now: dt.datetime, *, unschedule: bool = False) -> None:
        """Gives a claim back as ``failed``. With ``unschedule`` (something
        failed after the request may have gone out) ``next_attempt_at`` is
        cleared, so resend-due cannot send it again: only a person can."""
        values: dict = {"status": FAILED, "updated_at": now}
        if unschedule:
            values["next_attempt_at"] = None
        with self.engine.begin() as connection:
            connection.execute(update(send_attempts).where(
                send_attempts.c.id == row_id, send_attempts.c.status == SENDING
            ).values(**values))

    # --- the per-visit resend lock ------------------------------------------------

    def lock_visit(self, no_rawat: str, owner: str, now: dt.datetime) -> bool:
        """Takes the resend lock of a visit (a row of ``pcare_resend_locks``):
        True when ``owner`` now holds it. A lock older than ``lock_stale`` (its
        worker was killed) is taken over by a compare-and-set on its owner and
        so of several takers exactly one wins."""
        self.ensure_tables()
        t = resend_locks
        key = fit(t, {"no_rawat": no_rawat})["no_rawat"]
        try:
            with self.engine.begin() as connection:
                connection.execute(insert(t).values(no_rawat=key, owner=owner, locked_at=now))
            return True
        except IntegrityError:
            pass
        with self.engine.connect() as connection:
            held = connection.execute(select(t.c.owner, t.c.locked_at).where(t.c.no_rawat == key)).first()
        if held is None:  # released meanwhile: try once more
            try:
                with self.engine.begin() as connection:
                    connection.execute(insert(t).values(no_rawat=key, owner=owner, locked_at=now))
                return True
            except IntegrityError:
                return False
        held_by, locked_at = held
        if locked_at is None or locked_at >= now - self.lock_stale:
            return False
        # Compare-and-set on the stale owner (owners are unique): of several
        # workers taking over, exactly one changes the row.
        with self.engine.begin() as connection:
            taken = connection.execute(
                update(t).where(t.c.no_rawat == key, t.c.owner == held_by, t.c.locked_at < now - self.lock_stale)
                .values(owner=owner, locked_at=now)
            ).rowcount
        return taken == 1

    def unlock_visit(self, no_rawat: str, owner: str) -> None:
        """Releases the visit's lock if ``owner`` still holds it."""
        t = resend_locks
        key = fit(t, {"no_rawat": no_rawat})["no_rawat"]
        with self.engine.begin() as connection:
            connection.execute(delete(t).where(t.c.no_rawat == key, t.c.owner == owner))

    def accepted_numbers(self, no_rawat: str, endpoint: str, exclude_id: int) -> Iterable[str]:
        """result_number of other accepted writes of this visit and endpoint, newest first."""
        t = send_attempts
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(t.c.result_number).where(
                    t.c.no_rawat == no_rawat, t.c.endpoint == endpoint, t.c.status == SENT,
                    t.c.result_number.is_not(None), t.c.id != exclude_id,
                    t.c.credential_source == ENV_CREDENTIALS,
                ).order_by(t.c.updated_at.desc(), t.c.id.desc())
            ).scalars().all()
        return [r for r in rows if r]

    # --- retention ------------------------------------------------------------------

    def purge(self, before: dt.datetime) -> dict:
        """Deletes log rows created before ``before``, accepted (``sent``)
        send states last changed before it, and stale locks. ``failed`` and
        ``sending`` rows stay whatever their age: a person must decide them."""
        self.ensure_tables()
        with self.engine.begin() as connection:
            log = connection.execute(delete(bpjs_log).where(bpjs_log.c.created_at < before)).rowcount
            sent = connection.execute(delete(send_attempts).where(
                send_attempts.c.status == SENT, send_attempts.c.updated_at < before)).rowcount
            locks = connection.execute(delete(resend_locks).where(resend_locks.c.locked_at < before)).rowcount
        return {"pcare_bpjs_log": log, "pcare_send_attempts": sent, "pcare_resend_locks": locks}
