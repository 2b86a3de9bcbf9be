"""Type stubs of the native extension; import everything from ``bpjs_codec``."""

from typing import Any, Dict, List, Literal, Optional, Tuple, TypedDict, Union

__all__ = [
    "DEFAULT_APP_CODE", "DEFAULT_MAX_OUTPUT", "DEVELOPMENT_HOST", "ERROR_KINDS", "PRODUCTION_HOST", "SERVICES",
    "authorization", "build_headers", "compress_and_encrypt", "decrypt", "decrypt_and_decompress", "lz_compress",
    "lz_decompress", "metadata", "process_wrapper", "service_from_url", "service_path", "signature",
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

# Private: used by the test suite and `make bench`.
def _json_loads(text: str) -> Any: ...
def _status_object(envelope: Any) -> Optional[Dict[str, Any]]: ...
def _native_timing(
    function: str, cons_id: str, secret: str, timestamp: str, data: str, iterations: int
) -> List[float]: ...
