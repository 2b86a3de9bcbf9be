"""Flask CLI commands of the service: ``flask --app bpjs_codec.flask_app bpjs ...``."""

from __future__ import annotations

import click
from flask import Flask

import bpjs_codec

from .settings import resolve
from .state import ServiceState


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
