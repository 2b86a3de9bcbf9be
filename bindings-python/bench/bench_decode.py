"""`make bench-python`: bpjs_codec against the stack flask-bpjs uses today
(PyPI lzstring + pycryptodome) and against the native core, on the ~1 MB
conformance vector, in one run. Prints numbers; asserts nothing about speed.

The flask-bpjs path is its own decrypt_data(): SHA-256 key, AES-256-CBC with
pycryptodome, lzstring.decompressFromEncodedURIComponent, json.loads.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import pathlib
import statistics
import sys
import time

import bpjs_codec
from bpjs_codec import _bpjs_codec as native

ROOT = pathlib.Path(__file__).resolve().parents[2]


def large_vector() -> dict:
    path = pathlib.Path(os.environ.get("BPJS_VECTORS") or ROOT / "tests" / "vectors" / "vectors.json")
    cases = json.loads(path.read_text(encoding="utf-8"))["decode"]
    return max(cases, key=lambda c: len(c.get("text", "")))


def timed(call, repeat: int) -> list:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return times


def summary(times: list) -> str:
    return f"min {min(times) * 1e3:9.2f} ms   median {statistics.median(times) * 1e3:9.2f} ms   (n={len(times)})"


def main() -> int:
    try:
        import lzstring
        from Crypto.Cipher import AES
    except ImportError as error:
        print(f"bench-python: {error.name} missing; install bindings-python/requirements-dev.txt", file=sys.stderr)
        return 1

    case = large_vector()
    cons_id, secret, ts, ciphertext = case["cons_id"], case["secret"], case["timestamp"], case["ciphertext"]
    body = json.dumps({"metaData": {"code": "200", "message": "OK"}, "response": ciphertext})
    print(f"vector {case['name']}: ciphertext {len(ciphertext):,} B, decoded text {len(case['text'].encode()):,} B")

    # --- flask-bpjs today --------------------------------------------------------
    def flask_bpjs_text(encrypted: str) -> str:
        key_hash = hashlib.sha256((cons_id + secret + ts).encode("utf-8")).digest()
        decryptor = AES.new(key_hash[0:32], AES.MODE_CBC, IV=key_hash[0:16])
        plain = decryptor.decrypt(base64.b64decode(encrypted))
        return lzstring.LZString().decompressFromEncodedURIComponent(plain.decode("utf-8"))

    def flask_bpjs_envelope() -> dict:
        envelope = json.loads(body)
        envelope["response"] = json.loads(flask_bpjs_text(envelope["response"]))
        return envelope

    slow_repeat = int(os.environ.get("BENCH_SLOW_REPEAT", "3"))
    fast_repeat = int(os.environ.get("BENCH_REPEAT", "60"))

    old_text = flask_bpjs_text(ciphertext)
    ours_text = bpjs_codec.decrypt_and_decompress(cons_id, secret, ts, ciphertext)
    assert ours_text == case["text"]
    same = "same text" if old_text == ours_text else "DIFFERENT text (PyPI lzstring mangles some input)"
    print(f"flask-bpjs stack output vs bpjs_codec: {same}\n")

    results = {}
    print("decrypt_and_decompress (ciphertext -> str)")
    results["old_text"] = timed(lambda: flask_bpjs_text(ciphertext), slow_repeat)
    results["text"] = timed(lambda: bpjs_codec.decrypt_and_decompress(cons_id, secret, ts, ciphertext), fast_repeat)
    results["native_text"] = native._native_timing(
        "decrypt_and_decompress", cons_id, secret, ts, ciphertext, fast_repeat)
    print(f"  lzstring + pycryptodome  {summary(results['old_text'])}")
    print(f"  bpjs_codec (Python)      {summary(results['text'])}")
    print(f"  core, native             {summary(results['native_text'])}")

    print("\nprocess_wrapper (reply body -> Python objects)")
    results["old_envelope"] = timed(flask_bpjs_envelope, slow_repeat)
    results["envelope"] = timed(lambda: bpjs_codec.process_wrapper(cons_id, secret, ts, body), fast_repeat)
    results["native_envelope"] = native._native_timing("process_wrapper", cons_id, secret, ts, body, fast_repeat)
    results["native_value"] = native._native_timing("process_wrapper+value", cons_id, secret, ts, body, fast_repeat)
    print(f"  flask-bpjs decrypt_data  {summary(results['old_envelope'])}")
    print(f"  bpjs_codec (Python)      {summary(results['envelope'])}")
    print(f"  core, native, text out   {summary(results['native_envelope'])}")
    print(f"  core, native, + serde_json::Value tree {summary(results['native_value'])}")

    # How process_wrapper builds its objects: json.loads of the spliced text,
    # or objects built in Rust from it (what it does).
    envelope_text = json.dumps(bpjs_codec.process_wrapper(cons_id, secret, ts, body), separators=(",", ":"),
                               ensure_ascii=False)
    results["json_loads"] = timed(lambda: json.loads(envelope_text), fast_repeat)
    results["rust_loads"] = timed(lambda: native._json_loads(envelope_text), fast_repeat)
    assert native._json_loads(envelope_text) == json.loads(envelope_text)
    print("\nbuilding the Python objects of the decoded envelope (same text)")
    print(f"  json.loads               {summary(results['json_loads'])}")
    print(f"  built in Rust (used)     {summary(results['rust_loads'])}")

    best = {name: min(times) for name, times in results.items()}
    print("\nratios (min times)")
    print(f"  decrypt_and_decompress: {best['old_text'] / best['text']:8.1f}x faster than lzstring + pycryptodome")
    speedup = best["old_envelope"] / best["envelope"]
    print(f"  process_wrapper:        {speedup:8.1f}x faster than flask-bpjs decrypt_data")
    print(f"  decrypt_and_decompress binding overhead over the native core: "
          f"{(best['text'] / best['native_text'] - 1) * 100:+.1f}%")
    print(f"  process_wrapper over the native core (text out):              "
          f"{(best['envelope'] / best['native_envelope'] - 1) * 100:+.1f}%  (includes building the Python objects)")
    print(f"  process_wrapper over the native core + serde_json::Value:     "
          f"{(best['envelope'] / best['native_value'] - 1) * 100:+.1f}%")
    print(f"  objects built in Rust vs json.loads: {best['json_loads'] / best['rust_loads']:.2f}x faster")
    return 0


if __name__ == "__main__":
    sys.exit(main())
