"""Tiny misbehaving "BPJS" servers for the Flask service's limit and SSRF
tests, on 127.0.0.1 port 0, each in its own thread: one that only counts the
connections it gets, one that drips its reply, one that sends 100 MB, one that
sends a decompression bomb. They speak just enough HTTP/1.1 for requests."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from typing import Callable

import bpjs_codec
from conftest import SIM

MIB = 1024 * 1024


class LocalUpstream:
    """A listening socket whose every connection is handed to ``serve``."""

    def __init__(self, serve: Callable[[socket.socket, LocalUpstream], None]) -> None:
        self._serve = serve
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.connections = 0
        self.bytes_sent = 0
        self.closed_early = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        self.listener.settimeout(0.2)
        while not self._stop.is_set():
            try:
                connection, _ = self.listener.accept()
            except (socket.timeout, OSError):
                continue
            self.connections += 1
            threading.Thread(target=self._handle, args=(connection,), daemon=True).start()

    def _handle(self, connection: socket.socket) -> None:
        with connection:
            try:
                self._serve(connection, self)
            except OSError:  # the client went away: what the limits are for
                self.closed_early = True

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.listener.close()


@contextlib.contextmanager
def local_upstream(serve: Callable[[socket.socket, LocalUpstream], None]) -> Iterator[LocalUpstream]:
    upstream = LocalUpstream(serve)
    try:
        yield upstream
    finally:
        upstream.close()


def read_request(connection: socket.socket) -> dict:
    """The request's headers (lower-case names); the body is not needed."""
    connection.settimeout(30)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            break
        data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    headers = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return headers


def count_only(connection: socket.socket, upstream: LocalUpstream) -> None:
    """Accepts and closes: a service the proxy must never have reached."""


def drip_body(seconds: float = 60.0, every: float = 0.1) -> Callable:
    """Headers at once, then the body a byte at a time (each read comes well
    within any read timeout, so only a total deadline ends it)."""

    def serve(connection: socket.socket, upstream: LocalUpstream) -> None:
        read_request(connection)
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
        ends = time.monotonic() + seconds
        while time.monotonic() < ends:
            connection.sendall(b" ")
            upstream.bytes_sent += 1
            time.sleep(every)

    return serve


def drip_headers(seconds: float = 60.0, every: float = 0.1) -> Callable:
    """The status line, then one header a byte at a time."""

    def serve(connection: socket.socket, upstream: LocalUpstream) -> None:
        read_request(connection)
        connection.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        ends = time.monotonic() + seconds
        while time.monotonic() < ends:
            connection.sendall(b"a")
            upstream.bytes_sent += 1
            time.sleep(every)

    return serve


def huge(total: int = 100 * MIB, declare: bool = False) -> Callable:
    """``total`` bytes of reply, chunked (no length known in advance) or with
    its Content-Length declared."""

    def serve(connection: socket.socket, upstream: LocalUpstream) -> None:
        read_request(connection)
        block = b"a" * (64 * 1024)
        if declare:
            connection.sendall(f"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {total}\r\n\r\n"
                               .encode())
        else:
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n")
        sent = 0
        while sent < total:
            if declare:
                connection.sendall(block)
            else:
                connection.sendall(b"%x\r\n%s\r\n" % (len(block), block))
            sent += len(block)
            upstream.bytes_sent = sent
        if not declare:
            connection.sendall(b"0\r\n\r\n")

    return serve


def bomb(timestamp: str, units: int = 9 * MIB, cons_id: str = SIM["cons_id"], secret: str = SIM["secret"]) -> Callable:
    """A VClaim envelope whose ``response`` is a few KB of ciphertext that
    decompresses to ``units`` characters, encrypted for ``timestamp`` (the
    measuring process sends that X-timestamp: compressing megabytes takes
    seconds, too long to do for each request's own)."""
    made: dict = {}
    lock = threading.Lock()

    def serve(connection: socket.socket, upstream: LocalUpstream) -> None:
        read_request(connection)
        with lock:
            if "body" not in made:
                text = '{"list":"' + "A" * units + '"}'
                cipher = bpjs_codec.compress_and_encrypt(cons_id, secret, timestamp, text)
                made["body"] = ('{"metaData":{"code":"200","message":"Sukses"},"response":"' + cipher + '"}').encode()
        body = made["body"]
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                           % (len(body), body))
        upstream.bytes_sent = len(body)

    return serve


def wait_for(condition: Callable[[], bool], seconds: float = 5.0) -> bool:
    """Polls ``condition`` (never a timing assertion: a bounded wait)."""
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        if condition():
            return True
        time.sleep(0.05)
    return condition()
