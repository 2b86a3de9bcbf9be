"""Soak: valgrind's leak check over a few hundred decodes through the
extension (PYTHONMALLOC=malloc, so every Python allocation is visible).
Passes when no "definitely lost" block was allocated from our module.

    python soak_valgrind.py --out $SOAK_DIR/python-valgrind.txt [--iterations 300]"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

WORKLOAD = r"""
import json, bpjs_codec
CONS_ID, SECRET, TS = "31337", "simSecret2026", 1732406400
doc = json.dumps({"list": [{"kdDiag": f"A{i:02d}.0", "nmDiag": "Demam tifoid \u00fc", "nonSpesialis": True}
                           for i in range(60)]})
ct = bpjs_codec.compress_and_encrypt(CONS_ID, SECRET, TS, doc)
body = json.dumps({"metaData": {"code": "200", "message": "OK"}, "response": ct})
for i in range(ITERATIONS):
    envelope = bpjs_codec.process_wrapper(CONS_ID, SECRET, TS, body)
    assert bpjs_codec.decrypt_and_decompress(CONS_ID, SECRET, TS, ct) == doc
    for bad in (lambda: bpjs_codec.process_wrapper(CONS_ID, SECRET, TS + 1, body),
                lambda: bpjs_codec.lz_decompress("abc!"), lambda: bpjs_codec.signature("", SECRET, "x"),
                lambda: bpjs_codec.canonical_json({1: 2})):
        try:
            bad()
        except bpjs_codec.DecodeError:
            pass
    bpjs_codec.build_headers("pcare", CONS_ID, SECRET, user_key="uk12", username="u", password="p", timestamp=TS)
    bpjs_codec.metadata(envelope)
    row = bpjs_codec.audit_record({"service": "pcare", "method": "POST", "endpoint": "kunjungan",
                                   "request_payload": {"noKartu": "0001234567890", "x": [1.5, None]},
                                   "http_status": 200, "decoded": envelope, "correlation_id": str(i)},
                                  {"secret_values": [SECRET]})
    bpjs_codec.retry_decision({"http_status": 503, "attempt": 1, "method": "GET"})
print("workload done")
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--iterations", type=int, default=300)
    args = parser.parse_args()
    valgrind = shutil.which("valgrind")
    if not valgrind:
        print("valgrind not installed (Debian package valgrind)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "valgrind.log")
        env = dict(os.environ, PYTHONMALLOC="malloc")
        done = subprocess.run(
            [valgrind, "--leak-check=full", "--show-leak-kinds=definite", "--errors-for-leak-kinds=definite",
             "--num-callers=40", f"--log-file={log}", sys.executable, "-c",
             WORKLOAD.replace("ITERATIONS", str(args.iterations))],
            env=env, capture_output=True, text=True, timeout=3600)
        text = open(log).read()
    summary = {kind: re.search(rf"{kind}: ([\d,]+) bytes in ([\d,]+) blocks", text)
               for kind in ("definitely lost", "indirectly lost", "possibly lost", "still reachable")}
    records = re.split(r"\n==\d+== \n", text)
    ours = [r for r in records if "definitely lost in loss record" in r and "bpjs_codec" in r]
    # Memory errors (uninitialised reads, invalid accesses) with a frame in our module.
    our_errors = [r for r in records if "bpjs_codec" in r and "lost in loss record" not in r
                  and re.search(r"(Invalid|uninitialised|Mismatched|free)", r)]
    errors = re.search(r"ERROR SUMMARY: (\d+) errors", text)
    lines = [
        f"python valgrind: {args.iterations} iterations of process_wrapper, decrypt_and_decompress, four error "
        "paths, build_headers, metadata, audit_record and retry_decision; PYTHONMALLOC=malloc",
        f"workload: {'ok' if 'workload done' in done.stdout else 'FAILED: ' + done.stderr[-500:]}",
    ]
    for kind, found in summary.items():
        lines.append(f"{kind}: " + (f"{found.group(1)} bytes in {found.group(2)} blocks" if found else "0 bytes"))
    lines.append(f"valgrind errors in the whole process (CPython's own start-up reads included): "
                 f"{errors.group(1) if errors else '?'}")
    lines.append(f"memory errors with a frame in bpjs_codec: {len(our_errors)}")
    lines.append(f"definite leaks allocated from bpjs_codec: {len(ours)}")
    ok = "workload done" in done.stdout and not ours and not our_errors
    lines.append("verdict: " + ("pass" if ok else "FAIL"))
    for record in (ours + our_errors)[:2]:
        lines.append("record:\n" + record[:3000])
    result = "\n".join(lines) + "\n"
    with open(args.out, "w") as out:
        out.write(result)
    print(result, end="")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
