"""Type stubs of the native extension; import everything from ``bpjs_codec``."""

from typing import Any, Literal, TypedDict

__all__ = [
    "DEFAULT_APP_CODE", "DEFAULT_MAX_OUTPUT", "DEVELOPMENT_HOST", "ERROR_KINDS", "MAX_WINDOW_SECS", "PRODUCTION_HOST",
    "SERVICES", "audit_record", "authorization", "build_headers", "canonical_json", "compress_and_encrypt", "decrypt",
    "decrypt_and_decompress", "find_timestamp", "is_sensitive_header", "lz_compress", "lz_decompress", "metadata",
    "payload_hash", "process_wrapper", "redact", "redact_endpoint", "result_number", "retry_decision",
    "service_from_url", "service_path", "signature", "status_object",
    "__version__", "_json_loads", "_native_timing",
]

# Seconds since the Unix epoch, as int or decimal str (the key uses the decimal text).
_Timestamp = int | str

_Text = str | bytes

class _Metadata(TypedDict):
    code: int | None
    message: str | None
    ok: bool

_ServiceName = Literal[
    "vclaim", "antreanrs", "antreanfktp", "pcare", "icare-fktp", "icare-fkrtl", "apotek", "aplicares"
]

DEFAULT_MAX_OUTPUT: int
"""Default output cap of the decoding functions, in UTF-16 code units (32 Mi)."""
DEFAULT_APP_CODE: str
PRODUCTION_HOST: str
DEVELOPMENT_HOST: str
SERVICES: tuple[str, ...]
ERROR_KINDS: tuple[str, ...]
MAX_WINDOW_SECS: int
"""The widest :func:`find_timestamp` window: one week, in seconds."""
__version__: str

def build_headers(
    service: _ServiceName | str,
    cons_id: str,
    secret: str,
    *,
    user_key: str | None = None,
    username: str | None = None,
    password: str | None = None,
    app_code: str | None = "095",
    timestamp: _Timestamp | None = None,
    method: str = "GET",
    content_type: str | None = None,
) -> dict[str, str]:
    """Every header the service needs, in order, including ``X-timestamp``.

    Raises ``ConfigError`` naming a missing credential, an unknown service or method.
    """

def signature(cons_id: str, secret: str, timestamp: _Timestamp) -> str:
    """``X-signature``: base64(HMAC-SHA256(secret, cons_id + "&" + timestamp))."""

def authorization(username: str, password: str, app_code: str | None = "095") -> str:
    """``X-authorization``: ``"Basic " + base64(username:password:app_code)``."""

def is_sensitive_header(name: str) -> bool:
    """Whether a header (any casing) carries a secret or a value derived from one; never log it."""

def service_path(service: _ServiceName | str, *, development: bool = False) -> str:
    """URL path of a service below the BPJS host, e.g. ``vclaim-rest``."""

def service_from_url(url: str) -> _ServiceName | None:
    """The service a configured base URL points at (production, development or legacy path), or None."""

def decrypt(key: str, ciphertext: _Text) -> str:
    """The AES layer only; ``key`` = cons_id + secret + timestamp. Returns lz-string text."""

def lz_decompress(text: _Text, *, max_output: int | None = None) -> str:
    """``LZString.decompressFromEncodedURIComponent``, with the decoding policy's errors."""

def lz_compress(text: str) -> str:
    """``LZString.compressToEncodedURIComponent``."""

def decrypt_and_decompress(
    cons_id: str, secret: str, timestamp: _Timestamp, ciphertext: _Text, *, max_output: int | None = None
) -> str:
    """Decrypt and decompress a ``response`` string; returns the text, not parsed."""

def process_wrapper(
    cons_id: str, secret: str, timestamp: _Timestamp, body: _Text, *, max_output: int | None = None
) -> Any:
    """``json.loads`` of the envelope with ``response`` decoded; ``str`` for a non-JSON body."""

def metadata(envelope: Any) -> _Metadata:
    """``{"code": int | None, "message": str | None, "ok": bool}`` of a parsed envelope or its JSON text."""

def status_object(envelope: Any) -> dict[str, Any] | None:
    """The envelope's ``metaData`` / ``metadata`` dict as sent (extra fields kept), or None."""

def find_timestamp(
    cons_id: str, secret: str, ciphertext: _Text, around: _Timestamp, *, window: int | None = 600
) -> str | None:
    """The timestamp whose key decrypts ``ciphertext``, searched ``window`` s around ``around``; None if none."""

def compress_and_encrypt(cons_id: str, secret: str, timestamp: _Timestamp, text: str) -> str:
    """What BPJS does to a response (for fixtures and tests)."""

# --- audit trail (docs/audit.md) ---------------------------------------------------

_Json = Any  # dict, list, tuple, str, int, float, bool or None (str keys, finite floats)

class _RedactOptions(TypedDict, total=False):
    secret_fields: list[str]
    identifier_fields: list[str]
    extra_secret_fields: list[str]
    extra_identifier_fields: list[str]
    keep_last: int
    secret_values: list[str]
    max_body_chars: int

class _Attempt(TypedDict, total=False):
    service: str | None
    method: str
    endpoint: str
    request_payload: _Json
    http_status: int | None
    response_body_raw: str | None
    decoded: _Json
    error_kind: str | None
    error_message: str | None
    transport_error: str | None
    duration_ms: int | None
    correlation_id: str
    triggered_by: str | None
    no_rawat: str | None

class _AuditRow(TypedDict):
    service: str | None
    method: str
    endpoint: str
    status: Literal["success", "failed"]
    http_status: int | None
    meta_code: int | None
    meta_message: str | None
    error_kind: str | None
    duration_ms: int
    request_payload: str | None
    response_body_raw: str | None
    response_body_json: str | None
    payload_hash: str | None
    correlation_id: str
    triggered_by: str | None
    no_rawat: str | None
    # What an accepted write registered (noKunjungan, noUrut, noSep); not a log column.
    result_number: str | None

class _RetryAttempt(TypedDict, total=False):
    http_status: int | None
    transport: Literal["timeout", "connection"] | None
    error_kind: str | None
    attempt: int
    method: str
    marked_safe: bool

class _RetryPolicy(TypedDict, total=False):
    max_attempts: int
    schedule_secs: list[int]

class _RetryDecision(TypedDict):
    retry: bool
    delay_secs: int
    reason: str

def audit_record(
    attempt: _Attempt | dict[str, Any], options: _RedactOptions | dict[str, Any] | None = None
) -> _AuditRow:
    """One redacted ``pcare_bpjs_log`` row for one attempt; ``ConfigError`` naming a wrong key."""

def redact(value: _Json, options: _RedactOptions | dict[str, Any] | None = None) -> Any:
    """A copy with secret fields replaced, identifiers masked and ``secret_values`` scrubbed."""

def redact_endpoint(endpoint: str, options: _RedactOptions | dict[str, Any] | None = None) -> str:
    """An endpoint as stored: identifiers in its path and query masked, secret parameters replaced."""

def result_number(decoded: _Json) -> str | None:
    """The number an accepted write registered (noKunjungan, noUrut, noSep), or None."""

def payload_hash(value: _Json) -> str:
    """Lower-case hex SHA-256 of :func:`canonical_json`."""

def canonical_json(value: _Json) -> str:
    """Keys sorted by UTF-16 code units, no whitespace, integral numbers without a fraction."""

def retry_decision(
    attempt: _RetryAttempt | dict[str, Any], policy: _RetryPolicy | dict[str, Any] | None = None
) -> _RetryDecision:
    """``{"retry", "delay_secs", "reason"}``: only timeouts, connection errors and 5xx, only GET unless marked safe."""

# Private: used by the test suite and `make bench`.
def _json_loads(text: str) -> Any: ...
def _native_timing(
    function: str, cons_id: str, secret: str, timestamp: str, data: str, iterations: int
) -> list[float]: ...
