"""bpjs_codec: sign BPJS Kesehatan API requests and decode their responses.

One Rust core (the same one behind the PHP extension and the npm package)
does the work; this package converts Python values and raises Python
exceptions. HTTP stays yours (``requests``, ``httpx``)::

    import requests
    import bpjs_codec

    headers = bpjs_codec.build_headers(
        "vclaim", cons_id, secret, user_key=user_key)
    reply = requests.get(f"{base_url}/referensi/poli/INT", headers=headers, timeout=30)
    envelope = bpjs_codec.process_wrapper(
        cons_id, secret, headers["X-timestamp"], reply.text)
    status = bpjs_codec.metadata(envelope)   # {'code': 200, 'message': 'OK', 'ok': True}

Always decrypt with the ``X-timestamp`` that was sent with the request.
Decoding releases the GIL, so threads of a web worker decode in parallel.
Failures raise :class:`DecodeError` (a ``ValueError``) with ``.kind``;
missing credentials raise its subclass :class:`ConfigError` (kind ``config``).

:func:`find_timestamp` finds the timestamp a captured reply was encrypted
with; :func:`is_sensitive_header` says which headers never to log.

The audit trail (docs/audit.md): :func:`audit_record` builds one redacted
log row per attempt, :func:`redact` removes secrets and masks patient
identifiers, :func:`redact_endpoint` masks them in an endpoint,
:func:`result_number` reads what an accepted write registered,
:func:`payload_hash` / :func:`canonical_json` recognise the same
payload across resends, :func:`retry_decision` says whether to try again.

A drop-in Flask proxy service (the flask-bpjs contract) is in
:mod:`bpjs_codec.flask_app`.
"""

from __future__ import annotations

from bpjs_codec._bpjs_codec import (
    DEFAULT_APP_CODE,
    DEFAULT_MAX_OUTPUT,
    DEVELOPMENT_HOST,
    ERROR_KINDS,
    MAX_WINDOW_SECS,
    PRODUCTION_HOST,
    SERVICES,
    __version__,
    audit_record,
    authorization,
    build_headers,
    canonical_json,
    compress_and_encrypt,
    decrypt,
    decrypt_and_decompress,
    find_timestamp,
    is_sensitive_header,
    lz_compress,
    lz_decompress,
    metadata,
    payload_hash,
    process_wrapper,
    redact,
    redact_endpoint,
    result_number,
    retry_decision,
    service_from_url,
    service_path,
    signature,
    status_object,
)
from bpjs_codec._errors import ConfigError, DecodeError

__all__ = [
    "ConfigError",
    "DecodeError",
    "DEFAULT_APP_CODE",
    "DEFAULT_MAX_OUTPUT",
    "DEVELOPMENT_HOST",
    "ERROR_KINDS",
    "MAX_WINDOW_SECS",
    "PRODUCTION_HOST",
    "SERVICES",
    "__version__",
    "audit_record",
    "authorization",
    "build_headers",
    "canonical_json",
    "compress_and_encrypt",
    "decrypt",
    "decrypt_and_decompress",
    "find_timestamp",
    "is_sensitive_header",
    "lz_compress",
    "lz_decompress",
    "metadata",
    "payload_hash",
    "process_wrapper",
    "redact",
    "redact_endpoint",
    "result_number",
    "retry_decision",
    "service_from_url",
    "service_path",
    "signature",
    "status_object",
]
