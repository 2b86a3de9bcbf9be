"""Exceptions raised by bpjs_codec.

Every failure carries a machine-readable ``kind``, the same lower-case string
in every host of bpjs-codec (PHP, Node, Rust):

``base64``, ``cipher_length``, ``padding``, ``lz_empty``, ``lz_invalid_char``,
``lz_truncated``, ``lz_corrupt``, ``output_limit``, ``json``, ``config``.

Messages say what to check and never contain a secret, password, user_key,
signature, authorization value or derived key.
"""

from __future__ import annotations

__all__ = ["DecodeError", "ConfigError"]


class DecodeError(ValueError):
    """A BPJS response (or an argument) could not be decoded.

    ``kind`` tells what went wrong; ``padding`` almost always means a wrong
    cons_id, secret or timestamp (decrypt with the ``X-timestamp`` that was
    sent with the request).

    >>> import bpjs_codec
    >>> try:
    ...     bpjs_codec.lz_decompress("")
    ... except bpjs_codec.DecodeError as error:
    ...     print(error.kind)
    lz_empty
    """

    kind: str

    def __init__(self, message: str, kind: str = "unknown") -> None:
        super().__init__(message)
        self.kind = kind

    def __reduce__(self) -> tuple[type, tuple[str, str]]:  # keeps `kind` across pickling
        return (type(self), (str(self), self.kind))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(kind={self.kind!r}, message={str(self)!r})"


class ConfigError(DecodeError):
    """A required credential or argument is missing or malformed (kind ``config``).

    A subclass of :class:`DecodeError` (and so of ``ValueError``): code that
    catches ``DecodeError`` also sees configuration mistakes; the message
    names the field (``user_key: missing (required for service vclaim)``).
    """

    def __init__(self, message: str, kind: str = "config") -> None:
        super().__init__(message, kind)
