"""Flask CLI commands of the service: ``flask --app bpjs_codec.flask_app bpjs ...``."""

from __future__ import annotations

import datetime as dt
import re

import click
from flask import Flask

import bpjs_codec

from .settings import int_setting, resolve
from .state import ServiceState

_AGE = re.compile(r"^\s*(\d+)\s*([dhw]?)\s*$")


def parse_age(text: str) -> dt.timedelta:
    """``90d``, ``12w``, ``36h`` or a number of days.

    >>> parse_age("90d"), parse_age("2w"), parse_age("30")
    (datetime.timedelta(days=90), datetime.timedelta(days=14), datetime.timedelta(days=30))
    """
    found = _AGE.match(text or "")
    if found is None:
        raise click.BadParameter("expected a number of days, e.g. 90d (or 12w, 36h)")
    number, unit = int(found.group(1)), found.group(2) or "d"
    return {"d": dt.timedelta(days=number), "w": dt.timedelta(weeks=number), "h": dt.timedelta(hours=number)}[unit]


def register_cli(app: Flask, state: ServiceState) -> None:
    @app.cli.group("bpjs")
    def bpjs() -> None:
        """bpjs-codec: BPJS bridging maintenance."""

    @bpjs.command("resend-due")
    @click.option("--limit", default=100, show_default=True, help="At most this many visits per run.")
    @click.option("--triggered-by", default="scheduler", show_default=True, help="Stored in the log rows.")
    def resend_due_command(limit: int, triggered_by: str) -> None:
        """Resend the failed writes whose next_attempt_at has passed (run it from cron)."""
        if state.store is None:
            raise click.ClickException(
                "the audit log is off: set BPJS_AUDIT_LOG=true (and BPJS_AUDIT_DB_URL) to record and resend writes"
            )
        from .resend import resend_due

        try:
            upstream = resolve(state.settings, {})
        except bpjs_codec.ConfigError as error:
            raise click.ClickException(str(error)) from None
        try:
            outcomes = resend_due(state, upstream, limit=limit, triggered_by=triggered_by)
        except Exception as error:
            from sqlalchemy.exc import SQLAlchemyError

            from .store import describe

            if not isinstance(error, SQLAlchemyError):
                raise
            # The error's text quotes the statement and its values (no_rawat,
            # payloads): only its type and code.
            raise click.ClickException(
                f"resend-due: the audit database failed ({describe(error)}); nothing more was resent"
            ) from None
        counts: dict = {}
        for outcome in outcomes:
            for result in outcome["results"]:
                counts[result["result"]] = counts.get(result["result"], 0) + 1
                click.echo(
                    f"{outcome['no_rawat']} {result.get('method', '')} {result['endpoint']}: {result['result']}"
                    + (f" ({result['message']})" if result.get("message") else "")
                )
        summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "nothing due"
        click.echo(f"resend-due: {len(outcomes)} visit(s): {summary}")

    @bpjs.command("purge")
    @click.option("--older-than", "older_than", default=None,
                  help="Age of the rows to delete, e.g. 90d (default: BPJS_AUDIT_RETENTION_DAYS, else 90 days).")
    def purge_command(older_than: str) -> None:
        """Delete audit rows older than the retention period (run it from cron).

        Log rows and accepted writes go; failed writes stay until a person decides them."""
        if state.store is None:
            raise click.ClickException("the audit log is off: nothing to purge (BPJS_AUDIT_LOG)")
        if older_than is None:
            age = dt.timedelta(days=int_setting(state.settings, "BPJS_AUDIT_RETENTION_DAYS", 90, minimum=1))
        else:
            age = parse_age(older_than)
        from .store import utcnow

        before = utcnow() - age
        try:
            counts = state.store.purge(before)
        except Exception as error:
            from sqlalchemy.exc import SQLAlchemyError

            from .store import describe

            if not isinstance(error, SQLAlchemyError):
                raise
            raise click.ClickException(f"purge: the audit database failed ({describe(error)})") from None
        click.echo(f"purge: rows before {before.isoformat()}Z deleted: "
                   + ", ".join(f"{n} from {table}" for table, n in counts.items()))
