"""Soak: 100,000 decodes of a realistic BPJS reply in one process, resident
memory sampled every 10,000. Flat memory (the last sample within a few MB of
the first, after warm-up) means nothing accumulates per call.

    python soak_decode.py --out $SOAK_DIR/python-decode.txt [--iterations 100000]

Exits 1 when memory grows by more than --max-growth-mb (default 8)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import bpjs_codec

CONS_ID, SECRET, TS = "31337", "simSecret2026", 1732406400


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        resident_pages = int(statm.read().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def realistic_reply() -> str:
    """A PCare-style envelope: a participant and a page of 100 diagnoses (~12 kB decoded)."""
    document = {
        "peserta": {
            "noKartu": "0001234567890", "nama": "BUDI SIMULASI", "hubunganKeluarga": "Peserta", "sex": "L",
            "tglLahir": "17-05-1980", "kdProviderPst": {"kdProvider": "0114U001", "nmProvider": "PUSKESMAS SIMULASI"},
            "jnsKelas": {"nama": "KELAS III", "kode": "3"}, "aktif": True, "ketAktif": "AKTIF", "tunggakan": 0,
        },
        "count": 100,
        "list": [{"kdDiag": f"A{i // 10:02d}.{i % 10}", "nmDiag": f"Demam tifoid dengan komplikasi jenis {i} — ü",
                  "nonSpesialis": i % 3 == 0} for i in range(100)],
    }
    ciphertext = bpjs_codec.compress_and_encrypt(CONS_ID, SECRET, TS, json.dumps(document, ensure_ascii=False))
    return json.dumps({"response": ciphertext, "metaData": {"message": "OK", "code": 200}})


# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec.
BOMB = r"""
import json, sys
import bpjs_codec
def peak_kib():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
mode, data, cap = sys.argv[1], open(sys.argv[2]).read(), int(sys.argv[3])
before = peak_kib()
try:
    if mode == "lz_decompress":
        bpjs_codec.lz_decompress(data, max_output=cap)
    else:
        bpjs_codec.process_wrapper("%s", "%s", %d, '{"response":"' + data + '"}', max_output=cap)
    kind = None
except bpjs_codec.DecodeError as error:
    kind = error.kind
print(json.dumps([kind, (peak_kib() - before) * 1024]))
""" % (CONS_ID, SECRET, TS)  # noqa: UP031 (a script template: its JSON braces would need doubling)


def bomb_figures() -> list:
    """Peak RSS growth of a capped decompression bomb, in a fresh process."""
    import subprocess
    import tempfile

    cap = 2 * 1024 * 1024
    ciphertext = bpjs_codec.compress_and_encrypt(CONS_ID, SECRET, TS, "a" * (2 * cap))
    lz = bpjs_codec.decrypt(CONS_ID + SECRET + str(TS), ciphertext)
    out = [f"bomb: {len(ciphertext)} characters of ciphertext expanding to {2 * cap} units, cap {cap} units "
           f"({2 * cap // (1024 * 1024)} MiB as UTF-16)"]
    with tempfile.TemporaryDirectory() as tmp:
        for mode, data in (("lz_decompress", lz), ("process_wrapper", ciphertext)):
            path = os.path.join(tmp, mode)
            with open(path, "w") as file:
                file.write(data)
            done = subprocess.run([sys.executable, "-c", BOMB, mode, path, str(cap)], capture_output=True,
                                  text=True, timeout=300)
            kind, growth = json.loads(done.stdout)
            out.append(f"  {mode}: {kind}, peak RSS growth {growth / (1024 * 1024):.1f} MiB "
                       f"({growth / (2 * cap):.2f}x the capped output as UTF-16; bound 2x)")
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--iterations", type=int, default=100_000)
    parser.add_argument("--every", type=int, default=10_000)
    parser.add_argument("--max-growth-mb", type=float, default=8.0)
    args = parser.parse_args()

    body = realistic_reply()
    ciphertext = json.loads(body)["response"]
    secrets = {"secret_values": [SECRET]}
    samples = []
    started = time.perf_counter()
    for i in range(1, args.iterations + 1):
        envelope = bpjs_codec.process_wrapper(CONS_ID, SECRET, TS, body)
        if envelope["response"]["count"] != 100:
            print(f"wrong answer at iteration {i}", file=sys.stderr)
            return 1
        if i % 10 == 0:  # the other paths too: text, errors, the audit row
            bpjs_codec.decrypt_and_decompress(CONS_ID, SECRET, TS, ciphertext)
            try:
                bpjs_codec.process_wrapper(CONS_ID, SECRET, TS + 1, body)
            except bpjs_codec.DecodeError:
                pass
            bpjs_codec.audit_record({"service": "pcare", "method": "GET", "endpoint": "diagnosa", "http_status": 200,
                                     "decoded": envelope, "correlation_id": str(i)}, secrets)
        if i % args.every == 0:
            samples.append((i, rss_mb()))
    elapsed = time.perf_counter() - started

    first, last = samples[0][1], samples[-1][1]
    peak = max(mb for _, mb in samples)
    growth = last - first
    lines = [
        "python soak: process_wrapper of a realistic PCare reply "
        f"({len(body)} bytes of envelope), plus every 10th call decrypt_and_decompress, a padding error "
        "and audit_record",
        f"iterations: {args.iterations} in {elapsed:.1f} s ({args.iterations / elapsed:,.0f} decodes/s)",
        "rss_mb by iteration: " + ", ".join(f"{i}:{mb:.1f}" for i, mb in samples),
        f"first (after {samples[0][0]} warm-up): {first:.1f} MB; last: {last:.1f} MB; max: {peak:.1f} MB; "
        f"growth first->last: {growth:+.1f} MB (limit {args.max_growth_mb} MB)",
        f"verdict: {'flat' if growth <= args.max_growth_mb else 'GROWING'}",
    ]
    lines += bomb_figures()
    text = "\n".join(lines) + "\n"
    with open(args.out, "w") as out:
        out.write(text)
    print(text, end="")
    return 0 if growth <= args.max_growth_mb else 1


if __name__ == "__main__":
    sys.exit(main())
