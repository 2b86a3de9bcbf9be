"""What one app instance holds: the settings, the keep-alive session, the
timeouts and retry settings, and the audit database when it is used.

Secrets (the credentials in ``settings``, the monitoring token, the database
URL) stay here, out of ``app.config``, which debug pages and extensions print.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional

import requests

from .settings import audit_hash_key

if TYPE_CHECKING:
    from .audit_log import AuditLog
    from .store import AuditStore


@dataclass
class ServiceState:
    settings: dict = field(repr=False)
    session: requests.Session = field(repr=False)
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    # One deadline for an upstream call, its retries included (BPJS_HTTP_TOTAL_TIMEOUT).
    total_timeout: float = 25.0
    verify: bool = True
    # Decoded size a reply may reach (UTF-16 code units; BPJS_MAX_OUTPUT).
    max_output: Optional[int] = None
    # Bytes of a reply read before it is cut (BPJS_MAX_REPLY_BYTES).
    max_reply_bytes: int = 32 * 1024 * 1024
    # JSON values (, : [ { characters) a plain reply may have before it is parsed (BPJS_MAX_JSON_VALUES).
    max_json_values: int = 1024 * 1024
    # The cap of each stored text column (BPJS_AUDIT_MAX_STORED_BYTES; the core's max_stored_bytes).
    max_stored_bytes: Optional[int] = None
    # Where x-host may point: (host, port) pairs.
    allowed_hosts: frozenset = frozenset()
    # Extra attempts of a GET that failed in a way the core calls transient,
    # and the pause between them (seconds).
    retry_times: int = 2
    retry_sleep: float = 0.5
    # The audit database: set when logging is on or the monitoring endpoints are.
    store: Optional[AuditStore] = None
    # Builds and writes the log rows (with the store).
    audit: Optional[AuditLog] = None
    # BPJS_AUDIT_LOG: whether proxied requests are logged (resends always are).
    log_requests: bool = False
    # BPJS_MONITORING_TOKENS / BPJS_MONITORING_TOKEN: token -> the person's name.
    monitoring_tokens: dict = field(default_factory=dict, repr=False)
    # BPJS_PROXY_TOKEN: when set, required as a bearer token on POST /.
    proxy_token: Optional[str] = field(default=None, repr=False)
    # retry_decision's policy for resends (max_attempts, schedule_secs).
    resend_policy: dict = field(default_factory=dict)
    # The core's stale_limits for this service's timeouts: row_stale_secs,
    # lock_stale_secs, window_secs.
    stale: Mapping[str, Any] = field(default_factory=dict)

    def hash_key(self, upstream: Any) -> str:
        """The audit hash key for this request's credentials (settings.audit_hash_key)."""
        return audit_hash_key(self.settings, upstream)

    def secret_values(self, upstream: Any) -> list:
        """Everything to scrub from stored text: this request's credentials
        and the monitoring token (the core ignores values under 4 characters)."""
        values = [upstream.secret, upstream.password, upstream.user_key, self.proxy_token,
                  *self.monitoring_tokens]
        return [v for v in values if v]

    @property
    def monitoring_on(self) -> bool:
        return bool(self.monitoring_tokens)
