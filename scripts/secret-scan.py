#!/usr/bin/env python3
"""Scans everything a test run produced for the credentials it ran with.

    secret-scan.py --since EPOCH --until EPOCH PATH...   exit 1 on any hit
    secret-scan.py --self-test                           plants every form, must find each

The canaries are the simulator's credentials (every end-to-end suite signs
with them) and every secret, password and user_key of the conformance
vectors (tests/vectors/vectors.json). Searched for, in every file under PATH (text or binary: SQLite
databases, MariaDB dumps, logs, captured stdout/stderr):

- the literal secret, password and user_key (and their URL-encoded forms);
- the X-authorization value (base64 of user:password:app_code);
- the X-signature and the derived AES key (SHA-256 of cons_id + secret +
  timestamp, as hex and base64) for every second of the run, give or take
  the simulator's 300 s window and a margin, and for each vector's own
  timestamp.

A hit prints the file, the offset and which canary (never the value).
"""

import argparse
import base64
import hashlib
import hmac
import json
import os
import pathlib
import re
import sqlite3
import sys
import tempfile
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parent.parent
SIM = {
    "cons_id": "31337",
    "secret": "simSecret2026",
    "user_key": "simUserKey0123456789",
    "username": "pcare.sim",
    "password": "SimPass!2026",
    "app_code": "095",
}
MARGIN_SECS = 900
# Shorter literals would match ordinary text.
MIN_LITERAL = 6

B64_TOKEN = re.compile(rb"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{43}=")
HEX_TOKEN = re.compile(rb"(?<![0-9a-fA-F])[0-9a-fA-F]{64}(?![0-9a-fA-F])")


def signature(cons_id, secret, timestamp):
    tag = hmac.new(secret.encode(), f"{cons_id}&{timestamp}".encode(), hashlib.sha256).digest()
    return base64.b64encode(tag).decode()


def derived_key(cons_id, secret, timestamp):
    return hashlib.sha256(f"{cons_id}{secret}{timestamp}".encode()).digest()


class Canaries:
    def __init__(self):
        self.literals = {}  # bytes -> label
        self.tokens = {}  # bytes -> label (44-char base64 or 64-char hex)

    def literal(self, value, label):
        if value and len(value) >= MIN_LITERAL:
            for form in {value, urllib.parse.quote(value, safe=""), urllib.parse.quote_plus(value)}:
                self.literals[form.encode()] = label

    def keyed(self, cons_id, secret, timestamp, label):
        key = derived_key(cons_id, secret, str(timestamp))
        self.tokens[base64.b64encode(key)] = f"{label} derived key (base64)"
        self.tokens[key.hex().encode()] = f"{label} derived key (hex)"
        self.tokens[key.hex().upper().encode()] = f"{label} derived key (HEX)"
        self.tokens[signature(cons_id, secret, str(timestamp)).encode()] = f"{label} signature"

    def credentials(self, creds, label, timestamps):
        for field in ("secret", "password", "user_key"):
            self.literal(creds.get(field), f"{label} {field}")
        if creds.get("username") and creds.get("password"):
            plain = f"{creds['username']}:{creds['password']}:{creds.get('app_code', '095')}"
            self.literal(base64.b64encode(plain.encode()).decode(), f"{label} X-authorization")
        if creds.get("cons_id") and creds.get("secret"):
            for ts in timestamps:
                self.keyed(creds["cons_id"], creds["secret"], ts, label)


def vector_credentials():
    """Every (cons_id, secret, timestamp, password, user_key) in the vectors."""
    found = []
    # audit.json is left out: its secrets are redaction examples ("[redacted]").
    for name in ("vectors.json",):
        path = ROOT / "tests" / "vectors" / name
        if not path.exists():
            continue
        stack = [json.loads(path.read_text(encoding="utf-8"))]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if any(k in item for k in ("secret", "password", "user_key")):
                    found.append(item)
                stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
    return found


def build(since, until):
    canaries = Canaries()
    window = range(int(since) - MARGIN_SECS, int(until) + MARGIN_SECS + 1)
    canaries.credentials(SIM, "simulator", window)
    for case in vector_credentials():
        ts = case.get("timestamp")
        creds = {k: case.get(k) for k in ("cons_id", "secret", "password", "user_key", "username", "app_code")}
        creds = {k: v for k, v in creds.items() if isinstance(v, str)}
        canaries.credentials(creds, f"vector {case.get('name', '?')}", [ts] if isinstance(ts, str) else [])
    return canaries


def scan_bytes(data, canaries):
    hits = []
    for literal, label in canaries.literals.items():
        at = data.find(literal)
        if at >= 0:
            hits.append((at, label))
    for pattern in (B64_TOKEN, HEX_TOKEN):
        for match in pattern.finditer(data):
            label = canaries.tokens.get(match.group(0))
            if label:
                hits.append((match.start(), label))
    return hits


def files_under(paths):
    for path in paths:
        path = pathlib.Path(path)
        if path.is_file():
            yield path
        elif path.is_dir():
            for root, _dirs, names in os.walk(path):
                for name in names:
                    file = pathlib.Path(root) / name
                    if file.is_file() and not file.is_symlink():
                        yield file


def scan(paths, canaries):
    total_files = total_bytes = 0
    hits = []
    for file in files_under(paths):
        try:
            data = file.read_bytes()
        except OSError:
            continue
        total_files += 1
        total_bytes += len(data)
        hits.extend((file, at, label) for at, label in scan_bytes(data, canaries))
    return total_files, total_bytes, hits


def self_test():
    """Plants each canary form in a text file and in a SQLite row; each must be found."""
    now = 1_790_000_000
    canaries = build(now, now)
    planted = {
        "secret": SIM["secret"],
        "password (URL-encoded)": urllib.parse.quote(SIM["password"], safe=""),
        "user_key": SIM["user_key"],
        "X-authorization": base64.b64encode(b"pcare.sim:SimPass!2026:095").decode(),
        "signature": signature(SIM["cons_id"], SIM["secret"], str(now + 120)),
        "derived key hex": derived_key(SIM["cons_id"], SIM["secret"], str(now - 300)).hex(),
        "derived key base64": base64.b64encode(derived_key(SIM["cons_id"], SIM["secret"], str(now))).decode(),
    }
    with tempfile.TemporaryDirectory() as tmp:
        for index, (what, value) in enumerate(planted.items()):
            text = pathlib.Path(tmp, f"out{index}.log")
            text.write_text(f'{{"header": "{value}", "note": "planted {what}"}}\n')
            db = pathlib.Path(tmp, f"db{index}.sqlite")
            with sqlite3.connect(db) as conn:
                conn.execute("CREATE TABLE log (body TEXT)")
                conn.execute("INSERT INTO log VALUES (?)", (f"x {value} y",))
            for file in (text, db):
                _files, _bytes, hits = scan([file], canaries)
                if not hits:
                    print(f"secret-scan self-test: planted {what} not found in {file.name}", file=sys.stderr)
                    return 1
        clean = pathlib.Path(tmp, "clean.log")
        clean.write_text("signature=[redacted] user_key=[redacted] 0123456789abcdef" * 10)
        if scan([clean], canaries)[2]:
            print("secret-scan self-test: false positive on clean text", file=sys.stderr)
            return 1
    print(f"secret-scan self-test: all {len(planted)} planted forms found, in text and in SQLite")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--since", type=int, help="start of the run (epoch seconds)")
    parser.add_argument("--until", type=int, help="end of the run (epoch seconds)")
    parser.add_argument("--self-test", action="store_true")
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    if args.since is None or args.until is None or not args.paths:
        parser.error("--since, --until and at least one PATH are required")
    canaries = build(args.since, args.until)
    files, size, hits = scan(args.paths, canaries)
    summary = (f"{files} files, {size / 1e6:.1f} MB, {len(canaries.literals)} literal and "
               f"{len(canaries.tokens)} derived canaries")
    if hits:
        for file, at, label in hits[:50]:
            print(f"secret-scan: {file}: offset {at}: {label}", file=sys.stderr)
        print(f"secret-scan: {len(hits)} hits in {summary}", file=sys.stderr)
        return 1
    print(f"secret-scan: no credential found in {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
