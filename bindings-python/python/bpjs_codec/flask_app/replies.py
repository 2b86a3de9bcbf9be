"""The replies of the Flask service: always ``{"metaData": {...}, "response": ...}``
JSON, with an HTTP status derived from the BPJS code the way flask-bpjs did,
minus its pitfalls (see :func:`http_status`)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Optional

from flask import Response

from bpjs_codec import status_object

# Codes whose HTTP status must not carry a body: answering with them would
# drop the envelope (PCare answers code 204 "NO_CONTENT" for an unknown card).
_BODYLESS = {204, 205, 304}

# What a failed decode most likely means, by kind.
_LIKELY_CAUSE = {
    "padding": "wrong cons id, secret or timestamp (check CONSID/SECRET or x-consid/x-secret; "
    "the reply is decrypted with the X-timestamp of this request)",
    "cipher_length": "the encrypted response was cut short or is not a BPJS ciphertext",
    "base64": "the response is not base64 ciphertext",
    "lz_empty": "the decrypted response is empty",
    "lz_invalid_char": "the decrypted response is not lz-string text (wrong key or damaged reply)",
    "lz_truncated": "the compressed response was cut short",
    "lz_corrupt": "the compressed response is damaged",
    "output_limit": "the response is larger than the configured limit (BPJS_MAX_OUTPUT)",
    "json": "the decrypted response is not JSON",
    "config": "missing or invalid credentials",
}


def envelope(code: Any, message: Any, response: Any = None, status: int = 200, **meta: Any) -> Response:
    body = {"metaData": {"code": code, "message": message, **meta}, "response": response}
    # Key order as BPJS sent it; non-ASCII kept readable.
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json")


def error(status: int, message: str, **meta: Any) -> Response:
    return envelope(status, message, None, status, **meta)


def decode_failure(kind: str, detail: str) -> Response:
    cause = _LIKELY_CAUSE.get(kind, "unexpected reply")
    return error(502, f"BPJS reply could not be decoded ({kind}): {cause}. Detail: {detail}", kind=kind)


def http_status(code: Optional[int], ok: bool, upstream_status: int) -> int:
    """HTTP status of a reply that carries a BPJS envelope.

    As flask-bpjs: the BPJS code itself, code 1 (and 200) read as 200, code 0
    as 400. Fixed: a code that cannot carry a body (204) becomes 200, a code
    that is not an HTTP status falls back to the upstream status, and an
    upstream 5xx is a 502 (bad gateway).
    """
    if upstream_status >= 500:
        return 502
    if ok:
        return 200
    if code == 0:
        return 400
    if code is None or not 200 <= code <= 599:
        return upstream_status if upstream_status >= 400 else 400
    if code in _BODYLESS:
        return 200
    return code


_TAGS = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def snippet(text: str, limit: int = 200) -> str:
    """What a non-JSON reply is, safe to show: the ``<title>`` of an HTML
    page (an nginx or gateway error page), else only its size. A plain-text
    reply may be patient data (a name, a card number): it is never quoted."""
    title = re.search(r"<title[^>]*>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
    if title is None:
        return f"a plain-text reply of {len(text.encode('utf-8', 'surrogatepass'))} bytes"
    plain = _SPACE.sub(" ", _TAGS.sub(" ", title.group(1))).strip()
    return plain if len(plain) <= limit else plain[: limit - 1] + "…"


def meta_of(envelope_obj: Mapping[str, Any]) -> dict:
    """The envelope's own ``metaData``/``metadata`` object (values as BPJS sent them)."""
    return status_object(envelope_obj) or {}
