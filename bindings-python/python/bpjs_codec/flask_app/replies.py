"""The replies of the Flask service: always ``{"metaData": {...}, "response": ...}``
JSON, with an HTTP status derived from the BPJS code the way flask-bpjs did,
minus its pitfalls (see :func:`http_status`)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Optional

from flask import Response

import bpjs_codec
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
    "output_limit": "the response is larger than the configured limits (BPJS_MAX_OUTPUT decoded size, "
    "BPJS_MAX_JSON_VALUES values of a plain JSON reply)",
    "json": "the decrypted response is not JSON",
    "config": "missing or invalid credentials",
}


def envelope(code: Any, message: Any, response: Any = None, status: int = 200, **meta: Any) -> Response:
    body = {"metaData": {"code": code, "message": message, **meta}, "response": response}
    # Key order as BPJS sent it; non-ASCII kept readable.
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json")


def error(status: int, message: str, **meta: Any) -> Response:
    return envelope(status, message, None, status, **meta)


def decode_failure(kind: str) -> Response:
    """A reply that could not be decoded: its kind and likely cause (the
    core's detail can name offsets of the decrypted text: it goes to no one)."""
    cause = _LIKELY_CAUSE.get(kind, "unexpected reply")
    return error(502, f"BPJS reply could not be decoded ({kind}): {cause}", kind=kind)


def _as_int(code: Any) -> Optional[int]:
    if isinstance(code, bool):
        return None
    if isinstance(code, int):
        return code
    if isinstance(code, str) and code.strip().lstrip("-").isdigit():
        return int(code.strip())
    return None


def http_status(code: Any, upstream_status: int) -> int:
    """HTTP status of a reply that carries a BPJS envelope, by flask-bpjs's
    rule: the code itself (``"201"`` is 201), 1 is 200, 0 is 400. Fixed: a
    code that cannot carry a body (PCare's 204) is 200, and a code that is
    not an HTTP status falls back to the upstream status (a 2xx to 200).

    >>> [http_status(c, 200) for c in ("200", 1, 0, "201", 204, "OK")]
    [200, 200, 400, 201, 200, 200]
    >>> http_status("500", 500), http_status(None, 503)
    (500, 503)
    """
    number = _as_int(code)
    if number == 1:
        return 200
    if number == 0:
        return 400
    if number is None or not 200 <= number <= 599:
        return upstream_status if upstream_status >= 300 else 200
    if number in _BODYLESS:
        return 200
    return number


def answer(decoded: Any, upstream_status: int) -> Response:
    """The reply to the client: BPJS's ``metaData`` values exactly as sent
    (code type included, extra keys such as Aplicares' ``totalitems`` kept),
    ``response`` decoded."""
    if upstream_status == 404:
        return error(404, "URL tidak ditemukan")
    if isinstance(decoded, str):  # not JSON: a gateway page, a plain-text answer
        if upstream_status >= 300:
            return error(upstream_status, snippet(decoded))
        return envelope(upstream_status, "OK (plain text reply)", decoded, 200)
    meta = meta_of(decoded) if isinstance(decoded, dict) else {}
    if not meta:  # JSON, but not an envelope
        status = 200 if upstream_status < 300 else upstream_status
        return envelope(upstream_status, "OK" if status == 200 else "error", decoded, status)
    code = meta.get("code", meta.get("Code"))
    message = meta.get("message", meta.get("Message"))
    extra = {k: v for k, v in meta.items() if k.lower() not in ("code", "message")}
    return envelope(code, message, decoded.get("response"), http_status(code, upstream_status), **extra)


def change_log() -> list:
    """``GET /change_log``: this service's own notes, in flask-bpjs's shape."""
    return [{
        "versi": bpjs_codec.__version__,
        "catatan": [
            "Pengganti flask-bpjs berbasis bpjs-codec: kontrak POST / yang sama.",
            "Perbedaan yang disengaja: bindings-python/README.md, bagian 'Differences from flask-bpjs'.",
        ],
    }]


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
