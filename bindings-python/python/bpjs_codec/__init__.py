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
with; :func:`is_ciphertext` is the core's rule for which ``response``
strings are encrypted (the rest pass through); :func:`is_sensitive_header` says which headers never to log.

The audit trail (docs/audit.md): :func:`audit_record` builds one redacted
log row per attempt, :func:`redact` removes secrets and masks patient
identifiers, :func:`redact_endpoint` masks them in an endpoint,
:func:`result_number` / :func:`logged_result_number` read what an accepted
write registered, :func:`payload_hash` (keyed: :func:`derive_hash_key`) and
:func:`canonical_json` recognise the same payload across resends,
:func:`retry_decision` says whether to try again, and :func:`send_state`,
:func:`resend_plan`, :func:`resend_outcome` and :func:`stale_limits` are the
send-state and resend rules (the host keeps only SQL, locks and HTTP).

The endpoint catalogue (docs/catalogue.md): :func:`catalogue` lists every
endpoint, :func:`request` builds one (method, URL, body, headers)::

    r = bpjs_codec.request("vclaim", "peserta.nik",
                           {"nik": nik, "tgl_sep": "2026-12-05"},
                           credentials={"cons_id": cons_id, "secret": secret, "user_key": user_key})
    reply = requests.request(r["method"], r["url"], headers=r["headers"], data=r["body"], timeout=30)
    envelope = bpjs_codec.process_wrapper(cons_id, secret, r["headers"]["X-timestamp"], reply.text)

eRekam Medis (docs/erm.md): :func:`build_medical_record_request` builds the
insert body with its encrypted ``dataMR``; :func:`encrypt_medical_record` /
:func:`decrypt_medical_record` are the ``dataMR`` layer alone.

A drop-in Flask proxy service (the flask-bpjs contract) is in
:mod:`bpjs_codec.flask_app`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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
    build_medical_record_request,
    canonical_json,
    catalogue,
    compress_and_encrypt,
    decrypt,
    decrypt_and_decompress,
    decrypt_medical_record,
    derive_hash_key,
    encrypt_medical_record,
    find_timestamp,
    is_ciphertext,
    is_sensitive_header,
    logged_result_number,
    lz_compress,
    lz_decompress,
    metadata,
    payload_hash,
    process_wrapper,
    redact,
    redact_endpoint,
    request,
    resend_outcome,
    resend_plan,
    result_number,
    retry_decision,
    send_state,
    service_from_url,
    service_path,
    signature,
    stale_limits,
    status_object,
)
from bpjs_codec._errors import ConfigError, DecodeError

if TYPE_CHECKING:
    # Type checkers only: the endpoint names of the catalogue, per service
    # (``request("vclaim", "peserta.nik")``; a typo fails the type check).
    from bpjs_codec._bpjs_codec import AntreanfktpEndpoint as AntreanfktpEndpoint
    from bpjs_codec._bpjs_codec import AntreanrsEndpoint as AntreanrsEndpoint
    from bpjs_codec._bpjs_codec import AplicaresEndpoint as AplicaresEndpoint
    from bpjs_codec._bpjs_codec import ApotekEndpoint as ApotekEndpoint
    from bpjs_codec._bpjs_codec import EndpointName as EndpointName
    from bpjs_codec._bpjs_codec import IcareFkrtlEndpoint as IcareFkrtlEndpoint
    from bpjs_codec._bpjs_codec import IcareFktpEndpoint as IcareFktpEndpoint
    from bpjs_codec._bpjs_codec import PcareEndpoint as PcareEndpoint
    from bpjs_codec._bpjs_codec import VclaimEndpoint as VclaimEndpoint

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
    "build_medical_record_request",
    "canonical_json",
    "catalogue",
    "compress_and_encrypt",
    "decrypt",
    "decrypt_and_decompress",
    "decrypt_medical_record",
    "derive_hash_key",
    "encrypt_medical_record",
    "find_timestamp",
    "is_ciphertext",
    "is_sensitive_header",
    "logged_result_number",
    "lz_compress",
    "lz_decompress",
    "metadata",
    "payload_hash",
    "process_wrapper",
    "redact",
    "redact_endpoint",
    "request",
    "resend_outcome",
    "resend_plan",
    "result_number",
    "retry_decision",
    "send_state",
    "service_from_url",
    "service_path",
    "signature",
    "stale_limits",
    "status_object",
]
