"""The two audit tables of docs/audit.md (and the resend lock), as SQLAlchemy tables. The Laravel
migrations create the same columns, types and indexes, so a hospital can
point both drop-ins at one database.

``created_at``, ``updated_at`` and ``next_attempt_at`` are UTC, stored
without a time zone."""

from __future__ import annotations

from sqlalchemy import (
    CHAR,
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects import mysql

metadata = MetaData()

# SQLite only numbers rows by itself for an INTEGER PRIMARY KEY.
_ID = BigInteger().with_variant(Integer(), "sqlite")
# Request and response bodies: MySQL/MariaDB TEXT stops at 64 KB.
_LONGTEXT = Text().with_variant(mysql.LONGTEXT(), "mysql", "mariadb")

bpjs_log = Table(
    "pcare_bpjs_log",
    metadata,
    Column("id", _ID, primary_key=True, autoincrement=True),
    Column("created_at", DateTime(), nullable=False),
    Column("service", String(16), nullable=True),
    Column("method", String(8), nullable=False),
    Column("endpoint", String(255), nullable=False),
    Column("status", String(8), nullable=False),
    Column("http_status", Integer(), nullable=True),
    Column("meta_code", Integer(), nullable=True),
    Column("meta_message", Text(), nullable=True),
    Column("error_kind", String(32), nullable=True),
    Column("duration_ms", Integer(), nullable=False),
    Column("request_payload", _LONGTEXT, nullable=True),
    Column("response_body_raw", _LONGTEXT, nullable=True),
    Column("response_body_json", _LONGTEXT, nullable=True),
    Column("payload_hash", CHAR(64), nullable=True),
    Column("correlation_id", String(64), nullable=False),
    Column("attempt", Integer(), nullable=False),
    Column("triggered_by", String(64), nullable=True),
    Column("no_rawat", String(40), nullable=True),
    # Added by this drop-in (nullable, so older tables take them with an ALTER
    # and the Laravel drop-in can ignore them): whose credentials the attempt
    # used ("env": the service's own; "headers": x-* request headers, which a
    # caller can fill with anything), and who was authenticated ("proxy-token",
    # a monitoring token's name, "cli") beside the claimed triggered_by.
    Column("credential_source", String(8), nullable=True),
    Column("authenticated_as", String(64), nullable=True),
    Index("ix_pcare_bpjs_log_no_rawat", "no_rawat"),
    Index("ix_pcare_bpjs_log_endpoint", "endpoint"),
    Index("ix_pcare_bpjs_log_status_created_at", "status", "created_at"),
    Index("ix_pcare_bpjs_log_meta_code", "meta_code"),
    Index("ix_pcare_bpjs_log_payload_hash", "payload_hash"),
    Index("ix_pcare_bpjs_log_correlation_id", "correlation_id"),
)

send_attempts = Table(
    "pcare_send_attempts",
    metadata,
    Column("id", _ID, primary_key=True, autoincrement=True),
    Column("no_rawat", String(40), nullable=False),
    Column("service", String(16), nullable=True),
    Column("endpoint", String(255), nullable=False),
    Column("method", String(8), nullable=False),
    Column("payload", _LONGTEXT, nullable=False),
    Column("payload_hash", CHAR(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer(), nullable=False),
    Column("last_http_status", Integer(), nullable=True),
    Column("last_meta_code", Integer(), nullable=True),
    Column("last_error", Text(), nullable=True),
    Column("result_number", String(64), nullable=True),
    Column("correlation_id", String(64), nullable=False),
    # "env" for every row this version writes; NULL: written before it (a
    # resend refuses those until a person marks them, see the README).
    Column("credential_source", String(8), nullable=True),
    Column("next_attempt_at", DateTime(), nullable=True),
    Column("created_at", DateTime(), nullable=False),
    Column("updated_at", DateTime(), nullable=False),
    UniqueConstraint("no_rawat", "endpoint", "payload_hash", name="uq_pcare_send_attempts_key"),
    Index("ix_pcare_send_attempts_status_next", "status", "next_attempt_at"),
)

# The per-visit resend lock: one row per no_rawat being resent, so two
# gunicorn workers (or two clerks) never resend the same visit at once; a row
# older than the stale limit (a worker killed mid-resend) can be taken over.
resend_locks = Table(
    "pcare_resend_locks",
    metadata,
    Column("no_rawat", String(40), primary_key=True),
    Column("owner", String(64), nullable=False),
    Column("locked_at", DateTime(), nullable=False),
)

# Columns this drop-in added after the first release: (table, column), added
# to an existing table at start-up by AuditStore.create_tables.
ADDED_COLUMNS = (
    (bpjs_log, "credential_source"),
    (bpjs_log, "authenticated_as"),
    (send_attempts, "credential_source"),
)

# credential_source values.
ENV_CREDENTIALS, HEADER_CREDENTIALS = "env", "headers"

# Send states of pcare_send_attempts.status.
FAILED, SENDING, SENT = "failed", "sending", "sent"


def fit(table: Table, row: dict) -> dict:
    """Values cut to their column: MariaDB in strict mode refuses a row with a
    too-long varchar or an int beyond 32 bits, and a refused row would be a
    lost attempt. (SQLite would store them whole; the cut keeps both alike.)"""
    out = dict(row)
    for column in table.columns:
        value = out.get(column.name)
        if isinstance(value, str) and isinstance(column.type, (String, CHAR)) and column.type.length:
            out[column.name] = value[: column.type.length]
        elif isinstance(value, int) and not isinstance(value, bool) and isinstance(column.type, Integer) \
                and not isinstance(column.type, BigInteger) and not -(2**31) <= value < 2**31:
            out[column.name] = None if column.nullable else max(-(2**31), min(value, 2**31 - 1))
    return out
