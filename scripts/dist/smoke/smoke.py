"""Smoke test of an installed bpjs-codec wheel (make test-dist): one signed
VClaim request to bpjs-sim with the standard library only, its reply
decoded; the wrong secret must fail to decode.

Usage: python smoke.py SIM_URL EXPECTED_VERSION
"""

import sys
import urllib.request

import bpjs_codec

# bpjs-sim's made-up default credentials.
CONS_ID, SECRET, USER_KEY = "31337", "simSecret2026", "simUserKey0123456789"


def main() -> int:
    base, version = sys.argv[1], sys.argv[2]
    assert bpjs_codec.__version__ == version, (bpjs_codec.__version__, version)
    url = f"{base}/{bpjs_codec.service_path('vclaim')}/referensi/poli/INT"
    headers = bpjs_codec.build_headers("vclaim", CONS_ID, SECRET, user_key=USER_KEY)
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as reply:
        body = reply.read()
    envelope = bpjs_codec.process_wrapper(CONS_ID, SECRET, headers["X-timestamp"], body)
    status = bpjs_codec.metadata(envelope)
    assert status["ok"], status
    assert envelope["response"]["poli"][0]["nama"] == "PENYAKIT DALAM", "unexpected poli list"
    try:
        bpjs_codec.process_wrapper(CONS_ID, "not-the-secret", headers["X-timestamp"], body)
    except bpjs_codec.DecodeError as error:
        wrong_key = error.kind
    else:
        raise AssertionError("a wrong secret decoded")
    print(f"python: bpjs_codec {bpjs_codec.__version__} on Python {sys.version.split()[0]}: "
          f"VClaim poli decoded, wrong secret -> {wrong_key}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
