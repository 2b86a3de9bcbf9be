"""Shared fixtures: the conformance vectors and a simulator started on port 0.

Everything a test needs is started here; nothing reaches the internet.
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import threading

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]

# bpjs-sim's default credentials (made up, for tests only; see sim/README.md).
SIM = {
    "cons_id": "31337",
    "secret": "simSecret2026",
    "user_key": "simUserKey0123456789",
    "username": "pcare.sim",
    "password": "SimPass!2026",
    "app_code": "095",
}


def vectors_path() -> pathlib.Path:
    return pathlib.Path(os.environ.get("BPJS_VECTORS") or ROOT / "tests" / "vectors" / "vectors.json")


def load_vectors() -> dict:
    path = vectors_path()
    if not path.is_file():
        raise RuntimeError(f"conformance vectors missing: {path} (set BPJS_VECTORS)")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def vectors() -> dict:
    return load_vectors()


def stop(process: subprocess.Popen) -> None:
    """Terminate a server started by a test; kill it if it does not exit."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def sim_url():
    """Base URL of a bpjs-sim started for this test session, stopped at the end."""
    binary = os.environ.get("BPJS_SIM_BIN") or str(ROOT / "target" / "release" / "bpjs-sim")
    if not os.access(binary, os.X_OK):
        raise RuntimeError(f"bpjs-sim missing at {binary} (make build-sim, or set BPJS_SIM_BIN)")
    process = subprocess.Popen(
        [binary, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline().strip()
        if not line.startswith("http://"):
            raise RuntimeError(f"bpjs-sim did not print its URL (got {line!r})")
        # Keep draining stdout so the simulator can never block on a full pipe.
        threading.Thread(target=process.stdout.read, daemon=True).start()
        yield line
    finally:
        stop(process)
