"""`make demo-python`: one signed request to the simulator with requests,
and its reply decoded by bpjs_codec. Needs BPJS_SIM_URL (make demo sets it).

The same code talks to BPJS itself: replace the base URL and the credentials.
"""

from __future__ import annotations

import json
import os
import sys
import time

import requests

import bpjs_codec

# bpjs-sim's default credentials (made up, for tests only).
CONS_ID, SECRET, USER_KEY = "31337", "simSecret2026", "simUserKey0123456789"


def main() -> int:
    base = os.environ.get("BPJS_SIM_URL")
    if not base:
        print("demo-python: BPJS_SIM_URL is not set (run make demo)", file=sys.stderr)
        return 1
    url = f"{base}/{bpjs_codec.service_path('vclaim')}/referensi/poli/INT"
    headers = bpjs_codec.build_headers("vclaim", CONS_ID, SECRET, user_key=USER_KEY)
    reply = requests.get(url, headers=headers, timeout=30)
    started = time.perf_counter()
    # Decrypt with the X-timestamp that was sent: one timestamp per request.
    envelope = bpjs_codec.process_wrapper(CONS_ID, SECRET, headers["X-timestamp"], reply.content)
    elapsed = (time.perf_counter() - started) * 1000
    status = bpjs_codec.metadata(envelope)
    print(f"python  GET {url} -> HTTP {reply.status_code}, code {status['code']} {status['message']!r}, "
          f"decoded in {elapsed:.2f} ms")
    print(f"python  response: {json.dumps(envelope['response'], ensure_ascii=False)[:200]}")
    return 0 if status["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
