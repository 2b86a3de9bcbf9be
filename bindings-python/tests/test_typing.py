"""The .pyi stubs match the compiled extension, and the package type-checks."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "python" / "bpjs_codec"

pytest.importorskip("mypy", reason="mypy is in requirements-dev.txt")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, timeout=300)


def test_stubs_match_the_extension():
    result = run("mypy.stubtest", "bpjs_codec", "--mypy-config-file", "/dev/null")
    assert result.returncode == 0, result.stdout + result.stderr


def test_package_type_checks():
    result = run("mypy", "--no-incremental", "--ignore-missing-imports", str(PACKAGE / "__init__.py"),
                 str(PACKAGE / "_errors.py"), str(PACKAGE / "flask_app"))
    assert result.returncode == 0, result.stdout + result.stderr
