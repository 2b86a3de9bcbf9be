"""Thread safety and GIL release: threads of one worker decode in parallel."""

from __future__ import annotations

import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import bpjs_codec
from conftest import load_vectors


@pytest.fixture(scope="module")
def large():
    case = max(load_vectors()["decode"], key=lambda c: len(c.get("text", "")))
    assert len(case["text"]) > 900_000, "expected the ~1 MB vector"
    return case


def decode(case):
    return bpjs_codec.decrypt_and_decompress(case["cons_id"], case["secret"], case["timestamp"], case["ciphertext"])


def test_two_threads_decode_the_large_vector_concurrently(large):
    """Two threads started together decode the ~1 MB vector again and again;
    every result is exact. (That they really run in parallel is shown by
    test_gil_is_released_during_decoding.)"""
    results = [[], []]
    barrier = threading.Barrier(2)

    def worker(me):
        barrier.wait()
        for _ in range(15):
            results[me].append(decode(large))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results[0]) == len(results[1]) == 15
    assert all(text == large["text"] for texts in results for text in texts)


def test_gil_is_released_during_decoding(large):
    """A pure-Python thread keeps running while the main thread decodes.

    With the switch interval raised, Python never preempts the main thread,
    and the spinner hands the GIL back after every step (sleep(0)): the
    counter can only move during a decode if the extension released the GIL."""
    stop = threading.Event()
    counter = [0]

    def spin():
        while not stop.is_set():
            counter[0] += 1
            time.sleep(0)

    previous = sys.getswitchinterval()
    sys.setswitchinterval(30.0)
    spinner = threading.Thread(target=spin)
    try:
        spinner.start()
        moved = 0
        for _ in range(200):  # usually the first call; more only on a very busy machine
            before = counter[0]
            text = decode(large)
            moved += counter[0] - before
            assert text == large["text"]
            if moved:
                break
    finally:
        stop.set()
        sys.setswitchinterval(previous)
        spinner.join()
    assert moved > 0


def test_many_threads_mixed_work(large):
    """8 threads, every decoding function, small and large inputs, all correct."""
    vectors = load_vectors()
    small = [c for c in vectors["decode"] if c["envelope"] == "decoded"][:10]
    jobs = (small + [large]) * 4

    def job(case):
        args = (case["cons_id"], case["secret"], case["timestamp"])
        body = json.dumps({"metaData": {"code": "200", "message": "OK"}, "response": case["ciphertext"]})
        assert decode(case) == case["text"]
        assert bpjs_codec.process_wrapper(*args, body)["response"] == json.loads(case["text"])
        assert bpjs_codec.lz_decompress(bpjs_codec.decrypt("".join(args), case["ciphertext"])) == case["text"]
        return True

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(job, jobs))
