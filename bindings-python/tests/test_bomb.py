"""Decompression bombs: a small input that expands without bound stops with
``output_limit`` at the cap, and memory stays bounded by the cap while it
does (measured in a fresh process: peak RSS against a baseline)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import bpjs_codec
from conftest import load_vectors

CONS_ID, SECRET, TS = "1000", "S3cr3t", 1732406400
CAP = 2 * 1024 * 1024  # UTF-16 code units
EXPANDS_TO = 2 * CAP  # what the bomb would decode to without the cap

# Peak RSS of this process image: VmHWM. Not getrusage's ru_maxrss, which
# Linux carries over from the parent across fork and exec: under pytest the
# child would start with the test runner's peak and could never show growth.
MEASURE = r"""
import json, sys
import bpjs_codec

def peak_kib():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))

mode, path, cap = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = open(path, encoding="ascii").read()
calls = {
    "lz_decompress": lambda: bpjs_codec.lz_decompress(data, max_output=cap),
    "decrypt_and_decompress": lambda: bpjs_codec.decrypt_and_decompress(
        "%s", "%s", %d, data, max_output=cap),
    "process_wrapper": lambda: bpjs_codec.process_wrapper(
        "%s", "%s", %d, '{"metaData":{"code":"200","message":"OK"},"response":"' + data + '"}', max_output=cap),
}
baseline = peak_kib()
try:
    calls[mode]()
    kind = None
except bpjs_codec.DecodeError as error:
    kind = error.kind
peak = peak_kib()
print(json.dumps({"kind": kind, "growth_bytes": (peak - baseline) * 1024}))
""" % (CONS_ID, SECRET, TS, CONS_ID, SECRET, TS)  # noqa: UP031 (a script template: its braces would need doubling)


def test_the_vector_bombs_stop_at_the_cap():
    vectors = load_vectors()
    bombs = [c for c in vectors["lz"] + vectors["decode"] if c["name"] == "output_limit_bomb"]
    assert len(bombs) == 2
    for case in bombs:
        with pytest.raises(bpjs_codec.DecodeError) as info:
            if "input" in case:
                bpjs_codec.lz_decompress(case["input"], max_output=case["max_output"])
            else:
                bpjs_codec.decrypt_and_decompress(case["cons_id"], case["secret"], case["timestamp"],
                                                  case["ciphertext"], max_output=case["max_output"])
        assert info.value.kind == "output_limit"


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    """A few kB of ciphertext (and its lz-string text) that would expand to 4 Mi units."""
    directory = tmp_path_factory.mktemp("bomb")
    ciphertext = bpjs_codec.compress_and_encrypt(CONS_ID, SECRET, TS, "a" * EXPANDS_TO)
    lz = bpjs_codec.decrypt(CONS_ID + SECRET + str(TS), ciphertext)
    assert len(ciphertext) < 16_000 and len(lz) < 8_000
    (directory / "bomb.ct").write_text(ciphertext, encoding="ascii")
    (directory / "bomb.lz").write_text(lz, encoding="ascii")
    return directory


@pytest.mark.parametrize("mode", ["lz_decompress", "decrypt_and_decompress", "process_wrapper"])
def test_memory_stays_within_twice_the_cap(bomb, mode):
    path = bomb / ("bomb.lz" if mode == "lz_decompress" else "bomb.ct")
    done = subprocess.run([sys.executable, "-c", MEASURE, mode, str(path), str(CAP)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    measured = json.loads(done.stdout)
    assert measured["kind"] == "output_limit"
    # The capped output held as UTF-16 is 2 bytes per unit; twice that is the bound.
    assert measured["growth_bytes"] <= 2 * (2 * CAP), measured
    # and the measurement sees the output being built (it is not a vacuous 0)
    assert measured["growth_bytes"] >= CAP, measured
