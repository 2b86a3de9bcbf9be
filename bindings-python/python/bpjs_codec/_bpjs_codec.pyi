"""Type stubs of the native extension; import everything from ``bpjs_codec``."""

from typing import Any, Dict, List, Literal, Optional, Tuple, TypedDict, Union

__all__ = [
    "DEFAULT_APP_CODE", "DEFAULT_MAX_OUTPUT", "DEVELOPMENT_HOST", "ERROR_KINDS", "PRODUCTION_HOST", "SERVICES",
    "audit_record", "authorization", "build_headers", "canonical_json", "compress_and_encrypt", "decrypt",
    "decrypt_and_decompress", "lz_compress", "lz_decompress", "metadata", "payload_hash", "process_wrapper", "redact",
    "retry_decision", "service_from_url", "service_path", "signature",
    "__version__", "_json_loads", "_native_timing", "_status_object",
]

# Seconds since the Unix epoch, as int or decimal str (the key uses the decimal text).
_Timestamp = Union[int, str]

_Text = Union[str, bytes]

class _Metadata(TypedDict):
    code: Optional[int]
    message: Optional[str]
    ok: bool

_ServiceName = Literal[
    "vclaim", "antreanrs", "antreanfktp", "pcare", "icare-fktp", "icare-fkrtl", "apotek", "aplicares"
]

DEFAULT_MAX_OUTPUT: int
"""Default output cap of the decoding functions, in UTF-16 code units (32 Mi)."""
DEFAULT_APP_CODE: str
PRODUCTION_HOST: str
DEVELOPMENT_HOST: str
SERVICES: Tuple[str, ...]
ERROR_KINDS: Tuple[str, ...]
__version__: str

def build_headers(
    service: Union[_ServiceName, str],
    cons_id: str,
    secret: str,
    *,
    user_key: Optional[str] = None,
    username: Optional[str] = None,
    password: Optional[str] = None,
    app_code: Optional[str] = "095",
    timestamp: Optional[_Timestamp] = None,
    method: str = "GET",
    content_type: Optional[str] = None,
) -> Dict[str, str]:
    """Every header the service needs, in order, including ``X-timestamp``.

    Raises ``ConfigError`` naming a missing credential, an unknown service or method.
    """

def signature(cons_id: str, secret: str, timestamp: _Timestamp) -> str:
    """``X-signature``: base64(HMAC-SHA256(secret, cons_id + "&" + timestamp))."""

def authorization(username: str, password: str, app_code: Optional[str] = "095") -> str:
    """``X-authorization``: ``"Basic " + base64(username:password:app_code)``."""

def service_path(service: Union[_ServiceName, str], *, development: bool = False) -> str:
    """URL path of a service below the BPJS host, e.g. ``vclaim-rest``."""

def service_from_url(url: str) -> Optional[_ServiceName]:
    """The service a configured base URL points at (production, development or legacy path), or None."""

def decrypt(key: str, ciphertext: _Text) -> str:
    """The AES layer only; ``key`` = cons_id + secret + timestamp. Returns lz-string text."""

def lz_decompress(text: _Text, *, max_output: Optional[int] = None) -> str:
    """``LZString.decompressFromEncodedURIComponent``, with the decoding policy's errors."""

def lz_compress(text: str) -> str:
    """``LZString.compressToEncodedURIComponent``."""

def decrypt_and_decompress(
    cons_id: str, secret: str, timestamp: _Timestamp, ciphertext: _Text, *, max_output: Optional[int] = None
) -> str:
    """Decrypt and decompress a ``response`` string; returns the text, not parsed."""

def process_wrapper(
    cons_id: str, secret: str, timestamp: _Timestamp, body: _Text, *, max_output: Optional[int] = None
) -> Any:
    """``json.loads`` of the envelope with ``response`` decoded; ``str`` for a non-JSON body."""

def metadata(envelope: Any) -> _Metadata:
    """``{"code": int | None, "message": str | None, "ok": bool}`` of a parsed envelope or its JSON text."""

def compress_and_encrypt(cons_id: str, secret: str, timestamp: _Timestamp, text: str) -> str:
    """What BPJS does to a response (for fixtures and tests)."""

# --- audit trail (docs/audit.md) ---------------------------------------------------

_Json = Any  # dict, list, tuple, str, int, float, bool or None (str keys, finite floats)

class _RedactOptions(TypedDict, total=False):
    secret_fields: List[str]
    identifier_fields: List[str]
    extra_secret_fields: List[str]
    extra_identifier_fields: List[str]
    keep_last: int
    secret_values: List[str]
    max_body_chars: int

class _Attempt(TypedDict, total=False):
    service: Optional[str]
    method: str
    endpoint: str
    request_payload: _Json
    http_status: Optional[int]
    response_body_raw: Optional[str]
    decoded: _Json
    error_kind: Optional[str]
    error_message: Optional[str]
    transport_error: Optional[str]
    duration_ms: Optional[int]
    correlation_id: str
    triggered_by: Optional[str]
    no_rawat: Optional[str]

class _AuditRow(TypedDict):
    service: Optional[str]
    method: str
    endpoint: str
    status: Literal["success", "failed"]
    http_status: Optional[int]
    meta_code: Optional[int]
    meta_message: Optional[str]
    error_kind: Optional[str]
    duration_ms: int
    request_payload: Optional[str]
    response_body_raw: Optional[str]
    response_body_json: Optional[str]
    payload_hash: Optional[str]
    correlation_id: str
    triggered_by: Optional[str]
    no_rawat: Optional[str]
    # What an accepted write registered (noKunjungan, noUrut, noSep); not a log column.
    result_number: Optional[str]

class _RetryAttempt(TypedDict, total=False):
    http_status: Optional[int]
    transport: Optional[Literal["timeout", "connection"]]
    error_kind: Optional[str]
    attempt: int
    method: str
    marked_safe: bool

class _RetryPolicy(TypedDict, total=False):
    max_attempts: int
    schedule_secs: List[int]

class _RetryDecision(TypedDict):
    retry: bool
    delay_secs: int
    reason: str

def audit_record(attempt: Union[_Attempt, Dict[str, Any]], options: Optional[Union[_RedactOptions, Dict[str, Any]]] = None) -> _AuditRow:
    """One redacted ``pcare_bpjs_log`` row for one attempt; ``ConfigError`` naming a wrong key."""

def redact(value: _Json, options: Optional[Union[_RedactOptions, Dict[str, Any]]] = None) -> Any:
    """A copy with secret fields replaced, identifiers masked and ``secret_values`` scrubbed."""

def payload_hash(value: _Json) -> str:
    """Lower-case hex SHA-256 of :func:`canonical_json`."""

def canonical_json(value: _Json) -> str:
    """Keys sorted by UTF-16 code units, no whitespace, integral numbers without a fraction."""

def retry_decision(
    attempt: Union[_RetryAttempt, Dict[str, Any]], policy: Optional[Union[_RetryPolicy, Dict[str, Any]]] = None
) -> _RetryDecision:
    """``{"retry", "delay_secs", "reason"}``: only timeouts, connection errors and 5xx, only GET unless marked safe."""

# Private: used by the test suite and `make bench`.
def _json_loads(text: str) -> Any: ...
def _status_object(envelope: Any) -> Optional[Dict[str, Any]]: ...
def _native_timing(
    function: str, cons_id: str, secret: str, timestamp: str, data: str, iterations: int
) -> List[float]: ...
